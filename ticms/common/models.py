from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One link of the append-only audit chain; see common.audit."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        # actor_id is part of the hash: a user with history is deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=200)
    action = models.CharField(_("操作"), max_length=100)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=300)
    article = models.CharField(_("依据条款"), max_length=100, blank=True)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    # What the system says about the event (a message of common.messages: id and parameters),
    # rendered in the reader's language; `comment` is the actor's own words.
    note = models.JSONField(_("事项"), default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"]),
            # The audit page filtered by action, newest first.
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")

    @property
    def action_label(self):
        from .labels import action_label

        return action_label(self.action)

    # Set by the audit page for a page of events: the records they name, loaded once.
    _records = None

    @property
    def note_text(self) -> str:
        from .messages import render

        return render(self.note, self._records)

    @property
    def object_name(self) -> str:
        """The record as it is called now in the reader's language; as it was called when the
        event was written if it is gone or was never loaded."""
        obj = self._records.get(f"{self.object_type}:{self.object_id}") if self._records else None
        return str(obj) if obj is not None else self.object_repr

    @property
    def object_url(self) -> str:
        from .labels import object_url

        return object_url(self.object_type, self.object_id)


class AuditChainHead(models.Model):
    """Single row: the last link, locked while appending so the chain stays linear."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # Keyed MAC of (last_seq, last_hash): cutting events off the end and rewinding the head
    # cannot be done without the audit key.
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit chain head #{self.last_seq}"


class CalendarOverride(models.Model):
    """An admin's correction of the working-day calendar for one date."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"


class InboxItem(models.Model):
    class Kind(models.TextChoices):
        TODO = "todo", _("待办")
        NOTICE = "notice", _("通知")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # What happened, as a message id and its parameters (common.messages), rendered in the
    # reader's language: `title_data` one message, `body_data` a list of them.
    title_data = models.JSONField(_("标题"), default=list)
    body_data = models.JSONField(_("内容"), default=list, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    article = models.CharField(_("依据条款"), max_length=100, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # A todo belongs to one state of its object; leaving that state closes it.
    object_state = models.CharField(max_length=40, blank=True)
    due_on = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("待办与通知")
        verbose_name_plural = _("待办与通知")
        indexes = [
            models.Index(fields=["recipient", "kind", "done_at"]),
            # The unread badge on every page, and unread notices first on the workbench.
            models.Index(
                fields=["recipient", "kind", "read_at", "created_at"], name="inbox_unread"
            ),
            models.Index(fields=["recipient", "kind", "created_at"], name="inbox_newest"),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    # Set by common.inbox.with_records for a page of items: the records they name, loaded once.
    _records = None

    @property
    def title(self) -> str:
        from .messages import render

        return render(self.title_data, self._records)

    @property
    def body(self) -> str:
        from .messages import render_all

        return render_all(self.body_data, self._records)


class AuditAction(models.Model):
    """Each (action, object type) pair the chain holds, for the audit page's filter: read from
    here, not by a DISTINCT over every event (issue 10). Filled by common.selectors.audit_actions
    from the events after `AuditActionScan.last_seq`, so no writer has to remember it."""

    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "object_type"], name="unique_audit_action")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}"


class AuditActionScan(models.Model):
    """Single row: the last event whose action is in AuditAction."""

    last_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit actions scanned to #{self.last_seq}"


class Job(models.Model):
    """Long work run by the task worker for a user, with its progress (common.jobs)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    # What came of it, as a list of messages (common.messages), and whether it is good news.
    result = models.JSONField(default=list, blank=True)
    ok = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def result_text(self) -> str:
        from .messages import render_all

        return render_all(self.result)
