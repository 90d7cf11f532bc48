"""Stored files handed to a user: always as a download, never rendered by the browser."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _


def download_response(fieldfile, *, filename: str, content_type: str = "application/octet-stream"):
    """A private, uncached attachment response for `fieldfile`, or None when the stored file
    is gone (the caller answers 404 in its own way: a page or the API)."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(row):
    """The download of an attachment row (`file`, `original_name`), or None when the row or
    its stored file is missing."""
    return download_response(row.file, filename=row.original_name) if row is not None else None


def attachment_download(rows, attachment_id):
    """The download of attachment `attachment_id` among `rows` (a queryset the caller already
    scoped to the reader); a missing row or file is NotFound, for a page and the API alike."""
    from .exceptions import NotFound

    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound(_("附件不存在")) from None
    response = attachment_response(rows.filter(pk=attachment_id).first())
    if response is None:
        raise NotFound(_("附件不存在"))
    return response


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MB = 1024 * 1024


def fmt_size(size: int, limit: int) -> tuple[str, str]:
    """(size, limit) in words that differ whenever the numbers do: MB with two decimals, or
    bytes when the size would round to the limit (21,000,000 bytes → 20.03 MB, not 20.0MB)."""
    from fractions import Fraction

    from ticms.common.money import fmt_count, fmt_number, round_half_up

    shown = round_half_up(Fraction(size, MB), 2)
    if shown == round_half_up(Fraction(limit, MB), 2) and size != limit:
        return _("%(n)s 字节") % {"n": fmt_count(size)}, _("%(n)s 字节") % {"n": fmt_count(limit)}
    return (
        _("%(n)s MB") % {"n": f"{shown:,f}"},
        _("%(n)s MB") % {"n": fmt_number(Fraction(limit, MB))},
    )


def too_large(size: int, limit: int) -> str:
    """The refusal of a file over `limit` bytes, with both sizes told apart."""
    shown, most = fmt_size(size, limit)
    return _("文件不能超过 %(max)s（当前为 %(size)s）") % {"max": most, "size": shown}


# Suffix -> leading bytes the file must start with: a renamed executable is refused.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "ofd": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def uploaded_file_problem(upload) -> str | None:
    """Why an uploaded file is refused (size, type, content), or None."""
    name = getattr(upload, "name", "") or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SIGNATURES:
        return _("只接受 PDF、OFD、PNG、JPG、DOCX、XLSX 格式的文件")
    if upload.size == 0:
        return _("文件是空的")
    if upload.size > MAX_ATTACHMENT_BYTES:
        return too_large(upload.size, MAX_ATTACHMENT_BYTES)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        return _("文件内容与扩展名 .%(suffix)s 不符") % {"suffix": suffix}
    if len(name) > 200:
        return _("文件名不能超过200个字")
    return None


def file_digest(upload) -> str:
    import hashlib

    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
