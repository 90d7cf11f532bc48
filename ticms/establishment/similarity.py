"""Duplicate check of construction plans (查重): 文字重合度, the share of two-character
phrases the two texts have in common.

Chinese has no spaces; overlapping two-character shingles capture shared phrases without a
segmenter. The overlap counts each shingle as often as both texts use it:
2 × shared / (shingles of one + shingles of the other) — 1 for the same text, 0 for nothing
in common — an exact Fraction, so an officer reads it as a plain percentage."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
# At or above this overlap the check asks the officer to open the other text and compare.
HIGH = Fraction(3, 5)
FLOOR = Fraction(1, 20)


def shingles(text: str) -> Counter:
    text = _NOISE.sub("", (text or "").lower())
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def overlap(a: Counter, b: Counter) -> Fraction:
    total = sum(a.values()) + sum(b.values())
    if not a or not b:
        return Fraction(0)
    shared = sum(min(count, b[gram]) for gram, count in a.items() if gram in b)
    return Fraction(2 * shared, total)


def most_similar(text: str, candidates, *, limit: int = 5, floor: Fraction = FLOOR) -> list[dict]:
    """`candidates`: iterable of (kind, id, label, text). Best first, at most `limit`; each
    row's `score` an exact Fraction and `high` whether it reaches `HIGH`."""
    mine = shingles(text)
    scored = []
    for kind, ident, label, other in candidates:
        score = overlap(mine, shingles(other))
        if score >= floor:
            scored.append(
                {"kind": kind, "id": ident, "label": label, "score": score, "high": score >= HIGH}
            )
    scored.sort(key=lambda row: (-row["score"], row["kind"], row["id"]))
    return scored[:limit]


def stored(rows: list[dict]) -> list[dict]:
    """Rows as JSON keeps them: the score as its exact fraction text ("13/16")."""
    return [{**row, "score": str(row["score"])} for row in rows]
