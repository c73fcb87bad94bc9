"""The Ray engine: the same analysis on a Ray cluster, writing the contract tables as Parquet.

Plan: Ray Data reads the inputs (``read_binary_files``: local paths or any pyarrow/fsspec URL),
dateline's readers split each file into articles in light tasks, an actor pool analyses them in
batches (each actor loads the models once: :func:`dateline.ingest.analyse_batch`, the local
engine's unit of work, so both engines give the same records), and each contract table is written
as a Parquet dataset under ``out/<table>/``. ``dateline import-parquet out --db x.db`` loads it.

Runs unchanged against a cluster: ``--address auto`` inside one (``ray up``/KubeRay), or
``ray://head:10001`` through Ray Client; inputs and ``--out`` must then be paths every node sees
(shared storage or s3://, gs://, abfs:// URLs).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import DatelineError
from ..ingest import Summary
from .local import Config, warm
from .parquet import arrow_schema, article_tables, error_row, rows_to_table, table_columns

# Splitting files into articles is light and runs beside the actors, which hold one CPU each for
# the whole run: reserving CPU for it would leave none once the pool is up (a scheduling deadlock).
READ_CPUS = 0.0
WRITE_CPUS = 0.25  # the table passes run after the pool has finished
BLOCK_BYTES = 64 * 1024  # ~50 news articles: enough blocks to keep every actor busy
ROWS_PER_FILE = 50_000  # Parquet files of many blocks, not one small file per block
COLUMNS = ("kind", "origin", "code", "detail")


@dataclass
class RayResult:
    summary: Summary
    seconds: float
    out: str
    peak_rss: dict[int, int]


# -- reading --------------------------------------------------------------------------------------
def _records(row: dict[str, Any], origins: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One file's bytes → its articles (or per-document errors), as flat rows."""
    from .. import readers

    path = str(row["path"])
    origin = origins.get(path, path)
    data = bytes(row["bytes"])
    try:
        items = list(_read_bytes(readers, data, origin))
    except Exception as exc:  # noqa: BLE001 - a reader bug is this file's error, not the run's
        items = [DatelineError("E016", f"reader failed: {exc.__class__.__name__}: {str(exc)[:200]}", origin)]
    for item in items:
        if isinstance(item, DatelineError):
            yield {"text": "", "hints": "{}", "origin": item.source or origin, "error": json.dumps(item.to_dict())}
        else:
            yield {"text": item.text, "hints": json.dumps(item.hints, default=str, ensure_ascii=False),
                   "origin": item.origin, "error": ""}


def _read_bytes(readers: Any, data: bytes, origin: str) -> Iterator[Any]:
    name = origin.rsplit("/", 1)[-1]
    if hasattr(readers, "read_bytes"):
        yield from readers.read_bytes(data, origin, name)
        return
    import tempfile  # older readers take only paths: stage the bytes under the same name

    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / name
        staged.write_bytes(data)
        for item in readers.iter_articles([staged]):
            if isinstance(item, DatelineError):
                item.source = (item.source or "").replace(str(staged), origin) or origin
            else:
                item.origin = item.origin.replace(str(staged), origin)
                item.hints["origin"] = item.origin
            yield item


# -- analysing ------------------------------------------------------------------------------------
class Analyser:
    """One Ray actor: models loaded once, then batches of articles through analyse_batch."""

    def __init__(self, config: Config):
        self.config = config
        self.pipeline = warm(config.build())
        self.tables = list(table_columns())

    def __call__(self, batch: dict[str, Any]):
        import pyarrow as pa

        from ..ingest import analyse_batch
        from ..readers import RawArticle
        from .local import peak_rss_bytes

        raws, rows = [], []
        for text, hints, origin, error in zip(*(batch[c].to_pylist() for c in ("text", "hints", "origin", "error"))):
            if error:
                e = json.loads(error)
                rows.append({"kind": "failed", "origin": e.get("source") or "", "code": e["code"],
                             "detail": e.get("detail") or ""})
            else:
                raws.append(RawArticle(str(text), json.loads(hints), str(origin)))
        for outcome in analyse_batch(self.pipeline, raws, self.config.limit):
            row = {"kind": outcome.kind, "origin": outcome.origin, "code": "", "detail": ""}
            if outcome.kind == "analysed":
                for table, trows in article_tables([outcome.article]).items():
                    row[f"t_{table}"] = json.dumps(trows, ensure_ascii=False, default=str)
            else:
                row["code"], row["detail"] = outcome.error.code, outcome.error.detail or ""
            rows.append(row)
        names = list(COLUMNS) + [f"t_{t}" for t in self.tables] + ["rss", "pid"]
        rss, pid = peak_rss_bytes(), os.getpid()
        cols = {n: [r.get(n, "") for r in rows] for n in names[:-2]}
        cols["rss"], cols["pid"] = [rss] * len(rows), [pid] * len(rows)
        schema = pa.schema([(n, pa.string()) for n in names[:-2]] + [("rss", pa.int64()), ("pid", pa.int64())])
        return pa.table(cols, schema=schema)


def _table_rows(table: str):
    def build(batch):
        rows: list[dict[str, Any]] = []
        for kind, payload in zip(batch["kind"].to_pylist(), batch[f"t_{table}"].to_pylist()):
            if kind == "analysed" and payload:
                rows.extend(json.loads(payload))
        return rows_to_table(table, rows)
    return build


def _error_rows(batch):
    from .parquet import rows_to_table as to_table

    rows = []
    for kind, origin, code, detail in zip(*(batch[c].to_pylist() for c in COLUMNS)):
        if kind == "failed":
            rows.append(error_row(DatelineError(code, detail, origin or None)))
    return to_table("errors", rows)


# -- driving --------------------------------------------------------------------------------------
def _inputs(paths: list[str]) -> tuple[list[str], dict[str, str]]:
    """Local paths expanded like the local engine (same files, same origins); URLs passed through."""
    from ..readers import iter_files

    files, origins = [], {}
    for p in paths:
        if "://" in p:
            files.append(p)
            continue
        for item in iter_files([p]):
            if isinstance(item, DatelineError):
                raise item
            absolute = str(Path(item).resolve())
            files.append(absolute)
            origins[absolute] = str(item)
    return files, origins


def _ensure_table(out: str, table: str) -> None:
    """Ray writes no file for an empty table; readers expect the folder, so write an empty one."""
    import pyarrow.parquet as pq

    from .parquet import _filesystem

    fs, root = _filesystem(out)
    folder = f"{root.rstrip('/')}/{table}"
    import pyarrow.fs as pafs

    if fs.get_file_info(folder).type == pafs.FileType.NotFound or not fs.get_file_info(
            pafs.FileSelector(folder, allow_not_found=True)):
        fs.create_dir(folder, recursive=True)
        pq.write_table(rows_to_table(table, []), f"{folder}/empty.parquet", filesystem=fs)


def run_ray(paths: list[str], out: str, address: str | None = None, cpus: int | None = None,
            config: Config | None = None) -> RayResult:
    """Analyse ``paths`` on Ray (``address``, or a local Ray with ``cpus`` CPUs) into Parquet at ``out``."""
    try:
        import ray
    except ImportError as exc:
        raise DatelineError("E010", "--engine ray needs Ray: pip install 'dateline[ray]'") from exc
    from .parquet import _filesystem

    config = config or Config()
    fs, root = _filesystem(out)
    import pyarrow.fs as pafs

    if fs.get_file_info(f"{root.rstrip('/')}/articles").type != pafs.FileType.NotFound:
        raise DatelineError("E010", f"{out} already holds a dateline output; give a new --out folder")
    files, origins = _inputs(paths)
    if not files:
        raise DatelineError("E005", "no input files", " ".join(paths))
    import logging

    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if not ray.is_initialized():
        ray.init(address=address, num_cpus=None if address else cpus, ignore_reinit_error=True,
                 log_to_driver=False, include_dashboard=False)
    total_cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = max(1, min(cpus or total_cpus, total_cpus))
    t0 = time.perf_counter()
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = bool(os.environ.get("DATELINE_RAY_PROGRESS"))
    # small blocks, so one big JSONL/WARC/SGML file spreads over every actor; a repartition step
    # would need a CPU the actors hold (a scheduling deadlock), so cut blocks by size instead
    ctx.target_max_block_size = BLOCK_BYTES
    analysed = (ray.data.read_binary_files(files, include_paths=True, num_cpus=READ_CPUS)
                .flat_map(_records, fn_kwargs={"origins": origins}, num_cpus=READ_CPUS)
                .map_batches(Analyser, fn_constructor_kwargs={"config": config}, batch_size=config.batch_size,
                             batch_format="pyarrow", concurrency=actors, num_cpus=1)
                .materialize())
    root_out = out if "://" in out else str(Path(out).resolve())
    for table in table_columns():
        analysed.map_batches(_table_rows(table), batch_format="pyarrow", num_cpus=WRITE_CPUS) \
            .write_parquet(f"{root_out.rstrip('/')}/{table}", min_rows_per_file=ROWS_PER_FILE)
        _ensure_table(root_out, table)
    analysed.map_batches(_error_rows, batch_format="pyarrow", num_cpus=WRITE_CPUS) \
        .write_parquet(f"{root_out.rstrip('/')}/errors", min_rows_per_file=ROWS_PER_FILE)
    _ensure_table(root_out, "errors")
    summary, peaks = Summary(), {}
    for batch in analysed.select_columns(list(COLUMNS) + ["rss", "pid"]).iter_batches(batch_format="pyarrow"):
        for kind, origin, code, detail, rss, pid in zip(*(batch[c].to_pylist() for c in list(COLUMNS) + ["rss", "pid"])):
            if kind == "analysed":
                summary.analysed += 1
            elif kind == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
                if len(summary.errors) < 10_000:
                    summary.errors.append(DatelineError(code, detail, origin or None))
            if pid:
                peaks[pid] = max(peaks.get(pid, 0), rss or 0)
    return RayResult(summary, time.perf_counter() - t0, root_out, peaks)


__all__ = ["run_ray", "RayResult", "Analyser"]
