"""seed_scale builds a valid province at any size: every lifecycle state, headquarters with
branches, reports only for owed years (some overdue), valid codes, hashed ID numbers, an intact
audit chain of the requested length, the benchmark's accounts with their scopes and inboxes."""

import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

import ticms.urls  # noqa: F401 — registers every message id the inbox items use
from ticms.accounts import uscc
from ticms.accounts.models import Organisation, Person, Role, User
from ticms.centers.models import Center, CenterStatus
from ticms.common.audit import verify_chain
from ticms.common.messages import MESSAGES
from ticms.common.models import AuditChainHead, InboxItem
from ticms.matters.models import ChangeRequest
from ticms.reporting.checks import part_findings
from ticms.reporting.deadlines import overdue_reports, owes_report, reporting_centers
from ticms.reporting.models import AnnualReport
from ticms.reviews.models import ACTIVE_ASSIGNMENT_STATUSES, Assignment
from ticms.testing.factories import CenterFactory

pytestmark = pytest.mark.django_db

YEARS = 3
EVENTS = 600


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_scale runs on development and benchmark machines only


@pytest.fixture
def province(settings):
    first = timezone.localdate().year - YEARS + 1
    # The data set's ten (here three) years are all years TICMS takes reports for.
    settings.TICMS = {**settings.TICMS, "ANNUAL_REPORTS_FROM": first}
    call_command("seed_scale", centers=30, years=YEARS, audit_events=EVENTS, seed=7)
    return first


def test_every_state_headquarters_and_an_intact_chain(province):
    statuses = set(Center.objects.values_list("status", flat=True))
    assert statuses == set(CenterStatus.values)
    heads = Center.objects.filter(branches__isnull=False).distinct()
    assert heads.exists()
    for branch in Center.objects.filter(headquarters__isnull=False):
        assert branch.headquarters.headquarters_id is None  # no branch of a branch (第五条)
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked == EVENTS == AuditChainHead.objects.get().last_seq


def test_reports_only_for_owed_years_and_some_overdue(province):
    today = timezone.localdate()
    reports = AnnualReport.objects.select_related("center")
    assert reports.exists()
    for report in reports:
        assert province <= report.year <= today.year
        assert owes_report(report.center, report.year), report
        assert report.center.status != CenterStatus.CULTIVATING
        # A part never exceeds its total: the errors that stop a save never fire.
        assert not part_findings(report.figures), report
        assert report.targets.count() == report.center.contract.targets.count() > 0
    # Every reporting center with a contract; centers never owe before construction starts.
    assert not AnnualReport.objects.filter(center__contract__isnull=True).exists()
    assert overdue_reports(reporting_centers(), today=today)
    assert {r.status for r in reports if r.year < today.year - 1} == {"filed"}


def test_codes_valid_and_no_clear_id_numbers(province):
    for code in Organisation.objects.values_list("uscc", flat=True):
        assert uscc.problem(code) is None, code
    masked = re.compile(r"^\d{3}\*{11}[\dX]{4}$")
    for digest, shown in Person.objects.values_list("id_hash", "id_masked"):
        assert re.fullmatch(r"[0-9a-f]{64}", digest) and masked.match(shown), shown
    for proposed in ChangeRequest.objects.values_list("proposed", flat=True):
        assert "id_number" not in proposed


def test_benchmark_accounts_scopes_and_inboxes(province):
    users = {u.username: u for u in User.objects.filter(username__startswith="scale-")}
    assert {n: u.role for n, u in users.items()} == {
        "scale-province": Role.PROVINCE,
        "scale-city": Role.CITY,
        "scale-center": Role.CENTER,
        "scale-expert": Role.EXPERT,
        "scale-cobuilder": Role.CO_BUILDER,
        "scale-admin": Role.SYSADMIN,
    }
    assert not any(u.has_usable_password() for u in users.values())
    busiest = Counter(Center.objects.values_list("city_id", flat=True)).most_common(1)[0][1]
    assert Center.objects.filter(city_id=users["scale-city"].city_id).count() == busiest
    center = users["scale-center"].center
    assert center.branches.exists()
    years = set(center.annual_reports.values_list("year", flat=True))
    assert years == set(range(province, timezone.localdate().year + 1))
    assert center.co_builders.filter(organisation=users["scale-cobuilder"].organisation).exists()
    assert Assignment.objects.filter(
        expert__user=users["scale-expert"], status__in=ACTIVE_ASSIGNMENT_STATUSES
    ).exists()
    for name in ("scale-province", "scale-city", "scale-center", "scale-expert"):
        assert InboxItem.objects.filter(
            recipient=users[name], kind="todo", done_at__isnull=True
        ).exists(), name
    assert InboxItem.objects.filter(recipient=users["scale-cobuilder"], kind="notice").exists()
    for item in InboxItem.objects.all():
        assert item.title_data[0] in MESSAGES and "%(" not in item.title, item.title_data

    client = Client()
    for name, urls in (
        ("scale-province", ("/workbench/", "/centers/", "/reports/")),
        ("scale-city", ("/workbench/", "/centers/", "/reports/")),
        ("scale-center", ("/workbench/", "/reports/")),
        ("scale-expert", ("/workbench/",)),
    ):
        client.force_login(users[name])
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", centers=30, years=YEARS)
    assert not Center.objects.exists() and not User.objects.exists()


def test_refuses_a_database_with_centers():
    CenterFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_scale", centers=30, years=YEARS)
    assert Center.objects.count() == 1


def test_the_audit_filter_is_caught_up_by_the_load(province):
    from ticms.common.models import AuditAction, AuditActionScan, AuditChainHead

    assert AuditActionScan.objects.get().last_seq == AuditChainHead.objects.get().last_seq
    assert AuditAction.objects.filter(action__startswith="annual_report.").exists()


def test_the_loaded_events_are_found_by_the_audit_search_and_new_ones_too(province):
    from ticms.common.audit import audit_record
    from ticms.common.models import AuditEvent
    from ticms.common.selectors import audit_events

    # SQLite builds its search index once after the load; every loaded event is in it.
    sample = AuditEvent.objects.exclude(object_repr="").order_by("?").first()
    words = sample.object_repr[:6]
    expected = AuditEvent.objects.filter(object_repr__icontains=words).count()
    assert audit_events(q=words).count() == expected > 0
    # ...and the trigger is back for the events written after it.
    org = Organisation.objects.first()
    org.name = "加载之后新建的单位"
    event = audit_record(actor=None, action="test.after_load", obj=org, after={})
    assert list(audit_events(q="加载之后新建").values_list("pk", flat=True)) == [event.pk]
