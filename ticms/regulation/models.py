from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ticms.common.text import bracketed


class Verdict(models.TextChoices):
    """The outcome of an establishment-conditions check (第十二条、第四条)."""

    ELIGIBLE = "eligible", _("符合组建条件")
    NEEDS_OVERRIDE = "needs_override", _("原则性条件未满足，须经省科技厅书面说明理由后方可通过")
    INCOMPLETE = "incomplete", _("数据不完整，请补充后再核查")
    INELIGIBLE = "ineligible", _("不符合组建条件")


class Chapter(models.Model):
    number = models.PositiveSmallIntegerField(_("章序"), unique=True)
    label = models.CharField(_("章"), max_length=20)
    title = models.CharField(_("章名"), max_length=50)

    class Meta:
        ordering = ["number"]
        verbose_name = _("章")
        verbose_name_plural = _("章")

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class Article(models.Model):
    """One article of 《江苏省技术创新中心管理办法（试行）》, with its numbered items."""

    number = models.PositiveSmallIntegerField(_("条序"), unique=True)
    label = models.CharField(_("条"), max_length=20)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    text = models.TextField(_("正文"))
    items = models.JSONField(_("项"), default=list, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("条款")
        verbose_name_plural = _("条款")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("regulation:article", args=[self.number])

    @property
    def numbered_items(self) -> list[tuple[int, str]]:
        return list(enumerate(self.items, start=1))


class RuleSet(models.Model):
    """Thresholds in force from a date; a decision keeps the version it was made under."""

    code = models.CharField(_("版本号"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    effective_from = models.DateField(_("生效日期"), unique=True)
    thresholds = models.JSONField(_("阈值"))
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("规则集")
        verbose_name_plural = _("规则集")

    def __str__(self) -> str:
        return bracketed(self.code, gettext("%(day)s 起施行") % {"day": self.effective_from})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .thresholds import threshold_problems

        problems = threshold_problems(self.thresholds)
        if problems:
            raise ValidationError({"thresholds": problems})
