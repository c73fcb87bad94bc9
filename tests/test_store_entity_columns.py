"""Entity.source (what decided the type) and Entity.role (a person known only by role) as columns
wherever entities are tabulated: the SQLite store (schema 6, with a migration that fills them for
stored articles from their JSON), CSV and Parquet exports, the engines' packed rows, the Ray
engine's Parquet sink and import-parquet; and every entities column documented."""

from __future__ import annotations

import csv
import pickle
import re
import sqlite3
from pathlib import Path

import pytest

from dateline.model import Actor, Article, Entity, Event, EventDate, Mention, Metadata
from dateline.store import Store
from dateline.store import sqlite as store_sqlite
from dateline.store.export import export, table_rows
from dateline.store.queries import EventFilter

from .conftest import ROOT
from .test_store_group import _old_database, _table_counts

SCHEMA_BEFORE_SOURCE_ROLE = 5  # the last schema version without entities.source / entities.role


def _mention(text: str, word: str) -> Mention:
    start = text.index(word)
    return Mention(start, start + len(word), word)


def role_article(n: int) -> Article:
    """A hand-made article: a person known only by role, a country from the gazetteer, a named
    person from the model and an entity whose source nobody recorded."""
    country = ["Armenia", "Chile", "Ghana", "Laos", "Peru"][n % 5]
    text = (f"{country}'s prime minister met Maria Lopez {n} on Monday. The prime minister said the "
            f"talks with Acme Holdings had gone well.")
    pm = Entity("E1", f"{country}'s prime minister", "PERSON",
                [_mention(text, f"{country}'s prime minister"), _mention(text, "The prime minister")],
                title="prime minister", affiliation="E2", actor=Actor(country[:3].upper() + "GOV", "GOV", "rule:role"),
                source="rule:role", role=True)
    nation = Entity("E2", country, "COUNTRY", [_mention(text, country)], source="gazetteer:countries")
    person = Entity("E3", f"Maria Lopez {n}", "PERSON", [_mention(text, f"Maria Lopez {n}")], source="model")
    firm = Entity("E4", "Acme Holdings", "ORG", [_mention(text, "Acme Holdings")])  # source None, role False
    event = Event("V1", "CONSULT", _mention(text, "met"), actors=["E1"], recipients=["E3"],
                  date=EventDate(value=f"2021-04-0{1 + n % 9}", basis="publication"))
    return Article(f"{n + 100:064x}", text, Metadata(published="2021-04-01", source="Test Wire", origin=f"r{n}.txt"),
                   [pm, nation, person, firm], events=[event])


def _columns(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str | None, int]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in conn.execute("SELECT article_id, id, source, role FROM entities")}


def _expected(articles: list[Article]) -> dict[tuple[str, str], tuple[str | None, int]]:
    return {(a.id, e.id): (e.source, int(e.role)) for a in articles for e in a.entities}


def test_store_writes_source_and_role(tmp_path):
    articles = [role_article(i) for i in range(3)]
    store = Store(tmp_path / "s.db")
    for a in articles:
        assert store.add(a)
    assert _columns(store.conn) == _expected(articles)
    info = {r[1]: (r[2], r[3], r[4]) for r in store.conn.execute("PRAGMA table_info(entities)")}
    assert info["source"] == ("TEXT", 0, None) and info["role"] == ("INTEGER", 1, "0")  # role NOT NULL DEFAULT 0
    # what an analyst asks in SQL: people known only by role, entities typed by a rule
    assert store.conn.execute("SELECT count(*) FROM entities WHERE role = 1").fetchone()[0] == 3
    assert store.conn.execute("SELECT count(*) FROM entities WHERE source LIKE 'rule:%'").fetchone()[0] == 3
    assert store.conn.execute("SELECT count(*) FROM entities WHERE source IS NULL").fetchone()[0] == 3
    store.close()


@pytest.mark.parametrize("version", [4, SCHEMA_BEFORE_SOURCE_ROLE])
def test_an_older_database_is_migrated_without_losing_anything(tmp_path, monkeypatch, version):
    db = tmp_path / "old.db"
    old = [role_article(i) for i in range(5)]
    _old_database(db, old, monkeypatch, version=version)
    before = _table_counts(db)
    assert before["entities"] == 20 and before["articles"] == 5

    ro = Store(db, readonly=True)  # read-only opening never migrates, and reads the JSON as it is
    assert ro.schema_version() == version
    assert "source" not in {r[1] for r in ro.conn.execute("PRAGMA table_info(entities)")}
    assert ro.get(old[0].id).entities[0].role is True
    ro.close()

    store = Store(db)  # opening for writing applies the missing migrations
    assert store.schema_version() == len(store_sqlite.MIGRATIONS) > SCHEMA_BEFORE_SOURCE_ROLE
    assert _table_counts(db) == before  # nothing lost
    assert _columns(store.conn) == _expected(old)  # filled from the stored JSON
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [store.get(a.id).to_dict() for a in old] == [a.to_dict() for a in old]

    new = [role_article(i) for i in range(5, 7)]
    for a in new:  # and it accepts new writes
        assert store.add(a)
    assert not store.add(old[0])
    assert _columns(store.conn) == _expected(old + new)
    store.close()

    again = Store(db)  # reopening applies nothing twice
    assert again.schema_version() == len(store_sqlite.MIGRATIONS)
    assert _columns(again.conn) == _expected(old + new)
    again.close()


def test_json_without_the_fields_migrates_to_null_and_zero(tmp_path, monkeypatch):
    """Articles stored by a dateline that did not record source/role (their JSON has neither key)
    get NULL and 0, not an error; the others in the same database get their values."""
    db = tmp_path / "mixed.db"
    articles = [role_article(i) for i in range(3)]
    _old_database(db, articles, monkeypatch, version=SCHEMA_BEFORE_SOURCE_ROLE)
    conn = sqlite3.connect(db)
    stripped = articles[0].id
    doc = conn.execute("SELECT json FROM articles WHERE id = ?", (stripped,)).fetchone()[0]
    n = len(articles[0].entities)
    paths = ", ".join(f"'$.entities[{i}].{key}'" for i in range(n) for key in ("source", "role"))
    conn.execute(f"UPDATE articles SET json = json_remove(json, {paths}) WHERE id = ?", (stripped,))
    conn.commit()
    assert '"role"' in doc and '"role"' not in conn.execute("SELECT json FROM articles WHERE id = ?",
                                                            (stripped,)).fetchone()[0]
    conn.close()

    store = Store(db)
    got = _columns(store.conn)
    assert {k: v for k, v in got.items() if k[0] == stripped} == {(stripped, e.id): (None, 0)
                                                                  for e in articles[0].entities}
    assert {k: v for k, v in got.items() if k[0] != stripped} == _expected(articles[1:])
    assert store.get(stripped).entities[0].role is False  # the JSON reads with the model's defaults
    store.close()


def test_csv_and_parquet_exports_carry_source_and_role(tmp_path):
    import pyarrow.parquet as pq

    articles = [role_article(i) for i in range(3)]
    store = Store(tmp_path / "x.db")
    for a in articles:
        store.add(a)
    want = {k: (src, bool(role)) for k, (src, role) in _expected(articles).items()}
    rows = table_rows(store.conn, EventFilter())["entities"]
    assert {(r["article_id"], r["id"]): (r["source"], r["role"]) for r in rows} == want

    export(store.conn, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "entities.csv", encoding="utf-8", newline="") as fh:
        read = list(csv.DictReader(fh))
    assert {(r["article_id"], r["id"]): (r["source"] or None, r["role"] == "True") for r in read} == want

    export(store.conn, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "entities.parquet")
    assert str(table.schema.field("role").type) == "bool" and str(table.schema.field("source").type) == "string"
    assert {(r["article_id"], r["id"]): (r["source"], r["role"]) for r in table.to_pylist()} == want

    export(store.conn, "parquet", tmp_path / "empty", EventFilter(actor="NOBODY"))  # no rows: schema kept
    assert {"source", "role"} <= set(pq.read_schema(tmp_path / "empty" / "entities.parquet").names)
    store.close()


def test_engine_rows_ray_sink_and_import_carry_source_and_role(tmp_path):
    """The engines' workers pack the store's rows; the Ray sink lays them out as Parquet with the
    store's columns and types; import-parquet rebuilds the same store."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    from dateline.ingest import Outcome
    from dateline.scale.parquet import import_parquet, table_columns
    from dateline.scale.ray_engine import BATCH_SCHEMA, ContractSink
    from dateline.scale.rows import to_results

    assert {("source", "string"), ("role", "int64")} <= set(table_columns()["entities"])
    articles = [role_article(i) for i in range(4)]
    results = to_results([Outcome("analysed", a.article.origin, a) for a in articles])
    for a, r in zip(articles, results):
        cols, values = r.rows["entities"]
        assert [(v[cols.index("source")], v[cols.index("role")]) for v in values] == [
            (e.source, int(e.role)) for e in a.entities]

    docs = [(r.kind, r.origin, "", "", r.article_id, r.rows) for r in results]
    block = pa.table({"docs": [len(docs)], "payload": [pickle.dumps(docs)], "rss": [0], "pid": [1]},
                     schema=BATCH_SCHEMA())
    out = tmp_path / "ray-out"
    assert ContractSink(str(out), rows_per_write=8, docs_per_row=8).write([block], None)["analysed"] == 4
    entities = pads.dataset(out / "entities", format="parquet").to_table()
    assert entities.schema.field("source").type == pa.string() and entities.schema.field("role").type == pa.int64()
    assert {(r["article_id"], r["id"]): (r["source"], r["role"]) for r in entities.to_pylist()} == _expected(articles)

    import_parquet(str(out), tmp_path / "imported.db")
    store = Store(tmp_path / "imported.db")
    assert _columns(store.conn) == _expected(articles)
    store.close()


def test_analysed_articles_store_their_own_source_and_role(pipeline, tmp_path):
    """Whatever the model and rules decide, each stored row's columns equal its entity's fields."""
    texts = ["YEREVAN, April 8 (Reuters) - Armenia's prime minister said on Thursday that Azerbaijan had "
             "violated the ceasefire, a government spokesman told reporters in Yerevan.",
             "Kenya's president met the head of the World Bank in Nairobi, officials said."]
    store = Store(tmp_path / "p.db")
    articles = [pipeline(t, published="2021-04-08") for t in texts]
    for a in articles:
        store.add(a)
    assert _columns(store.conn) == _expected(articles)
    assert any(src for src, _ in _expected(articles).values())  # the stage records what decided a type
    store.close()


def test_every_entities_column_is_documented():
    """docs/schema.md's store section names every column of the entities table (a new column
    without documentation fails here)."""
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    section = re.search(r"## Relational tables.*?(?=\n## )", doc, re.S)
    assert section is not None
    store = Store(":memory:")
    columns = [r[1] for r in store.conn.execute("PRAGMA table_info(entities)")]
    store.close()
    assert {"source", "role", "group"} <= set(columns)
    assert [c for c in columns if f"`{c}`" not in section.group(0)] == []
