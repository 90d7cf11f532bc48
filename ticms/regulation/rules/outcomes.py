"""What a rule concludes: its severity (必备 / 原则性) and the outcome of its check, each with
its label."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Severity(StrEnum):
    MANDATORY = "mandatory"
    IN_PRINCIPLE = "in_principle"


SEVERITY_LABELS = {Severity.MANDATORY: _("必备条件"), Severity.IN_PRINCIPLE: _("原则性条件")}


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    SKIPPED = "skipped"


OUTCOME_LABELS = {
    Outcome.PASS: _("符合"),
    Outcome.FAIL: _("不符合"),
    Outcome.MISSING: _("缺少数据"),
    Outcome.SKIPPED: _("未核查"),
}
