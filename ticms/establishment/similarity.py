"""Duplicate check of construction plans (查重): character-bigram cosine similarity.

Chinese has no spaces; overlapping two-character shingles capture shared phrases without a
segmenter, and cosine over their counts is insensitive to the texts' lengths."""

from __future__ import annotations

import math
import re
from collections import Counter

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def shingles(text: str) -> Counter:
    text = _NOISE.sub("", (text or "").lower())
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(count * large.get(gram, 0) for gram, count in small.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm


def most_similar(text: str, candidates, *, limit: int = 5, floor: float = 0.05) -> list[dict]:
    """`candidates`: iterable of (kind, id, label, text). Best first, at most `limit`."""
    mine = shingles(text)
    scored = []
    for kind, ident, label, other in candidates:
        score = cosine(mine, shingles(other))
        if score >= floor:
            scored.append({"kind": kind, "id": ident, "label": label, "score": round(score, 4)})
    scored.sort(key=lambda row: (-row["score"], row["kind"], row["id"]))
    return scored[:limit]
