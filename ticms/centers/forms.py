from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import City, Organisation
from ticms.catalog.models import FieldCategory, IndustryField
from ticms.common.forms import DateInput, StyledFormMixin
from ticms.common.workflow import Transition

from .models import CenterStatus


class CenterFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("关键词"), required=False, max_length=100, help_text=_("中心名称、编号或依托单位")
    )
    city = forms.ChoiceField(label=_("设区市"), required=False)
    category = forms.ChoiceField(
        label=_("产业类别"),
        required=False,
        choices=[("", _("全部")), *list(FieldCategory.choices)],
    )
    sub_field = forms.ChoiceField(label=_("细分产业领域"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *list(CenterStatus.choices)]
    )

    def __init__(self, *args, cities, sub_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, c.name) for c in cities]
        self.fields["sub_field"].choices = [("", _("全部"))] + [
            (f.code, f"{f.parent.name} / {f.name}") for f in sub_fields
        ]
        for name in ("q",):
            self.fields[name].help_text = ""


class CenterRegisterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("中心名称"), max_length=200)
    host_unit = forms.ModelChoiceField(
        label=_("依托单位"),
        queryset=Organisation.objects.none(),
        help_text=_("独立法人的建设运行单位；如未登记，请先在「单位」中登记"),
    )
    city = forms.ModelChoiceField(label=_("所在设区市"), queryset=City.objects.all())
    sub_field = forms.ModelChoiceField(
        label=_("细分产业领域"),
        queryset=IndustryField.objects.none(),
        help_text=_("第四条：已建有省级平台的细分产业领域原则上不再重复布局"),
    )
    research_directions = forms.CharField(
        label=_("重点技术领域和研发方向"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rd_site_area_m2 = forms.DecimalField(
        label=_("独立研发场地面积（m²）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=12,
    )
    instrument_value_wan_yuan = forms.DecimalField(
        label=_("科研仪器设备原值（万元）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
    )
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput())

    def __init__(self, *args, organisations, sub_fields, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = organisations
        self.fields["sub_field"].queryset = sub_fields
        self.fields["sub_field"].label_from_instance = lambda f: f"{f.parent.name} / {f.name}"
        self.fields["city"].queryset = cities


class CenterEditForm(StyledFormMixin, forms.Form):
    research_directions = forms.CharField(
        label=_("重点技术领域和研发方向"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    rd_site_area_m2 = forms.DecimalField(
        label=_("独立研发场地面积（m²）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=12,
    )
    instrument_value_wan_yuan = forms.DecimalField(
        label=_("科研仪器设备原值（万元）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
    )
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput())


def transition_form(transition: Transition, data=None):
    """A form built from the transition's declared parameters (and its comment)."""
    fields = {}
    for param in transition.params:
        common = {"label": param.label, "required": param.required, "help_text": param.help_text}
        if param.kind == "date":
            fields[param.name] = forms.DateField(widget=DateInput(), **common)
        elif param.kind == "choice":
            fields[param.name] = forms.ChoiceField(
                choices=[("", _("请选择")), *list(param.choices)], **common
            )
        elif param.kind == "textarea":
            fields[param.name] = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
        else:
            fields[param.name] = forms.CharField(max_length=param.max_length, **common)
    fields["comment"] = forms.CharField(
        label=_("办理意见") if transition.comment_required else _("办理意见（选填）"),
        required=transition.comment_required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    form_class = type("TransitionForm", (StyledFormMixin, forms.Form), fields)
    return form_class(data)
