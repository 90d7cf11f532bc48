from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts.forms import OrganisationByUsccField
from ticms.accounts.models import City, Degree, Organisation, TitleLevel
from ticms.catalog.models import FieldCategory, IndustryField
from ticms.common.forms import DateInput, StyledFormMixin, transition_form  # noqa: F401

from .models import CenterStatus, CoBuilderKind, TeamType


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

    def __init__(self, *args, cities, sub_fields: list[tuple[str, str]], **kwargs):
        """`sub_fields`: (code, label) pairs, as catalog.selectors.sub_field_choices gives."""
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, str(c)) for c in cities]
        self.fields["sub_field"].choices = [("", _("全部")), *sub_fields]
        for name in ("q",):
            self.fields[name].help_text = ""


class CenterRegisterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("中心名称"), max_length=200)
    host_unit = OrganisationByUsccField(
        label=_("依托单位统一社会信用代码"),
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
        self.fields["sub_field"].label_from_instance = lambda f: f"{f.parent} / {f}"
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
    executive_director_full_time = forms.BooleanField(
        label=_("执行主任全职全时在中心工作（第十五条）"), required=False
    )

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only what this user may change at this stage of the lifecycle.
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]


class CoBuilderForm(StyledFormMixin, forms.Form):
    organisation = OrganisationByUsccField(
        label=_("共建单位统一社会信用代码"),
        queryset=Organisation.objects.none(),
        help_text=_("如未登记，请先在「单位」中以统一社会信用代码登记"),
    )
    kind = forms.ChoiceField(
        label=_("共建单位类型"), choices=[("", _("请选择")), *CoBuilderKind.choices]
    )
    agreement_signed_on = forms.DateField(
        label=_("共建协议签署日期"),
        required=False,
        widget=DateInput(),
        help_text=_("第十二条第1项要求签署共建协议；尚未签署的请留空"),
    )
    duties = forms.CharField(
        label=_("分工负责的建设任务（第十条）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


ID_HELP = _("只保存加密摘要与脱敏号码，用于第十二条第4项重复支持比对")


class LeadersForm(StyledFormMixin, forms.Form):
    director_name = forms.CharField(label=_("主任姓名"), max_length=100)
    director_id_number = forms.CharField(label=_("主任证件号码"), max_length=32, help_text=ID_HELP)
    director_title_level = forms.ChoiceField(label=_("主任职称级别"), choices=TitleLevel.choices)
    director_degree = forms.ChoiceField(label=_("主任学位"), choices=Degree.choices)
    executive_name = forms.CharField(label=_("执行主任姓名"), max_length=100)
    executive_id_number = forms.CharField(
        label=_("执行主任证件号码"), max_length=32, help_text=ID_HELP
    )
    executive_title_level = forms.ChoiceField(
        label=_("执行主任职称级别"), choices=TitleLevel.choices
    )
    executive_degree = forms.ChoiceField(label=_("执行主任学位"), choices=Degree.choices)
    executive_full_time = forms.BooleanField(
        label=_("执行主任全职全时在中心工作（第十五条）"), required=False
    )

    def person(self, prefix: str) -> dict:
        data = self.cleaned_data
        keys = ("name", "id_number", "title_level", "degree")
        return {key: data[f"{prefix}{key}"] for key in keys}


class TeamMemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=100)
    id_number = forms.CharField(label=_("证件号码"), max_length=32, help_text=ID_HELP)
    title_level = forms.ChoiceField(label=_("职称级别"), choices=TitleLevel.choices)
    degree = forms.ChoiceField(label=_("学位"), choices=Degree.choices)
    team = forms.ChoiceField(label=_("所属团队"), choices=[("", _("请选择")), *TeamType.choices])
    position = forms.CharField(label=_("岗位"), max_length=100, required=False)
    full_time = forms.BooleanField(label=_("全职"), required=False, initial=True)
    is_rd_staff = forms.BooleanField(label=_("研发人员"), required=False, initial=True)

    def person(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "id_number", "title_level", "degree")}

    def membership(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("team", "position", "full_time", "is_rd_staff")}
