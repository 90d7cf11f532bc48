"""The rows an application carries (targets, co-builders, team), the province's formal review
with the eligibility verdict it recorded (第十三条第3项), and the public notice (第十三条第4项)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.establishment.models import (
    Application,
    ApplicationCoBuilder,
    ApplicationTarget,
    ApplicationTeamMember,
    FormalReview,
    PublicNotice,
)
from ticms.regulation.eligibility import rule_set_for
from ticms.regulation.rules.catalogue import ESTABLISHMENT_RULES

from .base import Scale, bulk

TARGETS = (
    ("突破关键核心技术", "项", 10),
    ("授权发明专利", "件", 120),
    ("孵化科技型企业", "家", 15),
    ("技术合同成交额", "万元", 12000),
)


def rows(s: Scale, apps: list[Application]) -> dict:
    targets, co_builders, team = [], [], []
    for app in apps:
        p = app.plan
        year = app.guide.year + 5
        size = p.size if p else 1.0
        targets += [
            ApplicationTarget(
                application=app,
                name=name,
                unit=unit,
                target_value=Decimal(round(value * size)),
                target_year=year,
                order=k,
            )
            for k, (name, unit, value) in enumerate(TARGETS)
        ]
        if p is None:
            continue
        co_builders += [
            ApplicationCoBuilder(
                application=app,
                name=cb.organisation.name,
                uscc=cb.organisation.uscc,
                kind=cb.kind,
                duties=cb.duties,
            )
            for cb in p.co_builders
        ]
        team += [
            ApplicationTeamMember(
                application=app,
                person=person,
                team="core_rd",
                title_level=person.title_level,
                degree=person.degree,
            )
            for person in p.team
        ]
    bulk(ApplicationTarget, targets)
    bulk(ApplicationCoBuilder, co_builders)
    bulk(ApplicationTeamMember, team, batch_size=5000)
    return {"application rows": len(targets) + len(co_builders) + len(team)}


def formal_reviews(s: Scale, apps: list[Application]) -> int:
    rows = []
    for app in apps:
        when = app.times.get("pass_formal_review")
        if when is None:
            continue
        rule_set = rule_set_for(when.date())
        rows.append(
            FormalReview(
                application=app,
                reviewer=s.province,
                passed=True,
                checks=dict.fromkeys(CHECKS, True),
                rule_set_code=rule_set.code,
                verdict="eligible",
                created_at=when,
                report={
                    "rule_set": rule_set.code,
                    "rule_set_effective_from": rule_set.effective_from.isoformat(),
                    "as_of": when.date().isoformat(),
                    "verdict": "eligible",
                    "results": RESULTS,
                },
            )
        )
    bulk(FormalReview, rows)
    return len(rows)


CHECKS = ("check_sections", "check_materials", "check_units", "check_commitment")
RESULTS = [
    {
        "rule": r.id,
        "article": r.article,
        "severity": str(r.severity),
        "outcome": "pass",
        "message": str(r.title),
    }
    for r in ESTABLISHMENT_RULES
]


def notices(s: Scale, apps: list[Application]) -> int:
    rows = []
    for app in apps:
        when = app.times.get("approve_for_notice")
        if when is None:
            continue
        starts = when.date() + dt.timedelta(days=1)
        rows.append(
            PublicNotice(
                application=app,
                title=f"关于拟批准组建{app.center_name}的公示",
                body=f"经专家论证和省科技厅研究，拟批准组建{app.center_name}，现予公示。",
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=7),
                workdays=5,
                published_at=when,
            )
        )
    bulk(PublicNotice, rows)
    return len(rows)
