from django.urls import path

from . import views

app_name = "regulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("articles/<int:number>/", views.article, name="article"),
    path("rules/", views.rule_catalogue, name="rules"),
]
