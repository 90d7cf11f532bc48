import datetime as dt

import pytest

from ticms.common import workdays
from ticms.common.exceptions import PermissionDenied
from ticms.common.models import AuditEvent, CalendarOverride
from ticms.common.services import calendar_override_delete, calendar_override_set
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 10, 1), False),  # National Day
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday made a workday
        (D(2026, 9, 20), True),  # Sunday made a workday
        (D(2026, 2, 14), True),  # Saturday before the Spring Festival
        (D(2026, 2, 16), False),  # Spring Festival
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 11, 28), False),  # ordinary Saturday
        (D(2026, 11, 30), True),  # ordinary Monday
        (D(2025, 1, 26), True),  # Sunday made a workday in 2025
    ],
)
def test_official_schedule(day, expected):
    assert workdays.is_workday(day) is expected


def test_add_workdays_skips_the_national_day_week():
    # Tuesday 29 Sep 2026 + 3 working days: 30 Sep, then 8 and 9 Oct.
    assert workdays.add_workdays(D(2026, 9, 29), 3) == D(2026, 10, 9)
    assert workdays.add_workdays(D(2026, 9, 29), 0) == D(2026, 9, 29)
    with pytest.raises(ValueError):
        workdays.add_workdays(D(2026, 9, 29), -1)


def test_period_end_counts_the_start_day_when_it_is_a_workday():
    # A five-working-day notice from Monday 30 Nov 2026 ends on Friday 4 Dec.
    assert workdays.period_end(D(2026, 11, 30), 5) == D(2026, 12, 4)
    # From Saturday 28 Nov the count starts on Monday.
    assert workdays.period_end(D(2026, 11, 28), 5) == D(2026, 12, 4)
    # Across National Day: starts Wednesday 30 Sep, ends Friday 9 Oct (10 Oct is a workday too).
    assert workdays.period_end(D(2026, 9, 30), 3) == D(2026, 10, 9)
    with pytest.raises(ValueError):
        workdays.period_end(D(2026, 9, 30), 0)


def test_workdays_between_is_inclusive():
    assert workdays.workdays_between(D(2026, 11, 30), D(2026, 12, 4)) == 5
    assert workdays.workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert workdays.workdays_between(D(2026, 12, 4), D(2026, 11, 30)) == 0


def test_override_wins_over_the_official_schedule():
    admin = f.UserFactory(role="sysadmin")
    calendar_override_set(actor=admin, date=D(2026, 11, 30), is_workday=False, note="临时调整")
    assert not workdays.is_workday(D(2026, 11, 30))
    assert workdays.period_end(D(2026, 11, 30), 5) == D(2026, 12, 7)
    item = CalendarOverride.objects.get(date=D(2026, 11, 30))
    calendar_override_delete(actor=admin, override_id=item.pk)
    assert workdays.is_workday(D(2026, 11, 30))
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["calendar.override_set", "calendar.override_delete"]


def test_only_sysadmin_edits_the_calendar():
    with pytest.raises(PermissionDenied):
        calendar_override_set(actor=f.province_user(), date=D(2026, 12, 1), is_workday=False)
    assert not CalendarOverride.objects.exists()


def test_unknown_year_falls_back_to_weekends_and_is_flagged():
    year = max(workdays.known_years()) + 2
    assert not workdays.year_is_covered(year)
    saturday = next(D(year, 1, d) for d in range(1, 8) if D(year, 1, d).weekday() == 5)
    assert not workdays.is_workday(saturday)
    assert workdays.is_workday(saturday + dt.timedelta(days=2))
    assert not workdays.is_workday(D(year, 10, 1))  # fixed-date holidays are known anyway
    CalendarOverride.objects.create(date=D(year, 1, 2), is_workday=False, note="元旦调休")
    assert not workdays.year_is_covered(year)  # one correction is not a schedule
    for day in range(3, 12):
        CalendarOverride.objects.create(date=D(year, 2, day), is_workday=False, note="春节")
    assert workdays.year_is_covered(year)


def test_calendar_page(client):
    client.force_login(f.UserFactory(role="sysadmin"))
    response = client.post(
        "/system/calendar/", {"date": "2026-12-01", "is_workday": "0", "note": "测试"}
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get(date=D(2026, 12, 1)).is_workday is False
    response = client.post("/system/calendar/", {"date": "2026-13-01", "is_workday": "0"})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert client.get("/system/calendar/?year=abc").status_code == 200
    client.force_login(f.province_user())
    page = client.get("/system/calendar/?year=2026").content.decode()
    assert "测试" in page and "新增或修改调整" not in page
    client.force_login(f.city_user())
    assert client.get("/system/calendar/").status_code == 403


def test_special_days_list_the_official_schedule_and_overrides():
    rows = {r["date"]: r for r in workdays.special_days(2026)}
    national_day = rows[D(2026, 10, 1)]
    assert national_day["is_workday"] is False and str(national_day["name"]) == "国庆节"
    assert rows[D(2026, 10, 10)]["is_workday"] is True  # a Saturday made a workday
    assert D(2026, 11, 30) not in rows  # an ordinary Monday
    CalendarOverride.objects.create(date=D(2026, 11, 30), is_workday=False, note="x")
    assert workdays.special_days(2026)[-1]["override"] is True


def test_calendar_page_lists_days_and_refuses_odd_years(client):
    client.force_login(f.province_user())
    html = client.get("/system/calendar/?year=2026").content.decode()
    assert "国庆节" in html and "2026-10-10" in html
    response = client.get("/system/calendar/?year=1999", follow=True)
    assert "年份须在2000年至2100年之间" in response.content.decode()
