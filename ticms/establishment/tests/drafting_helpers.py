"""What the drafting tests share (their fixtures are in conftest.py): the addresses of every
drafting page, an application submitted with everything filled in, the task list's statuses."""

from __future__ import annotations

from django.urls import reverse

from ticms.establishment import services
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import PLAN, eligible_application

NANJING, SUZHOU = "320100", "320500"
PLAN_SLUGS = ("directions", "model", "goals", "tasks", "mechanism", "safeguards", "schedule")
LONG = PLAN + "本部分为测试用的建设方案文字。"


def url(name, application, *args):
    return reverse(f"establishment:{name}", args=[application.pk, *args])


def page_urls(application) -> list[str]:
    """Every GET page of the drafting side of one application."""
    urls = [url("draft_basics", application)]
    urls += [url("draft_plan", application, slug) for slug in PLAN_SLUGS]
    urls += [url("draft_profile", application, s) for s in ("center", "host_unit", "region")]
    urls += [
        url(name, application)
        for name in (
            "draft_targets",
            "draft_leaders",
            "draft_co_builders",
            "draft_team",
            "draft_excluded_units",
            "draft_attachments",
            "application_review_page",
            "draft_eligibility",
            "draft_versions",
            "draft_version_compare",
        )
    ]
    return urls


def post_urls(application) -> list[str]:
    urls = [u for u in page_urls(application) if "/edit/" in u]
    urls += [
        url("draft_autosave", application, "plan"),
        url("draft_autosave", application, "center"),
        url("draft_row_remove", application, "targets", 1),
        url("application_review_page", application),
    ]
    return urls


def html(response) -> str:
    return response.content.decode()


def submitted(guide, *, city=NANJING, team_size=100):
    host = f.OrganisationFactory(kind="new_rd_institution", city=f.city(city))
    applicant = f.center_user(host)
    application = eligible_application(guide, host=host, applicant=applicant, team_size=team_size)
    services.application_transition(actor=applicant, application_id=application.pk, action="submit")
    application.refresh_from_db()
    return application, applicant


def _statuses(application, user) -> dict[str, str]:
    groups = tasklist_context(application, user)["drafting"]["groups"]
    return {s["key"]: str(s["status_label"]) for g in groups for s in g["sections"]}
