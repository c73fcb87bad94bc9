"""The local engine: every core of one machine, one writer, bounded memory, safe to interrupt.

Layout: a reader thread turns inputs into RawArticles (bounded queue); N worker processes each load
the models once and analyse batches through ``nlp.pipe`` (:func:`dateline.ingest.analyse_batch`);
this process is the one writer. Workers send each batch back as the store's rows, already built
(:mod:`dateline.scale.rows`), and the writer commits each batch in one transaction (whole articles
or none) as it arrives, so the one serial step costs a fraction of a millisecond per article.

Supervision: each worker holds at most ``MAX_INFLIGHT`` batches, so the parent always knows which
documents a worker holds. Workers beat a shared clock after every document phase; a worker that
stops beating for longer than the time limit, grows beyond the memory limit, or dies (segfault,
OOM-kill) is killed and replaced, and its batches are re-run one document at a time so only the
culprit fails (E008 time, E004 memory, E016 crash). Ctrl-C stops feeding, drops the work in flight
and returns: everything stored so far is committed, and a re-run skips it (resumable).
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import DatelineError
from ..ingest import BATCH_SIZE, DEFAULT_TIME_LIMIT, Summary, analyse_batch, fail
from ..readers import RawArticle, iter_files, read_file
from ..store import Store
from .rows import BatchWriter, Result, to_results

MAX_INFLIGHT = 2  # batches queued per worker: one running, one ready, so no worker waits on the parent
# A worker's resident memory is ~300-450 MB (spaCy small model, gazetteer, lexicons); parsing the
# longest accepted article adds a few hundred MB. Above 2 GB something is wrong with the input.
WORKER_RSS_LIMIT = 2 * 1024**3
READ_AHEAD = 4  # batches of RawArticles read ahead of the workers, per worker


@dataclass
class Config:
    model: str | None = None
    actors: str | None = None
    agents: str | None = None
    verbs: str | None = None
    limit: float | None = DEFAULT_TIME_LIMIT
    batch_size: int = BATCH_SIZE
    rss_limit: int = WORKER_RSS_LIMIT
    factory: str | None = None  # "module:function(config) -> Pipeline" for custom stages

    def pipeline_args(self) -> tuple:
        return (self.model, self.actors, self.agents, self.verbs)

    def build(self):
        """This process's Pipeline (models load once per process, on first use)."""
        if self.factory:
            import importlib

            module, _, name = self.factory.partition(":")
            return getattr(importlib.import_module(module), name)(self)
        from .. import get_pipeline

        return get_pipeline(*self.pipeline_args())


@dataclass
class Stats:
    """Run statistics for progress displays and the benchmark."""
    bytes_total: int = 0
    bytes_read: int = 0
    started: float = field(default_factory=time.monotonic)
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker slot -> peak resident bytes
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over workers
    ready: float | None = None  # when every worker had its models loaded (monotonic)
    finished: float | None = None
    parent_cpu: float = 0.0  # CPU seconds of the engine's own process (reader, writer, supervisor)

    def steady_seconds(self) -> float:
        """Wall time after start-up (model loading), the figure that scales to large corpora."""
        return (self.finished or time.monotonic()) - (self.ready or self.started)


ProgressFn = Callable[[str, str, Summary, Stats], None]


WARM_UP = "PARIS, Jan 5 (Reuters) - France's foreign minister said on Monday he would visit Kenya in May."


def warm(pipeline):
    """Load every model, gazetteer and lexicon now (stages load theirs on first use), so the
    first real document's time limit measures analysis, not loading."""
    pipeline(WARM_UP)
    pipeline.timings.clear()
    return pipeline


# -- the worker ---------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (kill -9 of an ingest leaves no orphans)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def peak_rss_bytes() -> int:
    """This process's peak resident set size (VmHWM), in bytes."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _worker(slot: int, config: Config, db: str | None, tasks, conn, clock) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    _die_with_parent()
    try:
        pipeline = warm(config.build())
        store = Store(db, readonly=True) if db else None
    except DatelineError as exc:  # a configuration error: every worker would fail the same way
        conn.send(("fatal", slot, exc))
        return
    except Exception as exc:  # noqa: BLE001 - report why, rather than die silently
        conn.send(("fatal", slot, DatelineError("E016", f"worker setup failed: {exc.__class__.__name__}: {exc}")))
        return
    conn.send(("ready", slot, os.getpid()))
    parent = os.getppid()
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if task is None:
            break
        bid, items = task
        clock.value = time.time()
        conn.send(("start", slot, bid))

        def beat() -> None:
            clock.value = time.time()

        pipeline.timings.clear()
        outcomes = analyse_batch(pipeline, items, config.limit, store.has if store else None, beat)
        results = to_results(outcomes)  # the writer only inserts: see rows.py
        clock.value = 0.0
        conn.send(("done", slot, bid, results, peak_rss_bytes(), dict(pipeline.timings)))
    conn.close()


# -- the parent ---------------------------------------------------------------------------------
@dataclass
class _Slot:
    index: int
    proc: Any
    tasks: Any
    conn: Any
    clock: Any
    ready: bool = False
    held: "collections.OrderedDict[int, list[RawArticle]]" = field(default_factory=collections.OrderedDict)
    started: int | None = None  # id of the batch it is working on


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def guarded_articles(paths: Iterable[str | Path]) -> Iterator[RawArticle | DatelineError]:
    """``iter_articles``, file by file, so a reader bug on one file is that file's error (E016)
    and the run goes on with the next file."""
    for item in iter_files(paths):
        if isinstance(item, DatelineError):
            yield item
            continue
        try:
            yield from read_file(item)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not end the run
            yield DatelineError("E016", f"reader failed: {exc.__class__.__name__}: {str(exc)[:200]}", str(item))


def input_sizes(paths: Iterable[str | Path]) -> dict[str, int]:
    """Size of every input file, by the path string the readers put in ``origin``."""
    sizes: dict[str, int] = {}
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                for child in path.rglob("*"):
                    if child.is_file():
                        sizes[str(child)] = child.stat().st_size
            elif path.is_file():
                sizes[str(path)] = path.stat().st_size
        except OSError:
            continue
    return sizes


class LocalEngine:
    """Run an ingest over ``paths`` into the SQLite store at ``db`` with ``workers`` processes."""

    def __init__(self, db: str | Path, workers: int | None = None, config: Config | None = None,
                 progress: ProgressFn | None = None, start_method: str = "spawn"):
        self.db = str(db)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.config = config or Config()
        self.progress = progress
        self.ctx = mp.get_context(start_method)
        self.summary = Summary()
        self.stats = Stats()
        self._slots: list[_Slot] = []
        self._next_bid = 0
        self._retry: collections.deque[list[RawArticle]] = collections.deque()
        self._stop = threading.Event()

    # workers
    def _spawn(self, index: int) -> _Slot:
        tasks = self.ctx.Queue()
        here, there = self.ctx.Pipe(duplex=False)
        clock = self.ctx.Value("d", 0.0, lock=False)
        proc = self.ctx.Process(target=_worker, args=(index, self.config, self.db, tasks, there, clock),
                                name=f"dateline-worker-{index}", daemon=True)
        proc.start()
        there.close()
        return _Slot(index, proc, tasks, here, clock)

    def _retire(self, slot: _Slot, reason: str) -> None:
        """Kill a stuck, bloated or dead worker; re-run its batches one document at a time."""
        if slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(5)
        if not slot.ready:
            raise DatelineError("E016", f"worker {slot.index} failed to start (exit code {slot.proc.exitcode})")
        code = {"time": "E008", "memory": "E004"}.get(reason, "E016")
        detail = {"time": f"no progress for {self.config.limit:g} s; worker stopped",
                  "memory": f"worker exceeded {self.config.rss_limit // 2**20} MB"}.get(
            reason, f"worker process died (exit code {slot.proc.exitcode})")
        for bid, items in reversed(slot.held.items()):
            if len(items) > 1:
                self._retry.extendleft([[raw] for raw in reversed(items)])
            elif bid == slot.started:
                raw = items[0]
                self._write([Result("failed", raw.origin, error=DatelineError(code, detail, raw.origin))])
            else:
                self._retry.appendleft(items)
        slot.tasks.cancel_join_thread()
        slot.conn.close()
        self._slots[slot.index] = self._spawn(slot.index)

    # reading
    def _reader(self, paths: list[str], out: "queue.Queue[Any]") -> None:
        sizes = input_sizes(paths)
        self.stats.bytes_total = sum(sizes.values())
        seen: set[str] = set()
        try:
            for item in guarded_articles(paths):
                if self._stop.is_set():
                    return
                origin = (item.source if isinstance(item, DatelineError) else item.origin) or ""
                path = origin.split("#", 1)[0]
                if path in sizes and path not in seen:
                    seen.add(path)
                    self.stats.bytes_read += sizes[path]
                while not self._stop.is_set():
                    try:
                        out.put(item, timeout=0.5)
                        break
                    except queue.Full:
                        continue
        except BaseException as exc:  # noqa: BLE001 - a reader bug must not hang the run
            out.put(DatelineError("E016", f"reader failed: {exc.__class__.__name__}: {exc}"))
        finally:
            out.put(None)

    def _write(self, results: list[Result]) -> None:
        progress = self.progress
        self.writer.write(results, (lambda kind, origin: progress(kind, origin, self.summary, self.stats))
                          if progress else None)

    def _next_batch(self, inbox: "queue.Queue[Any]") -> list[RawArticle] | None:
        if self._retry:
            return self._retry.popleft()
        batch: list[RawArticle] = []
        while len(batch) < self.config.batch_size and not self._reader_done:
            try:
                item = inbox.get(timeout=0.05 if not batch else 0.01)
            except queue.Empty:
                break
            if item is None:
                self._reader_done = True
            elif isinstance(item, DatelineError):
                fail(self.summary, self.store, item)
                if self.progress:
                    self.progress("failed", item.source or "", self.summary, self.stats)
            else:
                batch.append(item)
        return batch or None

    def run(self, paths: Iterable[str | Path]) -> Summary:
        cpu0 = time.process_time()
        self.store = Store(self.db)  # creates and migrates before workers open it read-only
        self.writer = BatchWriter(self.store, self.summary)
        inbox: queue.Queue[Any] = queue.Queue(maxsize=self.config.batch_size * READ_AHEAD * self.workers)
        self._reader_done = False
        self._slots = [self._spawn(i) for i in range(self.workers)]
        reader = threading.Thread(target=self._reader, args=([str(p) for p in paths], inbox), daemon=True)
        reader.start()
        restore = self._trap_signals()
        try:
            self._loop(inbox)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            self._stop.set()
            restore()
            self.stats.finished = time.monotonic()
            self.stats.parent_cpu = time.process_time() - cpu0
            self._shutdown()
            self.store.close()
        return self.summary

    def _trap_signals(self) -> Callable[[], None]:
        """Ctrl-C (or SIGTERM) asks the loop to stop between writes; a second Ctrl-C stops at once."""
        if threading.current_thread() is not threading.main_thread():
            return lambda: None

        def stop(signum, frame):
            if self.summary.interrupted:
                raise KeyboardInterrupt
            self.summary.interrupted = True

        old = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        return lambda: [signal.signal(sig, handler) for sig, handler in old.items()]

    def _loop(self, inbox: "queue.Queue[Any]") -> None:
        while not self.summary.interrupted:
            for depth in range(MAX_INFLIGHT):  # feed round-robin, at most MAX_INFLIGHT batches per worker
                for slot in sorted(self._slots, key=lambda s: len(s.held)):
                    if not slot.proc.is_alive() or len(slot.held) > depth:
                        continue
                    batch = self._next_batch(inbox)
                    if batch is None:
                        break
                    bid, self._next_bid = self._next_bid, self._next_bid + 1
                    slot.held[bid] = batch
                    slot.tasks.put((bid, batch))
            busy = any(s.held for s in self._slots)
            if not busy and not self._retry and self._reader_done and inbox.empty():
                return
            by_conn = {s.conn: s for s in self._slots}
            by_sentinel = {s.proc.sentinel: s for s in self._slots}
            for ready in wait(list(by_conn) + list(by_sentinel), timeout=0.25):
                slot = by_conn.get(ready) or by_sentinel.get(ready)
                if slot is None or self._slots[slot.index] is not slot:
                    continue  # already replaced this round
                if ready in by_conn:
                    self._receive(slot)
                elif not slot.proc.is_alive():
                    while slot.conn.poll():  # keep what it finished before dying
                        if not self._receive(slot):
                            break
                    if self._slots[slot.index] is slot:
                        self._retire(slot, "died")
            self._watch()

    def _receive(self, slot: _Slot) -> bool:
        try:
            message = slot.conn.recv()
        except (EOFError, OSError):
            if self._slots[slot.index] is slot:
                self._retire(slot, "died")
            return False
        if message[0] == "ready":
            slot.ready = True
            if self.stats.ready is None and all(s.ready for s in self._slots):
                self.stats.ready = time.monotonic()
        elif message[0] == "fatal":
            raise message[2]
        elif message[0] == "start":
            slot.started = message[2]
        elif message[0] == "done":
            _, index, bid, results, peak, timings = message
            slot.held.pop(bid, None)
            slot.started = None
            self.stats.peak_rss[index] = max(self.stats.peak_rss.get(index, 0), peak)
            for name, seconds in timings.items():
                self.stats.timings[name] = self.stats.timings.get(name, 0.0) + seconds
            self._write(results)
        return True

    def _watch(self) -> None:
        """Kill workers that stopped making progress or outgrew the memory limit."""
        now = time.time()
        # the in-worker alarm fires at the limit when it can; this is the backstop for code that
        # never returns to the interpreter, so it waits half as long again before killing
        grace = (self.config.limit or 0) * 1.5 + 2.0
        for slot in list(self._slots):
            if slot.started is None or not slot.proc.is_alive():
                continue
            beat = slot.clock.value
            if self.config.limit and beat and now - beat > grace:
                self._retire(slot, "time")
            elif _rss(slot.proc.pid) > self.config.rss_limit:
                self._retire(slot, "memory")

    def _shutdown(self) -> None:
        for slot in self._slots:
            if self.summary.interrupted or not slot.proc.is_alive():
                continue
            try:
                slot.tasks.put(None)
            except (OSError, ValueError):
                pass
        deadline = time.time() + (0 if self.summary.interrupted else 10)
        for slot in self._slots:
            slot.proc.join(max(0.0, deadline - time.time()))
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join(5)
            slot.tasks.cancel_join_thread()


def run_local(paths: Iterable[str | Path], db: str | Path, workers: int | None = None,
              config: Config | None = None, progress: ProgressFn | None = None) -> tuple[Summary, Stats]:
    """Ingest ``paths`` into ``db`` with ``workers`` processes (default: every core)."""
    engine = LocalEngine(db, workers, config, progress)
    summary = engine.run(paths)
    return summary, engine.stats


__all__ = ["warm", "Config", "LocalEngine", "Stats", "run_local", "input_sizes", "peak_rss_bytes", "WORKER_RSS_LIMIT"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: dateline ingest --workers N")
