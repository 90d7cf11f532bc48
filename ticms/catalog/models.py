from django.db import models
from django.utils.translation import gettext_lazy as _

from ticms.common.text import localized_name


class FieldCategory(models.TextChoices):
    EMERGING = "emerging", _("新兴产业")
    TRADITIONAL = "traditional", _("传统产业")
    FUTURE = "future", _("未来产业")


class IndustryField(models.Model):
    """An industry field; those with a parent are the sub-fields (细分产业领域) of 第四条."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    category = models.CharField(_("产业类别"), max_length=20, choices=FieldCategory.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_fields",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("产业领域")
        verbose_name_plural = _("产业领域")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Integrated circuits on English pages)."""
        return localized_name(self.name, self.name_en)

    @property
    def is_sub_field(self) -> bool:
        return self.parent_id is not None


class PlatformKind(models.TextChoices):
    INDUSTRY_INNOVATION_CENTER = "industry_innovation_center", _("省级产业创新中心")
    MANUFACTURING_INNOVATION_CENTER = "manufacturing_innovation_center", _("省级制造业创新中心")
    TECHNOLOGY_INNOVATION_CENTER = "technology_innovation_center", _("省级技术创新中心")


class ExistingPlatform(models.Model):
    """A provincial platform already built in a sub-field (第四条: no duplicate layout)."""

    name = models.CharField(_("平台名称"), max_length=200)
    kind = models.CharField(_("平台类型"), max_length=40, choices=PlatformKind.choices)
    sub_field = models.ForeignKey(
        IndustryField,
        verbose_name=_("细分产业领域"),
        on_delete=models.PROTECT,
        related_name="platforms",
        limit_choices_to={"parent__isnull": False},
    )
    city = models.ForeignKey(
        "accounts.City",
        verbose_name=_("所在设区市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    host = models.CharField(_("牵头/依托单位"), max_length=200, blank=True)
    approved_year = models.PositiveSmallIntegerField(_("认定年份"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("已建平台")
        verbose_name_plural = _("已建平台")

    def __str__(self) -> str:
        return self.name
