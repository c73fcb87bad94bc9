"""Reading: find the body text in the raw input and lift the wire furniture (header, headline,
dateline, byline, credit trailer) out of it. Offsets of every later stage point into the body
this stage sets; the furniture goes to ``doc.scratch["wire"]`` for the metadata stage."""

from __future__ import annotations

import re

from ..document import Document
from ..errors import DatelineError
from ..pipeline import Stage
from ..readers.wire_text import parse_wire

# spaCy's parser needs memory in proportion to length (its own guide: ~1 GB per 100k characters
# at worst); a news article is rarely over 50k characters, so 1M is a generous cap, refused above.
MAX_CHARS = 1_000_000

# spaCy's tokenizer strips prefix/suffix punctuation one character at a time, re-matching the rest
# of the chunk each time: a run of r punctuation characters costs ~r^2 (measured on this machine:
# 2,000 '=' take 2.2 s, 4,000 commas 5.7 s, 8,000 ~25 s; a million never ends). Letters between
# the marks ('a,a,a') are split as infixes and stay linear. The sum of r^2 over runs of two or more
# marks is therefore the tokenizer's extra cost. In 23,812 real documents (Reuters-21578 and BBC,
# measured with this rule) the largest sum is 5,856 for a news story (price tables of dots) and
# 233,704 for any file (the CIA factbook data); 4,000,000 allows a single 2,000-mark run (~2 s)
# and refuses anything costlier.
MAX_RUN_COST = 4_000_000
# spaCy makes each punctuation mark a token (prose averages ~5 characters a token), so text that is
# mostly marks costs several times the parse time per character of prose and holds nothing to
# extract. The most punctuation-heavy real document among the 23,812 has 56% of its non-space
# characters as marks (a grain price table); refusing above 80% keeps a wide margin.
MAX_PUNCT_SHARE = 0.8
MIN_CHARS_FOR_SHARE = 200  # a short string of marks ('...', a separator line) is cheap: let it through
# A whitespace-free "word" of thousands of characters (a 500,000-letter one is in the hostile corpus)
# costs later stages quadratic time: the times stage's patterns take 0.07 s on 2,000 letters, 0.19 s
# on 4,000 and 17.7 s on 40,000 (~11 ns per length^2), so such a document ran into the time limit
# instead of failing at once. The longest whitespace-free chunk in the same real documents (and in
# GeoWebNews' XML) is 304 characters (a URL). Words of 1,000+ characters add length^2; over 1e9 (one
# 31,623-character word, ~11 s) the text is refused, over 10,000x the cost of the worst real word.
MAX_WORD_COST = 1_000_000_000
_LONG_WORD = re.compile(r"\S{1000,}")
_RUN = re.compile(r"(?:[^\w\s]|_){2,}")
_MARKS = re.compile(r"(?:[^\w\s]|_)+")
_SPACE = re.compile(r"\s+")


def pathological(text: str) -> str | None:
    """Why ``text`` would make the tokenizer superlinear or is nearly all punctuation; None if fine.

    Four regex passes in C: ~6 ms for a 20,000-character article on this (loaded) machine, where
    spaCy's parse of it takes 1.4-1.7 s: under 0.5% of it.
    """
    for pattern, limit, what in ((_RUN, MAX_RUN_COST, "runs of punctuation too long to tokenise"),
                                 (_LONG_WORD, MAX_WORD_COST, "whitespace-free runs too long to analyse")):
        cost = 0
        for m in pattern.finditer(text):
            cost += (m.end() - m.start()) ** 2
            if cost > limit:
                return f"{what} (cost {cost:,} > {limit:,}, reached at a run of {m.end() - m.start():,} characters)"
    solid = len(_SPACE.sub("", text))
    if solid >= MIN_CHARS_FOR_SHARE:
        marks = len(text) - len(_MARKS.sub("", text))
        if marks > MAX_PUNCT_SHARE * solid:
            return f"{marks / solid:.0%} of the non-space characters are punctuation (limit {MAX_PUNCT_SHARE:.0%})"
    return None


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
    why = pathological(body)
    if why:
        raise DatelineError("E017", why, origin)
    doc.article.text = body
    doc.scratch["wire"] = parts


STAGE = Stage("reading", frozenset(), frozenset({"text"}), read)
