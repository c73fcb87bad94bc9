"""Quotes: who said what, attributed to the entity that really said it.

Direct quotes come from a bounded scan of quote marks (``marks``); their cue is the reporting verb
next to the marks. Indirect quotes are attributions in the PARC sense, read off the dependency
parse (``clauses``): a cue of speech, thought, intention or evaluation, verbal, adjectival or
nominal ("said that", "vowed to", "praised X for", "critical of", "his plan to"), with its content
in the slots the lexicon names, plus labelled lines ("Source: claim", ``labels``). An indirect
clause that contains quoted words is a mixed quote; a stance inside another's reported clause is
that clause's content. Speakers are resolved to entities (``speakers``): by name, pronoun or
description, or carried over from the previous quote for a paragraph of quotation with no cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from spacy.attrs import POS
from spacy.symbols import VERB

from ...document import Document
from ...model import Entity, Mention, Quote
from ...pipeline import Stage
from . import clauses, ends, evidence, frames, labels, marks, merging, nesting, spans as bounds, trims
from .lexicon import Cues, load_cues
from .speakers import MentionIndex, resolve

# How far after a closing mark the attribution may lie ("," said Assistant Secretary-General ...).
TAIL_CHARS = 220
# Title abbreviations whose full stop does not end a sentence ("Gov. Kasich replied").
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "st", "jr",
                 "sr", "prof", "rev", "hon", "pres", "adm", "maj", "cmdr", "no", "mt", "ft", "sens", "reps",
                 "lt. gen", "u.s", "u.n", "a.m", "p.m", "inc", "co", "corp", "ltd", "vs", "jan", "feb", "aug",
                 "sept", "sep", "oct", "nov", "dec"}
ABBREV_BEFORE = re.compile(r"(?:^|[\s(])([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)$")
SENTENCE_END = re.compile(r"[.!?](?=[\s\"\u201d]|$)")
# What may follow a sentence's final stop besides space (or the end of the stretch read).
AFTER_STOP = "\"\u201d"


def _title_stop(text: str, s: int, a: int) -> bool:
    """Whether the full stop at ``s`` is a title's or an initial's ("Gov.", "J."), reading back no
    further than ``a``."""
    w = ABBREV_BEFORE.search(text, max(a, s - 12), s)
    return w is not None and (w.group(1).lower() in ABBREVIATIONS or len(w.group(1)) == 1)


def _first_end(text: str, a: int, b: int, default: int) -> int:
    """The end offset of the first sentence ending in [a, b) (a stop before space, a closing mark or
    ``b``, not a title's), else ``default``."""
    m = SENTENCE_END.search(text, a, b)
    while m is not None:
        if text[m.start()] != "." or not _title_stop(text, m.start(), a):
            return m.end()
        m = SENTENCE_END.search(text, m.end(), b)
    return default


def _last_end(text: str, a: int, b: int, default: int) -> int:
    """The end offset of the last sentence ending in [a, b), else ``default``: read back from ``b``
    (three ``rfind`` calls a step, where a forward scan would read every sentence of the stretch)."""
    j = b
    while True:
        s = max(text.rfind(".", a, j), text.rfind("!", a, j), text.rfind("?", a, j))
        if s < 0:
            return default
        nxt = s + 1  # (the same test as SENTENCE_END's lookahead, ``$`` being ``b``)
        if (nxt == b or text[nxt].isspace() or text[nxt] in AFTER_STOP) and \
                (text[s] != "." or not _title_stop(text, s, a)):
            return nxt
        j = s


DIRECT_CUE_KINDS = ("speech", "thought", "intent", "phrase")
ROW_POS = clauses.FACT_ATTRS.index(POS)  # the POS row of ``DocFacts.cols``
# What may stand between a cue and the quote it introduces: a short complement ("told reporters
# on Tuesday") closed by a comma or colon, or "according to X,".
HEAD_GAP = re.compile(r"[^.!?\"\u201c\u201d]{0,80}?[,:]\s*$")


@dataclass
class Item:
    start: int
    end: int
    kind: str
    cue: clauses.Cue | None = None
    who: tuple | None = None  # (head token, start, end) of the speaker phrase
    piece: marks.Piece | None = None
    entity: Entity | None = None
    basis: str | None = None
    mention: tuple[int, int] | None = None
    frame: str = ""  # the frame that found an indirect content (clause, xcomp, object, inverted, ...)
    colon: bool = False  # a direct piece introduced by a colon (its cue found by ``_colon_cue``)


def _lexicon(resources) -> tuple[Cues, np.ndarray, int]:
    cues = load_cues()
    strings = resources.nlp.vocab.strings
    heads = np.array(sorted(strings.add(w) for w in cues.heads()), dtype="uint64")
    return cues, heads, strings.add("according")


class CueIndex:
    """The cues of the kinds that may report a direct quote, in text order, with their starts for a
    bisect: each quote piece asks for the cues in a stretch of text twice (after and before it)."""

    def __init__(self, found: list[clauses.Cue]):
        # (the clause reader yields them sorted by start already: the sort only checks it)
        self.cues = sorted((c for c in found if c.kind in DIRECT_CUE_KINDS), key=attrgetter("start"))
        self.starts = [c.start for c in self.cues]


def _cue_in(found: CueIndex, a: int, b: int, last: bool) -> clauses.Cue | None:
    """The first (or last) cue lying wholly in [a, b)."""
    cues = found.cues
    k, n, hit = bisect_left(found.starts, a), len(cues), None
    while k < n and cues[k].start < b:  # (a cue ending by b starts before b)
        if cues[k].end <= b:
            if not last:
                return cues[k]
            hit = cues[k]
        k += 1
    return hit


def _verb_between(facts, a: int, b: int) -> bool:
    """Whether a full verb (not an auxiliary) lies in [a, b): then a cue beyond it is not this quote's.
    Read from the document's facts (``cuemodel.DocFacts``: token offsets, the sorted verbs and
    auxiliaries, the POS row) rather than from Token objects: of the tokens wholly inside [a, b), as
    ``char_span(a, b, "contract")`` gives them, the few verbs or auxiliaries are looked up by bisect."""
    if b <= a:
        return False
    i, j = bisect_left(facts.idx, a), bisect_right(facts.ends, b)
    verbs, pos = facts.verbs, facts.cols[ROW_POS]
    k = bisect_left(verbs, i)
    while k < len(verbs) and verbs[k] < j:
        if pos[verbs[k]] == VERB:
            return True
        k += 1
    return False


def _attribute_direct(text: str, sdoc, p: marks.Piece, found: CueIndex, nxt: int,
                      prev: int) -> clauses.Cue | None:
    """The cue of a direct piece: after its closing mark ("…," he said) or before its opening mark
    ("He said: “…”"). A cue before the marks must end its clause with a comma or colon: in "said
    that “…”" the quoted words are part of a reported clause (a mixed quote, found from the parse)."""
    tail_cue = head_cue = None
    if p.close_mark is not None:
        a = p.after
        b = min(nxt, a + TAIL_CHARS, p.para_end)
        b = _first_end(text, a, b, b)
        lead = text[a:b].lstrip(" ,\t\n\u2014-")
        # "…U.S.," Zucker said: a comma after the full stop shows it was an abbreviation's. A question
        # or exclamation mark stands for the comma ("“Who pays?” Trump asked."): it ends no sentence
        # (PolNeAR train-840 +0.0005 overlap F1, direct and speaker accuracy up)
        ends_sentence = text[p.end - 1] == "." and text[p.end:p.close_mark].strip() == ""
        if lead and not (ends_sentence and lead[:1].isupper()) and not _inside_clause(text, p):
            tail_cue = _cue_in(found, a, b, last=False)
            if tail_cue is not None and _verb_between(tail_cue.peers, a, tail_cue.start):
                tail_cue = None
    ends_comma = p.close_mark is not None and "," in text[p.end:p.after + 1]
    if ends_comma and tail_cue is not None:
        return tail_cue  # ("…," he said: a cue before the marks would not be taken, it is not read)
    floor = max(prev, p.para_start)
    k = p.open_mark
    head_from = _last_end(text, floor, k, floor)
    if head_from < k:
        head_cue = _cue_in(found, head_from, k, last=True)
        if head_cue is not None and not HEAD_GAP.match(text, head_cue.end, k):
            head_cue = None
    return head_cue if head_cue is not None else tail_cue  # (with a comma, ``tail_cue`` was None)


# Marks and space between a quotation's last word and the narration after it.
MARKS_AND_SPACE = " \t\"'\u2018\u2019\u201c\u201d"


def _inside_clause(text: str, p: marks.Piece) -> bool:
    """A few quoted words run on into their sentence with no punctuation at the closing mark (the
    “sex tape” reference was ...; the only "medical records" that Trump released): a scare quote or a
    name inside the clause, so the verb after it is that clause's, not a report of these words.
    Only pieces under MIN_LOOSE_WORDS words: longer ones are mostly real quotations run on into their
    sentence. On cached PolNeAR train-840 (the short ones had a cue after them 22 times, 3 right) this
    drops 20 false predictions for 1 match: 0.7362 -> 0.7366 overall overlap F1; dev-84 0.7496 -> 0.7501."""
    if p.words >= marks.MIN_LOOSE_WORDS or p.close_mark is None:
        return False
    nxt = text[p.after:p.after + 8].lstrip()[:1]  # the first character after the mark and its space
    return not any(not ch.isalnum() and ch not in MARKS_AND_SPACE
                   for ch in text[max(p.start, p.end - 2):p.after] + nxt)


def _colon_cue(text: str, sdoc, p: marks.Piece, found: CueIndex) -> clauses.Cue | None:
    """A quote introduced by a colon ("Breitbart News responded:" / "Republican pollster Daron Shaw:"),
    in its paragraph or at the end of the one before: the sentence's cue verb, else the colon."""
    j = p.open_mark - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] != ":" or text.count("\n", j, p.open_mark) > 3:
        return None
    start = j
    while start > 0 and text[start - 1] not in ".!?\n\u201d\"":
        start -= 1
    verb = _cue_in(found, start, j, last=True)
    if verb is not None:
        return verb
    colon = sdoc.char_span(j, j + 1)
    return clauses.Cue(colon[0], "colon", j, j + 1) if colon is not None else None


def _colon_speaker(cue: clauses.Cue) -> object | None:
    """Who speaks after a colon: a name right before it ("Daron Shaw:"), else the subject of the
    verb the colon's noun depends on ("Clinton released the following statement:")."""
    if cue.token.i == 0:
        return None
    before = cue.token.nbor(-1)
    if before.pos_ == "PROPN" and before.dep_ not in ("dobj", "pobj"):
        return before
    head = before.head
    if before.pos_ in ("NOUN", "PROPN") and head.pos_ in ("VERB", "AUX") and head.i < before.i:
        return clauses.speaker_of(head, inverted_ok=False)
    return None


def _governing_cue(text: str, sdoc, p: marks.Piece) -> clauses.Cue | None:
    """For words quoted inside a sentence with no reporting verb ("She called his actions “a crucial
    step”"): the verb that governs the quoted words, when it has a subject outside the marks."""
    first = sdoc.char_span(p.start, p.end, alignment_mode="expand")
    if first is None or not len(first):
        return None
    tok = first.root
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.idx < p.open_mark and tok.pos_ in ("VERB", "AUX"):
            if any(c.dep_ in ("nsubj", "csubj") and c.idx < p.open_mark for c in tok.children):
                return clauses.Cue(tok, "governing", tok.idx, tok.idx + len(tok))
    return None


def _speaker_of_cue(cue: clauses.Cue) -> tuple | None:
    if cue.kind == "phrase":
        tok = clauses.phrase_source(cue)
    elif cue.kind == "colon":
        tok = _colon_speaker(cue)
    else:
        tok = clauses.speaker_of(cue.token, kids=cue.children())  # (walked once: the clause reader reads them too)
        if tok is None:
            found = clauses._inverted_np(cue.token)
            tok = found[0] if found else None
    if tok is None:
        return None
    s, e = clauses.noun_phrase(tok)
    return tok, s, e


def _directs(text: str, sdoc, found: list[clauses.Cue]) -> list[Item]:
    pieces = marks.scan(text)
    if not pieces:
        return []
    items: list[Item] = []
    index = CueIndex(found)
    for n, p in enumerate(pieces):
        nxt = pieces[n + 1].open_mark if n + 1 < len(pieces) else len(text)
        prev = pieces[n - 1].after + (pieces[n - 1].close_mark is None) if n else 0
        cue = _attribute_direct(text, sdoc, p, index, nxt, prev)
        colon = False
        if cue is None:
            cue = _colon_cue(text, sdoc, p, index)
            colon = cue is not None
        if cue is None and p.words >= marks.MIN_LOOSE_WORDS and \
                not marks.sentence_start_before(text, p.open_mark, p.para_start):
            cue = _governing_cue(text, sdoc, p)  # names the speaker; not evidence of a quote
        it = Item(p.start, p.end, "direct", cue, None, p)  # (its speaker is read once kept, below)
        it.colon = colon
        items.append(it)
    # split quotes ("A," he said. "B.") and runs over paragraphs share one attribution
    owner: dict[int, Item] = {}  # the piece whose own cue a piece shares
    for n in range(1, len(items)):
        a, b = items[n - 1], items[n]
        if b.cue is not None or a.cue is None:
            continue
        # "A," asked X, referring to his ''crooked'' process. "B.": a scare quote between the two
        # pieces (a few words) shares the cue too, so the split is read from the piece that owns the cue
        o = owner.get(id(a), a) if a.piece.words < marks.MIN_LOOSE_WORDS else a
        split = o.piece.para == b.piece.para and o.piece.close_mark is not None and \
            o.piece.close_mark < a.cue.start < b.piece.open_mark
        # a block of paragraphs quoted after a colon ("Transcript as follows:") is one quotation
        block = a.colon and b.piece.para == a.piece.para + 1 and b.piece.open_mark == b.piece.para_start
        # two quoted passages with nothing but space between them ("Can we win?" "I don't know.")
        adjacent = bounds.RULES["adjacent"] and a.piece.para == b.piece.para and a.piece.close_mark is not None \
            and not text[a.piece.after:b.piece.open_mark].strip()
        if split or block or adjacent or (a.piece.continues and b.piece.continued):
            b.cue = a.cue
            b.colon = block
            owner[id(b)] = o
    for n in range(len(items) - 2, -1, -1):  # a run whose cue comes in its last paragraph
        a, b = items[n], items[n + 1]
        if a.cue is None and b.cue is not None and a.piece.continues and b.piece.continued:
            a.cue = b.cue
    keep = []
    for it in items:  # (the tests are pure: the cheap ones first, the rest only when they decide)
        p = it.piece
        if p.continues or p.continued or \
                (it.cue is not None and it.cue.kind != "governing" and not _named_title(text, p)):
            keep.append(it)
        elif p.words >= marks.MIN_LOOSE_WORDS:  # a loose passage: a sentence or more, not a title
            opens = marks.sentence_start_before(text, p.open_mark, p.para_start)
            titled = bounds.RULES["title"] and not opens and _title_like(text, p)
            if (opens or text[p.end - 1] in ".!?") and not titled:
                keep.append(it)
    # the speaker phrase of each kept piece's cue, read once per cue (a cue is shared by the pieces
    # of a split quote); a tenth of the pieces with a cue are dropped above and never need theirs
    who: dict[int, tuple | None] = {}
    for it in keep:
        if it.cue is not None:
            k = id(it.cue)
            if k not in who:
                who[k] = _speaker_of_cue(it.cue)
            it.who = who[k]
    return keep


# Function words a title leaves in lower case ("The Art of the Deal", "Tales From the Crypt").
TITLE_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from", "with", "by", "is", "as"}
TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _title_like(text: str, p: marks.Piece) -> bool:
    """A quoted title ("his book ''The Art of the Deal.''"): every word but the small ones capitalised.
    A title quoted in mid-sentence is named, not said by anyone."""
    if p.words > 10:
        return False  # (before reading the words: most quotations are longer)
    words = [w for w in TITLE_WORD.findall(text, p.start, p.end) if w.lower() not in TITLE_SMALL]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


POSSESSIVE = re.compile(r"[\u2019']s\s*$")


def _named_title(text: str, p: marks.Piece) -> bool:
    """A quoted title in mid-sentence that names a show, a book or a slogan ("on CNN's “New Day,” Sen.
    Gillibrand said"): the cue after it reports the sentence's speaker, not these words. A title after a
    possessive is always a name (27 such pieces on PolNeAR train, none a quote); without one, a
    title that ends a sentence with "!" or "?" is an exclamation ("She declared “What a Super Tuesday!”")."""
    if p.words > 10 or marks.sentence_start_before(text, p.open_mark, p.para_start) or not _title_like(text, p):
        return False
    if POSSESSIVE.search(text, max(0, p.open_mark - 4), p.open_mark):
        return True
    return text[p.start:p.end].rstrip()[-1:] not in ("!", "?")


def extract_quotes(doc: Document) -> None:
    text = doc.text
    sdoc = doc.spacy
    if sdoc is None or not text or text.isspace():  # (``not text.strip()`` without copying the text)
        doc.article.quotes = []
        return
    cues, heads, according = doc.resources.cached("quotes.cues", _lexicon)
    found = clauses.cue_tokens(sdoc, cues, heads, according)
    directs = _directs(text, sdoc, found)
    spans = [(d.piece.open_mark, d.piece.after + (d.piece.close_mark is None)) for d in directs]
    indirects = []
    opens = [a for a, _ in spans]  # the pieces are in text order and do not overlap
    markup = "<" in text  # (most stories hold no tag: the test below is skipped for them)
    for cue in found:
        k = bisect_left(opens, cue.start) - 1
        if k >= 0 and spans[k][0] < cue.start < spans[k][1]:
            continue  # a cue inside quoted words is the quoted speaker's, not the article's
        if markup and text[max(0, cue.start - 2):cue.start].endswith(("<", "</")):
            continue  # a markup tag left in the text (<tweet ...>), not a word
        if cue.kind == "phrase":
            clause = clauses.according(cue)
        elif cue.kind == "nominal":
            clause = clauses.nominal(cue)
        else:
            clause = clauses.indirect(cue)
        if clause is None:
            continue
        rest = clause.rest
        if rest is None and clause.frame == "inverted" and bounds.RULES["rest"]:
            rest = bounds.inverted_rest(cue.token, clause.start, clause.end, text)  # "[It was], he said, [one of ...]"
        elif rest is None and clause.frame == "according" and bounds.RULES["rest"]:
            rest = bounds.according_rest(cue.token, clause.start, clause.end)  # "[X], according to Y, [is ...]"
        if rest is not None and clause.rest is None and _named_clause(sdoc, *rest):
            rest = None  # a clause with its own named subject is not this one's ("..., he said, Trend reports")
        if not merging.other_paragraph(text, cue, clause.start, clause.end):
            indirects.append(Item(clause.start, clause.end, "indirect", clause.cue, clause.speaker, frame=clause.frame))
        if rest is not None and not merging.other_paragraph(text, cue, *rest):  # the part after a split cue
            indirects.append(Item(*rest, "indirect", clause.cue, clause.speaker, frame=clause.frame))
    merging.unchain(text, indirects)
    cue_at = {c.token.i for c in found}
    tmap = bounds.TokenMap(sdoc, cue_at, found[0].peers if found else None) if indirects else None  # only when needed
    end_model = doc.resources.cached("quotes.ends", ends.load_model)
    fitted = end_model.active
    kept_cues = sorted({o.cue.token.i for o in indirects + directs if o.cue is not None})
    walls = [(d.piece.open_mark, d.piece.after) for d in directs]
    wall_ends = [b for _, b in walls]
    reasons = []
    for it in indirects:
        it.end = trims.trim_aside(sdoc, it.start, it.end, it.cue.peers if it.cue is not None else None)
        if it.cue is not None and it.cue.kind == "phrase" and bounds.RULES["paragraph"]:
            it.start, it.end = bounds.within_paragraph(text, it.cue.start, it.start, it.end)
        elif it.cue is not None:
            it.start, it.end = bounds.refine(sdoc, it.cue.token, it.start, it.end, cue_at, text, tmap)
            if it.cue.kind == "evaluation" and bounds.RULES["passive"]:
                extra = bounds.passive_reason(sdoc, it.cue.token, it.start, it.end)
                if extra is not None and not any(o.start <= extra[0] < o.end for o in indirects):
                    reasons.append(Item(*extra, "indirect", it.cue, it.who))
            if fitted:
                it.end = _fitted_end(sdoc, tmap, end_model, it, cue_at, kept_cues, walls, wall_ends)
    indirects += reasons
    index = MentionIndex(doc.article.entities)
    label_nouns = doc.resources.cached("quotes.labels", labels.load)
    for cs, ce, (ca, cb), who, person in labels.labelled(text, sdoc, index, doc.article.entities, label_nouns):
        colon = sdoc.char_span(ca, cb)
        if colon is None or any(it.start < ce and cs < it.end and not cs <= it.start <= it.end <= ce
                                for it in indirects):
            continue
        indirects = [it for it in indirects if not cs <= it.start <= it.end <= ce]  # the line is one claim
        indirects.append(Item(cs, ce, "indirect", clauses.Cue(colon[0], "colon", ca, cb), who, entity=person,
                              basis="name" if person is not None else None))
    for cs, ce, (noun, ca, cb), holder in labels.noun_labelled(text, sdoc, label_nouns):
        # "Their argument: [claim]": a clause inside the claim is part of it, and a verb whose object is
        # the noun ("issued a stark warning: ...") reports it; any other content crossing it keeps its text
        mine = [o for o in indirects if cs <= o.start and o.end <= ce or o.start <= ca < o.end]
        if any(a < ce and cs < b for a, b in spans) or \
                any(o.start < ce and cs < o.end for o in indirects if not any(o is x for x in mine)):
            continue
        indirects = [o for o in indirects if not any(o is x for x in mine)]
        who = (holder, *clauses.noun_phrase(holder)) if holder is not None else None
        indirects.append(Item(cs, ce, "indirect", clauses.Cue(noun, "colon", ca, cb), who, frame="noun_label"))
    framed = evidence.framed(sdoc, found[0].peers if found else None, kept_cues,
                             doc.resources.cached("quotes.evidence", evidence.load))
    taken = [(o.start, o.end) for o in indirects] + spans if framed else []  # (most stories frame none)
    for cs, ce, cue, who in framed:
        if not any(a < ce and cs < b for a, b in taken):  # (what another cue found is that cue's)
            indirects.append(Item(cs, ce, "indirect", cue, who, frame="evidence"))
    items = merging.merge(text, directs, indirects, doc.resources.cached("quotes.nest", nesting.load_model))
    items = merging.drop_reached_over(items)
    _speakers(text, items, index)
    items = [it for it in items if not _unspoken(it)]
    doc.article.quotes = [_quote(text, n, it) for n, it in enumerate(items, 1)]


def _named_clause(sdoc, a: int, b: int) -> bool:
    """Whether [a, b) opens with a name and its verb ("Trend reports on Apr. 8", "Reuters reported"):
    a new clause with a subject of its own, not the rest of the sentence the cue was set inside."""
    span = sdoc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return False
    k = 0
    while k < len(span) and span[k].pos_ == "PROPN":
        k += 1
    return 0 < k < len(span) and span[k].pos_ == "VERB"


def _fitted_end(sdoc, tmap: bounds.TokenMap, model: ends.EndModel, it: Item, cue_at: set[int],
                blocked: list[int], walls: list[tuple[int, int]], wall_ends: list[int]) -> int:
    """The content's end after the fitted trim-or-extend decision (``ends``). ``blocked``: every
    quote's cue token, sorted (the content's own cue blocks an extension over it anyway). ``walls``:
    the direct quotes' spans in text order, ``wall_ends`` their ends; those the content overlaps are
    left out (usually none: the first wall ending after the content's start begins after its end)."""
    span = tmap.span(it.start, it.end)
    if span is None:
        return it.end
    i, j = span
    k = bisect_right(wall_ends, it.start)
    if k < len(walls) and walls[k][0] < it.end:
        walls = [w for w in walls if not (w[0] < it.end and it.start < w[1])]
    j, moved = ends.adjust(sdoc, model, it.cue.token, it.cue.kind, i, j, cue_at, blocked, walls, tmap)
    if not moved or j <= i:
        return it.end
    return bounds._char_end(sdoc, j)


def _governing_speaker(cue, nominal: bool = False) -> tuple | None:
    """Who reports through a cue with no subject of its own, from the clause it hangs on: a phrase
    ("Trump attacked Clinton [after] saying that ..."), an adverbial clause ("Insisting that the vote
    was rigged, Lopez left"): the subject of the verb it hangs on (a passive "was criticized for
    saying" names no one); a noun's clause ("released a statement saying ..."): the subject of the
    verb the noun is the object of, else the noun itself ("A statement saying ... appeared");
    ``nominal``, a nominal cue with no holder ("shelved the proposal to ...", "stuck with a proposal to ..."):
    the subject of the verb it is the object of, directly or through a preposition (not in the
    received frame: in "Rubio earned praise" others praise). PolNeAR train-840 (cached): speaker
    accuracy 0.875 -> 0.901, dev-84 0.877 -> 0.899; the contents are unchanged."""
    head = cue.head
    tok = None
    if cue.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        tok = clauses.speaker_of(head, inverted_ok=False)
    elif cue.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        tok = clauses.speaker_of(head.head, inverted_ok=False)
    elif nominal and cue.dep_ in ("dobj", "pobj"):
        tok = frames.governing_subject(cue)  # "Lopez shelved the proposal to ...", "stuck with a proposal to ..."
    elif cue.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        if head.dep_ == "dobj":
            tok = frames.governing_subject(head)
        if tok is None:
            tok = head
    return (tok, *clauses.noun_phrase(tok)) if tok is not None else None


def _speakers(text: str, items: list[Item], index: MentionIndex) -> None:
    credited: list[Entity] = []
    last: Item | None = None
    for it in items:
        if it.who is None and it.kind != "direct" and it.cue is not None and it.cue.kind not in ("colon", "phrase"):
            it.who = _governing_speaker(it.cue.token, it.cue.kind == "nominal" and it.frame != "received")
        if it.who is not None:
            tok, s, e = it.who
            if it.entity is None:  # (a labelled line may have named its speaker already)
                r = resolve(tok, s, e, index, credited)
                it.entity, it.basis = r.entity, r.basis
            it.mention = (s, e)
        elif it.piece is not None and it.cue is None and last is not None and (last.entity or last.mention):
            # a paragraph of quotation with no cue continues the previous quote's speaker
            p = it.piece
            if p.open_mark == p.para_start and _adjacent(text, last.end, p.para_start):
                it.entity, it.mention, it.basis = last.entity, last.mention, "previous"
                if last.kind == "direct" and last.cue is not None and last.cue.kind != "governing":
                    it.cue = last.cue  # the same quotation, carried on: one attribution
        if it.entity is not None:
            credited.append(it.entity)
        if it.entity is not None or it.mention is not None:
            last = it


# A quoted passage shorter than this with no cue and no speaker, carried over or found, is a slogan, a
# sign or a title rather than someone's words: on PolNeAR train such passages of 4-8 words are right a
# third of the time (38 dropped, 12 of them gold: +0.0001 overall F1, direct F1 0.942 -> 0.943, dev = or up).
SPEAKERLESS_MIN_WORDS = 9


def _unspoken(it: Item) -> bool:
    """A short direct piece nobody is found to say (no cue, no speaker) that runs over no paragraph."""
    p = it.piece
    return it.kind == "direct" and it.cue is None and it.entity is None and it.mention is None and p is not None \
        and not (p.continues or p.continued) and p.words < SPEAKERLESS_MIN_WORDS


def _adjacent(text: str, prev_end: int, para_start: int) -> bool:
    """The previous quote ended in the paragraph just before this one (no paragraph between)."""
    between = text[prev_end:para_start]
    return len(marks.PARAGRAPH_BREAK.findall(between)) <= 1


def _quote(text: str, n: int, it: Item) -> Quote:
    # (Mention and Quote built positionally, in their fields' order: a keyword call costs more)
    c, m, e = it.cue, it.mention, it.entity
    cue = Mention(c.start, c.end, text[c.start:c.end]) if c else None
    mention = Mention(m[0], m[1], text[m[0]:m[1]]) if m else None
    return Quote(f"Q{n}", text[it.start:it.end], it.start, it.end, it.kind, cue, e.id if e else None,
                 e.name if e else None, mention, it.basis if (e or mention) else None)


STAGE = Stage("quotes", frozenset({"text", "entities"}), frozenset({"quotes"}), extract_quotes)
