"""`manage.py bench` on tiny data: one run per page, no load. Not a timed test: it checks that the
table lists the pages with their query counts and that a page answering an error is reported."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ticms.bench import pages
from ticms.bench.measure import percentile
from ticms.bench.users import parse_mapping
from ticms.centers import selectors as center_selectors
from ticms.testing.factories import (
    CenterFactory,
    TeamMemberFactory,
    center_user,
    city_user,
    province_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    hq = CenterFactory()
    CenterFactory(headquarters=hq)
    CenterFactory(city=hq.city)
    TeamMemberFactory.create_batch(3, center=hq)
    staff = center_user(hq.host_unit, center=hq)
    province, city = province_user(), city_user("320100")
    return f"province={province.username},city={city.username},center={staff.username}"


def bench(users, *extra):
    out, err = StringIO(), StringIO()
    args = ["--runs", "1", "--warmup", "0", "--load-seconds", "0", "--users", users, *extra]
    try:
        call_command("bench", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


ROW = re.compile(
    r"^(?P<name>.+?)\s{2,}(?P<role>\S+)\s+(?P<median>\S+)\s+(?P<p95>\S+)\s+(?P<queries>\S+)"
    r"\s+(?P<x_auth>\S+)\s+(?P<x_layout>\S+)\s+(?P<status>.+)$"
)


def row(output: str, page: str, role: str) -> dict:
    for line in output.splitlines():
        match = ROW.match(line)
        if match and match["name"] == page and match["role"] == role:
            return match.groupdict()
    raise AssertionError(f"no row {page!r} ({role}) in:\n{output}")


def test_the_table_lists_each_page_with_its_query_count_and_the_floors(accounts, tmp_path):
    result_file = tmp_path / "bench.json"
    output, _err, error = bench(accounts, "--json", str(result_file))

    assert error is None  # misses do not fail a benchmark
    for page, role in (
        ("floor: authenticated", "province"),
        ("floor: layout", "city"),
        ("workbench", "center"),
        ("center list, first page", "province"),
        ("center list, last page", "city"),
        ("center detail, biggest headquarters", "province"),
        ("API centers, first page", "province"),
        ("annual report list, first page", "city"),
        ("audit log, first page", "province"),
        ("public directory, first page", "public"),
    ):
        cells = row(output, page, role)
        assert cells["status"].startswith(("OK", "MISS: ")), cells
        assert cells["queries"].isdigit() and int(cells["queries"]) > 0, cells
        assert float(cells["median"]) > 0 and cells["x_layout"].endswith("×"), cells
    # No expert account in this database: its pages are skipped and say why.
    assert "SKIP: no expert account" in output
    assert "Excel export of all centers" in output
    assert "verify_audit:" in output and "chain intact" in output
    assert "Targets" in output and "every page p95 < 50 ms" in output

    data = json.loads(result_file.read_text(encoding="utf-8"))
    listed = {(p["name"], p["role"]): p for p in data["pages"]}
    center_list = listed[("center list, first page", "province")]
    assert center_list["status"] == 200 and center_list["queries"] > 0
    assert center_list["median_ms"] > 0 and center_list["x_layout"] is not None
    assert data["floors"]["province"]["auth"]["queries"] > 0
    assert data["verify_audit"]["ok"] is True


def test_a_page_answering_500_or_404_is_an_error_and_fails_the_run(accounts, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("team stats exploded")

    original = pages.catalogue

    def with_a_missing_record(accounts, clients):
        return [
            *original(accounts, clients),
            pages.Page("a center that is not there", "province", "/centers/999999999/"),
        ]

    monkeypatch.setattr(center_selectors, "team_stats", broken)
    monkeypatch.setattr(pages, "catalogue", with_a_missing_record)

    output, _err, error = bench(accounts, "--skip-export", "--skip-verify")

    detail = row(output, "center detail, biggest headquarters", "province")
    assert detail["status"] == "ERROR: HTTP 500 (RuntimeError: team stats exploded)"
    assert detail["queries"] == "—"
    missing = row(output, "a center that is not there", "province")
    assert missing["status"] == "ERROR: HTTP 404"
    # Other pages are still measured and listed.
    assert row(output, "center list, first page", "province")["queries"].isdigit()
    assert "[MISS] every page answers 200" in output
    assert error is not None and "pages answered an error" in str(error)
    assert "/centers/999999999/" in str(error)


def test_an_unknown_role_or_account_is_refused_with_a_clear_message(accounts):
    _out, _err, error = bench("mayor=bob")
    assert error is not None and "unknown role 'mayor'" in str(error)

    _out, _err, error = bench("province=nobody,city=nobody,center=nobody")
    # The demo's and seed_scale's names are not tried when a role is named: nobody plays any.
    assert error is not None and "no account for any role" in str(error)
    assert "pass --users" in str(error)


def test_p95_is_the_nearest_rank_and_the_median_the_middle():
    samples = [float(n) for n in range(1, 21)]  # 20 runs
    assert percentile(samples, 95) == 19.0
    assert percentile(samples, 100) == 20.0
    assert percentile([5.0], 95) == 5.0
    assert percentile(list(reversed(samples)), 50) == 10.0


def test_users_mapping_names_roles_and_refuses_nonsense():
    assert parse_mapping(" province=alice , city=bob ") == {"province": "alice", "city": "bob"}
    assert parse_mapping("") == {}
    for bad in ("province", "province=", "=alice", "mayor=bob"):
        with pytest.raises(ValueError, match="--users"):
            parse_mapping(bad)


def test_only_measures_the_named_pages_and_refuses_words_matching_none(accounts):
    output, _err, error = bench(accounts, "--only", "directory, audit log", "--skip-export")
    assert error is None
    assert row(output, "public directory, first page", "public")["queries"].isdigit()
    assert row(output, "audit log, first page", "province")
    assert row(output, "floor: layout", "province")  # the floors, always
    with pytest.raises(AssertionError):
        row(output, "center list, first page", "province")
    _out, _err, error = bench(accounts, "--only", "no such page")
    assert error is not None and "no page name contains" in str(error)
