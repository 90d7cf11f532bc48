"""Chinese working-day calendar: statutory holidays and the weekend days made workdays.

The State Council's yearly schedule comes from the `chinesecalendar` package; an admin's
CalendarOverride rows win over it (late announcements, local adjustments). For years the package
does not know yet, weekends are rest days and admins are warned to enter the schedule.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride

ONE_DAY = dt.timedelta(days=1)


def known_years() -> range:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


# A State Council schedule has some twenty dated entries; one stray correction is not one.
ENTERED_SCHEDULE_MIN = 10
# Until the year's schedule is entered: the holidays fixed by the calendar date (元旦, 劳动节,
# 国庆节). The lunar ones (春节, 清明, 端午, 中秋) and the swaps need the official notice.
FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}


def year_is_covered(year: int) -> bool:
    """True when the official schedule of `year` is known (package data or admin entries)."""
    if year in known_years():
        return True
    return CalendarOverride.objects.filter(date__year=year).count() >= ENTERED_SCHEDULE_MIN


class _Calendar:
    """Loads admin overrides one year at a time, so a long walk costs one query per year."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, bool]] = {}

    def _overrides(self, year: int) -> dict[dt.date, bool]:
        if year not in self._years:
            self._years[year] = dict(
                CalendarOverride.objects.filter(date__year=year).values_list("date", "is_workday")
            )
        return self._years[year]

    def is_workday(self, day: dt.date) -> bool:
        overrides = self._overrides(day.year)
        if day in overrides:
            return overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def is_workday(day: dt.date) -> bool:
    return _Calendar().is_workday(day)


def add_workdays(start: dt.date, workdays: int) -> dt.date:
    """The `workdays`-th working day after `start` (start itself not counted)."""
    if workdays < 0:
        raise ValueError("workdays must be non-negative")
    cal, day, counted = _Calendar(), start, 0
    while counted < workdays:
        day += ONE_DAY
        counted += cal.is_workday(day)
    return day


def period_end(start: dt.date, workdays: int) -> dt.date:
    """Last day of a period of `workdays` working days beginning on `start` (inclusive).

    A period that opens on a rest day starts counting on the next working day.
    """
    if workdays < 1:
        raise ValueError("a period has at least one working day")
    cal, day = _Calendar(), start
    counted = int(cal.is_workday(day))
    while counted < workdays:
        day += ONE_DAY
        counted += cal.is_workday(day)
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in [start, end], both inclusive; 0 when end precedes start."""
    cal, day, count = _Calendar(), start, 0
    while day <= end:
        count += cal.is_workday(day)
        day += ONE_DAY
    return count


HOLIDAY_NAMES = {
    "New Year's Day": _("元旦"),
    "Spring Festival": _("春节"),
    "Tomb-sweeping Day": _("清明节"),
    "Labour Day": _("劳动节"),
    "Dragon Boat Festival": _("端午节"),
    "Mid-autumn Festival": _("中秋节"),
    "National Day": _("国庆节"),
    "Anti-Fascist 70th Day": _("中国人民抗日战争暨世界反法西斯战争胜利纪念日"),
}


def special_days(year: int) -> list[dict]:
    """The days of `year` that break the Monday-to-Friday rhythm (holidays on weekdays,
    workdays on weekends), with their name and whether an admin entered them."""
    cal = _Calendar()
    overrides = cal._overrides(year)
    day, end, rows = dt.date(year, 1, 1), dt.date(year, 12, 31), []
    while day <= end:
        workday = cal.is_workday(day)
        if workday != (day.weekday() < 5) or day in overrides:
            try:
                _on_holiday, name = chinese_calendar.get_holiday_detail(day)
            except NotImplementedError:
                name = None
            rows.append(
                {
                    "date": day,
                    "is_workday": workday,
                    "name": HOLIDAY_NAMES.get(name, name) or "",
                    "override": day in overrides,
                }
            )
        day += ONE_DAY
    return rows
