"""Attachments of an application: upload, list, download, removal."""

from __future__ import annotations

import pytest

from ticms.establishment.models import (
    ApplicationAttachment,
)
from ticms.testing.establishment import pdf_upload

from .drafting_helpers import html, submitted, url

pytestmark = pytest.mark.django_db


def test_attachments_upload_list_download_and_remove(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_attachments", draft)))
    assert "共建协议" in page and "未上传" in page and 'id="material-co_building_agreement"' in page
    body = b"%PDF-1.4 agreement body"
    response = client.post(
        url("draft_attachments", draft),
        {"kind": "co_building_agreement", "file": pdf_upload("共建协议 2026.pdf", body)},
    )
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get(application=draft)
    page = html(client.get(url("draft_attachments", draft)))
    assert "已上传" in page and "共建协议 2026.pdf" in page
    response = client.get(url("attachment_download", draft, attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == body
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%85%B1%E5%BB%BA%E5%8D%8F%E8%AE%AE%202026.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    # Another application's attachment id does not open through this one.
    other, _ = submitted(draft.guide)
    foreign = other.attachments.first()
    assert client.get(url("attachment_download", draft, foreign.pk)).status_code == 404
    response = client.post(url("draft_row_remove", draft, "attachments", attachment.pk))
    assert response.status_code == 302
    assert not ApplicationAttachment.objects.filter(application=draft).exists()
