"""Metadata: title, dates, authors, source, language and dateline, each with its provenance.

Caller and reader hints win over what the wire furniture says, except where the furniture is
more precise (a header time added to a bare publication date)."""

from __future__ import annotations

import datetime as dt
import re

from ..document import Document
from ..model import Dateline, article_id
from ..pipeline import Stage

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it be are has have said will not".split())


def parse_month_day(text: str, anchor: dt.date | None) -> str | None:
    """"Apr.8" / "Feb 26" / "Nov. 10, 2020" → ISO date; the year is the anchor's, moved back one
    year when that would put the date more than a week after the anchor (datelines are never ahead)."""
    m = re.match(r"([A-Za-z]{3})[a-z]*\.?\s?(\d{1,2})(?:,\s*(\d{4}))?", text.strip())
    if not m or m.group(1).lower() not in MONTHS:
        return None
    month, day = MONTHS[m.group(1).lower()], int(m.group(2))
    if m.group(3):
        year = int(m.group(3))
    elif anchor:
        year = anchor.year
        try:
            if dt.date(year, month, day) > anchor + dt.timedelta(days=7):
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def detect_language(text: str) -> str | None:
    """English when function words are common; None when undecided (too little text).

    A share of 8 % is far below English prose (~40 %) and far above other Latin-script languages."""
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    if len(words) < 8:
        return "en" if words else None
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    return "en" if share >= 0.08 else "und"


def iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract_metadata(doc: Document) -> None:
    meta = doc.article.article
    wire = doc.scratch.get("wire")
    hints = doc.hints
    for name in ("title", "updated", "source", "url", "origin"):
        if hints.get(name):
            setattr(meta, name, hints[name])
            doc.provenance(name, "input")
    published = hints.get("published")
    if published:
        published = str(published)
        doc.provenance("published", "input")
    if wire and wire.header_date:
        if not published or (published == wire.header_date and wire.header_time):
            published = wire.header_date + (f"T{int(wire.header_time.split(':')[0]):02d}:"
                                            f"{wire.header_time.split(':')[1]}" if wire.header_time else "")
            doc.provenance("published", "wire-header")
    meta.published = published
    if hints.get("authors"):
        authors = hints["authors"]
        meta.authors = [authors] if isinstance(authors, str) else list(authors)
        doc.provenance("authors", "input")
    elif wire and wire.authors:
        meta.authors = wire.authors
        doc.provenance("authors", "wire-byline")
    if not meta.source and wire and wire.agency:
        meta.source = wire.agency
        doc.provenance("source", "wire-byline")
    if wire:
        meta.versions = list(wire.versions)
    if wire and wire.dateline_text:
        anchor = iso_date(meta.published)
        date = parse_month_day(wire.dateline_date, anchor) if wire.dateline_date else None
        span = wire.dateline_span or (None, None)
        meta.dateline = Dateline(text=wire.dateline_text, place=None, date=date, start=span[0], end=span[1])
        doc.scratch["dateline_place_text"] = wire.dateline_place
        if not meta.published and date:
            meta.published = date
            doc.provenance("published", "dateline")
    meta.language = hints.get("language") or detect_language(doc.text)
    doc.provenance("language", "input" if hints.get("language") else "detected")
    meta.analysed = meta.language in (None, "en") or str(meta.language).startswith("en")
    doc.article.id = article_id(doc.text)


STAGE = Stage("metadata", frozenset({"text"}), frozenset({"metadata", "id"}), extract_metadata)
