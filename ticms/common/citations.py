"""Article citations in the reader's language: 第十二条第1项 → Art. 12(1) in English."""

from __future__ import annotations

import re

from django.utils import translation

DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CITATION = re.compile(r"第([一二三四五六七八九十]+)条(?:第(\d+)项)?")
RANGE = re.compile(r"第([一二三四五六七八九十]+)至([一二三四五六七八九十]+)条")
# Several citations are joined with Chinese separators (第二十三条、第八条第3项).
PUNCTUATION = str.maketrans({"、": ", ", "，": ", ", "；": "; ", "（": " (", "）": ")"})


def cn_to_int(text: str) -> int:
    """Chinese numerals up to 99: 十二 → 12, 二十五 → 25, 十 → 10."""
    if "十" not in text:
        return DIGITS[text]
    tens, _sep, ones = text.partition("十")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def localize(citation: str, language: str | None = None) -> str:
    language = language or translation.get_language() or "zh-hans"
    if not citation or language.startswith("zh"):
        return citation
    text = RANGE.sub(lambda m: f"Arts. {cn_to_int(m[1])}–{cn_to_int(m[2])}", citation)
    text = CITATION.sub(lambda m: f"Art. {cn_to_int(m[1])}" + (f"({m[2]})" if m[2] else ""), text)
    return text.translate(PUNCTUATION).replace("  (", " (")
