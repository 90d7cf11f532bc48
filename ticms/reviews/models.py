"""Expert argumentation (专家论证, 第十三条第3项): the expert pool, the panel the province forms per
reviewed subject (an application, an acceptance: see subjects.py), each expert's assignment with
its declaration and weighted score sheet, and the panel opinion written by the panel leader."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Organisation, Person, TitleLevel

ARTICLE = "第十三条第3项"


class Recommendation(models.TextChoices):
    SUPPORT = "support", _("支持")
    SUPPORT_WITH_CHANGES = "support_with_changes", _("修改后支持")
    OPPOSE = "oppose", _("不支持")


# --- The expert pool -----------------------------------------------------------------------------


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
        limit_choices_to={"role": "expert"},
    )
    # The natural person (hashed ID number): the team-member check of 回避 compares it.
    person = models.ForeignKey(
        Person, verbose_name=_("人员档案"), on_delete=models.PROTECT, related_name="expert_profiles"
    )
    name = models.CharField(_("姓名"), max_length=100)
    title = models.CharField(_("职称"), max_length=100, blank=True)
    title_level = models.CharField(
        _("职称级别"), max_length=20, choices=TitleLevel.choices, default=TitleLevel.SENIOR
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("工作单位"),
        on_delete=models.PROTECT,
        related_name="experts",
    )
    expertise = models.TextField(_("研究专长"), blank=True)
    fields = models.ManyToManyField(
        "catalog.IndustryField",
        verbose_name=_("熟悉的产业领域"),
        related_name="experts",
        blank=True,
    )
    is_active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        constraints = [
            models.UniqueConstraint(fields=["person"], name="unique_expert_person"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reviews:expert_edit", args=[self.pk])


class ExpertEmployment(models.Model):
    """Where the expert worked, and when; `ended_on` empty = still there."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("expert",)

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="employments")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # For a unit not registered in the system: its name and, if known, its USCC.
    name = models.CharField(_("单位名称"), max_length=200, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    ended_on = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["expert", "-started_on", "pk"]
        verbose_name = _("任职经历")
        verbose_name_plural = _("任职经历")
        constraints = [
            models.CheckConstraint(
                name="employment_has_unit", condition=Q(organisation__isnull=False) | ~Q(name="")
            ),
            models.CheckConstraint(
                name="employment_dates_ordered",
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.unit_name}"

    @property
    def unit_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    @property
    def unit_uscc(self) -> str:
        return self.organisation.uscc if self.organisation_id else self.uscc


# --- Panels and assignments ----------------------------------------------------------------------


class PanelMode(models.TextChoices):
    ONLINE = "online", _("网络评审")
    MEETING = "meeting", _("会议评审")


class PanelStatus(models.TextChoices):
    OPEN = "open", _("论证中")
    CONCLUDED = "concluded", _("已出具专家组意见")


class Panel(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("application", "acceptance__center")

    # The reviewed subject: one nullable foreign key per kind of subjects.py, exactly one set.
    # A real key joins in the same query (select_related), is protected and unique per subject.
    application = models.ForeignKey(
        "establishment.Application",
        verbose_name=_("组建申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_panels",
    )
    acceptance = models.ForeignKey(
        "evaluation.Acceptance",
        verbose_name=_("验收"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_panels",
    )
    mode = models.CharField(_("论证方式"), max_length=20, choices=PanelMode.choices)
    meeting_at = models.DateTimeField(_("会议时间"), null=True, blank=True)
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    leader = models.ForeignKey(
        Expert,
        verbose_name=_("专家组组长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("评审截止日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=PanelStatus.choices, default=PanelStatus.OPEN
    )
    opinion = models.TextField(_("专家组意见"), blank=True)
    opinion_at = models.DateTimeField(_("出具时间"), null=True, blank=True)
    recommendation = models.CharField(
        _("专家组论证结论"), max_length=30, choices=Recommendation.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("论证专家组")
        verbose_name_plural = _("论证专家组")
        constraints = [
            # One panel per application (第十三条第3项: the province organises the argumentation).
            models.UniqueConstraint(fields=["application"], name="unique_panel_per_application"),
            models.UniqueConstraint(fields=["acceptance"], name="unique_panel_per_acceptance"),
            models.CheckConstraint(
                name="panel_has_one_subject",
                condition=Q(application__isnull=False, acceptance__isnull=True)
                | Q(application__isnull=True, acceptance__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.kind.panel_name % {"name": self.subject.center_name}

    def get_absolute_url(self) -> str:
        # Neutral address: the province lands on the panel page, the leader on their assignment.
        return reverse("reviews:panel_detail", args=[self.pk])

    @property
    def kind(self):
        """The kind of what this panel reviews (subjects.SubjectKind)."""
        from .subjects import kind_of_panel

        return kind_of_panel(self)

    @property
    def subject(self):
        return getattr(self, self.kind.field)

    @property
    def subject_id(self) -> int:
        return getattr(self, f"{self.kind.field}_id")

    def get_panel_page_url(self) -> str:
        """The province's page of this panel (under its subject)."""
        return self.kind.panel_url(self.subject)


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", _("已邀请，待答复")
    ACCEPTED = "accepted", _("已接受，待声明回避情况")
    DECLARED = "declared", _("已声明无利益冲突，待评分")
    SUBMITTED = "submitted", _("已提交评分")
    DECLINED = "declined", _("已谢绝")
    CONFLICT = "conflict", _("存在利益冲突，已回避")
    WITHDRAWN = "withdrawn", _("已撤回邀请")


# Still on the panel (counted, may be leader).
ACTIVE_ASSIGNMENT_STATUSES = (
    AssignmentStatus.INVITED,
    AssignmentStatus.ACCEPTED,
    AssignmentStatus.DECLARED,
    AssignmentStatus.SUBMITTED,
)
# Accepted the invitation and still to score.
PENDING_SCORE_STATUSES = (AssignmentStatus.ACCEPTED, AssignmentStatus.DECLARED)
# May read the application content (accepted and declared no conflict).
CLEARED_STATUSES = (AssignmentStatus.DECLARED, AssignmentStatus.SUBMITTED)


class Assignment(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("panel__application", "panel__acceptance__center")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.INVITED,
    )
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    declared_at = models.DateTimeField(_("声明时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    comments = models.TextField(_("评审意见"), blank=True)
    recommendation = models.CharField(
        _("评审结论"), max_length=30, choices=Recommendation.choices, blank=True
    )

    class Meta:
        ordering = ["panel", "pk"]
        verbose_name = _("论证任务")
        verbose_name_plural = _("论证任务")
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="unique_panel_expert"),
        ]
        indexes = [models.Index(fields=["expert", "status"])]

    def __str__(self) -> str:
        return _("「%(name)s」专家论证") % {"name": self.panel.subject.center_name}

    def get_absolute_url(self) -> str:
        return reverse("reviews:assignment_detail", args=[self.pk])

    @property
    def due_on(self):
        """The deadline a to-do about this assignment carries."""
        return self.panel.due_on

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ASSIGNMENT_STATUSES


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    # The criterion of the subject's sheet: one nullable key per kind (subjects.py), one set.
    criterion = models.ForeignKey(
        "establishment.GuideCriterion",
        verbose_name=_("评审指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acceptance_criterion = models.ForeignKey(
        "evaluation.AcceptanceCriterion",
        verbose_name=_("验收评审指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["assignment", "criterion_id", "acceptance_criterion_id"]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="unique_score"),
            models.UniqueConstraint(
                fields=["assignment", "acceptance_criterion"], name="unique_acceptance_score"
            ),
            models.CheckConstraint(
                name="score_has_one_criterion",
                condition=Q(criterion__isnull=False, acceptance_criterion__isnull=True)
                | Q(criterion__isnull=True, acceptance_criterion__isnull=False),
            ),
            models.CheckConstraint(
                name="score_range", condition=Q(score__gte=Decimal(0)) & Q(score__lte=Decimal(100))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key}: {self.score}"

    @property
    def criterion_key(self) -> int:
        """The criterion's id on the sheet of its kind."""
        return self.criterion_id or self.acceptance_criterion_id
