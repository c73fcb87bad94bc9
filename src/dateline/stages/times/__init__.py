"""Times: time expressions normalised to TIMEX3 values anchored on the publication date.

First version: years and month-day dates."""

from __future__ import annotations

import re

from ...document import Document
from ...model import TimeExpression
from ...pipeline import Stage
from ..metadata import MONTHS, iso_date, parse_month_day

MONTH_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s?\d{1,2}\b(?:,\s*\d{4})?")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?![,.]?\d)")


def extract_times(doc: Document) -> None:
    text = doc.text
    anchor = iso_date(doc.article.article.published)
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for m in MONTH_DAY.finditer(text):
        if m.group(0)[:3].lower() not in MONTHS:
            continue
        value = parse_month_day(m.group(0), anchor)
        if value:
            found.append(TimeExpression("", m.group(0), m.start(), m.end(), "DATE", value, value, value,
                                        anchor=anchor.isoformat() if anchor else None))
            taken.append((m.start(), m.end()))
    for m in YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        y = m.group(1)
        found.append(TimeExpression("", y, m.start(), m.end(), "DATE", y, f"{y}-01-01", f"{y}-12-31"))
    found.sort(key=lambda t: t.start)
    for i, t in enumerate(found, 1):
        t.id = f"T{i}"
    doc.article.times = found


STAGE = Stage("times", frozenset({"text", "metadata"}), frozenset({"times"}), extract_times)
