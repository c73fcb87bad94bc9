"""The stage protocol and the ordered pipeline.

Each stage declares what it requires and what it assigns; the order is checked once when a
Pipeline is built, so a misordered configuration fails at start-up, not halfway through a corpus.
The nlp stage runs batched through ``nlp.pipe``; every other stage runs per document.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .document import Document
from .errors import DatelineError
from .model import Article
from .resources import Resources


@dataclass(frozen=True)
class Stage:
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    run: Callable[[Document], None]


def default_stages() -> list[Stage]:
    from .stages import entities, events, metadata, nlp, places, quotes, reading, times

    return [reading.STAGE, metadata.STAGE, nlp.STAGE, entities.STAGE, places.STAGE, times.STAGE,
            quotes.STAGE, events.STAGE]


def check_order(stages: list[Stage]) -> None:
    have: set[str] = set()
    for stage in stages:
        missing = stage.requires - have
        if missing:
            raise DatelineError("E015", f"stage {stage.name!r} needs {sorted(missing)}")
        have |= stage.assigns


@dataclass
class Pipeline:
    resources: Resources
    stages: list[Stage] = field(default_factory=default_stages)
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per stage, cumulative

    def __post_init__(self) -> None:
        check_order(self.stages)

    def _run(self, stage: Stage, doc: Document) -> None:
        t0 = time.perf_counter()
        stage.run(doc)
        doc.done.append(stage.name)
        self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - t0

    def new_document(self, raw: str, hints: dict[str, Any]) -> Document:
        return Document(raw=raw, resources=self.resources, hints={k: v for k, v in hints.items() if v is not None})

    def peek(self, raw: str, **hints: Any) -> Document:
        """Run only the cheap stages before parsing (reading, metadata): body text, metadata, id."""
        doc = self.new_document(raw, hints)
        for stage in self.stages:
            if stage.name == "nlp":
                break
            stage.run(doc)
        return doc

    def peek_id(self, raw: str, **hints: Any) -> str:
        """The article id without parsing: lets ingest skip stored articles cheaply."""
        return self.peek(raw, **hints).article.id

    def __call__(self, raw: str, **hints: Any) -> Article:
        return next(iter(self.pipe([(raw, hints)])))

    def pipe(self, items: Iterable[tuple[str, dict[str, Any]]], batch_size: int = 32) -> Iterator[Article]:
        """Analyse (raw text, hints) pairs, parsing bodies in batches through ``nlp.pipe``."""
        batch: list[Document] = []
        for raw, hints in items:
            batch.append(self.new_document(raw, hints))
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, docs: list[Document]) -> Iterator[Article]:
        self.run_batch(docs)
        for doc in docs:
            doc.article.pipeline = {"stages": list(doc.done), **self.resources.describe()}
            yield doc.article

    def run_batch(self, docs: list[Document]) -> None:
        """Run every stage over these Documents, parsing their bodies in one ``nlp.pipe`` batch (for
        callers that need the Documents themselves, e.g. a fit reading the spaCy parse)."""
        nlp_index = next((i for i, s in enumerate(self.stages) if s.name == "nlp"), None)
        before = self.stages if nlp_index is None else self.stages[:nlp_index]
        after = [] if nlp_index is None else self.stages[nlp_index + 1:]
        for doc in docs:
            for stage in before:
                self._run(stage, doc)
        if nlp_index is not None:
            from .stages.nlp import parse_batch

            t0 = time.perf_counter()
            parse_batch(docs)
            self.timings["nlp"] = self.timings.get("nlp", 0.0) + time.perf_counter() - t0
            for doc in docs:
                doc.done.append("nlp")
        for doc in docs:
            for stage in after:
                self._run(stage, doc)
