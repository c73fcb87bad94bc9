"""Working structures of the entities stage: token-level mentions and the groups they resolve to."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ...dictionaries import words

PRONOUNS = {  # pronoun -> (entity types it can refer to, gender it requires)
    "he": (("PERSON",), "m"), "him": (("PERSON",), "m"), "his": (("PERSON",), "m"), "himself": (("PERSON",), "m"),
    "she": (("PERSON",), "f"), "her": (("PERSON",), "f"), "hers": (("PERSON",), "f"), "herself": (("PERSON",), "f"),
    "it": (("ORG", "IGO", "COUNTRY"), None), "its": (("ORG", "IGO", "COUNTRY"), None),
    "itself": (("ORG", "IGO", "COUNTRY"), None),
    # plural: only groups named by a plural noun ("protesters", "Nigerians"), and only nearby (see Walker)
    "they": (("ORG", "NORP"), "plural"), "them": (("ORG", "NORP"), "plural"), "their": (("ORG", "NORP"), "plural"),
    "themselves": (("ORG", "NORP"), "plural"),
}
MONTH_RE = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d", re.I)
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


@functools.lru_cache(maxsize=200_000)
def token_words(text: str) -> tuple[str, ...]:
    """Normalised words of one token's text (cached: token texts repeat across documents)."""
    return words(text)


@dataclass
class Span:
    """A mention in token coordinates (end exclusive) with what recognised it."""

    start: int
    end: int
    type: str  # PERSON ORG IGO COUNTRY PLACE NORP
    source: str
    key: str = ""  # grouping key, filled by recognition or resolution
    kind: str = "name"  # name | pronoun | description | role
    nested: bool = False  # inside another name ("OIC" in "OIC Contact Group")
    label: str = ""  # the model's label, when the model proposed it
    affiliation: str | None = None  # group key of an organisation/country named inside or around it
    sector: str | None = None
    title: str | None = None
    title_head: str | None = None  # canonical title ("president") for matching descriptions
    gender: str | None = None
    role: bool = False  # a person known by role or description, not by name
    group: bool = False  # a set of people described together ("experts", "Republicans")


@dataclass
class Group:
    """One real-world thing: its mentions and what is known about it."""

    key: str
    type: str
    source: str
    spans: list[Span] = field(default_factory=list)
    name: str = ""
    code: str | None = None  # alpha-3 for countries and demonyms, IGO canonical name for IGOs
    affiliation: str | None = None  # group key
    sector: str | None = None
    title: str | None = None
    title_heads: set[str] = field(default_factory=set)
    gender: str | None = None
    role: bool = False
    group: bool = False  # several people described together: "they", never "he"/"it"

    @property
    def first(self) -> int:
        return min(s.start for s in self.spans)

    def add(self, span: Span) -> None:
        span.key = self.key
        self.spans.append(span)
        if span.title and not self.title:
            self.title = span.title
        if span.title_head:
            self.title_heads.add(span.title_head)
        if span.affiliation and not self.affiliation and span.affiliation != self.key:
            self.affiliation = span.affiliation
        if span.sector and not self.sector:
            self.sector = span.sector
        if span.gender and not self.gender:
            self.gender = span.gender


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: curly pairs, and straight quotes paired in order
    within a paragraph (an unclosed quote runs to the paragraph's end, as wire copy does)."""
    regions = [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*\u201d?", text)]
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() + para.start() for m in re.finditer('"', para.group())]
        for i in range(0, len(marks), 2):
            end = marks[i + 1] + 1 if i + 1 < len(marks) else para.end()
            regions.append((marks[i], end))
    return sorted(regions)


def quoted_tokens(regions: list[tuple[int, int]], starts: list[int]) -> list[bool]:
    """For each token start offset (ascending), whether it lies inside a quotation: one sweep."""
    out, k = [], 0
    marks = sorted(regions)
    open_until = -1
    for pos in starts:
        while k < len(marks) and marks[k][0] < pos:
            open_until = max(open_until, marks[k][1])
            k += 1
        out.append(pos < open_until)
    return out
