"""Entity.group (a plural actor) as a column wherever entities are tabulated: the SQLite store (with
a migration that keeps older databases readable and writable), CSV and Parquet exports, the
engines' packed rows and the Ray engine's Parquet sink."""

from __future__ import annotations

import csv
import pickle
import sqlite3
from pathlib import Path

import pytest

from dateline.model import Actor, Article, Entity, Event, EventDate, Mention, Metadata
from dateline.store import Store
from dateline.store import sqlite as store_sqlite
from dateline.store.export import export, table_rows
from dateline.store.queries import EventFilter

SCHEMA_BEFORE_GROUP = 4  # the last schema version without entities."group"


def _mention(text: str, word: str) -> Mention:
    start = text.index(word)
    return Mention(start, start + len(word), word)


def plural_article(n: int) -> Article:
    """A hand-made article: a plural actor ("Opposition lawmakers"), a country and a person."""
    country = ["Kenya", "Peru", "Nepal", "Chile"][n % 4]
    text = (f"Opposition lawmakers in {country} accused the interior minister, Jane Doe {n}, of ignoring "
            f"the courts. They said the government had failed.")
    group = Entity("E1", "Opposition lawmakers", "ORG", [_mention(text, "Opposition lawmakers"),
                                                        _mention(text, "They")],
                   actor=Actor("OPP", "OPP", "rule:sector"), source="rule:group", group=True)
    nation = Entity("E2", country, "COUNTRY", [_mention(text, country)], actor=Actor(country[:3].upper(), None, "test"))
    person = Entity("E3", f"Jane Doe {n}", "PERSON", [_mention(text, f"Jane Doe {n}")], title="interior minister",
                    affiliation="E2")
    event = Event("V1", "ACCUSE", _mention(text, "accused the interior minister"), actors=["E1"], recipients=["E3"],
                  date=EventDate(value="2021-03-0" + str(1 + n % 9), basis="published"))
    return Article(f"{n:064x}", text, Metadata(published="2021-03-01", source="Test Wire", origin=f"t{n}.txt"),
                   [group, nation, person], events=[event])


def _groups(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    return {(r[0], r[1]): r[2] for r in conn.execute('SELECT article_id, id, "group" FROM entities')}


def _expected(articles: list[Article]) -> dict[tuple[str, str], int]:
    return {(a.id, e.id): int(e.group) for a in articles for e in a.entities}


def _old_database(path: Path, articles: list[Article], monkeypatch: pytest.MonkeyPatch,
                  version: int = SCHEMA_BEFORE_GROUP) -> None:
    """A database as dateline wrote it at schema ``version`` (before 5: no "group" column): every
    row as it is now, less the columns later migrations added (the article JSON carries them all)."""
    with monkeypatch.context() as m:
        m.setattr(store_sqlite, "MIGRATIONS", store_sqlite.MIGRATIONS[:version])
        store = Store(path)
        assert store.schema_version() == version
        known = {r[1] for r in store.conn.execute("PRAGMA table_info(entities)")}
        assert ("group" in known) == (version > SCHEMA_BEFORE_GROUP)
        for a in articles:
            packed = store_sqlite.packed_rows(a)
            cols, values = packed["entities"]
            keep = [i for i, c in enumerate(cols) if c in known]
            packed["entities"] = (tuple(cols[i] for i in keep), [tuple(v[i] for i in keep) for v in values])
            store.conn.execute("BEGIN IMMEDIATE")
            store.insert_packed(packed)
            store.conn.execute("COMMIT")
        store.close()


def _table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE '%fts%' AND name != 'schema_version'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in names}
    finally:
        conn.close()


def test_store_writes_the_group_column(tmp_path):
    articles = [plural_article(i) for i in range(3)]
    store = Store(tmp_path / "g.db")
    for a in articles:
        assert store.add(a)
    assert _groups(store.conn) == _expected(articles)
    assert sum(_groups(store.conn).values()) == 3  # one plural actor per article
    info = {r[1]: (r[2], r[3], r[4]) for r in store.conn.execute("PRAGMA table_info(entities)")}
    assert info["group"] == ("INTEGER", 1, "0")  # NOT NULL DEFAULT 0
    store.close()


def test_an_older_database_is_migrated_without_losing_anything(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    old = [plural_article(i) for i in range(4)]
    _old_database(db, old, monkeypatch)
    before = _table_counts(db)
    assert before["entities"] == 12 and before["articles"] == 4

    # readable as it is (read-only opening never migrates)
    ro = Store(db, readonly=True)
    assert ro.schema_version() == SCHEMA_BEFORE_GROUP and ro.get(old[0].id).entities[0].group is True
    ro.close()

    store = Store(db)  # opening for writing applies migration 5
    assert store.schema_version() == len(store_sqlite.MIGRATIONS) > SCHEMA_BEFORE_GROUP
    assert _table_counts(db) == before  # nothing lost
    assert _groups(store.conn) == _expected(old)  # filled from the stored JSON
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [store.get(a.id).to_dict() for a in old] == [a.to_dict() for a in old]

    new = [plural_article(i) for i in range(4, 6)]
    for a in new:  # and it accepts new writes
        assert store.add(a)
    assert not store.add(old[0])  # already stored, as before
    assert _groups(store.conn) == _expected(old + new)
    store.close()

    again = Store(db)  # opening again applies nothing twice
    assert _groups(again.conn) == _expected(old + new)
    again.close()


def test_the_server_migrates_an_older_database_and_reads_it(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    db = tmp_path / "served.db"
    old = [plural_article(i) for i in range(2)]
    _old_database(db, old, monkeypatch)
    client = TestClient(create_app(db))
    info = client.get("/api/info").json()
    assert info["schema_version"] == len(store_sqlite.MIGRATIONS) and info["counts"]["entities"] == 6
    detail = client.get(f"/api/entities/{old[0].id}/E1").json()
    assert detail["entity"]["group"] is True and detail["entity"]["name"] == "Opposition lawmakers"
    page = client.get(f"/articles/{old[0].id}")
    assert page.status_code == 200 and "· group" in page.text


def test_an_older_database_that_cannot_be_migrated_is_still_served_read_only(tmp_path, monkeypatch):
    """A dataset on a read-only disk: migration 5 cannot be written, the pages do not need it (they
    read the JSON), so the server serves it as it is; with writes enabled it refuses (E011)."""
    from fastapi.testclient import TestClient

    from dateline.errors import DatelineError
    from dateline.web.app import create_app

    db = tmp_path / "readonly.db"
    old = [plural_article(i) for i in range(2)]
    _old_database(db, old, monkeypatch)

    def refuse(self) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "migrate", refuse)
    monkeypatch.delenv("DATELINE_WRITE_TOKEN", raising=False)
    client = TestClient(create_app(db))
    assert client.get("/api/info").json()["schema_version"] == SCHEMA_BEFORE_GROUP
    assert client.get(f"/api/entities/{old[1].id}/E1").json()["entity"]["group"] is True
    assert client.get("/api/events").json()["total"] == 2
    assert client.get(f"/articles/{old[0].id}").status_code == 200
    with pytest.raises(DatelineError) as refused:
        create_app(db, write_token="t")
    assert refused.value.code == "E011"
    assert _table_counts(db)["entities"] == 6


def test_csv_and_parquet_exports_carry_group(tmp_path):
    import pyarrow.parquet as pq

    articles = [plural_article(i) for i in range(3)]
    store = Store(tmp_path / "x.db")
    for a in articles:
        store.add(a)
    rows = table_rows(store.conn, EventFilter())["entities"]
    assert {(r["article_id"], r["id"]): r["group"] for r in rows} == {k: bool(v) for k, v in
                                                                       _expected(articles).items()}

    export(store.conn, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "entities.csv", encoding="utf-8", newline="") as fh:
        read = list(csv.DictReader(fh))
    assert {(r["article_id"], r["id"]): r["group"] == "True" for r in read} == {
        k: bool(v) for k, v in _expected(articles).items()}

    export(store.conn, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "entities.parquet")
    assert str(table.schema.field("group").type) == "bool"
    assert {(r["article_id"], r["id"]): r["group"] for r in table.to_pylist()} == {
        k: bool(v) for k, v in _expected(articles).items()}

    export(store.conn, "parquet", tmp_path / "empty", EventFilter(actor="NOBODY"))  # no rows: schema kept
    assert "group" in pq.read_schema(tmp_path / "empty" / "entities.parquet").names
    store.close()


def test_engine_rows_and_ray_sink_carry_group(tmp_path):
    """The engines' workers pack the store's rows (group included); the Ray sink lays them out as
    Parquet with the store's columns; import-parquet rebuilds the same store."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    from dateline.ingest import Outcome
    from dateline.scale.parquet import import_parquet, table_columns
    from dateline.scale.ray_engine import BATCH_SCHEMA, ContractSink
    from dateline.scale.rows import to_results

    assert ("group", "int64") in table_columns()["entities"]
    articles = [plural_article(i) for i in range(3)]
    results = to_results([Outcome("analysed", a.article.origin, a) for a in articles])
    for r in results:
        cols, values = r.rows["entities"]
        assert [v[cols.index("group")] for v in values] == [1, 0, 0]

    docs = [(r.kind, r.origin, "", "", r.article_id, r.rows) for r in results]
    block = pa.table({"docs": [len(docs)], "payload": [pickle.dumps(docs)], "rss": [0], "pid": [1]},
                     schema=BATCH_SCHEMA())
    out = tmp_path / "ray-out"
    summary = ContractSink(str(out), rows_per_write=8, docs_per_row=8).write([block], None)
    assert summary["analysed"] == 3
    entities = pads.dataset(out / "entities", format="parquet").to_table()
    assert entities.schema.field("group").type == pa.int64()
    assert {(r["article_id"], r["id"]): r["group"] for r in entities.to_pylist()} == _expected(articles)

    import_parquet(str(out), tmp_path / "imported.db")
    store = Store(tmp_path / "imported.db")
    assert _groups(store.conn) == _expected(articles)
    store.close()


def test_analysed_articles_store_their_own_flags(pipeline, tmp_path):
    """Whatever the model finds, each stored row's column equals its entity's flag."""
    texts = ["NAIROBI, March 3 (Reuters) - Experts warned on Tuesday that the drought would worsen, and "
             "critics said the government had ignored them. Kenya's president met aid agencies in Nairobi.",
             "Republicans in the Senate said they would block the bill, and Democrats accused them of delay."]
    store = Store(tmp_path / "p.db")
    articles = [pipeline(t, published="2021-03-03") for t in texts]
    for a in articles:
        store.add(a)
    assert _groups(store.conn) == _expected(articles)
    store.close()
