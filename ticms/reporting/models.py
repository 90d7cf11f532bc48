"""Annual reports (第二十二条) and their progress against the contract targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("待设区市审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("待省科技厅备案")
    FILED = "filed", _("已备案")


EDITABLE_STATUSES = (AnnualReportStatus.DRAFT, AnnualReportStatus.RETURNED)


class AnnualReport(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center",)

    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=AnnualReportStatus.choices,
        default=AnnualReportStatus.DRAFT,
    )
    # The structured tables of figures.py: counts as int, amounts (万元) as decimal strings.
    figures = models.JSONField(_("统计数据"), default=dict, blank=True)
    # A headquarters' report keeps its branches' figures as they were when it was submitted
    # (第五条): what the city approved and the province filed never changes afterwards.
    branch_snapshot = models.JSONField(_("分中心数据"), default=list, blank=True)
    progress = models.TextField(_("建设任务实施进展"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_goals = models.TextField(_("下一步工作目标"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "center"]
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        constraints = [
            models.UniqueConstraint(fields=["center", "year"], name="unique_annual_report")
        ]
        indexes = [
            models.Index(fields=["status", "year"]),
            # The report list: newest year first, then the center (reporting.selectors); with
            # the status, counting the submitted reports of a year never reads a report row.
            models.Index(
                fields=["year", "center", "status"],
                name="annual_report_year_center",
                include=["id"],  # PostgreSQL: page keys from the index alone (SQLite has rowid)
            ),
            # A city's reports (center IN its centers): counted and paged from the index
            # alone, where the center's foreign-key index read every report row (issue 10).
            models.Index(
                fields=["center", "status", "year"],
                name="annual_report_center_status",
                include=["id"],
            ),
        ]

    def __str__(self) -> str:
        return _("%(center)s %(year)s年度报告") % {"center": self.center, "year": self.year}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def due_on(self):
        """The year's deadline while the center still owes the report (to-dos carry it)."""
        if self.status not in EDITABLE_STATUSES:
            return None
        from .deadlines import report_due_on

        return report_due_on(self.year)


class TargetProgress(models.Model):
    """How far the center got this year on one contract 考核指标 target."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("report__center", "target")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(
        "establishment.ContractTarget",
        verbose_name=_("合同考核指标"),
        on_delete=models.PROTECT,
        related_name="progress",
    )
    achieved = models.DecimalField(
        _("完成值"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["report", "target__order", "target_id"]
        verbose_name = _("考核指标完成情况")
        verbose_name_plural = _("考核指标完成情况")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="unique_target_progress")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.target.name}"


class ReportingDeadline(models.Model):
    """The province's deadline for the reports of one year; a year without a row falls back to
    settings.ANNUAL_REPORT_DUE (month, day of the following year)."""

    year = models.PositiveSmallIntegerField(_("报告年度"), unique=True)
    due_on = models.DateField(_("报送截止日期"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度报告截止日期")
        verbose_name_plural = _("年度报告截止日期")

    def __str__(self) -> str:
        return f"{self.year}: {self.due_on}"


def _attachment_path(instance, filename: str) -> str:
    return f"reports/{instance.report.center_id}/{instance.report.year}/{filename}"


class AnnualReportAttachment(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("年度报告附件")
        verbose_name_plural = _("年度报告附件")
        constraints = [
            models.UniqueConstraint(fields=["report", "sha256"], name="unique_report_attachment")
        ]

    def __str__(self) -> str:
        return self.original_name


class AnnualReportReminder(models.Model):
    """One reminder per center, year and lead time, so the worker never sends it twice."""

    center = models.ForeignKey("centers.Center", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    lead_days = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year", "lead_days"], name="unique_annual_report_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.year} -{self.lead_days}d"
