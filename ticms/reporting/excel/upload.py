"""The uploaded file: refused unless it looks like an xlsx that can be opened safely (size, the
zip's entries and their inflated size, no old .xls); then opened for its values and scanned for
formulas apart from them."""

from __future__ import annotations

import io
import logging
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ticms.common.files import too_large

from .layout import FIRST_ROW, MAX_TARGET_ROWS
from .problems import refuse

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A small xlsx that inflates to gigabytes (a zip bomb) is refused before openpyxl opens it.
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def read_upload(upload) -> bytes:
    """The file's bytes, once it looks like an xlsx we can open safely."""
    if upload is None:
        raise refuse(_("请选择要上传的Excel文件"))
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise refuse(too_large(size, MAX_UPLOAD_BYTES))
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise refuse(_("文件是空的，请选择填好的Excel模板"))
    if len(data) > MAX_UPLOAD_BYTES:
        # Only the first bytes past the limit were read: the whole size is not known here.
        raise refuse(_("文件不能超过 %(max)dMB") % {"max": MAX_UPLOAD_BYTES // 1024 // 1024})
    if data.startswith(OLE_SIGNATURE):
        raise refuse(_("这是旧版 .xls 文件，请在Excel中另存为 .xlsx 格式后再上传"))
    if not data.startswith(ZIP_SIGNATURE) or not name.lower().endswith(".xlsx"):
        raise refuse(_("只能上传 .xlsx 格式的Excel文件（请使用本系统下载的模板）"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(_("文件已损坏或不是有效的 .xlsx 文件，请重新保存后上传")) from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise refuse(_("文件内容过大，请使用本系统下载的模板填写"))
    return data


def open_workbook(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any failure of the parser on a user's file is a message, never a 500
        logger.info("annual report import: unreadable workbook", exc_info=True)
        raise refuse(
            _("无法读取该Excel文件，请使用本系统下载的模板，另存为 .xlsx 后上传")
        ) from None


def formula_cells(data: bytes) -> set[tuple[str, int, int]]:
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
