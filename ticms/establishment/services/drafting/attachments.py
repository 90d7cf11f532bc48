"""The attachments of an application: upload (checked, digested, never the same file twice)
and removal; a stored file never outlives its row."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.common.files import file_digest, uploaded_file_problem

from ...models import ApplicationAttachment, MaterialKind
from .editing import _audit_update, _locked_draft


def attachment_add(*, actor, application_id: int, kind: str, upload):
    errors: dict[str, list] = {}
    if kind not in MaterialKind.values:
        errors["kind"] = [_("请选择材料类型")]
    if upload is None:
        errors["file"] = [_("请选择要上传的文件")]
    elif problem := uploaded_file_problem(upload):
        errors["file"] = [problem]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        sha = file_digest(upload)
        if application.attachments.filter(sha256=sha).exists():
            raise ValidationFailed({"file": [_("同一文件已上传")]})
        attachment = ApplicationAttachment(
            application=application,
            kind=kind,
            original_name=upload.name.replace("/", "_").replace("\\", "_"),
            size=upload.size,
            sha256=sha,
            uploaded_by=actor,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
            _audit_update(
                actor,
                application,
                "attachments",
                {},
                {"attachment_added": f"{attachment.original_name} {sha[:12]}"},
            )
        except BaseException:
            # The rows roll back; the stored file must not stay behind without them.
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachment_remove(*, actor, application_id: int, attachment_id: int) -> None:
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        row = ApplicationAttachment.objects.filter(
            application=application, pk=attachment_id
        ).first()
        if row is None:
            raise NotFound(_("该附件不存在"))
        label = f"{row.original_name} {row.sha256[:12]}"
        storage, path = row.file.storage, row.file.name
        row.delete()
        _audit_update(actor, application, "attachments", {}, {"attachment_removed": label})
        # A submitted version may name the file: keep it then; a never-submitted draft's
        # file goes once the row is gone for good.
        if application.version == 0:
            transaction.on_commit(lambda: storage.delete(path))
