"""Quotes: who said what. First version: direct quotes in straight or curly double marks."""

from __future__ import annotations

import re

from ..document import Document
from ..model import Quote
from ..pipeline import Stage

DIRECT = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,}?)[\"\u201d]")


def extract_quotes(doc: Document) -> None:
    quotes = []
    for i, m in enumerate(DIRECT.finditer(doc.text), 1):
        quotes.append(Quote(f"Q{i}", m.group(1), m.start(1), m.end(1), "direct"))
    doc.article.quotes = quotes


STAGE = Stage("quotes", frozenset({"text", "entities"}), frozenset({"quotes"}), extract_quotes)
