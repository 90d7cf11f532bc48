"""dynamic pages (第二十五条)."""

from django.urls import path

from .dynamic import views

urlpatterns: list = [
    path("dynamic/", views.decision_list, name="dynamic_list"),
    path("dynamic/<int:pk>/", views.decision_detail, name="dynamic_decision"),
    path("dynamic/<int:pk>/<slug:action>/", views.decision_action, name="dynamic_action"),
    path("dynamic/centers/<int:center_id>/", views.center_history, name="dynamic_center"),
    path("dynamic/centers/<int:center_id>/propose/", views.center_propose, name="dynamic_propose"),
]
