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
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return _("%(center)s %(year)s年度报告") % {"center": self.center, "year": self.year}

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class TargetProgress(models.Model):
    """How far the center got this year on one contract 考核指标 target."""

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
