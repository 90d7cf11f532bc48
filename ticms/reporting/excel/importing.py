"""Importing a filled-in template into an annual report (第二十二条), all or nothing: every
bad cell is reported by sheet, row and column, and nothing is saved unless the whole file is
valid; the save's own refusals are placed on their cells too."""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.audit import audit_record
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels

from .. import services
from ..models import AnnualReport
from ..permissions import is_center_staff
from ..selectors import annual_report_get
from .parse import workbook_parse
from .problems import Cell, Problems, located, refuse
from .upload import formula_cells, open_workbook, read_upload

logger = logging.getLogger(__name__)

register_action_labels({"annual_report.import": gettext_lazy("从Excel导入年度报告")})


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
    data = read_upload(upload)
    problems = Problems()
    problems.formulas = formula_cells(data)
    cells: dict[str, Cell] = {}
    workbook = open_workbook(data)
    try:
        figures, targets = workbook_parse(workbook, report, problems, cells)
    except ValidationFailed:
        raise
    except Exception:  # a malformed part of the file met while reading: a message, never a 500
        logger.info("annual report import: unreadable sheet", exc_info=True)
        raise refuse(
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
        raise ValidationFailed({"file": located(exc.errors, cells)}) from exc
    return saved
