"""An application's eligibility profile, built from what its forms and rows hold, and checked
by the same rules as `check_eligibility` (第十二条、第四条) plus the other applications."""

from __future__ import annotations

from django.db.models import Count, Q

from ticms.accounts.idnumbers import KnownId
from ticms.accounts.models import QUALIFIED_DEGREES, QUALIFIED_TITLES, Role
from ticms.centers.models import TeamType
from ticms.common.exceptions import ValidationFailed
from ticms.regulation.eligibility import EligibilityReport, evaluate
from ticms.regulation.profile import Profile, parse_profile

from .completeness import as_of, rule_set_of
from .models import Application

PROFILE_SECTIONS = ("center", "host_unit", "region", "team")


def team_counts(application: Application) -> dict:
    """The figures 第十二条第4项 asks about, counted from the roster rows in one query."""
    rd = Q(team_members__is_rd_staff=True)
    qualified = Q(team_members__title_level__in=QUALIFIED_TITLES) | Q(
        team_members__degree__in=QUALIFIED_DEGREES
    )
    return Application.objects.filter(pk=application.pk).aggregate(
        members=Count("team_members"),
        full_time=Count("team_members", filter=Q(team_members__full_time=True)),
        rd_staff=Count("team_members", filter=rd),
        rd_qualified=Count("team_members", filter=rd & qualified),
        **{
            f"team_{t.value}": Count("team_members", filter=Q(team_members__team=t.value))
            for t in TeamType
        },
    )


def _known(person) -> KnownId | None:
    if person is None or not person.id_hash:
        return None
    return KnownId(person.id_hash, person.id_masked)


def profile_dict(application: Application) -> dict:
    """The JSON profile of docs/eligibility.md, except the layout section (built separately
    because the system holds ID numbers only as digests)."""
    stored = application.profile_data or {}
    data = {key: dict(stored.get(key) or {}) for key in PROFILE_SECTIONS}
    co_builders = [{"name": c.name, "kind": c.kind} for c in application.co_builders.all()]
    if co_builders:
        data["center"]["co_builders"] = co_builders
    counts = team_counts(application)
    if counts["members"]:
        data["team"].update(
            {
                "members": counts["members"],
                "full_time_members": counts["full_time"],
                "rd_staff": counts["rd_staff"],
                "rd_staff_qualified": counts["rd_qualified"],
                "has_core_rd_team": counts["team_core_rd"] > 0,
                "has_tech_support_team": counts["team_tech_support"] > 0,
                "has_transfer_team": counts["team_transfer"] > 0,
            }
        )
    return data


def application_profile(application: Application) -> Profile:
    try:
        profile = parse_profile(profile_dict(application))
    except ValidationFailed:
        # The forms validate every value they save, so this is stored data gone wrong; the
        # check then reports the affected conditions as missing rather than failing the page.
        profile = parse_profile({})
    layout = {}
    if application.sub_field_id:
        layout["sub_field"] = application.sub_field
    for key, person in (
        ("director_id_number", application.director),
        ("executive_director_id_number", application.executive_director),
    ):
        known = _known(person)
        if known is not None:
            layout[key] = known
    team = [
        KnownId(digest, masked)
        for digest, masked in application.team_members.exclude(person__id_hash=None).values_list(
            "person__id_hash", "person__id_masked"
        )
    ]
    if team:
        layout["team_id_numbers"] = team
    profile.sections["layout"] = layout
    return profile


def application_eligibility(application: Application, *, viewer=None) -> EligibilityReport:
    """Every rule, against the registry and the other applications in the pipeline. Names of
    other applications, and of the centers whose leaders or teams match, are shown only to the
    province; the applicant and its city see the outcome and the numbers."""
    disclose = viewer is None or viewer.role == Role.PROVINCE
    profile = application_profile(application)
    # Judged as of its submission (a draft: today), so that a formal review in January reads
    # the same "last three years" the applicant filled in December, under the same rule set.
    profile.as_of_given = as_of(application)
    report = evaluate(
        profile,
        exclude_center_id=application.center_id,
        personal_data_checks=True,
        exclude_application_id=application.pk,
        compare_applications=True,
        disclose=disclose,
        rule_set=rule_set_of(application),
    )
    report.show_paths = False
    return report
