"""Evidence files of a self-evaluation (第九条第4项): uploaded by the center's staff while the
self-evaluation is open, read by everyone who sees the center's part in the campaign."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ticms.common.audit import audit_record
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.files import attachment_download, file_digest, uploaded_file_problem

from ..models import CampaignCenter, CampaignStatus, EvidenceFile
from ..models.campaigns import NOT_YET_SUBMITTED
from . import selectors

MAX_FILES = 20
ARTICLE = "第九条第4项"


def _editable(actor, campaign_id, entry_id) -> CampaignCenter:
    entry = selectors.entry_get(user=actor, campaign_id=campaign_id, pk=entry_id)
    if not selectors.is_center_of_entry(actor, entry):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以上传佐证材料"))
    locked = CampaignCenter.objects.select_for_update().get(pk=entry.pk)
    if entry.campaign.status != CampaignStatus.COLLECTING or locked.status not in NOT_YET_SUBMITTED:
        raise Conflict(_("自评已提交或已截止，佐证材料不能再修改"))
    locked.campaign = entry.campaign
    return locked


def evidence_add(*, actor, campaign_id, entry_id, upload) -> EvidenceFile:
    if upload is None:
        raise ValidationFailed({"file": [_("请选择要上传的文件")]})
    if problem := uploaded_file_problem(upload):
        raise ValidationFailed({"file": [problem]})
    with transaction.atomic():
        entry = _editable(actor, campaign_id, entry_id)
        if entry.evidence_files.count() >= MAX_FILES:
            raise ValidationFailed({"file": [_("佐证材料最多 %(n)d 个文件") % {"n": MAX_FILES}]})
        sha = file_digest(upload)
        if entry.evidence_files.filter(sha256=sha).exists():
            raise ValidationFailed({"file": [_("同一文件已上传")]})
        row = EvidenceFile(
            entry=entry,
            original_name=upload.name.replace("/", "_").replace("\\", "_")[:200],
            size=upload.size,
            sha256=sha,
            uploaded_by=actor,
        )
        row.file.save(upload.name, upload, save=False)
        try:
            row.save()
            audit_record(
                actor=actor, action="campaign_center.evidence", obj=entry,
                after={"evidence_added": f"{row.original_name} {sha[:12]}"}, article=ARTICLE,
            )  # fmt: skip
        except BaseException:
            row.file.storage.delete(row.file.name)  # no stored file without its row
            raise
    return row


def evidence_remove(*, actor, campaign_id, entry_id, file_id) -> None:
    with transaction.atomic():
        entry = _editable(actor, campaign_id, entry_id)
        row = entry.evidence_files.filter(pk=_int(file_id)).first()
        if row is None:
            raise ValidationFailed({"file": [_("附件不存在")]})
        name = row.file.name
        row.delete()
        audit_record(
            actor=actor, action="campaign_center.evidence", obj=entry,
            after={"evidence_removed": f"{row.original_name} {row.sha256[:12]}"},
            article=ARTICLE,
        )  # fmt: skip
        transaction.on_commit(lambda: row.file.storage.delete(name))


def evidence_download(*, user, campaign_id, entry_id, file_id):
    entry = selectors.entry_get(user=user, campaign_id=campaign_id, pk=entry_id)
    return attachment_download(entry.evidence_files.all(), file_id)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
