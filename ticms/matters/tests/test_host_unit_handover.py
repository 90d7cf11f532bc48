"""Who acts for a center after its host unit changes (第五条、第二十三条): the center's own staff
keep their access, the old host unit's people lose it unless they are center staff, the new host
unit's people gain it; reports and requests in flight stay with the center."""

from __future__ import annotations

import re

import pytest

from ticms.accounts import selectors as accounts
from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.reporting import services
from ticms.reporting.models import AnnualReportStatus
from ticms.testing import factories as f

from .conftest import filled_report
from .matters_helpers import act, change, to_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(world):
    """A draft report and an open change request, then an approved host-unit change."""
    old_host = world.nj.host_unit
    world.users["own_nj"] = f.center_user(old_host, center=world.nj, username="own_nj")
    world.users["new_host"] = f.center_user(
        f.OrganisationFactory(city=f.city("320100")), username="new_host_staff"
    )
    report = filled_report(world, year=2024)
    pending = change(world, kind="development_goals", proposed={"text": "新的发展目标"})
    request = change(
        world,
        kind="host_unit",
        proposed={"uscc": world.users["new_host"].organisation.uscc, "name": "新依托"},
    )
    to_province(world, request)
    return {"report": report, "pending": pending, "request": request, "old_host": old_host}


def pages(world, h):
    return [
        world.nj.get_absolute_url(),
        f"/reports/{h['report'].pk}/",
        f"/reports/{h['report'].pk}/edit/narrative/",
        f"/reports/changes/{h['pending'].pk}/",
        f"/reports/changes/{h['request'].pk}/",
        f"/reports/changes/history/{world.nj.pk}/",
    ]


def api_paths(world, h):
    return [
        f"/api/v1/centers/{world.nj.pk}",
        f"/api/v1/annual-reports/{h['report'].pk}",
        f"/api/v1/change-requests/{h['pending'].pk}",
        f"/api/v1/centers/{world.nj.pk}/record-versions",
    ]


def status_codes(client, user, paths):
    client.force_login(user)
    return {path: client.get(path).status_code for path in paths}


def test_approval_page_says_whose_access_changes(client, world, handover):
    bystander = f.center_user(handover["old_host"], username="old_host_clerk")
    client.force_login(world.users["province"])
    page = client.get(f"/reports/changes/{handover['request'].pk}/actions/approve/")
    assert page.status_code == 200
    html = page.content.decode()
    section = html[html.index('id="access-handover"') :]
    keep, lose, gain = re.findall(r"<dd[^>]*>(.*?)</dd>", section, re.S)[:3]
    assert "own_nj" in keep and "old_host_clerk" not in keep
    assert bystander.username in lose and world.users["staff_nj"].username in lose
    assert "own_nj" not in lose
    assert "new_host_staff" in gain


def test_handover_is_shown_to_the_province_only(client, world, handover):
    client.force_login(world.users["city_nj"])
    page = client.get(f"/reports/changes/{handover['request'].pk}/")
    assert page.status_code == 200 and 'id="access-handover"' not in page.content.decode()


def test_after_approval_access_follows_the_center_not_the_old_host(client, world, handover):
    h = handover
    act(world, "province", h["request"], "approve")
    world.nj.refresh_from_db()
    assert world.nj.host_unit == world.users["new_host"].organisation
    paths = pages(world, h)
    assert set(status_codes(client, world.users["own_nj"], paths).values()) == {200}
    assert set(status_codes(client, world.users["staff_nj"], paths).values()) == {404}
    # The new host unit acts for the center like any host unit, drafts included.
    assert set(status_codes(client, world.users["new_host"], paths).values()) == {200}
    api = api_paths(world, h)
    assert set(status_codes(client, world.users["own_nj"], api).values()) == {200}
    assert set(status_codes(client, world.users["staff_nj"], api).values()) == {404}
    assert set(status_codes(client, world.users["new_host"], api).values()) == {200}


def test_reports_and_requests_in_flight_stay_with_the_center(world, handover):
    h = handover
    act(world, "province", h["request"], "approve")
    own = world.users["own_nj"]
    report = services.annual_report_transition(actor=own, report_id=h["report"].pk, action="submit")
    assert report.status == AnnualReportStatus.SUBMITTED
    pending = act(world, "own_nj", h["pending"], "submit")
    assert pending.center_id == world.nj.pk and pending.status == "submitted"
    with pytest.raises(NotFound):
        services.annual_report_create(
            actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
        )


def test_next_actors_follow_the_center(world, handover):
    act(world, "province", handover["request"], "approve")
    world.nj.refresh_from_db()
    staff = set(accounts.center_staff(world.nj).values_list("username", flat=True))
    assert staff == {"own_nj", "new_host_staff"}


def test_notifications_after_the_change_reach_the_center_and_new_host(
    world, handover, django_capture_on_commit_callbacks
):
    from ticms.common.models import InboxItem

    act(world, "province", handover["request"], "approve")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "own_nj", handover["pending"], "submit")
        act(world, "city_nj", handover["pending"], "city_review", params={"opinion": "同意"})
        act(world, "province", handover["pending"], "approve")
    told = set(
        InboxItem.objects.filter(
            object_type="matters.changerequest", object_id=str(handover["pending"].pk)
        ).values_list("recipient__username", flat=True)
    )
    assert {"own_nj", "new_host_staff"} <= told
    assert world.users["staff_nj"].username not in told


def test_center_staff_bound_to_another_center_see_nothing_here(client, world):
    stranger = f.center_user(f.OrganisationFactory(), center=world.sz)
    assert set(status_codes(client, stranger, [world.nj.get_absolute_url()]).values()) == {404}
    assert status_codes(client, stranger, [world.sz.get_absolute_url()]) == {
        world.sz.get_absolute_url(): 200
    }


def test_only_center_role_users_may_be_bound_to_a_center(world):
    from ticms.accounts.services import user_create

    admin = f.UserFactory(role="sysadmin")
    with pytest.raises(ValidationFailed) as exc:
        user_create(
            actor=admin,
            username="cityx",
            password="a-long-pass-phrase-42",
            role="city",
            city=f.city("320100"),
            center=world.nj,
        )
    assert "center" in exc.value.errors
