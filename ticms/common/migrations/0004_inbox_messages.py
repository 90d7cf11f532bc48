"""Inbox items keep what happened — a message id and its parameters — instead of finished Chinese
text, so that each reader gets their own language. Old items are read back into messages where
their text has the shapes the transition tables wrote; anything else is kept as it was."""

import re

from django.db import migrations, models

TODO = re.compile(r"^(?P<obj>.+) 待办理（(?P<state>[^（）]+)）$")
NOTICE = re.compile(r"^(?P<obj>.+)：(?P<action>[^：]+)$")
STATE = re.compile(r"^状态已变更为「(?P<state>[^」]+)」。")
COMMENT = re.compile(r"办理意见：(?P<comment>.*)$", re.S)
PARAM = re.compile(r"^(?P<label>[^：。]{1,40})：(?P<value>[^。]*)。")


def _obj(item, name: str) -> dict:
    if item.object_type and item.object_id:
        return {"_o": f"{item.object_type}:{item.object_id}", "s": name}
    return name


def _legacy(text: str) -> list:
    return ["legacy", {"text": text}]


def _title(item) -> list:
    text = item.title or ""
    if item.kind == "todo" and (m := TODO.match(text)):
        return ["workflow.todo", {"obj": _obj(item, m["obj"]), "state": {"_t": m["state"]}}]
    if item.kind == "notice" and (m := NOTICE.match(text)):
        return ["workflow.notice", {"obj": _obj(item, m["obj"]), "action": {"_t": m["action"]}}]
    return _legacy(text)


def _body(item) -> list:
    text = (item.body or "").strip()
    if not text:
        return []
    m = STATE.match(text)
    if m is None:
        return [_legacy(text)]
    parts = [["workflow.state_changed", {"state": {"_t": m["state"]}}]]
    rest = text[m.end() :]
    comment = COMMENT.search(rest)
    if comment is not None:
        rest = rest[: comment.start()]
    while rest:
        p = PARAM.match(rest)
        if p is None:
            parts.append(_legacy(rest))
            break
        parts.append(
            ["workflow.param", {"label": {"_t": p["label"]}, "value": {"_t": p["value"]}}]
        )
        rest = rest[p.end() :]
    if comment is not None:
        parts.append(["workflow.comment", {"comment": comment["comment"]}])
    return parts


def to_messages(apps, schema_editor):
    InboxItem = apps.get_model("common", "InboxItem")
    batch = []
    for item in InboxItem.objects.only("pk", "kind", "title", "body", "object_type", "object_id"):
        item.title_data = _title(item)
        item.body_data = _body(item)
        batch.append(item)
        if len(batch) >= 1000:
            InboxItem.objects.bulk_update(batch, ["title_data", "body_data"])
            batch = []
    InboxItem.objects.bulk_update(batch, ["title_data", "body_data"])


def to_text(apps, schema_editor):
    """Back to finished text, in the source language (what the messages' ids can still say)."""
    InboxItem = apps.get_model("common", "InboxItem")
    for item in InboxItem.objects.all():
        key, params = (item.title_data or ["legacy", {}])[:2]
        item.title = params.get("text") or key
        item.body = "".join((p[1] or {}).get("text", "") for p in item.body_data or [])
        item.save(update_fields=["title", "body"])


class Migration(migrations.Migration):
    dependencies = [("common", "0003_audit_actor_protect")]

    operations = [
        migrations.AddField(
            model_name="inboxitem",
            name="title_data",
            field=models.JSONField(default=list, verbose_name="标题"),
        ),
        migrations.AddField(
            model_name="inboxitem",
            name="body_data",
            field=models.JSONField(blank=True, default=list, verbose_name="内容"),
        ),
        migrations.RunPython(to_messages, to_text),
    ]
