"""Bearer tokens: shown once at creation, stored as a digest."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ticms.common.audit import audit_record

from .models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, actor, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    token = "tic_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        item = ApiToken.objects.create(
            user=user,
            name=name[:100],
            digest=_digest(token),
            prefix=token[4:12],
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=item,
            after={"user": user.username, "name": item.name, "prefix": item.prefix},
        )
    return item, token


def user_for_token(token: str):
    item = (
        ApiToken.objects.select_related("user", "user__city", "user__organisation")
        .filter(digest=_digest(token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if item is None or (item.expires_at and item.expires_at <= now) or not item.user.is_active:
        return None
    if item.last_used_at is None or (now - item.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=item.pk).update(last_used_at=now)
    return item.user
