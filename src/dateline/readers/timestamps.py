"""Publication timestamps from whatever a source writes to one form: ISO 8601 with the zone kept.

``2023-04-28T17:40:08Z`` → ``2023-04-28T17:40:08+00:00``; ``Mon, 26 Feb 2024 10:00:00 GMT`` →
``2024-02-26T10:00:00+00:00``; ``1714291200`` (epoch) → UTC; a bare date stays a bare date.
A time without a zone stays without one: inventing UTC would shift events across midnight.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

# a news article dated before this is a parsing accident (a copyright year, a founding date)
MIN_YEAR = 1900


def _fmt(d: dt.datetime, has_time: bool, seconds: bool = True) -> str:
    """ISO form at the precision the source gave: date, minutes or seconds."""
    if not has_time:
        return d.date().isoformat()
    return d.isoformat(timespec="seconds" if seconds or d.second else "minutes")


def _sane(d: dt.datetime) -> bool:
    return MIN_YEAR <= d.year <= dt.date.today().year + 1


def normalise_datetime(value: object) -> str | None:
    """ISO 8601 (``YYYY-MM-DD[THH:MM[:SS][±HH:MM]]``) or None when the value is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        secs = float(value) / (1000 if value > 1e11 else 1)  # milliseconds since the epoch
        try:
            d = dt.datetime.fromtimestamp(secs, dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _fmt(d, True) if _sane(d) else None
    s = str(value).strip()
    if re.fullmatch(r"\d{9,13}", s):
        return normalise_datetime(int(s))
    iso = re.sub(r"(?<=\d)Z$", "+00:00", s.replace(" UTC", "+00:00").replace(" GMT", "+00:00"))
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)  # +0000 → +00:00
    iso = re.sub(r"^(\d{4}-\d{2}-\d{2}) (\d)", r"\1T\2", iso)
    try:
        d = dt.datetime.fromisoformat(iso)
        has_time = "T" in iso or ":" in iso
        return _fmt(d, has_time, bool(re.search(r"\d:\d\d:\d\d", s))) if _sane(d) else None
    except ValueError:
        pass
    m = re.match(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$", s)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        d = email.utils.parsedate_to_datetime(s)
        return _fmt(d, True) if d and _sane(d) else None
    except (TypeError, ValueError, IndexError):
        pass
    try:  # last resort: "April 8, 2021 12:01 PM EDT" and the like
        import dateparser

        d = dateparser.parse(s, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                                          "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return None
    if d is None or not _sane(d):
        return None
    has_time = bool(re.search(r"\d:\d\d", s))
    return _fmt(d, has_time, bool(re.search(r"\d:\d\d:\d\d", s)))
