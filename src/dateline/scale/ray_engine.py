"""The Ray engine: the same analysis on a Ray cluster, writing the contract tables as Parquet.

Plan: Ray Data reads the inputs (``read_binary_files``: local paths or any pyarrow/fsspec URL),
dateline's readers split each file into articles in light tasks, an actor pool analyses them in
batches (each actor loads the models once: :func:`dateline.ingest.analyse_batch`, the local
engine's unit of work, so both engines give the same records) and returns the store's rows of each
article, and one write step lays them out as every contract table at once, one Parquet dataset per
table under ``out/<table>/``, in the same streaming pass (nothing is materialised). A body read
twice is written once (:class:`Registry`). ``dateline import-parquet out --db x.db`` loads it.

Runs unchanged against a cluster: ``--address auto`` inside one (``ray up``/KubeRay), or
``ray://head:10001`` through Ray Client; inputs and ``--out`` must then be paths every node sees
(shared storage or s3://, gs://, abfs:// URLs).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import DatelineError
from ..ingest import Summary
from .local import Config, Stats, warm
from .parquet import error_row, rows_to_table, table_columns

# Splitting files into articles is light and runs beside the actors, which hold one CPU each for
# the whole run: reserving CPU for it would leave none once the pool is up (a scheduling deadlock).
READ_CPUS = 0.0
# Writing lays out columns of rows the actors already built (a few % of the analysis): it runs
# beside the actors on no reserved CPU, for the same reason as reading.
WRITE_CPUS = 0.0
# Read blocks this small (~16 news articles; 600 Reuters stories made 37 blocks) let Ray Data
# bundle them into actor tasks of about one batch (``batch_size``), so the last tasks end together:
# 64 KiB made tasks of ~100 articles (~3.5 s) and one actor worked alone for the last ~3 s.
BLOCK_BYTES = 16 * 1024
# Documents per write task, hence per Parquet file of each table: ~1,000 news articles make
# ~10-20 MB of `articles` (text and JSON), big enough for efficient scans, small enough that the
# rows waiting for a write stay a few tens of MB.
ROWS_PER_FILE = 1_000
# How often the driver asks for the running counts when a progress display is on: 4 a second
# looks live and costs one small actor call each (the display itself redraws at most every 0.2 s).
PROGRESS_SECONDS = 0.25


@dataclass
class RayResult:
    summary: Summary
    seconds: float
    out: str
    peak_rss: dict[int, int]
    stats: Stats | None = None  # input bytes (when known) for the progress display's last draw


# progress(summary so far, stats with bytes_total/bytes_read), called from a driver thread
RayProgressFn = Callable[[Summary, Stats], None]


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
    # each record carries its share of the file's bytes, so the progress display can show input
    # done (bytes, hence an ETA) as records are analysed; the shares add up to the file's size
    share, extra = divmod(len(data), max(1, len(items)))
    for i, item in enumerate(items):
        size = share + (extra if i == 0 else 0)
        if isinstance(item, DatelineError):
            yield {"text": "", "hints": "{}", "origin": item.source or origin, "error": json.dumps(item.to_dict()),
                   "size": size}
        else:
            yield {"text": item.text, "hints": json.dumps(item.hints, default=str, ensure_ascii=False),
                   "origin": item.origin, "error": "", "size": size}


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
class Registry:
    """Which input owns each article id, for the whole run: a body read twice is analysed (the
    two copies may be in flight on two actors at once) but written once, as the store would.

    The first origin to claim an id owns it; a claim by the same origin again (Ray re-running a
    failed task) wins again, so a retry never drops its own articles. Memory: ~150 bytes an
    article (1M articles: ~150 MB), in one actor that holds no CPU.
    """

    def __init__(self) -> None:
        self.owner: dict[bytes, int] = {}

    def claim(self, pairs: list[tuple[str, str]]) -> list[bool]:
        won = []
        for article_id, origin in pairs:
            key, mark = bytes.fromhex(article_id[:32]), hash(origin)
            won.append(self.owner.setdefault(key, mark) == mark)
        return won


class Tally:
    """Running counts for the driver's progress display, fed once per analysed batch (after the
    registry's verdict, so the same kinds the write step then counts). Lives only while a display
    is on; a Ray retry of a batch counts twice here, never in the summary (the sink's counts)."""

    def __init__(self) -> None:
        self.counts = {"analysed": 0, "skipped": 0, "failed": 0, "bytes": 0}

    def add(self, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            self.counts[key] = self.counts.get(key, 0) + n

    def snapshot(self) -> dict[str, int]:
        return dict(self.counts)


class Analyser:
    """One Ray actor: models loaded once, then batches of articles through analyse_batch.

    Returns ONE row per batch: the batch's documents (outcome and, when analysed, the store's rows
    of the article, :mod:`dateline.scale.rows`; built here, where the CPU is, so the write step
    only lays out columns), pickled together. Why one row: a batch's rows are ~10 KB a document,
    so one row per document made Ray Data cut each batch's output into ~6 blocks of
    ``BLOCK_BYTES``; an actor task's output stream pauses after 2 unconsumed blocks until the
    driver's scheduling loop collects them, and each batch then waited 0.1-0.5 s for it (actors
    idle ~25% of the time: issue 10). One row cannot be split, so a batch is one block.
    """

    def __init__(self, config: Config, registry: Any = None, tally: Any = None):
        self.config = config
        self.registry = registry
        self.tally = tally
        t0, c0 = time.time(), time.process_time()
        self.pipeline = warm(config.build())
        _trace("load", t0, c0)

    def __call__(self, batch: dict[str, Any]):
        t0, c0 = time.time(), time.process_time()
        out = self._analyse(batch)
        _trace("analyser", t0, c0, rows=len(batch["text"]))
        return out

    def _analyse(self, batch: dict[str, Any]):
        import pickle

        import pyarrow as pa

        from ..ingest import analyse_batch
        from ..readers import RawArticle
        from .local import peak_rss_bytes
        from .rows import Result, to_results

        raws, results = [], []
        for text, hints, origin, error in zip(*(batch[c].to_pylist() for c in ("text", "hints", "origin", "error"))):
            if error:
                results.append(Result("failed", origin, error=_error(json.loads(error), origin)))
            else:
                raws.append(RawArticle(str(text), json.loads(hints), str(origin)))
        t1, c1 = time.time(), time.process_time()
        analysed = to_results(analyse_batch(self.pipeline, raws, self.config.limit))
        _trace("analyse_batch", t1, c1, rows=len(raws))
        t1, c1 = time.time(), time.process_time()
        self._dedupe(analysed)
        _trace("registry", t1, c1)
        results.extend(analysed)
        if self.tally is not None:  # fire and forget: the batch does not wait for the display
            counts = {"analysed": 0, "skipped": 0, "failed": 0,
                      "bytes": sum(batch["size"].to_pylist()) if "size" in batch.column_names else 0}
            for r in results:
                counts[r.kind] += 1
            self.tally.add.remote(counts)
        docs = [(r.kind, r.origin, r.error.code if r.error else "", (r.error.detail or "") if r.error else "",
                 r.article_id or "", r.rows if r.kind == "analysed" else None) for r in results]
        cols = {"docs": [len(docs)], "payload": [pickle.dumps(docs, protocol=5)],
                "rss": [peak_rss_bytes()], "pid": [os.getpid()]}
        return pa.table(cols, schema=BATCH_SCHEMA())

    def _dedupe(self, results: list[Any]) -> None:
        """A body already owned by another input is skipped (as ``Store.add`` skips it)."""
        mine = [r for r in results if r.kind == "analysed"]
        if self.registry is None or not mine:
            return
        import ray

        won = ray.get(self.registry.claim.remote([(r.article_id, r.origin) for r in mine]))
        for r, ok in zip(mine, won):
            if not ok:
                r.kind, r.rows = "skipped", None


def _trace(what: str, wall0: float, cpu0: float, **extra: Any) -> None:
    """With DATELINE_RAY_TRACE=file, append one JSON line per timed step (wall and process CPU
    seconds, pid, start time): how busy each actor is and where its time goes (issue 10)."""
    path = os.environ.get("DATELINE_RAY_TRACE")
    if not path:
        return
    line = {"what": what, "pid": os.getpid(), "start": wall0, "wall": time.time() - wall0,
            "cpu": time.process_time() - cpu0, **extra}
    with open(path, "a") as fh:
        fh.write(json.dumps(line) + "\n")


def _error(d: dict[str, Any], origin: str) -> DatelineError:
    return DatelineError(d.get("code") or "E016", d.get("detail") or "", d.get("source") or origin)


def BATCH_SCHEMA():  # noqa: N802 - a constant that needs pyarrow, built on use
    import pyarrow as pa

    return pa.schema([("docs", pa.int64()), ("payload", pa.binary()), ("rss", pa.int64()), ("pid", pa.int64())])


# -- writing --------------------------------------------------------------------------------------
class ContractSink:
    """A Ray Data datasink writing every contract table from one pass over the analysed stream.

    Each write task receives ~``rows_per_write`` documents (rows of ``docs_per_row`` documents
    each: :class:`Analyser` packs a batch into one row) and writes one Parquet file per table
    into ``out/<table>/`` (the layout pyarrow, pandas, DuckDB and ``import-parquet`` read). File
    names are a digest of the documents' origins, so a write Ray retries replaces its own files
    rather than adding a second copy. Returns each task's counts, errors and actor peaks.
    """

    def __init__(self, out: str, rows_per_write: int = ROWS_PER_FILE, docs_per_row: int = 1):
        self.out = out.rstrip("/")
        self.rows_per_write = max(1, rows_per_write // max(1, docs_per_row))
        self.result: dict[str, Any] = {}

    # the Ray Data Datasink interface (duck-typed, so importing this module does not need Ray)
    def on_write_start(self, schema: Any = None) -> None:
        pass

    def get_name(self) -> str:
        return "DatelineContract"

    @property
    def supports_distributed_writes(self) -> bool:
        return True

    @property
    def min_rows_per_write(self) -> int:
        return self.rows_per_write

    @property
    def min_bytes_per_write(self) -> None:
        return None

    def write(self, blocks: Iterable[Any], ctx: Any) -> dict[str, Any]:
        t0, c0 = time.time(), time.process_time()
        out = self._write(blocks)
        _trace("sink", t0, c0, rows=sum(out.get(k, 0) for k in ("analysed", "skipped", "failed")))
        return out

    def _write(self, blocks: Iterable[Any]) -> dict[str, Any]:
        import hashlib
        import pickle

        import pyarrow as pa
        import pyarrow.parquet as pq

        from .parquet import _filesystem, packed_to_table, rows_to_table

        tables = [pa.Table.from_batches(b.to_batches(), schema=b.schema) if hasattr(b, "to_batches") else b
                  for b in blocks]
        tables = [t for t in tables if t.num_rows]
        summary: dict[str, Any] = {"analysed": 0, "skipped": 0, "failed": 0, "errors": [], "peaks": {}}
        if not tables:
            return summary
        block = pa.concat_tables(tables)
        chunks: dict[str, list[Any]] = {t: [] for t in table_columns()}
        errors = []
        origins = []
        for payload, rss, pid in zip(*(block[c].to_pylist() for c in ("payload", "rss", "pid"))):
            summary["peaks"][pid] = max(summary["peaks"].get(pid, 0), rss or 0)
            for kind, origin, code, detail, _article_id, rows in pickle.loads(payload):
                summary[kind] = summary.get(kind, 0) + 1
                origins.append(origin)
                if kind == "analysed":
                    for table, packed in rows.items():
                        chunks.setdefault(table, []).append(packed)
                elif kind == "failed":
                    error = DatelineError(code, detail, origin or None)
                    errors.append(error_row(error))
                    if len(summary["errors"]) < 10_000:
                        summary["errors"].append((error.code, error.detail, error.source))
        digest = hashlib.sha1("\n".join(origins).encode("utf-8", "surrogatepass")).hexdigest()[:20]
        fs, root = _filesystem(self.out)
        for table, packed in list(chunks.items()) + [("errors", None)]:
            data = rows_to_table("errors", errors) if packed is None else packed_to_table(table, packed)
            if data.num_rows:
                fs.create_dir(f"{root.rstrip('/')}/{table}", recursive=True)
                pq.write_table(data, f"{root.rstrip('/')}/{table}/part-{digest}.parquet", filesystem=fs)
        return summary

    def on_write_complete(self, write_result: Any) -> None:
        total: dict[str, Any] = {"analysed": 0, "skipped": 0, "failed": 0, "errors": [], "peaks": {}}
        for part in getattr(write_result, "write_returns", write_result):
            for key in ("analysed", "skipped", "failed"):
                total[key] += part.get(key, 0)
            total["errors"].extend(part["errors"][:10_000 - len(total["errors"])])
            for pid, rss in part["peaks"].items():
                total["peaks"][pid] = max(total["peaks"].get(pid, 0), rss)
        self.result = total

    def on_write_failed(self, error: Exception) -> None:
        pass


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
            origins.setdefault(absolute, str(item))
    # a file named twice (a folder and a file inside it) is read once: its origins would be the
    # same, and the registry tells copies apart by origin
    return list(dict.fromkeys(files)), origins


def _ensure_table(out: str, table: str) -> None:
    """A table no document had rows for gets an empty file, so every table's folder exists."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    from .parquet import _filesystem

    fs, root = _filesystem(out)
    folder = f"{root.rstrip('/')}/{table}"
    if fs.get_file_info(folder).type == pafs.FileType.NotFound or not fs.get_file_info(
            pafs.FileSelector(folder, allow_not_found=True)):
        fs.create_dir(folder, recursive=True)
        pq.write_table(rows_to_table(table, []), f"{folder}/empty.parquet", filesystem=fs)


def _input_bytes(files: list[str]) -> int:
    """Total size of the local input files; 0 (unknown) when any input is a URL, whose listing
    could be long and slow (the display then counts documents without a total)."""
    if any("://" in f for f in files):
        return 0
    total = 0
    for f in files:
        try:
            total += os.path.getsize(f)
        except OSError:
            return 0
    return total


class _Poller:
    """A driver thread that reads the :class:`Tally` every ``PROGRESS_SECONDS`` and hands the counts
    to ``progress``; the streaming write blocks the driver's main thread meanwhile."""

    def __init__(self, tally: Any, progress: RayProgressFn, stats: Stats):
        self.tally, self.progress, self.stats = tally, progress, stats
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="dateline-ray-progress", daemon=True)

    def __enter__(self) -> "_Poller":
        self.thread.start()
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        if exc_type is None:
            self._once()  # the stream is done: every batch's counts are in

    def _run(self) -> None:
        while not self.stop.wait(PROGRESS_SECONDS):
            self._once()

    def _once(self) -> None:
        import ray

        try:
            counts = ray.get(self.tally.snapshot.remote(), timeout=10)
        except Exception:  # noqa: BLE001 - a display must never fail the run
            return
        self.stats.bytes_read = min(counts.get("bytes", 0), self.stats.bytes_total)
        self.progress(Summary(analysed=counts["analysed"], skipped=counts["skipped"], failed=counts["failed"]),
                      self.stats)


def run_ray(paths: list[str], out: str, address: str | None = None, cpus: int | None = None,
            config: Config | None = None, progress: RayProgressFn | None = None) -> RayResult:
    """Analyse ``paths`` on Ray (``address``, or a local Ray with ``cpus`` CPUs) into Parquet at ``out``.

    One streaming pass: read → split into articles → analyse (actor pool) → write every table
    (:class:`ContractSink`); nothing is materialised, so memory stays bounded whatever the corpus.
    With ``progress``, the running counts (documents done, input bytes when known) are passed to it
    from a driver thread a few times a second (:class:`Tally`, :class:`_Poller`).
    """
    try:
        import ray
    except ImportError as exc:
        raise DatelineError("E010", "--engine ray needs Ray: pip install 'dateline[ray]'") from exc
    import pyarrow.fs as pafs

    from .parquet import _filesystem

    config = config or Config()
    fs, root = _filesystem(out)
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
    registry = ray.remote(num_cpus=0)(Registry).remote()
    stats = Stats(bytes_total=_input_bytes(files))
    tally = ray.remote(num_cpus=0)(Tally).remote() if progress else None
    root_out = out if "://" in out else str(Path(out).resolve())
    sink = _as_datasink(ContractSink(root_out, docs_per_row=config.batch_size))
    try:
        with _Poller(tally, progress, stats) if progress else contextlib.nullcontext():
            (ray.data.read_binary_files(files, include_paths=True, num_cpus=READ_CPUS)
             .flat_map(_records, fn_kwargs={"origins": origins}, num_cpus=READ_CPUS)
             .map_batches(Analyser, fn_constructor_kwargs={"config": config, "registry": registry, "tally": tally},
                          batch_size=config.batch_size, batch_format="pyarrow", concurrency=actors, num_cpus=1)
             .write_datasink(sink, ray_remote_args={"num_cpus": WRITE_CPUS}))
    finally:
        for actor in (registry, tally):
            if actor is not None:
                ray.kill(actor)
    for table in list(table_columns()) + ["errors"]:
        _ensure_table(root_out, table)
    done = sink.result
    summary = Summary(analysed=done.get("analysed", 0), skipped=done.get("skipped", 0), failed=done.get("failed", 0),
                      errors=[DatelineError(code, detail, origin) for code, detail, origin in done.get("errors", [])])
    stats.bytes_read = stats.bytes_total
    return RayResult(summary, time.perf_counter() - t0, root_out, dict(done.get("peaks", {})), stats)



def _as_datasink(sink: ContractSink):
    """The sink as a ``ray.data.Datasink`` subclass instance (Ray checks the type)."""
    from ray.data import Datasink

    cls = type("ContractDatasink", (ContractSink, Datasink), {})
    made = cls.__new__(cls)
    made.__dict__.update(sink.__dict__)
    return made


__all__ = ["run_ray", "RayResult", "Analyser", "ContractSink", "Registry", "Tally"]
