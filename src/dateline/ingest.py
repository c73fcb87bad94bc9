"""Ingest: readers → analyze → store, skipping what is stored and recording what fails.

This is the single-process engine; ``dateline.scale`` adds worker processes and Ray around the
same steps. Nothing here analyses: it moves records between the readers, the pipeline and the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import DatelineError
from .model import article_id
from .readers import RawArticle, iter_articles
from .store import Store


@dataclass
class Summary:
    analysed: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[DatelineError] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"analysed": self.analysed, "skipped": self.skipped, "failed": self.failed,
                "errors": [e.to_dict() for e in self.errors]}


def analyse_raw(raw: RawArticle, pipeline) -> "object":
    """Run the pipeline on one RawArticle, turning any unexpected failure into a DatelineError."""
    try:
        return pipeline(raw.text, **raw.hints)
    except DatelineError as exc:
        exc.source = exc.source or raw.origin
        return exc
    except RecursionError:
        return DatelineError("E006", "structure too deeply nested", raw.origin)
    except MemoryError:
        return DatelineError("E004", "out of memory while analysing", raw.origin)


def ingest(paths: Iterable[str | Path], store: Store, pipeline,
           progress: Callable[[str, str], None] | None = None) -> Summary:
    """Analyse every document under ``paths`` into ``store``; bad documents are recorded, not fatal."""
    summary = Summary()
    for raw in iter_articles(paths):
        if isinstance(raw, DatelineError):
            _fail(summary, store, raw)
            if progress:
                progress("failed", raw.source or "")
            continue
        try:  # a document whose body is already stored is skipped before parsing
            if store.has(pipeline.peek_id(raw.text, **raw.hints)):
                summary.skipped += 1
                if progress:
                    progress("skipped", raw.origin)
                continue
        except DatelineError:
            pass  # analyse_raw reports it
        result = analyse_raw(raw, pipeline)
        if isinstance(result, DatelineError):
            _fail(summary, store, result)
            outcome = "failed"
        elif store.add(result):
            summary.analysed += 1
            outcome = "analysed"
        else:
            summary.skipped += 1
            outcome = "skipped"
        if progress:
            progress(outcome, raw.origin)
    return summary


def _fail(summary: Summary, store: Store, error: DatelineError) -> None:
    summary.failed += 1
    summary.errors.append(error)
    store.add_error(error)


__all__ = ["ingest", "Summary", "analyse_raw", "article_id"]
