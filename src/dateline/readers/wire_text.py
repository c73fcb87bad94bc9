"""Plain-text wire copy: header, headline, dateline, byline and trailers around the body.

Recognised at the start of the text (the only place wire furniture appears):
- Trend-style header ``date 2021-04-08 Details added: first version posted on 12:01``
- a headline line (short, no closing full stop, then a blank line), with wire prefixes
  ``UPDATE 2-``, ``REFILE-``, ``CORRECTED-`` kept as version notes, and ``(Adds ...)`` lines
- datelines on their own line (``BAKU, Azerbaijan, Apr.8``) or leading the first paragraph:
  Reuters ``SALVADOR, Feb 26 -`` / ``KABUL, Oct 3 (Reuters) -``, AP ``TALLAHASSEE, Fla. (AP) —``,
  AFP ``PARIS (AFP) -``, ``CITY, Country, Month D (Agency) -``, ``NEW DELHI:`` (caps city, colon)
- bylines ``By NAME``, ``By NAME - Agency:``, ``By NAME, Agency``, ``NAME, Agency``
At the end: ``Reporting by ...; Editing by ...`` credits (with or without brackets), the
``Reuter``/``(AP)`` sign-off and copyright lines; they leave the body and become metadata.
The body keeps its original characters; ``body_start``/``body_end`` say where it is in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bylines import TRAILER, agency, clean_authors, parse_credits

HEADER = re.compile(
    r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s*(?P<note>[^\n]*?)"
    r"(?:posted on\s+(?P<time>\d{1,2}:\d{2}))?\s*$", re.I | re.M)
MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
DATE = (r"(?:" + MONTH + r"\s?\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?"
        r"|\d{1,2}\s" + MONTH + r"(?:\s\d{4})?)")
_PLACE_WORD = (r"(?:[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'./\-]*"
               r"|(?:de|da|do|dos|das|del|della|di|du|des|la|le|les|el|al|am|an|sur|upon|en|y|of|on)(?=[ ]))")
# CITY[, Region][, Country][, Mon D] [(Agency)] [-|—|–|:]
DATELINE = re.compile(
    r"^(?P<place>[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'./\-]*(?:[ ]" + _PLACE_WORD + r"){0,4}"
    r"(?:[ ]?,[ ]?" + _PLACE_WORD + r"(?:[ ]" + _PLACE_WORD + r"){0,3}){0,2})"
    r"(?:[ ]?,?\s*(?P<date>" + DATE + r"))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\))?"
    r"\s*(?P<sep>\s*[-\u2013\u2014_]{1,2}\s*$|\s[-\u2013\u2014]+\s|[-\u2013\u2014]{1,2}\s|\s?_\s|:\s|$)"
)
BYLINE = re.compile(
    r"^By\s+(?P<names>[^\n]+?)(?:\s*[-\u2013\u2014]\s*(?P<agency>[A-Z][\w .&-]+?))?\s*:?\s*$", re.M | re.I)
# wire slugs before a headline: "UPDATE 2-", "REFILE-", "CORRECTED-", "WRAPUP 1-"
SLUG = re.compile(r"^(?P<slug>(?:UPDATE|REFILE|CORRECTED|CORRECTION|WRAPUP|RPT|REPEAT|INSIGHT|EXCLUSIVE|ANALYSIS"
                  r"|FACTBOX|TIMELINE|PREVIEW|RECAP)(?:\s+\d+)?)\s*[-:]\s*(?=\S)")
ADDS = re.compile(r"^\((?P<note>(?:Adds|Updates|Corrects|Recasts|Changes|Removes|Rewrites|Refiles|Fixes|Repeats)\b[^)]*)\)$",
                  re.I)
UPDATED_LINE = re.compile(r"^(?:Last\s+)?Updated:?\s+(?P<when>.{6,60})$", re.I)
NOT_PLACES = frozenset({"UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "FACTBOX", "WRAPUP", "REFILE", "CORRECTED",
                        "URGENT", "FLASH", "OPINION", "EDITORIAL", "COMMENT", "WATCH", "LIVE", "PHOTOS", "VIDEO",
                        "NOTE", "EDITOR'S NOTE", "EDITORS NOTE", "WARNING", "ADVISORY", "CORRECTION", "BULLETIN",
                        "BY", "Q", "A", "TEXT", "PHOTO", "FILE", "SOURCE", "TAGS", "READ MORE", "RELATED", "NEW",
                        "INSIGHT", "TIMELINE", "PREVIEW", "RECAP", "REPEAT", "RPT", "SPECIAL REPORT"})
SIGN_OFF = re.compile(r"^\s*(?:[-\u2013\u2014]{1,2}\s*)?\(?(?:Reuters?|REUTERS?|AP|AFP|dpa|UPI|Xinhua|IANS|PTI|ANI)\)?\s*$")
COPYRIGHT = re.compile(r"^\s*(?:Copyright|\u00a9|\(c\))\s.{0,200}$", re.I)


@dataclass
class WireParts:
    body: str
    body_start: int
    body_end: int | None = None
    header_date: str | None = None
    header_time: str | None = None
    title: str | None = None
    updated: str | None = None
    versions: list[str] = field(default_factory=list)
    dateline_text: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None
    dateline_span: tuple[int, int] | None = None
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    credits: dict[str, list[str]] = field(default_factory=dict)
    trailer: str | None = None


def _looks_like_dateline(m: re.Match, line: str, alone: bool) -> bool:
    place = m.group("place").strip()
    first = place.split(",")[0].strip()
    if first.upper() in NOT_PLACES or place.upper() in NOT_PLACES or len(first) < 2:
        return False
    if alone:
        # a short line of place[, country][, date]; a sentence has a verb and lowercase words
        # ("Pay March 31" in a dividend table is a line with a date, not a dateline)
        return len(line.strip()) <= 80 and m.end() >= len(line.rstrip()) and (
            first.isupper() or m.group("agency") is not None or (m.group("date") is not None and "," in m.group(0)))
    sep = m.group("sep").strip()
    if not sep:
        return False
    if sep == ":":  # "NEW DELHI: ..." only with a capitalised city and nothing else
        return first.isupper() and "," not in place and m.group("date") is None and len(first) >= 3
    return first.isupper() or m.group("agency") is not None or m.group("date") is not None


def _byline_alone(line: str) -> tuple[list[str], str | None] | None:
    """("By NAME[, Agency]" | "NAME, Agency") on its own line → (names, agency)."""
    if len(line) >= 120:
        return None
    if b := BYLINE.match(line):
        names, found = clean_authors(b.group("names"))
        ag = agency(b.group("agency")) or (found[0] if found else None)
        if b.group("agency") and not ag:
            ag = b.group("agency").strip()  # "By NAME - Trend:": an agency credit by its position
        return (names, ag) if names or ag else None
    head, sep, tail = line.rstrip(" :").rpartition(",")
    if sep and (ag := agency(tail)) and not re.search(r"\b[a-z]{3,}\b", head.replace(" and ", " ")):
        names, _ = clean_authors(head)
        if names:
            return names, ag
    return None


def _title_line(lines: list[str], i: int, n: int) -> bool:
    """A headline: one short line, no closing full stop, a blank line and more text after it."""
    line = lines[i].strip()
    if not line or len(line) > 200 or line[-1] in ".,;:\u201d\"" or i + 2 >= n or lines[i + 1].strip():
        return False
    d = DATELINE.match(line)
    if d and (_looks_like_dateline(d, line, True) or _looks_like_dateline(d, line, False)):
        return False
    return len(line.split()) >= 2 and not BYLINE.match(line)


def _trailers(raw: str, start: int, end: int, parts: WireParts) -> int:
    """Strip credits, sign-offs and copyright lines from the end of the body; returns the new end."""
    while True:
        body = raw[start:end].rstrip()
        end = start + len(body)
        nl = body.rfind("\n")
        last = body[nl + 1:] if nl >= 0 else body
        line_start = start + nl + 1 if nl >= 0 else start
        if nl < 0 and not TRAILER.fullmatch(last.strip()):
            # the credit may close the only paragraph: "... said. (Reporting by X; Editing by Y)"
            m = re.search(r"\s*\((?:Reporting|Writing|Editing|Additional reporting)\s+by\s[^()]{2,300}\)\s*$", body, re.I)
            if m and m.start() > 0:
                parts.credits = parse_credits(m.group(0)) or parts.credits
                parts.trailer = m.group(0).strip()
                return start + m.start()
            return end
        if TRAILER.fullmatch(last.strip()) or re.fullmatch(r"\(?(?:Reporting|Writing|Editing)\s+by\s.+\)?", last.strip(), re.I):
            credits = parse_credits(last)
            for role, names in credits.items():
                parts.credits.setdefault(role, [])
                parts.credits[role] += [x for x in names if x not in parts.credits[role]]
            parts.trailer = last.strip() if parts.trailer is None else last.strip() + "\n" + parts.trailer
            end = line_start
        elif SIGN_OFF.match(last) or COPYRIGHT.match(last):
            if not parts.agency and (a := agency(last.strip(" -\u2013\u2014()"))):
                parts.agency = a
            end = line_start
        else:
            return end
        if end <= start:
            return start


def parse_wire(raw: str) -> WireParts:
    """Split wire furniture from the body. Text without furniture comes back whole."""
    parts = WireParts(body=raw, body_start=0)
    lines = raw.split("\n")
    offsets, acc = [], 0
    for line in lines:
        offsets.append(acc)
        acc += len(line) + 1
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
    # up to six furniture lines: headline, update notes, dateline and byline, in any order
    for _ in range(6):
        if i >= n:
            break
        line = lines[i].strip()
        if s := SLUG.match(line):
            parts.versions.append(s.group("slug").title().replace("Rpt", "RPT"))
            line = line[s.end():]
            if parts.title is None and i + 1 < n and not lines[i + 1].strip():
                parts.title = line.strip()
                i = skip_blank(i + 1)
                continue
        if a := ADDS.match(line):
            parts.versions.append(a.group("note").strip())
            i = skip_blank(i + 1)
            continue
        if (u := UPDATED_LINE.match(line)) and parts.updated is None:
            from .timestamps import normalise_datetime

            if when := normalise_datetime(u.group("when")):
                parts.updated = when
                i = skip_blank(i + 1)
                continue
        if by := _byline_alone(line):
            parts.authors = parts.authors or by[0]
            parts.agency = by[1] or parts.agency
            i = skip_blank(i + 1)
            continue
        d = DATELINE.match(line)
        if d and parts.dateline_text is None and _looks_like_dateline(d, line, True):
            start = offsets[i] + (len(lines[i]) - len(lines[i].lstrip()))
            parts.dateline_text = line.rstrip(" -\u2013\u2014:_")
            parts.dateline_span = (start, start + len(parts.dateline_text))
            parts.dateline_place = d.group("place").strip()
            parts.dateline_date = d.group("date")
            parts.agency = d.group("agency") or parts.agency
            i = skip_blank(i + 1)
            continue
        if parts.title is None and parts.dateline_text is None and not parts.authors and _title_line(lines, i, n):
            parts.title = line
            i = skip_blank(i + 1)
            continue
        break
    pos = offsets[i] if i < n else len(raw)
    # a dateline leading the first paragraph: "SALVADOR, Feb 26 - Brazil's ..."
    if parts.dateline_text is None and i < n:
        line = lines[i]
        lead = len(line) - len(line.lstrip())
        d = DATELINE.match(line.lstrip())
        if d and _looks_like_dateline(d, line, False):
            text = line.lstrip()[: d.start("sep")].rstrip()
            parts.dateline_text = text
            parts.dateline_span = (pos + lead, pos + lead + len(text))
            parts.dateline_place = d.group("place").strip()
            parts.dateline_date = d.group("date")
            parts.agency = d.group("agency") or parts.agency
            pos = pos + lead + d.end()
    parts.body_start = pos
    parts.body_end = _trailers(raw, pos, len(raw), parts)
    parts.body = raw[pos:parts.body_end]
    if not parts.authors and (reporters := parts.credits.get("reporting") or parts.credits.get("writing")):
        parts.authors = list(reporters)
    return parts
