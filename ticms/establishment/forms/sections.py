"""Forms of the drafting sections that are one form each (第十三条第2项): starting and basics,
a plan section, the 第十二条 questions of a section, the leaders, the answers to the
argumentation opinions. They parse and check the shape of what was typed; the drafting
services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Degree, TitleLevel
from ticms.catalog.models import IndustryField
from ticms.common.forms import DateInput
from ticms.common.text import bracketed

from ..completeness import MIN_PLAN_CHARS
from ..fields import QUESTIONS, RD_INVESTMENT
from .draft import ID_HELP, DraftForm, YesNoField


def _sub_field_choice(field: forms.ModelChoiceField, queryset) -> None:
    field.queryset = queryset
    field.label_from_instance = lambda f: bracketed(f"{f.parent} / {f}", f.code)


class BasicsForm(DraftForm):
    center_name = forms.CharField(
        label=_("拟建中心名称"),
        max_length=200,
        help_text=_("例如：江苏省高端装备技术创新中心"),
    )
    sub_field = forms.ModelChoiceField(
        label=_("细分产业领域"),
        queryset=IndustryField.objects.none(),
        required=False,
        empty_label=_("请选择"),
        help_text=_("第四条：已建有省级平台的细分产业领域原则上不再重复布局；提交前须选择"),
    )

    def __init__(self, *args, sub_fields, **kwargs):
        super().__init__(*args, **kwargs)
        _sub_field_choice(self.fields["sub_field"], sub_fields)


class CreateForm(BasicsForm):
    """Starting an application: optionally for a regional center already cultivated (第六条)."""

    center = forms.ModelChoiceField(
        label=_("申报的培育中心"),
        queryset=None,
        required=False,
        empty_label=_("新组建的中心（不是已登记的培育中心）"),
        help_text=_(
            "第六条“以建促创”：为本单位已登记的培育中的地方区域性中心申报时请选择；"
            "签订合同后该中心转为省技术创新中心，保留其记录和历史"
        ),
    )
    field_order = ["center", "center_name", "sub_field"]

    def __init__(self, *args, cultivating, **kwargs):
        super().__init__(*args, **kwargs)
        if cultivating.exists():
            self.fields["center"].queryset = cultivating
            self.fields["center_name"].required = False
            self.fields["center_name"].help_text = _("为培育中心申报时可不填，默认沿用该中心的名称")
        else:
            del self.fields["center"]


def plan_section_form(name: str, label, data=None, initial=None) -> forms.Form:
    """One construction-plan section: a single long text (saved even when partly written)."""
    fields = {
        name: forms.CharField(
            label=label,
            required=False,
            max_length=20000,
            help_text=_("可分多次填写；提交前至少写%(n)d个字，不超过20000字")
            % {"n": MIN_PLAN_CHARS},
            strip=False,
            widget=forms.Textarea(attrs={"rows": 14}),
        )
    }
    form_class = type("PlanSectionForm", (DraftForm,), fields)
    return form_class(data, initial=initial)


def _question_field(question) -> forms.Field:
    common = {"label": question.label, "required": False, "help_text": question.help_text}
    if question.kind == "bool":
        return YesNoField(**common)
    if question.kind == "date":
        return forms.DateField(widget=DateInput(), **common)
    return forms.DecimalField(min_value=0, max_digits=20, decimal_places=4, **common)


def rd_field_name(year: int) -> str:
    return f"rd_investment_{year}"


class ProfileForm(DraftForm):
    rd_names: list[str] = []

    def questions(self):
        return [self[name] for name in self.fields if name not in self.rd_names]

    def rd_investment(self):
        return [self[name] for name in self.rd_names]


def profile_answers(section: str, cleaned: dict) -> tuple[dict, dict]:
    """(answers by path, R&D investment by year) for `application_profile_save`."""
    answers, investment = {}, {}
    prefix = "rd_investment_"
    for name, value in cleaned.items():
        if name.startswith(prefix):
            investment[name.removeprefix(prefix)] = "" if value is None else str(value)
        elif value is None:
            answers[f"{section}.{name}"] = None
        else:
            answers[f"{section}.{name}"] = str(value) if not isinstance(value, bool) else value
    return answers, investment


def profile_form(section: str, *, years=(), data=None, initial=None) -> forms.Form:
    """The 第十二条 questions of one section (`center`, `host_unit`, `region`); the host unit's
    form also asks the R&D investment of each of `years`. Nothing is required: a draft saves
    what it has, and submission names what is missing."""
    fields = {q.key: _question_field(q) for q in QUESTIONS if q.section == section}
    if section == RD_INVESTMENT[0]:
        for year in years:
            fields[rd_field_name(year)] = forms.DecimalField(
                label=_("%(year)d 年度研发投入（万元）") % {"year": year},
                required=False,
                min_value=0,
                max_digits=20,
                decimal_places=4,
            )
    form_class = type("ProfileForm", (ProfileForm,), fields)
    form = form_class(data, initial=initial)
    form.rd_names = [rd_field_name(year) for year in years]
    return form


def _person_fields(prefix: str, who) -> dict:
    return {
        f"{prefix}name": forms.CharField(
            label=_("%(who)s姓名") % {"who": who}, max_length=100, required=False
        ),
        f"{prefix}id_number": forms.CharField(
            label=_("%(who)s证件号码") % {"who": who},
            max_length=32,
            required=False,
            help_text=ID_HELP,
        ),
        f"{prefix}title_level": forms.ChoiceField(
            label=_("%(who)s职称级别") % {"who": who},
            choices=[("", _("请选择")), *TitleLevel.choices],
            required=False,
        ),
        f"{prefix}degree": forms.ChoiceField(
            label=_("%(who)s学位") % {"who": who},
            choices=[("", _("请选择")), *Degree.choices],
            required=False,
        ),
    }


LEADER_ROLES = (("director", _("主任")), ("executive_director", _("执行主任")))
PERSON_KEYS = ("name", "id_number", "title_level", "degree")


class LeadersForm(DraftForm):
    """The proposed director and executive director. A person already saved is kept unless
    the applicant enters another one; a new one needs the name and the ID number."""

    # A draft may name one leader now and the other later: only what is typed is checked.
    def __init__(self, *args, current: dict, **kwargs):
        self.current = current
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for role, _label in LEADER_ROLES:
            if not any(data.get(f"{role}_{k}") for k in PERSON_KEYS):
                continue  # kept as saved (or still missing, named at submission)
            for key in PERSON_KEYS:
                name = f"{role}_{key}"
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def person(self, role: str) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(f"{role}_{k}") for k in PERSON_KEYS):
            return None
        return {k: data[f"{role}_{k}"] for k in PERSON_KEYS}


def leaders_form(*, current: dict, data=None, initial=None) -> LeadersForm:
    fields = {}
    for role, label in LEADER_ROLES:
        fields.update(_person_fields(f"{role}_", label))
    fields["executive_director_full_time"] = YesNoField(
        label=_("执行主任全职全时在中心工作"),
        help_text=_("第十二条第4项、第十五条：执行主任须全职全时在技术创新中心工作"),
    )
    form_class = type("LeadersForm", (LeadersForm,), fields)
    return form_class(data, initial=initial, current=current)


class OpinionForm(DraftForm):
    opinions: list[dict] = []

    def pairs(self):
        """(opinion, its answer field), in order."""
        return [(o, self[f"opinion_{i}"]) for i, o in enumerate(self.opinions)]


def opinion_form(opinions: list[dict], *, data=None, initial=None) -> forms.Form:
    """One answer per argumentation opinion, named `opinion_<n>` (keys may hold colons)."""
    fields = {}
    for index, opinion in enumerate(opinions):
        fields[f"opinion_{index}"] = forms.CharField(
            label=_("对%(author)s意见的答复") % {"author": opinion["author"]},
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
    form_class = type("OpinionForm", (OpinionForm,), fields)
    form = form_class(data, initial=initial)
    form.opinions = opinions
    return form
