from django.urls import path

from .views import guides, notices, review
from .views.drafting import (
    attachments,
    autosave,
    eligibility,
    rows,
    section_forms,
    start,
    submit,
    versions,
)

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
    path("guides/<int:guide_pk>/apply/", start.application_create, name="application_create"),
    path("applications/<int:pk>/", review.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/actions/<str:action>/",
        review.application_action,
        name="application_action",
    ),
    path(
        "applications/<int:pk>/review/",
        submit.application_review_page,
        name="application_review_page",
    ),
    path("applications/<int:pk>/formal-review/", review.formal_review, name="formal_review"),
    # Drafting (第十三条第2项): one short page per section, autosave, eligibility, versions
    path("applications/<int:pk>/edit/basics/", section_forms.draft_basics, name="draft_basics"),
    path(
        "applications/<int:pk>/edit/plan/<slug:section>/",
        section_forms.draft_plan,
        name="draft_plan",
    ),
    path("applications/<int:pk>/edit/targets/", rows.draft_targets, name="draft_targets"),
    path(
        "applications/<int:pk>/edit/conditions/<slug:section>/",
        section_forms.draft_profile,
        name="draft_profile",
    ),
    path("applications/<int:pk>/edit/leaders/", section_forms.draft_leaders, name="draft_leaders"),
    path(
        "applications/<int:pk>/edit/co-builders/",
        rows.draft_co_builders,
        name="draft_co_builders",
    ),
    path("applications/<int:pk>/edit/team/", rows.draft_team, name="draft_team"),
    path(
        "applications/<int:pk>/edit/excluded-units/",
        rows.draft_excluded_units,
        name="draft_excluded_units",
    ),
    path(
        "applications/<int:pk>/edit/attachments/",
        attachments.draft_attachments,
        name="draft_attachments",
    ),
    path(
        "applications/<int:pk>/edit/responses/",
        section_forms.draft_responses,
        name="draft_responses",
    ),
    path(
        "applications/<int:pk>/edit/<slug:kind>/<int:row_pk>/remove/",
        rows.draft_row_remove,
        name="draft_row_remove",
    ),
    path(
        "applications/<int:pk>/autosave/<slug:part>/",
        autosave.draft_autosave,
        name="draft_autosave",
    ),
    path(
        "applications/<int:pk>/eligibility/",
        eligibility.draft_eligibility,
        name="draft_eligibility",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("applications/<int:pk>/versions/", versions.draft_versions, name="draft_versions"),
    path(
        "applications/<int:pk>/versions/compare/",
        versions.draft_version_compare,
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
