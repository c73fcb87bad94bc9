"""Cues, speakers and reported clauses read off the dependency parse.

Only tokens whose lemma is in the cue lexicon are visited (found with one vectorised lookup over
the document's lemma array), so the cost grows with the number of reporting verbs, not tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc, Token

from .lexicon import Cues
from .trims import _trimmed

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Labels the small parser gives an inverted speaker ("added the organization's representative").
INVERTED_SPEAKER = ("nsubj", "dobj", "attr", "npadvmod", "oprd", "appos")
NOMINAL = ("NOUN", "PROPN", "PRON")
# Right-hand dependents kept inside a speaker's noun phrase ("the president of Russia");
# relative clauses and appositions after a comma are left out.
NP_RIGHT = ("prep", "pobj", "compound", "flat", "nummod", "amod", "case", "poss")
# A speaker phrase ("Assistant Secretary-General ... Ahmad Kawesa Sengendo") is rarely longer.
MAX_SPEAKER_TOKENS = 20
# A reported clause shorter than this ("he said so") carries no claim worth keeping.
QUOTE_TOKENS = ('"', "\u201c", "\u201d", "''", "``")  # quote marks as tokens (a cue-model feature)


@dataclass(slots=True)
class Cue:
    token: Token
    kind: str
    start: int
    end: int
    slots: tuple[str, ...] = ("clause",)
    particle: Token | None = None  # the particle or preposition of a two-word cue ("point to")
    adjectival: bool = False  # a participle listed in its own form ("opposed to"), not a passive verb
    governs: bool = False  # its complement is itself a cue ("seems to feel that"): the inner cue reports
    learned: bool = False  # not in the lexicon: proposed for its complement, kept if the cue model says so
    model: Any = None  # the cue model (``cuemodel.CueModel``) judging this cue's content; None keeps all
    peers: Any = None  # per document, for the model's features (``cuemodel.DocFacts``)
    # ``children()`` once walked, and how many of them are before the token
    _kids: tuple | None = field(default=None, repr=False, compare=False)
    _left: int = field(default=0, repr=False, compare=False)

    def children(self) -> tuple[Token, ...]:
        """The cue token's dependents, in order. Walked once per cue: the frames, the speaker and the
        cue model each read them, and every walk of ``Token.children`` makes new Token objects."""
        if self._kids is None:
            self._kids = tuple(self.token.children)
            self._left = self.token.n_lefts  # (the lefts come first in ``Token.children``)
        return self._kids

    def lefts(self) -> tuple[Token, ...]:
        """``token.lefts`` from ``children()`` (the dependents before the token)."""
        kids = self.children()
        return kids[:self._left]

    def rights(self) -> tuple[Token, ...]:
        """``token.rights`` from ``children()`` (the dependents after the token)."""
        kids = self.children()
        return kids[self._left:]


@dataclass(slots=True)
class Clause:
    """An indirect quote: reported clause, its cue and the speaker phrase (token offsets)."""

    start: int
    end: int
    cue: Cue
    speaker: tuple[Token, int, int] | None  # (head token, start char, end char)
    rest: tuple[int, int] | None = None  # the part after a parenthetical cue ("X, he said, Y")
    frame: str = ""  # which frame found the content (a cue-model feature): clause, xcomp, object, ...


def cue_tokens(sdoc: Doc, cues: Cues, heads: np.ndarray, according: int) -> list[Cue]:
    """Every token that is a reporting verb or starts a reporting phrase, in order. ``heads`` is the
    sorted array of the lexicon's head lemma hashes. Each cue carries the document's facts
    (``peers``), read from one attribute array here."""
    if not len(sdoc):
        return []
    model = cues.model
    strings = sdoc.vocab.strings
    arr = sdoc.to_array(FACT_ATTRS)
    cols = np.ascontiguousarray(arr.T)  # one row per attribute: each column read below is contiguous
    lemma, lower, dep = cols[0], cols[1], cols[5]
    head = cols[6].view(np.int64)  # the offset to the head (stored unsigned)
    # by lemma, or by form for participles listed as adjectives ("convinced that")
    table, keys = cues.head_filter(heads)
    mask = np.uint64(len(table) - 1)
    low = (cols[:2] & mask).view(np.intp)  # (a signed view: the index needs no conversion)
    low_bits = table[low]
    near = (low_bits[0] | low_bits[1] | (lower == according)).nonzero()[0]
    # the quote marks, by the same low bits of their LOWER hash (confirmed by the set)
    marks, mark_keys = cues.mark_filter(strings, QUOTE_TOKENS)
    maybe = marks[low[1]].nonzero()[0]
    quotes = [k for k, h in zip(maybe.tolist(), lower[maybe].tolist()) if h in mark_keys]
    out: list[Cue] = []
    n = len(sdoc)
    phrasal = _phrasal(dep, head, strings)
    noun, nouns, open_pos = cues.pos_filter(strings)
    words = cues.words()
    for i, lem, low, p in zip(near.tolist(), lemma[near].tolist(), lower[near].tolist(), cols[3][near].tolist()):
        if not (lem in keys or low in keys or low == according):
            continue  # passed the table by its low bits only
        if low != according and (p not in open_pos or (p == noun and lem not in nouns and low not in nouns)):
            continue  # no entry for its part of speech (``Cues.entry``): no Token made for it
        if low == according:
            if i + 1 < n and sdoc[i + 1].lower_ == "to":
                tok = sdoc[i]
                out.append(Cue(tok, "phrase", tok.idx, sdoc[i + 1].idx + 2))
            continue
        key = (lem, low, p, i in phrasal)
        found = words.get(key, words)  # (``words`` itself: no entry remembered)
        if found is words:
            found = cues.word_entry(sdoc[i], key)
        if found is None:
            continue
        tok = sdoc[i]
        entry, particle = found
        end = tok.idx + len(tok)
        if i in phrasal and i + 1 < n:  # a particle right after the verb ("point out")
            c = sdoc[i + 1]
            if c.dep_ == "prt" and c.head.i == i:
                end = c.idx + len(c)
        if particle is not None and particle.i == i + 1:
            end = particle.idx + len(particle)
        adjectival = particle is not None and tok.lower_ != tok.lemma_.lower() and \
            (tok.lower_, particle.lower_) in cues.particles
        out.append(Cue(tok, entry.kind, tok.idx, end, entry.slots, particle, adjectival))
    at = {c.token.i for c in out}
    facts = _doc_facts(sdoc, cols, at, quotes)
    governing = _governing(dep, head, at, strings)
    for c in out:
        c.governs = c.token.i in governing
    if model is not None:
        out = sorted(out + frames.learned(sdoc, dep, head, cols[3], at, phrasal, governing), key=lambda c: c.start)
    for c in out:
        c.model, c.peers = model, facts
    return out


def _phrasal(dep: np.ndarray, head: np.ndarray, strings) -> set[int]:
    """The tokens with a particle (``prt``) among their dependents ("point [out]"), from the DEP and
    HEAD columns (head: the signed offset)."""
    prt = (dep == strings.add("prt")).nonzero()[0]
    if not len(prt):
        return set()
    heads = prt + head[prt]
    return set(heads[heads != prt].tolist())


def _governing(dep: np.ndarray, head: np.ndarray, tokens: set[int], strings) -> set[int]:
    """The tokens that have one of ``tokens`` as a clausal or infinitival complement (``ccomp``,
    ``xcomp``) among their dependents: a cue governing another cue ("seems to feel that ...")."""
    comps = (strings.add("xcomp"), strings.add("ccomp"))
    out = set()
    dep_of, head_of = dep.item, head.item  # (Python ints, no numpy scalar: a few tokens are read)
    for k in tokens:
        if dep_of(k) in comps:
            h = head_of(k)
            if h:
                out.add(k + h)
    return out


# The attribute array ``cue_tokens`` reads once per document (the columns ``_doc_facts`` names); kept
# in the facts (``DocFacts.cols``, one row each) for the boundary rules' token map.
FACT_ATTRS = [LEMMA, LOWER, SENT_START, POS, IDX, DEP, HEAD, LENGTH, TAG]


def _doc_facts(sdoc: Doc, cols: np.ndarray, at: set[int], quotes: list[int]) -> cuemodel.DocFacts:
    """The per-document facts from the attribute rows of ``cue_tokens`` (LEMMA, LOWER, SENT_START,
    POS, IDX, DEP, HEAD, LENGTH, TAG, one row each): a few vectorised comparisons, no loop over
    tokens. ``quotes``: the quote-mark tokens (``QUOTE_TOKENS``), as ``cue_tokens`` found them."""
    strings = sdoc.vocab.strings
    pos, dep = cols[3], cols[5]
    verbs = (pos == strings.add("VERB")) | (pos == strings.add("AUX"))
    asides = (dep == strings.add("relcl")) | (dep == strings.add("appos"))
    last = sdoc[-1]
    return cuemodel.DocFacts(sorted(at), quotes, (cols[2] == 1).nonzero()[0].tolist(),
                             verbs.nonzero()[0].tolist(), cols[4].tolist(), (cols[4] + cols[7]).tolist(),
                             last.idx + len(last.text_with_ws), asides=asides.nonzero()[0].tolist(), cols=cols)


def noun_phrase(head: Token) -> tuple[int, int]:
    """Character span of the speaker phrase headed by ``head``."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head)
    left = head.left_edge
    if head.i - left.i > MAX_SPEAKER_TOKENS:
        left = head.doc[head.i - MAX_SPEAKER_TOKENS]
    while left.i < head.i and (left.is_punct or left.is_space):
        left = left.nbor()
    right = head
    for c in head.rights:
        if c.dep_ not in NP_RIGHT or c.i != right.i + 1 or c.i - head.i > MAX_SPEAKER_TOKENS:
            break
        right = c.right_edge
    while right.i > head.i and (right.is_punct or right.is_space):
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right)


def speaker_of(verb: Token, inverted_ok: bool = True, kids: tuple[Token, ...] | None = None) -> Token | None:
    """The head token of whoever does the reporting: the subject, climbing ``conj``/``xcomp``.
    ``kids``: the verb's dependents when the caller has them (``Cue.children``)."""
    tok = verb
    for _ in range(3):
        passive = False  # (the dependents are walked once: each step makes their Token objects)
        for c in kids if tok is verb and kids is not None else tok.children:
            dep = c.dep_
            if dep in ("nsubj", "csubj") and c.pos_ in NOMINAL:
                return c
            if dep == "agent":  # "was told by the minister"
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
            passive = passive or dep == "nsubjpass"
        if passive:
            return None  # "it was reported that": no speaker in the sentence
        if tok.dep_ in ("conj", "xcomp", "acomp") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.i < tok.i:
            tok = tok.head  # "..., calling him a liar": the main clause's subject speaks
            continue
        break
    if inverted_ok:
        for c in verb.rights if kids is None else (c for c in kids if c.i > verb.i):
            if c.dep_ in INVERTED_SPEAKER and c.pos_ in NOMINAL:
                return c
    return None


def phrase_source(cue: Cue) -> Token | None:
    """The object of "according to"."""
    to = cue.token.doc[cue.token.i + 1]
    for c in list(to.children) + list(cue.token.children):
        if c.dep_ == "pobj":
            return c
    return None


def _inverted_np(verb: Token) -> tuple[Token, int] | None:
    """For "<clause>, NP said": the NP's head and the index where the NP starts (after its comma).

    Used when the parser attached the speaker elsewhere (it often reads "..., the official X said"
    as a prepositional object). The NP must be verb-free and short.
    """
    doc = verb.doc
    k = verb.i - 1
    head = None
    while k >= 0 and verb.i - k <= MAX_SPEAKER_TOKENS:
        t = doc[k]
        if t.text == ",":
            return (head, k + 1) if head is not None else None
        if t.pos_ in ("VERB", "AUX") or t.is_sent_start or t.text in ".;:!?\"\u201c\u201d":
            return None
        if head is None and t.pos_ in NOMINAL:
            head = t
        k -= 1
    return None


def judged(cue: Cue, clause: Clause | None, frame: str = "") -> Clause | None:
    """The clause a frame found, if the cue model keeps it (``frame`` names the frame, when not set)."""
    clause = _tag(clause, frame)
    if clause is None:
        return None
    if cue.model is not None and not cue.model.accept(cue, clause):
        return None
    return clause


def indirect(cue: Cue) -> Clause | None:
    """The content of a verbal cue in its frames, as judged by the cue model (see ``_indirect``)."""
    if cue.learned:
        return judged(cue, frames.forward(cue))
    return judged(cue, _indirect(cue))


def _indirect(cue: Cue) -> Clause | None:
    """The content of a verbal cue in the slots its entry names: a that-clause ("said that X"), an
    infinitive ("vowed to X"), the object of its preposition ("pointed to X"), its object with a
    predicate or reason ("called X a liar", "praised X for Y"), else, for verbs of saying and
    thinking, the clause before an inverted cue ("X, Sengendo said")."""
    verb = cue.token
    doc = verb.doc
    if "adverb" in cue.slots:
        return _tag(frames.hearsay(cue), "adverb")
    if verb.pos_ == "ADJ" and cue.particle is not None and cue.particle.lower_ in ("that", "to") and \
            cue.particle.i == verb.i + 1:
        return _tag(frames.adjectival(cue), "adjective")
    if "subject" in cue.slots or "passive" in cue.slots:
        found = _tag(frames.raised(cue), "raised")
        if found is not None or "subject" in cue.slots:
            return found
    comp = None
    kids = cue.children()
    for c in kids:
        if "clause" in cue.slots and c.dep_ == "ccomp" and c.i > verb.i:
            comp = c
            break
        # "asked if he was bullied": the small parser hangs an if/whether clause as an adverbial
        if "clause" in cue.slots and c.dep_ == "advcl" and c.i > verb.i and \
                c.left_edge.lower_ in ("if", "whether") and (c.left_edge.i <= verb.i + 4 or _after_object(kids, c)):
            comp = c
            break
        if "xcomp" in cue.slots and c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX"):
            comp = c
            break
    if comp is None and "clause" in cue.slots and cue.kind in ("speech", "thought"):
        comp = _stray_that(cue, kids)
    if comp is not None:
        # a that-clause ends at its right edge; a second clause hung on the cue (", and he had ...") is
        # left to the end model (``ends``): taking it in here measured train-840 -0.0006, dev-84 -0.0008
        span = _trimmed(doc, comp.left_edge.i, comp.right_edge.i + 1)
        if span is None:
            return None
        who = speaker_of(verb, inverted_ok=False, kids=kids)
        frame = "clause" if comp.dep_ in ("ccomp", "relcl", "acl") else "ifclause" if comp.dep_ == "advcl" else "xcomp"
        return Clause(span[0], span[1], cue, _speaker(who), frame=frame)
    # "Texas was called for Cruz" is no call for Cruz; "are opposed to the dam" is an attitude
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids) and not cue.adjectival
    # the subject of a passive verb of asking is its addressee ("[he] was asked about [X]")
    if "prep" in cue.slots and cue.particle is not None and cue.particle.dep_ != "prt" and \
            (not passive or verb.lemma_ in ADDRESSED):
        found = _tag(frames.prep_content(cue), "prep")
        if found is not None:
            return found
    if "object" in cue.slots or "predicate" in cue.slots:
        found = _tag(frames.object_content(cue, predicate_only="object" not in cue.slots),
                     "object" if "object" in cue.slots else "predicate")
        if found is not None:
            return found
    if passive and cue.kind in ("speech", "thought", "evidence") and not cue.adjectival:
        return _tag(frames.passive_with_agent(cue), "passive_agent")  # "The meeting was first reported by Politico"
    if cue.kind not in ("speech", "thought", "evidence") or "clause" not in cue.slots:
        return None
    # inverted: the clause comes first, the cue after it ("X, Sengendo said")
    pre = [c for c in kids if c.i < verb.i and c.dep_ == "ccomp"]  # (the left dependents)
    if verb.dep_ == "parataxis" and verb.head.i > verb.i and not pre:
        return _tag(parenthetical(cue), "parenthetical")  # "X, he said; Y" with X hung on the cue is inverted, not parenthetical
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids):
        return _tag(parenthetical(cue), "as_parenthetical")  # "as Pollak observed, the stage itself was the winner"
    who = speaker_of(verb, kids=kids)
    if pre:
        clause_start, clause_end = pre[0].left_edge.i, pre[0].right_edge.i + 1
    elif verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i:
        clause_start = verb.head.left_edge.i
        clause_end = None
    else:
        return _tag(_object_fallback(cue), "fallback_object")
    if clause_end is None:
        found = _inverted_np(verb) if who is None or who.i < verb.i else None
        if who is not None and who.i > verb.i:  # "X, said Smith"
            clause_end = verb.i
        elif who is not None and found is None:
            clause_end = who.left_edge.i
        elif found is not None:
            who = who if who is not None else found[0]
            clause_end = found[1]
        else:
            return None
    clause_start = max(clause_start, sentence(cue)[0])
    if clause_end <= clause_start:
        return None
    span = _trimmed(doc, clause_start, clause_end)
    if span is None:
        return None
    return Clause(span[0], span[1], cue, _speaker(who), frame="inverted")


# Verbs of asking whose passive subject is the one asked, not what is asked about: measured on cached
# PolNeAR train-840, "was asked about X" 8 right of 11; other verbs of saying (all speech kinds)
# added "was focused on" and "was warned against", 1 right of 6.
ADDRESSED = frozenset(("ask", "question", "quiz", "press"))


def _after_object(kids: tuple[Token, ...], c: Token) -> bool:
    """The clause ``c`` starts right after the verb's object ("asked [the senator] if ...")."""
    return any(k.dep_ in ("dobj", "dative") and k.right_edge.i + 1 == c.left_edge.i for k in kids)


# How far after the verb a misattached that-clause may start ("said [in one of a series of
# Twitter messages] that ..."): a setting phrase is rarely longer.
STRAY_REACH = 15


def _stray_that(cue: Cue, kids: tuple[Token, ...]) -> Token | None:
    """A that-clause the small parser hung as a relative clause on a noun inside the verb's setting
    phrase ("said during a news conference [that he may wait]"). Told from a true relative clause
    ("the conference that drew crowds") by its "that": a subordinating mark, not a pronoun."""
    verb = cue.token
    for c in kids:
        if c.dep_ != "prep" or c.i < verb.i:
            continue
        for t in c.subtree:
            if t.i > verb.i + STRAY_REACH:
                break
            if t.dep_ in ("relcl", "acl") and t.head.i != t.i:
                first = t.left_edge
                if first.lower_ == "that" and first.dep_ == "mark" and first.head.i == t.i:
                    return t
    return None


def _tag(clause: Clause | None, frame: str) -> Clause | None:
    if clause is not None and not clause.frame:
        clause.frame = frame
    return clause


FALLBACK_OBJECTS = ("dobj", "ccomp", "dative", "attr", "oprd")
# Verbs of saying whose noun object is no content: "added [a new twist]", "maintained [a lead]",
# "continued [the campaign]" (on cached PolNeAR train-840, 7 right of 28 predictions).
NO_OBJECT = frozenset(("add", "maintain", "continue"))


def _object_fallback(cue: Cue) -> Clause | None:
    """A verb of saying or knowing with a noun phrase for its content ("noted her years in the
    Senate", "knew the risks"). Only with a holder before the verb: with none, the object may be
    an inverted speaker ("..., said Smith")."""
    if "object" in cue.slots or "predicate" in cue.slots or cue.particle is not None or \
            cue.token.lemma_ in NO_OBJECT or speaker_of(cue.token, inverted_ok=False, kids=cue.children()) is None:
        return None
    found = frames.object_content(cue)
    if found is None:
        return None
    first = cue.token.doc.char_span(found.start, found.end, alignment_mode="expand")
    # a noun phrase or clause, not an infinitive ("will continue [to support ...]" is an aspect)
    if first is None or not any(t.dep_ in FALLBACK_OBJECTS and t.head.i == cue.token.i for t in first):
        return None
    return found


def according(cue: Cue) -> Clause | None:
    """"according to X, <clause>" / "<clause>, according to X"."""
    tok = cue.token
    doc = tok.doc
    source = phrase_source(cue)
    phrase_start, phrase_end = tok.i, max(tok.right_edge.i, tok.i + 1) + 1
    s0, s1 = sentence(cue)
    if phrase_start <= s0 + 1:
        span = _trimmed(doc, phrase_end, s1)
    else:
        # "At the same time, the tax has not hurt the city: [London was the capital], according to X"
        start = max((k + 1 for k in range(s0, phrase_start) if doc[k].text in (":", ";")), default=s0)
        span = _trimmed(doc, start, phrase_start)
        if span is None:
            span = _trimmed(doc, phrase_end, s1)
    if span is None:
        return None
    return judged(cue, Clause(span[0], span[1], cue, _speaker(source)), "according")


def sentence(cue: Cue) -> tuple[int, int]:
    """The token bounds [start, end) of the cue token's sentence, from the document's sentence
    starts when the cue carries them (``Token.sent`` walks the tokens at each call)."""
    tok = cue.token
    if cue.peers is None:
        sent = tok.sent
        return sent.start, sent.end
    return cuemodel._sentence(tok.i, cue.peers.starts, len(tok.doc))


def _speaker(tok: Token | None) -> tuple[Token, int, int] | None:
    if tok is None:
        return None
    s, e = noun_phrase(tok)
    return tok, s, e


def parenthetical(cue: Cue) -> Clause | None:
    """A cue set off by commas inside the reported sentence ("The economy, the minister said, will
    grow"; "As Pollak observed, the stage was the winner"): the content is the sentence around it,
    in up to two parts."""
    verb = cue.token
    doc = verb.doc
    s0, s1 = sentence(cue)
    left, right = verb.left_edge.i, verb.right_edge.i
    while left < verb.i and doc[left].is_punct:
        left += 1
    while right > verb.i and doc[right].is_punct:
        right -= 1
    before_ok = left == s0 or doc[left - 1].text == ","
    after_ok = right + 1 >= s1 - 1 or doc[right + 1].text == ","
    if not (before_ok and after_ok):
        return None
    first = _trimmed(doc, s0, left) if left > s0 else None
    second = _trimmed(doc, right + 1, s1) if right + 1 < s1 else None
    if first is None and second is None:
        return None
    who = _speaker(speaker_of(verb, inverted_ok=True))
    if first is None:
        return Clause(second[0], second[1], cue, who)
    return Clause(first[0], first[1], cue, who, rest=second)


from . import cuemodel, frames  # noqa: E402  (the frames module reads this module's helpers)

nominal = frames.nominal  # the stage calls clauses.nominal
