from django.urls import path

from . import views

app_name = "matters"

# Under /reports/ as before the app was its own: links kept in notifications still work.
urlpatterns = [
    # Major matters (第二十三条): reports, change requests, the center record's versions.
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path(
        "matters/<int:pk>/actions/<str:action>/",
        views.matter_action,
        name="matter_action",
    ),
    path("changes/", views.change_list, name="change_list"),
    path("changes/new/", views.change_create, name="change_create"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/edit/", views.change_edit, name="change_edit"),
    path(
        "changes/<int:pk>/actions/<str:action>/",
        views.change_action,
        name="change_action",
    ),
    path(
        "changes/history/<int:center_pk>/",
        views.center_history,
        name="center_history",
    ),
]
