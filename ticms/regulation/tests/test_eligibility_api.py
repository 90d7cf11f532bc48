"""POST /api/v1/eligibility/check: authenticated, same report as the command, 422 field errors."""

import json

import pytest

from ticms.accounts.tokens import token_create
from ticms.regulation.eligibility import check_profile
from ticms.testing import factories as f

from .profiles import RULE_IDS, good_profile

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/check"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The factories set a password; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user_client(client):
    client.force_login(f.province_user())
    return client


def post(client, body, **headers):
    if not isinstance(body, str | bytes):
        body = json.dumps(body, ensure_ascii=False)
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def field_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    errors: dict[str, list[str]] = {}
    for item in detail:
        assert set(item) >= {"field", "msg", "loc"}
        errors.setdefault(item["field"], []).append(item["msg"])
    return errors


# --- 200 -----------------------------------------------------------------------------------


def test_returns_the_report(user_client):
    response = post(user_client, good_profile())
    assert response.status_code == 200
    body = response.json()
    assert body["rule_set"] == "2025.1"
    assert body["verdict"] == "eligible"
    assert body["as_of"] == "2026-06-01"
    assert [r["rule"] for r in body["results"]] == RULE_IDS
    for row in body["results"]:
        assert set(row) == {"rule", "article", "severity", "outcome", "message"}
    # The same service as the command: identical output.
    assert body == check_profile(good_profile()).as_dict()


def test_failure_messages_show_the_numbers(user_client):
    body = post(user_client, good_profile(team={"members": 100, "full_time_members": 49})).json()
    row = next(r for r in body["results"] if r["rule"] == "A12.4.full_time_ratio")
    assert row["outcome"] == "fail"
    assert "49 人 / 100 人 = 49.00%" in row["message"]
    assert body["verdict"] == "ineligible"


def test_json_numbers_are_exact(user_client):
    # 4999.99 must not turn into 4999.9899999… nor 5000 on the way in.
    text = json.dumps(good_profile(center={"rd_site_area_m2": None}))
    text = text.replace('"center": {', '"center": {"rd_site_area_m2": 4999.99, ', 1)
    body = post(user_client, text).json()
    row = next(r for r in body["results"] if r["rule"] == "A12.1.site_area")
    assert row["outcome"] == "fail" and "当前为 4,999.99 m²" in row["message"]


def test_in_principle_failure_needs_override(user_client):
    body = post(user_client, good_profile(center={"operating_since": "2025-06-02"})).json()
    row = next(r for r in body["results"] if r["rule"] == "A12.1.operation_12m")
    assert (row["outcome"], row["severity"]) == ("fail", "in_principle")
    assert body["verdict"] == "needs_override"


def test_database_rules_through_the_api(user_client):
    f.PlatformFactory(name="江苏省工业母机产业创新中心", sub_field=f.sub_field("E0201"))
    body = post(user_client, good_profile(layout={"sub_field": "E0201"})).json()
    row = next(r for r in body["results"] if r["rule"] == "A4.no_duplicate_layout")
    assert row["outcome"] == "fail" and "江苏省工业母机产业创新中心" in row["message"]


# --- 422 -------------------------------------------------------------------------------------


def test_malformed_fields_are_listed_by_path(user_client):
    errors = field_errors(
        post(
            user_client,
            {
                "center": {"rd_site_area_m2": "-1", "operating_since": "2025-02-30"},
                "team": {"members": 100, "full_time_members": 101},
                "surprise": True,
            },
        )
    )
    assert set(errors) == {
        "center.rd_site_area_m2",
        "center.operating_since",
        "team.full_time_members",
        "surprise",
    }
    assert "负数" in errors["center.rd_site_area_m2"][0]


def test_error_location_splits_the_path(user_client):
    response = post(user_client, {"center": {"co_builders": [{"name": "x", "kind": "city"}]}})
    detail = response.json()["detail"]
    assert detail[0]["field"] == "center.co_builders[0].kind"
    assert detail[0]["loc"] == ["center", "co_builders", "0", "kind"]


def test_unknown_sub_field(user_client):
    assert "layout.sub_field" in field_errors(post(user_client, {"layout": {"sub_field": "?"}}))


@pytest.mark.parametrize(
    "body",
    [
        "",
        "{not json",
        "[1, 2]",
        "null",
        b'{"team": {"members": \xff}}',
        "[" * 100_000 + "]" * 100_000,
        '{"team": {"members": ' + "1" * 5000 + "}}",
    ],
    ids=["empty", "syntax", "array", "null", "not-utf8", "deep", "huge-int"],
)
def test_undecodable_or_non_object_body_is_a_root_error(user_client, body):
    assert list(field_errors(post(user_client, body))) == ["(root)"]


def test_unhashable_co_builder_kind_is_a_field_error(user_client):
    errors = field_errors(
        post(user_client, {"center": {"co_builders": [{"name": "x", "kind": ["park"]}]}})
    )
    assert list(errors) == ["center.co_builders[0].kind"]


# --- authentication ---------------------------------------------------------------------------


def test_anonymous_gets_401(client):
    response = post(client, good_profile())
    assert response.status_code == 401
    assert response.json()["detail"]


def test_bearer_token_works(client):
    user = f.province_user()
    _item, token = token_create(actor=user, user=user, name="ci")
    response = post(client, good_profile(), Authorization=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["verdict"] == "eligible"


@pytest.mark.parametrize("header", ["Bearer tic_not-a-real-token", "Token abc", ""])
def test_bad_token_gets_401(client, header):
    headers = {"Authorization": header} if header else {}
    assert post(client, good_profile(), **headers).status_code == 401


def test_revoked_or_inactive_users_token_gets_401(client):
    user = f.province_user()
    _item, token = token_create(actor=user, user=user, name="ci")
    user.is_active = False
    user.save()
    assert post(client, good_profile(), Authorization=f"Bearer {token}").status_code == 401


def test_any_logged_in_role_may_check(client):
    client.force_login(f.city_user())
    assert post(client, good_profile()).status_code == 200


def test_rule_catalogue_and_articles_are_public(client):
    rules = client.get("/api/v1/regulation/rules")
    assert rules.status_code == 200
    assert [r["id"] for r in rules.json()["rules"]] == RULE_IDS
    assert rules.json()["rule_set"] == "2025.1"
    articles = client.get("/api/v1/regulation/articles")
    assert articles.status_code == 200
    assert [a["number"] for a in articles.json()] == list(range(1, 29))


@pytest.mark.parametrize("role", ["city", "center", "co_builder", "expert", "evaluator"])
def test_only_the_province_matches_id_numbers_against_other_centers(client, role):
    """The repeat-support rule names the center an ID number leads: personal data across
    cities, so other roles get it skipped (and nothing about who leads what)."""
    from ticms.accounts import idnumbers

    number = idnumbers.make_resident("32050219800101123")
    leader = f.PersonFactory(id_number=number)
    f.CenterFactory(city=f.city("320800"), status="removed", director=leader, name="淮安已退出中心")
    profile = {"layout": {"director_id_number": number}}

    client.force_login(f.role_user(role))
    rows = {r["rule"]: r for r in post(client, profile).json()["results"]}
    assert rows["A12.4.no_repeat_support"]["outcome"] == "skipped"
    assert "淮安已退出中心" not in json.dumps(rows, ensure_ascii=False)

    client.force_login(f.province_user())
    rows = {r["rule"]: r for r in post(client, profile).json()["results"]}
    assert rows["A12.4.no_repeat_support"]["outcome"] == "fail"
    assert "淮安已退出中心" in rows["A12.4.no_repeat_support"]["message"]
