"""Request parameters shared by the API and the pages, validated into the store's filter objects.

Empty values mean "no filter" (HTML forms send ``country=`` for an empty field). Anything else that
does not parse is a 422 naming the parameter and what it expects.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from fastapi import HTTPException, Query

from ..model import PLOVER_CATEGORIES
from ..store.queries import ArticleFilter, EventFilter

MAX_OFFSET = 100_000  # deep OFFSET scans are slow; narrow the filters instead
TEXT = 200  # longest name/code a filter accepts


def page_param(default: int = 50):
    return Query(default, ge=1, le=200, description="page size (at most 200)")


def offset_param():
    return Query(0, ge=0, le=MAX_OFFSET, description=f"rows to skip (at most {MAX_OFFSET:,})")


class ParamError(ValueError):
    """A parameter that does not parse: a 422 in the API, an E010 on the command line."""


def _bad(name: str, expected: str, value: object) -> ParamError:
    return ParamError(f"parameter {name!r}: expected {expected}, got {str(value)[:80]!r}")


def event_filter(date_from: str | None = None, date_to: str | None = None, category: list[str] = (),
                 actor: str | None = None, recipient: str | None = None, country: list[str] = (),
                 bbox: str | None = None, historical: str | None = None, attributed_to: str | None = None,
                 place: str | None = None, source: str | None = None, q: str | None = None,
                 article_id: str | None = None) -> EventFilter:
    """The EventFilter for raw parameter strings (empty means unset); ParamError when one is invalid."""
    return EventFilter(
        date_from=_day("date_from", date_from), date_to=_day("date_to", date_to), category=_categories(list(category)),
        actor=(actor or "").strip() or None, recipient=(recipient or "").strip() or None,
        country=_countries(list(country)), bbox=_bbox(bbox), historical=_bool("historical", historical),
        attributed_to=(attributed_to or "").strip() or None, place=(place or "").strip() or None,
        source=(source or "").strip() or None, q=q if q and q.strip() else None, article_id=article_id or None)


def cli_event_filter(**options) -> EventFilter:
    """``event_filter`` for the command line: invalid values are DatelineError E010."""
    from ..errors import DatelineError

    try:
        return event_filter(**options)
    except ParamError as exc:
        raise DatelineError("E010", str(exc))


def _day(name: str, value: str | None) -> str | None:
    """A calendar day; a year (``2020``) or month (``2020-09``) is widened to its first or last day."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        raise _bad(name, "a date YYYY[-MM[-DD]]", value)
    y, mo, d = m.groups()
    last = name.endswith("_to")
    try:
        if d:
            return date(int(y), int(mo), int(d)).isoformat()
        if mo:
            import calendar

            month = int(mo)
            return date(int(y), month, calendar.monthrange(int(y), month)[1] if last else 1).isoformat()
        return f"{y}-12-31" if last else f"{y}-01-01"
    except ValueError:
        raise _bad(name, "a real calendar date", value)


def _upper_items(values: list[str]) -> list[str]:
    """Repeated and comma-separated query values, upper-cased, empties dropped."""
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def _categories(values: list[str]) -> list[str]:
    out = _upper_items(values)
    for c in out:
        if c not in PLOVER_CATEGORIES:
            raise _bad("category", "a PLOVER category (" + ", ".join(PLOVER_CATEGORIES) + ")", c)
    return out


def _countries(values: list[str]) -> list[str]:
    out = _upper_items(values)
    for c in out:
        if not re.fullmatch(r"[A-Z]{2}", c):
            raise _bad("country", "an ISO 3166-1 alpha-2 code such as AZ", c)
    return out


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        box = tuple(float(x) for x in value.split(","))
    except ValueError:
        raise _bad("bbox", "min_lon,min_lat,max_lon,max_lat", value)
    if len(box) != 4 or any(x != x for x in box):
        raise _bad("bbox", "min_lon,min_lat,max_lon,max_lat", value)
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _bad("bbox", "longitudes in [-180, 180] and min_lat <= max_lat in [-90, 90]", value)
    return box  # type: ignore[return-value]


def _bool(name: str, value: str | None) -> bool | None:
    if not value:
        return None
    v = value.strip().lower()
    if v in ("true", "1", "yes"):
        return True
    if v in ("false", "0", "no"):
        return False
    raise _bad(name, "true or false", value)


class EventParams:
    """The event filters as query parameters (``/api/events``, ``/api/stats``, ``/api/map``, ...)."""

    def __init__(
        self,
        date_from: Optional[str] = Query(None, max_length=10, description="events dated on or after (YYYY[-MM[-DD]])"),
        date_to: Optional[str] = Query(None, max_length=10, description="events dated on or before"),
        category: List[str] = Query([], description="PLOVER categories (repeat or comma-separate)"),
        actor: Optional[str] = Query(None, max_length=TEXT, description="actor code prefix (ARM, ARMMIL) or name"),
        recipient: Optional[str] = Query(None, max_length=TEXT, description="recipient code prefix or name"),
        country: List[str] = Query([], description="ISO2 country of the event's place (repeat or comma-separate)"),
        bbox: Optional[str] = Query(None, max_length=100, description="min_lon,min_lat,max_lon,max_lat"),
        historical: Optional[str] = Query(None, max_length=5, description="true or false"),
        attributed_to: Optional[str] = Query(None, max_length=TEXT,
                                             description="'source', 'quoted' or part of a speaker's name "
                                                         "(case-insensitive, as /api/quotes?speaker=)"),
        place: Optional[str] = Query(None, max_length=TEXT, description="place name"),
        source: Optional[str] = Query(None, max_length=TEXT, description="publisher of the article"),
        q: Optional[str] = Query(None, max_length=500, description="words in the article (full-text)"),
        article_id: Optional[str] = Query(None, max_length=100),
    ):
        if len(category) > 16 or len(country) > 50:
            raise HTTPException(422, "too many category or country values")
        try:
            self._filter = event_filter(date_from, date_to, category, actor, recipient, country, bbox, historical,
                                        attributed_to, place, source, q, article_id)
        except ParamError as exc:
            raise HTTPException(422, str(exc))
        # the values as typed, for refilling the form
        self.date_from, self.date_to = date_from or "", date_to or ""
        self.category, self.country = self._filter.category, self._filter.country
        self.actor, self.recipient = (actor or "").strip(), (recipient or "").strip()
        self.bbox, self.historical = bbox or "", historical or ""
        self.attributed_to, self.place = (attributed_to or "").strip(), (place or "").strip()
        self.source, self.q, self.article_id = (source or "").strip(), q or "", article_id or ""

    def filter(self) -> EventFilter:
        return self._filter


class ArticleParams:
    """Search and filters of ``/api/articles`` and the search page."""

    def __init__(
        self,
        q: Optional[str] = Query(None, max_length=500, description="words (all required; word* for a prefix)"),
        source: Optional[str] = Query(None, max_length=TEXT),
        published_from: Optional[str] = Query(None, max_length=10, description="YYYY[-MM[-DD]]"),
        published_to: Optional[str] = Query(None, max_length=10, description="YYYY[-MM[-DD]]"),
        category: Optional[str] = Query(None, max_length=20, description="has an event of this PLOVER category"),
        country: Optional[str] = Query(None, max_length=2, description="names a place in this ISO2 country"),
    ):
        try:
            cats = _categories([category or ""])
            countries = _countries([country or ""])
            self.q, self.source = q or "", (source or "").strip()
            self.published_from, self.published_to = published_from or "", published_to or ""
            self.category, self.country = (cats[0] if cats else ""), (countries[0] if countries else "")
            self._filter = ArticleFilter(
                q=q if q and q.strip() else None, source=self.source or None,
                published_from=_day("published_from", published_from),
                published_to=_day("published_to", published_to),
                category=self.category or None, country=self.country or None)
        except ParamError as exc:
            raise HTTPException(422, str(exc))

    def filter(self) -> ArticleFilter:
        return self._filter
