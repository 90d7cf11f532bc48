"""Dynamic management (第二十五条): what the rules proposed for a center and what the province
decided, one record per proposal. The record keeps the history the rules read, so its reasons
can be shown again in any language."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["OPEN_STATUSES", "DecisionStatus", "DynamicDecision", "ProposalKind"]


class ProposalKind(models.TextChoices):
    SUBSIDY = "subsidy", _("补助与联动支持")
    RECTIFICATION = "rectification", _("限期整改")
    REMOVAL = "removal", _("不再纳入序列管理")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待省科技厅确认")
    SUBSIDY_GRANTED = "subsidy_granted", _("已确认补助")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("整改通过")
    RECTIFICATION_FAILED = "rectification_failed", _("整改未通过")
    REMOVED = "removed", _("已不再纳入序列管理")
    DISMISSED = "dismissed", _("不予采纳")


OPEN_STATUSES = (DecisionStatus.PROPOSED, DecisionStatus.RECTIFYING)


class DynamicDecision(models.Model):
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="dynamic_decisions",
    )
    # The evaluation the proposal rests on (its campaign's key, e.g. "2027").
    campaign = models.CharField(_("评估"), max_length=220, blank=True)
    proposal = models.CharField(_("处理建议"), max_length=20, choices=ProposalKind.choices)
    rule = models.CharField(_("依据规则"), max_length=60)
    history = models.JSONField(_("评估与整改记录"), default=dict)
    status = models.CharField(
        _("状态"), max_length=30, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    subsidy_wan_yuan = models.DecimalField(
        _("补助金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    talent_programme = models.BooleanField(_("人才计划联动支持"), default=False)
    science_projects = models.BooleanField(_("科技项目联动支持"), default=False)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    removal_reason = models.CharField(_("不再纳入序列管理的原因"), max_length=30, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("动态管理决定")
        verbose_name_plural = _("动态管理决定")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["center", "status"])]

    def __str__(self) -> str:
        return f"{self.center} · {self.get_proposal_display()}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:dynamic_decision", args=[self.pk])
