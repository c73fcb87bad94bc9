"""Times: every time expression (TIMEX3 DATE, TIME, DURATION, SET) found and normalised.

Values are anchored on the document creation time: the publication date, or the dateline's date
when it is more precise (a bare year or month of publication) or the story's own earlier day (a
wire story datelined the day before its feed stamp). Relative expressions prefer the past
unless a future cue is near, as news reports what happened. A range ("late Sept. through early
Nov. 2020", "since 2014") is given as one more expression whose value is an ISO 8601 interval
(``2020-09/2020-11``), besides its parts as TimeML annotates them.
"""

from __future__ import annotations

import datetime as dt

from ...dating import anchor_of, report_day
from ...document import Document
from ...model import TimeExpression
from ...pipeline import Stage
from .tagger import build_grammar, is_range, tag

__all__ = ["STAGE", "extract_times", "anchor_of", "document_anchor", "find_times", "is_range"]


def document_anchor(doc: Document) -> dt.date | None:
    """The anchor of doc's time expressions: the story's own day (see ``dating.anchor_of``)."""
    return report_day(doc)


def find_times(text: str, anchor: dt.date | None, resources) -> list[TimeExpression]:
    """Tag and normalise text's time expressions against anchor (ids T1, T2, ... in text order)."""
    grammar = resources.cached("times.grammar", build_grammar)
    out = []
    for i, c in enumerate(tag(text, anchor, grammar), 1):
        out.append(TimeExpression(f"T{i}", text[c.start:c.end], c.start, c.end, c.type, c.value, c.begin,
                                  c.end_value, c.mod, anchor.isoformat() if anchor else None))
    return out


def extract_times(doc: Document) -> None:
    times = find_times(doc.text, document_anchor(doc), doc.resources)
    doc.article.times = times


STAGE = Stage("times", frozenset({"text", "metadata"}), frozenset({"times"}), extract_times)
