"""Exports: round trips (Parquet and CSV equal the store, JSONL equals the contract), PLOVER and
GDELT shapes, filters, and the command line."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Article
from dateline.store import Store
from dateline.store.export import GDELT_COLUMNS, QUAD, TABLES, export, table_rows
from dateline.store.queries import EventFilter

from .test_web_corpus import corpus, hostile_article


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "e.db"
    s = Store(db)
    for a in [*corpus(30), hostile_article()]:
        s.add(a)
    yield s
    s.close()


def _store_events(conn: sqlite3.Connection) -> dict[tuple[str, str], sqlite3.Row]:
    return {(r["article_id"], r["id"]): r for r in conn.execute("SELECT * FROM events")}


def test_parquet_round_trip_equals_store(store, tmp_path):
    import pyarrow.parquet as pq

    counts = export(store.conn, "parquet", tmp_path / "pq")
    tables = {t: pq.read_table(tmp_path / "pq" / f"{t}.parquet").to_pylist() for t in TABLES}
    assert {t: len(rows) for t, rows in tables.items()} == counts
    assert counts["articles"] == store.counts()["articles"] and counts["events"] == store.counts()["events"]
    assert tables == table_rows(store.conn, EventFilter())  # exactly what was written, types included
    stored = _store_events(store.conn)
    for e in tables["events"]:
        s = stored[(e["article_id"], e["id"])]
        assert (e["category"], e["evidence"], e["evidence_start"], e["lat"], e["historical"]) == (
            s["category"], s["evidence_text"], s["evidence_start"], s["lat"], bool(s["historical"]))
    texts = {r["id"]: r["text"] for r in store.conn.execute("SELECT id, text FROM articles")}
    assert {a["id"]: a["text"] for a in tables["articles"]} == texts
    q = {(r["article_id"], r["id"]): r["text"] for r in store.conn.execute("SELECT * FROM quotes")}
    assert {(r["article_id"], r["id"]): r["text"] for r in tables["quotes"]} == q


def test_parquet_keeps_schema_when_empty(store, tmp_path):
    import pyarrow.parquet as pq

    counts = export(store.conn, "parquet", tmp_path / "none", EventFilter(actor="NOBODY"))
    assert set(counts.values()) == {0}
    schema = pq.read_schema(tmp_path / "none" / "events.parquet")
    assert "category" in schema.names and str(schema.field("lat").type) == "double"


def test_csv_tables(store, tmp_path):
    counts = export(store.conn, "csv", tmp_path / "csv", EventFilter(category=["ASSAULT"]))
    with open(tmp_path / "csv" / "events.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == counts["events"] > 0 and {r["category"] for r in rows} == {"ASSAULT"}
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8") as fh:
        arts = {r["id"] for r in csv.DictReader(fh)}
    assert arts == {r["article_id"] for r in rows}  # articles are those holding a matching event


def test_jsonl_is_the_contract(store, tmp_path):
    out = tmp_path / "a.jsonl"
    export(store.conn, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == store.counts()["articles"]
    for line in lines:
        a = Article.from_json(line)
        assert store.get(a.id).to_dict() == a.to_dict()


def test_plover_records(store, tmp_path):
    out = tmp_path / "p.jsonl"
    counts = export(store.conn, "plover", out, EventFilter(country=["AZ"]))
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == counts["events"] > 0
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        for field in ("id", "date", "actor", "event"):  # required by the manual's Data Fields table
            assert field in r
        assert len(r["date"]) == 10 and r["event"][0] in QUAD and r["quad_code"] == QUAD[r["event"][0]]
        assert all(len(a.get("code", "XXX")) == 3 for a in r["actor"] + r["recipient"])
        assert r["event_loc"]["country_code"] == "AZE"
        assert r["text_info"]["end"] > r["text_info"]["start"]
    assert any(a.get("sector") == "MIL" for r in recs for a in r["actor"])


def test_gdelt_tsv(store, tmp_path):
    out = tmp_path / "g.tsv"
    counts = export(store.conn, "gdelt", out, EventFilter(historical=False))
    lines = out.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split("\t"), [x.split("\t") for x in lines[1:]]
    assert header == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert len(rows) == counts["events"] > 0 and all(len(r) == 61 for r in rows)
    col = {name: i for i, name in enumerate(header)}
    for r in rows:
        assert r[col["Day"]].startswith("2021") and r[col["QuadClass"]] in "1234"
        assert r[col["ActionGeo_CountryCode"]] in ("AJ", "AM", "UP", "RS", "US", "")  # FIPS, not ISO
    assert len({r[0] for r in rows}) == len(rows)


def test_export_command(store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli.tsv"
    r = runner.invoke(app, ["export", "--db", str(store.path), "--format", "gdelt", "--out", str(out),
                            "--category", "AID", "--from", "2021-03"])
    assert r.exit_code == 0, r.output
    assert len(out.read_text().splitlines()) > 1
    bad = runner.invoke(app, ["export", "--db", str(store.path), "--format", "xml", "--out", str(out)])
    assert bad.exit_code == 1 and "E010" in bad.output
    bad = runner.invoke(app, ["export", "--db", str(store.path), "--format", "csv", "--out", str(out),
                              "--country", "Azerbaijan"])
    assert bad.exit_code == 1 and "country" in bad.output
