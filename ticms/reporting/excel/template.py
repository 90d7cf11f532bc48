"""The annual-report template (第二十二条): an .xlsx laid out from the declarations in
figures.py, pre-filled with the report's figures and contract targets, with instructions, cell
rules (data validation) and protected labels."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ticms.common.excel import COUNT_FORMAT, MONEY_FORMAT
from ticms.common.money import MONEY_UNITS

from .. import figures as F
from ..models import AnnualReport
from .layout import (
    ACHIEVED_COL,
    FIRST_COL,
    FIRST_ROW,
    HEADER_ROW,
    KEY_COL,
    KEY_MARK,
    KEY_ROW,
    LABEL_COL,
    META_SHEET,
    NOTE_COL,
    SINGLE_ROW,
    TARGET_KEYS,
    TEMPLATE_FORMAT,
    TEMPLATE_VERSION,
    XLSX_CONTENT_TYPE,
    cell_path,
)

LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
_FORBIDDEN_TITLE = re.compile(r"[\[\]:*?/\\]")


def template_filename(report: AnnualReport) -> str:
    code = re.sub(r"[^\w.-]+", "_", report.center.code)
    return _("年度报告-%(center)s-%(year)d.xlsx") % {"center": code, "year": report.year}


def template_download(report: AnnualReport) -> HttpResponse:
    """The template as a private, uncached attachment (pages and the API)."""
    response = HttpResponse(report_template(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, template_filename(report))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Excel cuts sheet names at 31 characters: short names where a translation would not fit.
SHEET_TITLES = {
    "ip": pgettext_lazy("Excel sheet", "知识产权与标准"),
    "enterprises": pgettext_lazy("Excel sheet", "衍生与孵化企业"),
    "instruments": pgettext_lazy("Excel sheet", "科研仪器与开放共享"),
    "targets": pgettext_lazy("Excel sheet", "合同考核指标完成情况"),
}


def _sheet_title(label, taken: set[str]) -> str:
    """Excel refuses titles over 31 characters or with []:*?/\\ in them."""
    base = _FORBIDDEN_TITLE.sub("_", str(label)).strip("'")[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _put(ws, row: int, col: int, value, *, editable: bool = False, fill=None, bold=False):
    """Write one cell. Text stays text: a value typed by a user that starts with "=" must never
    become a live formula, and control characters Excel refuses are dropped."""
    if value is not None and not isinstance(value, int | float | str):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if editable:
        cell.protection = UNLOCKED
    elif fill is not None:
        cell.fill = fill
    if bold:
        cell.font = BOLD
    return cell


def _excel_amount(text):
    """A stored amount as a number Excel keeps exactly, or as text when a double would change
    it (more than ~15 significant digits): the round trip must give back the same value."""
    if text is None:
        return None
    value = Decimal(str(text))
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value.normalize(), "f")


def _protect(ws) -> None:
    # No password: the protection guards against slips, the upload checks everything anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _validation(column: F.Column) -> DataValidation:
    if column.kind == F.AMOUNT:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = _("请填写不小于0的数（单位：%(unit)s），最多保留 %(n)d 位小数") % {
            "unit": F.column_unit(column) or "—",
            "n": F.MAX_DECIMALS,
        }
    else:
        dv = DataValidation(
            type="whole", operator="between", formula1="0", formula2=str(F.MAX_COUNT)
        )
        dv.error = _("请填写非负整数")
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = _("数值不符合要求")
    return dv


def _row_label(table: F.Table, row_label, year: int) -> str:
    return str(row_label) if table.rows else _("%(year)d年度") % {"year": year}


def _write_table(ws, table: F.Table, report: AnnualReport) -> None:
    _put(ws, KEY_ROW, KEY_COL, KEY_MARK)
    _put(ws, HEADER_ROW, LABEL_COL, _("类别") if table.rows else _("年度"), fill=HEADER_FILL)
    ws.cell(HEADER_ROW, LABEL_COL).font = BOLD
    validations: dict[tuple, DataValidation] = {}
    for col, column in enumerate(table.columns, start=FIRST_COL):
        _put(ws, KEY_ROW, col, column.key)
        header = str(column.label)
        if unit := F.column_unit(column):
            header += _("（%(unit)s）") % {"unit": unit}
        cell = _put(ws, HEADER_ROW, col, header, fill=HEADER_FILL, bold=True)
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(col)].width = 18
    rows = table.rows or ((SINGLE_ROW, None),)
    for row_no, (row_key, row_label) in enumerate(rows, start=FIRST_ROW):
        _put(ws, row_no, KEY_COL, row_key)
        _put(ws, row_no, LABEL_COL, _row_label(table, row_label, report.year), fill=LABEL_FILL)
        for col, column in enumerate(table.columns, start=FIRST_COL):
            path = cell_path(table, row_key, column)
            stored = F.get(report.figures, path)
            value = _excel_amount(stored) if column.kind == F.AMOUNT else stored
            cell = _put(ws, row_no, col, value, editable=True)
            if F.is_money(column):
                cell.number_format = MONEY_FORMAT
            elif column.kind == F.COUNT:
                cell.number_format = COUNT_FORMAT
            key = (column.kind, str(F.column_unit(column)))
            if key not in validations:
                validations[key] = _validation(column)
            validations[key].add(ws.cell(row_no, col))
    for dv in validations.values():
        if dv.sqref:
            ws.add_data_validation(dv)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.column_dimensions[get_column_letter(KEY_COL)].hidden = True
    ws.column_dimensions[get_column_letter(LABEL_COL)].width = 22
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    _protect(ws)


def _write_targets(ws, report: AnnualReport, rows) -> None:
    headers = (
        _("编号"),
        _("指标名称"),
        _("计量单位"),
        _("目标值"),
        _("完成年度"),
        _("本年度完成值"),
        _("说明"),
    )
    widths = (8, 30, 10, 14, 10, 16, 50)
    for col, (key, header, width) in enumerate(
        zip(TARGET_KEYS, headers, widths, strict=True), start=1
    ):
        _put(ws, KEY_ROW, col, key)
        _put(ws, HEADER_ROW, col, header, fill=HEADER_FILL, bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    dv.allow_blank, dv.showErrorMessage = True, True
    dv.errorTitle = _("数值不符合要求")
    dv.error = _("请填写不小于0的数（按指标的计量单位）")
    for row_no, row in enumerate(rows, start=FIRST_ROW):
        target = row.target
        _put(ws, row_no, 1, row.target_id)
        _put(ws, row_no, 2, target.name, fill=LABEL_FILL)
        _put(ws, row_no, 3, target.unit, fill=LABEL_FILL)
        goal = _put(ws, row_no, 4, _excel_amount(target.target_value), fill=LABEL_FILL)
        _put(ws, row_no, 5, target.target_year, fill=LABEL_FILL)
        achieved = _put(ws, row_no, ACHIEVED_COL, _excel_amount(row.achieved), editable=True)
        if (target.unit or "").strip() in MONEY_UNITS:
            goal.number_format = achieved.number_format = MONEY_FORMAT
        _put(ws, row_no, NOTE_COL, row.note or None, editable=True).alignment = WRAP
        dv.add(ws.cell(row_no, ACHIEVED_COL))
    if not rows:
        _put(ws, FIRST_ROW, 2, _("本中心合同中没有考核指标，本表无需填写。"))
    if dv.sqref:
        ws.add_data_validation(dv)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, ACHIEVED_COL)
    _protect(ws)


def _write_guide(ws, report: AnnualReport, titles: dict[str, str]) -> None:
    ws.column_dimensions["A"].width = 110
    lines = [
        (_("%(report)s · Excel 填报说明") % {"report": report}, True),
        (
            _("中心编号：%(code)s　报告年度：%(year)d　下载时状态：%(status)s　下载时间：%(at)s")
            % {
                "code": report.center.code,
                "year": report.year,
                "status": report.get_status_display(),
                "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            },
            False,
        ),
        ("", False),
        (_("怎样填写"), True),
        (_("1. 在各工作表的白色单元格中填写本年度数据；灰色单元格（标题、类别、目标值）不能修改。"),
         False),
        (_("2. 人数、项数等填非负整数；金额单位为万元，填不小于0的数，最多保留 %(n)d 位小数。")
         % {"n": F.MAX_DECIMALS}, False),
        (_("3. 模板已填入系统中的现有数据。留空表示未填；清空单元格后上传，会清除系统中该项数据。"),
         False),
        (_("4. 分项之和不能超过合计（例如各项收入之和不能超过年度总收入）。"), False),
        (_("5. 在「%(sheet)s」中填写合同考核指标的本年度完成值（按指标的计量单位）和说明。")
         % {"sheet": titles.get("targets", "")}, False),
        (_("6. 请勿修改工作表名称，也不要插入、删除或移动行列。"), False),
        ("", False),
        (_("怎样上传"), True),
        (_("7. 在系统的年度报告页面点击「上传Excel」，选择本文件。"), False),
        (_("8. 只要有一处问题，系统会列出每个问题所在的工作表、行和列，且不保存任何数据；"
           "请全部修改后重新上传。"), False),
        (_("9. 本文件只能导入 %(center)s 的 %(year)d 年度报告；报告提交后不能再导入。")
         % {"center": report.center.code, "year": report.year}, False),
        ("", False),
        (_("依据：第二十二条（年度报告）"), False),
    ]  # fmt: skip
    for row_no, (text, bold) in enumerate(lines, start=1):
        _put(ws, row_no, 1, text or None, bold=bold).alignment = Alignment(wrap_text=True)
    _protect(ws)


def report_template(report: AnnualReport) -> bytes:
    """The .xlsx of `report`: instructions, one sheet per declared table, one for the contract
    targets, pre-filled with what is stored now, and a hidden sheet naming the report."""
    workbook = Workbook()
    taken: set[str] = {META_SHEET.lower()}
    guide = workbook.active
    guide.title = _sheet_title(_("说明"), taken)
    titles: dict[str, str] = {}
    for table in F.TABLES:
        title = _sheet_title(SHEET_TITLES.get(table.key, table.label), taken)
        titles[table.key] = title
        _write_table(workbook.create_sheet(title), table, report)
    titles["targets"] = _sheet_title(SHEET_TITLES["targets"], taken)
    rows = list(report.targets.select_related("target"))
    _write_targets(workbook.create_sheet(titles["targets"]), report, rows)
    _write_guide(guide, report, titles)
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    entries = [
        ("format", TEMPLATE_FORMAT),
        ("version", TEMPLATE_VERSION),
        ("report", str(report.pk)),
        ("center", report.center.code),
        ("center_id", str(report.center_id)),
        ("center_name", report.center.name),
        ("year", str(report.year)),
        *[(f"sheet.{key}", title) for key, title in titles.items()],
    ]
    for row_no, (key, value) in enumerate(entries, start=1):
        _put(meta, row_no, 1, key)
        _put(meta, row_no, 2, value)
    workbook.active = 0
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
