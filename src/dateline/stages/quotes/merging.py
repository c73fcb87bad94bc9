"""Which attribution owns a stretch of text: the quotes stage's merging of its candidate contents.

The stage finds direct quotes from quote marks and indirect contents from the parse, each on its own;
here they are made into one set of attributions, as PolNeAR gives each token to one attribution: of
two nested contents one owns the text (``owners``, with the nesting model of ``nesting``), a clause
inside a direct quote is that quote's, quoted words inside a reported clause make it mixed
(``merge``), a reported clause wholly inside another quote is that quote's (``inside_another``), and
an inverted clause that reaches back over the quotation its cue reports is dropped
(``drop_reached_over``). ``unchain`` and ``other_paragraph`` trim and drop contents before that.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import TYPE_CHECKING

from . import clauses, marks, nesting

if TYPE_CHECKING:
    from . import Item

# Cues whose content is a reported world (a clause): what is stated inside it is theirs. An object
# judged ("the court rejected [the senator's claim that ...]") keeps the inner holder's own claim.
CLAUSE_KINDS = ("speech", "thought", "intent", "evidence", "phrase")
# The cue kinds of a content another content may be nested in (``_nested_in``).
OUTER_KINDS = frozenset(CLAUSE_KINDS + ("evaluation",))


def merge(text: str, directs: list[Item], indirects: list[Item], nest: nesting.NestModel | None = None) -> list[Item]:
    """Resolve overlaps: of two nested contents one owns the text (``owners``); a clause inside a
    direct quote is the direct quote's; quoted words inside a reported clause make it mixed."""
    out = list(directs)
    indirects = owners(text, indirects, nest)
    starts, ends = [d.start for d in directs], [d.end for d in directs]
    # quote pieces lie in text order without overlapping: the ones near a clause are found by bisect
    ordered = all(x <= y for x, y in zip(starts, starts[1:])) and all(x <= y for x, y in zip(ends, ends[1:]))
    for it in indirects:
        near = directs
        if ordered and it.start <= it.end:  # every piece that covers, lies inside or crosses [start, end)
            near = directs[bisect_left(ends, it.start - 2):bisect_right(starts, it.end + 2)]
        if not near:  # (most contents: no quoted words near them, nothing below applies)
            out.append(it)
            continue
        covering = [d for d in near if d.start <= it.start + 2 and it.end <= d.end + 2]
        inside = [d for d in near if it.start <= d.start + 1 and d.end <= it.end + 2]
        if covering:
            d = covering[0]
            # the reported clause IS the quoted words and its cue comes before them ("She declared
            # “What a Super Tuesday!” and said ..."): a cue found after the marks is the next clause's
            # (PolNeAR train: the clause's cue is the gold one 18 times, the one after 9 times)
            if d.cue is None or (it.cue is not None and it.cue.start < d.start and d.cue.start > d.end):
                d.cue, d.who = it.cue, it.who
            continue
        if any(d.start < it.end and it.start < d.end and not any(d is x for x in inside) for d in near):
            continue  # crosses a quote's boundary: the parse and the marks disagree
        if inside and narration_before_colon(text, it, inside):
            for d in inside:  # the quoted words are the cue's; the narration is no one's
                if d.cue is None or d.cue.kind == "governing":
                    d.cue, d.who = it.cue, it.who
            continue
        if inside:
            gone = {id(d) for d in inside}
            out = [o for o in out if id(o) not in gone]
            it.kind = "mixed"
        out.append(it)
    out.sort(key=attrgetter("start"))
    holders = _holders(out)
    return [it for it in out if not inside_another(it, holders)]


def narration_before_colon(text: str, it: Item, inside: list[Item]) -> bool:
    """An inverted cue's clause that runs back over a colon to the narration introducing the quote
    ("The woman's enthusiasm is recorded in detail: “Here comes Big Daddy,” she said"): the parse
    hangs the whole sentence on "said", but what she said is the quoted words (PolNeAR train: 7
    such clauses, +3 matched contents)."""
    return it.cue is not None and it.cue.start > inside[-1].end and \
        ":" in text[it.start:inside[0].piece.open_mark]


def drop_reached_over(items: list[Item]) -> list[Item]:
    """Drop an inverted clause that reaches back over the quotation its cue reports: in "She urged
    a coalition .... “I assume she is calibrating,” said Paul X" the parse may hang the sentence before
    the quote on "said" too, but "said" reports the quoted words (PolNeAR train: 9 such clauses,
    +4 matched contents; each was grouped with the quote by their shared cue)."""
    quoted = {(it.cue.start, it.cue.end): it for it in items if it.kind == "direct" and it.cue is not None}
    if not quoted:
        return items
    out = []
    for it in items:
        d = quoted.get((it.cue.start, it.cue.end)) if it.kind == "indirect" and it.cue is not None else None
        if d is None or not (it.end <= d.start and d.end < it.cue.start):
            out.append(it)
    return out


def _holders(items: list[Item]) -> list[tuple[int, int, int, int, Item]]:
    """(start, end, cue start, cue end, item) of each item that may hold another (``inside_another``):
    a content after its cue; ``items`` sorted by start, the rows too. Read once, not once per item."""
    return [(o.start, o.end, o.cue.start, o.cue.end, o) for o in items if o.cue is not None and o.cue.start < o.start]


def inside_another(it: Item, holders: list[tuple[int, int, int, int, Item]]) -> bool:
    """A reported clause wholly inside another quote with another cue, whatever their kinds: "praised
    [the senator's positions on national defense]" holds the positions as what is praised, not as a
    second attribution. PolNeAR gives each token to one attribution (no gold content holds another's
    cue); on full PolNeAR train such inner quotes matched no gold 99 times in 109 (+0.002 F1). A
    content before its cue (the subject of "[the president's vow to end the war] was welcomed")
    keeps the stance its subject names (3 quotes on train, the same F1 either way). ``holders``:
    the rows of ``_holders``."""
    if it.kind == "direct" or it.cue is None:
        return False
    a, b, ca, cb = it.start, it.end, it.cue.start, it.cue.end
    for s, e, cs, ce, o in holders:
        if s > a:
            break  # the rows are sorted by start
        if e >= b and o is not it and (cs, ce) != (ca, cb) and (s, e) != (a, b):
            return True
    return False


def unchain(text: str, indirects: list[Item]) -> None:
    """End a reported clause before a second cue verb joined to it with no subject of its own:
    in "adds that she released her returns and called on Sanders to do the same" the small parser
    hangs "called on" inside the clause, but it is the speaker's second act, with its own content."""
    for it in indirects:
        tok = it.cue.token if it.cue is not None else None
        if tok is None or tok.dep_ != "conj":
            continue
        # a second speaker with a verb of saying ("..., and 4 in 10 said ...") is a new attribution
        if any(c.dep_ in clauses.SUBJECTS for c in it.cue.children()) and it.cue.kind != "speech":
            continue
        for o in indirects:
            if o is it or not (o.start < tok.idx < o.end) or not (o.start <= tok.head.idx < tok.idx):
                continue
            k = tok.i - 1
            while k > 0 and (tok.doc[k].dep_ == "cc" or tok.doc[k].is_punct or tok.doc[k].dep_ == "advmod"):
                k -= 1
            cut = tok.doc[k].idx + len(tok.doc[k])
            if cut > o.start:
                o.end = min(o.end, cut)


def other_paragraph(text: str, cue: clauses.Cue, start: int, end: int) -> bool:
    """Whether a reported clause lies wholly in another paragraph than its cue. The segmenter may
    run a sentence over a paragraph break ('"…," Podesta added, "…"' then a new paragraph), and the
    cue's clause is then read from the next paragraph: nobody's words there are reported by this cue
    (dropping them: full PolNeAR train +0.002 overlap F1)."""
    a, b = (cue.end, start) if cue.end <= start else (end, cue.start)
    # (a break holds a newline: ``str.find`` rules most stretches out before the regex is run)
    return a < b and text.find("\n", a, b) >= 0 and marks.PARAGRAPH_BREAK.search(text, a, b) is not None


def _outer_rows(items: list[Item]) -> list[tuple[int, int, bool, Item]]:
    """(start, end, whether its cue reports a clause, item) of each content another may be nested in,
    in order: only those whose cue kind can hold another (``OUTER_KINDS``), read once per document
    rather than once per content checked."""
    return [(o.start, o.end, o.cue.kind in CLAUSE_KINDS, o) for o in items
            if o.cue is not None and o.cue.kind in OUTER_KINDS]


def _nested_in(it: Item, rows: list[tuple[int, int, bool, Item]]) -> Item | None:
    """The content of ``rows`` (``_outer_rows``) that ``it`` is nested in, if any. A reported stance
    inside another's reported words ("Sengendo said the OIC will continue to support Azerbaijan") is
    part of that quote's content, not the article's own attribution. Its cue must lie inside those
    words: an inverted "..., Welch said" ending where the stance's content ends is the outer quote,
    not nested in it (else each drops the other)."""
    cue = it.cue
    if cue is None or cue.kind == "phrase":
        return None
    # an act judged ("chastised Snyder for [refusing to ask for help]") is part of what is judged;
    # a nominal with its own holder ("condemned [Trump's call for a ban]") stays that holder's
    judged = cue.kind != "nominal"
    cs, ce, end = cue.start, cue.end, it.end
    for s, e, clause, o in rows:  # (a row not reporting a clause is an evaluation's)
        if s <= cs < e and end <= e and o is not it and (clause or (judged and ce <= e)):
            return o
    return None


def _nested_each(items: list[Item]) -> list[Item | None]:
    """The content each of ``items`` is nested in (``_nested_in``), over the rows read once."""
    rows = _outer_rows(items)
    return [_nested_in(it, rows) for it in items]


def owners(text: str, indirects: list[Item], nest: nesting.NestModel | None) -> list[Item]:
    """One attribution per stretch of text: a content nested in another (``_nested_in``) is dropped,
    unless the nesting model (``nesting``) says the inner attribution is PolNeAR's own; then the
    outer content ends before the inner clause, or, when the inner cue comes before the outer cue
    (an inverted outer, "X ..., Y said"), the outer is dropped. When the inner clause starts the
    outer content nothing of the outer would be left: the outer owns the text."""
    keep: list[Item] = []
    cuts: dict[int, int] = {}
    dead: set[int] = set()
    for it, o in zip(indirects, _nested_each(indirects)):  # (read before any content is cut, below)
        if o is None:
            keep.append(it)
            continue
        if nest is None or not nest.keeps_inner(it, o, text):
            continue
        if it.cue.start < o.cue.start:
            dead.add(id(o))
        else:
            cut = nesting.cut_before(it)
            if cut <= o.start:
                continue  # the inner clause is all of the outer content ("declined to [comment on X]")
            cuts[id(o)] = min(cuts.get(id(o), o.end), cut)
        keep.append(it)
    for it in keep:
        if id(it) in cuts:
            it.end = min(it.end, cuts[id(it)])
    return [it for it in keep if id(it) not in dead]
