"""Small pieces of display text in the reader's language: lists joined with the language's
separator, a note in brackets, "label: value", names kept in two languages. Chinese uses
、（）： and English ", ", " ()" and ": " — never glue them in code."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _


def is_chinese(language: str | None = None) -> bool:
    language = language or translation.get_language() or "zh-hans"
    return language.startswith("zh")


def localized_name(name: str, name_en: str) -> str:
    """A reference record's name (city, industry field) in the active language; the Chinese
    name when no English one is recorded."""
    return name if is_chinese() or not name_en else name_en


def listing(items: Iterable) -> str:
    """南京市、无锡市 / Nanjing, Wuxi."""
    return _("、").join(str(item) for item in items)


def bracketed(text, note) -> str:
    """中心名称（TIC-320100-001） / Centre name (TIC-320100-001); the text alone without a note."""
    if note in (None, ""):
        return str(text)
    return _("%(text)s（%(note)s）") % {"text": text, "note": note}


def labelled(label, value) -> str:
    """状态：已备案 / Status: Filed."""
    return _("%(label)s：%(value)s") % {"label": label, "value": value}


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def cited(article: str, title) -> str:
    """第四条同一细分产业领域不重复布局 / Art. 4 No duplicate center in the same sub-field."""
    from .citations import localize

    return _("%(article)s%(title)s") % {"article": localize(article), "title": title}
