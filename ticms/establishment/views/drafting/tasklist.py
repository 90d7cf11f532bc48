"""The task list of an application: every section with its status (未开始 / 进行中 / 已完成)
taken from what is stored, the gaps as links to their fields, and the whole under one key for
the application detail page. Reads only; every query count here is independent of the number
of rows."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...completeness import submission_problems
from ...models import (
    Application,
    ApplicationAttachment,
    ApplicationCoBuilder,
    ApplicationStatus,
    ApplicationTarget,
    ApplicationTeamMember,
    ExcludedUnit,
    OpinionResponse,
)
from ...permissions import can_edit_application
from ...workflow import APPLICATION_WORKFLOW
from .eligibility import eligibility_context
from .sections import (
    GROUPS,
    PROFILE_PAGES,
    SECTION_BY_KEY,
    field_anchor,
    section_of,
    section_url,
)
from .summary import summary_context

# The submissions the check page collects (their transitions name it as their `page`).
PAGE_ACTIONS = ("submit", "resubmit", "submit_revision")
NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("未开始"),
    IN_PROGRESS: gettext_lazy("进行中"),
    COMPLETED: gettext_lazy("已完成"),
}


def _row_count(model) -> Subquery:
    rows = (
        model.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def row_counts(application: Application) -> dict[str, int]:
    """How many rows each list section holds, in one query."""
    return (
        Application.objects.filter(pk=application.pk)
        .annotate(
            n_targets=_row_count(ApplicationTarget),
            n_co_builders=_row_count(ApplicationCoBuilder),
            n_team=_row_count(ApplicationTeamMember),
            n_excluded_units=_row_count(ExcludedUnit),
            n_attachments=_row_count(ApplicationAttachment),
            n_responses=_row_count(OpinionResponse),
        )
        .values(
            "n_targets",
            "n_co_builders",
            "n_team",
            "n_excluded_units",
            "n_attachments",
            "n_responses",
        )
        .get()
    )


def revision_opinions(application: Application) -> list[dict]:
    """The argumentation opinions to answer, while the application is being revised."""
    if application.status != ApplicationStatus.REVISING:
        return []
    from ticms.reviews.selectors.argumentation import argumentation_opinions

    return list(argumentation_opinions(application))


def all_problems(
    application: Application, opinions: list[dict] | None = None, counts: dict | None = None
) -> dict:
    """`submission_problems` plus, while revising, every opinion not yet answered."""
    problems = submission_problems(application, counts)
    if application.status == ApplicationStatus.REVISING:
        answered = {
            r.opinion_key for r in application.opinion_responses.all() if r.response.strip()
        }
        for index, opinion in enumerate(opinions or []):
            if opinion["key"] not in answered:
                problems.setdefault(f"responses.{index}", []).append(
                    _("请答复%(author)s的论证意见") % {"author": opinion["author"]}
                )
    return problems


def _has_data(key: str, application: Application, counts: dict) -> bool:
    profile = application.profile_data or {}
    if key == "basics":
        return True
    if key.startswith("plan_"):
        return bool(getattr(application, key).strip())
    if key in PROFILE_PAGES:
        return bool(profile.get(key))
    if key == "leaders":
        return bool(
            application.director_id
            or application.executive_director_id
            or (profile.get("team") or {}).get("executive_director_full_time") is not None
        )
    return bool(counts.get(f"n_{key}"))


def problem_links(application: Application, problems: dict, *, editable: bool) -> list[dict]:
    """Every gap as a link: to its field on the section page, or (read-only) to the part of
    the summary."""
    links = []
    for path, messages in problems.items():
        key = section_of(path)
        url = (
            f"{section_url(application, key)}#{field_anchor(path)}"
            if editable
            else f"#summary-{key}"
        )
        links.extend({"message": message, "url": url, "section": key} for message in messages)
    return links


def sections_context(application: Application, user) -> dict:
    """The task list: every section with its status and link, grouped, and the counts."""
    counts = row_counts(application)
    opinions = revision_opinions(application)
    problems = all_problems(application, opinions, counts)
    problem_sections = {section_of(path) for path in problems}
    editable = can_edit_application(user, application)
    groups = []
    done = total = 0
    for title, keys in GROUPS:
        items = []
        for key in keys:
            if key == "responses" and application.status != ApplicationStatus.REVISING:
                continue
            section = SECTION_BY_KEY[key]
            has_data = _has_data(key, application, counts)
            if not has_data:
                status = NOT_STARTED
            elif key in problem_sections:
                status = IN_PROGRESS
            else:
                status = COMPLETED
            if not section.optional:
                total += 1
                done += status == COMPLETED
            items.append(
                {
                    "key": key,
                    "label": section.label,
                    "article": section.article,
                    "url": section_url(application, key),
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                    "optional": section.optional,
                }
            )
        if items:
            groups.append({"title": title, "sections": items})
    return {
        "groups": groups,
        "done": done,
        "total": total,
        "counts": counts,
        "problems": problems,
        "problem_links": problem_links(application, problems, editable=editable),
        "opinions": opinions,
        "editable": editable,
    }


def tasklist_context(application, user) -> dict:
    """What `establishment/includes/tasklist.html` needs, under one key (`drafting`): for the
    applicant in an editable state the task list with each section's status; for everybody
    else (and the applicant after submitting) the read-only summary; for both, the live
    eligibility check. The number of queries does not depend on the rows."""
    sections = sections_context(application, user)
    eligibility = eligibility_context(application, user)
    data = {
        **sections,
        "eligibility": eligibility,
        "review_url": reverse("establishment:application_review_page", args=[application.pk]),
        "versions_url": reverse("establishment:draft_versions", args=[application.pk]),
        "submit_actions": [
            t for t in APPLICATION_WORKFLOW.available(user, application) if t.action in PAGE_ACTIONS
        ],
    }
    if not sections["editable"]:
        data["summary"] = summary_context(application, report_rows=eligibility["rows"])
    return {"drafting": data}
