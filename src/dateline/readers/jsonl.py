"""JSON Lines: one article per line, ``text`` plus optional metadata; a JSON array works too.

Recognised keys (first present wins), so common dumps load without a conversion step:
text ← text, body, content, maintext, article; title ← title, headline;
published ← published, date, date_publish, publishing_date, datePublished; updated ← updated,
date_modify, dateModified; url ← url, link, canonical_url; authors ← authors, author, byline;
source ← source, publisher, source_domain, sitename; language ← language, lang.
A record's origin is ``file#N`` with N its 1-based line (or array index).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO, Iterator

from ..errors import DatelineError

KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "maintext", "article"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "publishing_date", "datePublished", "pubdate"),
    "updated": ("updated", "date_modify", "dateModified", "modified"),
    "url": ("url", "link", "canonical_url"),
    "authors": ("authors", "author", "byline"),
    "source": ("source", "publisher", "source_domain", "sitename"),
    "language": ("language", "lang"),
}
# a line longer than this is refused as one record rather than parsed into memory several times over
MAX_LINE_BYTES = 16 * 1024 * 1024


def record_to_article(rec: Any, origin: str):
    """One decoded JSON value to a RawArticle, or a DatelineError saying what is wrong with it."""
    from . import RawArticle

    if not isinstance(rec, dict):
        return DatelineError("E006", f"expected a JSON object, got {type(rec).__name__}", origin)
    values: dict[str, Any] = {}
    for name, keys in KEYS.items():
        for key in keys:
            if rec.get(key) not in (None, "", []):
                values[name] = rec[key]
                break
    text = values.pop("text", None)
    if text is None:
        return DatelineError("E006", f"no text field (one of {', '.join(KEYS['text'])})", origin)
    if not isinstance(text, str):
        return DatelineError("E006", f"text is a {type(text).__name__}, not a string", origin)
    if not text.strip():
        return DatelineError("E001", "empty text field", origin)
    hints: dict[str, Any] = {"format": "jsonl"}
    for name, value in values.items():
        if name == "authors":
            if isinstance(value, str):
                value = [value]
            elif isinstance(value, list):
                value = [a.get("name") if isinstance(a, dict) else a for a in value]
                value = [str(a) for a in value if a]
            else:
                continue
        elif name == "source" and isinstance(value, dict):
            value = value.get("name")
        elif not isinstance(value, (str, int, float)):
            continue
        hints[name] = value if name == "authors" else str(value)
    return RawArticle(text, hints, origin)


def read_jsonl(stream: BinaryIO, origin: str) -> Iterator:
    head = stream.read(4096)
    stream.seek(0)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        yield from _read_array(stream, origin)
        return
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            number += 1
            yield DatelineError("E004", f"line over {MAX_LINE_BYTES:,} bytes", f"{origin}#{number}")
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(MAX_LINE_BYTES)
            continue
        number += 1
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        rec_origin = f"{origin}#{number}"
        try:
            rec = json.loads(line)
        except ValueError as exc:
            if number == 1 and line.lstrip().startswith(b"{"):
                # a pretty-printed single JSON object spans lines: read it whole
                rest = stream.read(MAX_LINE_BYTES)
                try:
                    rec = json.loads(line + rest)
                except ValueError:
                    yield DatelineError("E006", f"invalid JSON: {exc}", rec_origin)
                    continue
                yield record_to_article(rec, origin)
                return
            yield DatelineError("E006", f"invalid JSON: {getattr(exc, 'msg', None) or exc.__class__.__name__} at column {getattr(exc, 'colno', '?')}", rec_origin)
            continue
        yield record_to_article(rec, rec_origin)


def _read_array(stream: BinaryIO, origin: str) -> Iterator:
    data = stream.read(MAX_LINE_BYTES * 8 + 1)
    if len(data) > MAX_LINE_BYTES * 8:
        yield DatelineError("E004", f"a JSON array over {MAX_LINE_BYTES * 8:,} bytes: use JSON Lines", origin)
        return
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        yield DatelineError("E006", f"invalid JSON: {exc}", origin)
        return
    for i, rec in enumerate(records, 1):
        yield record_to_article(rec, f"{origin}#{i}")
