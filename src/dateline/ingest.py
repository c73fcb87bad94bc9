"""Ingest: readers → analyse → store, skipping what is stored and recording what fails.

The unit of work every engine shares is :func:`analyse_batch`: a list of RawArticles in, one
outcome per article out (analysed Article, skipped, or a per-document DatelineError). It runs the
cheap stages per document, parses the survivors in one ``nlp.pipe`` call, then the remaining
stages per document, each under a time limit, so one hostile document never fails its batch.
``ingest`` below is the single-process engine; ``dateline.scale`` adds worker processes and Ray
around the same function. Nothing here analyses: it moves records between readers, pipeline, store.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .errors import DatelineError
from .model import Article, article_id
from .readers import RawArticle, iter_articles
from .store import Store

# A news article runs through the whole pipeline in well under a second; the largest article the
# reading stage accepts (1M characters) parses in about a minute on one slow core. Two minutes per
# phase is therefore far above any real document yet keeps a pathological one from stalling a run.
DEFAULT_TIME_LIMIT = 120.0
BATCH_SIZE = 32  # spaCy's own nlp.pipe default; larger batches gain nothing on CPU


@dataclass
class Summary:
    analysed: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[DatelineError] = field(default_factory=list)
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {"analysed": self.analysed, "skipped": self.skipped, "failed": self.failed,
                "interrupted": self.interrupted, "errors": [e.to_dict() for e in self.errors]}


@dataclass
class Outcome:
    """What became of one input article: ``analysed`` (with its Article), ``skipped`` or ``failed``."""
    kind: str
    origin: str
    article: Article | None = None
    error: DatelineError | None = None


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so no stage's ``except Exception`` swallows it."""


def _on_alarm(signum, frame):  # pragma: no cover - runs inside a signal
    raise _Timeout()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM; main thread of a Unix process only).

    Elsewhere it does nothing: the local engine's parent also kills a worker that stops making
    progress, which covers code that never returns to the interpreter.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _as_error(exc: BaseException, origin: str, limit: float | None) -> DatelineError:
    """Any failure while analysing one document, as that document's DatelineError."""
    if isinstance(exc, DatelineError):
        exc.source = exc.source or origin
        return exc
    if isinstance(exc, _Timeout):
        return DatelineError("E008", f"limit {limit:g} s", origin)
    if isinstance(exc, RecursionError):
        return DatelineError("E006", "structure too deeply nested", origin)
    if isinstance(exc, MemoryError):
        return DatelineError("E004", "out of memory while analysing", origin)
    return DatelineError("E016", f"{exc.__class__.__name__}: {str(exc)[:200]}", origin)


def _guarded(fn: Callable[[], Any], origin: str, limit: float | None) -> DatelineError | None:
    try:
        with time_limit(limit):
            fn()
    except (Exception, _Timeout) as exc:  # noqa: BLE001 - every failure becomes a per-document error
        return _as_error(exc, origin, limit)
    return None


def analyse_batch(pipeline, items: list[RawArticle], limit: float | None = DEFAULT_TIME_LIMIT,
                  is_stored: Callable[[str], bool] | None = None,
                  heartbeat: Callable[[], None] | None = None) -> list[Outcome]:
    """Analyse a batch; one Outcome per item, in order. Never raises for a bad document.

    ``limit`` applies to each phase of each document (cheap stages, parse, later stages); a batch
    parse that overruns it is retried one document at a time so only the culprit fails.
    ``heartbeat`` is called after every phase so a supervisor can tell slow from stuck.
    """
    beat = heartbeat or (lambda: None)
    stages = pipeline.stages
    nlp_at = next((i for i, s in enumerate(stages) if s.name == "nlp"), len(stages))
    before, after = stages[:nlp_at], stages[nlp_at + 1:]
    outcomes: list[Outcome] = []
    docs: list[tuple[int, Any]] = []
    for raw in items:
        origin = raw.origin
        outcome = Outcome("analysed", origin)
        outcomes.append(outcome)
        doc = pipeline.new_document(raw.text, raw.hints)
        error = _guarded(lambda: [pipeline._run(s, doc) for s in before], origin, limit)
        beat()
        if error:
            outcome.kind, outcome.error = "failed", error
        elif is_stored is not None and is_stored(doc.article.id):
            outcome.kind = "skipped"
        else:
            docs.append((len(outcomes) - 1, doc))
    if nlp_at < len(stages) and docs:
        docs = _parse(pipeline, docs, outcomes, limit, beat)
    for i, doc in docs:
        error = _guarded(lambda: [pipeline._run(s, doc) for s in after], outcomes[i].origin, limit)
        beat()
        if error:
            outcomes[i].kind, outcomes[i].error = "failed", error
            continue
        doc.article.pipeline = {"stages": list(doc.done), **pipeline.resources.describe()}
        outcomes[i].article = doc.article
    return outcomes


def _parse(pipeline, docs: list[tuple[int, Any]], outcomes: list[Outcome], limit: float | None,
           beat: Callable[[], None]) -> list[tuple[int, Any]]:
    """Parse through nlp.pipe in one call; on failure, one by one so only the culprit fails."""
    from .stages.nlp import parse_batch

    def timed(group: list[Any]) -> None:
        t0 = time.perf_counter()
        parse_batch(group)
        pipeline.timings["nlp"] = pipeline.timings.get("nlp", 0.0) + time.perf_counter() - t0

    error = _guarded(lambda: timed([d for _, d in docs]), "", limit)
    beat()
    survivors = []
    for i, doc in docs:
        if error is not None:
            doc.spacy = None
            own = _guarded(lambda: timed([doc]), outcomes[i].origin, limit)
            beat()
            if own is not None:
                outcomes[i].kind, outcomes[i].error = "failed", own
                continue
        doc.done.append("nlp")
        survivors.append((i, doc))
    return survivors


def analyse_raw(raw: RawArticle, pipeline, limit: float | None = DEFAULT_TIME_LIMIT) -> Article | DatelineError:
    """Run the pipeline on one RawArticle; any failure comes back as a DatelineError."""
    outcome = analyse_batch(pipeline, [raw], limit)[0]
    return outcome.article if outcome.kind == "analysed" else outcome.error


def batches(items: Iterable[RawArticle | DatelineError], size: int) -> Iterator[list[RawArticle | DatelineError]]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def record(summary: Summary, store: Store, outcome: Outcome) -> str:
    """Write one outcome to the store (one transaction per article); returns the final kind."""
    if outcome.kind == "analysed" and outcome.article is not None:
        if store.add(outcome.article):
            summary.analysed += 1
            return "analysed"
        summary.skipped += 1
        return "skipped"
    if outcome.kind == "skipped":
        summary.skipped += 1
        return "skipped"
    fail(summary, store, outcome.error or DatelineError("E016", "no result", outcome.origin))
    return "failed"


def ingest(paths: Iterable[str], store: Store, pipeline,
           progress: Callable[[str, str], None] | None = None,
           limit: float | None = DEFAULT_TIME_LIMIT, batch_size: int = BATCH_SIZE) -> Summary:
    """Analyse every document under ``paths`` into ``store`` in this process (``--workers 0``)."""
    summary = Summary()
    for batch in batches(iter_articles(paths), batch_size):
        raws = []
        for item in batch:
            if isinstance(item, DatelineError):
                fail(summary, store, item)
                if progress:
                    progress("failed", item.source or "")
            else:
                raws.append(item)
        for outcome in analyse_batch(pipeline, raws, limit, store.has):
            kind = record(summary, store, outcome)
            if progress:
                progress(kind, outcome.origin)
    return summary


def fail(summary: Summary, store: Store, error: DatelineError) -> None:
    summary.failed += 1
    if len(summary.errors) < 10_000:  # the errors table has them all; memory stays bounded
        summary.errors.append(error)
    store.add_error(error)


__all__ = ["ingest", "Summary", "Outcome", "analyse_batch", "analyse_raw", "article_id", "time_limit",
           "DEFAULT_TIME_LIMIT", "BATCH_SIZE"]
