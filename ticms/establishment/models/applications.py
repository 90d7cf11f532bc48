"""Applications (第十三条第2项): the application with its plan and conditions, its rows
(targets, co-builders, team, excluded units), attachments and submitted versions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import City, Degree, Organisation, Person, TitleLevel
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.regulation.models import Verdict

from .guides import Guide, MaterialKind


def target_text(name, value, unit, year) -> str:
    """考核指标「名称：目标值单位（年份）」 in the reader's language."""
    return gettext("%(name)s：%(value)s%(unit)s（%(year)s）") % {
        "name": name,
        "value": value,
        "unit": unit,
        "year": year,
    }


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    CITY_REVIEW = "city_review", _("设区市审核中")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")
    CITY_REJECTED = "city_rejected", _("设区市不予推荐")
    FORMAL_REVIEW = "formal_review", _("形式审查中")
    ARGUMENTATION = "argumentation", _("专家论证中")
    REVISING = "revising", _("按论证意见完善中")
    REVISION_REVIEW = "revision_review", _("完善方案设区市审核中")
    DECISION = "decision", _("待省科技厅研究决定")
    NOTICE = "notice", _("公示中")
    APPROVED = "approved", _("已批准组建")
    CONTRACTED = "contracted", _("已签订合同")
    REJECTED = "rejected", _("未予支持")


# The center side may change the content only in these states.
EDITABLE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.RETURNED,
    ApplicationStatus.REVISING,
)
# Past the city: compared in the duplicate-layout and repeat-support checks (第四条、第十二条).
PIPELINE_STATUSES = (
    ApplicationStatus.CITY_REVIEW,
    ApplicationStatus.FORMAL_REVIEW,
    ApplicationStatus.ARGUMENTATION,
    ApplicationStatus.REVISING,
    ApplicationStatus.REVISION_REVIEW,
    ApplicationStatus.DECISION,
    ApplicationStatus.NOTICE,
    ApplicationStatus.APPROVED,
)
FINAL_STATUSES = (
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.CITY_REJECTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.CONTRACTED,
)

# The construction plan sections that 第十三条第2项 lists (the targets are rows).
PLAN_SECTIONS = (
    ("plan_directions", _("重点技术领域和研发方向")),
    ("plan_model", _("组建模式")),
    ("plan_goals", _("发展目标")),
    ("plan_tasks", _("重点任务")),
    ("plan_mechanism", _("管理运行机制")),
    ("plan_safeguards", _("保障措施")),
    ("plan_schedule", _("工作进度")),
)


class Application(models.Model):
    code = models.CharField(_("申报编号"), max_length=30, unique=True)
    guide = models.ForeignKey(
        Guide, verbose_name=_("申报指南"), on_delete=models.PROTECT, related_name="applications"
    )
    city = models.ForeignKey(
        City, verbose_name=_("所在设区市"), on_delete=models.PROTECT, related_name="applications"
    )
    host_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    center_name = models.CharField(_("拟建中心名称"), max_length=200)
    sub_field = models.ForeignKey(
        "catalog.IndustryField",
        verbose_name=_("细分产业领域"),
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # The construction plan (建设方案).
    plan_directions = models.TextField(_("重点技术领域和研发方向"), blank=True)
    plan_model = models.TextField(_("组建模式"), blank=True)
    plan_goals = models.TextField(_("发展目标"), blank=True)
    plan_tasks = models.TextField(_("重点任务"), blank=True)
    plan_mechanism = models.TextField(_("管理运行机制"), blank=True)
    plan_safeguards = models.TextField(_("保障措施"), blank=True)
    plan_schedule = models.TextField(_("工作进度"), blank=True)
    # The eligibility data of 第十二条 that is not rows: the `center`, `host_unit`, `region`
    # and `team` sections of the profile (docs/eligibility.md), as the forms saved them.
    profile_data = models.JSONField(_("组建条件数据"), default=dict, blank=True)
    director = models.ForeignKey(
        Person,
        verbose_name=_("拟任主任"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    executive_director = models.ForeignKey(
        Person,
        verbose_name=_("拟任执行主任"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("推荐时间"), null=True, blank=True)
    # Recorded when the province decides (DESIGN §3): the rule set and its verdict.
    rule_set_code = models.CharField(_("规则版本"), max_length=20, blank=True)
    eligibility_verdict = models.CharField(
        _("资格核查结论"), max_length=20, blank=True, choices=Verdict.choices
    )
    approval_doc_no = models.CharField(_("批准组建文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准组建日期"), null=True, blank=True)
    # An application for a regional center already cultivated (第六条, 以建促创) names it from the
    # start, and its contract promotes that record; otherwise the contract creates the center.
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("组建申请")
        verbose_name_plural = _("组建申请")
        indexes = [
            models.Index(fields=["city", "status"]),
            models.Index(fields=["guide", "status"]),
            models.Index(fields=["host_unit"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "host_unit"],
                condition=~Q(status__in=["withdrawn", "city_rejected", "rejected", "contracted"]),
                name="one_live_application_per_host_and_guide",
            ),
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(center__isnull=False)
                & ~Q(status__in=["withdrawn", "city_rejected", "rejected", "contracted"]),
                name="one_live_application_per_center",
            ),
        ]

    def __str__(self) -> str:
        return self.center_name

    def get_absolute_url(self) -> str:
        return reverse("establishment:application_detail", args=[self.pk])

    @property
    def due_on(self):
        """The deadline a to-do about this application carries."""
        if self.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
            return self.guide.closes_on
        if self.status == ApplicationStatus.CITY_REVIEW:
            return self.guide.city_review_ends_on
        if self.status == ApplicationStatus.NOTICE:
            notice = self.notices.order_by("-published_at", "-pk").first()
            return notice.ends_on if notice else None
        return None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def plan_text(self) -> str:
        return "\n".join(getattr(self, name) for name, _label in PLAN_SECTIONS)


class ApplicationTarget(models.Model):
    """考核指标: what the contract will measure the center against."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=30)
    baseline = models.DecimalField(
        _("现有基础"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("完成年度"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["application", "order", "pk"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return target_text(self.name, self.target_value, self.unit, self.target_year)


class ApplicationCoBuilder(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_builders"
    )
    name = models.CharField(_("共建单位名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    kind = models.CharField(_("共建单位类型"), max_length=30, choices=CoBuilderKind.choices)
    duties = models.TextField(_("分工负责的建设任务"), blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "uscc"], name="unique_application_co_builder"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationTeamMember(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("person",)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="team_members"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT)
    team = models.CharField(_("所属团队"), max_length=20, choices=TeamType.choices)
    position = models.CharField(_("岗位"), max_length=100, blank=True)
    full_time = models.BooleanField(_("全职"), default=True)
    is_rd_staff = models.BooleanField(_("研发人员"), default=True)
    # As this application states them (第十二条第4项 counts them), not the person's record.
    title_level = models.CharField(
        _("职称级别"), max_length=20, choices=TitleLevel.choices, default=TitleLevel.NONE
    )
    degree = models.CharField(
        _("学位"), max_length=20, choices=Degree.choices, default=Degree.OTHER
    )

    class Meta:
        ordering = ["application", "team", "pk"]
        verbose_name = _("团队成员")
        verbose_name_plural = _("团队成员")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "person"], name="unique_application_team_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_team_display()}"


class ExcludedUnit(models.Model):
    """Units the applicant asks to keep out of its expert panel (回避单位)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="excluded_units"
    )
    name = models.CharField(_("回避单位名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    reason = models.CharField(_("回避理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("回避单位")
        verbose_name_plural = _("回避单位")

    def __str__(self) -> str:
        return self.name


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the user: only the digest and a safe suffix.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{instance.application_id}/{instance.sha256}.{suffix}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=40, choices=MaterialKind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "kind", "pk"]
        verbose_name = _("附件材料")
        verbose_name_plural = _("附件材料")

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """A frozen copy of everything the applicant submitted, one per submission."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("application",)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    event = models.CharField(_("事由"), max_length=40)
    snapshot = models.JSONField(_("内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("申请书版本")
        verbose_name_plural = _("申请书版本")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="unique_application_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"
