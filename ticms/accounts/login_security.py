"""Login throttling around django-axes: every failed login into the audit chain, and the page a
locked-out client gets."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from ticms.common.throttle import client_address


def lock_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def on_login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed: a wrong password, or an attempt refused because of a lock (axes'
    receiver runs first and has marked the request as locked out by then)."""
    from .services import login_failure_record

    login_failure_record(
        username=(credentials or {}).get("username", ""),
        address=client_address(request) if request is not None else None,
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


def locked_out(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: 429 with what happened and what to do."""
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": lock_minutes()},
        status=429,
    )
