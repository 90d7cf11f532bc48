"""Excel helpers shared by every export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOLD = Font(bold=True)
# Numbers stay numbers (sortable, summable); the format shows them as the pages do.
MONEY_FORMAT = "#,##0.00"  # 万元, two decimals
COUNT_FORMAT = "#,##0"


def row(sheet, values, *, bold: bool = False, formats=()) -> list[WriteOnlyCell]:
    """Cells for a write-only sheet. Text is always stored as text: a value a user typed that
    starts with "=" must never become a live formula in an officer's spreadsheet. `formats`,
    by position, gives a number format to numeric cells (None: none)."""
    cells = []
    formats = list(formats)
    for index, value in enumerate(values):
        if value is not None and not isinstance(value, int | float | Decimal | str | dt.date):
            value = str(value)  # lazy translations and the like become text
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, int | float | Decimal) and index < len(formats) and formats[index]:
            cell.number_format = formats[index]
        if bold:
            cell.font = BOLD
        cells.append(cell)
    return cells
