"""Cues, speakers and reported clauses read off the dependency parse.

Only tokens whose lemma is in the cue lexicon are visited (found with one vectorised lookup over
the document's lemma array), so the cost grows with the number of reporting verbs, not tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from .lexicon import Cues

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
MIN_CONTENT_TOKENS = 2
BOUNDARY_PUNCT = set(",;:-\u2014\u2013\"'\u201c\u201d\u2018\u2019()[]")


@dataclass
class Cue:
    token: Token
    kind: str
    start: int
    end: int


@dataclass
class Clause:
    """An indirect quote: reported clause, its cue and the speaker phrase (token offsets)."""

    start: int
    end: int
    cue: Cue
    speaker: tuple[Token, int, int] | None  # (head token, start char, end char)


def cue_tokens(sdoc: Doc, cues: Cues, heads: np.ndarray, according: int) -> list[Cue]:
    """Every token that is a reporting verb or starts a reporting phrase, in order."""
    if not len(sdoc):
        return []
    arr = sdoc.to_array([LEMMA, LOWER])
    idx = np.nonzero(np.isin(arr[:, 0], heads) | (arr[:, 1] == according))[0]
    out: list[Cue] = []
    for i in idx.tolist():
        tok = sdoc[i]
        if tok.lower_ == "according":
            if i + 1 < len(sdoc) and sdoc[i + 1].lower_ == "to":
                out.append(Cue(tok, "phrase", tok.idx, sdoc[i + 1].idx + 2))
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        kind = cues.kind(tok)
        if kind:
            end = tok.idx + len(tok)
            for c in tok.children:
                if c.dep_ == "prt" and c.i == i + 1:
                    end = c.idx + len(c)
            out.append(Cue(tok, kind, tok.idx, end))
    return out


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


def speaker_of(verb: Token, inverted_ok: bool = True) -> Token | None:
    """The head token of whoever does the reporting: the subject, climbing ``conj``/``xcomp``."""
    tok = verb
    for _ in range(3):
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj") and c.pos_ in NOMINAL:
                return c
            if c.dep_ == "agent":  # "was told by the minister"
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return None  # "it was reported that": no speaker in the sentence
        if tok.dep_ in ("conj", "xcomp") and tok.head is not tok:
            tok = tok.head
            continue
        break
    if inverted_ok:
        for c in verb.rights:
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


def _trimmed(doc: Doc, i: int, j: int) -> tuple[int, int] | None:
    """Token range [i, j) with boundary punctuation removed, as characters; None if too short."""
    while i < j and (doc[i].is_space or doc[i].text in BOUNDARY_PUNCT or doc[i].is_punct):
        i += 1
    while j > i and (doc[j - 1].is_space or doc[j - 1].is_punct):
        j -= 1
    if j - i < MIN_CONTENT_TOKENS:
        return None
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])


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


def indirect(cue: Cue) -> Clause | None:
    """The reported clause of a verbal cue, forward ("said that X") or inverted ("X, he said")."""
    verb = cue.token
    doc = verb.doc
    comp = None
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i > verb.i:
            comp = c
            break
        if cue.kind == "intent" and c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX"):
            comp = c
            break
    if comp is not None:
        span = _trimmed(doc, comp.left_edge.i, comp.right_edge.i + 1)
        if span is None:
            return None
        who = speaker_of(verb, inverted_ok=False)
        return Clause(span[0], span[1], cue, _speaker(who))
    if cue.kind not in ("speech", "thought", "evidence"):
        return None
    # inverted: the clause comes first, the cue after it ("X, Sengendo said")
    pre = [c for c in verb.lefts if c.dep_ == "ccomp"]
    who = speaker_of(verb)
    if pre:
        clause_start, clause_end = pre[0].left_edge.i, pre[0].right_edge.i + 1
    elif verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i:
        clause_start = verb.head.left_edge.i
        clause_end = None
    else:
        return None
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
    clause_start = max(clause_start, verb.sent.start)
    if clause_end <= clause_start:
        return None
    span = _trimmed(doc, clause_start, clause_end)
    if span is None:
        return None
    return Clause(span[0], span[1], cue, _speaker(who))


def according(cue: Cue) -> Clause | None:
    """"according to X, <clause>" / "<clause>, according to X"."""
    tok = cue.token
    doc = tok.doc
    source = phrase_source(cue)
    phrase_start, phrase_end = tok.i, max(tok.right_edge.i, tok.i + 1) + 1
    sent = tok.sent
    if phrase_start <= sent.start + 1:
        span = _trimmed(doc, phrase_end, sent.end)
    else:
        span = _trimmed(doc, sent.start, phrase_start)
        if span is None:
            span = _trimmed(doc, phrase_end, sent.end)
    if span is None:
        return None
    return Clause(span[0], span[1], cue, _speaker(source))


def _speaker(tok: Token | None) -> tuple[Token, int, int] | None:
    if tok is None:
        return None
    s, e = noun_phrase(tok)
    return tok, s, e
