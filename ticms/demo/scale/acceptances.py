"""The acceptances (验收, 第七条第3项) of the centers whose application for acceptance came after
TICMS took over, as the acceptance services would have left them: passed for a center accepted
since, waiting for the province's expert panel for one still in acceptance. Uses no random
numbers, so the phases after it write the same data as before it existed."""

from __future__ import annotations

import datetime as dt

from ticms.evaluation.models import Acceptance, AcceptanceStatus

from .base import Scale, bulk
from .plans import Plan

SELF_ASSESSMENT = "建设期内完成合同约定的建设任务，考核指标完成情况见各年度报告。"
CITY_OPINION = "经审核，同意报省科技厅组织验收。"
CONCLUSION = "经专家组验收，完成合同约定的建设任务和考核指标，同意通过验收。"


def _at(s: Scale, day: dt.date, hour: int) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=s.tz)
    return min(moment, s.now - dt.timedelta(hours=1))


def seed(s: Scale, plans: list[Plan]) -> None:
    with s.phase("acceptances") as written:
        rows = []
        for p in plans:
            requested, accepted = p.request_acceptance_on, p.accepted_on
            if accepted is not None and accepted > p.registered_on:
                requested = min(requested or accepted, accepted)
            if requested is None or requested <= p.registered_on or not p.staff:
                continue
            submitted = _at(s, requested, 10)
            passed = accepted is not None
            rows.append(
                Acceptance(
                    center=p.center,
                    attempt=1,
                    status=AcceptanceStatus.PASSED if passed else AcceptanceStatus.PROVINCE_REVIEW,
                    self_assessment=SELF_ASSESSMENT,
                    city_opinion=CITY_OPINION,
                    conclusion=CONCLUSION if passed else "",
                    submitted_at=submitted,
                    concluded_at=_at(s, accepted, 15) if passed else None,
                    created_by=p.staff[0],
                    created_at=submitted - dt.timedelta(days=3),
                    updated_at=_at(s, accepted, 15) if passed else submitted,
                )
            )
        bulk(Acceptance, rows)
        written.update(acceptances=len(rows))
