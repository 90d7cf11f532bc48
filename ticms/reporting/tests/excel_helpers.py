"""What the Excel tests share: a center with contract targets, an upload, the template as a user
edits and saves it, an import and its refusal."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ticms.common.exceptions import ValidationFailed
from ticms.establishment.models import ContractTarget
from ticms.reporting.excel.importing import report_import
from ticms.reporting.excel.layout import META_SHEET, XLSX_CONTENT_TYPE

from .test_services import _contract_for


def with_targets(world) -> list[ContractTarget]:
    """Contract targets of the Nanjing center; a report started after this lays out their rows."""
    contract = _contract_for(world.nj)
    return [
        ContractTarget.objects.create(
            contract=contract, center=world.nj, name=name, unit=unit,
            target_value=Decimal(value), target_year=2025, order=order,
        )
        for order, (name, unit, value) in enumerate(
            [("发明专利授权", "件", "50"), ("技术合同成交额", "万元", "3000.5")]
        )
    ]  # fmt: skip


def upload(data: bytes, name: str = "年度报告.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def titles(wb) -> dict[str, str]:
    """table key -> sheet title, as the hidden sheet records them."""
    meta = wb[META_SHEET]
    return {
        key.removeprefix("sheet."): value
        for key, value in meta.iter_rows(values_only=True)
        if key and key.startswith("sheet.")
    }


def edited(data: bytes, edit) -> bytes:
    """The template as a user saves it after `edit(workbook, titles)`."""
    wb = load_workbook(io.BytesIO(data))
    edit(wb, titles(wb))
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def do_import(world, report, data: bytes, user: str = "staff_nj", name="年度报告.xlsx"):
    return report_import(actor=world.users[user], report_id=report.pk, upload=upload(data, name))


def refusal(world, report, data: bytes, **kw) -> list[str]:
    with pytest.raises(ValidationFailed) as exc:
        do_import(world, report, data, **kw)
    assert list(exc.value.errors) == ["file"]
    return [str(m) for m in exc.value.errors["file"]]
