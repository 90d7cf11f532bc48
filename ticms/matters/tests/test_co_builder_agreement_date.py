"""A co-builder added by change request comes with the date it signed the co-building agreement
(第十二条第1项): required, a real date, not in the future; asked for on the page and by the API,
and carried into the registry on approval."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ticms.centers.models import CenterCoBuilder
from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.matters import proposals
from ticms.matters.models import ChangeRequest
from ticms.testing import factories as f

from .matters_helpers import act, change, to_province

pytestmark = pytest.mark.django_db


def approve(world, request):
    return act(world, "province", request, "approve")


def _lines(request) -> dict[str, str]:
    return {str(label): str(text) for label, text in proposals.proposal_lines(request)}


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
    url = reverse("matters:change_edit", args=[request.pk])
    assert "add_0_agreement_signed_on" in client.get(url).content.decode()
    row = {"add_0_uscc": f.make_uscc(), "add_0_name": "乙", "add_0_kind": "university"}
    refused = client.post(url, {"reason": "调整", **row})
    assert refused.status_code == 200
    assert "共建协议签署日期" in str(refused.context["form"].errors["add_0_agreement_signed_on"])
    ok = client.post(url, {"reason": "调整", **row, "add_0_agreement_signed_on": "2024-03-01"})
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.proposed["add"][0]["agreement_signed_on"] == "2024-03-01"
