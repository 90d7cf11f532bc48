"""The form of an integrity finding (the province's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import DateInput, StyledFormMixin

from ..models import FindingKind, FindingSubject


class FindingForm(StyledFormMixin, forms.Form):
    subject = forms.ChoiceField(label=_("认定对象类型"), choices=FindingSubject.choices)
    center_id = forms.TypedChoiceField(
        label=_("技术创新中心"), coerce=int, required=False, empty_value=None
    )
    person_id_number = forms.CharField(
        label=_("人员证件号码"),
        required=False,
        max_length=32,
        help_text=_("对象为人员时填写；系统按证件号码查找人员档案，不保存明文。"),
    )
    expert_id = forms.TypedChoiceField(
        label=_("评审专家"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("认定类型"), choices=FindingKind.choices)
    facts = forms.CharField(label=_("认定事实"), widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(
        label=_("线索来源"), max_length=200, help_text=_("如：绩效评估发现、举报、审计、上级通报")
    )
    decision = forms.CharField(label=_("处理决定"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("认定日期"), widget=DateInput())
    exclusion_months = forms.IntegerField(
        label=_("取消评审专家资格期限（月）"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("对象为评审专家时填写，自认定日期起算。"),
    )

    def __init__(self, *args, centers=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center_id"].choices = [("", "—"), *centers]
        self.fields["expert_id"].choices = [("", "—"), *experts]
