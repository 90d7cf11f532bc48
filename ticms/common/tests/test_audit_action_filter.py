"""The audit page's action filter is read from a small table of the actions the chain holds,
caught up from the events written since the last look, never by a DISTINCT over every event
(issue 10)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.common.audit import audit_record
from ticms.common.models import AuditAction, AuditActionScan
from ticms.common.selectors import audit_actions
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def offered(groups) -> set[str]:
    return {action for _group, actions in groups for action, _label in actions}


def test_new_actions_appear_and_only_new_events_are_read():
    province = f.province_user()
    org = f.OrganisationFactory()
    audit_record(actor=province, action="organisation.create", obj=org)
    assert offered(audit_actions()) == {"organisation.create"}
    for _ in range(3):
        audit_record(actor=province, action="organisation.update", obj=org)
    with CaptureQueriesContext(connection) as ctx:
        assert offered(audit_actions()) == {"organisation.create", "organisation.update"}
    scans = [q["sql"] for q in ctx.captured_queries if "common_auditevent" in q["sql"]]
    assert len(scans) == 1 and '"seq" >' in scans[0]
    assert AuditActionScan.objects.get().last_seq == 4
    assert AuditAction.objects.count() == 2


def test_nothing_new_reads_no_event_at_all():
    province = f.province_user()
    audit_record(actor=province, action="organisation.create", obj=f.OrganisationFactory())
    audit_actions()
    with CaptureQueriesContext(connection) as ctx:
        assert offered(audit_actions()) == {"organisation.create"}
    assert not [q for q in ctx.captured_queries if "common_auditevent" in q["sql"]]


def test_empty_chain_offers_nothing():
    assert audit_actions() == []


def test_the_audit_page_filters_by_an_action_found_after_the_first_view(client):
    province = f.province_user()
    sysadmin = f.role_user("sysadmin")
    org = f.OrganisationFactory(name="单位甲")
    audit_record(actor=province, action="organisation.create", obj=org)
    client.force_login(province)
    assert client.get("/system/audit/").status_code == 200
    audit_record(actor=province, action="organisation.update", obj=org)
    page = client.get("/system/audit/", {"action": "organisation.update"})
    assert page.status_code == 200
    assert 'value="organisation.update" selected' in page.content.decode()
    del sysadmin


def test_unfiltered_pages_are_cut_by_seq_first_and_last(client, settings):
    province = f.province_user()
    org = f.OrganisationFactory()
    for i in range(120):
        audit_record(actor=province, action="organisation.update", obj=org, after={"n": i})
    client.force_login(province)
    client.get("/system/audit/")  # catch the action filter up
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/system/audit/").content.decode()
    assert "共 120 条事件" in first and "第 1 / 3 页" in first
    assert not [
        q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "auditevent" in q["sql"]
    ]
    assert not [q for q in ctx.captured_queries if "OFFSET" in q["sql"].upper()]
    assert "<td>120</td>" in first and "<td>71</td>" in first and "<td>70</td>" not in first
    last = client.get("/system/audit/", {"page": 3}).content.decode()
    assert "<td>20</td>" in last and "<td>1</td>" in last and "<td>21</td>" not in last
    # A filter still counts what it matches.
    only = client.get("/system/audit/", {"action": "organisation.update", "page": 3})
    assert "共 120 条事件" in only.content.decode()
