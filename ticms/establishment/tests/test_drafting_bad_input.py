"""Bad input on the drafting pages: a message on the form, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.exceptions import ValidationFailed
from ticms.establishment import services
from ticms.establishment.models import (
    ApplicationAttachment,
    ApplicationCoBuilder,
    ApplicationTarget,
    ApplicationTeamMember,
)
from ticms.testing.establishment import pdf_upload

from .drafting_helpers import html, url

pytestmark = pytest.mark.django_db


def test_a_negative_area_is_refused_on_the_form(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(
        url("draft_profile", draft, "center"),
        {"rd_site_area_m2": "-5", "instrument_value_wan_yuan": "2500"},
    )
    page = html(response)
    assert response.status_code == 200
    assert "独立研发场地面积（m²）不能小于 0" in page and 'id="error-summary"' in page
    draft.refresh_from_db()
    assert draft.profile_data == {}


def test_a_future_operating_date_is_refused_with_the_service_message(client, draft, applicant):
    client.force_login(applicant)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url("draft_profile", draft, "center"), {"operating_since": tomorrow.isoformat()}
    )
    assert "日期不能晚于今天" in html(response)
    draft.refresh_from_db()
    assert draft.profile_data == {}


def test_a_bad_uscc_is_refused_on_the_form(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(
        url("draft_co_builders", draft),
        {"name": "某大学", "uscc": "91320100000000000X", "kind": "university"},
    )
    assert response.status_code == 200
    assert "统一社会信用代码" in html(response) and "核对" in html(response)
    assert not ApplicationCoBuilder.objects.filter(application=draft).exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "只接受 PDF、OFD、PNG、JPG、DOCX、XLSX 格式的文件"),
        ("agreement.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名 .pdf 不符"),
        ("empty.pdf", b"", "文件"),
    ],
)
def test_a_wrong_file_is_refused_on_the_form(client, draft, applicant, name, body, message):
    client.force_login(applicant)
    response = client.post(
        url("draft_attachments", draft),
        {"kind": "co_building_agreement", "file": pdf_upload(name, body)},
    )
    assert response.status_code == 200 and message in html(response)
    assert not ApplicationAttachment.objects.filter(application=draft).exists()


def test_a_target_with_bad_numbers_is_refused(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(
        url("draft_targets", draft),
        {"name": "孵化企业", "unit": "家", "target_value": "-1", "target_year": "1999"},
    )
    page = html(response)
    assert "目标值不能小于 0" in page
    response = client.post(
        url("draft_targets", draft),
        {"name": "孵化企业", "unit": "家", "target_value": "5", "target_year": "1999"},
    )
    assert "完成年度须在" in html(response)
    assert not ApplicationTarget.objects.filter(application=draft).exists()


def test_a_team_member_needs_a_valid_id_and_explicit_answers(client, draft, applicant):
    client.force_login(applicant)
    row = {
        "name": "王五",
        "id_number": "320102198001011234",
        "title_level": "senior",
        "degree": "doctorate",
        "team": "core_rd",
    }
    page = html(client.post(url("draft_team", draft), row))
    # 是/否 are never defaulted: unanswered, they are asked for.
    assert "请选择是否全职" in page and "请选择是否研发人员" in page
    page = html(
        client.post(url("draft_team", draft), {**row, "full_time": "yes", "is_rd_staff": "no"})
    )
    assert "身份证号码" in page
    assert not ApplicationTeamMember.objects.filter(application=draft).exists()


def test_an_upload_without_a_file_asks_to_choose_one(client, draft, applicant):
    client.force_login(applicant)
    page = client.post(url("draft_attachments", draft), {"kind": "co_building_agreement"})
    page = page.content.decode()
    assert "请选择要上传的文件" in page and "请填写文件" not in page


def test_the_same_target_row_is_refused_the_second_time(client, draft, applicant):
    client.force_login(applicant)
    year = dt.date.today().year + 3
    row = {"name": "孵化企业", "unit": "家", "target_value": "10", "target_year": str(year)}
    assert client.post(url("draft_targets", draft), row).status_code == 302
    again = client.post(url("draft_targets", draft), {**row, "target_value": "10.00"})
    assert again.status_code == 200 and "不能重复添加" in again.content.decode()
    assert ApplicationTarget.objects.filter(application=draft).count() == 1
    # The service itself refuses it, whatever the baseline.
    with pytest.raises(ValidationFailed) as caught:
        services.target_add(
            actor=applicant, application_id=draft.pk, baseline="3", **{**row, "name": " 孵化企业 "}
        )
    assert "name" in caught.value.errors
    # Another year (or value, or unit) is another target.
    response = client.post(url("draft_targets", draft), {**row, "target_year": str(year + 1)})
    assert response.status_code == 302
    assert ApplicationTarget.objects.filter(application=draft).count() == 2
