from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.workbench, name="home"),
    path("inbox/<int:item_id>/read/", views.inbox_read, name="inbox_read"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
]
