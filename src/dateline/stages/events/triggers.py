"""Trigger matching: which verbs and nouns of a sentence denote a lexicon event.

A verb matches an entry when its lemma is the entry's head and every required word is among its
near dependents (objects, particles, prepositions and their objects, with their modifiers: the
PETRARCH notion of a verb pattern, read off the parse instead of word order). A noun matches
when its required modifiers are among its compound/amod children. The most specific entry wins;
on a tie our own lexicon wins over a user's verb dictionary (listed first).

A noun is *light-verb governed* when it is the object of a verb that carries no event of its own
("made territorial claims", "held talks", "launched an air strike", "a statement was made by"):
its arguments then come from that verb's clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import Entry, Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

LIGHT_VERBS = frozenset(
    "make hold launch stage carry conduct issue give provide express deliver pay take wage mount "
    "reach conclude introduce declare impose open begin start resume continue step lodge file extend grant "
    "send announce sign unleash intensify escalate order".split())
# Dependents a verb pattern's words may be found among (clausal dependents are other events).
NEAR_DEPS = frozenset({"dobj", "obj", "prt", "prep", "agent", "dative", "attr", "acomp", "oprd", "nsubj",
                       "nsubjpass", "pobj", "compound", "amod", "nmod", "npadvmod", "advmod", "xcomp", "pcomp"})
NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


@dataclass
class Candidate:
    trigger: "Token"
    entry: Entry
    frame: "Token"  # the clause head the arguments and flags are read from
    nominal: bool
    absorbed: set[int] = field(default_factory=set)  # token indices a verb pattern consumed


def _forms(tok: "Token") -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


def lemmas(tok: "Token") -> tuple[str, ...]:
    """The lemma, then guesses from the inflected form: the small model's lemmatizer slips on rarer
    verbs ("staged" → "stag"), and a missed trigger is a missed event."""
    lemma, w = tok.lemma_.lower(), tok.lower_
    out = [lemma, w]
    for suffix, add in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""),
                        ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            out.append(w[: -len(suffix)] + add)
    return tuple(dict.fromkeys(out))


def _lookup(table: dict, tok: "Token") -> list:
    for key in lemmas(tok):
        found = table.get(key)
        if found:
            return found
    return []


def _temporal(tok: "Token") -> bool:
    """ "on Sunday", "in 2020": a time phrase is no part of a verb pattern ("called on" ≠ "called ... on Sunday")."""
    if tok.dep_ == "prep":
        return any(p.ent_type_ in ("DATE", "TIME") for p in tok.children if p.dep_ == "pobj")
    return tok.ent_type_ in ("DATE", "TIME")


def verb_bag(verb: "Token") -> dict[str, int]:
    """Lemma/form → token index of the verb's near dependents, two levels down."""
    bag: dict[str, int] = {}
    stack = [(c, 1) for c in verb.children if c.dep_ in NEAR_DEPS and not _temporal(c)]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the deal, struck at the summit": the noun is the object
        stack.append((verb.head, 2))
    while stack:
        tok, depth = stack.pop()
        for f in _forms(tok):
            bag.setdefault(f, tok.i)
        if depth < 3:
            stack.extend((c, depth + 1) for c in tok.children if c.dep_ in NEAR_DEPS and c.dep_ != "nsubj")
    return bag


def noun_bag(noun: "Token") -> dict[str, int]:
    bag: dict[str, int] = {}
    for c in noun.children:
        if c.dep_ in NOUN_MOD_DEPS:
            for f in _forms(c):
                bag.setdefault(f, c.i)
            for g in c.children:  # "tank shelling" under "Israeli tank shelling", "air" in "air strike"
                if g.dep_ in NOUN_MOD_DEPS:
                    for f in _forms(g):
                        bag.setdefault(f, g.i)
    prev = noun.i - 1  # a misparsed modifier directly before the noun still modifies it
    if prev >= noun.sent.start:
        for f in _forms(noun.doc[prev]):
            bag.setdefault(f, prev)
    return bag


def _best(entries: list[Entry], bag: dict[str, int]) -> tuple[Entry | None, set[int]]:
    best: Entry | None = None
    used: set[int] = set()
    for e in entries:  # file order: ours before the user's
        hits = []
        for alts in e.needs:
            hit = min((bag[a] for a in alts if a in bag), default=None)  # deterministic across hash seeds
            if hit is None:
                break
            hits.append(hit)
        else:
            if best is None or e.specificity > best.specificity:
                best, used = e, set(hits)
    return best, used


def light_frame(noun: "Token") -> "Token | None":
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "obj") and head.pos_ in ("VERB", "AUX") \
            and any(k in LIGHT_VERBS for k in lemmas(head)):
        return head
    if noun.dep_ == "pobj" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in ("engage", "participate"):
        return head.head
    return None


NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LAW", "WORK_OF_ART", "PRODUCT", "FAC"})


def find_candidates(sent: "Span", lex: Lexicon, named: frozenset[int] | set[int] = frozenset()) -> list[Candidate]:
    """Trigger candidates of a sentence; ``named`` are token indices inside entity names ("the
    General Agreement on Tariffs and Trade" names an organisation, it reports no agreement)."""
    verbs: list[Candidate] = []
    nouns: list[Candidate] = []
    for tok in sent:
        if tok.i in named or tok.ent_type_ in NAME_LABELS and tok.pos_ == "PROPN":
            continue
        lemma = tok.lemma_.lower()
        if tok.dep_ in ("amod", "compound") and tok.pos_ == "VERB":
            continue  # an adjectival participle ("the internationally recognised government") reports no act
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma not in ("be", "have", "do")):
            entries = _lookup(lex.verbs, tok)
            if entries:
                entry, used = _best(entries, verb_bag(tok))
                if entry is not None:
                    verbs.append(Candidate(tok, entry, tok, False, used))
        elif tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NAME_LABELS:
            entries = _lookup(lex.nouns, tok)
            if entries:
                entry, used = _best(entries, noun_bag(tok))
                if entry is not None:
                    nouns.append(Candidate(tok, entry, light_frame(tok) or tok, True, used))
    absorbed = {i for c in verbs if c.entry.specificity for i in c.absorbed}
    frames = {c.trigger.i: c for c in verbs}
    kept = []
    noun_heads = {c.trigger.i for c in nouns}
    verb_at = {c.trigger.i for c in verbs}
    for c in nouns:
        if c.trigger.dep_ == "compound" and c.trigger.head.i in noun_heads:
            continue  # "ceasefire agreement": one event, named by its head
        if c.trigger.i in absorbed:
            continue
        if c.entry.category == "AGREE" and c.trigger.dep_ in ("dobj", "nsubjpass") and c.trigger.head.i in verb_at:
            continue  # "ratified the agreement", "rejected the deal": the verb is the event  # "signed the ceasefire agreement": the verb pattern already codes it
        governing = frames.get(c.frame.i) if c.frame != c.trigger else None
        if governing is not None:
            # a noun event that is the object of a verb event: the verb wins unless it is a light verb
            # with only a bare-lemma entry ("launched an attack" is the attack, not a generic launch)
            if governing.entry.specificity or not any(k in LIGHT_VERBS for k in lemmas(c.frame)):
                continue
            verbs.remove(governing)
        kept.append(c)
    # "the shelling of Ganja killed civilians": the killing is the shelling's outcome, not a second event
    kept_idx = {c.trigger.i: c.entry.category for c in kept}
    verbs = [v for v in verbs if not any(k.dep_ in ("nsubj", "nsubjpass") and kept_idx.get(k.i) == v.entry.category
                                         for k in v.trigger.children)]
    # "were killed in Israeli shelling": likewise the shelling is the event when it names its doer;
    # "was fired at it ... in the first such attack": a bare noun only describes the verb's event
    drop_verbs, drop_nouns = set(), set()
    for v in verbs:
        for k in v.trigger.children:
            if k.dep_ != "prep" or k.lower_ not in ("in", "by", "during"):
                continue
            for p in k.children:
                if p.dep_ == "pobj" and kept_idx.get(p.i) == v.entry.category:
                    if _names_doer(p, named):
                        drop_verbs.add(v.trigger.i)
                    else:
                        drop_nouns.add(p.i)
    verbs = [v for v in verbs if v.trigger.i not in drop_verbs]
    kept = [c for c in kept if c.trigger.i not in drop_nouns]
    return [c for c in verbs + kept if c.entry.category]


def _names_doer(noun: "Token", named: frozenset[int] | set[int]) -> bool:
    """A nominal naming its doer: "Israeli tank shelling", "Russia's strikes", "shelling by rebels"."""
    for k in noun.children:
        if k.dep_ in ("amod", "compound", "poss", "nmod") and any(t.i in named for t in k.subtree):
            return True
        if k.dep_ == "prep" and k.lower_ == "by":
            return True
    return False
