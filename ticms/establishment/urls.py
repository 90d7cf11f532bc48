from django.urls import path

from .views import drafting, guides, review

app_name = "establishment"

urlpatterns = [
    # Guides
    path("guides/", guides.guide_list, name="guide_list"),
    path("guides/new/", guides.guide_create, name="guide_create"),
    path("guides/<int:pk>/", guides.guide_detail, name="guide_detail"),
    path("guides/<int:pk>/edit/", guides.guide_edit, name="guide_edit"),
    path("guides/<int:pk>/actions/<str:action>/", guides.guide_action, name="guide_action"),
    # Applications
    path("applications/", review.application_list, name="application_list"),
    path("guides/<int:guide_pk>/apply/", drafting.application_create, name="application_create"),
    path("applications/<int:pk>/", review.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/actions/<str:action>/",
        review.application_action,
        name="application_action",
    ),
    path(
        "applications/<int:pk>/review/",
        drafting.application_review_page,
        name="application_review_page",
    ),
    path("applications/<int:pk>/formal-review/", review.formal_review, name="formal_review"),
]
