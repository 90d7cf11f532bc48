"""Evidence of a self-evaluation (第九条第4项): uploaded by the center's own staff while its
self-evaluation is open, checked by type, read within the campaign's scope only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.evaluation.campaigns import evidence
from ticms.testing.establishment import pdf_upload

from .campaign_fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def test_the_center_uploads_and_others_read_within_scope(client, world):
    campaign = world.opened()
    center = world.centers[0]
    entry = world.entry(campaign, center)
    staff = world.staff[center.pk]
    client.force_login(staff)
    url = reverse("evaluation:campaign_evidence", args=[campaign.pk, entry.pk])
    response = client.post(url, {"file": pdf_upload("验收证书.pdf")})
    assert response.status_code == 302
    row = entry.evidence_files.get()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "验收证书.pdf" in page
    download = reverse(
        "evaluation:campaign_evidence_download", args=[campaign.pk, entry.pk, row.pk]
    )
    readers = [
        (world.city, 200),
        (world.evaluator, 200),
        (world.other_evaluator, 404),
        (world.staff[world.centers[1].pk], 404),
        (world.other_city, 404),
    ]
    for user, status in readers:
        client.force_login(user)
        assert client.get(download).status_code == status, user
    client.force_login(staff)
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}, follow=True)
    assert entry.evidence_files.count() == 1 and "messages" in bad.context
    client.post(url, {"remove": row.pk})
    assert not entry.evidence_files.exists()


def test_refusals(world):
    campaign = world.opened()
    center = world.centers[0]
    entry = world.entry(campaign, center)
    staff = world.staff[center.pk]
    with pytest.raises(PermissionDenied):
        evidence.evidence_add(
            actor=world.city, campaign_id=campaign.pk, entry_id=entry.pk, upload=pdf_upload()
        )
    evidence.evidence_add(actor=staff, campaign_id=campaign.pk, entry_id=entry.pk,
                          upload=pdf_upload())  # fmt: skip
    with pytest.raises(ValidationFailed):  # the same file twice
        evidence.evidence_add(actor=staff, campaign_id=campaign.pk, entry_id=entry.pk,
                              upload=pdf_upload())  # fmt: skip
    world.self_evaluate(campaign, center)
    with pytest.raises(Conflict):  # submitted: the evidence is what the city checks
        evidence.evidence_add(actor=staff, campaign_id=campaign.pk, entry_id=entry.pk,
                              upload=pdf_upload("other.pdf", b"%PDF-1.4 other"))  # fmt: skip
