from django.urls import path

from . import ui

app_name = "common"
urlpatterns = [
    path("audit/", ui.audit_log, name="audit"),
    path("audit/verify/", ui.audit_verify, name="audit_verify"),
    path("jobs/<int:pk>/", ui.job_page, name="job"),
    path("calendar/", ui.calendar_page, name="calendar"),
    path("calendar/<int:pk>/delete/", ui.calendar_delete, name="calendar_delete"),
]
