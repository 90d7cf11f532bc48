"""Acceptance pages (验收, 第七条第3项)."""

from django.urls import path

from . import acceptance_views as views

urlpatterns: list = [
    path("acceptances/", views.acceptance_list, name="acceptance_list"),
    path("acceptances/new/", views.acceptance_new, name="acceptance_new"),
    path("acceptances/<int:pk>/", views.acceptance_detail, name="acceptance_detail"),
    path(
        "acceptances/<int:pk>/actions/<slug:action>/",
        views.acceptance_action,
        name="acceptance_action",
    ),
]
