"""campaigns pages (第二十四、二十五条)."""

from django.urls import path

from .campaigns import views, views_results

C = "campaigns/<int:pk>/"
E = f"{C}centers/<int:entry_pk>/"

urlpatterns: list = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path(C, views.campaign_detail, name="campaign_detail"),
    path(f"{C}actions/<str:action>/", views.campaign_action, name="campaign_action"),
    path(f"{C}compute/", views.campaign_compute, name="campaign_compute"),
    path(f"{C}ranking/", views_results.campaign_ranking, name="campaign_ranking"),
    path(f"{C}ranking.xlsx", views_results.campaign_ranking_excel, name="campaign_ranking_excel"),
    path(f"{C}preview/", views_results.campaign_preview, name="campaign_preview"),
    path("indicator-systems/", views_results.indicator_system_list, name="indicator_systems"),
    path(
        "indicator-systems/<int:pk>/",
        views_results.indicator_system_detail,
        name="indicator_system",
    ),
    path(E, views.campaign_center, name="campaign_center"),
    path(f"{E}actions/<str:action>/", views.campaign_center_action, name="campaign_center_action"),
    path(f"{E}score/<int:indicator_pk>/", views.campaign_score, name="campaign_score"),
    path(f"{E}evidence/", views.campaign_evidence, name="campaign_evidence"),
    path(
        f"{E}evidence/<int:file_id>/",
        views.campaign_evidence_download,
        name="campaign_evidence_download",
    ),
]
