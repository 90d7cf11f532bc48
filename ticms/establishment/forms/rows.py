"""Forms of the drafting sections that are lists of rows: a target, a co-builder, a team
member, an excluded unit, an attachment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Degree, TitleLevel
from ticms.centers.models import CoBuilderKind, TeamType

from ..models import MaterialKind
from .draft import ID_HELP, DraftForm, YesNoField


class TargetForm(DraftForm):
    name = forms.CharField(
        label=_("指标名称"), max_length=200, help_text=_("例如：突破关键核心技术、孵化企业")
    )
    unit = forms.CharField(label=_("计量单位"), max_length=30, help_text=_("例如：项、家、万元"))
    baseline = forms.DecimalField(
        label=_("现有基础"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_("选填：申报时已有的数值"),
    )
    target_value = forms.DecimalField(
        label=_("目标值"), min_value=0, max_digits=16, decimal_places=2
    )
    target_year = forms.IntegerField(label=_("完成年度"), help_text=_("例如：2030"))


class CoBuilderForm(DraftForm):
    name = forms.CharField(label=_("共建单位名称"), max_length=200)
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, help_text=_("18位，见营业执照或登记证书")
    )
    kind = forms.ChoiceField(
        label=_("共建单位类型"), choices=[("", _("请选择")), *CoBuilderKind.choices]
    )
    duties = forms.CharField(
        label=_("分工负责的建设任务（第十条）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamMemberForm(DraftForm):
    name = forms.CharField(label=_("姓名"), max_length=100)
    id_number = forms.CharField(label=_("证件号码"), max_length=32, help_text=ID_HELP)
    title_level = forms.ChoiceField(
        label=_("职称级别"), choices=[("", _("请选择")), *TitleLevel.choices]
    )
    degree = forms.ChoiceField(label=_("学位"), choices=[("", _("请选择")), *Degree.choices])
    team = forms.ChoiceField(label=_("所属团队"), choices=[("", _("请选择")), *TeamType.choices])
    position = forms.CharField(label=_("岗位"), max_length=100, required=False)
    full_time = YesNoField(label=_("是否全职"), required=True)
    is_rd_staff = YesNoField(label=_("是否研发人员"), required=True)

    def row(self) -> dict:
        return dict(self.cleaned_data)


class ExcludedUnitForm(DraftForm):
    name = forms.CharField(label=_("回避单位名称"), max_length=200)
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, required=False, help_text=_("选填，18位")
    )
    reason = forms.CharField(
        label=_("回避理由"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(DraftForm):
    kind = forms.ChoiceField(
        label=_("材料类型"), choices=[("", _("请选择")), *MaterialKind.choices]
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、OFD、PNG、JPG、DOCX 或 XLSX 格式，不超过20MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.ofd,.png,.jpg,.jpeg,.docx,.xlsx"}),
    )

    def __init__(self, *args, required_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing chosen is not "a field to fill in": say what to do.
        self.fields["file"].error_messages["required"] = _("请选择要上传的文件")
        if required_kinds:
            labels = dict(MaterialKind.choices)
            self.fields["kind"].choices = [
                ("", _("请选择")),
                *[
                    (
                        value,
                        _("%(label)s（指南要求）") % {"label": labels[value]}
                        if value in required_kinds
                        else labels[value],
                    )
                    for value, _label in MaterialKind.choices
                ],
            ]
