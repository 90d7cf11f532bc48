"""Major-matter pages: who sees what, forms that refuse bad input on the field, the whole path
through the pages, the history page, and list pages whose query count does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ticms.matters.models import ChangeRequest, ChangeStatus, MajorMatterReport
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, matter, to_province

pytestmark = pytest.mark.django_db


def pages(obj, kind) -> list[str]:
    return [
        reverse(f"matters:{kind}_detail", args=[obj.pk]),
        reverse(f"matters:{kind}_edit", args=[obj.pk]),
        reverse(f"matters:{kind}_action", args=[obj.pk, "submit"]),
    ]


def test_lists_and_details_by_role(client, world):
    report = matter(world)
    act(world, "staff_nj", report, "submit")
    request = to_province(world, change(world, "research_direction"))
    for user in ("province", "city_nj", "staff_nj"):
        client.force_login(world.users[user])
        assert report in client.get(reverse("matters:matter_list")).context["page_obj"]
        assert request in client.get(reverse("matters:change_list")).context["page_obj"]
        assert client.get(report.get_absolute_url()).status_code == 200
        page = client.get(request.get_absolute_url())
        assert page.status_code == 200 and "新的研发方向" in page.content.decode()
    for user in ("city_sz", "staff_sz", "cobuilder"):
        client.force_login(world.users[user])
        assert client.get(reverse("matters:matter_list")).context["page_obj"].paginator.count == 0
        assert client.get(reverse("matters:change_list")).context["page_obj"].paginator.count == 0
        for url in [
            *pages(report, "matter"),
            *pages(request, "change"),
            reverse("matters:center_history", args=[world.nj.pk]),
        ]:
            assert client.get(url).status_code == 404, (user, url)
    expert = f.role_user("expert")
    client.force_login(expert)
    assert client.get(request.get_absolute_url()).status_code == 404
    client.logout()
    for url in (reverse("matters:change_list"), request.get_absolute_url()):
        assert client.get(url).status_code == 302


def test_drafts_stay_with_the_center(client, world):
    draft = change(world, "research_direction")
    client.force_login(world.users["city_nj"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(world.users["staff_nj"])
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert reverse("matters:change_edit", args=[draft.pk]) in page.content.decode()


def test_center_proposes_a_director_change_through_the_pages(client, world):
    client.force_login(world.users["staff_nj"])
    bad = client.post(reverse("matters:change_create"), {"center": world.nj.pk, "kind": ""})
    assert bad.status_code == 200 and "请选择变更事项" in bad.content.decode()
    created = client.post(
        reverse("matters:change_create"),
        {"center": world.nj.pk, "kind": "director", "reason": "原主任退休"},
    )
    request = ChangeRequest.objects.get()
    assert created.url == reverse("matters:change_edit", args=[request.pk])
    edit_url = created.url
    wrong = client.post(edit_url, {"reason": "原主任退休", "name": "张新", "id_number": "123"})
    assert wrong.status_code == 200 and "证件号码格式不正确" in wrong.content.decode()
    request.refresh_from_db()
    assert request.proposed == {}
    number = f.make_id_number()
    saved = client.post(edit_url, {"reason": "原主任退休", "name": "张新", "id_number": number})
    assert saved.status_code == 302
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "张新" in detail and number not in detail and "第十二条第4项" in detail
    submitted = client.post(reverse("matters:change_action", args=[request.pk, "submit"]))
    assert submitted.status_code == 302
    request.refresh_from_db()
    assert request.status == ChangeStatus.SUBMITTED


def test_co_builder_form_maps_service_errors_onto_the_row(client, world):
    request = change(world, "co_builders", proposed={"add": [], "remove": []})
    client.force_login(world.users["staff_nj"])
    url = reverse("matters:change_edit", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {"reason": "调整", "add_1_uscc": "ABC", "add_1_name": "甲", "add_1_kind": "enterprise"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["add_1_uscc"]
    only = world.nj.co_builders.get().organisation.uscc
    response = client.post(url, {"reason": "调整", "remove": [only]})
    assert "第十二条第1项" in str(response.context["form"].errors["remove"])
    code = f.make_uscc()
    ok = client.post(
        url,
        {
            "reason": "调整",
            "add_0_uscc": code,
            "add_0_name": "乙",
            "add_0_kind": "university",
            "add_0_duties": "联合攻关",
            "add_0_agreement_signed_on": "2024-03-01",
        },
    )
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.proposed["add"][0]["uscc"] == code


def test_city_reviews_and_province_approves_on_the_pages(client, world):
    number = f.make_id_number()
    other = f.CenterFactory(
        city=world.sz.city, director=f.PersonFactory(name="赵重复", id_number=number)
    )
    request = change(world, proposed=director_proposal("赵重复", number))
    act(world, "staff_nj", request, "submit")
    client.force_login(world.users["city_nj"])
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "不符合" in detail and other.name not in detail  # names only for the province
    url = reverse("matters:change_action", args=[request.pk, "city_review"])
    assert "请填写审核意见" in client.post(url, {"opinion": ""}).content.decode()
    assert client.post(url, {"opinion": "同意"}).status_code == 302
    client.force_login(world.users["province"])
    detail = client.get(request.get_absolute_url()).content.decode()
    assert other.name in detail
    approve = reverse("matters:change_action", args=[request.pk, "approve"])
    refused = client.post(approve, {"justification": ""})
    assert refused.status_code == 200 and "例外通过理由" in refused.content.decode()
    assert client.post(approve, {"justification": "经研究同意"}).status_code == 302
    world.nj.refresh_from_db()
    assert world.nj.director.name == "赵重复"
    history = client.get(reverse("matters:center_history", args=[world.nj.pk]))
    text = history.content.decode()
    assert history.status_code == 200 and "赵重复" in text
    assert str(world.users["province"]) in text and "第 2 版" in text
    # The city and the center read the same history; the center detail links to it.
    for user in ("city_nj", "staff_nj"):
        client.force_login(world.users[user])
        assert client.get(reverse("matters:center_history", args=[world.nj.pk])).status_code == 200
    center_page = client.get(world.nj.get_absolute_url()).content.decode()
    assert reverse("matters:center_history", args=[world.nj.pk]) in center_page


def test_matter_pages_for_the_center(client, world):
    client.force_login(world.users["staff_nj"])
    assert client.get(reverse("matters:matter_create")).status_code == 200
    bad = client.post(
        reverse("matters:matter_create"),
        {"center": world.nj.pk, "kind": "result", "title": "", "occurred_on": "2999-01-01"},
    )
    assert bad.status_code == 200 and MajorMatterReport.objects.count() == 0
    ok = client.post(
        reverse("matters:matter_create"),
        {
            "center": world.nj.pk,
            "kind": "talent",
            "title": "引进领军人才",
            "body": "引进院士一名",
            "occurred_on": "2024-03-01",
        },
    )
    report = MajorMatterReport.objects.get()
    assert ok.url == report.get_absolute_url()
    future = client.post(
        reverse("matters:matter_edit", args=[report.pk]),
        {"kind": "talent", "title": "引进领军人才", "occurred_on": "2999-01-01"},
    )
    assert "不能晚于今天" in future.content.decode()
    assert (
        client.post(reverse("matters:matter_action", args=[report.pk, "submit"])).status_code == 302
    )
    assert client.get(reverse("matters:matter_edit", args=[report.pk])).status_code == 409
    client.force_login(world.users["city_nj"])
    assert client.get(reverse("matters:matter_create")).status_code == 403
    assert client.get(reverse("matters:matter_action", args=[report.pk, "file"])).status_code == 403


@pytest.mark.parametrize("kind", ["matter", "change"])
def test_list_query_count_does_not_grow_with_rows(client, world, kind):
    client.force_login(world.users["province"])

    def add(n):
        for _i in range(n):
            center = f.CenterFactory(city=world.nj.city, status="operating")
            if kind == "matter":
                MajorMatterReport.objects.create(
                    center=center, kind="result", title="t", status="submitted"
                )
            else:
                ChangeRequest.objects.create(center=center, kind="director", status="submitted")

    url = reverse(f"matters:{kind}_list")
    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(9)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 10
    assert len(many) == len(few)


def test_filters(client, world):
    request = to_province(world, change(world, "research_direction"))
    client.force_login(world.users["province"])
    url = reverse("matters:change_list")
    assert list(client.get(url, {"city": "320100"}).context["page_obj"]) == [request]
    assert list(client.get(url, {"city": "320500"}).context["page_obj"]) == []
    assert list(client.get(url, {"kind": "director"}).context["page_obj"]) == []
    assert list(client.get(url, {"status": "city_reviewed"}).context["page_obj"]) == [request]
    assert list(client.get(url, {"center": world.sz.pk}).context["page_obj"]) == []
    bad = client.get(url, {"status": "nope"})
    assert bad.status_code == 200 and request in bad.context["page_obj"]


def test_demo_leaves_a_filed_report_and_a_request_for_the_province(world):
    from ticms.demo.matters import seed_major_matters

    seed_major_matters(province=world.users["province"])
    assert MajorMatterReport.objects.get().status == "filed"
    request = ChangeRequest.objects.get()
    assert request.status == ChangeStatus.CITY_REVIEWED and request.proposed["full_time"]


def test_approving_a_change_that_meets_every_condition_asks_for_no_justification(client, world):
    request = change(world, kind="development_goals", proposed={"text": "新的发展目标"})
    act(world, "staff_nj", request, "submit")
    act(world, "city_nj", request, "city_review", params={"opinion": "同意"})
    client.force_login(world.users["province"])
    approve = reverse("matters:change_action", args=[request.pk, "approve"])
    page = client.get(approve).content.decode()
    assert 'name="justification"' not in page and "例外通过理由" not in page
    # A crafted value is not a field of this form: it never reaches the record.
    assert client.post(approve, {"justification": "同意。"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.justification == ""
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "例外通过理由" not in detail
