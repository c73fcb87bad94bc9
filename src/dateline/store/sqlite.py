"""The embedded store: SQLite in WAL mode, one writer, many readers.

Every article is written in one transaction (the article row and all its entities, mentions,
places, times, quotes and events), so a crash leaves whole articles or none. The schema is created
and migrated by ``MIGRATIONS``; ``schema_version`` records what has been applied.
"""

from __future__ import annotations

import calendar
import json
import re
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

from ..errors import DatelineError
from ..model import Article

MIGRATIONS: list[str] = [
    # 1: the contract tables
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, title TEXT, published TEXT, updated TEXT, source TEXT, url TEXT,
        language TEXT, analysed INTEGER, origin TEXT, dateline_text TEXT, dateline_place TEXT,
        dateline_date TEXT, authors TEXT, text TEXT NOT NULL, json TEXT NOT NULL, ingested_at REAL
    );
    CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, id TEXT NOT NULL,
        name TEXT, type TEXT, title TEXT, affiliation TEXT, actor_code TEXT, actor_sector TEXT,
        PRIMARY KEY (article_id, id)
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
        start INTEGER, "end" INTEGER, text TEXT
    );
    CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, id TEXT NOT NULL,
        name TEXT, geonames_id INTEGER, country TEXT, feature TEXT, lat REAL, lon REAL,
        PRIMARY KEY (article_id, id)
    );
    CREATE TABLE times (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, id TEXT NOT NULL,
        text TEXT, start INTEGER, "end" INTEGER, type TEXT, value TEXT, begin TEXT, end_value TEXT,
        PRIMARY KEY (article_id, id)
    );
    CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, id TEXT NOT NULL,
        text TEXT, start INTEGER, "end" INTEGER, kind TEXT, cue TEXT, speaker TEXT, speaker_name TEXT,
        PRIMARY KEY (article_id, id)
    );
    CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, id TEXT NOT NULL,
        category TEXT, mode TEXT, contexts TEXT, actors TEXT, recipients TEXT,
        actor_codes TEXT, recipient_codes TEXT,
        date_value TEXT, date_begin TEXT, date_end TEXT, date_basis TEXT,
        place TEXT, place_name TEXT, country TEXT, lat REAL, lon REAL,
        attributed_to TEXT, evidence_start INTEGER, evidence_end INTEGER, evidence_text TEXT,
        cameo TEXT, historical INTEGER, future INTEGER, hypothetical INTEGER, negated INTEGER,
        PRIMARY KEY (article_id, id)
    );
    CREATE TABLE errors (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT, code TEXT, message TEXT, detail TEXT, at REAL
    );
    CREATE INDEX mentions_entity ON mentions(article_id, entity_id);
    """,
    # 2: search and filter support. Events get normalised day bounds (the event's own date, not the
    # article's), the speaker's name when attributed, and one row per actor/recipient in
    # event_actors so actor-code filters use an index instead of scanning JSON.
    """
    ALTER TABLE events ADD COLUMN day_first TEXT;
    ALTER TABLE events ADD COLUMN day_last TEXT;
    ALTER TABLE events ADD COLUMN attributed_name TEXT;
    CREATE TABLE event_actors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
        role TEXT NOT NULL, entity_id TEXT, name TEXT, code TEXT
    );
    CREATE INDEX event_actors_event ON event_actors(article_id, event_id, role);
    CREATE INDEX event_actors_code ON event_actors(code, role);
    CREATE INDEX event_actors_name ON event_actors(name COLLATE NOCASE, role);
    CREATE INDEX events_day ON events(day_first, day_last);
    CREATE INDEX events_category ON events(category, day_first);
    CREATE INDEX events_country ON events(country, day_first);
    CREATE INDEX events_place ON events(place_name COLLATE NOCASE);
    CREATE INDEX events_lat ON events(lat, lon);
    CREATE INDEX events_attributed ON events(attributed_name COLLATE NOCASE);
    CREATE INDEX events_historical ON events(historical, day_first);
    CREATE INDEX articles_source ON articles(source COLLATE NOCASE, published);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX quotes_speaker ON quotes(speaker_name COLLATE NOCASE);
    CREATE INDEX entities_code ON entities(actor_code);
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
    CREATE INDEX places_country ON places(country);
    CREATE INDEX places_name ON places(name COLLATE NOCASE);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER quotes_fts_au AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
    """,
    # 3: fill migration 2's derived columns for articles stored before it (Python: needs JSON)
    lambda conn: _backfill_derived(conn),
    # 4: covering indexes for the common two-filter event queries (category or country with a
    # date range): counts are answered from the index alone, without reading event rows
    """
    DROP INDEX events_category;
    DROP INDEX events_country;
    CREATE INDEX events_category ON events(category, day_first, day_last);
    CREATE INDEX events_category_country ON events(category, country, day_first, day_last);
    CREATE INDEX events_country ON events(country, day_first, day_last, category);
    ANALYZE;
    """,
    # 5: Entity.group (a plural actor: "experts", "Republicans") as a column. ADD COLUMN with a
    # constant default rewrites no row, so an old database opens at once; its entities then take
    # the flag from the article JSON stored with them, so they read exactly as a fresh ingest's.
    """
    ALTER TABLE entities ADD COLUMN "group" INTEGER NOT NULL DEFAULT 0;
    UPDATE entities SET "group" = 1 WHERE (article_id, id) IN (
        SELECT a.id, json_extract(j.value, '$.id') FROM articles a, json_each(a.json, '$.entities') j
        WHERE json_extract(j.value, '$.group') = 1);
    """,
    # 6: Entity.source (what decided the type: "model", "gazetteer:countries", "rule:...") and
    # Entity.role (a person known only by role: "Armenia's PM") as columns, filled for stored
    # articles from their JSON like migration 5. The JSON is read once (MATERIALIZED) and each value
    # finds its row by the primary key: left to itself the planner re-read an article's JSON for
    # every one of its entities (13 s instead of 2.6 s on 114,326 entities). Only entities with a
    # value are touched (JSON written before these fields existed has neither: NULL and 0).
    # No index: a handful of distinct sources and a 0/1 flag select too large a share to use one,
    # and every index is paid by the single writer on each entity.
    """
    ALTER TABLE entities ADD COLUMN source TEXT;
    ALTER TABLE entities ADD COLUMN role INTEGER NOT NULL DEFAULT 0;
    WITH x AS MATERIALIZED (
        SELECT a.id AS article_id, json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.source') AS source,
               coalesce(json_extract(j.value, '$.role'), 0) AS role
        FROM articles a, json_each(a.json, '$.entities') j
        WHERE json_extract(j.value, '$.source') IS NOT NULL OR json_extract(j.value, '$.role') = 1)
    UPDATE entities SET source = x.source, role = x.role FROM x
    WHERE entities.article_id = x.article_id AND entities.id = x.id;
    """,
]

FTS_TABLES = ("articles_fts", "quotes_fts")


def _connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False,
                               timeout=30)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.row_factory = sqlite3.Row
    return conn


class Store:
    """A dateline database. Open with ``readonly=True`` for the server's readers."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise DatelineError("E011", f"no database at {self.path}")
        try:
            self.conn = _connect(self.path, readonly)
            if not readonly:
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise DatelineError("E011", f"{self.path}: {exc}") from exc

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)
        except sqlite3.OperationalError:
            return 0

    def migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at REAL)")
        current = self.schema_version()
        for version, script in enumerate(MIGRATIONS, 1):
            if version <= current:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if callable(script):
                    script(self.conn)
                else:
                    for statement in _statements(script):
                        self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, time.time()))
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def vacuum(self) -> None:
        """Compact the file. VACUUM may renumber the rowids the FTS indexes point at: rebuild them."""
        self.conn.execute("VACUUM")
        for table in FTS_TABLES:
            self.conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")

    def size_bytes(self) -> int:
        """Bytes on disk: the database file with its WAL and shared-memory files."""
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())

    # -- writing --------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(self, article: Article) -> bool:
        """Store one article with all its rows in one transaction. False if already stored."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self.has(article.id):
                self.conn.execute("ROLLBACK")
                return False
            self.insert_packed(packed_rows(article))
            self.conn.execute("COMMIT")
            return True
        except Exception:
            self.conn.execute("ROLLBACK")
            raise

    def insert_packed(self, packed: Packed) -> None:
        """Insert one article's packed rows (inside the caller's transaction)."""
        for table, (cols, values) in packed.items():
            sql = _INSERT_SQL.get((table, cols))
            if sql is None:
                sql = _INSERT_SQL[(table, cols)] = (f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) "
                                                    f"VALUES ({', '.join('?' for _ in cols)})")
            self.conn.executemany(sql, values)

    def add_error(self, error: DatelineError) -> None:
        self.conn.execute("INSERT INTO errors (origin, code, message, detail, at) VALUES (?, ?, ?, ?, ?)",
                          (error.source, error.code, error.message, error.detail, time.time()))

    # -- reading --------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ["articles", "entities", "mentions", "places", "times", "quotes", "events", "errors"]
        if self.schema_version() >= 2:
            tables.append("event_actors")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_json(row[0]) if row else None

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, published, source, url, origin, dateline_text, substr(text, 1, 300) AS snippet "
            "FROM articles ORDER BY published DESC, id LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]

    def iter_articles(self) -> Iterator[Article]:
        for row in self.conn.execute("SELECT json FROM articles ORDER BY rowid"):
            yield Article.from_json(row[0])


def _q(name: str) -> str:
    return f'"{name}"'


# table -> (column names, one tuple per row); only tables with rows are present. Workers build these,
# so the single writer only inserts them (see dateline.scale.rows).
Packed = dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]
_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}  # statement text per table and column list


def packed_rows(a: Article) -> Packed:
    """The store's rows of one article, as column names plus value tuples per table."""
    out: Packed = {}
    for table, rows in article_rows(a).items():
        if rows:
            cols = tuple(rows[0])
            out[table] = (cols, [tuple(r[c] for c in cols) for r in rows])
    return out


def article_rows(a: Article) -> dict[str, list[dict[str, Any]]]:
    """The relational rows of one article, table by table."""
    m = a.article
    dl = m.dateline
    codes = {e.id: (e.actor.code if e.actor else None) for e in a.entities}
    places = {p.id: p for p in a.places}
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{
            "id": a.id, "title": m.title, "published": m.published, "updated": m.updated, "source": m.source,
            "url": m.url, "language": m.language, "analysed": int(m.analysed), "origin": m.origin,
            "dateline_text": dl.text if dl else None, "dateline_place": dl.place if dl else None,
            "dateline_date": dl.date if dl else None, "authors": json.dumps(m.authors, ensure_ascii=False),
            "text": a.text, "json": a.to_json(), "ingested_at": time.time()}],
        "entities": [{"article_id": a.id, "id": e.id, "name": e.name, "type": e.type, "title": e.title,
                      "affiliation": e.affiliation, "actor_code": e.actor.code if e.actor else None,
                      "actor_sector": e.actor.sector if e.actor else None, "group": int(e.group),
                      "source": e.source, "role": int(e.role)}
                     for e in a.entities],
        "mentions": [{"article_id": a.id, "entity_id": e.id, "start": mm.start, "end": mm.end, "text": mm.text}
                     for e in a.entities for mm in e.mentions],
        "places": [{"article_id": a.id, "id": p.id, "name": p.name, "geonames_id": p.geonames_id,
                    "country": p.country, "feature": p.feature, "lat": p.lat, "lon": p.lon} for p in a.places],
        "times": [{"article_id": a.id, "id": t.id, "text": t.text, "start": t.start, "end": t.end, "type": t.type,
                   "value": t.value, "begin": t.begin, "end_value": t.end_value} for t in a.times],
        "quotes": [{"article_id": a.id, "id": q.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                    "cue": q.cue.text if q.cue else None, "speaker": q.speaker, "speaker_name": q.speaker_name}
                   for q in a.quotes],
        "events": [],
    }
    for e in a.events:
        place = places.get(e.place) if e.place else None
        rows["events"].append({
            "article_id": a.id, "id": e.id, "category": e.category, "mode": e.mode,
            "contexts": json.dumps(e.contexts), "actors": json.dumps(e.actors), "recipients": json.dumps(e.recipients),
            "actor_codes": json.dumps([codes.get(x) for x in e.actors if codes.get(x)]),
            "recipient_codes": json.dumps([codes.get(x) for x in e.recipients if codes.get(x)]),
            "date_value": e.date.value, "date_begin": e.date.begin, "date_end": e.date.end,
            "date_basis": e.date.basis, "place": e.place, "place_name": place.name if place else None,
            "country": place.country if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None, "attributed_to": e.attributed_to,
            "evidence_start": e.evidence.start, "evidence_end": e.evidence.end, "evidence_text": e.evidence.text,
            "cameo": e.cameo, "historical": int(e.flags.historical), "future": int(e.flags.future),
            "hypothetical": int(e.flags.hypothetical), "negated": int(e.flags.negated)})
    _add_derived(rows, a)
    return rows


def _add_derived(rows: dict[str, list[dict[str, Any]]], a: Article) -> None:
    """Migration 2's columns: normalised event days, speaker names and one row per event participant."""
    names = {e.id: e.name for e in a.entities}
    codes = {e.id: (e.actor.code if e.actor else None) for e in a.entities}
    rows["event_actors"] = []
    for row, e in zip(rows["events"], a.events):
        row["day_first"], row["day_last"] = day_bounds(e.date.value, e.date.begin, e.date.end)
        row["attributed_name"] = names.get(e.attributed_to) if e.attributed_to != "source" else None
        for role, ids in (("actor", e.actors), ("recipient", e.recipients)):
            rows["event_actors"].extend({"article_id": a.id, "event_id": e.id, "role": role, "entity_id": x,
                                         "name": names.get(x), "code": codes.get(x)} for x in ids)


def _backfill_derived(conn: sqlite3.Connection) -> None:
    for (doc,) in conn.execute("SELECT json FROM articles WHERE id IN (SELECT DISTINCT article_id FROM events)"
                               ).fetchall():
        a = Article.from_json(doc)
        rows: dict[str, list[dict[str, Any]]] = {"events": [{} for _ in a.events]}
        _add_derived(rows, a)
        for row, e in zip(rows["events"], a.events):
            conn.execute("UPDATE events SET day_first = ?, day_last = ?, attributed_name = ? "
                         "WHERE article_id = ? AND id = ?",
                         (row["day_first"], row["day_last"], row["attributed_name"], a.id, e.id))
        conn.executemany("INSERT INTO event_actors (article_id, event_id, role, entity_id, name, code) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(r["article_id"], r["event_id"], r["role"], r["entity_id"], r["name"], r["code"])
                          for r in rows["event_actors"]])


def _statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (trigger bodies hold semicolons of their own)."""
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                yield buf
            buf = ""
    if buf.strip(" \n;"):
        yield buf


_DATE = re.compile(r"^(\d{2}[\dX]{2})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q([1-4])|-(SP|SU|FA|AU|WI|H[12]))?(?:T.*)?$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14),
                  "H1": (1, 6), "H2": (7, 12)}


def _interval(value: str | None) -> tuple[date, date] | None:
    """First and last day denoted by an ISO/TIMEX3 calendar value; None for PAST_REF, P3D and the like."""
    if not value:
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    year, month, day, week, quarter, season = m.groups()
    y0, y1 = int(year.replace("X", "0")), int(year.replace("X", "9"))
    try:
        if day:
            d = date(y0, int(month), int(day))
            return d, d
        if month:
            m0 = int(month)
            return date(y0, m0, 1), date(y0, m0, calendar.monthrange(y0, m0)[1])
        if week:
            first = date.fromisocalendar(y0, int(week), 1)
            return first, first + timedelta(days=6)
        if quarter or season:
            a, b = ((int(quarter) - 1) * 3 + 1, int(quarter) * 3) if quarter else _SEASON_MONTHS[season]
            y_end, b = (y0 + 1, b - 12) if b > 12 else (y0, b)
            return date(y0, a, 1), date(y_end, b, calendar.monthrange(y_end, b)[1])
        return date(y0, 1, 1), date(y1, 12, 31)
    except ValueError:
        return None


def day_bounds(value: str | None, begin: str | None = None, end: str | None = None) -> tuple[str | None, str | None]:
    """The (first, last) ISO day an event date covers, for range filters that test overlap.

    ``begin``/``end`` win over ``value`` when given; a lone bound is widened by ``value`` or kept as a
    one-sided range. Values that are not calendar dates (``PAST_REF``, durations) give (None, None):
    such events match no date filter rather than a wrong one.
    """
    whole = _interval(value)
    lo = _interval(begin) or whole
    hi = _interval(end) or whole or lo
    if lo is None and hi is None:
        return None, None
    first = (lo or hi)[0]
    last = (hi or lo)[1]
    if last < first:
        first, last = last, first
    return first.isoformat(), last.isoformat()
