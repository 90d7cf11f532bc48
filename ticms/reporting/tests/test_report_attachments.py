"""Annual report attachments: upload, download, removal; bad files refused with nothing saved;
only the center's own staff while the report is editable, read by the reviewing city."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ticms.common.exceptions import Conflict, NotFound, ValidationFailed
from ticms.reporting import services
from ticms.reporting.models import AnnualReportAttachment
from ticms.testing.establishment import pdf_upload

from .conftest import filled_report

pytestmark = pytest.mark.django_db


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


def test_attachment_add_download_remove(client, world):
    report = filled_report(world)
    staff = world.users["staff_nj"]
    row = services.annual_report_attachment_add(
        actor=staff, report_id=report.pk, upload=pdf_upload("审计报告.pdf")
    )
    assert row.original_name == "审计报告.pdf"
    url = reverse("reporting:attachment_download", args=[report.pk, row.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    services.annual_report_attachment_remove(actor=staff, report_id=report.pk, attachment_id=row.pk)
    assert not AnnualReportAttachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "请选择要上传的文件"),
        (SimpleUploadedFile("x.exe", b"MZ..."), "只接受"),
        (SimpleUploadedFile("x.pdf", b"MZ not a pdf"), "不符"),
        (SimpleUploadedFile("x.pdf", b""), "空"),
    ],
)
def test_bad_attachments_are_refused(world, upload, message):
    report = filled_report(world)
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_attachment_add(
            actor=world.users["staff_nj"], report_id=report.pk, upload=upload
        )
    assert message in str(exc.value.errors["file"])
    assert not AnnualReportAttachment.objects.exists()


def test_same_file_twice_is_refused(world):
    report = filled_report(world)
    services.annual_report_attachment_add(
        actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload()
    )
    with pytest.raises(ValidationFailed):
        services.annual_report_attachment_add(
            actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload("copy.pdf")
        )
    assert AnnualReportAttachment.objects.count() == 1


def test_attachments_only_by_own_staff_while_editable(client, world):
    report = filled_report(world)
    row = services.annual_report_attachment_add(
        actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload()
    )
    with pytest.raises(NotFound):  # another center: like a missing report
        services.annual_report_attachment_add(
            actor=world.users["staff_sz"], report_id=report.pk, upload=pdf_upload("b.pdf")
        )
    act(world, "staff_nj", report, "submit")
    with pytest.raises(Conflict):
        services.annual_report_attachment_remove(
            actor=world.users["staff_nj"], report_id=report.pk, attachment_id=row.pk
        )
    url = reverse("reporting:attachment_download", args=[report.pk, row.pk])
    client.force_login(world.users["city_nj"])  # the reviewing city reads it
    assert client.get(url).status_code == 200
    client.force_login(world.users["city_sz"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["staff_sz"])
    assert client.get(url).status_code == 404


def test_attachment_page_upload_and_bad_file(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:attachments", args=[report.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"nope")})
    assert bad.status_code == 200 and "不符" in bad.content.decode()
    ok = client.post(url, {"file": pdf_upload()})
    assert ok.status_code == 302
    assert report.attachments.count() == 1
    client.force_login(world.users["city_nj"])
    assert client.get(url).status_code == 404  # a draft is the center's alone
    act(world, "staff_nj", report, "submit")
    assert client.get(url).status_code == 403  # the city reads, never edits


def test_attachment_remove_with_a_huge_id_is_not_a_500(client, world):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    client.force_login(world.users["staff_nj"])
    url = f"/reports/{report.pk}/edit/attachments/"
    assert client.post(url, {"remove": "99999999999999999999999"}).status_code == 404
