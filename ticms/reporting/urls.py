from django.urls import path

from . import views, views_excel, views_matters

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/tables/<slug:table>/", views.edit_table, name="edit_table"),
    path("<int:pk>/edit/narrative/", views.edit_narrative, name="edit_narrative"),
    path("<int:pk>/edit/targets/", views.edit_targets, name="edit_targets"),
    path("<int:pk>/edit/attachments/", views.attachments, name="attachments"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/actions/<str:action>/", views.report_action, name="action"),
    # Major matters (第二十三条): reports, change requests, the center record's versions.
    path("matters/", views_matters.matter_list, name="matter_list"),
    path("matters/new/", views_matters.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views_matters.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", views_matters.matter_edit, name="matter_edit"),
    path(
        "matters/<int:pk>/actions/<str:action>/",
        views_matters.matter_action,
        name="matter_action",
    ),
    path("changes/", views_matters.change_list, name="change_list"),
    path("changes/new/", views_matters.change_create, name="change_create"),
    path("changes/<int:pk>/", views_matters.change_detail, name="change_detail"),
    path("changes/<int:pk>/edit/", views_matters.change_edit, name="change_edit"),
    path(
        "changes/<int:pk>/actions/<str:action>/",
        views_matters.change_action,
        name="change_action",
    ),
    path(
        "changes/history/<int:center_pk>/",
        views_matters.center_history,
        name="center_history",
    ),
    path("<int:pk>/excel/", views_excel.excel_download, name="excel_download"),
    path("<int:pk>/excel/upload/", views_excel.excel_upload, name="excel_upload"),
]
