"""The audit log and timelines show each change as a label and a plain value: never a stored
code, a Python dict or list, or True/False (issue 9 §5)."""

import re

import pytest
from django.test import Client
from django.utils import translation

from ticms.common.audit import audit_record
from ticms.common.audit_display import change_rows
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\bTrue\b|\bFalse\b|[{}\[\]]|\b[a-z]+_[a-z_]+\b")


def rows(object_type, before, after, language="zh-hans"):
    event = AuditEvent(object_type=object_type, before=before, after=after)
    with translation.override(language):
        return [tuple(str(part) for part in row) for row in change_rows(event)]


def assert_plain(result):
    for row in result:
        for part in row:
            assert not RAW.search(part), row


def test_booleans_choices_and_times_in_words():
    result = rows(
        "centers.center",
        {"executive_director_full_time": False, "status": "constructing"},
        {"executive_director_full_time": True, "status": "operating"},
    )
    assert ("执行主任全职", "否", "是") in result
    assert ("状态", "建设中", "运行中") in result
    assert rows("centers.center", {}, {"status": "operating"}, "en") == [
        ("Status", "—", "Operating")
    ]


def test_report_figures_by_their_labels_only_those_that_changed():
    before = {"people": {"core_rd": {"members": 44, "full_time": 35}}}
    after = {"people": {"core_rd": {"members": 48, "full_time": 35}}}
    result = rows("reporting.annualreport", {"figures": before}, {"figures": after})
    assert result == [("人员情况 · 核心技术研发团队 · 团队成员", "44", "48")]
    assert_plain(rows("reporting.annualreport", {"figures": {}}, {"figures": after}, "en"))


def test_many_changed_figures_end_with_a_count_of_the_rest():
    after = {
        "people": {
            team: {"members": 10, "full_time": 5, "rd_staff": 4, "qualified_rd": 3, "doctorate": 1}
            for team in ("core_rd", "tech_support", "transfer")
        }
    }
    result = rows("reporting.annualreport", {}, {"figures": after})
    assert len(result) == 12  # 15 figures changed: 11 shown, then the count of the other 4
    assert result[-1] == ("其余统计数据", "…", "另有 4 项已修改")


def test_a_guides_required_materials_by_their_names():
    result = rows(
        "establishment.guide",
        {},
        {"required_materials": ["co_building_agreement", "credit_commitment"]},
        "en",
    )
    assert result == [
        ("Required attachments", "—", "Co-building agreement, Research integrity commitment")
    ]


def test_a_change_requests_proposal_in_words():
    proposed = {
        "person_id": 7,
        "name": "Zhou Mingyuan",
        "id_masked": "320***********0128",
        "full_time": True,
    }
    (row,) = rows("reporting.changerequest", {}, {"proposed": proposed}, "en")
    assert row[2] == (
        "Proposed: Zhou Mingyuan (320***********0128); "
        "Proposed executive director is full-time: Yes"
    )
    (row,) = rows("reporting.changerequest", {}, {"proposed": proposed})
    assert row[2] == "拟任：Zhou Mingyuan（320***********0128）；拟任执行主任全职：是"
    co_builders = {"add": [{"name": "Acme", "uscc": "X1", "kind": "enterprise"}], "remove": []}
    assert_plain(rows("reporting.changerequest", {}, {"proposed": co_builders}, "en"))


def test_an_eligibility_verdict_by_its_label():
    assert rows("establishment.application", {}, {"eligibility_verdict": "eligible"}, "en") == [
        ("Eligibility check conclusion", "—", "Meets the establishment conditions")
    ]


def test_long_texts_audited_by_length_say_so():
    assert rows("establishment.application", {"plan_model": 0}, {"plan_model": 51}, "en") == [
        ("Structure", "0 characters", "51 characters")
    ]


def test_undescribed_structured_values_say_that_they_changed():
    result = rows("regulation.ruleset", {"thresholds": {}}, {"thresholds": {"a_b": 1}}, "en")
    assert result == [("Thresholds", "—", "Changed")]


def test_the_audit_filter_offers_actions_by_label_never_by_code():
    province = f.province_user()
    org = f.OrganisationFactory()
    for action in ("organisation.create", "admin.change", "annual_report.file"):
        audit_record(actor=province, action=action, obj=org)
    client = Client()
    client.force_login(province)
    client.cookies["django_language"] = "en"
    page = client.get("/system/audit/").content.decode()
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", page)
    assert ("organisation.create", "Register an organisation") in options
    assert all(code not in label for code, label in options if code)
    assert re.search(r'<optgroup label="Organisation', page)


def _admin_changes(actor, n):
    from ticms.catalog.models import IndustryField

    fields = list(IndustryField.objects.filter(parent__isnull=False)[:n])
    parents = list(IndustryField.objects.filter(parent__isnull=True))
    for field, parent in zip(fields, parents, strict=False):
        audit_record(
            actor=actor,
            action="admin.change",
            obj=field,
            before={"parent_id": field.parent_id},
            after={"parent_id": parent.pk},
        )


def _audit_page(client):
    return client.get("/system/audit/").content.decode()


def test_a_foreign_key_the_admin_changed_shows_the_record_not_its_id():
    province = f.province_user()
    _admin_changes(province, 1)
    client = Client()
    client.force_login(province)
    client.cookies["django_language"] = "en"
    page = _audit_page(client)
    assert "Parent field: New-generation information technology → " in page
    event = AuditEvent.objects.get(action="admin.change")
    with translation.override("en"):
        (row,) = change_rows(event)
    assert row == ("Parent field", "New-generation information technology", row[2])
    assert not row[2].isdigit()


def test_the_audit_log_looks_the_records_up_once_per_page():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    province = f.province_user()
    client = Client()
    client.force_login(province)
    _admin_changes(province, 1)
    with CaptureQueriesContext(connection) as one:
        _audit_page(client)
    _admin_changes(province, 8)
    with CaptureQueriesContext(connection) as nine:
        _audit_page(client)
    assert len(nine) == len(one)


def test_transition_labels_name_their_audit_events():
    from ticms.centers.workflow import CENTER_WORKFLOW
    from ticms.common.labels import action_label

    for t in CENTER_WORKFLOW.transitions:
        assert action_label(f"center.{t.action}") == t.label
