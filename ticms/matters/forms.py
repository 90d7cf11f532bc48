"""Forms of the major-matter pages. The services validate; these carry the text to them and
place their messages back on the inputs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.centers.models import CoBuilderKind
from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import DateInput, StyledFormMixin
from ticms.common.text import bracketed

from .models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    MajorMatterKind,
    MajorMatterStatus,
)
from .proposals import LEADER_FIELDS, MAX_DUTIES, MAX_TEXT, TEXT_FIELDS

ADD_ROWS = 3
ALL = [("", _("全部"))]


def _center_choices(centers):
    return [("", _("请选择"))] + [(str(c.pk), bracketed(c.name, c.code)) for c in centers]


def _set_centers(form, centers) -> None:
    choices = _center_choices(centers)
    form.fields["center"].choices = choices
    if len(choices) == 2 and not form.initial.get("center"):  # one center: nothing to choose
        form.initial["center"] = choices[1][0]


class _FilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    city = forms.ChoiceField(label=_("设区市"), required=False)
    kinds: list = []
    statuses: list = []

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ALL + self.kinds
        self.fields["status"].choices = ALL + self.statuses
        self.fields["city"].choices = ALL + [(c.code, str(c)) for c in cities]


class MatterFilterForm(_FilterForm):
    kinds = MajorMatterKind.choices
    statuses = MajorMatterStatus.choices


class ChangeFilterForm(_FilterForm):
    kinds = ChangeKind.choices
    statuses = ChangeStatus.choices


class MatterForm(StyledFormMixin, forms.Form):
    center = forms.ChoiceField(label=_("技术创新中心"))
    kind = forms.ChoiceField(
        label=_("事项类别"), choices=[("", _("请选择")), *MajorMatterKind.choices]
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    occurred_on = forms.DateField(label=_("发生日期"), required=False, widget=DateInput())
    body = forms.CharField(
        label=_("事项内容"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("写明进展、成果、人才或效益的具体情况和数据"),
    )

    def __init__(self, *args, centers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centers is None:
            del self.fields["center"]
        else:
            _set_centers(self, centers)


class ChangeCreateForm(StyledFormMixin, forms.Form):
    center = forms.ChoiceField(label=_("技术创新中心"))
    kind = forms.ChoiceField(label=_("变更事项"), choices=[("", _("请选择")), *ChangeKind.choices])
    reason = forms.CharField(
        label=_("申请理由（书面申请）"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        _set_centers(self, centers)


class ChangeEditForm(StyledFormMixin, forms.Form):
    """The reason and the proposal of one kind of change; field names follow the service's
    `proposed.<field>` errors without the prefix."""

    reason = forms.CharField(
        label=_("申请理由（书面申请）"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("说明变更的原因、经过和依据（如理事会决议）"),
    )

    def __init__(self, *args, change: ChangeRequest, **kwargs):
        self.change = change
        proposed = change.proposed or {}
        initial = {"reason": change.reason}
        super().__init__(*args, initial=initial, **kwargs)
        if change.kind in LEADER_FIELDS:
            self._leader_fields(proposed)
        elif change.kind == ChangeKind.CO_BUILDERS:
            self._co_builder_fields(proposed)
        elif change.kind == ChangeKind.HOST_UNIT:
            self.fields["uscc"] = forms.CharField(
                label=_("拟任依托单位：统一社会信用代码"),
                required=False,
                max_length=30,
                initial=proposed.get("uscc"),
                help_text=_(
                    "在江苏境内注册的独立法人（第十二条第1项）；已登记的单位按代码自动关联"
                ),
            )
            self.fields["name"] = forms.CharField(
                label=_("单位名称"), required=False, max_length=200, initial=proposed.get("name")
            )
        else:
            field = TEXT_FIELDS[change.kind]
            current = getattr(change.center, field)
            self.fields["text"] = forms.CharField(
                label=_("调整后的内容"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 10}),
                initial=proposed.get("text", current),
            )
        for name, field in self.fields.items():
            if name != "reason":
                self.style_field(name, field)

    def _leader_fields(self, proposed):
        self.fields["name"] = forms.CharField(
            label=_("拟任人员姓名"), required=False, max_length=100, initial=proposed.get("name")
        )
        hint = (
            _("已登记证件号码 %(masked)s；人员不变时可留空") % {"masked": proposed["id_masked"]}
            if proposed.get("person_id")
            else _("用于第十二条第4项的重复支持比对；系统只保存加密摘要和部分遮盖的号码")
        )
        self.fields["id_number"] = forms.CharField(
            label=_("证件号码"), required=False, max_length=30, help_text=hint
        )
        if self.change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
            self.fields["full_time"] = forms.BooleanField(
                label=_("拟任执行主任全职全时在中心工作（第十二条第4项、第十五条）"),
                required=False,
                initial=proposed.get("full_time", False),
            )

    def _co_builder_fields(self, proposed):
        existing = self.change.center.co_builders.select_related("organisation")
        removed = {r["uscc"] for r in proposed.get("remove") or []}
        self.fields["remove"] = forms.MultipleChoiceField(
            label=_("退出的共建单位"),
            required=False,
            choices=[
                (c.organisation.uscc, bracketed(c.organisation.name, c.organisation.uscc))
                for c in existing
            ],
            widget=forms.CheckboxSelectMultiple,
            initial=list(removed),
        )
        added = proposed.get("add") or []
        kinds = [("", _("请选择")), *CoBuilderKind.choices]
        for i in range(max(ADD_ROWS, len(added) + 1)):
            row = added[i] if i < len(added) else {}
            n = i + 1
            self.fields[f"add_{i}_uscc"] = forms.CharField(
                label=_("增加的共建单位 %(n)d：统一社会信用代码") % {"n": n},
                required=False,
                max_length=30,
                initial=row.get("uscc"),
            )
            self.fields[f"add_{i}_name"] = forms.CharField(
                label=_("单位名称"), required=False, max_length=200, initial=row.get("name")
            )
            self.fields[f"add_{i}_kind"] = forms.ChoiceField(
                label=_("共建单位类型"), required=False, choices=kinds, initial=row.get("kind")
            )
            self.fields[f"add_{i}_duties"] = forms.CharField(
                label=_("分工负责的建设任务"),
                required=False,
                max_length=MAX_DUTIES,
                initial=row.get("duties"),
            )
            # Required by the service for each filled row (第十二条第1项).
            self.fields[f"add_{i}_agreement_signed_on"] = forms.DateField(
                label=_("共建协议签署日期"),
                required=False,
                widget=DateInput(),
                initial=row.get("agreement_signed_on"),
                help_text=_("与该单位签署共建协议的日期，不能晚于今天（第十二条第1项）"),
            )

    def proposal(self) -> dict:
        data = self.cleaned_data
        if self.change.kind in LEADER_FIELDS:
            result = {"name": data["name"], "id_number": data["id_number"]}
            if self.change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
                result["full_time"] = bool(data.get("full_time"))
            return result
        if self.change.kind == ChangeKind.HOST_UNIT:
            return {"uscc": data["uscc"], "name": data["name"]}
        if self.change.kind == ChangeKind.CO_BUILDERS:
            rows, self.row_index = [], {}
            i = 0
            while f"add_{i}_uscc" in self.fields:
                row = {
                    k: data.get(f"add_{i}_{k}") or ""
                    for k in ("uscc", "name", "kind", "duties", "agreement_signed_on")
                }
                if any(row.values()):
                    self.row_index[len(rows)] = i
                    rows.append(row)
                i += 1
            return {"add": rows, "remove": list(data.get("remove") or [])}
        return {"text": data["text"]}

    def add_service_errors(self, exc: ValidationFailed) -> None:
        for field, messages in exc.errors.items():
            name = field.removeprefix("proposed.")
            if name.startswith("add["):
                # add[2].uscc -> the third filled row's uscc input
                index, _sep, sub = name[4:].partition("].")
                form_row = getattr(self, "row_index", {}).get(int(index), int(index))
                name = f"add_{form_row}_{sub or 'uscc'}"
            elif name.startswith("remove["):
                name = "remove"
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, str(message))
