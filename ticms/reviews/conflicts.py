"""Conflict-of-interest rules (回避, 第十三条第3项) as rule objects.

Each rule has a stable id, the article it cites and a check that returns the conflicts it finds,
each a message with the facts (which unit, which dates, which role on the team). They run when the
province adds an expert to a panel, and again when the expert declares no conflict.

Units are matched by unified social credit code (统一社会信用代码) when both sides have one, else by
exact name. "In the last 2 years" counts an employment that ended on or after today minus two
years (inclusive, DESIGN §3), and any employment that has not ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.citations import localize

from .models import ARTICLE, Expert

RECENT_YEARS = 2


@dataclass(frozen=True)
class Unit:
    name: str
    uscc: str = ""
    role: Any = ""  # 依托单位 / 共建单位 / 回避单位

    def matches(self, other: Unit) -> bool:
        if self.uscc and other.uscc:
            return self.uscc.strip().upper() == other.uscc.strip().upper()
        return bool(self.name.strip()) and self.name.strip() == other.name.strip()

    def describe(self) -> str:
        if self.uscc:
            return _("「%(name)s」（统一社会信用代码 %(uscc)s）") % {
                "name": self.name,
                "uscc": self.uscc,
            }
        return _("「%(name)s」") % {"name": self.name}


@dataclass
class SubjectFacts:
    """What the rules compare an expert with; built once per reviewed subject (one query each).
    `of(application)` builds it for an application; other kinds build theirs (subjects.py)."""

    units: list[Unit]  # host unit and co-builders
    excluded: list[Unit]
    team: dict[int, Any]  # person id -> the role on the application (拟任主任, 核心技术研发团队…)

    @classmethod
    def of(cls, application) -> SubjectFacts:
        host = application.host_unit
        units = [Unit(host.name, host.uscc, gettext_lazy("依托单位"))]
        units += [
            Unit(name, uscc, gettext_lazy("共建单位"))
            for name, uscc in application.co_builders.values_list("name", "uscc")
        ]
        excluded = [
            Unit(name, uscc, gettext_lazy("回避单位"))
            for name, uscc in application.excluded_units.values_list("name", "uscc")
        ]
        from ticms.centers.models import TeamType

        team_labels = dict(TeamType.choices)
        team: dict[int, Any] = {
            person_id: team_labels.get(team_type, team_type)
            for person_id, team_type in application.team_members.values_list("person_id", "team")
        }
        if application.executive_director_id:
            team[application.executive_director_id] = gettext_lazy("拟任执行主任")
        if application.director_id:
            team[application.director_id] = gettext_lazy("拟任主任")
        return cls(units=units, excluded=excluded, team=team)


# The name the application's facts had before other kinds were reviewed.
ApplicationFacts = SubjectFacts


def recent_cutoff(today: dt.date) -> dt.date:
    """Today minus two years; from 29 February back to 28 February (the longer period)."""
    try:
        return today.replace(year=today.year - RECENT_YEARS)
    except ValueError:
        return today.replace(year=today.year - RECENT_YEARS, day=28)


def _employer_unit(expert: Expert) -> Unit:
    return Unit(expert.employer.name, expert.employer.uscc)


def _employments(expert: Expert):
    # Prefetched by the selectors (`employments__organisation`); .all() uses the cache.
    return list(expert.employments.all())


def _employment_unit(row) -> Unit:
    return Unit(row.unit_name, row.unit_uscc or "")


def _period(row) -> str:
    start = row.started_on.isoformat() if row.started_on else _("不详")
    end = row.ended_on.isoformat() if row.ended_on else _("至今")
    return f"{start} — {end}"


# --- the checks: each returns the list of conflicts it finds (empty = none) ----------------------


def check_applicant_unit(expert: Expert, facts: SubjectFacts, today: dt.date) -> list[str]:
    employer = _employer_unit(expert)
    return [
        _("专家现工作单位%(unit)s是本申请的%(role)s")
        % {"unit": employer.describe(), "role": unit.role}
        for unit in facts.units
        if employer.matches(unit)
    ]


def check_recent_employment(expert: Expert, facts: SubjectFacts, today: dt.date) -> list[str]:
    cutoff = recent_cutoff(today)
    problems = []
    for row in _employments(expert):
        if row.ended_on is not None and row.ended_on < cutoff:
            continue
        if row.started_on is not None and row.started_on > today:
            continue
        worked = _employment_unit(row)
        for unit in facts.units:
            if worked.matches(unit):
                problems.append(
                    _(
                        "专家 %(period)s 在%(unit)s（本申请的%(role)s）任职，"
                        "近2年内（%(cutoff)s 以来）曾在该单位工作"
                    )
                    % {
                        "period": _period(row),
                        "unit": worked.describe(),
                        "role": unit.role,
                        "cutoff": cutoff.isoformat(),
                    }
                )
    return problems


def check_team_member(expert: Expert, facts: SubjectFacts, today: dt.date) -> list[str]:
    role = facts.team.get(expert.person_id)
    if role is None:
        return []
    return [_("专家是本申请的团队成员：%(role)s") % {"role": role}]


def check_excluded_unit(expert: Expert, facts: SubjectFacts, today: dt.date) -> list[str]:
    current = [_employer_unit(expert)]
    current += [
        _employment_unit(row)
        for row in _employments(expert)
        if row.ended_on is None and (row.started_on is None or row.started_on <= today)
    ]
    problems = []
    for unit in facts.excluded:
        for worked in current:
            if worked.matches(unit):
                problems.append(
                    _("专家所在单位%(unit)s在申请单位提出的回避单位名单中（%(listed)s）")
                    % {"unit": worked.describe(), "listed": unit.describe()}
                )
                break
    return problems


@dataclass(frozen=True)
class ConflictRule:
    id: str
    title: Any
    statement: Any  # what the expert affirms when declaring no conflict
    check: Callable[[Expert, SubjectFacts, dt.date], list[str]]
    article: str = ARTICLE


@dataclass(frozen=True)
class ConflictFinding:
    rule: ConflictRule
    message: str

    def render(self) -> str:
        """What a user reads: the rule's title and article, then the facts. The rule id stays
        on `rule.id` for code and the API, never in the text."""
        return _("「%(title)s」（%(article)s）：%(message)s") % {
            "title": self.rule.title,
            "article": localize(self.rule.article),
            "message": self.message,
        }


CONFLICT_RULES: tuple[ConflictRule, ...] = (
    ConflictRule(
        "COI.applicant_unit",
        gettext_lazy("不是申请单位的人员"),
        gettext_lazy("本人不在本申请的依托单位或共建单位工作"),
        check_applicant_unit,
    ),
    ConflictRule(
        "COI.recent_employment",
        gettext_lazy("近2年未在申请单位任职"),
        gettext_lazy("本人近2年内未在本申请的依托单位或共建单位任职"),
        check_recent_employment,
    ),
    ConflictRule(
        "COI.team_member",
        gettext_lazy("不是申请团队成员"),
        gettext_lazy("本人不是本申请的拟任主任、执行主任或团队成员"),
        check_team_member,
    ),
    ConflictRule(
        "COI.excluded_unit",
        gettext_lazy("不在申请单位提出的回避单位"),
        gettext_lazy("本人所在单位不在申请单位提出的回避单位名单中"),
        check_excluded_unit,
    ),
)
RULES_BY_ID = {rule.id: rule for rule in CONFLICT_RULES}


@dataclass
class ConflictReport:
    findings: list[ConflictFinding] = field(default_factory=list)

    def __bool__(self) -> bool:  # true when there is a conflict
        return bool(self.findings)

    def messages(self) -> list[str]:
        return [f.render() for f in self.findings]


def conflicts_of(
    expert: Expert,
    subject=None,
    *,
    facts: SubjectFacts | None = None,
    today: dt.date | None = None,
    rules: Iterable[ConflictRule] = CONFLICT_RULES,
) -> ConflictReport:
    """Every conflict of `expert` with the reviewed `subject` (an application, an acceptance…;
    or its prepared `facts`) as of `today`."""
    if facts is None:
        from .subjects import kind_of

        facts = kind_of(subject).facts(subject)
    today = today or timezone.localdate()
    report = ConflictReport()
    for rule in rules:
        report.findings += [ConflictFinding(rule, m) for m in rule.check(expert, facts, today)]
    return report
