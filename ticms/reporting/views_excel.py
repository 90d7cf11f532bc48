"""Excel round trip pages of an annual report (第二十二条): download the template, upload it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.forms import StyledFormMixin
from ticms.common.views import service_errors

from . import selectors
from .excel.importing import report_import
from .excel.template import template_download
from .excel.upload import MAX_UPLOAD_BYTES
from .permissions import is_center_staff


class ExcelUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("填好的Excel文件"),
        help_text=gettext_lazy("本报告的Excel模板（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing chosen is not "a field to fill in": say what to do.
        self.fields["file"].error_messages["required"] = _("请选择要上传的Excel文件")
        self.fields["file"].help_text = _("本报告的Excel模板（.xlsx），不超过 %(mb)dMB") % {
            "mb": MAX_UPLOAD_BYTES // 1024 // 1024
        }


@login_required
@service_errors
def excel_download(request, pk: int):
    """Anyone who sees the report may take its figures away as the template."""
    report = selectors.annual_report_get(user=request.user, pk=pk)
    return template_download(report)


@login_required
@service_errors
def excel_upload(request, pk: int):
    report = selectors.annual_report_get(user=request.user, pk=pk)
    # Refuse before the form is shown: 403 for the city or the province, 409 once submitted.
    if not is_center_staff(request.user, report):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写年度报告"))
    if not report.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改年度报告") % {"state": report.get_status_display()}
        )
    problems: list[str] = []
    if request.method == "POST":
        form = ExcelUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report_import(actor=request.user, report_id=report.pk, upload=upload)
            except ValidationFailed as exc:
                problems = [str(m) for msgs in exc.errors.values() for m in msgs]
                if not problems:
                    problems = [str(exc.message)]
                form.add_error(
                    "file",
                    _("文件未导入：共 %(n)d 处问题，请全部修改后重新上传") % {"n": len(problems)},
                )
            else:
                messages.success(
                    request, _("已从Excel文件「%(name)s」导入") % {"name": upload.name}
                )
                return redirect(reverse("reporting:detail", args=[report.pk]))
    else:
        form = ExcelUploadForm()
    return render(
        request,
        "reporting/excel_upload.html",
        {
            "report": report,
            "form": form,
            "problems": problems,
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        },
    )
