"""Defects a user trial of the change requests (第二十三条) found, each pinned by a test."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from ticms.accounts.models import Person
from ticms.centers.models import CenterCoBuilder
from ticms.common import inbox
from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.dashboard.context_processors import navigation
from ticms.reporting import proposals
from ticms.reporting import services_matters as services
from ticms.reporting.models_matters import ChangeRequest
from ticms.reporting.models_matters import ChangeStatus as C
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, to_province

pytestmark = pytest.mark.django_db


def approve(world, request):
    return act(world, "province", request, "approve")


def _lines(request) -> dict[str, str]:
    return {str(label): str(text) for label, text in proposals.proposal_lines(request)}


# --- 1. an approved request keeps its "before" value ---------------------------------------------


def test_approved_director_change_shows_the_former_and_the_new_director(client, world):
    world.nj.director = f.PersonFactory(name="李四旧")
    world.nj.save()
    request = to_province(world, change(world, proposed=director_proposal("李四新")))
    open_lines = _lines(request)
    assert open_lines["现任"].startswith("李四旧") and open_lines["拟任"].startswith("李四新")
    request = approve(world, request)
    lines = _lines(request)
    assert lines["原任"].startswith("李四旧") and lines["新任"].startswith("李四新")
    assert "现任" not in lines and "拟任" not in lines
    client.force_login(world.users["city_nj"])
    page = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert "原任" in page and "李四旧" in page
    api = client.get(f"/api/v1/change-requests/{request.pk}").json()
    shown = {line["label"]: line["text"] for line in api["proposal"]}
    assert shown["原任"].startswith("李四旧") and shown["新任"].startswith("李四新")


def test_approved_executive_change_shows_the_former_one_and_full_time(world):
    world.nj.executive_director = f.PersonFactory(name="王旧执行")
    world.nj.save()
    request = approve(world, to_province(world, change(world, "executive_director")))
    lines = _lines(request)
    assert lines["原任"].startswith("王旧执行") and lines["新任"].startswith("李执行")
    assert lines["执行主任全职"] == "是"


def test_approved_text_change_shows_the_former_text(world):
    world.nj.research_directions = "原来的研发方向"
    world.nj.save()
    request = to_province(world, change(world, "research_direction"))
    assert _lines(request)["现行内容"] == "原来的研发方向"
    request = approve(world, request)
    assert _lines(request) == {"原内容": "原来的研发方向", "调整后": "新的研发方向"}
    # A later change of the same text does not rewrite what this decision changed.
    later = approve(
        world,
        to_province(world, change(world, "research_direction", proposed={"text": "第三版方向"})),
    )
    request.refresh_from_db()
    assert _lines(request) == {"原内容": "原来的研发方向", "调整后": "新的研发方向"}
    assert _lines(later) == {"原内容": "新的研发方向", "调整后": "第三版方向"}


# --- 2. an added co-builder keeps its agreement date ---------------------------------------------


def _add(code=None, **row):
    return {
        "add": [
            {
                "uscc": code or f.make_uscc(),
                "name": "新共建企业",
                "kind": "enterprise",
                "duties": "中试验证",
                **row,
            }
        ]
    }


def test_added_co_builder_gets_its_agreement_date(client, world):
    world.nj.co_builders.update(agreement_signed_on=dt.date(2021, 1, 1))
    code = f.make_uscc()
    request = change(world, "co_builders", proposed=_add(code, agreement_signed_on="2024-03-01"))
    assert request.proposed["add"][0]["agreement_signed_on"] == "2024-03-01"
    assert "2024-03-01" in _lines(request)["增加"]
    approve(world, to_province(world, request))
    added = CenterCoBuilder.objects.get(center=world.nj, organisation__uscc=code)
    assert added.agreement_signed_on == dt.date(2024, 3, 1)
    # 第十二条第1项 still holds: every co-builder has signed.
    assert all(world.nj.co_builders.values_list("agreement_signed_on", flat=True))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "请填写与该单位的共建协议签署日期"),
        ("", "请填写与该单位的共建协议签署日期"),
        ("2024-02-30", "须为有效日期"),
        ("20240301", "须为有效日期"),
        (7, "须为有效日期"),
        ("1980-01-01", "1990年以后"),
        ("FUTURE", "不能晚于今天"),
    ],
)
def test_agreement_date_is_required_and_not_in_the_future(world, value, text):
    if value == "FUTURE":
        value = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    row = {} if value is None else {"agreement_signed_on": value}
    before = ChangeRequest.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        change(world, "co_builders", proposed=_add(**row))
    assert text in str(exc.value.errors["proposed.add[0].agreement_signed_on"][0])
    assert ChangeRequest.objects.count() == before


def test_agreement_date_today_is_accepted_and_api_takes_it(client, world):
    client.force_login(world.users["staff_nj"])
    today = timezone.localdate().isoformat()
    body = {
        "center_id": world.nj.pk,
        "kind": "co_builders",
        "reason": "增加共建单位。",
        "proposed": _add(agreement_signed_on=today),
    }
    response = client.post(
        "/api/v1/change-requests", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["proposed"]["add"][0]["agreement_signed_on"] == today
    missing = client.patch(
        f"/api/v1/change-requests/{response.json()['id']}",
        json.dumps({"proposed": _add()}),
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert "共建协议签署日期" in json.dumps(missing.json(), ensure_ascii=False)


def test_a_draft_saved_without_the_date_cannot_be_submitted(world):
    request = change(world, "co_builders", proposed={"add": [], "remove": []})
    # A draft saved before the date was asked for.
    row = _add(agreement_signed_on="2024-03-01")["add"][0]
    del row["agreement_signed_on"]
    ChangeRequest.objects.filter(pk=request.pk).update(proposed={"add": [row], "remove": []})
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", request, "submit")
    assert any("共建协议签署日期" in p for p in exc.value.problems)


def test_the_edit_page_asks_for_the_agreement_date(client, world):
    request = change(world, "co_builders", proposed={"add": [], "remove": []})
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:change_edit", args=[request.pk])
    assert "add_0_agreement_signed_on" in client.get(url).content.decode()
    row = {"add_0_uscc": f.make_uscc(), "add_0_name": "乙", "add_0_kind": "university"}
    refused = client.post(url, {"reason": "调整", **row})
    assert refused.status_code == 200
    assert "共建协议签署日期" in str(refused.context["form"].errors["add_0_agreement_signed_on"])
    ok = client.post(url, {"reason": "调整", **row, "add_0_agreement_signed_on": "2024-03-01"})
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.proposed["add"][0]["agreement_signed_on"] == "2024-03-01"


# --- 3. a co-builder leaving is not "Sign out" ---------------------------------------------------


def test_co_builder_removal_label_is_not_the_logout_msgid(world):
    f.CoBuilderFactory(center=world.nj)
    leaving = world.nj.co_builders.first().organisation.uscc
    request = change(world, "co_builders", proposed={"remove": [leaving]})
    assert [str(label) for label, _text in proposals.proposal_lines(request)] == ["退出共建"]
    with translation.override("en"):
        labels = [str(label) for label, _text in proposals.proposal_lines(request)]
        logout = translation.gettext("退出")
    assert logout not in labels


# --- 4. the menu item of the major-matter pages --------------------------------------------------


def _active(user, path) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/reports/", "年度报告"),
        ("/reports/12/", "年度报告"),
        ("/reports/deadlines/", "年度报告"),
        ("/reports/matters/", "重大事项"),
        ("/reports/matters/3/actions/file/", "重大事项"),
        ("/reports/changes/", "重大事项"),
        ("/reports/changes/5/actions/city_review/", "重大事项"),
        ("/reports/changes/history/1/", "重大事项"),
        ("/reviews/experts/", "专家库"),
        ("/reviews/", "专家论证"),
        ("/workbench/", "我的工作台"),
        ("/workbench/other/", None),
        ("/", None),
    ],
)
def test_the_most_specific_menu_item_is_the_only_active_one(world, path, label):
    assert _active(world.users["province"], path) == ([label] if label else [])


def test_menu_on_a_change_request_page(client, world):
    request = change(world, "research_direction")
    client.force_login(world.users["staff_nj"])
    html = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert html.count('class="nav-link active"') == 1
    assert 'class="nav-link active" href="/reports/changes/"' in html


# --- 5. one opinion box on the city review page -------------------------------------------------


def test_city_review_page_asks_for_the_opinion_once(client, world):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    client.force_login(world.users["city_nj"])
    url = reverse("reporting:change_action", args=[request.pk, "city_review"])
    page = client.get(url)
    assert list(page.context["form"].fields) == ["opinion"]
    html = page.content.decode()
    assert html.count("<textarea") == 1 and "办理意见" not in html
    done = client.post(url, {"opinion": "同意上报。"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == C.CITY_REVIEWED and request.city_opinion == "同意上报。"


def test_other_actions_keep_the_comment_box(client, world):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    client.force_login(world.users["city_nj"])
    url = reverse("reporting:change_action", args=[request.pk, "return_to_center"])
    assert "comment" in client.get(url).context["form"].fields


# --- 6. no double full stop in a notice ----------------------------------------------------------


@pytest.mark.parametrize(
    ("opinion", "ending"),
    [("同意，报请省科技厅审批。", "审批。"), ("同意上报", "同意上报。"), ("可以！", "可以！")],
)
def test_notice_body_closes_each_sentence_once(
    world, django_capture_on_commit_callbacks, opinion, ending
):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "city_nj", request, "city_review", params={"opinion": opinion})
    [notice] = inbox.notices(world.users["staff_nj"]).filter(object_id=str(request.pk))
    assert "。。" not in notice.body and "！。" not in notice.body
    assert notice.body.endswith(ending)


# --- 7. the open request of the same kind is named and linked ------------------------------------


def test_duplicate_request_names_and_links_the_open_one(client, world):
    first = change(world, "research_direction")
    with pytest.raises(ValidationFailed) as exc:
        change(world, "research_direction")
    assert f"第{first.pk}号" in str(exc.value.errors["kind"][0])
    client.force_login(world.users["staff_nj"])
    response = client.post(
        reverse("reporting:change_create"),
        {"center": str(world.nj.pk), "kind": "research_direction", "reason": "再次申请"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"第{first.pk}号" in html
    assert f'href="{first.get_absolute_url()}"' in html


# --- 8. a name mistyped in a draft can be corrected ----------------------------------------------


def _save(world, request, **proposed):
    return services.change_request_save(
        actor=world.users["staff_nj"], change_id=request.pk, proposed=proposed
    )


def test_a_draft_corrects_the_name_it_mistyped(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    person_id = request.proposed["person_id"]
    people = Person.objects.count()
    request = _save(world, request, name="张新", id_number=number)
    assert request.proposed["person_id"] == person_id and request.proposed["name"] == "张新"
    assert Person.objects.get(pk=person_id).name == "张新"
    assert Person.objects.count() == people
    event = AuditEvent.objects.get(action="person.name_correct")
    assert event.before == {"name": "张心"} and event.after == {"name": "张新"}
    assert event.actor == world.users["staff_nj"]
    # Corrected twice is still this draft's own person.
    request = _save(world, request, name="张鑫", id_number=number)
    assert Person.objects.get(pk=person_id).name == "张鑫"


def test_a_returned_request_may_correct_it_too(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    act(world, "staff_nj", request, "submit")
    act(world, "city_nj", request, "return_to_center", comment="姓名有误")
    request = _save(world, request, name="张新", id_number=number)
    assert Person.objects.get(pk=request.proposed["person_id"]).name == "张新"


def _refused(world, request, number):
    with pytest.raises(ValidationFailed) as exc:
        _save(world, request, name="张新", id_number=number)
    assert "姓名与证件号码不一致" in str(exc.value.errors["proposed.name"][0])
    assert not AuditEvent.objects.filter(action="person.name_correct").exists()


def test_a_person_known_elsewhere_keeps_the_name(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    person = Person.objects.get(pk=request.proposed["person_id"])
    world.sz.executive_director = person  # the registry knows this person now
    world.sz.save()
    _refused(world, request, number)
    assert Person.objects.get(pk=person.pk).name == "张心"


def test_a_person_another_request_proposes_keeps_the_name(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    other = change(
        world,
        "executive_director",
        proposed={**director_proposal("张心", number), "full_time": True},
    )
    assert other.proposed["person_id"] == request.proposed["person_id"]
    _refused(world, request, number)


def test_a_person_registered_before_the_draft_keeps_the_name(world):
    number = f.make_id_number()
    f.PersonFactory(name="张心", id_number=number)  # registered elsewhere, referenced by nothing
    request = change(world, proposed=director_proposal("张心", number))
    _refused(world, request, number)


def test_another_number_is_still_refused_by_its_own_name(world):
    known = f.make_id_number()
    f.PersonFactory(name="钱某", id_number=known)
    request = change(world, proposed=director_proposal("张心", f.make_id_number()))
    # The number entered is someone else's: no correction of anybody.
    _refused(world, request, known)
