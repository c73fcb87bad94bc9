"""Direct quotes from quote marks: a bounded scan of each paragraph, no parse needed.

Marks are paired within one paragraph only, so an odd number of marks can never produce a span
running across the article (textacy's known failure). A quote left open at the end of a paragraph
is kept only when the next paragraph opens with a mark (the newswire convention for a quote running
over several paragraphs) or when it reads as a whole sentence missing its closing mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "\u201c"  # “
CLOSING = "\u201d"  # ”
STRAIGHT = '"'
SINGLE_OPENING = "\u2018"  # ‘
SINGLE_CLOSING = "\u2019"  # ’ (also the apostrophe)

# A paragraph ends at a blank line or at a line starting with indentation (Reuters-style copy).
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]{2,}\S)")
# Two apostrophes stand for a double mark in some papers' copy (the New York Times: ''We will win,'').
TWO_APOSTROPHES = "''"
SINGLE_MARKS = re.compile(r"['\u2018\u2019]")
WORD = re.compile(r"\w+")
# ASCII bytes other than a word's (``\w`` on ASCII: letters, digits, underscore) mapped to a space.
_NON_WORD_TO_SPACE = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + b" " * 128
# Characters after which a straight mark opens (start of paragraph handled separately).
OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;,")
# A quote shorter than this, with no cue beside it and not a sentence of its own, is a scare quote
# or a title ("the so-called \"deal\""), not somebody's words.
MIN_LOOSE_WORDS = 4
# A headline quoting with single marks is short; body paragraphs use single marks for nesting.
HEADLINE_CHARS = 200


@dataclass
class Piece:
    """One paragraph's share of a direct quote: content offsets exclude the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the quote runs on or is unclosed
    para: int  # paragraph index
    para_start: int  # offset where the paragraph starts
    para_end: int  # offset where the paragraph ends
    continues: bool = False  # the quote runs on into the next paragraph
    continued: bool = False  # this piece continues the previous paragraph's quote
    words: int = 0
    close_width: int = 1  # characters of the closing mark: 2 for two apostrophes

    @property
    def after(self) -> int:
        """Offset just after the closing mark (after the content when the quote is unclosed)."""
        return self.close_mark + self.close_width if self.close_mark is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, whitespace at the edges excluded."""
    spans, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _role(text: str, i: int, a: int, b: int, is_open: bool) -> str | None:
    """Whether the mark at ``i`` opens or closes a quote (None: neither, e.g. an inch mark)."""
    ch = text[i]
    if ch == OPENING:
        return "open"
    if ch == CLOSING:
        # a right mark where nothing is open, opening a paragraph or set before a word ("” … in the
        # case of", "aides ”get close"), is an opening mark curled the wrong way by the editor
        if not is_open and (i == a or (text[i - 1] in OPEN_BEFORE and i + 1 < b and text[i + 1].isalnum())):
            return "open"
        return "close"
    width = 2 if text.startswith(TWO_APOSTROPHES, i) else 1
    before = text[i - 1] if i > a else " "
    after = text[i + width] if i + width < b else " "
    if before in OPEN_BEFORE and not after.isspace():
        return "open"
    if after.isspace() or after in ".,;:!?)]}\u2014-":
        if before.isdigit() and not is_open:
            return None  # 6'2" or a 24" screen
        return "close"
    return "close" if is_open else "open"


def _width(text: str, i: int) -> int:
    """Characters taken by the mark at ``i``: two for a pair of apostrophes, else one."""
    return 2 if text.startswith(TWO_APOSTROPHES, i) else 1


def _opens_paragraph(text: str, a: int) -> bool:
    return text[a] in (OPENING, STRAIGHT) or text.startswith(TWO_APOSTROPHES, a)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def double_marks(text: str) -> list[tuple[int, int]]:
    """(offset, width) of each double mark in ``text``, in order: a double quote mark, or two
    apostrophes not followed by a third (of a run of three, the last two: a double mark beside a
    single one), as the regex ``["“”]|''(?!')`` finds them. Found with ``str.find``, a few calls per
    mark, where the regex tries every offset of the text (six to eight times slower on PolNeAR texts)."""
    out = []
    for ch in (STRAIGHT, OPENING, CLOSING):
        k = text.find(ch)
        while k >= 0:
            out.append((k, 1))
            k = text.find(ch, k + 1)
    n = len(text)
    k = text.find(TWO_APOSTROPHES)
    while k >= 0:
        e = k + 2
        while e < n and text[e] == "'":
            e += 1
        out.append((e - 2, 2))
        k = text.find(TWO_APOSTROPHES, e)
    out.sort()
    return out


def _scan_double(text: str, pi: int, a: int, b: int, found: list[tuple[int, int]]) -> tuple[list[Piece], int | None]:
    """Closed pieces in one paragraph, and the offset of a mark left open at its end (if any).
    ``found``: the (offset, width) of the paragraph's double marks, in order."""
    pieces: list[Piece] = []
    open_at: int | None = None
    for i, width in found:
        if width == 2 and text[i - 1:i] == "'":
            # three apostrophes: a double mark with a nested single one inside it. Opening (a
            # word follows): the double mark is the first two; closing: the last two.
            if open_at is None and i + 2 < b and text[i + 2].isalnum():
                open_at = i - 1
                continue
            if open_at is None or text[i + 2:i + 3].isalnum():
                continue
        role = _role(text, i, a, b, open_at is not None)
        if role == "open":
            open_at = i  # a second opening mark supersedes an unclosed first one
        elif role == "close" and open_at is not None:
            s, e = _trim(text, open_at + _width(text, open_at), i)
            if e > s:
                pieces.append(Piece(s, e, open_at, i, pi, a, b, close_width=_width(text, i)))
            open_at = None
    return pieces, open_at


def _scan_single(text: str, pi: int, a: int, b: int) -> list[Piece]:
    """Single-mark quotes in a headline-like paragraph ('Trump: ‘We will win’')."""
    pieces: list[Piece] = []
    open_at: int | None = None
    for m in SINGLE_MARKS.finditer(text, a, b):
        i = m.start()
        before = text[i - 1] if i > a else " "
        after = text[i + 1] if i + 1 < b else " "
        if open_at is None and (before in OPEN_BEFORE) and after.isalnum() and text[i] != SINGLE_CLOSING:
            open_at = i
        elif open_at is not None and not after.isalnum() and not before.isspace() and text[i] != SINGLE_OPENING:
            s, e = _trim(text, open_at + 1, i)
            if e > s:
                pieces.append(Piece(s, e, open_at, i, pi, a, b))
            open_at = None
    return pieces


def scan(text: str) -> list[Piece]:
    """Every direct-quote piece in ``text``, in order; continuation flags set across paragraphs."""
    pieces: list[Piece] = []
    pending: Piece | None = None  # a quote left open at the end of the previous paragraph
    # which kinds of mark the text holds at all: a paragraph is scanned only for those
    double = '"' in text or "''" in text or OPENING in text or CLOSING in text  # (``double_marks``' characters)
    single = "'" in text or SINGLE_OPENING in text or SINGLE_CLOSING in text  # (SINGLE_MARKS')
    if not (double or single):
        return pieces
    # every double mark of the text at once (a mark lies in a paragraph: only space is between them)
    dmarks = double_marks(text) if double else []
    k, nmarks = 0, len(dmarks)
    for pi, (a, b) in enumerate(paragraphs(text)):
        k0 = k
        while k < nmarks and dmarks[k][0] < b:
            k += 1
        found, open_at = _scan_double(text, pi, a, b, dmarks[k0:k]) if k > k0 else ([], None)
        runs_on = False
        if pending is not None:
            if _opens_paragraph(text, a):
                pending.continues = runs_on = True
                pieces.append(pending)
            elif _sentence_like_end(text, pending.start, pending.end):
                pieces.append(pending)  # an unclosed quote read as whole sentences
            pending = None
        if single and not found and open_at is None and (b - a) <= HEADLINE_CHARS and text[b - 1] != ".":
            found = _scan_single(text, pi, a, b)
        if open_at is not None:
            s, e = _trim(text, open_at + _width(text, open_at), b)
            if e > s:
                pending = Piece(s, e, open_at, None, pi, a, b)
        if runs_on:
            first = [p for p in found + ([pending] if pending else []) if p.open_mark == a]
            for p in first:
                p.continued = True
        pieces.extend(found)
    if pending is not None and _sentence_like_end(text, pending.start, pending.end):
        pieces.append(pending)
    # a value of markup left in the text (<tweet id="..." author="...">) is no quotation
    pieces = [p for p in pieces if p.open_mark == 0 or text[p.open_mark - 1] != "="]
    for p in pieces:
        p.words = word_count(text, p.start, p.end)
    return pieces


def word_count(text: str, s: int, e: int) -> int:
    """``len(WORD.findall(text, s, e))``. Most quotations are ASCII (83 % of PolNeAR's pieces): their
    words are counted on bytes, non-word bytes made spaces by ``bytes.translate``, at half the cost
    of the regex, which builds a string per word."""
    piece = text[s:e]
    if piece.isascii():
        return len(piece.encode("ascii").translate(_NON_WORD_TO_SPACE).split())
    return len(WORD.findall(text, s, e))


def _sentence_like_end(text: str, s: int, e: int) -> bool:
    """An unclosed quote is kept only if it reads as complete sentences: capital start, full stop."""
    return e - s > 0 and text[s].isupper() and text[e - 1] in ".!?" and len(WORD.findall(text, s, e)) >= MIN_LOOSE_WORDS


def sentence_start_before(text: str, i: int, floor: int) -> bool:
    """Whether offset ``i`` (an opening mark) starts a sentence: only space after [.!?:] or the floor."""
    j = i - 1
    while j >= floor and text[j].isspace():
        j -= 1
    return j < floor or text[j] in ".!?:\u2014"
