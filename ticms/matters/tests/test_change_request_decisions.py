"""What a change request decides (第二十三条): the research direction changes only through one, and
a decision keeps the findings it was made on, shown as made and in the reader's language; a
refusal keeps them too."""

from __future__ import annotations

import json

import pytest

from ticms.accounts.models import Person
from ticms.centers import services as center_services
from ticms.common.exceptions import ValidationFailed
from ticms.matters.models import ChangeStatus as C
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, to_province

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user", ["staff_nj", "city_nj"])
def test_research_direction_changes_only_by_change_request(world, user):
    with pytest.raises(ValidationFailed):
        center_services.center_update(
            actor=world.users[user],
            center_id=world.nj.pk,
            changes={"research_directions": "全新方向"},
        )
    world.nj.refresh_from_db()
    assert world.nj.research_directions != "全新方向"


def test_a_decision_redisplays_with_its_own_findings(client, world):
    request = change(world, proposed=director_proposal("赵重复", f.make_id_number()))
    person = Person.objects.get(pk=request.proposed["person_id"])
    world.sz.director = person  # already directs another supported center: in principle, fail
    world.sz.save()
    request = to_province(world, request)
    request = act(world, "province", request, "approve", params={"justification": "经研究同意。"})
    assert request.status == C.APPROVED
    stored = {d["rule"]: d["outcome"] for d in request.decision_findings}
    assert stored["A12.4.no_repeat_support"] == "fail"
    world.sz.director = f.PersonFactory(name="别人")  # later, the registry changes
    world.sz.save()
    client.force_login(world.users["province"])
    shown = client.get(f"/api/v1/change-requests/{request.pk}").json()
    assert {d["rule"]: d["outcome"] for d in shown["findings"]} == stored
    assert world.sz.name in json.dumps(shown["findings"], ensure_ascii=False)
    # The city reads the same outcome, without the other center's name.
    client.force_login(world.users["city_nj"])
    city = client.get(f"/api/v1/change-requests/{request.pk}").json()
    assert {d["rule"]: d["outcome"] for d in city["findings"]} == stored
    assert world.sz.name not in json.dumps(city["findings"], ensure_ascii=False)
    page = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert "不符合" in page


def test_a_refusal_keeps_its_findings(world):
    request = to_province(world, change(world, proposed=director_proposal("钱某", None)))
    request = act(world, "province", request, "refuse", comment="不同意。")
    assert request.status == C.REFUSED
    assert request.rule_set_code
    assert {d["rule"] for d in request.decision_findings} == {"A12.4.no_repeat_support"}


def test_a_decision_redisplays_in_the_readers_language(client, world):
    request = to_province(world, change(world, proposed=director_proposal("孙某", None)))
    act(world, "province", request, "approve", params={"justification": ""})
    client.force_login(world.users["province"])
    client.cookies["django_language"] = "en"
    [finding] = client.get(f"/api/v1/change-requests/{request.pk}").json()["findings"]
    assert finding["outcome"] == "pass"
    assert "拟任" not in finding["message"] and "proposed" in finding["message"].lower()
    client.cookies["django_language"] = "zh-hans"
    [finding] = client.get(f"/api/v1/change-requests/{request.pk}").json()["findings"]
    assert "拟任" in finding["message"]
