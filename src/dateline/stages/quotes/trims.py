"""Content boundaries in tokens: trimming boundary punctuation, and the writer's asides and
misread appositions that end a reported clause early. Shared by the clause readers (``clauses``,
``frames``) and the stage's last pass over contents (``trim_aside``)."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from .cuemodel import DocFacts

MIN_CONTENT_TOKENS = 2
BOUNDARY_PUNCT = set(",;:-\u2014\u2013\"'\u201c\u201d\u2018\u2019()[]")


def _trimmed(doc: Doc, i: int, j: int) -> tuple[int, int] | None:
    """Token range [i, j) with boundary punctuation removed, as characters; None if too short."""
    return _trimmed_min(doc, i, j, MIN_CONTENT_TOKENS)


def _trimmed_min(doc: Doc, i: int, j: int, least: int) -> tuple[int, int] | None:
    """As ``_trimmed``, with the minimum length in tokens given (at least 1). (Each ``doc[k]``
    makes a Token object: one per token looked at; the two that end the loops give the offsets.)"""
    first = last = None
    while i < j:
        t = doc[i]
        if not (t.is_punct or t.is_space or len(t) == 1 and t.text in BOUNDARY_PUNCT):  # (single characters)
            first = t
            break
        i += 1
    while j > i:
        t = doc[j - 1]
        if not (t.is_space or t.is_punct):
            last = t  # (at the latest ``first``: it is neither)
            break
        j -= 1
    if j - i < max(least, 1) or first is None or last is None:
        return None
    return first.idx, last.idx + len(last)


def _before_apposition(doc: Doc, start: int, end: int, asides: list[int] | None = None) -> int:
    """End the content before ", <apposition>" hanging off its last noun: the small parser often
    reads an inverted speaker ("..., Assistant Secretary-General X said") as an apposition.
    ``asides``: the document's sorted appositions and relative clauses (``DocFacts.asides``), when
    known; only those tokens are looked at then."""
    ks = range(start + 1, end) if asides is None else asides[bisect_left(asides, start + 1):bisect_left(asides, end)]
    for k in ks:
        t = doc[k]
        # a list misread as appositions ("Trump, Carson, and Fiorina") has its conjunction
        if t.dep_ == "appos" and doc[t.left_edge.i - 1].text == "," and t.right_edge.i + 1 >= end - 1 and \
                not any(doc[j].dep_ in ("cc", "conj") for j in range(start, end)):
            return t.left_edge.i - 1
    return end


# A comment set off by a comma or dash at the end of a reported clause is the writer's aside, not
# the source's claim (PolNeAR leaves it out): "said the emails were exchanges with Eric Fanning[,
# who was his chief of staff]". A restrictive relative clause has no comma and stays.
ASIDE_DEPS = ("relcl", "appos")
ASIDE_PUNCT = {",", "\u2014", "\u2013", "--", "-"}


def trim_aside(doc: Doc, start: int, end: int, facts: DocFacts | None = None) -> int:
    """The end of content [start, end) (characters) without a trailing aside; ``end`` if none.
    With the document's ``facts`` (a cue's ``peers``) only the relative clauses and appositions
    inside the content are visited; without, every token of it (the same answer)."""
    if facts is not None:
        span = facts.tokens(start, end)
        if span is None or span[1] - span[0] < 3:
            return end
        i, j = span
        asides = facts.asides
        inside = asides[bisect_left(asides, i + 1):bisect_left(asides, j)]
        if not inside:
            return end
    else:
        sp = doc.char_span(start, end, alignment_mode="expand")
        if sp is None or len(sp) < 3:
            return end
        i, j = sp.start, sp.end
        inside = None
    while j > i and doc[j - 1].is_punct:
        j -= 1
    for k in range(i + 1, j) if inside is None else [k for k in inside if k < j]:
        t = doc[k]
        if t.dep_ not in ASIDE_DEPS:  # (first: the left edge is a token object made per call)
            continue
        left = t.left_edge.i
        if left <= i + 1 or doc[left - 1].text not in ASIDE_PUNCT:
            continue
        if t.right_edge.i < j - 1 or not i <= t.head.i < left - 1:
            continue
        cut = _trimmed_min(doc, i, left - 1, 1)
        if cut is not None and cut[1] > start:
            return min(end, cut[1])
    return end
