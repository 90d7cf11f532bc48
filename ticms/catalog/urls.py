from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("fields/", views.field_list, name="fields"),
    path("platforms/", views.platform_list, name="platforms"),
]
