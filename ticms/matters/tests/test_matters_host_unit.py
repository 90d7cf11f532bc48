"""建设单位调整 for the host unit (依托单位, 第二十三条): a written request, the city's opinion, the
province's approval; the center then belongs to the new host unit, with the version kept."""

from __future__ import annotations

import pytest

from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.matters import proposals
from ticms.matters.models import CenterRecordVersion
from ticms.matters.models import ChangeStatus as C
from ticms.matters.selectors import change_request_get
from ticms.testing import factories as f

from .matters_helpers import act, change, to_province

pytestmark = pytest.mark.django_db


def test_approval_moves_the_center_to_the_new_host_unit(world):
    new_host = f.OrganisationFactory(city=f.city("320100"), name="江苏新依托研究院")
    old_host = world.nj.host_unit
    request = change(
        world, kind="host_unit", proposed={"uscc": new_host.uscc, "name": "随便写的名称"}
    )
    assert request.proposed == {
        "uscc": new_host.uscc,
        "name": "江苏新依托研究院",
    }  # registered name
    lines = dict(proposals.proposal_lines(request))
    assert old_host.name in lines["现依托单位"] and new_host.name in lines["拟任依托单位"]
    request = act(world, "province", to_province(world, request), "approve")
    assert request.status == C.APPROVED
    world.nj.refresh_from_db()
    assert world.nj.host_unit == new_host
    first, second = CenterRecordVersion.objects.filter(center=world.nj).order_by("number")
    assert first.snapshot["host_unit"]["uscc"] == old_host.uscc
    assert second.snapshot["host_unit"]["uscc"] == new_host.uscc
    assert second.approved_by == world.users["province"]
    lines = dict(proposals.proposal_lines(request))
    assert old_host.name in lines["原依托单位"] and new_host.name in lines["新依托单位"]
    # The old host unit's staff no longer see the center's records; the new one's do.
    with pytest.raises(NotFound):
        change_request_get(user=world.users["staff_nj"], pk=request.pk)
    assert change_request_get(user=f.center_user(new_host), pk=request.pk) == request


def test_an_unknown_unit_is_registered_on_approval(world):
    code = f.make_uscc("320500")
    request = change(world, kind="host_unit", proposed={"uscc": code, "name": "苏州新研究院"})
    act(world, "province", to_province(world, request), "approve")
    world.nj.refresh_from_db()
    assert (world.nj.host_unit.uscc, world.nj.host_unit.name) == (code, "苏州新研究院")
    assert world.nj.host_unit.city.code == "320500"  # from the code's issuing authority


@pytest.mark.parametrize(
    ("proposed", "field", "message"),
    [
        ({"uscc": "", "name": "甲"}, "proposed.uscc", "请填写拟任依托单位的统一社会信用代码"),
        ({"uscc": "123", "name": "甲"}, "proposed.uscc", ""),
        ({"uscc": "OUTSIDE", "name": "甲"}, "proposed.uscc", "在江苏境内注册"),
        ({"uscc": "CURRENT", "name": "甲"}, "proposed.uscc", "已是本中心的依托单位"),
        ({"uscc": "COBUILDER", "name": "甲"}, "proposed.uscc", "是本中心的共建单位"),
        ({"uscc": "NEW", "name": ""}, "proposed.name", "请填写单位名称"),
        ({"uscc": 5, "name": "甲"}, "proposed.uscc", ""),
    ],
)
def test_bad_host_units_are_refused_and_nothing_saved(world, proposed, field, message):
    from ticms.matters.models import ChangeRequest

    cobuilder = f.CoBuilderFactory(center=world.nj)
    codes = {
        "OUTSIDE": f.make_uscc("110100"),  # registered in Beijing
        "CURRENT": world.nj.host_unit.uscc,
        "COBUILDER": cobuilder.organisation.uscc,
        "NEW": f.make_uscc("320100"),
    }
    proposed = {**proposed, "uscc": codes.get(proposed["uscc"], proposed["uscc"])}
    with pytest.raises(ValidationFailed) as exc:
        change(world, kind="host_unit", proposed=proposed)
    assert field in exc.value.errors
    assert message in str(exc.value.errors[field])
    assert not ChangeRequest.objects.exists()


def test_host_unit_change_page_round_trip(client, world):
    new_host = f.OrganisationFactory(city=f.city("320100"))
    client.force_login(world.users["staff_nj"])
    response = client.post(
        "/reports/changes/new/", {"center": str(world.nj.pk), "kind": "host_unit"}
    )
    assert response.status_code == 302
    edit_url = response["Location"]
    if not edit_url.rstrip("/").endswith("edit"):
        edit_url = edit_url.rstrip("/") + "/edit/"
    page = client.get(edit_url)
    assert page.status_code == 200 and "拟任依托单位" in page.content.decode()
    saved = client.post(
        edit_url, {"reason": "原依托单位改制，理事会决议调整。", "uscc": new_host.uscc, "name": ""}
    )
    assert saved.status_code in (200, 302)
    from ticms.matters.models import ChangeRequest

    assert ChangeRequest.objects.get().proposed["uscc"] == new_host.uscc
