"""Excel helpers shared by every export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOLD = Font(bold=True)


def row(sheet, values, *, bold: bool = False) -> list[WriteOnlyCell]:
    """Cells for a write-only sheet. Text is always stored as text: a value a user typed that
    starts with "=" must never become a live formula in an officer's spreadsheet."""
    cells = []
    for value in values:
        if value is not None and not isinstance(value, int | float | Decimal | str | dt.date):
            value = str(value)  # lazy translations and the like become text
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        cells.append(cell)
    return cells
