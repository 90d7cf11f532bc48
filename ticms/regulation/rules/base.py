"""A rule as data: its stable id, the article it cites, its severity, the fields it reads and
its check; and the context every check reads (the profile, the thresholds, the day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..profile import Profile
from ..thresholds import Thresholds
from .messages import Finding
from .outcomes import Outcome, Severity

CN_NUMERALS = "零一二三四五六七八九"


def article_label(number: int, item: int | None = None) -> str:
    """12, 1 -> '第十二条第1项' (the way the regulation is cited)."""
    tens, ones = divmod(number, 10)
    if number < 10:
        text = CN_NUMERALS[number]
    else:
        text = ("" if tens == 1 else CN_NUMERALS[tens]) + "十" + (CN_NUMERALS[ones] if ones else "")
    label = f"第{text}条"
    return f"{label}第{item}项" if item else label


@dataclass
class Context:
    profile: Profile
    thresholds: Thresholds
    as_of: dt.date
    exclude_center_id: int | None = None
    # Matching ID numbers against every supported center's leaders and teams reveals personal
    # data across cities: only the province (and the server-side command) may run it.
    personal_data_checks: bool = True
    # An application is also compared with the other applications in the pipeline (第四条、
    # 第十二条第4项); `disclose` names them, which only the province may see.
    exclude_application_id: int | None = None
    compare_applications: bool = False
    disclose: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    article_number: int
    item: int | None
    severity: Severity
    title: Any
    fields: tuple[str, ...]
    check: Callable[[Context], Finding]
    needs_layout: bool = False

    @property
    def article(self) -> str:
        return article_label(self.article_number, self.item)

    def evaluate(self, ctx: Context) -> Finding:
        if self.needs_layout and not ctx.profile.has_section("layout"):
            return Finding(
                Outcome.SKIPPED,
                _("未提供 layout（布局比对）信息，本项未进行数据库比对"),
            )
        return self.check(ctx)
