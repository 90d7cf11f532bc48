"""Acceptance at the end of the construction period (验收, 第七条第3项): the center applies with a
self-assessment, its city gives an opinion, the province has an expert panel (reviews) judge it
and records the conclusion. Each attempt is one record; after 不通过 with a rectification
deadline the center applies again with a new one."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ACCEPTANCE_ARTICLE",
    "OPEN_ACCEPTANCE_STATUSES",
    "Acceptance",
    "AcceptanceCriterion",
    "AcceptanceStatus",
]

ACCEPTANCE_ARTICLE = "第七条第3项"


class AcceptanceStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    CITY_REVIEW = "city_review", _("待设区市出具意见")
    PROVINCE_REVIEW = "province_review", _("待省科技厅组织验收")
    EXPERT_REVIEW = "expert_review", _("专家组验收中")
    PASSED = "passed", _("验收通过")
    FAILED = "failed", _("验收不通过，限期整改")
    REVOKED = "revoked", _("验收不通过，撤销")


# An attempt still under way: a center has at most one (the constraint below).
OPEN_ACCEPTANCE_STATUSES = (
    AcceptanceStatus.DRAFT,
    AcceptanceStatus.CITY_REVIEW,
    AcceptanceStatus.PROVINCE_REVIEW,
    AcceptanceStatus.EXPERT_REVIEW,
)


class Acceptance(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center",)

    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    attempt = models.PositiveSmallIntegerField(_("验收次数"), default=1)
    status = models.CharField(
        _("状态"), max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.DRAFT
    )
    self_assessment = models.TextField(_("自评报告"), blank=True)
    city_opinion = models.TextField(_("设区市意见"), blank=True)
    conclusion = models.TextField(_("验收结论"), blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("验收")
        verbose_name_plural = _("验收")
        constraints = [
            models.UniqueConstraint(fields=["center", "attempt"], name="unique_acceptance_attempt"),
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(
                    status__in=["draft", "city_review", "province_review", "expert_review"]
                ),
                name="one_open_acceptance_per_center",
            ),
        ]
        indexes = [models.Index(fields=["status", "center"])]

    def __str__(self) -> str:
        return _("「%(center)s」第%(n)d次验收") % {"center": self.center, "n": self.attempt}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:acceptance_detail", args=[self.pk])

    # What the reviews pages show of a reviewed subject (reviews.subjects).
    @property
    def center_name(self) -> str:
        return self.center.name

    @property
    def code(self) -> str:
        return f"{self.center.code}-A{self.attempt}"

    @property
    def city(self):
        return self.center.city

    @property
    def host_unit(self):
        return self.center.host_unit

    @property
    def sub_field(self):
        return self.center.sub_field

    @property
    def due_on(self):
        """The deadline a to-do about this acceptance carries (the rectification)."""
        return self.rectification_deadline if self.status == AcceptanceStatus.FAILED else None


class AcceptanceCriterion(models.Model):
    """One line of the experts' score sheet, copied onto each acceptance when the province
    forms its panel: the sheet an old acceptance was scored on never changes."""

    acceptance = models.ForeignKey(Acceptance, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评审指标"), max_length=200)
    description = models.TextField(_("评分要点"), blank=True)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["acceptance", "order", "pk"]
        verbose_name = _("验收评审指标")
        verbose_name_plural = _("验收评审指标")
        constraints = [
            models.CheckConstraint(
                name="acceptance_criterion_weight",
                condition=Q(weight__gt=Decimal(0)) & Q(weight__lte=Decimal(100)),
            ),
        ]

    def __str__(self) -> str:
        return self.name
