from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts.forms import OrganisationByUsccField
from ticms.accounts.models import Role, TitleLevel, User
from ticms.catalog.models import IndustryField
from ticms.common.forms import DateInput, StyledFormMixin, transition_form  # noqa: F401
from ticms.common.money import fmt_percent

from .models import Expert, PanelMode, Recommendation


def field_choices():
    """Top-level fields and their sub-fields, in catalogue order, for filters."""
    rows = IndustryField.objects.filter(is_active=True).select_related("parent")
    rows = sorted(
        rows,
        key=lambda f: (
            f.category,
            (f.parent.order, f.parent.code) if f.parent_id else (f.order, f.code),
            f.parent_id is not None,
            f.order,
            f.code,
        ),
    )
    return [(f.code, f"{f.parent} / {f}" if f.parent_id else str(f)) for f in rows]


class FieldMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent} / {obj}" if obj.parent_id else str(obj)


class ExpertFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("熟悉的产业领域"), required=False)
    active = forms.ChoiceField(
        label=_("在库状态"),
        required=False,
        choices=[("", _("全部")), ("1", _("在库")), ("0", _("已出库"))],
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("全部")), *(choices or field_choices())]


class ExpertForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=100)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=20,
        required=False,
        help_text=_("用于核查专家是否为申请团队成员；系统只保存其摘要和遮蔽形式"),
    )
    title = forms.CharField(
        label=_("职称"), max_length=100, required=False, help_text=_("例如：教授、研究员级高工")
    )
    title_level = forms.ChoiceField(label=_("职称级别"), choices=TitleLevel.choices)
    employer = OrganisationByUsccField(
        label=_("工作单位统一社会信用代码"),
        help_text=_("回避核查依据；如未登记，请先在「单位」中登记"),
    )
    expertise = forms.CharField(
        label=_("研究专长"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields = FieldMultipleChoice(
        label=_("熟悉的产业领域"),
        queryset=IndustryField.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    user = forms.ModelChoiceField(
        label=_("系统账号"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("角色为「评审专家」的账号；专家通过该账号接收邀请、填写评分表"),
    )
    is_active = forms.BooleanField(label=_("在库（可被邀请）"), required=False, initial=True)

    def __init__(self, *args, expert: Expert | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = IndustryField.objects.filter(
            is_active=True
        ).select_related("parent")
        users = User.objects.filter(role=Role.EXPERT, is_active=True).filter(
            expert_profile__isnull=True
        )
        if expert is not None and expert.user_id:
            users = users | User.objects.filter(pk=expert.user_id)
        self.fields["user"].queryset = users.order_by("username")
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.username})"
        if expert is not None:
            del self.fields["id_number"]


class EmploymentForm(StyledFormMixin, forms.Form):
    # By its code, not a drop-down: the province registers thousands of units (issue 10).
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("已在系统中登记的单位，填写代码即可"),
    )
    name = forms.CharField(
        label=_("单位名称"),
        max_length=200,
        required=False,
        help_text=_("单位未在系统中登记时填写"),
    )
    started_on = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    ended_on = forms.DateField(
        label=_("截止日期"), required=False, widget=DateInput(), help_text=_("仍在职请留空")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="employment", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class PanelForm(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(label=_("论证方式"), choices=PanelMode.choices)
    due_on = forms.DateField(label=_("评审截止日期"), widget=DateInput())
    meeting_at = forms.DateTimeField(
        label=_("会议时间"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("会议评审时填写"),
    )
    place = forms.CharField(
        label=_("会议地点"), max_length=200, required=False, help_text=_("会议评审时填写")
    )


class CandidateFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名、单位或专长"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("熟悉的产业领域"), required=False)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("全部")), *(choices or field_choices())]


class AddExpertForm(StyledFormMixin, forms.Form):
    expert = forms.IntegerField(label=_("专家"), min_value=1, widget=forms.HiddenInput())


class LeaderForm(StyledFormMixin, forms.Form):
    leader = forms.ChoiceField(label=_("专家组组长"), required=False)

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", _("暂不指定"))] + [
            (str(a.expert_id), a.expert.name) for a in assignments
        ]


class ScoreSheetBase(StyledFormMixin, forms.Form):
    """One score per criterion of the guide (0–100), the comments and the recommendation. Every
    field may be left empty while drafting; submitting checks completeness."""

    criteria: list = []

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


def score_sheet_form(criteria, data=None, initial=None):
    criteria = list(criteria)
    attrs = {"criteria": criteria}
    for c in criteria:
        attrs[f"score_{c.pk}"] = forms.DecimalField(
            label=_("%(name)s（权重 %(w)s）") % {"name": c.name, "w": fmt_percent(c.weight, 100)},
            required=False,
            min_value=0,
            max_value=100,
            max_digits=5,
            decimal_places=2,
            help_text=c.description,
            widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
        )
    attrs["comments"] = forms.CharField(
        label=_("评审意见"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("对建设方案的意见和修改建议；申请单位将看到匿名意见并逐条答复"),
    )
    attrs["recommendation"] = forms.ChoiceField(
        label=_("评审结论"),
        required=False,
        choices=[("", _("请选择")), *Recommendation.choices],
    )
    form_class = type("ScoreSheetForm", (ScoreSheetBase,), attrs)
    return form_class(data, initial=initial)
