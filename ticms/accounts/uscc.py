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
        # Do not name the expected character: a typo may be anywhere, and "fixing" the last
        # one would register a wrong code that passes the check.
        return str(_("统一社会信用代码校验位错误，请对照营业执照或登记证书逐位核对后重新输入"))
    return None


def issuing_city_code(code: str) -> str | None:
    """The Jiangsu city (e.g. 320500) whose authority issued the code, or None when the
    province's own authority (3200) or one outside Jiangsu did."""
    division = normalize(code)[2:6]
    if not division.startswith("32") or division == "3200":
        return None
    return f"{division}00"


def division_problem(code: str, city_code: str | None) -> str | None:
    """A code issued by a Jiangsu city's authority (32xx, not the province's 3200) must belong
    to that city."""
    code = normalize(code)
    issued_by = issuing_city_code(code)
    if not city_code or issued_by is None:
        return None
    if issued_by[:4] != city_code[:4]:
        return str(
            _("代码中的登记机关行政区划（%(division)s）与所选设区市（%(city)s）不一致，请核对")
            % {"division": code[2:8], "city": city_code}
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
