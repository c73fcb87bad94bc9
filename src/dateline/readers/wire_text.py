"""Plain-text wire copy: a header line, a dateline, a byline, then the body.

Recognised at the start of the text (the only place wire furniture appears):
- Trend-style header ``date 2021-04-08 Details added: first version posted on 12:01``
- datelines on their own line (``BAKU, Azerbaijan, Apr.8``) or leading the first paragraph
  (``SALVADOR, Feb 26 -``, ``TALLAHASSEE, Fla. (AP) —``, ``PARIS (AFP) -``)
- bylines ``By NAME``, ``By NAME - Agency:``
The body keeps its original characters; ``body_start`` says where it begins in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADER = re.compile(
    r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s*(?P<note>[^\n]*?)"
    r"(?:posted on\s+(?P<time>\d{1,2}:\d{2}))?\s*$", re.I | re.M)
MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
# CITY[, Region][, Country][, Mon D] [(Agency)] [-|—|–]
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z\u00C0-\u024F'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z\u00C0-\u024F'.\- ]{1,30}?){0,2})"
    r"(?:,\s*(?P<date>" + MONTH + r"\s?\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?"
    r"\s*(?P<sep>\s[-\u2013\u2014]+\s|[-\u2013\u2014]+\s|:\s|$)"
)
BYLINE = re.compile(
    r"^By\s+(?P<names>[^\n]+?)(?:\s*[-\u2013\u2014]\s*(?P<agency>[A-Z][\w .&]+?))?\s*:?\s*$", re.M)


@dataclass
class WireParts:
    body: str
    body_start: int
    header_date: str | None = None
    header_time: str | None = None
    versions: list[str] = field(default_factory=list)
    dateline_text: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None
    dateline_span: tuple[int, int] | None = None
    authors: list[str] = field(default_factory=list)
    agency: str | None = None


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names.strip())
    return [p.strip() for p in parts if p.strip()]


def _looks_like_dateline(m: re.Match, line: str, alone: bool) -> bool:
    place = m.group("place").strip()
    first = place.split(",")[0].strip()
    if alone:
        # a short line of place[, country][, date]; a sentence has a verb and lowercase words
        return len(line) <= 80 and not re.search(r"\b[a-z]{3,}\b", place) and (
            m.group("date") is not None or m.group("agency") is not None or first.isupper())
    # leading a paragraph: needs an all-caps city or an agency credit, and a dash separator
    return bool(m.group("sep").strip()) and (first.isupper() or m.group("agency") is not None) \
        and len(first) >= 2


def parse_wire(raw: str) -> WireParts:
    """Split wire furniture from the body. Text without furniture comes back whole."""
    pos = 0
    parts = WireParts(body=raw, body_start=0)
    lines = raw.split("\n")
    offsets, acc = [], 0
    for line in lines:
        offsets.append(acc)
        acc += len(line) + 1

    i = 0
    n = len(lines)

    def skip_blank(j: int) -> int:
        while j < n and not lines[j].strip():
            j += 1
        return j

    i = skip_blank(0)
    if i < n and (h := HEADER.match(lines[i])):
        parts.header_date = h.group("date")
        parts.header_time = h.group("time")
        note = (h.group("note") or "").strip().rstrip(":").strip()
        if note:
            parts.versions.append(note)
        i = skip_blank(i + 1)
    # up to three furniture lines: dateline and byline, in either order
    for _ in range(3):
        if i >= n:
            break
        line = lines[i].strip()
        if (b := BYLINE.match(line)) and len(line) < 120:
            parts.authors = _split_names(b.group("names"))
            parts.agency = (b.group("agency") or "").strip() or parts.agency
            i = skip_blank(i + 1)
            continue
        d = DATELINE.match(line)
        if d and parts.dateline_text is None and d.end() >= len(line.rstrip()) - 0 and _looks_like_dateline(d, line, True):
            start = offsets[i] + (len(lines[i]) - len(lines[i].lstrip()))
            parts.dateline_text = line.rstrip(" -\u2013\u2014:")
            parts.dateline_span = (start, start + len(parts.dateline_text))
            parts.dateline_place = d.group("place").strip()
            parts.dateline_date = d.group("date")
            parts.agency = d.group("agency") or parts.agency
            i = skip_blank(i + 1)
            continue
        break
    pos = offsets[i] if i < n else len(raw)
    # a dateline leading the first paragraph: "SALVADOR, Feb 26 - Brazil's ..."
    if parts.dateline_text is None and i < n:
        line = lines[i]
        lead = len(line) - len(line.lstrip())
        d = DATELINE.match(line.lstrip())
        if d and d.group("sep").strip() and _looks_like_dateline(d, line, False):
            text = line.lstrip()[: d.start("sep")].rstrip()
            parts.dateline_text = text
            parts.dateline_span = (pos + lead, pos + lead + len(text))
            parts.dateline_place = d.group("place").strip()
            parts.dateline_date = d.group("date")
            parts.agency = d.group("agency") or parts.agency
            pos = pos + lead + d.end()
    parts.body_start = pos
    parts.body = raw[pos:]
    return parts
