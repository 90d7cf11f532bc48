"""Database-backed checks: duplicate layout (第四条) and repeat support (第十二条第4项)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ticms.accounts import idnumbers
from ticms.accounts.models import Person
from ticms.catalog.models import ExistingPlatform, IndustryField
from ticms.centers.models import LAYOUT_STATUSES, SUPPORTED_STATUSES, Center, TeamMember
from ticms.common.money import at_least_ratio, fmt_ratio

from .rules.checks import actual_percent
from .rules.messages import Msg


def people_of(id_numbers) -> list[int]:
    """The people with these ID numbers, looked up first by the unique index on the digest:
    joined in one query, SQLite walked every team member of the province (issue 10)."""
    digests = {idnumbers.digest_of(n) for n in id_numbers}
    return list(Person.objects.filter(id_hash__in=digests).values_list("pk", flat=True))


def _without_family(qs, center_id: int | None):
    """Leave out the center being checked and its headquarters-and-branches family (第五条):
    a branch is part of the same center, not a second layout or a second support."""
    if not center_id:
        return qs
    hq_id = Center.objects.filter(pk=center_id).values_list("headquarters_id", flat=True).first()
    root = hq_id or center_id
    return qs.exclude(Q(pk=root) | Q(headquarters_id=root))


def existing_layout(sub_field: IndustryField, *, exclude_center_id: int | None = None) -> list[Msg]:
    found = [
        Msg(_("%(kind)s「%(name)s」"), {"kind": p.get_kind_display(), "name": p.name})
        for p in ExistingPlatform.objects.filter(sub_field=sub_field, is_active=True)
    ]
    centers = _without_family(
        Center.objects.filter(sub_field=sub_field, status__in=LAYOUT_STATUSES), exclude_center_id
    ).order_by("code")
    # The first few by name and the rest as a count: at province scale a sub-field holds about
    # a hundred centers, and naming them all made the finding grow with the registry (issue 10).
    shown = list(centers[: NAMED_AT_MOST + 1])
    found += [
        Msg(
            _("省级技术创新中心「%(name)s」（%(status)s）"),
            {"name": c.name, "status": c.get_status_display()},
        )
        for c in shown[:NAMED_AT_MOST]
    ]
    if len(shown) > NAMED_AT_MOST:
        found.append(
            Msg(
                _("另有 %(n)d 家省级技术创新中心"),
                {"n": centers.count() - NAMED_AT_MOST},
            )
        )
    return found


# Centers named one by one in a duplicate-layout finding (第四条); the rest are counted.
NAMED_AT_MOST = 10

LEADER_LABELS = {"director": _("主任"), "executive_director": _("执行主任")}


def repeat_support_problems(
    *,
    leaders: dict[str, str | None],
    team: list[str],
    same_team_ratio: Fraction,
    exclude_center_id: int | None = None,
    disclose: bool = True,
    team_people: list[int] | None = None,
) -> list[Msg]:
    """`disclose`: name the centers; without it (an applicant's own view) the outcome and the
    numbers only, since who leads or works where is personal data."""

    def center_name(name):
        return name if disclose else Msg(_("一家已支持建设的技术创新中心"), {})

    supported = _without_family(
        Center.objects.filter(status__in=SUPPORTED_STATUSES), exclude_center_id
    )
    problems: list[Msg] = []

    hashes = {role: idnumbers.digest_of(n) for role, n in leaders.items() if n}
    if hashes:
        people = {p.id_hash: p for p in Person.objects.filter(id_hash__in=hashes.values())}
        # Each column on its own index: an OR of the two read every supported center.
        ids = [p.pk for p in people.values()]
        led_ids = set(supported.filter(director_id__in=ids).values_list("pk", flat=True))
        led_ids |= set(supported.filter(executive_director_id__in=ids).values_list("pk", flat=True))
        led = Center.objects.filter(pk__in=led_ids).select_related("director", "executive_director")
        for role, digest in hashes.items():
            person = people.get(digest)
            if person is None:
                continue
            for center in led:
                for held, holder in (
                    ("director", center.director),
                    ("executive_director", center.executive_director),
                ):
                    if holder is not None and holder.pk == person.pk:
                        problems.append(
                            Msg(
                                _("拟任%(role)s（%(masked)s）已是「%(center)s」的%(held)s"),
                                {
                                    "role": LEADER_LABELS[role],
                                    "masked": idnumbers.masked_of(leaders[role]),
                                    "center": center_name(center.name),
                                    "held": LEADER_LABELS[held],
                                },
                            )
                        )

    if team:
        # By person first (a few rows), then only those centers: with both filters in one
        # query SQLite probed every supported center for every member (issue 10).
        rows = list(
            TeamMember.objects.filter(
                person_id__in=people_of(team) if team_people is None else team_people
            )
            .order_by()
            .values_list("center_id", flat=True)
        )
        allowed = set(supported.filter(pk__in=set(rows)).values_list("pk", flat=True))
        overlaps = Counter(center_id for center_id in rows if center_id in allowed)
        if overlaps:
            names = dict(supported.filter(pk__in=overlaps).values_list("pk", "name"))
            for center_id, shared in overlaps.most_common():
                if at_least_ratio(shared, len(team), same_team_ratio):
                    problems.append(
                        Msg(
                            _(
                                "团队 %(n)d 人中有 %(shared)d 人（%(pct)s）已是「%(center)s」的"
                                "团队成员，达到同一团队的判定比例 %(ratio)s"
                            ),
                            {
                                "n": len(team),
                                "shared": shared,
                                "pct": actual_percent(shared, len(team), same_team_ratio),
                                "center": center_name(names[center_id]),
                                "ratio": fmt_ratio(same_team_ratio),
                            },
                        )
                    )
    return problems


def _pipeline(exclude_application_id: int | None):
    from ticms.establishment.models import PIPELINE_STATUSES, Application

    qs = Application.objects.filter(status__in=PIPELINE_STATUSES)
    if exclude_application_id:
        qs = qs.exclude(pk=exclude_application_id)
    return qs


def _application_name(application, disclose: bool) -> Msg:
    # Another applicant's application is confidential: only the province sees its name.
    if disclose:
        return Msg(
            _("正在申报的「%(name)s」（%(city)s，%(status)s）"),
            {
                "name": application.center_name,
                "city": application.city,
                "status": application.get_status_display(),
            },
        )
    return Msg(_("另一份正在申报的申请书"), {})


def pipeline_layout(
    sub_field: IndustryField, *, exclude_application_id: int | None = None, disclose: bool = True
) -> list[Msg]:
    """Other applications in the same sub-field (第四条): 少而精 means choosing between them."""
    qs = _pipeline(exclude_application_id).filter(sub_field=sub_field).select_related("city")
    return [_application_name(a, disclose) for a in qs.order_by("code")]


def repeat_in_applications(
    *,
    leaders: dict[str, object],
    team: list,
    same_team_ratio: Fraction,
    exclude_application_id: int | None = None,
    disclose: bool = True,
    team_people: list[int] | None = None,
) -> list[Msg]:
    """The same leader or the same team in another application now in the pipeline."""
    from ticms.establishment.models import ApplicationTeamMember

    pipeline = _pipeline(exclude_application_id).select_related("city")
    problems: list[Msg] = []
    hashes = {role: idnumbers.digest_of(n) for role, n in leaders.items() if n}
    if hashes:
        led = pipeline.filter(
            Q(director__id_hash__in=hashes.values())
            | Q(executive_director__id_hash__in=hashes.values())
        ).select_related("director", "executive_director")
        for role, digest in hashes.items():
            for application in led:
                for held, holder in (
                    ("director", application.director),
                    ("executive_director", application.executive_director),
                ):
                    if holder is not None and holder.id_hash == digest:
                        problems.append(
                            Msg(
                                _("拟任%(role)s（%(masked)s）也是%(other)s的拟任%(held)s"),
                                {
                                    "role": LEADER_LABELS[role],
                                    "masked": idnumbers.masked_of(leaders[role]),
                                    "other": _application_name(application, disclose),
                                    "held": LEADER_LABELS[held],
                                },
                            )
                        )
    if team:
        overlaps = Counter(
            ApplicationTeamMember.objects.filter(
                application__in=pipeline,
                person_id__in=people_of(team) if team_people is None else team_people,
            )
            .order_by()
            .values_list("application_id", flat=True)
        )
        others = {a.pk: a for a in pipeline.filter(pk__in=overlaps)}
        for application_id, shared in overlaps.most_common():
            if at_least_ratio(shared, len(team), same_team_ratio):
                problems.append(
                    Msg(
                        _(
                            "团队 %(n)d 人中有 %(shared)d 人（%(pct)s）也在%(other)s的团队中，"
                            "达到同一团队的判定比例 %(ratio)s"
                        ),
                        {
                            "n": len(team),
                            "shared": shared,
                            "pct": actual_percent(shared, len(team), same_team_ratio),
                            "other": _application_name(others[application_id], disclose),
                            "ratio": fmt_ratio(same_team_ratio),
                        },
                    )
                )
    return problems
