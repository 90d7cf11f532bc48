"""The whole way of an application through its pages: create, fill every section, check, submit,
return, resubmit, and compare the two versions (a list change as rows removed and added)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ticms.establishment import services
from ticms.establishment.models import Application, ApplicationStatus
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import pdf_upload

from .drafting_helpers import LONG, NANJING, PLAN_SLUGS, html, submitted, url

pytestmark = pytest.mark.django_db


def _fill_every_section(client, application):
    today = timezone.localdate()
    ok = client.post(
        url("draft_basics", application),
        {"center_name": "江苏省智能传感技术创新中心", "sub_field": f.sub_field("F0104").pk},
    )
    assert ok.status_code == 302
    for slug in PLAN_SLUGS:
        response = client.post(
            url("draft_plan", application, slug), {f"plan_{slug}": LONG, "continue": "1"}
        )
        assert response.status_code == 302, slug
    response = client.post(
        url("draft_targets", application),
        {
            "name": "突破关键核心技术",
            "unit": "项",
            "target_value": "10",
            "target_year": today.year + 5,
        },
    )
    assert response.status_code == 302
    center = {
        "registered_in_jiangsu": "yes",
        "independent_legal_person": "yes",
        "co_building_agreement_signed": "yes",
        "operating_since": (today - dt.timedelta(days=800)).isoformat(),
        "rd_site_area_m2": "5000",
        "instrument_value_wan_yuan": "2000",
    }
    host_unit = {"has_provincial_platform": "yes", "undertook_provincial_project": "yes"}
    host_unit.update({f"rd_investment_{today.year - n}": "3000" for n in (1, 2, 3)})
    region = {
        "industry_policy_issued": "yes",
        "has_industrial_park": "yes",
        "prior_investment_wan_yuan": "10000",
        "planned_investment_wan_yuan": "20000",
    }
    for section, data in (("center", center), ("host_unit", host_unit), ("region", region)):
        response = client.post(url("draft_profile", application, section), data)
        assert response.status_code == 302, (section, html(response)[-3000:])
    response = client.post(
        url("draft_leaders", application),
        {
            "director_name": "张主任",
            "director_id_number": f.make_id_number(),
            "director_title_level": "senior",
            "director_degree": "doctorate",
            "executive_director_name": "李执行",
            "executive_director_id_number": f.make_id_number(),
            "executive_director_title_level": "senior",
            "executive_director_degree": "master",
            "executive_director_full_time": "yes",
        },
    )
    assert response.status_code == 302, html(response)[-3000:]
    for kind, name in (("local_government", "某区人民政府"), ("university", "某大学")):
        response = client.post(
            url("draft_co_builders", application),
            {"name": name, "uscc": f.make_uscc(NANJING), "kind": kind},
        )
        assert response.status_code == 302
    teams = ("核心技术研发团队", "技术支撑服务团队", "成果转化应用团队")
    lines = [
        f"成员{i}\t{f.make_id_number()}\t中级\t硕士\t{teams[i % 3]}\t\t是\t是" for i in range(100)
    ]
    response = client.post(url("draft_team", application), {"rows": "\n".join(lines)})
    assert response.status_code == 302, html(response)[-3000:]
    response = client.post(
        url("draft_excluded_units", application), {"name": "某竞争单位", "reason": "同领域竞争"}
    )
    assert response.status_code == 302
    response = client.post(
        url("draft_attachments", application),
        {"kind": "co_building_agreement", "file": pdf_upload("共建协议.pdf")},
    )
    assert response.status_code == 302


def test_the_complete_flow_to_a_second_version(client, guide, host, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("establishment:application_create", args=[guide.pk]),
        {"center_name": "江苏省智能传感技术创新中心"},
    )
    application = Application.objects.get(host_unit=host)
    assert response.status_code == 302

    # Before filling: the check page lists the gaps as links to the fields.
    page = html(client.get(url("application_review_page", application)))
    assert "请选择细分产业领域" in page
    assert f'href="{url("draft_basics", application)}#id_sub_field"' in page
    assert f"{url('draft_profile', application, 'host_unit')}#rd-investment" in page
    # Submitting now is refused with every gap in the error summary, not a 500.
    response = client.post(url("application_review_page", application), {"action": "submit"})
    assert response.status_code == 200
    assert "提交未成功" in html(response) and "请填写拟任主任" in html(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.version == 0

    _fill_every_section(client, application)
    application.refresh_from_db()
    statuses = {
        s["key"]: s["status"]
        for g in tasklist_context(application, applicant)["drafting"]["groups"]
        for s in g["sections"]
    }
    assert set(statuses.values()) == {"completed"}, statuses

    page = html(client.get(url("application_review_page", application)))
    assert "各部分已填写完整" in page and "alert-danger" not in page
    assert "符合组建条件" in page and 'value="submit"' in page
    assert "江苏省智能传感技术创新中心" in page and "某大学" in page and "共建协议.pdf" in page
    response = client.post(url("application_review_page", application), {"action": "submit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW and application.version == 1

    city = f.city_user(NANJING)
    services.application_transition(
        actor=city,
        application_id=application.pk,
        action="return_to_applicant",
        comment="请补充工作进度安排",
    )
    response = client.post(
        url("draft_plan", application, "schedule"), {"plan_schedule": LONG + "第二年完成中试。"}
    )
    assert response.status_code == 302
    page = html(client.get(url("application_review_page", application)))
    assert 'value="resubmit"' in page and 'value="submit"' not in page
    response = client.post(url("application_review_page", application), {"action": "resubmit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW and application.version == 2

    page = html(client.get(url("draft_versions", application)))
    assert "第1版" in page and "第2版" in page and "提交设区市审核" in page
    response = client.get(url("draft_version_compare", application), {"old": 1, "new": 2})
    page = html(response)
    assert response.status_code == 200
    assert "工作进度" in page and "第二年完成中试。" in page
    assert "拟建中心名称" not in page  # only what changed
    # The city of the application reads the comparison too; a bad choice is a message.
    client.force_login(city)
    assert (
        client.get(url("draft_version_compare", application), {"old": 1, "new": 2}).status_code
        == 200
    )
    page = html(client.get(url("draft_version_compare", application), {"old": 1, "new": 9}))
    assert "本申请书没有“9”这一版本" in page


def test_a_list_change_is_shown_as_rows_removed_and_added(client, guide):
    application, applicant = submitted(guide)
    city = f.city_user(NANJING)
    services.application_transition(
        actor=city, application_id=application.pk, action="return_to_applicant", comment="改"
    )
    client.force_login(applicant)
    old = application.co_builders.get(kind="university")
    client.post(url("draft_row_remove", application, "co_builders", old.pk))
    client.post(
        url("draft_co_builders", application),
        {"name": "新增园区", "uscc": f.make_uscc(NANJING), "kind": "park"},
    )
    response = client.post(url("application_review_page", application), {"action": "resubmit"})
    assert response.status_code == 302, html(response)[html(response).find("<main") :][:3000]
    page = html(client.get(url("draft_version_compare", application), {"old": 2, "new": 1}))
    assert "新增园区" in page and "<del>" in page and old.name in page and "园区" in page
