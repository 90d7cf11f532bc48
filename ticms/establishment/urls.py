from django.urls import path

from .views import drafting, guides, notices, review

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
    # Drafting (第十三条第2项): one short page per section, autosave, eligibility, versions
    path("applications/<int:pk>/edit/basics/", drafting.draft_basics, name="draft_basics"),
    path(
        "applications/<int:pk>/edit/plan/<slug:section>/",
        drafting.draft_plan,
        name="draft_plan",
    ),
    path("applications/<int:pk>/edit/targets/", drafting.draft_targets, name="draft_targets"),
    path(
        "applications/<int:pk>/edit/conditions/<slug:section>/",
        drafting.draft_profile,
        name="draft_profile",
    ),
    path("applications/<int:pk>/edit/leaders/", drafting.draft_leaders, name="draft_leaders"),
    path(
        "applications/<int:pk>/edit/co-builders/",
        drafting.draft_co_builders,
        name="draft_co_builders",
    ),
    path("applications/<int:pk>/edit/team/", drafting.draft_team, name="draft_team"),
    path(
        "applications/<int:pk>/edit/excluded-units/",
        drafting.draft_excluded_units,
        name="draft_excluded_units",
    ),
    path(
        "applications/<int:pk>/edit/attachments/",
        drafting.draft_attachments,
        name="draft_attachments",
    ),
    path(
        "applications/<int:pk>/edit/responses/",
        drafting.draft_responses,
        name="draft_responses",
    ),
    path(
        "applications/<int:pk>/edit/<slug:kind>/<int:row_pk>/remove/",
        drafting.draft_row_remove,
        name="draft_row_remove",
    ),
    path(
        "applications/<int:pk>/autosave/<slug:part>/",
        drafting.draft_autosave,
        name="draft_autosave",
    ),
    path(
        "applications/<int:pk>/eligibility/",
        drafting.draft_eligibility,
        name="draft_eligibility",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        drafting.attachment_download,
        name="attachment_download",
    ),
    path("applications/<int:pk>/versions/", drafting.draft_versions, name="draft_versions"),
    path(
        "applications/<int:pk>/versions/compare/",
        drafting.draft_version_compare,
        name="draft_version_compare",
    ),
    # End of Drafting
    # Public notice: objections, their handling, the contract (第十三条第4项)
    path("notices/<int:pk>/objections/", notices.notice_objections, name="notice_objections"),
    path(
        "objections/<int:pk>/actions/<str:action>/",
        notices.objection_action,
        name="objection_action",
    ),
    path("objections/<int:pk>/stamp/", notices.objection_stamp, name="objection_stamp"),
    path("applications/<int:pk>/contract/", notices.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/", notices.contract_page, name="contract"),
]
