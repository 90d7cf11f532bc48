"""Object-level scoping (DESIGN §1, a hard rule): every role × every center page and API × owner.

Out of scope must be indistinguishable from a missing id; anonymous users are sent to the login
page (pages) or get 401 (API).
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ticms.centers.models import Center, CenterStatus
from ticms.common.models import AuditEvent

from .conftest import CENTERS, USERS, VISIBLE, login, main_html

pytestmark = pytest.mark.django_db

MISSING_ID = 987654

# Who may open the edit page of a center they can see (co-builders only read, 第十条).
EDITORS = {"province", "city_nj", "city_sz", "staff_a", "staff_b", "staff_c"}


def _codes_of(world, keys):
    return {getattr(world, k).code for k in keys}


def _export_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and rows[0][1] == "中心名称"
    data = []
    for row in rows[1:]:
        if row is None or all(v is None for v in row):
            break
        data.append(row)
    return data


# --- lists: the list page, the API list and the Excel export hold exactly the rows in scope ---


@pytest.mark.parametrize("who", USERS)
def test_list_page_shows_exactly_the_centers_in_scope(client, world, who):
    response = login(client, world.users[who]).get("/centers/")
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/centers/")
        return
    assert response.status_code == 200
    shown = {c.code for c in response.context["page_obj"].object_list}
    assert shown == _codes_of(world, VISIBLE[who])
    html = response.content.decode()
    for key in CENTERS:
        center = getattr(world, key)
        assert (f'href="/centers/{center.pk}/"' in html) == (key in VISIBLE[who]), key
    # A branch row names its headquarters (its own data); nothing else of another scope shows.
    assert (world.sz.name in html) == ("sz" in VISIBLE[who])


@pytest.mark.parametrize("who", USERS)
def test_api_list_returns_exactly_the_centers_in_scope(client, world, who):
    response = login(client, world.users[who]).get("/api/v1/centers")
    if who == "anonymous":
        assert response.status_code == 401
        assert response.json()["detail"]
        return
    assert response.status_code == 200
    body = response.json()
    assert {item["code"] for item in body["items"]} == _codes_of(world, VISIBLE[who])
    assert body["count"] == len(VISIBLE[who])


@pytest.mark.parametrize("who", USERS)
def test_export_contains_exactly_the_rows_in_scope(client, world, who):
    response = login(client, world.users[who]).get("/centers/export.xlsx")
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    codes = {row[0] for row in _export_rows(response)}
    assert codes == _codes_of(world, VISIBLE[who])


def test_city_officer_cannot_widen_the_list_with_another_citys_filter(client, world):
    """?city=苏州 from a 南京 officer is not a valid choice for them: ignored, never obeyed."""
    login(client, world.users["city_nj"])
    page = client.get("/centers/", {"city": "320500"})
    assert {c.code for c in page.context["page_obj"].object_list} == {world.nj.code}
    export = client.get("/centers/export.xlsx", {"city": "320500"})
    assert {r[0] for r in _export_rows(export)} == {world.nj.code}
    api = client.get("/api/v1/centers", {"city": "320500"})
    assert api.json()["items"] == []
    searched = client.get("/api/v1/centers", {"q": "苏州"})
    assert searched.json()["count"] == 0


# --- one center: detail, team, edit, action form and the API, for each role × owner -----------


def _page_expectations(who, key, status):
    """Status each page must answer for this user and this center."""
    if who == "anonymous":
        return dict.fromkeys(("detail", "team", "edit", "action", "request_action"), 302)
    if key not in VISIBLE[who]:
        return dict.fromkeys(("detail", "team", "edit", "action", "request_action"), 404)
    return {
        "detail": 200,
        "team": 200,
        # Once approved, only the province edits the record; the others file change requests.
        "edit": 200 if who == "province" or (who in EDITORS and status == "cultivating") else 403,
        # revoke: the province only (第七条第2项)
        "action": 200 if who == "province" else 403,
        # request acceptance of the constructing branch: its own or its headquarters' staff
        "request_action": 200 if who in {"staff_a", "staff_c"} else 403,
    }


@pytest.mark.parametrize("key", CENTERS)
@pytest.mark.parametrize("who", USERS)
def test_center_pages_answer_by_scope(client, world, who, key):
    center = getattr(world, key)
    login(client, world.users[who])
    expected = _page_expectations(who, key, center.status)
    urls = {
        "detail": f"/centers/{center.pk}/",
        "team": f"/centers/{center.pk}/team/",
        "edit": f"/centers/{center.pk}/edit/",
        "action": f"/centers/{center.pk}/actions/revoke/",
    }
    if key == "branch":  # the only constructing center
        urls["request_action"] = f"/centers/{center.pk}/actions/request_acceptance/"
    for page, url in urls.items():
        response = client.get(url)
        assert response.status_code == expected[page], (page, url)
        if expected[page] == 302:
            assert response["Location"].startswith("/accounts/login/?next=")
        if expected[page] == 404:
            assert center.code not in response.content.decode()
        if expected[page] == 403:
            assert "无权执行此操作" in main_html(response)
    # Posting to the action page (or the edit page) from outside the scope changes nothing.
    if expected["action"] != 200:
        post = client.post(urls["action"], {"comment": "越权撤销"})
        assert post.status_code == expected["action"]
    if expected["edit"] != 200:
        post = client.post(urls["edit"], {"research_directions": "越权修改"})
        assert post.status_code == expected["edit"]
    fresh = Center.objects.get(pk=center.pk)
    assert fresh.status == center.status
    assert fresh.research_directions == center.research_directions


@pytest.mark.parametrize("key", CENTERS)
@pytest.mark.parametrize("who", USERS)
def test_center_api_answers_by_scope(client, world, who, key):
    center = getattr(world, key)
    login(client, world.users[who])
    detail = client.get(f"/api/v1/centers/{center.pk}")
    post = client.post(
        f"/api/v1/centers/{center.pk}/transitions/revoke",
        {"comment": "违反第七条第2项"},
        content_type="application/json",
    )
    if who == "anonymous":
        assert detail.status_code == 401
        assert post.status_code == 401
    elif key not in VISIBLE[who]:
        missing = client.get(f"/api/v1/centers/{MISSING_ID}")
        assert detail.status_code == 404
        assert detail.json() == missing.json()
        assert post.status_code == 404
        assert post.json() == missing.json()
        assert center.code not in post.content.decode()
    elif who == "province":
        assert detail.status_code == 200
        assert detail.json()["code"] == center.code
        assert post.status_code == 200
        assert post.json()["status"] == CenterStatus.REVOKED
    else:
        assert detail.status_code == 200
        assert detail.json()["code"] == center.code
        # Applying for acceptance is the acceptance's own step (evaluation), not the center's.
        actions = [a["action"] for a in detail.json()["actions"]]
        assert actions == []
        assert post.status_code == 403
        assert "省科技厅" in post.json()["detail"]
    revoked = Center.objects.get(pk=center.pk).status == CenterStatus.REVOKED
    assert revoked == (who == "province")
    assert AuditEvent.objects.filter(action="center.revoke").exists() == (who == "province")


@pytest.mark.parametrize("who", ["city_nj", "staff_b", "cobuilder_e", "expert", "sysadmin"])
def test_out_of_scope_page_is_identical_to_a_missing_one(client, world, who):
    """Nothing in a 404 tells a 南京 officer that a 苏州 center exists."""
    login(client, world.users[who])
    hidden = next(getattr(world, k) for k in CENTERS if k not in VISIBLE[who])
    for suffix in ("", "team/", "edit/", "actions/revoke/", "actions/no_such_action/"):
        out_of_scope = client.get(f"/centers/{hidden.pk}/{suffix}")
        missing = client.get(f"/centers/{MISSING_ID}/{suffix}")
        assert out_of_scope.status_code == missing.status_code == 404, suffix
        assert main_html(out_of_scope) == main_html(missing), suffix


def test_nanjing_officer_never_sees_a_suzhou_center_anywhere(client, world):
    """The headline rule, end to end: list, search, detail, branches, export, API."""
    login(client, world.users["city_nj"])
    suzhou_names = (world.sz.name, world.branch.name)
    pages = [
        client.get("/centers/"),
        client.get("/centers/", {"q": "苏州"}),
        client.get(f"/centers/{world.nj.pk}/"),  # lists branches: the 苏州 one is out of scope
        client.get(f"/centers/{world.nj.pk}/team/"),
        client.get("/api/v1/centers"),
        client.get(f"/api/v1/centers/{world.nj.pk}"),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for name in suzhou_names:
            assert name not in text
        assert "苏州依托单位B" not in text
    export = client.get("/centers/export.xlsx")
    assert [r[0] for r in _export_rows(export)] == [world.nj.code]


def test_headquarters_staff_see_branch_but_branch_staff_do_not_see_headquarters(client, world):
    login(client, world.users["staff_a"])
    hq_page = client.get(f"/centers/{world.nj.pk}/")
    assert world.branch.name in hq_page.content.decode()  # listed as a branch
    assert client.get(f"/centers/{world.branch.pk}/").status_code == 200

    client.logout()
    login(client, world.users["staff_c"])
    branch_page = client.get(f"/centers/{world.branch.pk}/")
    assert branch_page.status_code == 200
    # The branch shows its headquarters' name but no link into a record out of scope.
    assert f'href="/centers/{world.nj.pk}/"' not in branch_page.content.decode()
    assert client.get(f"/centers/{world.nj.pk}/").status_code == 404


def test_inactive_user_is_treated_as_anonymous(client, world):
    user = world.users["province"]
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(f"/centers/{world.nj.pk}/").status_code == 302
    assert client.get("/api/v1/centers").status_code == 401


def test_bearer_token_is_scoped_like_the_session(client, world):
    from ticms.accounts.tokens import token_create

    _item, token = token_create(
        actor=world.users["province"], user=world.users["city_sz"], name="tests"
    )
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/centers", headers=headers)
    assert {i["code"] for i in listed.json()["items"]} == {world.sz.code, world.branch.code}
    assert client.get(f"/api/v1/centers/{world.nj.pk}", headers=headers).status_code == 404
    bad = client.get("/api/v1/centers", headers={"Authorization": "Bearer tic_wrong"})
    assert bad.status_code == 401
