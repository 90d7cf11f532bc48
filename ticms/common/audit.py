"""Append-only, keyed hash chain of audit events.

Each event's hash is HMAC-SHA256(key, previous hash + canonical JSON of the event), so a change to
any stored field, a removed event or a re-ordered chain is found by `verify_chain`; without the key
nobody can forge a consistent replacement.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import messages
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def to_json(value: Any) -> Any:
    """Normalise to what a JSONField gives back, so stored and hashed values are identical."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _canonical(fields: dict) -> bytes:
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


# The stored fields an event's hash covers, in order (common.audit_verify reads them as rows).
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "article",
    "before",
    "after",
    "comment",
    "note",
)


def hashed_fields(values: dict) -> dict:
    """What the hash covers, from the values of HASHED_FIELDS."""
    fields = {**values, "occurred_at": values["occurred_at"].astimezone(UTC).isoformat()}
    # Only when present: the events written before notes existed keep their hashes.
    if not fields["note"]:
        del fields["note"]
    return fields


def _fields(event: AuditEvent) -> dict:
    return hashed_fields({name: getattr(event, name) for name in HASHED_FIELDS})


def head_mac(last_seq: int, last_hash: str) -> str:
    key = settings.AUDIT_KEY.encode()
    return hmac.new(key, f"head:{last_seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def compute_hash(event: AuditEvent) -> str:
    key = settings.AUDIT_KEY.encode()
    message = event.prev_hash.encode() + _canonical(_fields(event))
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def actor_label_of(actor) -> str:
    if actor is None:
        return "system"
    name = getattr(actor, "display_name", "") or actor.get_username()
    return f"{name} ({actor.get_username()})"


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    article: str = "",
    comment: str = "",
    actor_label: str = "",
    note: list | None = None,
) -> AuditEvent:
    """Append one event; joins the caller's transaction so it commits or rolls back with it.
    `actor_label` names an actor without an account (e.g. "public" for an objection); `note`
    is what the system says about it, as a message (common.messages.msg), never finished
    text; `comment` is the actor's own words."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor_label or actor_label_of(actor),
            action=action,
            object_type=object_type_of(obj),
            # An unsaved object names something without a record (an unknown login name).
            object_id=str(obj.pk) if obj.pk is not None else "",
            object_repr=str(obj)[:300],
            article=article,
            before=to_json(before or {}),
            after=to_json(after or {}),
            comment=comment,
            note=to_json(note or []),
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save()
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.mac = head_mac(event.seq, event.hash)
        head.save(update_fields=["last_seq", "last_hash", "mac"])
    return event


MISSING = messages.define(
    "audit.chain.missing", gettext_lazy("第 %(seq)d 条事件缺失（其后存储的是第 %(next)d 条）")
)
UNLINKED = messages.define(
    "audit.chain.unlinked", gettext_lazy("第 %(seq)d 条事件与第 %(prev)d 条事件不衔接")
)
TAMPERED = messages.define(
    "audit.chain.tampered", gettext_lazy("第 %(seq)d 条事件已被篡改（id %(id)s）")
)
HEAD_MISSING = messages.define("audit.chain.head_missing", gettext_lazy("审计链头记录缺失"))
HEAD_CHANGED = messages.define(
    "audit.chain.head_changed",
    gettext_lazy("审计链头记录被改动：第 %(seq)d 条之后的事件可能已被删除"),
)
TAIL_MISSING = messages.define(
    "audit.chain.tail_missing",
    gettext_lazy("第 %(seq)d 条事件缺失：链头记录共有 %(total)d 条事件"),
)


@dataclass
class ChainReport:
    ok: bool
    checked: int
    # What is wrong, as a message (common.messages): rendered in the reader's language.
    message: list = field(default_factory=list)
    broken_seq: int | None = None

    @property
    def problem(self) -> str:
        return messages.render(self.message) if self.message else ""


def verify_chain(**options) -> ChainReport:
    """Walk the whole chain and report the first event that does not hold (audit_verify)."""
    from .audit_verify import verify_chain as verify

    return verify(**options)


def history_for(obj: models.Model):
    from .labels import types_of

    return (
        AuditEvent.objects.filter(
            object_type__in=types_of(object_type_of(obj)), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("seq")
    )
