"""Contracts (第十三条第4项): the contract an approved application is signed into, and its
考核指标, against which the annual reports and the acceptance are measured."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application, target_text


class Contract(models.Model):
    # None only for a center approved before TICMS, recorded with its contract
    # (centers.services.center_record_approved).
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    center = models.OneToOneField(
        "centers.Center", on_delete=models.PROTECT, related_name="contract"
    )
    number = models.CharField(_("合同编号"), max_length=100, unique=True)
    signed_on = models.DateField(_("签订日期"))
    construction_years = models.PositiveSmallIntegerField(_("建设期（年）"), default=5)
    construction_starts_on = models.DateField(_("建设期开始"))
    construction_ends_on = models.DateField(_("建设期结束"))
    rule_set_code = models.CharField(_("规则版本"), max_length=20)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("项目合同")
        verbose_name_plural = _("项目合同")

    def __str__(self) -> str:
        return self.number


class ContractTarget(models.Model):
    """The 考核指标 the annual reports and the acceptance are measured against."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="targets")
    center = models.ForeignKey(
        "centers.Center", on_delete=models.PROTECT, related_name="contract_targets"
    )
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=30)
    baseline = models.DecimalField(
        _("现有基础"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("完成年度"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["contract", "order", "pk"]
        verbose_name = _("合同考核指标")
        verbose_name_plural = _("合同考核指标")

    def __str__(self) -> str:
        return target_text(self.name, self.target_value, self.unit, self.target_year)
