from django.urls import path

from . import views, views_excel, views_overdue

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("overdue/", views_overdue.overdue_list, name="overdue"),
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
    path("<int:pk>/excel/", views_excel.excel_download, name="excel_download"),
    path("<int:pk>/excel/upload/", views_excel.excel_upload, name="excel_upload"),
]
