"""How the annual-report workbook is laid out, for the template and the import alike.

Layout of a table sheet: row 1 (hidden) holds the column keys and column A (hidden) the row keys,
so a moved or inserted row or column is detected instead of being read into the wrong figure;
row 2 holds the headers, column B the row labels, and the values start at C3. A hidden sheet
names the report the file was made for.
"""

from __future__ import annotations

from .. import figures as F

TEMPLATE_FORMAT = "ticms-annual-report"
# Bump when the layout changes in a way an old file could be misread.
TEMPLATE_VERSION = "1"
META_SHEET = "_ticms"
MAX_TARGET_ROWS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
KEY_COL, LABEL_COL, FIRST_COL = 1, 2, 3
KEY_MARK = "#"
SINGLE_ROW = "-"  # the row key of a table without declared rows
TARGET_KEYS = ("id", "name", "unit", "target_value", "target_year", "achieved", "note")
ACHIEVED_COL = TARGET_KEYS.index("achieved") + 1
NOTE_COL = TARGET_KEYS.index("note") + 1


def cell_path(table: F.Table, row_key: str, column: F.Column) -> str:
    if row_key == SINGLE_ROW:
        return f"{table.key}.{column.key}"
    return f"{table.key}.{row_key}.{column.key}"
