from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    # The province: panels and the expert pool
    path("", views.panel_list, name="panels"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("experts/<int:pk>/employments/new/", views.employment_add, name="employment_add"),
    path(
        "experts/<int:pk>/employments/<int:employment_id>/delete/",
        views.employment_remove,
        name="employment_remove",
    ),
    path("applications/<int:pk>/panel/", views.application_panel, name="application_panel"),
    path("<slug:kind>/<int:pk>/panel/", views.subject_panel, name="subject_panel"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/edit/", views.panel_update, name="panel_update"),
    path("panels/<int:pk>/experts/", views.panel_expert_add, name="panel_expert_add"),
    path("panels/<int:pk>/leader/", views.panel_leader, name="panel_leader"),
    path("panels/<int:pk>/opinion/", views.panel_opinion, name="panel_opinion"),
    path("panels/<int:pk>/actions/<slug:action>/", views.panel_action, name="panel_action"),
    # The experts: their own assignments
    path("assignments/", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/sheet/", views.assignment_sheet, name="assignment_sheet"),
    path(
        "assignments/<int:pk>/attachments/<int:attachment_pk>/",
        views.assignment_attachment,
        name="assignment_attachment",
    ),
    path(
        "assignments/<int:pk>/actions/<slug:action>/",
        views.assignment_action,
        name="assignment_action",
    ),
]
