"""Forms of the applicant's side of an application (第十三条第2项). They parse and check the
shape of what was typed; the drafting services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts import idnumbers
from ticms.accounts.models import Degree, TitleLevel
from ticms.catalog.models import IndustryField
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.common.forms import DateInput, StyledFormMixin
from ticms.common.text import bracketed

from .completeness import MIN_PLAN_CHARS
from .fields import QUESTIONS, RD_INVESTMENT
from .models import MaterialKind

ID_HELP = _("只保存加密摘要与脱敏号码，用于第十二条第4项重复支持比对")
YES, NO = "yes", "no"
YES_NO = ((YES, _("是")), (NO, _("否")))


def _yes_no(value) -> bool | None:
    return {YES: True, NO: False}.get(value)


def yes_no_initial(value) -> str | None:
    if value is True:
        return YES
    if value is False:
        return NO
    return None


class YesNoField(forms.TypedChoiceField):
    """An explicit 是/否 question with no default: unanswered stays None (missing)."""

    widget = forms.RadioSelect

    def __init__(self, *, required=False, **kwargs):
        super().__init__(
            choices=YES_NO, coerce=_yes_no, empty_value=None, required=required, **kwargs
        )


class DraftForm(StyledFormMixin, forms.Form):
    """Radios get the Bootstrap check classes (the mixin gives every input `form-control`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"


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


# Columns of a pasted roster line, in order (the template offered for download says the same).
PASTE_COLUMNS = (
    ("name", _("姓名")),
    ("id_number", _("证件号码")),
    ("title_level", _("职称级别")),
    ("degree", _("学位")),
    ("team", _("所属团队")),
    ("position", _("岗位")),
    ("full_time", _("是否全职")),
    ("is_rd_staff", _("是否研发人员")),
)
PASTE_MAX_LINES = 2000


def _lookup(choices) -> dict[str, str]:
    """Label or code (any case) -> code."""
    table = {}
    for value, label in choices:
        table[str(value).lower()] = value
        table[str(label).lower()] = value
    return table


def paste_example() -> str:
    """One pasted line as the paste box expects it (a valid ID number, labels as shown now)."""
    cells = (
        _("张三"),
        idnumbers.make_resident("32010219900101123"),
        TitleLevel.INTERMEDIATE.label,
        Degree.MASTER.label,
        TeamType.CORE_RD.label,
        _("研发工程师"),
        YES_NO[0][1],
        YES_NO[0][1],
    )
    return "\t".join(str(cell) for cell in cells)


class TeamPasteForm(DraftForm):
    rows = forms.CharField(
        label=_("成员信息（每行一人）"),
        # Not stripped: leading blank lines count in the line numbers the user is shown.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_(
            "每行一人，各列依次为：姓名、证件号码、职称级别、学位、所属团队、岗位、是否全职、"
            "是否研发人员。在 Excel 中选中这些列复制后粘贴即可；第一行为表头时自动跳过。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The line (as the user counts them in what was pasted) of each cleaned row.
        self.line_numbers: list[int] = []

    @staticmethod
    def example() -> str:
        return paste_example()

    def clean_rows(self):
        text = self.cleaned_data["rows"]
        # Numbered as pasted: the header and blank lines count, as in the user's own text.
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if lines and lines[0][1].split("\t", 1)[0].strip() == str(PASTE_COLUMNS[0][1]):
            lines = lines[1:]
        if not lines:
            raise forms.ValidationError(_("请粘贴至少一行成员信息"))
        if len(lines) > PASTE_MAX_LINES:
            raise forms.ValidationError(
                _("一次最多粘贴%(n)d行，当前为%(m)d行") % {"n": PASTE_MAX_LINES, "m": len(lines)}
            )
        titles = _lookup(TitleLevel.choices)
        degrees = _lookup(Degree.choices)
        teams = _lookup(TeamType.choices)
        yes_no = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False}
        yes_no.update({str(label).lower(): _yes_no(value) for value, label in YES_NO})
        labels = dict(PASTE_COLUMNS)
        rows, numbers, problems = [], [], []
        first_line = {}  # normalised ID number -> the line it first appeared on
        for number, line in lines:
            cells = [cell.strip() for cell in line.split("\t")]
            cells += [""] * (len(PASTE_COLUMNS) - len(cells))
            if len(cells) > len(PASTE_COLUMNS):
                problems.append(
                    _("第%(n)d行：列数为%(m)d，应为%(k)d列（姓名至是否研发人员）")
                    % {"n": number, "m": len(cells), "k": len(PASTE_COLUMNS)}
                )
                continue
            raw = dict(zip((key for key, _label in PASTE_COLUMNS), cells, strict=True))
            row = {"name": raw["name"], "id_number": raw["id_number"], "position": raw["position"]}
            # Every problem of the line at once, in the order of the columns.
            line_problems = []
            if not row["name"]:
                line_problems.append(_("请填写姓名"))
            line_problems += self._id_problems(raw["id_number"], number, first_line)
            for key, table in (("title_level", titles), ("degree", degrees), ("team", teams)):
                value = table.get(raw[key].lower())
                if value is None:
                    line_problems.append(
                        _("「%(label)s」填写为“%(value)s”，请填写列表中的一项")
                        % {"label": labels[key], "value": raw[key] or _("（空）")}
                    )
                row[key] = value
            for key in ("full_time", "is_rd_staff"):
                value = yes_no.get(raw[key].lower())
                if value is None:
                    line_problems.append(
                        _("「%(label)s」须填写“是”或“否”") % {"label": labels[key]}
                    )
                row[key] = value
            if line_problems:
                problems.append(
                    _("第%(n)d行（%(name)s）：%(problems)s")
                    % {
                        "n": number,
                        "name": row["name"] or "—",
                        "problems": _("；").join(str(p) for p in line_problems),
                    }
                )
            rows.append(row)
            numbers.append(number)
        if problems:
            raise forms.ValidationError(problems)
        self.line_numbers = numbers
        return rows

    @staticmethod
    def _id_problems(number: str, line: int, first_line: dict) -> list:
        """The ID number checked here, so that its problems come with the other columns'
        (the service checks it only once every row's columns are right)."""
        if not number:
            return [_("请填写证件号码")]
        if message := idnumbers.problem(number):
            return [message]
        key = idnumbers.normalize(number)
        if key in first_line:
            return [_("证件号码与第%(n)d行相同，同一人只登记一次") % {"n": first_line[key]}]
        first_line[key] = line
        return []


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


class CompareForm(StyledFormMixin, forms.Form):
    old = forms.TypedChoiceField(label=_("原版本"), coerce=int)
    new = forms.TypedChoiceField(label=_("新版本"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("第%(n)d版") % {"n": n}) for n in numbers]
        self.numbers = list(numbers)
        # Say which versions exist; `%(value)s` is the number asked for, filled in by Django.
        existing = _("、").join(str(label) for _n, label in choices) or _("无")
        for name in ("old", "new"):
            field = self.fields[name]
            field.choices = choices
            field.widget.attrs["class"] = "form-select"
            field.error_messages["invalid_choice"] = _(
                "「%(field)s」：本申请书没有“%%(value)s”这一版本，现有版本为 %(existing)s"
            ) % {"field": field.label, "existing": existing}
            field.error_messages["required"] = _("「%(field)s」：请选择要比较的版本") % {
                "field": field.label
            }

    def clean(self):
        data = super().clean()
        if len(self.numbers) < 2:
            raise forms.ValidationError(_("本申请书只有一个已提交的版本，暂无可比较的版本"))
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("请选择两个不同的版本"))
        return data
