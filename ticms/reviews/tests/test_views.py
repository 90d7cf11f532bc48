"""Pages: who may open which, what each shows (and hides), and the forms."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.reviews import services
from ticms.reviews.models import Assignment, AssignmentStatus, Expert, ExpertEmployment, Panel
from ticms.testing import factories as f

from .conftest import make_expert

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.CITY, Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR, Role.SYSADMIN]


def login(client, user):
    client.force_login(user)
    return client


def _main(response) -> str:
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


# --- the expert pool ------------------------------------------------------------------------------


def test_pool_pages_are_the_provinces(client, province):
    expert = make_expert(province)
    for url in ("/reviews/experts/", "/reviews/experts/new/", f"/reviews/experts/{expert.pk}/"):
        assert login(client, province).get(url).status_code == 200
    for role in [Role.EXPERT, *OTHER_ROLES]:
        user = f.role_user(role)
        for url in ("/reviews/experts/", "/reviews/experts/new/", f"/reviews/experts/{expert.pk}/"):
            assert login(client, user).get(url).status_code == 403, (role, url)
    client.logout()
    assert client.get("/reviews/experts/").status_code == 302


def test_pool_list_filters_by_field(client, province):
    chips = make_expert(province, name="芯片专家", fields=[f.sub_field("E0101")])
    make_expert(province, name="纺织专家", fields=[f.sub_field("T0101")])
    login(client, province)
    shown = lambda params: {  # noqa: E731
        e.name for e in client.get("/reviews/experts/", params).context["page_obj"].object_list
    }
    assert shown({}) == {"芯片专家", "纺织专家"}
    assert shown({"field": "E0101"}) == {"芯片专家"}
    parent = chips.fields.get().parent.code  # a top-level field includes its sub-fields
    assert shown({"field": parent}) == {"芯片专家"}
    assert shown({"q": "纺织"}) == {"纺织专家"}
    assert shown({"field": "nonsense"}) == {"芯片专家", "纺织专家"}  # invalid filter ignored


def test_create_expert_page(client, province):
    employer = f.OrganisationFactory(name="江苏大学")
    account = f.UserFactory(role=Role.EXPERT, username="new_expert")
    login(client, province)
    response = client.post(
        "/reviews/experts/new/",
        {
            "name": "赵教授",
            "id_number": f.make_id_number(),
            "title": "教授",
            "title_level": "senior",
            "employer": employer.uscc,
            "expertise": "集成电路",
            "fields": [f.sub_field("E0101").pk],
            "user": account.pk,
            "is_active": "on",
        },
    )
    expert = Expert.objects.get(name="赵教授")
    assert response.status_code == 302 and response["Location"] == f"/reviews/experts/{expert.pk}/"
    assert expert.user == account and expert.person.id_hash and expert.employer == employer
    page = _main(client.get(response["Location"]))
    assert expert.person.id_masked in page


def test_create_expert_errors_are_summarised(client, province):
    login(client, province)
    response = client.post("/reviews/experts/new/", {"name": "", "title_level": "senior"})
    assert response.status_code == 200
    page = _main(response)
    assert (
        "error-summary" in page
        and "请填写姓名" in page
        and "请填写工作单位统一社会信用代码" in page
    )
    assert not Expert.objects.exists()
    response = client.post(
        "/reviews/experts/new/",
        {"name": "钱研究员", "title_level": "senior", "employer": f.OrganisationFactory().uscc},
    )
    assert "请填写证件号码" in _main(response)


def test_edit_expert_and_employment_history(client, province):
    expert = make_expert(province)
    old = f.OrganisationFactory(name="原工作单位")
    login(client, province)
    response = client.post(
        f"/reviews/experts/{expert.pk}/employments/new/",
        {
            "employment-uscc": old.uscc,
            "employment-started_on": "2015-01-01",
            "employment-ended_on": "2023-12-31",
        },
    )
    assert response.status_code == 302
    row = ExpertEmployment.objects.get()
    assert (row.organisation, row.ended_on) == (old, dt.date(2023, 12, 31))
    assert "原工作单位" in _main(client.get(f"/reviews/experts/{expert.pk}/"))
    bad = client.post(
        f"/reviews/experts/{expert.pk}/employments/new/",
        {"employment-started_on": "2024-01-01", "employment-ended_on": "2023-01-01"},
    )
    assert "请填写已登记单位的统一社会信用代码，或填写单位名称" in _main(bad)
    assert "截止日期不能早于起始日期" in _main(bad)
    client.post(f"/reviews/experts/{expert.pk}/employments/{row.pk}/delete/")
    assert not ExpertEmployment.objects.exists()
    response = client.post(
        f"/reviews/experts/{expert.pk}/",
        {
            "name": expert.name,
            "title": "研究员",
            "title_level": "senior",
            "employer": expert.employer.uscc,
            "is_active": "",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.title == "研究员" and not expert.is_active


# --- the panel page -----------------------------------------------------------------------------


def panel_url(application) -> str:
    return f"/reviews/applications/{application.pk}/panel/"


@pytest.mark.parametrize("role", [Role.EXPERT, *OTHER_ROLES])
def test_panel_page_is_not_there_for_others(client, panel_rig, role):
    user = f.role_user(role)
    assert login(client, user).get(panel_url(panel_rig.application)).status_code == 404
    assert client.get(f"/reviews/panels/{panel_rig.panel.pk}/").status_code == 404
    # The same as a missing application.
    assert client.get("/reviews/applications/987654/panel/").status_code == 404


def test_panel_page_of_the_applicant_is_not_there(client, panel_rig):
    login(client, panel_rig.applicant)
    assert client.get(panel_url(panel_rig.application)).status_code == 404


def test_form_a_panel_on_the_page(client, rig):
    login(client, rig.province)
    page = _main(client.get(panel_url(rig.application)))
    assert "组建专家组" in page
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    bad = client.post(panel_url(rig.application), {"mode": "meeting", "due_on": due})
    assert bad.status_code == 200 and "会议评审须填写会议时间" in _main(bad)
    response = client.post(panel_url(rig.application), {"mode": "online", "due_on": due})
    assert response.status_code == 302
    assert Panel.objects.get().due_on.isoformat() == due


def test_invite_on_the_page_shows_refusals_with_their_reasons(client, panel_rig):
    rig = panel_rig
    login(client, rig.province)
    conflicted = make_expert(rig.province, employer=rig.application.host_unit, name="依托单位专家")
    page = _main(client.get(panel_url(rig.application), {"field": ""}))
    # The candidate list already shows why this expert may not be invited.
    assert "依托单位专家" in page and "「不是申请单位的人员」（第十三条第3项）" in page
    assert "COI." not in page
    response = client.post(f"/reviews/panels/{rig.panel.pk}/experts/", {"expert": conflicted.pk})
    assert response.status_code == 200
    page = _main(response)
    assert "error-summary" in page and "「不是申请单位的人员」" in page and "COI." not in page
    assert rig.application.host_unit.name in page
    assert not Assignment.objects.filter(expert=conflicted).exists()
    fine = make_expert(rig.province, name="无关专家")
    response = client.post(f"/reviews/panels/{rig.panel.pk}/experts/", {"expert": fine.pk})
    assert response.status_code == 302
    assert Assignment.objects.filter(expert=fine, status=AssignmentStatus.INVITED).exists()


def test_set_leader_and_arrangements_on_the_page(client, panel_rig):
    rig = panel_rig
    login(client, rig.province)
    client.post(f"/reviews/panels/{rig.panel.pk}/leader/", {"leader": rig.experts[1].pk})
    rig.panel.refresh_from_db()
    assert rig.panel.leader == rig.experts[1]
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        f"/reviews/panels/{rig.panel.pk}/edit/",
        {"mode": "meeting", "due_on": due, "meeting_at": f"{due}T09:30", "place": "省科技厅三楼"},
    )
    assert response.status_code == 302
    rig.panel.refresh_from_db()
    assert rig.panel.place == "省科技厅三楼"
    page = _main(client.get(panel_url(rig.application)))
    assert "省科技厅三楼" in page and "组长" in page


def test_panel_page_shows_scores_side_by_side(client, panel_rig):
    rig = panel_rig
    rig.all_submit(values=((80, 70, 90), (60, 75, 85), (90, 95, 70)))
    login(client, rig.province)
    page = _main(client.get(panel_url(rig.application)))
    for expert in rig.experts:
        assert expert.name in page
    for text in ("85.5", "72", "79.17", "13.5", "平均分", "极差", "建议加强成果转化"):
        assert text in page, text


def test_province_action_pages(client, panel_rig):
    rig = panel_rig
    assignment = rig.assignment(rig.experts[0])
    login(client, rig.province)
    page = client.get(f"/reviews/assignments/{assignment.pk}/actions/withdraw/")
    assert page.status_code == 200
    response = client.post(f"/reviews/assignments/{assignment.pk}/actions/withdraw/", {})
    assert response.status_code == 302
    assert rig.assignment(rig.experts[0]).status == AssignmentStatus.WITHDRAWN
    # An expert's action is not the province's: 403 with the reason.
    other = rig.assignment(rig.experts[1])
    assert client.get(f"/reviews/assignments/{other.pk}/actions/accept/").status_code == 403


# --- the expert's pages -------------------------------------------------------------------------


def test_my_assignments_lists_only_my_own(client, panel_rig):
    rig = panel_rig
    mine = rig.experts[0]
    login(client, mine.user)
    response = client.get("/reviews/assignments/")
    assert [a.pk for a in response.context["page_obj"].object_list] == [rig.assignment(mine).pk]
    for role in OTHER_ROLES:
        assert login(client, f.role_user(role)).get("/reviews/assignments/").status_code == 403


def test_an_assignment_of_another_expert_is_404_like_a_missing_one(client, panel_rig):
    rig = panel_rig
    login(client, rig.experts[1].user)
    theirs = rig.assignment(rig.experts[0]).pk
    for suffix in ("", "actions/accept/"):
        other = client.get(f"/reviews/assignments/{theirs}/{suffix}")
        missing = client.get(f"/reviews/assignments/987654/{suffix}")
        assert other.status_code == missing.status_code == 404
    assert client.post(f"/reviews/assignments/{theirs}/sheet/", {}).status_code == 404
    for role in OTHER_ROLES:
        user = f.role_user(role)
        assert login(client, user).get(f"/reviews/assignments/{theirs}/").status_code == 404


def test_content_only_after_accepting_and_declaring(client, panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    url = f"/reviews/assignments/{rig.assignment(expert).pk}/"
    login(client, expert.user)
    plan = rig.application.plan_directions
    page = _main(client.get(url))
    assert plan not in page and "接受邀请" in page and "谢绝邀请" in page
    assert client.post(f"{url}actions/accept/").status_code == 302
    page = _main(client.get(url))
    assert plan not in page and "声明无利益冲突" in page
    form = client.get(f"{url}actions/declare/")
    assert "本人不在本申请的依托单位或共建单位工作" in _main(form)
    assert client.post(f"{url}actions/declare/", {}).status_code == 200  # unticked: refused
    assert client.post(f"{url}actions/declare/", {"confirm": "on"}).status_code == 302
    page = _main(client.get(url))
    assert plan not in [None, ""] and plan[:20] in page
    assert "突破关键核心技术" in page and "资格核查结果" in page
    # No ID numbers, not even masked ones.
    director = rig.application.director
    assert director.id_masked not in page
    assert not re.search(r"\d{3}\*{6,}", page)


def test_score_sheet_on_the_page(client, panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    pk = rig.assignment(expert).pk
    first, second, third = rig.criteria()
    login(client, expert.user)
    draft = client.post(
        f"/reviews/assignments/{pk}/sheet/", {f"score_{first.pk}": "88.5", "save": "1"}
    )
    assert draft.status_code == 302
    refused = client.post(
        f"/reviews/assignments/{pk}/sheet/", {f"score_{first.pk}": "88.5", "submit": "1"}
    )
    page = _main(refused)
    assert refused.status_code == 200 and second.name in page and "请填写评审意见" in page
    bad = client.post(f"/reviews/assignments/{pk}/sheet/", {f"score_{first.pk}": "101"})
    assert "error-summary" in _main(bad)
    done = client.post(
        f"/reviews/assignments/{pk}/sheet/",
        {
            f"score_{first.pk}": "88.5",
            f"score_{second.pk}": "70",
            f"score_{third.pk}": "90",
            "comments": "建议细化考核指标。",
            "recommendation": "support",
            "submit": "1",
        },
    )
    assert done.status_code == 302
    assert rig.assignment(expert).status == AssignmentStatus.SUBMITTED
    page = _main(client.get(f"/reviews/assignments/{pk}/"))
    assert "83.4" in page  # 88.5×0.4 + 70×0.3 + 90×0.3


def test_leader_writes_the_opinion_on_the_page(client, panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    login(client, rig.experts[1].user)
    assert client.get(f"/reviews/panels/{rig.panel.pk}/opinion/").status_code == 403
    login(client, leader.user)
    # Before submitting their own sheet the leader is an expert like the others: no opinion
    # page, and none of the others' sheets.
    assert client.get(f"/reviews/panels/{rig.panel.pk}/opinion/").status_code == 403
    refused = client.post(
        f"/reviews/panels/{rig.panel.pk}/opinion/", {"opinion": "同意", "recommendation": "support"}
    )
    assert refused.status_code == 403
    rig.clear(leader)
    rig.score(leader)
    early = client.get(f"/reviews/panels/{rig.panel.pk}/opinion/")
    assert early.status_code == 200 and "尚有 2 名专家未答复邀请" in _main(early)
    for expert, values in zip(rig.experts[1:], ((60, 75, 85), (90, 95, 70)), strict=True):
        rig.clear(expert)
        rig.score(expert, values)
    page = _main(client.get(f"/reviews/assignments/{rig.assignment(leader).pk}/"))
    assert "出具专家组意见" in page and "专家1" in page and rig.experts[1].name not in page
    form = client.get(f"/reviews/panels/{rig.panel.pk}/opinion/")
    assert form.status_code == 200
    response = client.post(
        f"/reviews/panels/{rig.panel.pk}/opinion/",
        {"opinion": "专家组同意组建。", "recommendation": "support"},
    )
    assert response.status_code == 302
    rig.panel.refresh_from_db()
    assert rig.panel.opinion == "专家组同意组建。"
    login(client, rig.province)
    assert "专家组同意组建。" in _main(client.get(panel_url(rig.application)))


def test_panel_address_sends_each_viewer_to_their_page(client, panel_rig):
    rig = panel_rig
    url = f"/reviews/panels/{rig.panel.pk}/"
    assert login(client, rig.province).get(url)["Location"] == panel_url(rig.application)
    expert = rig.experts[0]
    assert (
        login(client, expert.user).get(url)["Location"]
        == f"/reviews/assignments/{rig.assignment(expert).pk}/"
    )
    assert login(client, make_expert(rig.province).user).get(url).status_code == 404


def test_navigation(client, panel_rig):
    html = login(client, panel_rig.province).get("/reviews/").content.decode()
    assert 'href="/reviews/experts/"' in html and rig_name(panel_rig) in html
    html = login(client, panel_rig.experts[0].user).get("/reviews/assignments/").content.decode()
    assert 'href="/reviews/assignments/"' in html and 'href="/reviews/experts/"' not in html


def rig_name(rig) -> str:
    return rig.application.center_name


def test_the_leader_reads_no_other_sheet_before_submitting_its_own(client, panel_rig):
    rig = panel_rig
    leader, others = rig.experts[0], rig.experts[1:]
    rig.set_leader(leader)  # still only invited
    for expert, values in zip(others, ((60, 75, 85), (90, 95, 70)), strict=True):
        rig.clear(expert)
        rig.score(expert, values, comments=f"保密意见{expert.pk}")
    login(client, leader.user)
    page = _main(client.get(f"/reviews/assignments/{rig.assignment(leader).pk}/"))
    assert all(f"保密意见{e.pk}" not in page for e in others)
    api = client.get(f"/api/v1/reviews/assignments/{rig.assignment(leader).pk}").json()
    assert "保密意见" not in str(api)
    rig.clear(leader)
    page = _main(client.get(f"/reviews/assignments/{rig.assignment(leader).pk}/"))
    assert all(f"保密意见{e.pk}" not in page for e in others)


def test_the_panel_page_offers_no_action_once_the_application_moved_on(client, panel_rig):
    from ticms.establishment import services as establishment
    from ticms.reviews import services

    rig = panel_rig
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    services.panel_opinion_write(
        actor=rig.experts[0].user,
        panel_id=rig.panel.pk,
        opinion="同意组建。",
        recommendation="support",
    )
    login(client, rig.province)
    url = f"/reviews/applications/{rig.application.pk}/panel/"
    assert "退回评分更正" in _main(client.get(url))
    establishment.application_transition(
        actor=rig.province, application_id=rig.application.pk, action="to_decision"
    )
    page = _main(client.get(url))
    assert "退回评分更正" not in page and "退回组长重新出具意见" not in page


def _conclude(rig, opinion="同意组建。"):
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    return services.panel_opinion_write(
        actor=rig.experts[0].user, panel_id=rig.panel.pk, opinion=opinion, recommendation="support"
    )


# --- the panel page: the invite list and the next step ----------------------------------------


def test_invite_list_starts_with_every_eligible_expert_matching_field_first(client, panel_rig):
    rig = panel_rig
    sub_field = rig.application.sub_field
    assert sub_field.parent_id is not None
    make_expert(rig.province, name="A无关领域专家", fields=[f.sub_field("T0101")])
    make_expert(rig.province, name="B无领域专家")
    make_expert(rig.province, name="Y上级领域专家", fields=[sub_field.parent])
    make_expert(rig.province, name="Z细分领域专家", fields=[sub_field])
    client.force_login(rig.province)
    response = client.get(panel_url(rig.application))
    names = [row["expert"].name for row in response.context["candidate_rows"]]
    assert names == ["Y上级领域专家", "Z细分领域专家", "A无关领域专家", "B无领域专家"]
    assert response.context["candidate_form"]["field"].value() in (None, "")
    page = _main(response)
    assert "没有符合条件、可邀请的在库专家" not in page
    assert page.count("领域相符") >= 2
    # The filter is still there.
    filtered = client.get(panel_url(rig.application), {"field": "T0101"})
    assert [row["expert"].name for row in filtered.context["candidate_rows"]] == ["A无关领域专家"]


def test_concluded_panel_page_points_to_the_application(client, panel_rig):
    from ticms.establishment import services as establishment

    rig = panel_rig
    client.force_login(rig.province)
    assert 'id="next-step"' not in _main(client.get(panel_url(rig.application)))
    _conclude(rig)
    page = _main(client.get(panel_url(rig.application)))
    cta = page[page.find('id="next-step"') :]
    assert 'id="next-step"' in page
    assert f'href="{rig.application.get_absolute_url()}"' in cta
    assert "论证通过，提交研究" in cta and "按论证意见完善方案" in cta
    establishment.application_transition(
        actor=rig.province, application_id=rig.application.pk, action="to_decision"
    )
    assert 'id="next-step"' not in _main(client.get(panel_url(rig.application)))
