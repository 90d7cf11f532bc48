"""Establishment (第十一至十三条): guides, applications and their versions, city recommendation,
formal review, public notice with objections, and the contract."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import City, Degree, Organisation, Person, TitleLevel
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.common.text import bracketed
from ticms.regulation.models import Verdict

# --- Guides (第十一条、第十三条第1项) ---------------------------------------------------------


def target_text(name, value, unit, year) -> str:
    """考核指标「名称：目标值单位（年份）」 in the reader's language."""
    return gettext("%(name)s：%(value)s%(unit)s（%(year)s）") % {
        "name": name,
        "value": value,
        "unit": unit,
        "year": year,
    }


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


# --- Applications (第十三条第2项) --------------------------------------------------------------


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


class FormalReview(models.Model):
    """The province's formal review (第十三条第3项): completeness, the eligibility verdict under
    the rule set then in force, and any override justification."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="formal_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("通过"))
    checks = models.JSONField(_("形式审查项"), default=dict)
    rule_set_code = models.CharField(_("规则版本"), max_length=20)
    verdict = models.CharField(_("资格核查结论"), max_length=20, choices=Verdict.choices)
    report = models.JSONField(_("资格核查结果"))
    similar = models.JSONField(_("查重结果"), default=list)
    justification = models.TextField(_("意见或例外理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-created_at", "-pk"]
        verbose_name = _("形式审查")
        verbose_name_plural = _("形式审查")

    def __str__(self) -> str:
        return f"{self.application} · {self.created_at:%Y-%m-%d}"


class OpinionResponse(models.Model):
    """The applicant's answer to one argumentation opinion (第十三条第3项)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="opinion_responses"
    )
    # Key of the opinion it answers, e.g. "panel:3" or "assignment:12".
    opinion_key = models.CharField(max_length=40)
    opinion_text = models.TextField(_("论证意见"))
    response = models.TextField(_("修改说明"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("论证意见答复")
        verbose_name_plural = _("论证意见答复")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "opinion_key"], name="unique_opinion_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.opinion_key}"


# --- Public notice, objections, contract (第十三条第4项) ----------------------------------------


class PublicNotice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("公示标题"), max_length=300)
    body = models.TextField(_("公示内容"))
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))
    workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:notice_detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


def stamp_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"objections/{instance.notice_id}/{instance.stamp_sha256}.{suffix}"


# Receipt numbers: no 0/O, 1/I/L to misread when quoted on the phone or copied by hand.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


class Objection(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    # Random, so it tells nothing of how many objections there are (unlike the primary key).
    receipt_no = models.CharField(
        _("受理编号"), max_length=RECEIPT_LENGTH, unique=True, editable=False
    )
    name = models.CharField(_("异议人姓名"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    stamp = models.FileField(_("单位盖章文件"), upload_to=stamp_path, blank=True, max_length=300)
    stamp_sha256 = models.CharField(max_length=64, blank=True)
    content = models.TextField(_("异议内容"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("处理结果"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handling_reason = models.TextField(_("处理理由"), blank=True)

    class Meta:
        ordering = ["notice", "submitted_at", "pk"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        constraints = [
            # Real name and contact, or a unit with its stamp: never anonymous.
            models.CheckConstraint(
                name="objection_not_anonymous",
                condition=(~Q(name="") & ~Q(contact="")) | (~Q(unit_name="") & ~Q(stamp_sha256="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.receipt_no}"


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
