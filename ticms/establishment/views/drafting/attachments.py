"""The attachments section: the materials the guide requires, uploads, and the download (only
to those who may see the application, always as a download)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ticms.common import files
from ticms.common.views import service_errors

from ... import selectors, services
from ...forms.rows import AttachmentForm
from ...models import MaterialKind
from .rows import rows_page


def _attachment_rows(application) -> dict:
    attachments = list(application.attachments.select_related("uploaded_by"))
    present = {a.kind for a in attachments}
    labels = dict(MaterialKind.choices)
    return {
        "rows": attachments,
        "required_materials": [
            {"kind": kind, "label": labels.get(kind, kind), "present": kind in present}
            for kind in application.guide.required_materials
        ],
    }


@login_required
@service_errors
def draft_attachments(request, pk: int):
    def save(application, form):
        attachment = services.attachment_add(
            actor=request.user,
            application_id=application.pk,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        return _("已上传：%(name)s") % {"name": attachment.original_name}

    return rows_page(
        request,
        pk,
        key="attachments",
        template="attachments.html",
        forms={"form": AttachmentForm},
        form_kwargs=lambda application: {
            "required_kinds": tuple(application.guide.required_materials)
        },
        save=save,
        rows=_attachment_rows,
    )


@login_required
@require_GET
@service_errors
def attachment_download(request, pk: int, attachment_pk: int):
    """Only to those who may see the application; always as a download, never rendered."""
    application = selectors.application_get(user=request.user, pk=pk)
    return files.attachment_download(application.attachments.all(), attachment_pk)
