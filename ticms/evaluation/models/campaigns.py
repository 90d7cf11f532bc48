"""Performance evaluation (第二十四条): versioned indicator systems, campaigns entrusted to an
agency, each center's part in a campaign, its indicator scores and its rating."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Campaign",
    "CampaignCenter",
    "CampaignCenterStatus",
    "CampaignStatus",
    "EvidenceFile",
    "Indicator",
    "IndicatorKind",
    "IndicatorScore",
    "IndicatorSystem",
    "Rating",
    "ScoringMethod",
]


class IndicatorSystem(models.Model):
    """One version of an indicator tree. A campaign keeps the version it was opened with, so a
    later revision never changes a published result."""

    code = models.CharField(_("体系代码"), max_length=50)
    version = models.PositiveIntegerField(_("版本"))
    name = models.CharField(_("指标体系名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("评估指标体系")
        verbose_name_plural = _("评估指标体系")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_indicator_system")
        ]

    def __str__(self) -> str:
        return _("%(name)s（第%(version)d版）") % {"name": self.name, "version": self.version}


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("定量")
    QUALITATIVE = "qualitative", _("定性")


class ScoringMethod(models.TextChoices):
    LINEAR = "linear", _("线性（基准值至目标值）")
    BANDS = "bands", _("分档")
    RANK = "rank", _("批次内排名")
    JUDGEMENT = "judgement", _("评估机构评分")


class Indicator(models.Model):
    """A first-level indicator (a group: no parent, no method) or a second-level one. Scores of
    second-level indicators are on 0–100; weights say how they add up (see scoring.py)."""

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("指标编号"), max_length=30)
    name = models.CharField(_("指标名称"), max_length=200)
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("类型"), max_length=20, choices=IndicatorKind.choices, blank=True)
    method = models.CharField(
        _("计分方法"), max_length=20, choices=ScoringMethod.choices, blank=True
    )
    # Annual-report figure paths (reporting.figures) summed into the indicator's value; with
    # `aggregate` over the campaign's report years: "sum" (flows) or "latest" (stocks).
    sources = models.JSONField(_("数据来源"), default=list, blank=True)
    aggregate = models.CharField(max_length=10, default="sum", blank=True)
    floor = models.DecimalField(_("基准值"), max_digits=16, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(
        _("目标值"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    # [[lower bound (inclusive), score], ...] in ascending order of the bound.
    bands = models.JSONField(_("分档"), default=list, blank=True)
    # A qualitative score is given within this range (of 0–100).
    min_score = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(max_digits=6, decimal_places=2, default=100)
    guidance = models.TextField(_("评分说明"), blank=True)

    class Meta:
        ordering = ["system", "order", "pk"]
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_group(self) -> bool:
        return self.parent_id is None


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    POOR = "poor", _("较差")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草拟中")
    COLLECTING = "collecting", _("自评与审核中")
    SCORING = "scoring", _("评估打分中")
    REVIEWING = "reviewing", _("省科技厅审核中")
    PUBLISHED = "published", _("已发布")


class Campaign(models.Model):
    NAME_RELATED = ()

    name = models.CharField(_("评估批次名称"), max_length=200)
    year_from = models.PositiveSmallIntegerField(_("评估期起始年度"))
    year_to = models.PositiveSmallIntegerField(_("评估期截止年度"))
    system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("指标体系"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("受托评估机构"),
        on_delete=models.PROTECT,
        related_name="evaluation_campaigns",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    self_evaluation_due = models.DateField(_("自评截止日期"))
    city_check_due = models.DateField(_("设区市审核截止日期"))
    scoring_due = models.DateField(_("评估打分截止日期"))
    # ratings.RatingRules as JSON: thresholds and shares (decimal strings or null).
    rating_rules = models.JSONField(_("评级规则"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    # A qualitative score or a veto changed after the last computation.
    stale = models.BooleanField(default=True)
    compute_job = models.ForeignKey(
        "common.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The dynamic-management proposals made after publishing (evaluation.links).
    proposals_job = models.ForeignKey(
        "common.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_to", "-pk"]
        verbose_name = _("评估批次")
        verbose_name_plural = _("评估批次")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:campaign_detail", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def due_on(self):
        return {
            CampaignStatus.COLLECTING: self.city_check_due,
            CampaignStatus.SCORING: self.scoring_due,
        }.get(self.status)


class CampaignCenterStatus(models.TextChoices):
    PENDING = "pending", _("待确认数据与自评")
    RETURNED = "returned", _("退回修改")
    SELF_SUBMITTED = "self_submitted", _("待设区市审核")
    CITY_CHECKED = "city_checked", _("设区市已审核")
    ONSITE = "onsite", _("现场核查中")
    ONSITE_DONE = "onsite_done", _("已现场核查")
    ABSENT = "absent", _("未参评")
    EXCUSED = "excused", _("未参评（理由已认可）")


NOT_PARTICIPATING = (CampaignCenterStatus.ABSENT, CampaignCenterStatus.EXCUSED)
NOT_YET_SUBMITTED = (CampaignCenterStatus.PENDING, CampaignCenterStatus.RETURNED)


class CampaignCenter(models.Model):
    """A center's part in a campaign: its self-evaluation, its city's opinion, the on-site check,
    then its total, rank and rating."""

    NAME_RELATED = ("campaign", "center")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("技术创新中心"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CampaignCenterStatus.choices,
        default=CampaignCenterStatus.PENDING,
    )
    data_confirmed = models.BooleanField(_("已确认年度报告数据"), default=False)
    self_evaluation = models.TextField(_("自评报告"), blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True)
    city_opinion = models.TextField(_("设区市审核意见"), blank=True)
    absence_reason = models.TextField(_("未参评理由"), blank=True)
    onsite_findings = models.TextField(_("现场核查情况"), blank=True)
    veto = models.BooleanField(_("一票否决"), default=False)
    veto_reason = models.TextField(_("否决理由"), blank=True)
    veto_source = models.CharField(_("否决来源"), max_length=200, blank=True)
    # Rounded half up to two decimals; the rank and the rating are by this figure.
    total = models.DecimalField(
        _("综合得分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    rating = models.CharField(_("评估等级"), max_length=20, choices=Rating.choices, blank=True)
    # Why this rating (threshold, share cap, tie, veto), as messages (common.messages).
    rating_note = models.JSONField(default=list, blank=True)
    # The computed quantitative scores: indicator id → value, score, the figures used (by year,
    # with the source report) and the working of the method. One row per center, so that a
    # campaign of thousands computes in seconds; the agency's qualitative scores are rows of
    # IndicatorScore.
    breakdown = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["campaign", "rank", "center"]
        verbose_name = _("参评中心")
        verbose_name_plural = _("参评中心")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "center"], name="unique_campaign_center")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.center}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:campaign_center", args=[self.campaign_id, self.pk])

    @property
    def participated(self) -> bool:
        return self.status not in NOT_PARTICIPATING

    @property
    def due_on(self):
        if self.status in NOT_YET_SUBMITTED:
            return self.campaign.self_evaluation_due
        if self.status == CampaignCenterStatus.SELF_SUBMITTED:
            return self.campaign.city_check_due
        if self.status == CampaignCenterStatus.ONSITE:
            return self.campaign.scoring_due
        return None


class IndicatorScore(models.Model):
    """A qualitative indicator's score given by the agency, with its written reason."""

    entry = models.ForeignKey(CampaignCenter, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True)
    working = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("评分理由"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "indicator"], name="unique_indicator_score")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.indicator_id} = {self.score}"


def _evidence_path(instance, filename: str) -> str:
    entry = instance.entry
    return f"evaluation/{entry.campaign_id}/{entry.center_id}/{filename}"


class EvidenceFile(models.Model):
    """A file supporting a center's self-evaluation (第九条第4项: 做好绩效评估工作)."""

    entry = models.ForeignKey(
        CampaignCenter, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name
