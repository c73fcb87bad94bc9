"""Parquet: the contract tables as Parquet datasets, and loading them into the SQLite store.

The Parquet tables have exactly the store's relational tables and columns (read from a fresh
in-memory store, so the two never drift): one folder per table under the output folder, each a
Parquet dataset DuckDB, Spark, pandas or pyarrow read directly. ``articles.json`` holds the whole
contract JSON of an article, which is what ``import-parquet`` loads: every row of every table is
rebuilt by the store exactly as a local ingest would write it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterator

from ..errors import DatelineError
from ..ingest import Summary
from ..model import Article

ERROR_COLUMNS = ("origin", "code", "message", "detail")
SQLITE_TO_ARROW = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


@functools.lru_cache(maxsize=1)
def table_columns() -> dict[str, list[tuple[str, str]]]:
    """Contract tables → [(column, arrow type)], from the store's own schema and row builder."""
    import sqlite3

    from ..store import sqlite as store_sqlite
    from ..store import Store

    probe = Article(id="probe", text="probe")
    tables = list(store_sqlite.article_rows(probe))
    store = Store(":memory:")
    try:
        out: dict[str, list[tuple[str, str]]] = {}
        for table in tables:
            info = store.conn.execute(f'PRAGMA table_info("{table}")').fetchall()
            out[table] = [(row[1], SQLITE_TO_ARROW.get(str(row[2]).upper(), "string")) for row in info]
        return out
    except sqlite3.Error as exc:  # pragma: no cover - the store's own schema
        raise DatelineError("E011", str(exc)) from exc
    finally:
        store.close()


def arrow_schema(table: str):
    import pyarrow as pa

    if table == "errors":
        return pa.schema([(c, pa.string()) for c in ERROR_COLUMNS])
    return pa.schema([(name, getattr(pa, kind)()) for name, kind in table_columns()[table]])


def rows_to_table(table: str, rows: list[dict[str, Any]]):
    """Rows (dicts) → a pyarrow Table with the table's fixed schema (missing columns null)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def packed_to_table(table: str, chunks: list[tuple[tuple[str, ...], list[tuple[Any, ...]]]]):
    """Packed rows (:data:`dateline.store.sqlite.Packed` entries of one table, from many articles)
    → a pyarrow Table with the table's fixed schema, built column by column (no per-row dicts)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    data: dict[str, list[Any]] = {f.name: [] for f in schema}
    for cols, values in chunks:
        where = {c: i for i, c in enumerate(cols)}
        for name, column in data.items():
            i = where.get(name)
            column.extend([v[i] for v in values] if i is not None else [None] * len(values))
    return pa.Table.from_pydict(data, schema=schema)


def article_tables(articles: list[Article]) -> dict[str, list[dict[str, Any]]]:
    """The relational rows of many articles, table by table (the store's own row builder)."""
    from ..store.sqlite import article_rows

    out: dict[str, list[dict[str, Any]]] = {t: [] for t in table_columns()}
    for article in articles:
        for table, rows in article_rows(article).items():
            out.setdefault(table, []).extend(rows)
    return out


def error_row(error: DatelineError) -> dict[str, Any]:
    return {"origin": error.source, "code": error.code, "message": error.message, "detail": error.detail}


def _filesystem(source: str):
    """A pyarrow filesystem and path for a local folder or any URL pyarrow or fsspec understands."""
    import pyarrow.fs as pafs

    if "://" not in source:
        return pafs.LocalFileSystem(), str(Path(source).resolve())
    try:
        return pafs.FileSystem.from_uri(source)
    except (ValueError, OSError, NotImplementedError):  # a scheme pyarrow lacks: try fsspec
        import fsspec

        fs, path = fsspec.core.url_to_fs(source)
        return pafs.PyFileSystem(pafs.FSSpecHandler(fs)), path


def read_dataset(source: str, table: str) -> Iterator[dict[str, Any]]:
    """Rows of one table of a Parquet output, streamed batch by batch (memory stays flat)."""
    import pyarrow.dataset as pads
    import pyarrow.fs as pafs

    fs, root = _filesystem(source)
    path = f"{root.rstrip('/')}/{table}"
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        return
    dataset = pads.dataset(path, format="parquet", filesystem=fs)
    for batch in dataset.to_batches(batch_size=256):
        yield from batch.to_pylist()


def import_parquet(source: str, db: str | Path) -> Summary:
    """Load ``source``'s articles (one transaction each) and errors into the store at ``db``."""
    from ..store import Store

    fs, root = _filesystem(source)
    import pyarrow.fs as pafs

    if fs.get_file_info(f"{root.rstrip('/')}/articles").type == pafs.FileType.NotFound:
        raise DatelineError("E005", "no articles/ Parquet dataset here (written by `ingest --engine ray`)", source)
    store = Store(db)
    summary = Summary()
    try:
        for row in read_dataset(source, "articles"):
            if store.add(Article.from_json(row["json"])):
                summary.analysed += 1
            else:
                summary.skipped += 1
        for row in read_dataset(source, "errors"):
            store.add_error(DatelineError(row["code"], row.get("detail") or "", row.get("origin")))
            summary.failed += 1
    finally:
        store.close()
    return summary


__all__ = ["table_columns", "arrow_schema", "rows_to_table", "packed_to_table", "article_tables", "error_row",
           "import_parquet", "read_dataset"]
