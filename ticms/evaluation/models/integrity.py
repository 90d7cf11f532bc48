"""Research integrity (第九条第5项、第二十六条): findings of falsification or research misconduct
against a center, a person or an expert, with their source and the decision taken."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["FindingKind", "FindingSubject", "IntegrityFinding"]


class FindingSubject(models.TextChoices):
    CENTER = "center", _("技术创新中心")
    PERSON = "person", _("人员")
    EXPERT = "expert", _("评审专家")


class FindingKind(models.TextChoices):
    FALSIFICATION = "falsification", _("弄虚作假")
    MISCONDUCT = "misconduct", _("科研不端行为")


class IntegrityFinding(models.Model):
    subject = models.CharField(_("对象类型"), max_length=10, choices=FindingSubject.choices)
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    expert = models.ForeignKey(
        "reviews.Expert",
        verbose_name=_("评审专家"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    kind = models.CharField(_("认定类型"), max_length=20, choices=FindingKind.choices)
    facts = models.TextField(_("认定事实"))
    source = models.CharField(_("线索来源"), max_length=200)
    decision = models.TextField(_("处理决定"))
    decided_on = models.DateField(_("认定日期"))
    # An expert found at fault leaves the pool until this day (exclusive).
    excluded_until = models.DateField(_("取消评审专家资格至"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("科研诚信认定")
        verbose_name_plural = _("科研诚信认定")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="integrity_finding_one_subject",
                condition=(
                    Q(
                        subject="center",
                        center__isnull=False,
                        person__isnull=True,
                        expert__isnull=True,
                    )
                    | Q(
                        subject="person",
                        center__isnull=True,
                        person__isnull=False,
                        expert__isnull=True,
                    )
                    | Q(
                        subject="expert",
                        center__isnull=True,
                        person__isnull=True,
                        expert__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="integrity_exclusion_only_for_experts",
                condition=Q(excluded_until__isnull=True) | Q(subject="expert"),
            ),
        ]
        indexes = [
            models.Index(fields=["center", "decided_on"]),
            models.Index(fields=["expert", "excluded_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_label}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:integrity_detail", args=[self.pk])

    @property
    def subject_label(self) -> str:
        target = self.center or self.person or self.expert
        return str(target) if target is not None else ""
