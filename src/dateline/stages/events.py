"""Events: who did what to whom, coded in PLOVER. First version: none extracted yet."""

from __future__ import annotations

from ..document import Document
from ..pipeline import Stage


def extract_events(doc: Document) -> None:
    doc.article.events = []


STAGE = Stage("events", frozenset({"spacy", "entities", "places", "times", "quotes"}), frozenset({"events"}),
              extract_events)
