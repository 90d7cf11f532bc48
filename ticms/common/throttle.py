"""Who is asking (the client's address) and how often: counters in Django's cache, which every
process shares (settings.CACHES), so a limit holds across gunicorn workers."""

from __future__ import annotations

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

from .exceptions import Throttled


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES: then the right-most address
    of X-Forwarded-For that is not a trusted proxy (what the client itself writes there, to the
    left, is never believed)."""
    remote = _ip(request.META.get("REMOTE_ADDR", "") or "")
    trusted = {_ip(p) for p in getattr(settings, "TRUSTED_PROXIES", [])} - {None}
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _ip(hop)
        if address is None:
            return remote  # a malformed chain: fall back to the proxy itself
        if address not in trusted:
            return address
    return remote


class Rate:
    """At most `limit` events per `period` seconds for one key (a fixed window that starts
    at the first event)."""

    def __init__(self, limit: int, period: int):
        self.limit, self.period = int(limit), int(period)


def _key(name: str) -> str:
    return f"ticms:throttle:{name}"


def throttle_check(name: str, rate: Rate, message) -> None:
    """Raise Throttled(message % {limit, minutes}) when `name` has used up its rate."""
    count, since = cache.get(_key(name), (0, 0.0))
    remaining = since + rate.period - time.time()
    if count >= rate.limit and remaining > 0:
        minutes = max(1, math.ceil(remaining / 60))
        raise Throttled(
            message % {"limit": rate.limit, "minutes": minutes}, retry_after=math.ceil(remaining)
        )


def throttle_count(name: str, rate: Rate) -> None:
    """Count one event against `name`."""
    key = _key(name)
    now = time.time()
    count, since = cache.get(key, (0, now))
    if since + rate.period <= now:
        count, since = 0, now
    timeout = max(1, math.ceil(since + rate.period - now))
    cache.set(key, (count + 1, since), timeout=timeout)
