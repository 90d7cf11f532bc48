"""Guides (第十一条、第十三条第1项): the call for applications with its window, quotas by city,
priority fields, required materials and review criteria."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import City
from ticms.common.text import bracketed


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已截止")


class MaterialKind(models.TextChoices):
    CO_BUILDING_AGREEMENT = "co_building_agreement", _("共建协议")
    CREDIT_COMMITMENT = "credit_commitment", _("科研诚信承诺书")
    POLICY_DOCUMENT = "policy_document", _("产业政策文件")
    INVESTMENT_PROOF = "investment_proof", _("地方政府投入证明")
    LEGAL_PERSON_CERTIFICATE = "legal_person_certificate", _("法人登记证书")
    SITE_PROOF = "site_proof", _("研发场地证明")
    OTHER = "other", _("其他材料")


class Guide(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("指南名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT
    )
    priority_fields = models.ManyToManyField(
        "catalog.IndustryField",
        verbose_name=_("优先布局领域"),
        related_name="guides",
        blank=True,
    )
    opens_on = models.DateField(_("申报开始日期"))
    closes_on = models.DateField(_("申报截止日期"))
    city_review_ends_on = models.DateField(_("设区市推荐截止日期"), null=True, blank=True)
    required_materials = models.JSONField(_("须提交的附件材料"), default=list, blank=True)
    requirements = models.TextField(_("申报要求"), blank=True)
    notice_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-opens_on", "pk"]
        verbose_name = _("申报指南")
        verbose_name_plural = _("申报指南")
        constraints = [
            models.CheckConstraint(
                name="guide_window_ordered", condition=Q(closes_on__gte=models.F("opens_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("establishment:guide_detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.status == GuideStatus.PUBLISHED and self.opens_on <= day <= self.closes_on


class GuideQuota(models.Model):
    """少而精: how many applications a city may recommend under a guide (optional)."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("guide", "city")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="quotas")
    city = models.ForeignKey(City, verbose_name=_("设区市"), on_delete=models.PROTECT)
    quota = models.PositiveSmallIntegerField(_("推荐名额"))

    class Meta:
        ordering = ["guide", "city__code"]
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        constraints = [
            models.UniqueConstraint(fields=["guide", "city"], name="unique_guide_quota"),
        ]

    def __str__(self) -> str:
        return f"{self.guide} · {self.city} · {self.quota}"


class GuideCriterion(models.Model):
    """One line of the expert score sheet; weights of a guide add up to 100."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评审指标"), max_length=100)
    description = models.CharField(_("评分要点"), max_length=500, blank=True)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["guide", "order", "pk"]
        verbose_name = _("评审指标")
        verbose_name_plural = _("评审指标")
        constraints = [
            models.CheckConstraint(
                name="criterion_weight_range", condition=Q(weight__gt=0) & Q(weight__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return bracketed(self.name, f"{self.weight}%")
