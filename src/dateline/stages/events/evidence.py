"""Evidence spans: the clause or phrase that supports an event (its trigger and arguments), not the
whole sentence. An analyst checking "Armenian Armed Forces shelled Ganja" should see
"Ganja city (shelled by Armenian Armed Forces", not a 60-word sentence about a press conference.

The span runs from the leftmost to the rightmost of: the trigger, its clause head, the words a verb
pattern consumed, the auxiliaries and negation of those verbs ("will continue to support"), and for
each actor and recipient the mention nearest the trigger in the sentence, widened to the phrase that
attaches it to the clause ("by the delegation of the OIC Contact Group") when that phrase is short.
Arguments from outside the sentence (context parties) add nothing. The span invariant holds:
``text[start:end] == evidence.text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Mention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .arguments import EntityIndex

# A phrase longer than this is not taken whole: it would drag in a relative clause or a list.
MAX_PHRASE = 14
OWN_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
# Dependents that are no part of a phrase's core: asides, relative and adverbial clauses.
ASIDE_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "mark"})
# A nominal trigger's own modifiers: "The 1994 ceasefire agreement", "Israeli tank shelling".
NP_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "npadvmod", "quantmod"})
# Clause links through which an event's clause head is controlled ("will continue to support").
CONTROL_DEPS = frozenset({"xcomp", "conj"})
EDGE_PUNCT = frozenset(",;:-–—(")


def _attachment(tok: "Token", heads: set[int]) -> "Token | None":
    """The ancestor of ``tok`` that hangs directly off one of ``heads`` (the phrase attaching it)."""
    t = tok
    for _ in range(8):
        if t.head == t:
            return None
        if t.head.i in heads:
            return t
        t = t.head
    return None


def _extent(tok: "Token", depth: int = 0) -> tuple[int, int]:
    """Leftmost and rightmost token of ``tok``'s phrase without its asides."""
    lo = hi = tok.i
    if depth > 6:
        return lo, hi
    for k in tok.children:
        if k.dep_ in ASIDE_DEPS:
            continue
        a, b = _extent(k, depth + 1)
        lo, hi = min(lo, a), max(hi, b)
    return lo, hi


def _nearest(entity: str, positions: dict[str, list[int]], anchor: int) -> int | None:
    found = positions.get(entity)
    return min(found, key=lambda i: (abs(i - anchor), i)) if found else None


def narrow(trigger: "Token", frame: "Token", absorbed: set[int], args: list[str], index: "EntityIndex",
           text: str) -> Mention:
    sent = trigger.sent
    positions: dict[str, list[int]] = {}
    for i in range(sent.start, sent.end):
        e = index.by_token.get(i)
        if e is not None:
            positions.setdefault(e, []).append(i)
    heads = {trigger.i, frame.i}
    # the verbs between the frame and the trigger ("continue" in "will continue to support")
    t = trigger
    for _ in range(4):
        if t == frame or t.head == t:
            break
        t = t.head
        heads.add(t.i)
    t = frame  # and the verbs controlling it, whose subject the event takes
    for _ in range(4):
        if t.head == t or not (t.dep_ in CONTROL_DEPS or t.dep_ in ("advcl", "ccomp") and any(
                k.dep_ == "aux" and k.lower_ == "to" for k in t.children)):
            break
        t = t.head
        heads.add(t.i)
    core = set(heads)
    for i in absorbed:  # the pattern's words, as whole phrases: "sign the surrender document"
        if sent.start <= i < sent.end:
            tok = sent.doc[i]
            a, b = _extent(tok.head if tok.dep_ in ("compound", "amod") else tok)
            core.update((a, b) if b - a < MAX_PHRASE else (i,))
    if trigger.pos_ in ("NOUN", "PROPN"):
        core.update(k.i for k in trigger.children if k.dep_ in NP_DEPS)
    for h in list(heads):
        core.update(k.i for k in sent.doc[h].children if k.dep_ in OWN_DEPS)
    for ent in args:
        i = _nearest(ent, positions, trigger.i)
        if i is None:
            continue
        core.add(i)
        j = i + 1  # the whole mention: "Armenian Armed Forces"
        while j < sent.end and index.by_token.get(j) == ent:
            core.add(j)
            j += 1
        phrase = _attachment(sent.doc[i], heads)
        if phrase is None and sent.doc[i].dep_ in ("poss", "compound", "amod", "det"):
            phrase = sent.doc[i].head  # "its territories", not "its"
        if phrase is not None:
            a, b = _extent(phrase)
            if b - a < MAX_PHRASE:
                core.update((a, b))
    doc = sent.doc
    lo, hi = min(core), max(core)
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    # close a parenthesis or quotation the span opened, trim dangling punctuation
    segment = text[start:end]
    if segment.count("(") > segment.count(")") and hi + 1 < sent.end and doc[hi + 1].text == ")":
        end = doc[hi + 1].idx + 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in EDGE_PUNCT):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in ",;:)"):
        start += 1
    return Mention(start, end, text[start:end])
