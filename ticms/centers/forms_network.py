from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import DateInput, StyledFormMixin

from .models import CenterStatus
from .network import member_kind_choices


class NetworkFilterForm(StyledFormMixin, forms.Form):
    city = forms.ChoiceField(label=_("设区市"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *list(CenterStatus.choices)]
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, str(c)) for c in cities]


class AllianceMemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=200)
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        help_text=_("18位，见营业执照或登记证书；已登记的单位按代码自动关联，无需重复填写"),
    )
    kind = forms.ChoiceField(
        label=_("成员类型"), choices=[("", _("请选择")), *member_kind_choices()]
    )
    joined_on = forms.DateField(label=_("加入日期"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("合作内容"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
