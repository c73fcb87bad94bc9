"""Reuters-21578 SGML: one file, many ``<REUTERS>`` stories (latin-1, SGML entities).

Each story becomes one RawArticle whose text is the wire copy as it ran: the DATELINE, then the
BODY ("SALVADOR, Feb 26 - Showers continued ..."), so the reading stage parses the dateline the
same way it does for any wire text. DATE, TITLE and AUTHOR become hints; the origin is
``file#NEWID``. Briefs (TYPE="BRIEF": a headline and the filler "Blah blah blah.") are their
title; unprocessed stories (TYPE="UNPROC") are their raw text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import BinaryIO, Iterator

from ..errors import DatelineError

MAX_RECORD_BYTES = 4 * 1024 * 1024  # the largest Reuters-21578 story is ~14 kB; past this the markup is broken
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "DATELINE", "AUTHOR", "BODY")}
_TEXT = re.compile(r"<TEXT(?:\s+TYPE=\"(?P<type>\w+)\")?\s*>(?P<text>.*?)</TEXT>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(value: str) -> str:
    return _CONTROL.sub("", html.unescape(value))


def unwrap(text: str) -> str:
    """Re-flow hard-wrapped wire lines into paragraphs.

    Reuters indents each new paragraph (a line break then 3+ spaces); other breaks inside a
    paragraph are the 65-column wrap and become spaces. A short line followed by a capitalised
    one is a table row ("Shr 28 cts vs 22 cts") and keeps its break: joining would run the
    columns together."""
    paragraphs = re.split(r"\n[ \t]{3,}", text.strip("\n"))
    out = []
    for para in paragraphs:
        lines = [ln.strip() for ln in para.split("\n")]
        joined = lines[0] if lines else ""
        for prev, ln in zip(lines, lines[1:]):
            wrapped = len(prev) >= 45 or (ln[:1].islower())
            joined += (" " if wrapped else "\n") + ln
        if joined.strip():
            out.append(joined.strip())
    return "\n\n".join(out)


def parse_date(value: str) -> str | None:
    """``26-FEB-1987 15:01:01.79`` → ``1987-02-26T15:01:01`` (the zone is not stated)."""
    try:
        return dt.datetime.strptime(value.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").isoformat()
    except ValueError:
        return None


def parse_record(record: str, origin: str):
    """One ``<REUTERS>...</REUTERS>`` record to a RawArticle or a DatelineError."""
    from . import RawArticle

    newid = _NEWID.search(record[:400])
    rec_origin = f"{origin}#{newid.group(1)}" if newid else origin
    fields = {name: (_clean(m.group(1)) if (m := rx.search(record)) else None) for name, rx in _FIELD.items()}
    text_m = _TEXT.search(record)
    if text_m is None:
        return DatelineError("E006", "no <TEXT> element", rec_origin)
    kind = (text_m.group("type") or "NORM").upper()
    title = " ".join((fields["TITLE"] or "").split()) or None
    dateline = " ".join((fields["DATELINE"] or "").split())
    if fields["BODY"] is not None:
        # the sign-off " Reuter" (or "REUTER") closes every story: furniture, not text
        body = unwrap(re.sub(r"\s*\bREUTER\b\s*$", "", fields["BODY"].rstrip(), flags=re.I))
    elif kind == "UNPROC":
        unproc = _clean(re.sub(r"<[^>]+>", "", text_m.group("text"))).rstrip()
        body = unwrap(re.sub(r"\s*\bREUTER\b\s*$", "", unproc, flags=re.I))
    else:  # a brief: the headline is the story
        body = title or ""
    if not body.strip():
        return DatelineError("E012", "story without body or title", rec_origin)
    text = f"{dateline} {body}" if dateline else body
    hints: dict = {"format": "reuters-sgml", "source": "Reuters"}
    if title and kind != "BRIEF":
        hints["title"] = title
    elif title:
        hints["title"] = title.rstrip(".")
    if fields["DATE"] and (published := parse_date(fields["DATE"])):
        hints["published"] = published
    if fields["AUTHOR"]:
        hints["authors"] = [" ".join(fields["AUTHOR"].split())]
    return RawArticle(text, hints, rec_origin)


def read_sgml(stream: BinaryIO, origin: str) -> Iterator:
    """Stream the records of one SGML file: memory is bounded by the largest record."""
    buf: list[str] = []
    size = 0
    inside = False
    for raw_line in stream:
        line = raw_line.decode("latin-1")
        if not inside:
            start = line.find("<REUTERS")
            if start < 0:
                continue
            inside, buf, size = True, [line[start:]], len(line)
        else:
            buf.append(line)
            size += len(line)
        if "</REUTERS>" in line:
            inside = False
            yield parse_record("".join(buf), origin)
            buf = []
        elif size > MAX_RECORD_BYTES:
            inside = False
            head = "".join(buf)[:400]
            newid = _NEWID.search(head)
            yield DatelineError("E006", f"record over {MAX_RECORD_BYTES:,} bytes without </REUTERS>",
                                f"{origin}#{newid.group(1)}" if newid else origin)
            buf = []
    if inside:
        newid = _NEWID.search("".join(buf)[:400])
        yield DatelineError("E006", "truncated record: no </REUTERS>", f"{origin}#{newid.group(1)}" if newid else origin)
