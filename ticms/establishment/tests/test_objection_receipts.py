"""An objection's receipt number reveals nothing: random, unguessable, unique and readable,
the same on the portal, in the API and on the province's page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ticms.establishment.models import RECEIPT_ALPHABET, RECEIPT_LENGTH, Objection

from .notice_helpers import API, NATIONAL_DAY, named, on, stamped

pytestmark = pytest.mark.django_db

UNAMBIGUOUS = set(RECEIPT_ALPHABET)


def _well_formed(number: str) -> bool:
    return len(number) == RECEIPT_LENGTH and set(number) <= UNAMBIGUOUS


def test_the_alphabet_has_no_characters_to_misread():
    assert not UNAMBIGUOUS & set("01IOL") and len(UNAMBIGUOUS) == 31


def test_receipts_are_random_and_not_the_primary_key(p):  # noqa: F811
    with on(NATIONAL_DAY):
        first = named(p.notice, content="第一条异议。")
        second = named(p.notice, content="第二条异议。")
        third = stamped(p.notice)
    numbers = [o.receipt_no for o in (first, second, third)]
    assert all(_well_formed(n) for n in numbers) and len(set(numbers)) == 3
    assert all(o.receipt_no != str(o.pk) for o in (first, second, third))
    assert str(first) == f"{p.notice} · {first.receipt_no}"


def test_a_collision_draws_again(p, monkeypatch):  # noqa: F811
    from ticms.establishment.services import notices

    with on(NATIONAL_DAY):
        first = named(p.notice, content="第一条异议。")
    draws = iter(first.receipt_no + "23456789ABCD")
    monkeypatch.setattr(notices.secrets, "choice", lambda _alphabet: next(draws))
    with on(NATIONAL_DAY):
        second = named(p.notice, content="第二条异议。")
    assert second.receipt_no == "23456789ABCD"


def test_the_portal_and_the_api_give_the_receipt_not_the_sequence(client, p):  # noqa: F811
    body = {"name": "王实名", "contact": "13812345678", "content": "有异议。"}
    with on(NATIONAL_DAY):
        created = client.post(
            f"{API}/notices/{p.notice.pk}/objections", body, content_type="application/json"
        )
        again = client.post(
            f"/portal/notices/{p.notice.pk}/",
            {"name": "王实名", "contact": "13812345678", "content": "有异议。"},
        )
    objection = Objection.objects.get()
    assert created.status_code == 201
    assert created.json()["receipt_no"] == objection.receipt_no and "id" not in created.json()
    # The repeat is refused quoting the same receipt.
    assert f"受理编号 {objection.receipt_no}" in again.content.decode()
    client.force_login(p.province)
    [row] = client.get(f"{API}/notices/{p.notice.pk}/objections").json()
    assert row["receipt_no"] == objection.receipt_no
    page = client.get(f"/establishment/notices/{p.notice.pk}/objections/").content.decode()
    assert f"异议 {objection.receipt_no}" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_objections_a_receipt(reference_data, p):  # noqa: F811
    with on(NATIONAL_DAY):
        first = named(p.notice, content="第一条异议。")
        second = stamped(p.notice)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("establishment")
    executor.migrate([("establishment", "0003_one_live_application")])  # no receipts yet
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    numbers = dict(Objection.objects.values_list("pk", "receipt_no"))
    assert set(numbers) == {first.pk, second.pk}
    assert all(_well_formed(n) for n in numbers.values()) and len(set(numbers.values())) == 2
