from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ticms.common.text import localized_name

from .uscc import validate_uscc


class City(models.Model):
    """One of the 13 cities divided into districts (设区市), GB/T 2260 code."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("设区市")
        verbose_name_plural = _("设区市")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Nanjing on English pages)."""
        return localized_name(self.name, self.name_en)


class OrganisationKind(models.TextChoices):
    PROVINCE_DEPARTMENT = "province_department", _("省科技厅")
    CITY_BUREAU = "city_bureau", _("设区市科技局")
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等学校")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    LOCAL_GOVERNMENT = "local_government", _("地方政府")
    PARK = "park", _("园区")
    NEW_RD_INSTITUTION = "new_rd_institution", _("新型研发机构（独立法人）")
    AGENCY = "agency", _("第三方评估机构")
    OTHER = "other", _("其他")


class Organisation(models.Model):
    """A legal person, keyed by its unified social credit code (一数一源)."""

    name = models.CharField(_("单位名称"), max_length=200)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc]
    )
    kind = models.CharField(_("单位类型"), max_length=30, choices=OrganisationKind.choices)
    city = models.ForeignKey(
        City,
        verbose_name=_("所在设区市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        # The public directory's fingerprint reads the latest change (centers.selectors).
        indexes = [models.Index(fields=["updated_at"], name="organisation_updated")]

    def __str__(self) -> str:
        return self.name


class TitleLevel(models.TextChoices):
    SENIOR = "senior", _("正高级")
    VICE_SENIOR = "vice_senior", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    JUNIOR = "junior", _("初级")
    NONE = "none", _("无")


class Degree(models.TextChoices):
    DOCTORATE = "doctorate", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    OTHER = "other", _("其他")


QUALIFIED_TITLES = (TitleLevel.SENIOR, TitleLevel.VICE_SENIOR, TitleLevel.INTERMEDIATE)
QUALIFIED_DEGREES = (Degree.DOCTORATE, Degree.MASTER)
# 第十二条第4项: 中高级职称或硕士学位以上
QUALIFIED_Q = Q(title_level__in=QUALIFIED_TITLES) | Q(degree__in=QUALIFIED_DEGREES)


class Person(models.Model):
    """A natural person; the ID number is kept only as a keyed hash and a masked form."""

    name = models.CharField(_("姓名"), max_length=100)
    id_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    id_masked = models.CharField(_("证件号码"), max_length=32, blank=True, editable=False)
    title_level = models.CharField(
        _("职称级别"), max_length=20, choices=TitleLevel.choices, default=TitleLevel.NONE
    )
    title = models.CharField(_("职称"), max_length=100, blank=True)
    degree = models.CharField(
        _("学位"), max_length=20, choices=Degree.choices, default=Degree.OTHER
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.name

    @property
    def is_qualified(self) -> bool:
        return self.title_level in QUALIFIED_TITLES or self.degree in QUALIFIED_DEGREES


class Role(models.TextChoices):
    PROVINCE = "province", _("省科技厅")
    CITY = "city", _("设区市科技局")
    CENTER = "center", _("创新中心/依托单位")
    CO_BUILDER = "co_builder", _("共建单位")
    EXPERT = "expert", _("评审专家")
    EVALUATOR = "evaluator", _("第三方评估机构")
    SYSADMIN = "sysadmin", _("系统管理员")


ORGANISATION_ROLES = (Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR)


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("所属设区市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("人员档案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    # A center is a legal person of its own (第五条): its staff act for it whichever unit hosts
    # it. A center-role user without a center acts for the centers its organisation hosts.
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("所属技术创新中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="city_role_has_city",
                condition=~Q(role="city") | Q(city__isnull=False),
            ),
            models.CheckConstraint(
                name="only_center_role_has_center",
                condition=Q(center__isnull=True) | Q(role="center"),
            ),
            models.CheckConstraint(
                name="org_roles_have_organisation",
                condition=~Q(role__in=[r.value for r in ORGANISATION_ROLES])
                | Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_province(self) -> bool:
        return self.role == Role.PROVINCE

    @property
    def is_city(self) -> bool:
        return self.role == Role.CITY

    @property
    def is_sysadmin(self) -> bool:
        return self.role == Role.SYSADMIN

    @property
    def scope_label(self) -> str:
        if self.role == Role.CITY and self.city_id:
            return f"{self.get_role_display()} · {self.city}"
        if self.organisation_id:
            return f"{self.get_role_display()} · {self.organisation}"
        return str(self.get_role_display())


class ApiToken(models.Model):
    """A bearer token for programmatic access; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name} ({self.prefix}…)"


class LoginLock(AccessAttempt):
    """django-axes' failed-login counter for one name and address, shown to the system
    administrator in Chinese; deleting it lifts the lock."""

    class Meta:
        proxy = True
        verbose_name = _("登录失败记录与锁定")
        verbose_name_plural = _("登录失败记录与锁定")

    def __str__(self) -> str:
        return f"{self.username or '-'} @ {self.ip_address or '-'}"
