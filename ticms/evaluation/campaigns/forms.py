"""Forms of the campaign pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import DateInput, StyledFormMixin

from ..models import IndicatorSystem
from .ratings import LABELS


class CampaignForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("评估批次名称"), max_length=200)
    year_from = forms.IntegerField(label=_("评估期起始年度"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("评估期截止年度"), min_value=2000, max_value=2100)
    system_id = forms.ChoiceField(label=_("指标体系"))
    agency_id = forms.ChoiceField(label=_("受托评估机构"), help_text=_("须为有评估机构用户的单位"))
    self_evaluation_due = forms.DateField(label=_("自评截止日期"), widget=DateInput())
    city_check_due = forms.DateField(label=_("设区市审核截止日期"), widget=DateInput())
    scoring_due = forms.DateField(label=_("评估打分截止日期"), widget=DateInput())

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        systems = IndicatorSystem.objects.order_by("code", "-version")
        self.fields["system_id"].choices = [(s.pk, str(s)) for s in systems]
        self.fields["agency_id"].choices = [(a.pk, a.name) for a in agencies]


class ScoreForm(StyledFormMixin, forms.Form):
    score = forms.CharField(label=_("得分"), max_length=20)
    reason = forms.CharField(label=_("评分理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RulesForm(StyledFormMixin, forms.Form):
    """Rating rules; in the preview also other first-level weights (one field per group)."""

    excellent_min = forms.CharField(label=LABELS["excellent_min"], required=False, max_length=10)
    good_min = forms.CharField(label=LABELS["good_min"], required=False, max_length=10)
    excellent_share = forms.CharField(
        label=LABELS["excellent_share"], required=False, max_length=10
    )
    good_share = forms.CharField(label=LABELS["good_share"], required=False, max_length=10)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        for group in groups:
            name = f"w_{group.pk}"
            self.fields[name] = forms.CharField(
                label=_("「%(name)s」权重") % {"name": f"{group.code} {group.name}"},
                required=False,
                max_length=10,
            )
            self.style_field(name, self.fields[name])

    def weights(self, groups) -> dict:
        return {g.pk: (self.data.get(f"w_{g.pk}") or "").strip() for g in groups}


class EvidenceForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        help_text=_("PDF、OFD、PNG、JPG、DOCX、XLSX，单个不超过20MB"),
    )
