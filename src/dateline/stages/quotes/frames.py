"""Cue frames whose content is not simply the cue's complement: attitude adjectives with their
clause ("made it clear [that ...]"), raising verbs and passives ("[X] seems [to hold]", "[X] is
said [to ...]"), and passives of saying with an agent ("[X] was reported by [Politico]").

Split from ``clauses`` (whose helpers it uses) to keep each module small; ``clauses.indirect``
dispatches here by the cue's part of speech and slots.
"""

from __future__ import annotations

from spacy.tokens import Token

from .clauses import NOMINAL, WEAK_OBJECTS, Clause, Cue, _conjoined_end, _speaker, _trimmed, _trimmed_min


def adjectival(cue: Cue) -> Clause | None:
    """An attitude adjective with its clause ("sure [that ...]", "eager [to ...]", "made it clear
    [that ...]"): the content runs from "that"/"to" over the clause it introduces; the holder is
    the subject of the adjective or of its verb ("He made it clear"), never an expletive "it"."""
    adj, mark = cue.token, cue.particle
    doc = adj.doc
    clause = mark.head
    end = max(clause.right_edge.i + 1, mark.i + 1)
    span = _trimmed(doc, mark.i, end)
    if span is None:
        return None
    holder = None
    for t in (adj, adj.head):
        holder = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOMINAL
                       and c.lower_ not in EXPLETIVES and c.i < adj.i), None)
        if holder is not None or t.dep_ not in ("acomp", "ccomp", "oprd", "xcomp"):
            break
    return Clause(span[0], span[1], cue, _speaker(holder))


# Complements of a raising verb that carry the claim: "seems [to hold]", "appears [uneasy]",
# "seemed [a long shot]".
RAISED_COMPS = ("xcomp", "acomp", "attr", "oprd")
EXPLETIVES = {"it", "there"}


def _infinitive(tok: Token) -> bool:
    return any(g.dep_ == "aux" and g.lower_ == "to" and g.i < tok.i for g in tok.children)


def raised(cue: Cue) -> Clause | None:
    """A view whose holder is not the subject: "[the deal] seems [to hold]", "[he] appears
    [uneasy]", "it appears [that ...]" (slot ``subject``), "[the senator] is expected [to resign]"
    (slot ``passive``; only with a to-infinitive: "was expected" alone is an object's passive).
    The content is the subject and the complement, in two parts around the cue (PARC leaves the
    cue out); the holder is the agent of a passive ("... by analysts"), else nobody named.

    When the complement is a cue of its own ("seems to feel that ..."), that inner cue reports
    the content, so this frame yields nothing."""
    verb = cue.token
    doc = verb.doc
    if cue.governs:
        return None
    subj = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive and "passive" not in cue.slots or not passive and "subject" not in cue.slots:
        return None
    agent = next((g for c in verb.rights if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if subj is not None and subj.lower_ in EXPLETIVES:  # "it seems that ...", "it is expected that ..."
        comp = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
        if comp is None:
            return None
        span = _trimmed(doc, comp.left_edge.i, _conjoined_end(verb, comp))
        return Clause(span[0], span[1], cue, _speaker(agent)) if span else None
    if subj is None:
        return None
    kinds = ("xcomp", "oprd") if passive else RAISED_COMPS
    comp = next((c for c in verb.rights if c.dep_ in kinds), None)
    if comp is not None and comp.dep_ == "oprd":  # "[his manner] is considered [an asset]"
        pass
    elif comp is None and passive:  # "[the rebels] are regarded [as terrorists]"
        comp = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
        if comp is not None and not any(g.dep_ == "pobj" for g in comp.children):
            comp = None
    elif comp is None or (comp.pos_ in ("VERB", "AUX") or passive) and not _infinitive(comp):
        return None
    if comp is None:
        return None
    first = _trimmed_min(doc, subj.left_edge.i, subj.right_edge.i + 1, 1)
    second = _trimmed_min(doc, comp.left_edge.i, comp.right_edge.i + 1, 1)
    if first is None or second is None:
        return None
    return Clause(first[0], first[1], cue, _speaker(agent), rest=second)


def passive_with_agent(cue: Cue) -> Clause | None:
    """A passive verb of saying or knowing with its agent: the subject is what was said or known,
    the agent says it ("[the meeting] was first reported by [Politico]"). With no agent nobody is
    named and nothing is attributed ("the talks were discussed")."""
    verb = cue.token
    subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in verb.rights if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if subj is None or agent is None or subj.lower_ in WEAK_OBJECTS or subj.tag_ in ("WDT", "WP"):
        return None
    span = _trimmed_min(verb.doc, subj.left_edge.i, subj.right_edge.i + 1, 1)
    return Clause(span[0], span[1], cue, _speaker(agent)) if span else None
