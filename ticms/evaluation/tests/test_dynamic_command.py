"""python manage.py dynamic_management --history PATH|- | --center ID: JSON on standard output
and exit 0; malformed input exits 2 with a message naming the field."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ticms.evaluation.dynamic.source import set_evaluation_provider
from ticms.testing.factories import CenterFactory

KEYS = {"proposal", "rule", "article", "because"}


def run(path, monkeypatch=None, stdin=None) -> dict:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("dynamic_management", "--history", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == KEYS and result["article"] == "第二十五条"
    return result


def fails(path, monkeypatch=None, stdin=None) -> str:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("dynamic_management", "--history", str(path), stdout=out)
    assert info.value.returncode == 2
    assert out.getvalue() == ""
    return str(info.value)


def write(tmp_path, data) -> str:
    path = tmp_path / "history.json"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = {
    "evaluations": [
        {"campaign": "2027", "participated": True, "rating": "poor"},
        {"campaign": "2029", "participated": False, "valid_reason": True},
    ],
    "rectifications": [{"after_campaign": "2027", "passed": True}],
}


def test_reads_a_file(tmp_path):
    result = run(write(tmp_path, GOOD))
    assert result["proposal"] == "none" and result["rule"] == "A25.none.excused"


def test_reads_standard_input(monkeypatch):
    history = {"evaluations": [{"campaign": "2027", "participated": True, "rating": "good"}]}
    result = run("-", monkeypatch, json.dumps(history))
    assert result["proposal"] == "subsidy"


def test_an_empty_history_proposes_nothing(monkeypatch):
    result = run("-", monkeypatch, '{"evaluations": [], "rectifications": []}')
    assert result["proposal"] == "none"


def test_accepts_a_byte_order_mark(tmp_path):
    assert run(write(tmp_path, json.dumps(GOOD).encode("utf-8-sig")))["proposal"] == "none"


@pytest.mark.parametrize(
    "row,field,words",
    [
        (
            {"campaign": "2027", "participated": True, "rating": "great"},
            "evaluations[0].rating",
            "great",
        ),
        ({"campaign": "2027", "participated": True}, "evaluations[0].rating", "评级"),
        ({"participated": True, "rating": "good"}, "evaluations[0].campaign", "campaign"),
        ({"campaign": "2027", "rating": "good"}, "evaluations[0].participated", "participated"),
        (
            {"campaign": "2027", "participated": False},
            "evaluations[0].valid_reason",
            "valid_reason",
        ),
        (
            {"campaign": "2027", "participated": "yes", "rating": "good"},
            "evaluations[0].participated",
            "布尔",
        ),
        (
            {"campaign": "", "participated": True, "rating": "good"},
            "evaluations[0].campaign",
            "非空",
        ),
        (
            {"campaign": "2027", "participated": True, "rating": "good", "x": 1},
            "evaluations[0].x",
            "未知字段",
        ),
        (
            {"campaign": "2027", "participated": False, "valid_reason": True, "rating": "poor"},
            "evaluations[0].rating",
            "不能有评级",
        ),
        ("2027", "evaluations[0]", "对象"),
    ],
)
def test_a_malformed_evaluation_names_its_field(monkeypatch, row, field, words):
    message = fails("-", monkeypatch, json.dumps({"evaluations": [row], "rectifications": []}))
    assert message.startswith(field + ":") and words in message


def test_valid_reason_on_a_participated_evaluation_is_ignored_but_typed(monkeypatch):
    row = {"campaign": "2027", "participated": True, "rating": "good", "valid_reason": False}
    result = run("-", monkeypatch, json.dumps({"evaluations": [row]}))
    assert result["proposal"] == "subsidy"
    row["valid_reason"] = "no"
    message = fails("-", monkeypatch, json.dumps({"evaluations": [row]}))
    assert message.startswith("evaluations[0].valid_reason:")


def test_a_repeated_campaign_names_the_field(monkeypatch):
    rows = [
        {"campaign": "2027", "participated": True, "rating": "good"},
        {"campaign": "2027", "participated": True, "rating": "poor"},
    ]
    message = fails("-", monkeypatch, json.dumps({"evaluations": rows}))
    assert message.startswith("evaluations[1].campaign:") and "重复" in message


def test_a_campaign_written_as_a_number_is_the_same_campaign(monkeypatch):
    rows = [
        {"campaign": 2027, "participated": True, "rating": "good"},
        {"campaign": "2027", "participated": True, "rating": "poor"},
    ]
    assert "evaluations[1].campaign" in fails("-", monkeypatch, json.dumps({"evaluations": rows}))


@pytest.mark.parametrize(
    "rectification,words",
    [
        ({"after_campaign": "2031", "passed": True}, "不在 evaluations 中"),
        ({"after_campaign": "2029", "passed": True}, "未评为较差"),
    ],
)
def test_a_rectification_must_follow_a_listed_poor_evaluation(monkeypatch, rectification, words):
    history = {**GOOD, "rectifications": [rectification]}
    message = fails("-", monkeypatch, json.dumps(history))
    assert message.startswith("rectifications[0].after_campaign:") and words in message


def test_a_rectification_after_a_good_evaluation_is_refused(monkeypatch):
    # The example of issue 11 rectifies after an excellent evaluation: malformed.
    history = {
        "evaluations": [{"campaign": "2027", "participated": True, "rating": "excellent"}],
        "rectifications": [{"after_campaign": "2027", "passed": True}],
    }
    assert "rectifications[0].after_campaign" in fails("-", monkeypatch, json.dumps(history))


@pytest.mark.parametrize(
    "rectification,field",
    [
        ({"after_campaign": "2027"}, "rectifications[0].passed"),
        ({"passed": True}, "rectifications[0].after_campaign"),
        ({"after_campaign": "2027", "passed": "no"}, "rectifications[0].passed"),
    ],
)
def test_a_malformed_rectification_names_its_field(monkeypatch, rectification, field):
    history = {**GOOD, "rectifications": [rectification]}
    assert fails("-", monkeypatch, json.dumps(history)).startswith(field + ":")


@pytest.mark.parametrize(
    "text,field",
    [
        ("{}", "evaluations"),
        ('{"evaluations": {}}', "evaluations"),
        ('{"evaluations": [], "rectifications": 3}', "rectifications"),
        ('{"evaluations": [], "extra": 1}', "extra"),
        ("[]", "(root)"),
        ("{not json", "(root)"),
        ("", "(root)"),
        ('{"evaluations": [], "evaluations": []}', "(root)"),
    ],
)
def test_malformed_documents(monkeypatch, text, field):
    assert fails("-", monkeypatch, text).startswith(field + ":")


def test_every_problem_is_listed(monkeypatch):
    rows = [
        {"campaign": "2027", "participated": True, "rating": "bad"},
        {"campaign": "2029", "participated": False},
    ]
    message = fails("-", monkeypatch, json.dumps({"evaluations": rows}))
    assert "evaluations[0].rating" in message and "evaluations[1].valid_reason" in message


def test_a_missing_file_exits_2(tmp_path):
    assert "--history" in fails(tmp_path / "nope.json")


def test_not_utf8_exits_2(tmp_path):
    assert "UTF-8" in fails(write(tmp_path, '{"evaluations": []}'.encode("utf-16")))


def test_history_and_center_are_exclusive():
    with pytest.raises(CommandError):
        call_command("dynamic_management", "--history", "-", "--center", "1")
    with pytest.raises(CommandError):
        call_command("dynamic_management")


def _subprocess(*args, stdin=""):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ticms.settings_test"}
    return subprocess.run(
        [sys.executable, "manage.py", "dynamic_management", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=60,
    )


def test_exit_codes_of_the_real_process():
    ok = _subprocess("--history", "-", stdin=json.dumps(GOOD))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["proposal"] == "none"
    bad = _subprocess(
        "--history",
        "-",
        stdin='{"evaluations": [{"campaign": "2027", "participated": true, "rating": "fine"}]}',
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert "evaluations[0].rating" in bad.stderr


# --- --center ----------------------------------------------------------------------------------


@pytest.fixture
def provider():
    rows: dict[int, list[dict]] = {}
    previous = set_evaluation_provider(lambda center: rows.get(center.pk, []))
    yield rows
    set_evaluation_provider(previous)


def center_result(key) -> dict:
    out = io.StringIO()
    call_command("dynamic_management", "--center", str(key), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_center_reads_the_provider(provider):
    center = CenterFactory()
    provider[center.pk] = [
        {"campaign": "2027", "participated": True, "valid_reason": None, "rating": "poor"},
        {"campaign": "2029", "participated": True, "valid_reason": None, "rating": "poor"},
    ]
    result = center_result(center.pk)
    assert (result["proposal"], result["rule"]) == ("removal", "A25.removal.two_poor")
    assert center_result(center.code)["rule"] == "A25.removal.two_poor"


@pytest.mark.django_db
def test_center_without_evaluations_proposes_nothing():
    center = CenterFactory()
    assert center_result(center.pk)["proposal"] == "none"


@pytest.mark.django_db
def test_unknown_center_exits_2():
    with pytest.raises(CommandError) as info:
        center_result(999999)
    assert info.value.returncode == 2 and "--center" in str(info.value)


@pytest.mark.django_db
def test_malformed_provider_rows_exit_2(provider):
    center = CenterFactory()
    provider[center.pk] = [{"campaign": "2027", "participated": True, "rating": "meh"}]
    with pytest.raises(CommandError) as info:
        center_result(center.pk)
    assert info.value.returncode == 2 and "evaluations[0].rating" in str(info.value)
