"""Bad input to the major-matter and change-request pages and API answers 4xx, never 500, and
saves nothing."""

from __future__ import annotations

import json

import pytest

from ticms.matters.models import ChangeRequest

pytestmark = pytest.mark.django_db


def test_co_builder_uscc_that_is_not_text_is_a_422(client, world):
    client.force_login(world.users["staff_nj"])
    body = {
        "center_id": world.nj.pk,
        "kind": "co_builders",
        "reason": "调整共建单位。",
        "proposed": {"add": [{"uscc": 123, "name": "甲公司", "kind": "enterprise", "duties": ""}]},
    }
    response = client.post(
        "/api/v1/change-requests", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("value", ["%C2%B2", "99999999999999999999999", "-1", "abc"])
@pytest.mark.parametrize("page", ["/reports/matters/", "/reports/changes/"])
def test_center_filter_ignores_what_is_not_an_id(client, world, page, value):
    client.force_login(world.users["province"])
    assert client.get(f"{page}?center={value}").status_code == 200
