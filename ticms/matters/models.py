"""Major matters (第二十三条): reports to the province, change requests approved by it, and the
versions of the center record that approved changes leave behind."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CHANGE_OPEN_STATUSES",
    "CenterRecordVersion",
    "ChangeKind",
    "ChangeRequest",
    "ChangeStatus",
    "MajorMatterKind",
    "MajorMatterReport",
    "MajorMatterStatus",
]


class MajorMatterKind(models.TextChoices):
    PROGRESS = "progress", _("突破重大进展")
    RESULT = "result", _("取得重大成果")
    TALENT = "talent", _("培养重点人才")
    BENEFIT = "benefit", _("获得重大经济和社会效益")


class MajorMatterStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已报省科技厅")
    RETURNED = "returned", _("退回补充")
    FILED = "filed", _("已备案")


class MajorMatterReport(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center",)

    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="major_matters",
    )
    kind = models.CharField(_("事项类别"), max_length=20, choices=MajorMatterKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("事项内容"), blank=True)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MajorMatterStatus.choices,
        default=MajorMatterStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("重大事项报告")
        verbose_name_plural = _("重大事项报告")
        # The table kept its name when major matters left the reporting app.
        db_table = "reporting_majormatterreport"
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return _("%(center)s 重大事项报告：%(title)s") % {
            "center": self.center,
            "title": self.title,
        }

    def get_absolute_url(self) -> str:
        return reverse("matters:matter_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (MajorMatterStatus.DRAFT, MajorMatterStatus.RETURNED)


class ChangeKind(models.TextChoices):
    DIRECTOR = "director", _("主任变更")
    EXECUTIVE_DIRECTOR = "executive_director", _("执行主任变更")
    HOST_UNIT = "host_unit", _("建设单位（依托单位）调整")
    CO_BUILDERS = "co_builders", _("建设单位（共建单位）调整")
    RESEARCH_DIRECTION = "research_direction", _("研发方向调整")
    DEVELOPMENT_GOALS = "development_goals", _("发展目标调整")
    ORGANISATION_STRUCTURE = "organisation_structure", _("组织结构调整")


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("待设区市审核")
    RETURNED = "returned", _("退回修改")
    CITY_REVIEWED = "city_reviewed", _("待省科技厅审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未予批准")
    WITHDRAWN = "withdrawn", _("已撤回")


# One open request per center and kind: two approvals of the same field would race.
CHANGE_OPEN_STATUSES = (
    ChangeStatus.DRAFT,
    ChangeStatus.SUBMITTED,
    ChangeStatus.RETURNED,
    ChangeStatus.CITY_REVIEWED,
)


class ChangeRequest(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center",)

    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    kind = models.CharField(_("变更事项"), max_length=30, choices=ChangeKind.choices)
    reason = models.TextField(_("申请理由（书面申请）"), blank=True)
    # The structured new value (see services_matters.proposal_clean); people by their pk,
    # name and masked ID only — the clear ID number is never stored.
    proposed = models.JSONField(_("拟变更内容"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    city_opinion = models.TextField(_("设区市科技局审核意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    # The rule-set version and the findings the decision was made under (DESIGN §3).
    rule_set_code = models.CharField(_("规则版本"), max_length=40, blank=True)
    decision_findings = models.JSONField(_("审批时的核查结果"), default=list, blank=True)
    justification = models.TextField(_("例外通过理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("重大事项变更申请")
        verbose_name_plural = _("重大事项变更申请")
        # The table kept its name when major matters left the reporting app.
        db_table = "reporting_changerequest"
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return _("%(center)s %(kind)s申请（第%(n)d号）") % {
            "center": self.center,
            "kind": self.get_kind_display(),
            "n": self.pk or 0,
        }

    def get_absolute_url(self) -> str:
        return reverse("matters:change_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ChangeStatus.DRAFT, ChangeStatus.RETURNED)


class CenterRecordVersion(models.Model):
    """One version of the parts of a center record that change requests change; number 1 is
    the record as it stood before the first approved change."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center",)

    center = models.ForeignKey(
        "centers.Center", on_delete=models.CASCADE, related_name="record_versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("记录内容"))
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("变更申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["center", "-number"]
        verbose_name = _("中心记录版本")
        verbose_name_plural = _("中心记录版本")
        # The table kept its name when major matters left the reporting app.
        db_table = "reporting_centerrecordversion"
        constraints = [
            models.UniqueConstraint(fields=["center", "number"], name="unique_center_version")
        ]

    def __str__(self) -> str:
        return f"{self.center} v{self.number}"
