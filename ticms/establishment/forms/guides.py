"""Forms of the province's guide pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.catalog.models import IndustryField
from ticms.common.forms import DateInput, StyledFormMixin

from ..models import MaterialKind

CRITERIA_ROWS = 8


class GuideForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("指南名称"), max_length=200)
    opens_on = forms.DateField(label=_("申报开始日期"), widget=DateInput())
    closes_on = forms.DateField(label=_("申报截止日期"), widget=DateInput())
    city_review_ends_on = forms.DateField(
        label=_("设区市推荐截止日期"), required=False, widget=DateInput()
    )
    priority_fields = forms.ModelMultipleChoiceField(
        label=_("优先布局领域"),
        queryset=IndustryField.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("第十三条第1项：按年度提出优先布局的领域安排"),
    )
    required_materials = forms.MultipleChoiceField(
        label=_("须提交的附件材料"),
        choices=MaterialKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requirements = forms.CharField(
        label=_("申报要求"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    notice_workdays = forms.IntegerField(
        label=_("公示期（工作日）"), min_value=5, max_value=30, initial=5
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_fields"].queryset = IndustryField.objects.filter(
            parent__isnull=True, is_active=True
        ).order_by("order", "code")
        self.cities = list(cities)
        for city in self.cities:
            field = forms.IntegerField(label=str(city), required=False, min_value=0, max_value=100)
            self.fields[f"quota_{city.code}"] = field
            self.style_field(f"quota_{city.code}", field)
        for index in range(CRITERIA_ROWS):
            self.fields[f"criterion_{index}_name"] = forms.CharField(
                label=_("评审指标 %(n)d") % {"n": index + 1}, required=False, max_length=100
            )
            self.fields[f"criterion_{index}_weight"] = forms.DecimalField(
                label=_("权重 %(n)d（%%）") % {"n": index + 1},
                required=False,
                min_value=Decimal("0.01"),
                max_value=Decimal(100),
                decimal_places=2,
            )
            self.fields[f"criterion_{index}_description"] = forms.CharField(
                label=_("评分要点 %(n)d") % {"n": index + 1}, required=False, max_length=500
            )
            for part in ("name", "weight", "description"):
                name = f"criterion_{index}_{part}"
                self.style_field(name, self.fields[name])

    def quota_fields(self):
        return [self[f"quota_{c.code}"] for c in self.cities]

    def criteria_rows(self):
        return [
            (
                self[f"criterion_{i}_name"],
                self[f"criterion_{i}_weight"],
                self[f"criterion_{i}_description"],
            )
            for i in range(CRITERIA_ROWS)
        ]

    def clean(self):
        data = super().clean()
        for index in range(CRITERIA_ROWS):
            name = data.get(f"criterion_{index}_name")
            weight = data.get(f"criterion_{index}_weight")
            if name and weight is None and f"criterion_{index}_weight" not in self.errors:
                self.add_error(f"criterion_{index}_weight", _("请填写该指标的权重"))
            if weight is not None and not name:
                self.add_error(f"criterion_{index}_name", _("请填写该权重对应的指标名称"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "title": data["title"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "city_review_ends_on": data.get("city_review_ends_on"),
            "priority_fields": list(data["priority_fields"]),
            "required_materials": list(data.get("required_materials") or []),
            "requirements": data.get("requirements") or "",
            "notice_workdays": data["notice_workdays"],
            "criteria": [
                {
                    "name": data[f"criterion_{i}_name"],
                    "weight": data[f"criterion_{i}_weight"],
                    "description": data.get(f"criterion_{i}_description") or "",
                }
                for i in range(CRITERIA_ROWS)
                if data.get(f"criterion_{i}_name")
            ],
            "quotas": {
                c: data[f"quota_{c.code}"]
                for c in self.cities
                if data.get(f"quota_{c.code}") is not None
            },
        }


def guide_initial(guide) -> dict:
    initial = {
        "year": guide.year,
        "title": guide.title,
        "opens_on": guide.opens_on,
        "closes_on": guide.closes_on,
        "city_review_ends_on": guide.city_review_ends_on,
        "priority_fields": list(guide.priority_fields.all()),
        "required_materials": guide.required_materials,
        "requirements": guide.requirements,
        "notice_workdays": guide.notice_workdays,
    }
    for index, c in enumerate(guide.criteria.all()[:CRITERIA_ROWS]):
        initial[f"criterion_{index}_name"] = c.name
        initial[f"criterion_{index}_weight"] = c.weight
        initial[f"criterion_{index}_description"] = c.description
    for q in guide.quotas.select_related("city"):
        initial[f"quota_{q.city.code}"] = q.quota
    return initial
