from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.catalog.models import FieldCategory
from ticms.common.forms import DateInput, StyledFormMixin

from .models import CenterStatus
from .network import member_kind_choices
from .network_clusters import GROUPS


class NetworkFilterForm(StyledFormMixin, forms.Form):
    group = forms.ChoiceField(label=_("概览分组"), required=False)
    city = forms.ChoiceField(label=_("设区市"), required=False)
    field = forms.ChoiceField(label=_("产业领域"), required=False)
    category = forms.ChoiceField(
        label=_("产业类别"), required=False, choices=[("", _("全部")), *FieldCategory.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *list(CenterStatus.choices)]
    )

    def __init__(self, *args, cities, fields=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, str(c)) for c in cities]
        self.fields["field"].choices = [("", _("全部"))] + [(f.code, str(f)) for f in fields]
        if groups:
            self.fields["group"].choices = [(g, GROUPS[g]) for g in groups]
        else:  # their own few centers, drawn in detail: nothing to group
            del self.fields["group"]

    def choice_label(self, name: str, value: str) -> str:
        return str(dict(self.fields[name].choices).get(value, value))


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
