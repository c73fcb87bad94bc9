"""Evidence frames: a clause framed by a poll named in a prepositional phrase.

PolNeAR treats a poll or survey named in an "in" phrase as the source of the clause it frames:
"[Trump leads by 57 percent to 33 percent] in the 50-state poll", "In the latest Post-ABC poll,
[Clinton led Trump 47 percent to 39 percent]". The cue is "in", the source the poll's noun phrase,
the content the framed clause without the phrase. There is no reporting verb, so the cue reader
never proposes it; this frame finds it from the parse.

Found cheaply: the nouns of ``data/evidence_nouns.tsv`` are looked up in the document's lemma row
(the cue reader's attribute array, ``cuemodel.DocFacts.cols``); a Token is built only for a hit
whose head is "in". The frame fires only when the framed clause holds no cue of its own (a
clause with a cue is that cue's: "20 percent of people in a poll [said ...]").

Measured on cached PolNeAR parses (whole stage, at c2801b8 + this frame wired in extract_quotes):
train-840 overall overlap F1 0.7270 -> 0.7275 (61 contents, 28 matched), dev-84 0.7334 -> 0.7342;
direct F1 and speaker accuracy unchanged or up (0.9375/0.8764 -> 0.9375/0.8766 train). The nouns
are few on purpose: "study", "report", "analysis", "ranking", "tally" were measured (train F1 the
same, 1 of 4 extra contents right: an "in the report" clause is rarely a finding) and left out.
Cost: 0.9 % of the quotes stage (one binary search over the lemma row per document).
"""

from __future__ import annotations

import importlib.resources as ilr
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER
from spacy.tokens import Doc, Token

from . import clauses

# Rows of ``clauses.FACT_ATTRS`` read here: LEMMA, LOWER, DEP, HEAD.
ROW_LEMMA, ROW_LOWER, ROW_DEP, ROW_HEAD = 0, 1, 5, 6
# What the "in" phrase may hang on below the clause's verb: its object or complement.
OBJECTS = {"dobj", "attr", "acomp", "advmod", "npadvmod"}
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
# A relative pronoun as subject ("Trump, who leads in the polls") describes someone in passing.
RELATIVE_TAGS = {"WP", "WDT", "WP$"}
# A content this short ("he led") says too little to be a finding; PolNeAR's poll contents are clauses.
MIN_TOKENS = 3


@dataclass
class Evidence:
    """Hashes the frame looks for, in the document's vocabulary."""

    nouns: np.ndarray  # sorted lemma hashes of the evidence nouns
    prep: int  # "in"
    pobj: int  # the dependency label "pobj"


def read_text() -> str:
    return ilr.files("dateline").joinpath("data/evidence_nouns.tsv").read_text(encoding="utf-8")


def read_nouns() -> list[str]:
    """The evidence nouns of ``data/evidence_nouns.tsv`` (first column, comments and header skipped)."""
    out = []
    for line in read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        noun = line.split("\t")[0].strip()
        if noun != "noun":
            out.append(noun)
    return out


def load(resources) -> Evidence:
    strings = resources.nlp.vocab.strings
    return Evidence(np.array(sorted(strings.add(n) for n in read_nouns()), dtype="uint64"),
                    strings.add("in"), strings.add("pobj"))


def _rows(sdoc: Doc, facts) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    cols = getattr(facts, "cols", None)
    if cols is not None:
        return cols[ROW_LEMMA], cols[ROW_LOWER], cols[ROW_DEP], cols[ROW_HEAD].view("int64")
    arr = sdoc.to_array([LEMMA, LOWER, DEP, HEAD])  # (no cue found: the reader made no facts)
    return arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].view("int64")


def _clause_verb(prep: Token) -> Token | None:
    """The verb of the clause the "in" phrase frames: the phrase's head when it is a verb, else the
    verb whose object or complement it hangs on ("has [a lead] in the polls", "is [ahead] in the
    polls"); an infinitive's governing verb ("continues to lead in the polls"). None when the
    phrase belongs to a noun anywhere else ("before Carson's drop in the polls"): no finding."""
    v = prep.head
    if v.pos_ not in ("VERB", "AUX"):
        if v.dep_ not in OBJECTS:
            return None
        v = v.head
        if v.pos_ not in ("VERB", "AUX"):
            return None
    if v.dep_ == "xcomp" and v.head.pos_ in ("VERB", "AUX"):
        v = v.head
    return v


def _trim(sdoc: Doc, i: int, j: int) -> tuple[int, int]:
    """Token range [i, j) without punctuation or a conjunction at either side."""
    while i < j and (sdoc[i].is_punct or sdoc[i].is_space):
        i += 1
    while j > i and (sdoc[j - 1].is_punct or sdoc[j - 1].is_space or sdoc[j - 1].dep_ == "cc"):
        j -= 1
    return i, j


def framed(sdoc: Doc, facts, cue_at: list[int], ev: Evidence):
    """(content start, content end, cue, (source head, start, end)) per clause framed by a poll
    named in an "in" phrase. ``cue_at``: sorted token indices of the cues that found a content (a
    listed word that found none, "point" in "a 10-point lead", owns nothing)."""
    lemma, lower, dep, head = _rows(sdoc, facts)
    keys = ev.nouns
    pobj = (dep == ev.pobj).nonzero()[0]  # (the few objects of a preposition first: the lookup reads only those)
    lem = lemma[pobj]
    hits = pobj[keys[np.minimum(keys.searchsorted(lem), len(keys) - 1)] == lem]
    out = []
    cue_set = set(cue_at)
    for n in hits.tolist():
        p = n + int(head[n])
        if p < 0 or lower[p] != ev.prep:
            continue
        prep = sdoc[p]
        v = _clause_verb(prep)
        if v is None:
            continue
        subj = [c for c in v.lefts if c.dep_ in SUBJECTS]
        if not subj or subj[0].tag_ in RELATIVE_TAGS:
            continue  # no finding stated of anyone ("to diminish his standing in the polls")
        if p > v.i:  # "[X leads by 5 points] in the poll": the clause up to the phrase
            i, j = subj[0].left_edge.i, p
        elif prep.head.i == v.i and p < subj[0].left_edge.i:  # "In the poll, [X leads by 5 points]"
            i, j = prep.right_edge.i + 1, v.right_edge.i + 1
        else:
            continue
        i, j = _trim(sdoc, i, j)
        if j - i < MIN_TOKENS or not (i <= v.i < j):
            continue
        c = bisect_left(cue_at, i)
        if c < len(cue_at) and cue_at[c] < j:
            continue  # the clause has a cue of its own: its content is that cue's
        anc = v
        while anc.head.i != anc.i and anc.head.i not in cue_set:
            anc = anc.head
        if anc.head.i != anc.i:
            continue  # the clause is reported by a cue above it ("said [Trump leads in the poll]")
        noun = sdoc[n]
        cue = clauses.Cue(prep, "evidence", prep.idx, prep.idx + len(prep), slots=("clause",))
        a, b = sdoc[i].idx, sdoc[j - 1].idx + len(sdoc[j - 1])
        out.append((a, b, cue, (noun, *clauses.noun_phrase(noun))))
    return out
