"""Excel round trip of an annual report (第二十二条): download a template pre-filled with the
report's figures, fill it offline, upload it back.

The workbook is laid out from the declarations in figures.py, so the pages, the API and the file
share one set of tables and one set of cell rules (figures.clean_value). An upload is all or
nothing: every bad cell is reported by sheet, row and column, and nothing is saved unless the
whole file is valid.

Layout of a table sheet: row 1 (hidden) holds the column keys and column A (hidden) the row keys,
so a moved or inserted row or column is detected instead of being read into the wrong figure;
row 2 holds the headers, column B the row labels, and the values start at C3.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ticms.common.audit import audit_record
from ticms.common.excel import COUNT_FORMAT, MONEY_FORMAT
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.files import too_large
from ticms.common.labels import register_action_labels
from ticms.common.money import MONEY_UNITS, to_decimal

from . import checks, services
from . import figures as F
from .models import AnnualReport
from .permissions import is_center_staff
from .selectors import annual_report_get

logger = logging.getLogger(__name__)

TEMPLATE_FORMAT = "ticms-annual-report"
# Bump when the layout changes in a way an old file could be misread.
TEMPLATE_VERSION = "1"
META_SHEET = "_ticms"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A small xlsx that inflates to gigabytes (a zip bomb) is refused before openpyxl opens it.
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_TARGET_ROWS = 1000
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
KEY_COL, LABEL_COL, FIRST_COL = 1, 2, 3
KEY_MARK = "#"
SINGLE_ROW = "-"  # the row key of a table without declared rows
TARGET_KEYS = ("id", "name", "unit", "target_value", "target_year", "achieved", "note")
ACHIEVED_COL = TARGET_KEYS.index("achieved") + 1
NOTE_COL = TARGET_KEYS.index("note") + 1

LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
_FORBIDDEN_TITLE = re.compile(r"[\[\]:*?/\\]")

register_action_labels({"annual_report.import": gettext_lazy("从Excel导入年度报告")})


# ---------------------------------------------------------------------------- the template


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
            path = _path(table, row_key, column)
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


# ---------------------------------------------------------------------------- the import


def _path(table: F.Table, row_key: str, column: F.Column) -> str:
    if row_key == SINGLE_ROW:
        return f"{table.key}.{column.key}"
    return f"{table.key}.{row_key}.{column.key}"


def _place(figures: dict, path: str, value) -> None:
    """Nested like the API's body ({"people": {"core_rd": {"members": 40}}}): figures_parse
    reads the file's figures exactly as it reads a page's or the API's."""
    *parents, leaf = path.split(".")
    node = figures
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value


@dataclass(frozen=True)
class _Cell:
    order: int  # the sheet's position, for sorting the problems as the file reads
    sheet: str
    row: int
    col: int
    label: str = ""

    def say(self, problem) -> str:
        if self.label:
            return _("「%(sheet)s」第%(row)d行 %(col)s列（%(label)s）：%(problem)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "col": get_column_letter(self.col),
                "label": self.label,
                "problem": problem,
            }
        return _("「%(sheet)s」第%(row)d行 %(col)s列：%(problem)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "col": get_column_letter(self.col),
            "problem": problem,
        }


FORMULA_UNCOMPUTED = gettext_lazy(
    "该单元格是没有计算结果的公式，请直接填写数值（或在Excel中重新计算并保存后上传）"
)


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []
        # (sheet, row, col) of formula cells: one without a stored result must not read as
        # "blank" and clear the figure.
        self.formulas: set[tuple[str, int, int]] = set()

    def uncomputed(self, cell: _Cell, raw) -> bool:
        if raw is None and (cell.sheet, cell.row, cell.col) in self.formulas:
            self.at(cell, FORMULA_UNCOMPUTED)
            return True
        return False

    def at(self, cell: _Cell, problem) -> None:
        self.items.append(((cell.order, cell.row, cell.col), cell.say(problem)))

    def sheet(self, order: int, message) -> None:
        self.items.append(((order, 0, 0), str(message)))

    def file(self, message) -> None:
        self.items.append(((-1, 0, 0), str(message)))

    def messages(self) -> list[str]:
        return [text for _key, text in sorted(self.items, key=lambda item: item[0])]

    def __bool__(self) -> bool:
        return bool(self.items)


def _refuse(message) -> ValidationFailed:
    return ValidationFailed({"file": [message]})


def _read_upload(upload) -> bytes:
    """The file's bytes, once it looks like an xlsx we can open safely."""
    if upload is None:
        raise _refuse(_("请选择要上传的Excel文件"))
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse(too_large(size, MAX_UPLOAD_BYTES))
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise _refuse(_("文件是空的，请选择填好的Excel模板"))
    if len(data) > MAX_UPLOAD_BYTES:
        # Only the first bytes past the limit were read: the whole size is not known here.
        raise _refuse(_("文件不能超过 %(max)dMB") % {"max": MAX_UPLOAD_BYTES // 1024 // 1024})
    if data.startswith(OLE_SIGNATURE):
        raise _refuse(_("这是旧版 .xls 文件，请在Excel中另存为 .xlsx 格式后再上传"))
    if not data.startswith(ZIP_SIGNATURE) or not name.lower().endswith(".xlsx"):
        raise _refuse(_("只能上传 .xlsx 格式的Excel文件（请使用本系统下载的模板）"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(_("文件已损坏或不是有效的 .xlsx 文件，请重新保存后上传")) from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise _refuse(_("文件内容过大，请使用本系统下载的模板填写"))
    return data


def _open(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any failure of the parser on a user's file is a message, never a 500
        logger.info("annual report import: unreadable workbook", exc_info=True)
        raise _refuse(
            _("无法读取该Excel文件，请使用本系统下载的模板，另存为 .xlsx 后上传")
        ) from None


def _formula_cells(data: bytes) -> set[tuple[str, int, int]]:
    """Where the workbook holds formulas (read apart from the values they last computed)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # the values pass reports an unreadable file with its message
        return set()
    found = set()
    try:
        for ws in workbook.worksheets:
            for row in ws.iter_rows(max_row=FIRST_ROW + MAX_TARGET_ROWS, max_col=40):
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        found.add((ws.title, cell.row, cell.column))
    except Exception:
        return found
    finally:
        workbook.close()
    return found


def _grid(ws, rows: int, cols: int) -> list[list]:
    """rows × cols values from A1, padded with None (a read-only sheet stops at its last row)."""
    grid = [
        list(r)[:cols]
        for r in ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)
    ]
    grid = [r + [None] * (cols - len(r)) for r in grid]
    return grid + [[None] * cols for _n in range(rows - len(grid))]


def _lines(text) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _meta(workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    ws = workbook[META_SHEET]
    return {_text(key): _text(value) for key, value, *_rest in _grid(ws, 60, 2) if _text(key)}


def _check_identity(meta: dict, report: AnnualReport) -> None:
    if meta.get("format") != TEMPLATE_FORMAT:
        raise _refuse(
            _("这不是本系统的年度报告Excel模板；请先在报告页面下载模板，在模板中填写后上传")
        )
    if meta.get("version") != TEMPLATE_VERSION:
        raise _refuse(_("模板格式已更新，请重新下载模板填写后上传"))
    center = report.center
    # The center's record id when the file names it (templates since issue 9), else its code.
    same_center = (
        meta.get("center_id") == str(center.pk)
        if meta.get("center_id")
        else meta.get("center") == center.code
    )
    same_year = meta.get("year") == str(report.year)
    if same_center and same_year and meta.get("report") == str(report.pk):
        return
    if not same_center:
        # What the file says it is for: the uploader holds it, so naming it reveals nothing.
        raise _refuse(
            _(
                "该文件是另一个中心「%(center)s」（%(code)s）%(year)s 年度报告的模板，"
                "不能导入本中心「%(this_center)s」%(this_year)d 年度报告；"
                "请在本报告页面下载模板填写"
            )
            % {
                "center": meta.get("center_name") or meta.get("center") or "?",
                "code": meta.get("center") or "?",
                "year": meta.get("year") or "?",
                "this_center": center.name,
                "this_year": report.year,
            }
        )  # fmt: skip
    if not same_year:
        raise _refuse(
            _(
                "该文件是本中心 %(year)s 年度报告的模板，不能导入 %(this_year)d 年度报告；"
                "请在本报告页面下载模板填写"
            )
            % {"year": meta.get("year") or "?", "this_year": report.year}
        )  # fmt: skip
    # Same center and year, another report record (e.g. one deleted and started again).
    raise _refuse(
        _("该文件是本中心同年度另一份报告的模板，不能导入本报告；请在本报告页面重新下载模板")
    )


def _cell_value(column: F.Column, raw):
    """What the cell holds, in the form clean_value reads: an integral double in a count is a
    whole number; other doubles go on as they are (to_decimal reads them through repr)."""
    if isinstance(raw, float) and column.kind == F.COUNT and raw.is_integer():
        return int(raw)
    if isinstance(raw, int | float | str) or raw is None:
        return raw
    return str(raw)  # dates, times: refused by the rule with its own message


def _read_table(ws, order, title, table, report, problems, figures, cells) -> None:
    rows = table.rows or ((SINGLE_ROW, None),)
    width = FIRST_COL + len(table.columns) - 1
    grid = _grid(ws, FIRST_ROW + len(rows) - 1, width)
    keys = [_text(v) for v in grid[KEY_ROW - 1][FIRST_COL - 1 :]]
    row_keys = [_text(r[KEY_COL - 1]) for r in grid[FIRST_ROW - 1 :]]
    if keys != [c.key for c in table.columns] or row_keys != [key for key, _l in rows]:
        problems.sheet(
            order,
            _(
                "「%(sheet)s」的行列被插入、删除或移动过，无法对应到统计项；请在新下载的模板中重新填写"
            )
            % {"sheet": title},
        )
        return
    for row_no, (row_key, row_label) in enumerate(rows, start=FIRST_ROW):
        for col, column in enumerate(table.columns, start=FIRST_COL):
            path = _path(table, row_key, column)
            label = str(column.label) if not table.rows else f"{row_label} · {column.label}"
            cell = _Cell(order, title, row_no, col, label)
            cells[path] = cell
            if problems.uncomputed(cell, grid[row_no - 1][col - 1]):
                continue
            try:
                value = F.clean_value(column, _cell_value(column, grid[row_no - 1][col - 1]))
            except ValueError as exc:
                problems.at(cell, exc)
                continue
            _place(figures, path, value)


def _read_targets(ws, order, title, report, rows, problems, targets, cells) -> None:
    width = len(TARGET_KEYS)
    head = _grid(ws, HEADER_ROW, width)
    if [_text(v) for v in head[KEY_ROW - 1]] != list(TARGET_KEYS):
        problems.sheet(
            order,
            _("「%(sheet)s」的列被插入、删除或移动过；请在新下载的模板中重新填写")
            % {"sheet": title},
        )
        return
    by_id = {str(row.target_id): row for row in rows}
    seen: set[str] = set()
    amount = F.Column("achieved", "", F.AMOUNT)
    cap = FIRST_ROW + MAX_TARGET_ROWS
    for row_no, values in enumerate(
        ws.iter_rows(min_row=FIRST_ROW, max_row=cap, max_col=width, values_only=True),
        start=FIRST_ROW,
    ):
        values = list(values) + [None] * (width - len(values))
        key = _text(values[0])
        achieved_raw, note_raw = values[ACHIEVED_COL - 1], values[NOTE_COL - 1]
        name = _text(values[1])
        if key not in by_id or key in seen:
            if _text(achieved_raw) or _text(note_raw):
                problems.at(
                    _Cell(order, title, row_no, ACHIEVED_COL),
                    _("该行不是本报告的合同考核指标（或重复），其内容不会导入；请勿增加或复制行"),
                )
            continue
        seen.add(key)
        row = by_id[key]
        label = row.target.name or name
        achieved_cell = _Cell(order, title, row_no, ACHIEVED_COL, label)
        note_cell = _Cell(order, title, row_no, NOTE_COL, label)
        cells[f"targets.{row.target_id}"] = achieved_cell
        cells[f"targets.{row.target_id}.achieved"] = achieved_cell
        cells[f"targets.{row.target_id}.note"] = note_cell
        item: dict = {}
        raw = _cell_value(amount, achieved_raw)
        if problems.uncomputed(achieved_cell, achieved_raw):
            pass
        elif raw is None or (isinstance(raw, str) and not raw.strip()):
            item["achieved"] = None
        else:
            try:
                to_decimal(raw)  # its own message: the unit is the target's, not 万元
            except ValueError:
                problems.at(achieved_cell, _("须为数字（按指标的计量单位）"))
            else:
                try:
                    item["achieved"] = F.clean_value(amount, raw)
                except ValueError as exc:
                    problems.at(achieved_cell, exc)
        note = "" if note_raw is None else str(note_raw)
        if len(note.strip()) > services.MAX_TEXT:
            problems.at(note_cell, _("说明不能超过 %(n)d 字") % {"n": services.MAX_TEXT})
        elif _lines(note) != _lines(row.note):
            # A file carries line breaks as "\n" only: an unchanged note is not a change.
            item["note"] = note
        targets[str(row.target_id)] = item


def _parse(workbook, report: AnnualReport, problems: _Problems, cells: dict):
    """(figures, targets) read from the workbook; every problem goes to `problems`."""
    meta = _meta(workbook)
    _check_identity(meta, report)
    figures: dict = {}
    targets: dict = {}
    sheetnames = workbook.sheetnames
    for order, table in enumerate(F.TABLES):
        title = meta.get(f"sheet.{table.key}", "")
        if title not in sheetnames or title == META_SHEET:
            problems.sheet(
                order,
                _("缺少工作表「%(sheet)s」（%(table)s）；请勿删除或改名工作表")
                % {"sheet": title or table.label, "table": table.label},
            )
            continue
        _read_table(workbook[title], order, title, table, report, problems, figures, cells)
    order = len(F.TABLES)
    title = meta.get("sheet.targets", "")
    rows = list(report.targets.select_related("target"))
    if title in sheetnames and title != META_SHEET:
        _read_targets(workbook[title], order, title, report, rows, problems, targets, cells)
    elif rows:
        problems.sheet(
            order,
            _("缺少工作表「%(sheet)s」；请勿删除或改名工作表")
            % {"sheet": title or _("合同考核指标完成情况")},
        )
    _check_parts(figures, cells, problems)
    return figures, targets


def _check_parts(figures: dict, cells: dict, problems: _Problems) -> None:
    """Parts larger than their totals, placed on the first part's cell, reported together with
    the bad cells (the save checks again, under its lock)."""
    for finding in checks.part_findings(figures):
        cell = cells.get(finding.path)
        if cell is not None:
            problems.at(_Cell(cell.order, cell.sheet, cell.row, cell.col), finding.cited)
        else:
            problems.file(finding.cited)


def _snapshot(report: AnnualReport) -> tuple:
    report = AnnualReport.objects.get(pk=report.pk)
    rows = sorted(report.targets.values_list("pk", "achieved", "note"))
    return report.figures, rows


def report_import(*, actor, report_id, upload) -> AnnualReport:
    """Save the figures and target progress of an uploaded template, all or nothing. Refusals:
    NotFound outside the user's scope, PermissionDenied for anyone but the center's staff,
    Conflict once submitted, ValidationFailed({"file": [...]}) listing every problem."""
    report = annual_report_get(user=actor, pk=report_id)
    if not is_center_staff(actor, report):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写年度报告"))
    if not report.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改年度报告") % {"state": report.get_status_display()}
        )
    data = _read_upload(upload)
    problems = _Problems()
    problems.formulas = _formula_cells(data)
    cells: dict[str, _Cell] = {}
    workbook = _open(data)
    try:
        figures, targets = _parse(workbook, report, problems, cells)
    except ValidationFailed:
        raise
    except Exception:  # a malformed part of the file met while reading: a message, never a 500
        logger.info("annual report import: unreadable sheet", exc_info=True)
        raise _refuse(
            _("无法读取该Excel文件，请使用本系统下载的模板，另存为 .xlsx 后上传")
        ) from None
    finally:
        workbook.close()
    if problems:
        raise ValidationFailed({"file": problems.messages()})
    name = (getattr(upload, "name", "") or "").replace("/", "_").replace("\\", "_")[:200]
    try:
        with transaction.atomic():
            before = _snapshot(report)
            saved = services.annual_report_save(
                actor=actor, report_id=report.pk, figures=figures, targets=targets
            )
            if _snapshot(report) != before:
                audit_record(
                    actor=actor,
                    action="annual_report.import",
                    obj=saved,
                    after={
                        "file": name,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data),
                    },
                    article=services.ARTICLE,
                )
    except ValidationFailed as exc:
        raise ValidationFailed({"file": _located(exc.errors, cells)}) from exc
    return saved


def _located(errors: dict, cells: dict) -> list[str]:
    """The save's refusals (keyed by figure path, e.g. `income.total`) placed on their cells."""
    located = _Problems()
    for path, messages in errors.items():
        cell = cells.get(path)
        for message in messages:
            if cell is not None:
                located.at(_Cell(cell.order, cell.sheet, cell.row, cell.col), message)
            else:
                located.file(message)
    return located.messages()
