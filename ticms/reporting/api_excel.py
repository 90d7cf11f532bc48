"""/api/v1 Excel round trip of annual reports (第二十二条): the template download and its
import, scoped like the rest of the reporting API (outside the caller's scope: 404)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from ticms.common.api_schemas import ErrorOut, ValidationErrorOut

from . import selectors
from .api import WRITE, ReportDetailOut, _detail
from .excel.importing import report_import
from .excel.layout import XLSX_CONTENT_TYPE
from .excel.template import template_download

router = Router(tags=["reporting"])


@router.get(
    "/annual-reports/{report_id}/template.xlsx",
    response={401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    # An int key, like ninja's own: a "200" string key would be a second, duplicate "200".
    openapi_extra={
        "responses": {
            200: {
                "description": "The report's Excel template, pre-filled with its figures",
                "content": {XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def annual_report_template(request: HttpRequest, report_id: int):
    report = selectors.annual_report_get(user=request.auth, pk=report_id)
    return template_download(report)


@router.post("/annual-reports/{report_id}/import", response={200: ReportDetailOut, **WRITE})
def annual_report_import(request: HttpRequest, report_id: int, file: File[UploadedFile]):
    """Upload the filled template (multipart field `file`). All or nothing: any bad cell answers
    422 with one message per problem naming its sheet, row and column, and nothing is saved."""
    report_import(actor=request.auth, report_id=report_id, upload=file)
    return _detail(request, report_id)
