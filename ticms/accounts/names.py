"""Whether a text is plausibly a person's real name: a Chinese name (Chinese characters, with
the middle dot of transliterated names, e.g. 阿依古丽·买买提), or a name in Latin letters with
spaces, hyphens and apostrophes (e.g. Anne-Marie O'Neil)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# CJK Unified Ideographs with extension A, compatibility ideographs, and extensions B-F (rare
# characters in names).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_DOTS = "·•・‧"  # the middle dot as typed by different input methods
_CHINESE = re.compile(rf"^[{_HAN}]+(?:[{_DOTS}][{_HAN}]+)*$")
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN = re.compile(rf"^[{_LATIN_LETTER}]+(?:(?:[ '’\-]|\. ?)[{_LATIN_LETTER}]+)*\.?$")

MAX_LENGTH = 100


def real_name_problem(name: str) -> str | None:
    """None when `name` looks like a person's name, else what is expected."""
    name = " ".join((name or "").split())
    if not name:
        return _("请填写您的真实姓名")
    if len(name) > MAX_LENGTH:
        return _("姓名不能超过%(n)d个字") % {"n": MAX_LENGTH}
    if _CHINESE.match(name):
        if len(re.sub(f"[{_DOTS}]", "", name)) >= 2:
            return None
    elif _LATIN.match(name) and sum(ch.isalpha() for ch in name) >= 2:
        return None
    return _(
        "请填写真实姓名：中文姓名（少数民族姓名可用间隔号「·」），或由字母、空格、"
        "连字符和撇号组成的外文姓名"
    )
