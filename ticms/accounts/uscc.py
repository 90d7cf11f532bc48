"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}


def normalize(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


def check_character(first17: str) -> str:
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when valid, else a message that tells the user what to fix."""
    code = normalize(code)
    if len(code) != 18:
        return str(_("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)})
    bad = sorted({ch for ch in code if ch not in VALUES})
    if bad:
        return str(
            _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z）")
            % {"chars": str(_("、")).join(bad)}
        )
    if not code[2:8].isdigit():
        return str(_("统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）"))
    expected = check_character(code[:17])
    if code[17] != expected:
        return str(
            _(
                "统一社会信用代码校验位错误：第18位应为「%(expected)s」，当前为「%(actual)s」，请核对后重新输入"
            )
            % {"expected": expected, "actual": code[17]}
        )
    return None


def validate_uscc(code: str) -> None:
    message = problem(code)
    if message:
        raise ValidationError(message, code="invalid_uscc")


def is_jiangsu(code: str) -> bool:
    """Registered in Jiangsu: the administrative division code starts with 32."""
    return normalize(code)[2:4] == "32"


def make(first17: str) -> str:
    """Complete a 17-character body with its check character (demo data, tests)."""
    return first17 + check_character(first17)
