"""Per-user to-dos and notifications: the workbench starts from here."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from .exceptions import NotFound
from .models import InboxItem
from .paging import Concatenated


def _ref(obj: models.Model | None) -> dict:
    if obj is None:
        return {"object_type": "", "object_id": ""}
    return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}


def _unique(recipients: Iterable) -> list:
    seen, result = set(), []
    for user in recipients:
        if user is not None and user.pk not in seen and user.is_active:
            seen.add(user.pk)
            result.append(user)
    return result


def todo_create(
    *, recipients, title: list, obj=None, state="", url="", article="", body=(), due_on=None
) -> list[InboxItem]:
    """`title`: a message (common.messages.msg); `body`: a list of them."""
    items = [
        InboxItem(
            recipient=user,
            kind=InboxItem.Kind.TODO,
            title_data=title,
            body_data=list(body),
            url=url,
            article=article,
            object_state=state,
            due_on=due_on,
            **_ref(obj),
        )
        for user in _unique(recipients)
    ]
    return InboxItem.objects.bulk_create(items)


def notice_create(
    *, recipients, title: list, obj=None, url="", article="", body=()
) -> list[InboxItem]:
    items = [
        InboxItem(
            recipient=user,
            kind=InboxItem.Kind.NOTICE,
            title_data=title,
            body_data=list(body),
            url=url,
            article=article,
            **_ref(obj),
        )
        for user in _unique(recipients)
    ]
    return InboxItem.objects.bulk_create(items)


def todos_close_for(obj: models.Model) -> int:
    """An object that left the state its todos were made for no longer waits for anyone."""
    return (
        InboxItem.objects.filter(kind=InboxItem.Kind.TODO, done_at__isnull=True, **_ref(obj))
        .exclude(object_state="")
        .update(done_at=timezone.now())
    )


def item_mark_read(*, actor, item_id: int) -> InboxItem:
    with transaction.atomic():
        item = InboxItem.objects.filter(recipient=actor, pk=item_id).first()
        if item is None:
            raise NotFound()
        if item.read_at is None:
            item.read_at = timezone.now()
            item.save(update_fields=["read_at"])
    return item


def items_mark_all_read(*, actor) -> int:
    return InboxItem.objects.filter(
        recipient=actor, kind=InboxItem.Kind.NOTICE, read_at__isnull=True
    ).update(read_at=timezone.now())


# --- reads -------------------------------------------------------------------------------------


def with_records(items) -> list[InboxItem]:
    """A page of items, with the records their messages name loaded at once (one query per kind
    of record, not per item), so that each renders in the reader's language."""
    from .messages import Records

    items = list(items)
    records = Records().prefetch([m for i in items for m in (i.title_data, *i.body_data)])
    for item in items:
        item._records = records
    return items


def open_todos(user):
    """Oldest deadline first; items without a deadline after those with one."""
    return InboxItem.objects.filter(
        recipient=user, kind=InboxItem.Kind.TODO, done_at__isnull=True
    ).order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")


def notices(user) -> Concatenated:
    """Unread first, then read, newest first in each: two index walks read a page, where one
    ordering over both sorted every notice the user ever had (issue 10)."""
    mine = InboxItem.objects.filter(recipient=user, kind=InboxItem.Kind.NOTICE)
    return Concatenated(
        mine.filter(read_at__isnull=True).order_by("-created_at", "-pk"),
        mine.filter(read_at__isnull=False).order_by("-created_at", "-pk"),
    )


# Two counts, each on its own index (recipient, kind, done_at / read_at): an OR over both made
# SQLite walk every item of the user, and every page pays for this badge (issue 10). Plain SQL:
# building the same query through the ORM cost more than running it.
_UNREAD_SQL = (
    "SELECT (SELECT COUNT(*) FROM {t} WHERE recipient_id = %s AND kind = %s AND done_at IS NULL)"
    " + (SELECT COUNT(*) FROM {t} WHERE recipient_id = %s AND kind = %s AND read_at IS NULL)"
)


def unread_count(user) -> int:
    """The workbench badge: every open to-do (opened or not, it still waits) plus unread notices."""
    sql = _UNREAD_SQL.format(t=connection.ops.quote_name(InboxItem._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, InboxItem.Kind.TODO, user.pk, InboxItem.Kind.NOTICE])
        return cursor.fetchone()[0]
