"""The contracts of the demo centers approved before TICMS (第十三条第4项): every center in the
programme has its signed contract and 考核指标 targets, which its annual reports follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.centers import services as centers

# name, unit, baseline, target: what a construction plan usually measures.
TARGETS = (
    ("发明专利授权", "件", 12, 60),
    ("技术合同成交额", "万元", 1500, 12000),
    ("孵化培育科技型企业", "家", 2, 15),
    ("引进培育高层次人才", "人", 6, 30),
)


def contract_targets(signed_on: dt.date) -> list[dict]:
    """Due in the last year of the five-year construction period."""
    return [
        {
            "name": name,
            "unit": unit,
            "baseline": Decimal(baseline),
            "target_value": Decimal(target),
            "target_year": signed_on.year + 4,
        }
        for name, unit, baseline, target in TARGETS
    ]


def record_approved(*, province, index: int, status: str, approved_on: dt.date, **facts):
    signed_on = approved_on + dt.timedelta(days=30)
    return centers.center_record_approved(
        actor=province,
        status=status,
        approval_doc_no=f"苏科技函〔{approved_on.year}〕{100 + index}号",
        approved_on=approved_on,
        contract_no=f"JSTIC-{signed_on.year}-{index + 1:03d}",
        signed_on=signed_on,
        targets=contract_targets(signed_on),
        **facts,
    )
