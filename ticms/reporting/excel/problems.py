"""The problems of an upload, each placed on its cell (sheet, row, column and what the cell
holds) and listed in the order the file reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from ticms.common.exceptions import ValidationFailed


@dataclass(frozen=True)
class Cell:
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


class Problems:
    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []
        # (sheet, row, col) of formula cells: one without a stored result must not read as
        # "blank" and clear the figure.
        self.formulas: set[tuple[str, int, int]] = set()

    def uncomputed(self, cell: Cell, raw) -> bool:
        if raw is None and (cell.sheet, cell.row, cell.col) in self.formulas:
            self.at(cell, FORMULA_UNCOMPUTED)
            return True
        return False

    def at(self, cell: Cell, problem) -> None:
        self.items.append(((cell.order, cell.row, cell.col), cell.say(problem)))

    def sheet(self, order: int, message) -> None:
        self.items.append(((order, 0, 0), str(message)))

    def file(self, message) -> None:
        self.items.append(((-1, 0, 0), str(message)))

    def messages(self) -> list[str]:
        return [text for _key, text in sorted(self.items, key=lambda item: item[0])]

    def __bool__(self) -> bool:
        return bool(self.items)


def refuse(message) -> ValidationFailed:
    return ValidationFailed({"file": [message]})


def located(errors: dict, cells: dict) -> list[str]:
    """The save's refusals (keyed by figure path, e.g. `income.total`) placed on their cells."""
    located = Problems()
    for path, messages in errors.items():
        cell = cells.get(path)
        for message in messages:
            if cell is not None:
                located.at(Cell(cell.order, cell.sheet, cell.row, cell.col), message)
            else:
                located.file(message)
    return located.messages()
