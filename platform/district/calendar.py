"""Working and non-working days: Russia's production calendar with the district's overrides.

The calendar of the `holidays` library (public holidays, the government's transfers of days
off, Saturdays made working days) answers first; a day in the district's `CalendarOverride`
table (a late decree, a regional holiday) wins over it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import holidays

from district.models import CalendarOverride


def non_working_days(days: Iterable[dt.date]) -> set[dt.date]:
    """Which of `days` are not working days (one query for the overrides)."""
    wanted = set(days)
    if not wanted:
        return set()
    russia = _russia(tuple(sorted({day.year for day in wanted})))
    overrides = dict(CalendarOverride.objects.filter(day__in=wanted).values_list("day", "is_working"))
    return {day for day in wanted if not overrides.get(day, russia.is_working_day(day))}


@functools.lru_cache(maxsize=32)
def _russia(years: tuple[int, ...]) -> holidays.HolidayBase:
    """The library's calendar of those years: fixed data, built once per process (a programme's page asks it
    on every request, issue 15)."""
    return holidays.country_holidays("RU", years=years)


def override_set(*, day: dt.date, is_working: bool, note: str) -> CalendarOverride:
    """The district corrects the production calendar for one day (a late decree, a regional holiday)."""
    override, _created = CalendarOverride.objects.update_or_create(
        day=day, defaults={"is_working": is_working, "note": note.strip()})
    return override


def override_remove(*, day: dt.date) -> None:
    CalendarOverride.objects.filter(day=day).delete()
