"""Calendar arithmetic on TIMEX3 values: shifting by units, and the interval a value denotes.

Values follow TIMEX3 / ISO 8601: ``2021-04-08``, ``2020-11``, ``2020``, ``199`` (a decade), ``19`` (a
century), ``2020-Q3``, ``2020-H1``, ``2020-W14``, ``2020-W14-WE``, ``2020-SU``, ``2021-04-08TNI``,
``2021-04-08T12:01``. ``interval(value, mod)`` gives the first and last ISO day; a START/MID/END mod
keeps the first, middle or last third of that interval in the value's natural sub-unit (days of a
month, months of a year, years of a decade), so "late Sept." is the 21st to the 30th.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}  # meteorological seasons

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")
_PART = re.compile(r"^(\d{4})-(Q|H)(\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")


def last_day(year: int, month: int) -> int:
    return _cal.monthrange(year, month)[1]


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def shift(anchor: dt.date, unit: str, n: int) -> str | None:
    """The TIMEX3 value n units from anchor, at that unit's granularity ("last week" → ``2021-W13``)."""
    if unit == "D":
        return (anchor + dt.timedelta(days=n)).isoformat()
    if unit == "W":
        return week_value(anchor + dt.timedelta(weeks=n))
    if unit == "M":
        y, m = add_months(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Q":
        y, q = divmod(anchor.year * 4 + quarter_of(anchor) - 1 + n, 4)
        return f"{y:04d}-Q{q + 1}"
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "DE":
        return f"{anchor.year // 10 + n:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + n:02d}"
    return None


def shift_back_date(anchor: dt.date, unit: str, n: float) -> dt.date:
    """The day n units before anchor (for "the past two months" and "two years ago")."""
    days = {"D": 1, "W": 7, "M": 30.44, "Q": 91.3, "Y": 365.25, "DE": 3652.5, "CE": 36525}.get(unit, 0)
    if unit in ("M", "Q", "Y", "DE", "CE") and float(n).is_integer():
        months = int(n) * {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit]
        y, m = add_months(anchor.year, anchor.month, -months)
        return dt.date(y, m, min(anchor.day, last_day(y, m)))
    return anchor - dt.timedelta(days=round(days * n))


def _third(first: dt.date, last: dt.date, mod: str, sub: str) -> tuple[dt.date, dt.date]:
    """First, middle or last third of [first, last], cut on the natural sub-unit."""
    if sub == "month":  # a year (or longer run of months): thirds of the months
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        a, b = {"START": (0, months // 3), "MID": (months // 3, 2 * months // 3),
                "END": (2 * months // 3, months)}[mod]
        y1, m1 = add_months(first.year, first.month, a)
        y2, m2 = add_months(first.year, first.month, b - 1)
        return dt.date(y1, m1, 1), dt.date(y2, m2, last_day(y2, m2))
    if sub == "year":
        years = last.year - first.year + 1
        a, b = {"START": (0, round(years * 0.4)), "MID": (round(years * 0.4), round(years * 0.7)),
                "END": (round(years * 0.7), years)}[mod]  # decades: 0-3, 4-6, 7-9
        return dt.date(first.year + a, 1, 1), dt.date(first.year + b - 1, 12, 31)
    days = (last - first).days + 1
    if sub == "monthdays" and days >= 28:  # months: 1-10, 11-20, 21-end
        cuts = {"START": (1, 10), "MID": (11, 20), "END": (21, last.day)}[mod]
        return first.replace(day=cuts[0]), first.replace(day=cuts[1])
    a, b = {"START": (0, days // 3), "MID": (days // 3, 2 * days // 3), "END": (2 * days // 3, days)}[mod]
    return first + dt.timedelta(days=a), first + dt.timedelta(days=max(a, b - 1))


def interval(value: str | None, mod: str | None = None) -> tuple[str | None, str | None]:
    """(first ISO day, last ISO day) of the interval a DATE/TIME value denotes, or (None, None)."""
    if not value:
        return None, None
    span = _span(value)
    if span is None:
        return None, None
    first, last, sub = span
    if mod in ("START", "MID", "END") and last > first:
        first, last = _third(first, last, mod, sub)
    return first.isoformat(), last.isoformat()


def _span(value: str) -> tuple[dt.date, dt.date, str] | None:
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, "day"
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, last_day(y, mo)), "monthdays"
        if m := _YEAR.match(value):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "month"
        if m := _PART.match(value):
            y, n = int(m[1]), int(m[3])
            size = 3 if m[2] == "Q" else 6
            first_m = (n - 1) * size + 1
            last_m = first_m + size - 1
            if last_m > 12:
                return None
            return dt.date(y, first_m, 1), dt.date(y, last_m, last_day(y, last_m)), "month"
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "day"
            return monday, monday + dt.timedelta(days=6), "day"
        if m := _SEASON.match(value):
            y = int(m[1])
            a, b = SEASON_MONTHS[m[2]]
            y2 = y + 1 if b < a else y
            return dt.date(y, a, 1), dt.date(y2, b, last_day(y2, b)), "month"
        if m := _DECADE.match(value):
            d = int(m[1]) * 10
            return dt.date(max(d, 1), 1, 1), dt.date(d + 9, 12, 31), "year"
        if m := _CENTURY.match(value):
            c = int(m[1]) * 100
            return dt.date(max(c, 1), 1, 1), dt.date(c + 99, 12, 31), "year"
    except ValueError:
        return None
    return None


def nth_weekday(year: int, month: int, nth: str, weekday: int) -> dt.date | None:
    """The nth (1-5, or "L" for last) ISO weekday (1=Monday) of a month: Thanksgiving is (11, 4, 4)."""
    days = [dt.date(year, month, d) for d in range(1, last_day(year, month) + 1)
            if dt.date(year, month, d).isoweekday() == weekday]
    if nth == "L":
        return days[-1]
    k = int(nth)
    return days[k - 1] if 0 < k <= len(days) else None
