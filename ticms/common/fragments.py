"""Rendered fragments of public pages, cached under a fingerprint of the data they show.

A public page is the same for every visitor in one language, so its table is rendered once per
change of its data rather than once per request (issue 10). The fingerprint is one cheap
statement that changes whenever a shown row does; the timeout bounds what the fingerprint cannot
see (a renamed host unit, say). Only fragments without per-visitor content (no CSRF token, no
user) may be cached this way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

SECONDS = 300


def cached_fragment(
    name: str, parts: tuple, fingerprint: tuple, render: Callable[[], str]
) -> SafeString:
    raw = repr((name, translation.get_language(), parts, fingerprint))
    key = f"fragment:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, escaped there


def page_key(value: str | None) -> str:
    """A page number as part of a cache key: digits only, so junk cannot multiply the keys
    (the paginator reads anything else as the first page)."""
    value = (value or "").strip()
    return value if value.isdigit() and len(value) <= 6 else ""
