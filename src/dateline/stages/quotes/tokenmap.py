"""Characters to tokens, and the few token facts the boundary rules (``spans``, ``ends``) look up
per content, read once per document from its attribute rows."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDX, LENGTH, ORTH, SENT_START, TAG
from spacy.tokens import Doc

# Tokens that are quote marks (by text, or by the tagger's `` and '' tags).
QUOTE_TOKENS = ('"', "\u201c", "\u201d", "''", "``", "'")


def _among(values: np.ndarray, keys: list[int]) -> np.ndarray:
    """Whether each value is one of the few ``keys``: a compare per key (on the attribute rows of
    PolNeAR articles half the time of one binary search per value, and np.isin sorts both arrays)."""
    hits = values == keys[0]
    for k in keys[1:]:
        hits |= values == k
    return hits


class TokenMap:
    """Characters to tokens for one document, as ``Doc.char_span(a, b, alignment_mode="expand")``
    maps them, by bisection over the tokens' character starts. Built once per document: the boundary
    rules map each content's characters to tokens several times as they move its end, and a
    ``char_span`` call builds a Span object each time."""

    __slots__ = ("idx", "ends", "nchars", "n", "listed", "starts", "cues", "cue_set", "last", "last_span", "_rows",
                 "_quotes", "_commas")

    def __init__(self, doc: Doc, cues: set[int] | None = None, facts: Any = None) -> None:
        """``facts``: the document's facts from ``clauses.cue_tokens`` (``cuemodel.DocFacts``, any
        cue's ``peers``): their character offsets and attribute rows are read instead of the
        document (the same values; one ``to_array`` fewer per document)."""
        strings = doc.vocab.strings
        self.n = len(doc)
        cols = getattr(facts, "cols", None) if len(doc) else None
        if cols is not None:  # rows of clauses.FACT_ATTRS: LEMMA LOWER SENT_START POS IDX DEP HEAD LENGTH TAG
            self.idx, self.ends, self.nchars, starts = facts.idx, facts.ends, facts.nchars, facts.starts
            dep, orth, tag = cols[5], cols[1], cols[8]  # a quote mark's LOWER is its ORTH
        else:
            arr = doc.to_array([IDX, LENGTH, DEP, SENT_START, ORTH, TAG]) if len(doc) else None
            self.idx = arr[:, 0].tolist() if arr is not None else []
            self.ends = (arr[:, 0] + arr[:, 1]).tolist() if arr is not None else []
            last = doc[-1] if len(doc) else None
            self.nchars = last.idx + len(last.text_with_ws) if last is not None else 0
            starts = []
            if arr is not None:
                dep, orth, tag = arr[:, 2], arr[:, 4], arr[:, 5]
                starts = (arr[:, 3] == 1).nonzero()[0].tolist()
        # sorted token indices of the conjuncts and appositions (a list may continue there) and of the
        # sentence starts: index lists, not a flag per token (the rules bisect them, and a short list
        # is cheaper to make than a long one)
        self.listed: list[int] = []
        self.starts: list[int] = starts
        if len(doc):
            # (``nonzero()[0]``: a third less than np.flatnonzero, which copies its input flat first)
            self.listed = ((dep == strings.add("conj")) | (dep == strings.add("appos"))).nonzero()[0].tolist()
        # the quote marks and commas only the end model's features count: read from these rows when
        # first asked for (many documents have no decision to make)
        self._rows = (orth, tag, strings) if len(doc) else None
        self._quotes: list[int] | None = None
        self._commas: list[int] | None = None
        self.cue_set = cues
        self.last: tuple[int, int] = (-1, -1)
        self.last_span: tuple[int, int] | None = None
        self.cues: list[int] = sorted(cues or ())

    def _read_marks(self) -> None:
        """The quote-mark tokens (by their text or their tag: `` '') and the commas, sorted."""
        self._quotes, self._commas = [], []
        if self._rows is not None:
            orth, tag, strings = self._rows
            keys = [strings.add(m) for m in QUOTE_TOKENS]
            n = len(orth)
            hit = _among(np.concatenate((orth, tag)), keys)  # (both rows in one pass: half the calls)
            self._quotes = (hit[:n] | hit[n:]).nonzero()[0].tolist()
            self._commas = (orth == strings.add(",")).nonzero()[0].tolist()

    @property
    def quotes(self) -> list[int]:
        """The quote-mark tokens, sorted."""
        if self._quotes is None:
            self._read_marks()
        return self._quotes  # type: ignore[return-value]

    @property
    def commas(self) -> list[int]:
        """The comma tokens, sorted."""
        if self._commas is None:
            self._read_marks()
        return self._commas  # type: ignore[return-value]

    def sent_end(self, j: int) -> int:
        """The first sentence start at or after token ``j``; the document's length when none."""
        k = bisect_left(self.starts, j)
        return self.starts[k] if k < len(self.starts) else self.n

    def quotes_in(self, a: int, b: int) -> int:
        """How many quote-mark tokens lie in [a, b)."""
        q = self.quotes
        return bisect_left(q, b) - bisect_left(q, a)

    def commas_in(self, a: int, b: int) -> int:
        """How many comma tokens lie in [a, b)."""
        c = self.commas
        return bisect_left(c, b) - bisect_left(c, a)

    def has_cue(self, a: int, b: int, cues: set[int]) -> bool:
        """Whether a cue token lies in [a, b) (``cues_in`` without making the list)."""
        if cues is self.cue_set:
            c = self.cues
            k = bisect_left(c, a)
            return k < len(c) and c[k] < b
        return any(a <= k < b for k in cues)

    def cues_in(self, a: int, b: int, cues: set[int]) -> list[int]:
        """The cue tokens in [a, b), in order (from the sorted list when it is this set's)."""
        if cues is self.cue_set:
            return self.cues[bisect_left(self.cues, a):bisect_left(self.cues, b)]
        return sorted(k for k in cues if a <= k < b)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range [i, j) of characters [start, end); None when it holds no token."""
        if (start, end) == self.last:
            return self.last_span  # the rules ask again for a content none of them moved
        self.last, self.last_span = (start, end), self._span(start, end)
        return self.last_span

    def _span(self, start: int, end: int) -> tuple[int, int] | None:
        if start < 0 or end <= start or start >= self.nchars or end > self.nchars:
            return None
        i = bisect_right(self.idx, start) - 1
        j = bisect_right(self.idx, end - 1)
        if i >= 0 and start >= self.ends[i]:
            i += 1  # the range starts in a token's trailing space: it begins with the next token
        i = max(i, 0)
        return (i, j) if j > i else None
