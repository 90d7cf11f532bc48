"""python manage.py check_eligibility PATH|- : JSON out, exit 0; malformed input exits 2."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ticms.regulation.eligibility import check_profile

from .profiles import RULE_IDS, good_profile

pytestmark = pytest.mark.django_db


def run(path, stdin=None, monkeypatch=None) -> dict:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("check_eligibility", str(path), stdout=out)
    return json.loads(out.getvalue())


def fails(path, stdin=None, monkeypatch=None) -> str:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("check_eligibility", str(path), stdout=out)
    assert info.value.returncode == 2
    assert out.getvalue() == ""  # nothing that looks like a report
    return str(info.value)


def write(tmp_path, data, name="profile.json") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_prints_the_report_as_json(tmp_path):
    result = run(write(tmp_path, good_profile()))
    assert result["rule_set"] == "2025.1"
    assert result["verdict"] == "eligible"
    assert [r["rule"] for r in result["results"]] == RULE_IDS
    for row in result["results"]:
        assert set(row) == {"rule", "article", "severity", "outcome", "message"}
    assert result == check_profile(good_profile()).as_dict()


def test_reports_failures_with_numbers(tmp_path):
    data = good_profile(
        center={"rd_site_area_m2": 4999.99},
        team={"members": 99, "rd_staff": 90, "rd_staff_qualified": 80},
    )
    result = run(write(tmp_path, data))
    rows = {r["rule"]: r for r in result["results"]}
    assert result["verdict"] == "ineligible"
    assert rows["A12.1.site_area"]["outcome"] == "fail"
    assert "4,999.99" in rows["A12.1.site_area"]["message"]
    assert rows["A12.4.team_size"]["outcome"] == "fail"
    assert rows["A12.1.site_area"]["article"] == "第十二条第1项"
    assert rows["A12.1.site_area"]["severity"] == "mandatory"


def test_json_numbers_are_read_exactly(tmp_path):
    # Written as JSON numbers, these three sum to 8999.999999999998 in binary floating point.
    text = json.dumps(good_profile(host_unit={"rd_investment_wan_yuan": None}))
    text = text.replace(
        '"host_unit": {',
        '"host_unit": {"rd_investment_wan_yuan": '
        '{"2023": 2877.38, "2024": 6030.15, "2025": 92.47}, ',
        1,
    )
    result = run(write(tmp_path, text))
    row = next(r for r in result["results"] if r["rule"] == "A12.2.rd_investment")
    assert row["outcome"] == "pass"


def test_reads_standard_input(monkeypatch):
    result = run(
        "-",
        stdin=json.dumps({"as_of": "2026-06-01", "team": {"members": 100}}),
        monkeypatch=monkeypatch,
    )
    rows = {r["rule"]: r["outcome"] for r in result["results"]}
    assert rows["A12.4.team_size"] == "pass"
    assert result["verdict"] == "incomplete"


def test_accepts_a_byte_order_mark(tmp_path):
    data = json.dumps(good_profile()).encode("utf-8-sig")
    assert run(write(tmp_path, data))["verdict"] == "eligible"


def test_malformed_field_names_its_path(tmp_path):
    message = fails(write(tmp_path, good_profile(team={"members": 99.5, "rd_staff": -1})))
    assert "team.members" in message and "整数" in message
    assert "team.rd_staff" in message and "负数" in message


def test_unknown_field_and_bad_date(tmp_path):
    message = fails(write(tmp_path, {"as_of": "2026-02-30", "center": {"area": 1}}))
    assert "as_of" in message and "center.area: 未知字段" in message


def test_malformed_stdin(monkeypatch):
    message = fails(
        "-",
        stdin='{"center": {"co_builders": [{"name": "x", "kind": []}]}}',
        monkeypatch=monkeypatch,
    )
    assert "center.co_builders[0].kind" in message


def test_invalid_json_says_where(tmp_path):
    message = fails(write(tmp_path, '{"team": {"members": 100,}}'))
    assert "(root)" in message and "不是有效的 JSON" in message
    assert "第 1 行" in message


def test_invalid_json_on_stdin(monkeypatch):
    assert "(root)" in fails("-", stdin="", monkeypatch=monkeypatch)


def test_non_json_object_is_malformed(tmp_path):
    assert "(root)" in fails(write(tmp_path, "[1, 2, 3]"))


@pytest.mark.parametrize(
    "content",
    [
        b'{"team": {"members": \xff}}',  # not UTF-8
        ("[" * 100_000 + "]" * 100_000).encode(),  # nested too deeply
        b'{"team": {"members": ' + b"1" * 5000 + b"}}",  # integer too long to convert
    ],
    ids=["not-utf8", "deep", "huge-int"],
)
def test_undecodable_input_exits_2_not_a_traceback(tmp_path, content):
    assert "(root)" in fails(write(tmp_path, content))


def test_unreadable_path(tmp_path):
    assert "cannot read" in fails(tmp_path / "absent.json")
    assert "cannot read" in fails(tmp_path)  # a directory


# --- a real process: exit codes and stdout ----------------------------------------------------


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A throw-away SQLite database for child processes (the test database is in memory)."""
    path = tmp_path_factory.mktemp("cmd") / "ticms.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "-v", "0"],
        env=env,
        check=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        capture_output=True,
    )
    return manage, env


def test_real_process_exit_codes(migrated_database, tmp_path):
    manage, env = migrated_database
    ok = subprocess.run(
        [*manage, "check_eligibility", write(tmp_path, good_profile())],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["verdict"] == "eligible" and report["rule_set"] == "2025.1"

    piped = subprocess.run(
        [*manage, "check_eligibility", "-"],
        input=json.dumps({"as_of": "2026-06-01", "center": {"rd_site_area_m2": "4999.99"}}),
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    rows = {r["rule"]: r["outcome"] for r in json.loads(piped.stdout)["results"]}
    assert rows["A12.1.site_area"] == "fail"

    bad = subprocess.run(
        [*manage, "check_eligibility", "-"],
        input='{"team": {"members": -3}}',
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "team.members" in bad.stderr
    assert bad.stdout.strip() == ""
