"""The applicant's side of an application through its pages (第十三条第2项): every section page,
scoping, refusals after submission, bad input, the full flow to a second version, the task list,
autosave, the live eligibility check, attachments and versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ticms.accounts.models import Person
from ticms.establishment import services
from ticms.establishment.models import (
    Application,
    ApplicationAttachment,
    ApplicationCoBuilder,
    ApplicationStatus,
    ApplicationTarget,
    ApplicationTeamMember,
    OpinionResponse,
)
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import PLAN, eligible_application, pdf_upload, published_guide

pytestmark = pytest.mark.django_db

NANJING, SUZHOU = "320100", "320500"
PLAN_SLUGS = ("directions", "model", "goals", "tasks", "mechanism", "safeguards", "schedule")
LONG = PLAN + "本部分为测试用的建设方案文字。"


@pytest.fixture
def guide():
    return published_guide()


@pytest.fixture
def host():
    return f.OrganisationFactory(kind="new_rd_institution", city=f.city(NANJING))


@pytest.fixture
def applicant(host):
    return f.center_user(host)


@pytest.fixture
def draft(guide, applicant):
    return services.application_create(
        actor=applicant, guide_id=guide.pk, center_name="江苏省测试技术创新中心"
    )


def url(name, application, *args):
    return reverse(f"establishment:{name}", args=[application.pk, *args])


def page_urls(application) -> list[str]:
    """Every GET page of the drafting side of one application."""
    urls = [url("draft_basics", application)]
    urls += [url("draft_plan", application, slug) for slug in PLAN_SLUGS]
    urls += [url("draft_profile", application, s) for s in ("center", "host_unit", "region")]
    urls += [
        url(name, application)
        for name in (
            "draft_targets",
            "draft_leaders",
            "draft_co_builders",
            "draft_team",
            "draft_excluded_units",
            "draft_attachments",
            "application_review_page",
            "draft_eligibility",
            "draft_versions",
            "draft_version_compare",
        )
    ]
    return urls


def post_urls(application) -> list[str]:
    urls = [u for u in page_urls(application) if "/edit/" in u]
    urls += [
        url("draft_autosave", application, "plan"),
        url("draft_autosave", application, "center"),
        url("draft_row_remove", application, "targets", 1),
        url("application_review_page", application),
    ]
    return urls


def html(response) -> str:
    return response.content.decode()


def submitted(guide, *, city=NANJING, team_size=100):
    host = f.OrganisationFactory(kind="new_rd_institution", city=f.city(city))
    applicant = f.center_user(host)
    application = eligible_application(guide, host=host, applicant=applicant, team_size=team_size)
    services.application_transition(actor=applicant, application_id=application.pk, action="submit")
    application.refresh_from_db()
    return application, applicant


# --- Every page renders for the applicant -----------------------------------------------------


def test_every_page_renders_for_the_applicant(client, draft, applicant):
    client.force_login(applicant)
    for address in page_urls(draft):
        response = client.get(address)
        assert response.status_code == 200, address
    # The section pages cite their article and link back to the task list.
    page = html(client.get(url("draft_profile", draft, "center")))
    assert "第十二条第1项" in page and draft.get_absolute_url() in page
    # Not revising: the opinion page sends the applicant back to the task list.
    response = client.get(url("draft_responses", draft))
    assert response.status_code == 302


def test_create_page_starts_an_application_and_lands_on_the_task_list(client, guide):
    host = f.OrganisationFactory(kind="new_rd_institution", city=f.city(NANJING))
    user = f.center_user(host)
    client.force_login(user)
    address = reverse("establishment:application_create", args=[guide.pk])
    page = html(client.get(address))
    assert host.name in page and "细分产业领域" in page
    response = client.post(address, {"center_name": "", "sub_field": ""})
    assert response.status_code == 200 and "请填写拟建中心名称" in html(response)
    assert not Application.objects.filter(host_unit=host).exists()
    sub_field = f.sub_field("F0104")
    response = client.post(address, {"center_name": "江苏省新中心", "sub_field": sub_field.pk})
    application = Application.objects.get(host_unit=host)
    assert response.status_code == 302
    assert response["Location"] == f"{application.get_absolute_url()}#tasklist"
    assert application.sub_field == sub_field and application.city.code == NANJING
    # A second visit goes to the application already begun (one per host unit and guide).
    response = client.get(address)
    assert response.status_code == 302 and str(application.pk) in response["Location"]


def test_create_page_refuses_other_roles_and_closed_guides(client, guide):
    client.force_login(f.city_user(NANJING))
    address = reverse("establishment:application_create", args=[guide.pk])
    assert client.get(address).status_code == 403
    closed = published_guide(
        title="已截止的指南",
        opens_on=timezone.localdate() - dt.timedelta(days=40),
        closes_on=timezone.localdate() + dt.timedelta(days=1),
    )
    closed.closes_on = timezone.localdate() - dt.timedelta(days=1)
    closed.save()
    client.force_login(f.center_user(f.OrganisationFactory()))
    page = html(client.get(reverse("establishment:application_create", args=[closed.pk])))
    assert "不在申报时间内" in page and 'name="center_name"' not in page


# --- Scoping: nobody else reads or writes it ---------------------------------------------------


@pytest.mark.parametrize("who", ["other_host", "other_city", "anonymous"])
def test_outsiders_never_get_a_drafting_page(client, guide, who):
    application, _applicant = submitted(guide)
    attachment = application.attachments.first()
    outsiders = {
        "other_host": f.center_user(f.OrganisationFactory(city=f.city(NANJING))),
        "other_city": f.city_user(SUZHOU),
        "anonymous": None,
    }
    if outsiders[who] is not None:
        client.force_login(outsiders[who])
    download = url("attachment_download", application, attachment.pk)
    for address in [*page_urls(application), url("draft_responses", application), download]:
        response = client.get(address)
        assert response.status_code in (302, 404), (who, address, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), address
    for address in post_urls(application):
        response = client.post(address, {"plan_goals": "x", "action": "submit"})
        assert response.status_code in (302, 404), (who, address, response.status_code)
    create = reverse("establishment:application_create", args=[guide.pk])
    assert client.get(create).status_code != 200 or who == "other_host"


def test_a_draft_is_not_shown_to_its_own_city_either(client, draft):
    client.force_login(f.city_user(NANJING))
    for address in page_urls(draft):
        assert client.get(address).status_code == 404, address


def test_the_city_reads_a_submitted_application_but_cannot_edit_it(client, guide):
    application, _applicant = submitted(guide)
    client.force_login(f.city_user(NANJING))
    page = html(client.get(url("application_review_page", application)))
    assert application.center_name in page and 'name="action"' not in page
    response = client.get(url("draft_basics", application))
    assert response.status_code == 302
    assert response["Location"] == url("application_review_page", application)
    response = client.post(url("draft_basics", application), {"center_name": "改名"})
    assert response.status_code == 403
    team = html(client.get(url("draft_team", application)))
    assert "成员0" in team and "添加这些成员" not in team


# --- Edits refused after submission -------------------------------------------------------------


def test_edits_are_refused_after_submission(client, guide):
    application, applicant = submitted(guide)
    client.force_login(applicant)
    before = Application.objects.get(pk=application.pk)
    target = application.targets.first()
    refusals = [
        (url("draft_basics", application), {"center_name": "改名"}),
        (url("draft_plan", application, "goals"), {"plan_goals": LONG + "改"}),
        (url("draft_profile", application, "center"), {"rd_site_area_m2": "9000"}),
        (url("draft_targets", application), {"name": "新指标"}),
        (url("draft_row_remove", application, "targets", target.pk), {}),
    ]
    for address, data in refusals:
        response = client.post(address, data)
        assert response.status_code == 409, address
        assert "不能修改" in html(response)
    response = client.post(url("draft_autosave", application, "plan"), {"plan_goals": "x"})
    assert response.status_code == 200 and "不能修改" in html(response)
    after = Application.objects.get(pk=application.pk)
    assert (after.center_name, after.plan_goals, after.profile_data) == (
        before.center_name,
        before.plan_goals,
        before.profile_data,
    )
    assert application.targets.filter(pk=target.pk).exists()
    # A GET of an edit page shows the read-only summary instead, saying why.
    response = client.get(url("draft_plan", application, "goals"), follow=True)
    assert response.redirect_chain[-1][0] == url("application_review_page", application)
    assert "不能修改" in html(response)
    # The task list turns into the read-only summary.
    context = tasklist_context(application, applicant)["drafting"]
    assert not context["editable"] and context["summary"]["team"]["members"] == 100


# --- Bad input: a message on the form, nothing saved ------------------------------------------


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


def test_pasted_rows_are_all_or_nothing_with_each_line_named(client, draft, applicant):
    client.force_login(applicant)
    good = f"张三\t{f.make_id_number()}\t中级\t硕士\t核心技术研发团队\t工程师\t是\t是"
    bad_choice = f"李四\t{f.make_id_number()}\t教授\t硕士\t核心技术研发团队\t\t是\t是"
    bad_id = "王五\t320102198001011234\t中级\t硕士\t成果转化应用团队\t\t否\t是"
    page = html(client.post(url("draft_team", draft), {"rows": "\n".join([good, bad_choice])}))
    assert "第2行" in page and "职称级别" in page
    page = html(client.post(url("draft_team", draft), {"rows": "\n".join([good, bad_id])}))
    assert "第2行（王五）" in page and "身份证号码校验位错误" in page
    assert not ApplicationTeamMember.objects.filter(application=draft).exists()


def test_pasting_rows_from_excel_adds_them_with_a_header_skipped(client, draft, applicant):
    client.force_login(applicant)
    lines = ["姓名\t证件号码\t职称级别\t学位\t所属团队\t岗位\t是否全职\t是否研发人员"]
    lines += [
        f"成员{i}\t{f.make_id_number()}\tintermediate\t博士\t技术支撑服务团队\t\t是\t否"
        for i in range(3)
    ]
    response = client.post(url("draft_team", draft), {"rows": "\r\n".join(lines) + "\r\n"})
    assert response.status_code == 302
    members = ApplicationTeamMember.objects.filter(application=draft)
    assert members.count() == 3
    assert {(m.team, m.full_time, m.is_rd_staff) for m in members} == {
        ("tech_support", True, False)
    }
    assert set(
        Person.objects.filter(pk__in=members.values("person")).values_list("degree", flat=True)
    ) == {"doctorate"}


# --- The whole way: create, fill, check, submit, return, resubmit, compare ------------------


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


# --- The task list ------------------------------------------------------------------------------


def _statuses(application, user) -> dict[str, str]:
    groups = tasklist_context(application, user)["drafting"]["groups"]
    return {s["key"]: str(s["status_label"]) for g in groups for s in g["sections"]}


def test_task_list_statuses_follow_what_is_stored(draft, applicant):
    statuses = _statuses(draft, applicant)
    assert statuses["basics"] == "进行中"  # named, no sub-field yet
    assert statuses["plan_goals"] == "未开始" and statuses["targets"] == "未开始"
    assert statuses["excluded_units"] == "未开始" and "responses" not in statuses
    services.application_plan_save(
        actor=applicant, application_id=draft.pk, sections={"plan_goals": "太短"}
    )
    services.application_profile_save(
        actor=applicant, application_id=draft.pk, answers={"region.has_industrial_park": False}
    )
    draft.refresh_from_db()
    statuses = _statuses(draft, applicant)
    assert statuses["plan_goals"] == "进行中" and statuses["region"] == "进行中"
    services.application_plan_save(
        actor=applicant, application_id=draft.pk, sections={"plan_goals": LONG}
    )
    services.target_add(
        actor=applicant,
        application_id=draft.pk,
        name="指标",
        unit="项",
        target_value="1",
        target_year=timezone.localdate().year + 1,
    )
    draft.refresh_from_db()
    statuses = _statuses(draft, applicant)
    assert statuses["plan_goals"] == "已完成" and statuses["targets"] == "已完成"


def test_task_list_template_renders_links_statuses_and_the_check(draft, applicant):
    request = RequestFactory().get(draft.get_absolute_url())
    request.user = applicant
    context = {"application": draft, "user": applicant, **tasklist_context(draft, applicant)}
    page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert url("draft_plan", draft, "goals") in page and "未开始" in page
    assert url("application_review_page", draft) in page
    assert 'id="eligibility-panel"' in page and "第十二条第1项" in page
    assert "数据不完整" in page  # the verdict, live on the draft


def test_the_read_only_summary_for_a_co_builder(guide):
    application, _applicant = submitted(guide)
    uscc = application.co_builders.first().uscc
    org = f.OrganisationFactory(uscc=uscc, kind="university")
    reader = f.co_builder_user(org)
    request = RequestFactory().get(application.get_absolute_url())
    request.user = reader
    context = {"application": application, "user": reader, **tasklist_context(application, reader)}
    page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert "申请书内容" in page and ">修改<" not in page and application.plan_goals in page


# --- Autosave and the live check -----------------------------------------------------------------


def test_autosave_saves_a_plan_section_and_answers_with_the_time(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_plan", draft, "goals")))
    assert f'hx-post="{url("draft_autosave", draft, "plan")}"' in page
    assert 'hx-trigger="change, keyup delay:2s"' in page
    response = client.post(
        url("draft_autosave", draft, "plan"),
        {"plan_goals": "正在写的发展目标"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "已自动保存" in html(response)
    assert "<html" not in html(response)
    draft.refresh_from_db()
    assert draft.plan_goals == "正在写的发展目标"
    response = client.post(url("draft_autosave", draft, "plan"), {"plan_goals": "长" * 20001})
    assert "未能自动保存" in html(response)
    draft.refresh_from_db()
    assert draft.plan_goals == "正在写的发展目标"
    assert client.post(url("draft_autosave", draft, "plan"), {"other": "x"}).status_code == 404
    assert client.post(url("draft_autosave", draft, "nothing"), {}).status_code == 404
    assert client.get(url("draft_autosave", draft, "plan")).status_code == 405


def test_autosave_of_conditions_refreshes_their_check(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(url("draft_autosave", draft, "center"), {"rd_site_area_m2": "4800"})
    page = html(response)
    assert "已自动保存" in page and 'hx-swap-oob="true"' in page
    assert "4,800" in page or "4800" in page  # the rule's message shows the number
    assert "不符合" in page
    draft.refresh_from_db()
    assert draft.profile_data["center"]["rd_site_area_m2"] == "4800"
    response = client.post(url("draft_autosave", draft, "center"), {"rd_site_area_m2": "-1"})
    assert "未能自动保存" in html(response)
    draft.refresh_from_db()
    assert draft.profile_data["center"]["rd_site_area_m2"] == "4800"


def test_eligibility_panel_endpoint(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_eligibility", draft), HTTP_HX_REQUEST="true"))
    assert 'id="eligibility-panel"' in page and "结论" in page and "<html" not in page
    page = html(
        client.get(url("draft_eligibility", draft), {"section": "team"}, HTTP_HX_REQUEST="true")
    )
    assert "团队成员人数" in page and "独立研发场地面积" not in page


def test_booleans_are_explicit_radios_without_a_default(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_profile", draft, "region")))
    assert page.count('type="radio"') == 4 and "checked" not in page
    client.post(url("draft_profile", draft, "region"), {"industry_policy_issued": "no"})
    draft.refresh_from_db()
    assert draft.profile_data["region"] == {"industry_policy_issued": False}
    page = html(client.get(url("draft_profile", draft, "region")))
    assert page.count("checked") == 1


def test_leaders_keep_the_saved_person_unless_replaced(client, draft, applicant):
    client.force_login(applicant)
    director = {
        "director_name": "张主任",
        "director_id_number": f.make_id_number(),
        "director_title_level": "senior",
        "director_degree": "doctorate",
    }
    assert client.post(url("draft_leaders", draft), director).status_code == 302
    draft.refresh_from_db()
    first = draft.director
    # Saving again with the director fields blank keeps the director.
    response = client.post(url("draft_leaders", draft), {"executive_director_full_time": "no"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.director == first
    assert draft.profile_data["team"]["executive_director_full_time"] is False
    # Part of a person is not enough.
    page = html(client.post(url("draft_leaders", draft), {"executive_director_name": "李"}))
    assert "请填写执行主任证件号码" in page


# --- Opinion responses while revising ----------------------------------------------------------


@pytest.fixture
def revising(guide, monkeypatch):
    application, applicant = submitted(guide)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.REVISING)
    opinions = [
        {"key": "panel:1", "author": "专家组", "text": "请细化考核指标。"},
        {"key": "assignment:7", "author": "专家1", "text": "组建模式需明确。"},
    ]
    monkeypatch.setattr(
        "ticms.reviews.selectors.argumentation.argumentation_opinions", lambda application: opinions
    )
    application.refresh_from_db()
    return application, applicant


def test_opinions_are_answered_one_by_one(client, revising):
    application, applicant = revising
    client.force_login(applicant)
    assert _statuses(application, applicant)["responses"] == "未开始"
    page = html(client.get(url("draft_responses", application)))
    assert "请细化考核指标。" in page and "专家1" in page
    page = html(client.get(url("application_review_page", application)))
    assert "请答复专家组的论证意见" in page and 'value="submit_revision"' in page
    response = client.post(
        url("draft_autosave", application, "responses"), {"opinion_0": "已细化为五项指标。"}
    )
    assert "已自动保存" in html(response)
    assert OpinionResponse.objects.get(application=application, opinion_key="panel:1").response
    response = client.post(
        url("draft_responses", application),
        {"opinion_0": "已细化为五项指标。", "opinion_1": "采用总部加分中心模式。"},
    )
    assert response.status_code == 302
    assert _statuses(application, applicant)["responses"] == "已完成"


# --- Attachments ----------------------------------------------------------------------------------


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


def test_row_removal_of_an_unknown_kind_or_row_is_404(client, draft, applicant):
    client.force_login(applicant)
    assert client.post(url("draft_row_remove", draft, "people", 1)).status_code == 404
    assert client.post(url("draft_row_remove", draft, "targets", 999999)).status_code == 404
    assert client.get(url("draft_row_remove", draft, "targets", 1)).status_code == 405
