"""The team roster pasted from Excel: one person a line, the columns in a fixed order, every
problem of a line named with the line number as the user counts them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.accounts import idnumbers
from ticms.accounts.models import Degree, TitleLevel
from ticms.centers.models import TeamType

from .draft import YES_NO, DraftForm, yes_no_value

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
        yes_no.update({str(label).lower(): yes_no_value(value) for value, label in YES_NO})
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
