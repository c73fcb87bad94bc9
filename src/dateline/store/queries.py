"""The filtered read queries behind the API, the web pages and the exports.

Every value a user supplies reaches SQLite as a bound parameter; the only text spliced into SQL
is chosen from constants in this module (column names, bucket expressions). Full-text queries
are rebuilt from the user's words as quoted FTS5 phrases, so no input can be FTS5 syntax either.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterator

from ..model import Article

#: the end of the code-point range: ``code >= 'ARM' AND code < 'ARM' || MAX_CHAR`` is a prefix test
#: that can use the index (LIKE cannot, being case-insensitive by default).
MAX_CHAR = "\U0010ffff"
#: FTS5 snippet markers: private-use characters that cannot clash with article text in practice
#: and are stripped from it before display.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: each word a quoted phrase, all required.

    A trailing ``*`` keeps prefix search (``sanction*``). Quotes, operators, parentheses and
    column filters in the input are plain characters here, so no input can raise an FTS5 syntax
    error or change the query's structure. None when nothing searchable is left.
    """
    terms = []
    for word in re.findall(r"[\w*]+(?:['’.-][\w*]+)*", text):
        prefix = word.endswith("*")
        word = word.replace("*", "")
        if word:
            terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms[:32]) if terms else None


def name_pattern(part: str) -> str:
    """A LIKE pattern matching names containing ``part`` (SQLite's LIKE ignores ASCII case); the
    wildcards and the escape character in ``part`` are taken literally."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", part) + "%"


@dataclass
class EventFilter:
    """The filters of ``/api/events`` (also used by stats, map, network and exports)."""

    date_from: str | None = None  # ISO day: events whose date range overlaps [date_from, date_to]
    date_to: str | None = None
    category: list[str] = field(default_factory=list)
    actor: str | None = None  # actor code prefix (ARM matches ARMMIL) or exact entity name
    recipient: str | None = None
    country: list[str] = field(default_factory=list)  # ISO2 of the event's place
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    historical: bool | None = None
    attributed_to: str | None = None  # "source", "quoted" or part of a speaker's name (case-insensitive)
    place: str | None = None  # place name, case-insensitive
    source: str | None = None  # the article's publisher
    q: str | None = None  # full-text search over the articles' title and text
    article_id: str | None = None

    def joins_articles(self) -> bool:
        """Whether the conditions read the article (``a``): counts skip the join otherwise."""
        return bool(self.source) or self.q is not None

    def source_sql(self) -> str:
        """The FROM clause the conditions need."""
        return "events e JOIN articles a ON a.id = e.article_id" if self.joins_articles() else "events e"

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions over ``events e JOIN articles a`` and their parameters."""
        conds: list[str] = []
        params: list[Any] = []
        if self.date_from:
            conds.append("e.day_last >= ?")
            params.append(self.date_from)
        if self.date_to:
            conds.append("e.day_first <= ?")
            params.append(self.date_to)
        if self.category:
            conds.append(f"e.category IN ({', '.join('?' for _ in self.category)})")
            params.extend(self.category)
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                # a row-value IN lets SQLite drive the query from the event_actors code/name indexes
                conds.append("(e.article_id, e.id) IN (SELECT x.article_id, x.event_id FROM event_actors x "
                             "WHERE x.role = ? AND ((x.code >= ? AND x.code < ?) OR x.name = ? COLLATE NOCASE))")
                params.extend([role, value.upper(), value.upper() + MAX_CHAR, value])
        if self.country:
            conds.append(f"e.country IN ({', '.join('?' for _ in self.country)})")
            params.extend(self.country)
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            conds.append("e.lat BETWEEN ? AND ?")
            params.extend([min_lat, max_lat])
            if min_lon <= max_lon:
                conds.append("e.lon BETWEEN ? AND ?")
                params.extend([min_lon, max_lon])
            else:  # the box crosses the antimeridian
                conds.append("(e.lon >= ? OR e.lon <= ?)")
                params.extend([min_lon, max_lon])
        if self.historical is not None:
            conds.append("e.historical = ?")
            params.append(int(self.historical))
        if self.attributed_to:
            if self.attributed_to == "source":
                conds.append("e.attributed_to = 'source'")
            elif self.attributed_to == "quoted":
                conds.append("e.attributed_to != 'source'")
            else:
                # part of the name, as the quotes' speaker filter matches ("Sengendo")
                conds.append("e.attributed_name LIKE ? ESCAPE '\\'")
                params.append(name_pattern(self.attributed_to))
        if self.place:
            conds.append("e.place_name = ? COLLATE NOCASE")
            params.append(self.place)
        if self.source:
            conds.append("a.source = ? COLLATE NOCASE")
            params.append(self.source)
        if self.article_id:
            conds.append("e.article_id = ?")
            params.append(self.article_id)
        if self.q is not None:
            match = fts_query(self.q)
            conds.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
                         if match else "0")
            if match:
                params.append(match)
        return (" AND ".join(conds) or "1"), params


EVENT_COLUMNS = (
    "e.article_id, e.id, e.category, e.mode, e.contexts, e.actors, e.recipients, e.actor_codes, "
    "e.recipient_codes, e.date_value, e.date_begin, e.date_end, e.date_basis, e.day_first, e.day_last, "
    "e.place, e.place_name, e.country, e.lat, e.lon, e.attributed_to, e.attributed_name, e.evidence_start, "
    "e.evidence_end, e.evidence_text, e.cameo, e.historical, e.future, e.hypothetical, e.negated, "
    "a.title AS article_title, a.published AS article_published, a.source AS article_source")
_JSON_FIELDS = ("contexts", "actors", "recipients", "actor_codes", "recipient_codes")
_FLAGS = ("historical", "future", "hypothetical", "negated")


def _event_row(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    for k in _JSON_FIELDS:
        d[k] = json.loads(d[k]) if d[k] else []
    for k in _FLAGS:
        d[k] = bool(d[k])
    return d


def _participants(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Attach actor and recipient names/codes to each event row (one query per page)."""
    if not rows:
        return
    keys = {(r["article_id"], r["id"]) for r in rows}
    found: dict[tuple[str, str], dict[str, list]] = {k: {"actor": [], "recipient": []} for k in keys}
    article_ids = sorted({k[0] for k in keys})
    for chunk in range(0, len(article_ids), 500):
        ids = article_ids[chunk:chunk + 500]
        for x in conn.execute("SELECT article_id, event_id, role, entity_id, name, code FROM event_actors "
                              f"WHERE article_id IN ({', '.join('?' for _ in ids)}) ORDER BY rowid", ids):
            key = (x["article_id"], x["event_id"])
            if key in found:
                found[key][x["role"]].append({"id": x["entity_id"], "name": x["name"], "code": x["code"]})
    for r in rows:
        parts = found[(r["article_id"], r["id"])]
        r["actor_entities"], r["recipient_entities"] = parts["actor"], parts["recipient"]


def list_events(conn: sqlite3.Connection, f: EventFilter, limit: int, offset: int,
                count: bool = True) -> dict[str, Any]:
    """A page of events, newest event date first, with their article's title and source."""
    where, params = f.where()
    sql = (f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} "
           "ORDER BY e.day_first DESC, e.article_id, e.id LIMIT ? OFFSET ?")
    items = [_event_row(conn, r) for r in conn.execute(sql, [*params, limit, offset])]
    _participants(conn, items)
    total = None
    if count:
        total = conn.execute(f"SELECT count(*) FROM {f.source_sql()} WHERE {where}", params).fetchone()[0]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def iter_events(conn: sqlite3.Connection, f: EventFilter, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching event in a stable order, for exports (keyset pagination: constant memory)."""
    where, params = f.where()
    last = ("", "")
    while True:
        rows = [_event_row(conn, r) for r in conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE {where} AND (e.article_id, e.id) > (?, ?) ORDER BY e.article_id, e.id LIMIT ?",
            [*params, *last, batch])]
        if not rows:
            return
        _participants(conn, rows)
        yield from rows
        last = (rows[-1]["article_id"], rows[-1]["id"])


@dataclass
class ArticleFilter:
    """The filters of ``/api/articles``."""

    q: str | None = None
    source: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    category: str | None = None  # has at least one event of this category
    country: str | None = None  # mentions a place in this country

    def where(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        if self.source:
            conds.append("a.source = ? COLLATE NOCASE")
            params.append(self.source)
        if self.published_from:
            conds.append("a.published >= ?")
            params.append(self.published_from)
        if self.published_to:  # "2021-04-08" must include "2021-04-08T12:01"
            conds.append("a.published < ?")
            params.append(self.published_to + MAX_CHAR)
        if self.category:
            conds.append("EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND e.category = ?)")
            params.append(self.category)
        if self.country:
            conds.append("EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND p.country = ?)")
            params.append(self.country)
        return (" AND ".join(conds) or "1"), params


def search_articles(conn: sqlite3.Connection, f: ArticleFilter, limit: int, offset: int) -> dict[str, Any]:
    """Articles matching the filters: by relevance when searching, else newest first, with snippets."""
    where, params = f.where()
    cols = ("a.id, a.title, a.published, a.source, a.url, a.origin, a.dateline_text, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events")
    match = fts_query(f.q) if f.q is not None else None
    if f.q is not None and match is None:
        return {"items": [], "total": 0, "limit": limit, "offset": offset}
    if match:
        snippet = f"snippet(articles_fts, 1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 24)"
        base = (f"FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND {where}")
        rows = conn.execute(f"SELECT {cols}, {snippet} AS snippet {base} ORDER BY rank LIMIT ? OFFSET ?",
                            [match, *params, limit, offset])
        total = conn.execute(f"SELECT count(*) {base}", [match, *params]).fetchone()[0]
    else:
        base = f"FROM articles a WHERE {where}"
        rows = conn.execute(f"SELECT {cols}, substr(a.text, 1, 240) AS snippet {base} "
                            "ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?", [*params, limit, offset])
        total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    items = []
    for r in rows:
        d = dict(r)
        d["snippet_parts"] = split_hits(d["snippet"] or "")
        d["snippet"] = d["snippet"].replace(HIT_OPEN, "").replace(HIT_CLOSE, "") if d["snippet"] else ""
        items.append(d)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def split_hits(snippet: str) -> list[dict[str, Any]]:
    """A snippet as [{text, hit}] runs, so pages mark hits without trusting any markup."""
    parts = []
    for i, chunk in enumerate(re.split(f"[{HIT_OPEN}{HIT_CLOSE}]", snippet)):
        if chunk:
            parts.append({"text": chunk, "hit": i % 2 == 1})
    return parts


def list_quotes(conn: sqlite3.Connection, speaker: str | None, q: str | None, limit: int, offset: int,
                article_id: str | None = None) -> dict[str, Any]:
    """Quotes by speaker name (substring, case-insensitive) and/or words in the quoted text."""
    conds, params = [], []
    if speaker:
        conds.append("qu.speaker_name LIKE ? ESCAPE '\\'")
        params.append(name_pattern(speaker))
    if article_id:
        conds.append("qu.article_id = ?")
        params.append(article_id)
    if q is not None:
        match = fts_query(q)
        if match is None:
            return {"items": [], "total": 0, "limit": limit, "offset": offset}
        conds.append("qu.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(match)
    where = " AND ".join(conds) or "1"
    base = f"FROM quotes qu JOIN articles a ON a.id = qu.article_id WHERE {where}"
    rows = conn.execute(
        "SELECT qu.article_id, qu.id, qu.text, qu.start, qu.\"end\", qu.kind, qu.cue, qu.speaker, qu.speaker_name, "
        f"a.title AS article_title, a.published AS article_published, a.source AS article_source {base} "
        "ORDER BY a.published DESC, qu.article_id, qu.start LIMIT ? OFFSET ?", [*params, limit, offset])
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    return {"items": [dict(r) for r in rows], "total": total, "limit": limit, "offset": offset}


def entity_detail(conn: sqlite3.Connection, article: Article, entity_id: str) -> dict[str, Any] | None:
    """One entity of one article: its mentions, the events it takes part in or reports, its quotes,
    and the other articles naming an entity of the same name."""
    entity = article.entity(entity_id)
    if entity is None:
        return None
    events = [ev for ev in article.events
              if entity_id in ev.actors or entity_id in ev.recipients or ev.attributed_to == entity_id]
    roles = {ev.id: [r for r, ids in (("actor", ev.actors), ("recipient", ev.recipients)) if entity_id in ids]
             + (["attributed_to"] if ev.attributed_to == entity_id else []) for ev in events}
    elsewhere = conn.execute(
        "SELECT en.article_id, en.id AS entity_id, a.title, a.published FROM entities en "
        "JOIN articles a ON a.id = en.article_id WHERE en.name = ? COLLATE NOCASE AND en.article_id != ? "
        "ORDER BY a.published DESC LIMIT 20", (entity.name, article.id)).fetchall()
    return {
        "article_id": article.id,
        "entity": _asdict(entity),
        "mentions": [_asdict(m) for m in entity.mentions],
        "events": [_asdict(ev) | {"roles": roles[ev.id]} for ev in events],
        "quotes": [_asdict(q) for q in article.quotes if q.speaker == entity_id],
        "places": [_asdict(p) for p in article.places if p.entity == entity_id],
        "elsewhere": [dict(r) for r in elsewhere],
    }


def _asdict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(obj)


BUCKETS = ("day", "week", "month", "year")
GAP_DAYS = 180  # an empty stretch longer than this breaks the timeline axis (1994 … 2021)
MAX_SEGMENTS = 6


def choose_bucket(first: str | None, last: str | None) -> str:
    """Day bars up to ~4 months, weeks up to ~3 years, then months, then years: about 20–200 bars."""
    if not first or not last:
        return "day"
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if span <= 120 else "week" if span <= 3 * 365 else "month" if span <= 15 * 365 else "year"


def bucket_start(day: str, bucket: str) -> str:
    d = date.fromisoformat(day)
    if bucket == "week":
        d -= timedelta(days=d.weekday())
    elif bucket == "month":
        d = d.replace(day=1)
    elif bucket == "year":
        d = d.replace(month=1, day=1)
    return d.isoformat()


def precision_bucket(span_days: float | None) -> str:
    """The finest bucket an event date covering ``span_days`` (last day - first day) supports: a
    date given as a year ("1988") spans 364-365 days, a month 27-30, a week 6; anything shorter is
    a day. Below those spans the bar would claim a precision the text never gave."""
    if span_days is None:
        return "day"
    return "year" if span_days >= 364 else "month" if span_days >= 27 else "week" if span_days >= 6 else "day"


def timeline_segments(rows: list[tuple], bucket: str = "auto") -> list[dict[str, Any]]:
    """Group day counts into axis segments separated by long empty stretches, each with its own bucket.

    Historical events sit on their real dates: an article of 2021 recalling a 1994 ceasefire gives
    a 1994 segment and a 2021 segment instead of one axis on which both collapse to a bar each.
    ``rows`` are (day, category, historical, n) sorted by day, optionally with a fifth item, the
    shortest span in days of those events' dates. With it, in ``auto`` mode a segment's bucket is
    never finer than its most precise event (:func:`precision_bucket`): a segment holding only
    "1988" is drawn per year, not as a bar on 1988-01-01 per day.
    """
    days = sorted({r[0] for r in rows})
    if not days:
        return []
    gaps = sorted(((date.fromisoformat(b) - date.fromisoformat(a)).days, i + 1)
                  for i, (a, b) in enumerate(zip(days, days[1:])))
    cuts = sorted(i for gap, i in gaps[::-1][:MAX_SEGMENTS - 1] if gap > GAP_DAYS)
    bounds = [0, *cuts, len(days)]
    segments = []
    for lo, hi in zip(bounds, bounds[1:]):
        first, last = days[lo], days[hi - 1]
        b = bucket if bucket in BUCKETS else choose_bucket(first, last)
        inside = [r for r in rows if first <= r[0] <= last]
        if bucket not in BUCKETS and all(len(r) > 4 for r in inside):
            finest = min(BUCKETS.index(precision_bucket(r[4])) for r in inside)
            b = BUCKETS[max(BUCKETS.index(b), finest)]
        counts: dict[tuple[str, str, bool], int] = {}
        for day, category, historical, n, *_ in inside:
            key = (bucket_start(day, b), category, bool(historical))
            counts[key] = counts.get(key, 0) + n
        segments.append({"first": first, "last": last, "bucket": b,
                         "rows": [{"bucket": k[0], "category": k[1], "historical": k[2], "n": n}
                                  for k, n in sorted(counts.items())]})
    return segments


def stats(conn: sqlite3.Connection, f: EventFilter, bucket: str = "auto") -> dict[str, Any]:
    """Counts for the timeline and the summary: events per bucket × category × historical in axis
    segments, per category, per country and per day."""
    where, params = f.where()
    base = f"FROM {f.source_sql()} WHERE {where}"
    day_rows = [tuple(r) for r in conn.execute(
        # the shortest date span per group (julianday only for the few multi-day dates): same plan,
        # the covering indexes hold day_last
        f"SELECT e.day_first, e.category, e.historical, count(*), min(CASE WHEN e.day_last = e.day_first "
        f"THEN 0 ELSE julianday(e.day_last) - julianday(e.day_first) END) {base} AND e.day_first IS NOT NULL "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)]
    by_category = {r[0]: r[1] for r in conn.execute(
        f"SELECT e.category, count(*) {base} GROUP BY 1 ORDER BY 2 DESC", params)}
    by_country = {r[0]: r[1] for r in conn.execute(
        f"SELECT e.country, count(*) {base} AND e.country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 300",
        params)}
    by_day: dict[str, int] = {}
    for day, _, _, n, _ in day_rows:
        by_day[day] = by_day.get(day, 0) + n
    total = sum(by_category.values())
    return {"total": total, "undated": total - sum(by_day.values()),
            "first_day": day_rows[0][0] if day_rows else None, "last_day": day_rows[-1][0] if day_rows else None,
            "segments": timeline_segments(day_rows, bucket), "by_day": by_day, "by_category": by_category,
            "by_country": by_country}


def map_points(conn: sqlite3.Connection, f: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
    """Events grouped by place, with their categories, for the map."""
    where, params = f.where()
    points: dict[tuple, dict[str, Any]] = {}
    for r in conn.execute(
            "SELECT e.lat, e.lon, e.place_name, e.country, e.category, count(*) AS n "
            f"FROM {f.source_sql()} WHERE {where} AND e.lat IS NOT NULL "
            "AND e.lon IS NOT NULL GROUP BY 1, 2, 3, 4, 5", params):
        key = (r["lat"], r["lon"], r["place_name"], r["country"])
        p = points.setdefault(key, {"lat": r["lat"], "lon": r["lon"], "place": r["place_name"],
                                    "country": r["country"], "n": 0, "categories": {}})
        p["n"] += r["n"]
        p["categories"][r["category"]] = r["n"]
    return sorted(points.values(), key=lambda p: -p["n"])[:limit]


def network(conn: sqlite3.Connection, f: EventFilter, limit: int = 150) -> dict[str, Any]:
    """Who acts on whom: edges (actor → recipient, category, count) between actor codes, or names
    where an entity has no code, with the nodes they join."""
    where, params = f.where()
    rows = conn.execute(
        "SELECT coalesce(x.code, x.name) AS source, coalesce(y.code, y.name) AS target, e.category, count(*) AS n "
        f"FROM {f.source_sql()} "
        "JOIN event_actors x ON x.article_id = e.article_id AND x.event_id = e.id AND x.role = 'actor' "
        "JOIN event_actors y ON y.article_id = e.article_id AND y.event_id = e.id AND y.role = 'recipient' "
        f"WHERE {where} AND coalesce(x.code, x.name) IS NOT NULL AND coalesce(y.code, y.name) IS NOT NULL "
        "GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT ?", [*params, limit]).fetchall()
    edges = [dict(r) for r in rows]
    degree: dict[str, int] = {}
    for e in edges:
        degree[e["source"]] = degree.get(e["source"], 0) + e["n"]
        degree[e["target"]] = degree.get(e["target"], 0) + e["n"]
    nodes = [{"id": k, "n": v} for k, v in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges}


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Values offered in the explorer's filter menus."""
    return {
        "sources": [r[0] for r in conn.execute(
            "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY count(*) DESC LIMIT 100")],
        "countries": [r[0] for r in conn.execute(
            "SELECT country FROM events WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 250")],
    }
