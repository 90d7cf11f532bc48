from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import City, Organisation, Person


class CenterStatus(models.TextChoices):
    CULTIVATING = "cultivating", _("培育中")
    CONSTRUCTING = "constructing", _("建设中")
    ACCEPTING = "accepting", _("验收中")
    OPERATING = "operating", _("运行中")
    RECTIFYING = "rectifying", _("限期整改")
    RECTIFICATION_REVIEW = "rectification_review", _("整改待复核")
    REMOVED = "removed", _("不再纳入序列管理")
    REVOKED = "revoked", _("已撤销")


# Provincial centers that occupy their sub-field (第四条) ...
LAYOUT_STATUSES = (
    CenterStatus.CONSTRUCTING,
    CenterStatus.ACCEPTING,
    CenterStatus.OPERATING,
    CenterStatus.RECTIFYING,
    CenterStatus.RECTIFICATION_REVIEW,
)
# ... and every center the province ever supported (第十二条第4项: no repeat support).
SUPPORTED_STATUSES = (*LAYOUT_STATUSES, CenterStatus.REMOVED, CenterStatus.REVOKED)
# Shown in the public directory.
PUBLIC_STATUSES = LAYOUT_STATUSES


class CoBuilderKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("地方政府")
    PARK = "park", _("园区")
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高校")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    OTHER = "other", _("其他")


class TeamType(models.TextChoices):
    CORE_RD = "core_rd", _("核心技术研发团队")
    TECH_SUPPORT = "tech_support", _("技术支撑服务团队")
    TRANSFER = "transfer", _("成果转化应用团队")


class Center(models.Model):
    code = models.CharField(_("编号"), max_length=30, unique=True)
    name = models.CharField(_("中心名称"), max_length=200)
    host_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        related_name="hosted_centers",
    )
    city = models.ForeignKey(
        City, verbose_name=_("所在设区市"), on_delete=models.PROTECT, related_name="centers"
    )
    sub_field = models.ForeignKey(
        "catalog.IndustryField",
        verbose_name=_("细分产业领域"),
        on_delete=models.PROTECT,
        related_name="centers",
        limit_choices_to={"parent__isnull": False},
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CenterStatus.choices, default=CenterStatus.CULTIVATING
    )
    headquarters = models.ForeignKey(
        "self",
        verbose_name=_("总部"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    director = models.ForeignKey(
        Person,
        verbose_name=_("主任"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directed_centers",
    )
    executive_director = models.ForeignKey(
        Person,
        verbose_name=_("执行主任"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="executive_centers",
    )
    executive_director_full_time = models.BooleanField(_("执行主任全职"), default=False)
    rd_site_area_m2 = models.DecimalField(
        _("独立研发场地面积（m²）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    instrument_value_wan_yuan = models.DecimalField(
        _("科研仪器设备原值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    research_directions = models.TextField(_("重点技术领域和研发方向"), blank=True)
    # With the directions, the major adjustments of 第八条第3项 (changed by change request only).
    development_goals = models.TextField(_("发展目标"), blank=True)
    organisation_structure = models.TextField(_("组织架构"), blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    approval_doc_no = models.CharField(_("批准组建文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准组建日期"), null=True, blank=True)
    construction_starts_on = models.DateField(_("建设期开始"), null=True, blank=True)
    construction_ends_on = models.DateField(_("建设期结束"), null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("技术创新中心")
        verbose_name_plural = _("技术创新中心")
        indexes = [
            models.Index(fields=["city", "status"]),
            models.Index(fields=["sub_field"]),
            # Fingerprints of cached public tables and network aggregates read the latest change.
            models.Index(fields=["updated_at"], name="center_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                name="center_not_own_headquarters",
                condition=Q(headquarters__isnull=True) | ~Q(headquarters=models.F("pk")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centers:detail", args=[self.pk])

    @property
    def is_branch(self) -> bool:
        return self.headquarters_id is not None

    @property
    def due_on(self):
        """Deadline that a to-do about this center carries (rectification)."""
        if self.status in (CenterStatus.RECTIFYING, CenterStatus.RECTIFICATION_REVIEW):
            return self.rectification_deadline
        return None


class CenterCoBuilder(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center", "organisation")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="co_builders")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("共建单位"),
        on_delete=models.PROTECT,
        related_name="co_built_centers",
    )
    kind = models.CharField(_("共建单位类型"), max_length=30, choices=CoBuilderKind.choices)
    duties = models.TextField(_("分工负责的建设任务"), blank=True)
    agreement_signed_on = models.DateField(_("共建协议签署日期"), null=True, blank=True)

    class Meta:
        ordering = ["center", "pk"]
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")
        constraints = [
            models.UniqueConstraint(fields=["center", "organisation"], name="unique_co_builder")
        ]

    def __str__(self) -> str:
        return f"{self.center} · {self.organisation}"


class TeamMember(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("person",)

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="team_members")
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    team = models.CharField(_("所属团队"), max_length=20, choices=TeamType.choices)
    position = models.CharField(_("岗位"), max_length=100, blank=True)
    full_time = models.BooleanField(_("全职"), default=True)
    is_rd_staff = models.BooleanField(_("研发人员"), default=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    class Meta:
        ordering = ["center", "team", "pk"]
        verbose_name = _("团队成员")
        verbose_name_plural = _("团队成员")
        constraints = [
            models.UniqueConstraint(fields=["center", "person"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_team_display()}"


class GovernanceKind(models.TextChoices):
    BOARD = "board", _("理事会")
    EXPERT_COMMITTEE = "expert_committee", _("专家委员会")
    PARTY_ORGANISATION = "party_org", _("党组织")


GOVERNANCE_ARTICLES = {
    GovernanceKind.BOARD: "第十四条",
    GovernanceKind.EXPERT_COMMITTEE: "第十六条",
    GovernanceKind.PARTY_ORGANISATION: "第十七条",
}


class GovernanceBody(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="governance")
    kind = models.CharField(_("机构类型"), max_length=20, choices=GovernanceKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["center", "kind"]
        verbose_name = _("治理机构")
        verbose_name_plural = _("治理机构")
        constraints = [
            models.UniqueConstraint(fields=["center", "kind"], name="unique_governance_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def article(self) -> str:
        return GOVERNANCE_ARTICLES[self.kind]


class GovernanceMember(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("person", "organisation")

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("职务"), max_length=100)

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = _("治理机构成员")
        verbose_name_plural = _("治理机构成员")
        constraints = [
            models.CheckConstraint(
                name="governance_member_person_or_org",
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.organisation} · {self.position}"


class AllianceMember(models.Model):
    """A member of the center's industrial technology innovation alliance (第十九条): looser than
    a co-building unit (no co-building agreement, no construction duties)."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("center", "organisation")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="alliance_members")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("成员单位"),
        on_delete=models.PROTECT,
        related_name="alliance_memberships",
    )
    kind = models.CharField(_("成员类型"), max_length=30, choices=CoBuilderKind.choices)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    note = models.CharField(_("合作内容"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["center", "pk"]
        verbose_name = _("产业技术创新联盟成员")
        verbose_name_plural = _("产业技术创新联盟成员")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "organisation"], name="unique_alliance_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.center} · {self.organisation}"
