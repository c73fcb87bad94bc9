"""Scale: every core of one machine (``local``), or a Ray cluster (``ray_engine``).

Both engines run the same unit of work, :func:`dateline.ingest.analyse_batch`, so they produce the
same records for the same inputs; they differ only in where results go (SQLite or Parquet).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ..errors import DatelineError
from ..ingest import Summary


def ingest_command(paths: list[str], db: Path, workers: int | None = None, engine: str = "local",
                   address: str | None = None, out: str | None = None, time_limit: float | None = None,
                   model: str | None = None, actors: Any = None, agents: Any = None, verbs: Any = None,
                   console: Any = None) -> Summary:
    """What ``dateline ingest`` does, with a progress bar on ``console`` (a rich Console; None: no
    bar). Both engines draw the same bar: documents done, new and failed, articles/s, and input
    bytes with an ETA when their total is known."""
    from .local import Config

    config = Config(model=model, actors=str(actors) if actors else None, agents=str(agents) if agents else None,
                    verbs=str(verbs) if verbs else None, limit=time_limit or None)
    if engine == "ray":
        if not out:
            raise DatelineError("E010", "--engine ray writes Parquet: give --out DIR (then `dateline import-parquet`)")
        from .ray_engine import run_ray

        with _Bar(console) as bar:
            # live counts only where they are drawn: off the terminal Rich prints the last line alone
            live = bar.progress is not None and bool(getattr(console, "is_terminal", False))
            result = run_ray(paths, out, address=address, cpus=workers or None, config=config,
                             progress=(lambda summary, stats: bar.tick("analysed", "", summary, stats)) if live else None)
            bar.finish(result.summary, result.stats)
            return result.summary
    if engine != "local":
        raise DatelineError("E010", f"--engine must be local or ray, not {engine!r}")
    if out or address:
        raise DatelineError("E010", "--out and --address belong to --engine ray")
    for p in paths:
        if "://" in p:
            raise DatelineError("E010", f"{p}: URLs need --engine ray (the local engine reads local paths)")
    with _Bar(console) as bar:
        if workers == 0:
            summary, stats = _in_process(paths, db, config, bar), None
        else:
            from .local import run_local

            summary, stats = run_local(paths, db, workers or os.cpu_count() or 1, config, bar.tick)
        bar.finish(summary, stats)  # ticks are throttled: the last documents may not have been drawn
        return summary


def _in_process(paths: list[str], db: Path, config, bar: "_Bar") -> Summary:
    from .. import get_pipeline
    from ..ingest import ingest
    from ..store import Store

    store = Store(db)
    pipeline = get_pipeline(*config.pipeline_args())
    summary = Summary()

    def progress(kind: str, origin: str) -> None:
        setattr(summary, kind, getattr(summary, kind) + 1)
        bar.tick(kind, origin, summary, None)

    try:
        return ingest(paths, store, pipeline, progress, config.limit, config.batch_size)
    except KeyboardInterrupt:
        summary.interrupted = True
        return summary


class _Bar:
    """A rich progress bar over input bytes (hence an ETA), with articles per second."""

    def __init__(self, console: Any):
        self.console = console
        self.progress = None
        self.t0 = time.monotonic()
        self.last = 0.0

    def __enter__(self) -> "_Bar":
        if self.console is not None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                     TextColumn("{task.description}"), TimeElapsedColumn(), TextColumn("ETA"),
                                     TimeRemainingColumn(), console=self.console, transient=False)
            self.progress.__enter__()
            self.task = self.progress.add_task("", total=None)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)

    def tick(self, kind: str, origin: str, summary: Summary, stats: Any) -> None:
        """One document done; redrawn at most every 0.2 s (a failure at once) so drawing costs nothing."""
        now = time.monotonic()
        if self.progress is None or (now - self.last < 0.2 and kind != "failed"):
            return
        self.last = now
        self._draw(summary, stats, now)

    def finish(self, summary: Summary, stats: Any) -> None:
        """The final state, whatever the throttle skipped: every document counted and, for a run
        that was not interrupted, a full bar (over bytes when the engine counts them, else over
        the documents themselves, whose number is only known now)."""
        if self.progress is None:
            return
        self._draw(summary, stats, time.monotonic())
        done = summary.analysed + summary.skipped + summary.failed
        if summary.interrupted:
            return
        if stats is not None and stats.bytes_total:
            self.progress.update(self.task, total=stats.bytes_total, completed=stats.bytes_total)
        else:
            self.progress.update(self.task, total=max(done, 1), completed=max(done, 1))

    def _draw(self, summary: Summary, stats: Any, now: float) -> None:
        assert self.progress is not None
        done = summary.analysed + summary.skipped + summary.failed
        rate = summary.analysed / max(now - self.t0, 1e-6)
        update: dict[str, Any] = {"description": f"{done:,} docs ({summary.analysed:,} new, {summary.failed:,} "
                                                 f"failed) {rate:.1f} articles/s"}
        if stats is not None and stats.bytes_total:
            update |= {"total": stats.bytes_total, "completed": stats.bytes_read}
        self.progress.update(self.task, **update)


__all__ = ["ingest_command"]
