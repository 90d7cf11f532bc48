"""Reading a filled-in template: each sheet checked against the layout it was made with, each
cell read by the rule of its column (figures.clean_value) into the figures and the target
progress, nested as the pages and the API send them; parts larger than their totals found too.
Every problem goes to `problems`; nothing is saved here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.money import to_decimal

from .. import checks, services
from .. import figures as F
from ..models import AnnualReport
from .layout import (
    ACHIEVED_COL,
    FIRST_COL,
    FIRST_ROW,
    HEADER_ROW,
    KEY_COL,
    KEY_ROW,
    MAX_TARGET_ROWS,
    META_SHEET,
    NOTE_COL,
    SINGLE_ROW,
    TARGET_KEYS,
    TEMPLATE_FORMAT,
    TEMPLATE_VERSION,
    cell_path,
)
from .problems import Cell, Problems, refuse


def _place(figures: dict, path: str, value) -> None:
    """Nested like the API's body ({"people": {"core_rd": {"members": 40}}}): figures_parse
    reads the file's figures exactly as it reads a page's or the API's."""
    *parents, leaf = path.split(".")
    node = figures
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value


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
        raise refuse(
            _("这不是本系统的年度报告Excel模板；请先在报告页面下载模板，在模板中填写后上传")
        )
    if meta.get("version") != TEMPLATE_VERSION:
        raise refuse(_("模板格式已更新，请重新下载模板填写后上传"))
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
        raise refuse(
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
        raise refuse(
            _(
                "该文件是本中心 %(year)s 年度报告的模板，不能导入 %(this_year)d 年度报告；"
                "请在本报告页面下载模板填写"
            )
            % {"year": meta.get("year") or "?", "this_year": report.year}
        )  # fmt: skip
    # Same center and year, another report record (e.g. one deleted and started again).
    raise refuse(
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
            path = cell_path(table, row_key, column)
            label = str(column.label) if not table.rows else f"{row_label} · {column.label}"
            cell = Cell(order, title, row_no, col, label)
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
                    Cell(order, title, row_no, ACHIEVED_COL),
                    _("该行不是本报告的合同考核指标（或重复），其内容不会导入；请勿增加或复制行"),
                )
            continue
        seen.add(key)
        row = by_id[key]
        label = row.target.name or name
        achieved_cell = Cell(order, title, row_no, ACHIEVED_COL, label)
        note_cell = Cell(order, title, row_no, NOTE_COL, label)
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


def workbook_parse(workbook, report: AnnualReport, problems: Problems, cells: dict):
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


def _check_parts(figures: dict, cells: dict, problems: Problems) -> None:
    """Parts larger than their totals, placed on the first part's cell, reported together with
    the bad cells (the save checks again, under its lock)."""
    for finding in checks.part_findings(figures):
        cell = cells.get(finding.path)
        if cell is not None:
            problems.at(Cell(cell.order, cell.sheet, cell.row, cell.col), finding.cited)
        else:
            problems.file(finding.cited)
