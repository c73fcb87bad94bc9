"""Reading: find the body text in the raw input and lift the wire furniture (header, headline,
dateline, byline, credit trailer) out of it. Offsets of every later stage point into the body
this stage sets; the furniture goes to ``doc.scratch["wire"]`` for the metadata stage."""

from __future__ import annotations

from ..document import Document
from ..errors import DatelineError
from ..pipeline import Stage
from ..readers.wire_text import parse_wire

# spaCy's parser needs memory in proportion to length (its own guide: ~1 GB per 100k characters
# at worst); a news article is rarely over 50k characters, so 1M is a generous cap, refused above.
MAX_CHARS = 1_000_000


def read(doc: Document) -> None:
    origin = doc.hints.get("origin")
    if len(doc.raw) > MAX_CHARS * 2:  # refuse before copying a huge string around
        raise DatelineError("E004", f"{len(doc.raw):,} characters (limit {MAX_CHARS:,})", origin)
    raw = doc.raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(raw) > MAX_CHARS:
        raise DatelineError("E004", f"{len(raw):,} characters (limit {MAX_CHARS:,})", origin)
    if not raw.strip():
        raise DatelineError("E001", source=origin)
    parts = parse_wire(raw)
    body = parts.body.rstrip()
    if not body.strip():
        raise DatelineError("E012", "only wire furniture, no body", origin)
    doc.article.text = body
    doc.scratch["wire"] = parts


STAGE = Stage("reading", frozenset(), frozenset({"text"}), read)
