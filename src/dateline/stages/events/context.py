"""The circumstances of an event: PLOVER's auxiliary modes (negated, hypothetical, future), who
reports it (attribution) and where it happened (place).

Modes are read from the trigger's clause and the clauses that control it: "will continue to
support" is future through "continue"; "refused to attack" negates the attack; "if Russia
invades" and "could impose sanctions" are hypothetical; "plans to meet" is future.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import EventFlags

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ...document import Document

FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
MODAL_AUX = frozenset({"could", "may", "might", "would", "should", "must", "can", "'d", "’d", "ca"})
# Verbs whose infinitive complement has not happened (yet): a plan is future, a wish hypothetical.
FUTURE_VERBS = frozenset({"plan", "intend", "schedule", "set", "expect", "due", "prepare", "aim", "go", "vow",
                          "pledge", "promise", "agree", "decide"})
HYPOTHETICAL_VERBS = frozenset({"want", "wish", "hope", "seek", "try", "attempt", "consider", "propose",
                                "threaten", "ask", "urge", "call", "demand", "request", "offer", "warn",
                                "appeal", "need", "like", "prefer", "refuse", "reject", "pressure", "press",
                                "encourage", "invite", "persuade", "advise"})
NEGATING_VERBS = frozenset({"refuse", "decline", "fail", "deny", "reject", "avoid", "cancel", "postpone",
                            "stop", "halt", "suspend"})
REPORTING = frozenset({"say", "tell", "add", "state", "announce", "report", "claim", "note", "declare",
                       "insist", "stress", "confirm", "write", "explain", "warn", "argue", "assert", "allege",
                       "charge", "accuse"})
# Reporting verbs that make the report an allegation against the doer (PLOVER ACCUSE "allege").
ALLEGING = frozenset({"claim", "allege", "charge", "accuse", "insist", "assert"})


def _chain(frame: "Token") -> list["Token"]:
    """The frame and the clauses controlling it (xcomp / to-infinitive advcl parents, conj heads)."""
    out = [frame]
    t = frame
    for _ in range(4):
        if t.dep_ == "xcomp" or (t.dep_ in ("advcl", "ccomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
            t = t.head
            out.append(t)
        elif t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX"):
            t = t.head  # "will meet and sign": the shared auxiliary sits on the first verb
            out.append(t)
        else:
            break
    return out


def flags_for(trigger: "Token", frame: "Token") -> EventFlags:
    flags = EventFlags()
    chain = _chain(frame)
    tokens = [trigger] + chain if trigger != frame else chain
    for i, t in enumerate(tokens):
        kids = list(t.children)
        lemma = t.lemma_.lower()
        for k in kids:
            w = k.lower_
            if k.dep_ == "neg" or (k.dep_ == "det" and w == "no" and t.pos_ == "NOUN"):
                flags.negated = True
            if k.dep_ in ("aux", "auxpass"):
                if w in FUTURE_AUX:
                    flags.future = True
                elif w in MODAL_AUX:
                    flags.hypothetical = True
        if i and t != frame:  # a controlling verb
            if lemma in NEGATING_VERBS:
                flags.negated = True
            elif lemma in FUTURE_VERBS:
                flags.future = True
            elif lemma in HYPOTHETICAL_VERBS:
                flags.hypothetical = True
    # conditionals anywhere up the clause tree: "if Russia invades", "unless talks resume"
    t = frame
    for _ in range(8):
        if any(k.dep_ == "mark" and k.lower_ in ("if", "unless", "whether") for k in t.children):
            flags.hypothetical = True
            break
        if t.head == t:
            break
        t = t.head
    return flags


def reporting_frame(frame: "Token", index) -> tuple[str | None, "Token | None"]:
    """(speaker entity, reporting verb) for indirect speech without quote marks: the subject of the
    reporting verb whose clause holds the event ("The OIC will continue ..., Sengendo said")."""
    from .arguments import resolve

    t = frame
    for _ in range(5):
        head = t.head
        candidates = [head] if head != t else []
        candidates += [k for k in t.children if k.dep_ == "parataxis"]
        for rv in candidates:
            if rv.lemma_.lower() in REPORTING and (t.dep_ in ("ccomp", "parataxis") or rv.dep_ == "parataxis"):
                subj = [k for k in rv.children if k.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return resolve(subj[0], index), rv
                # no subject parsed: the name right before the verb ("... Ahmad Kawesa Sengendo said")
                prev = rv.i - 1
                while prev >= rv.sent.start and rv.doc[prev].is_punct:
                    prev -= 1
                return (index.at(rv.doc[prev]) if prev >= rv.sent.start else None), rv
        if head == t:
            break
        t = head
    return None, None


def reporting_speaker(frame: "Token", index) -> str | None:
    return reporting_frame(frame, index)[0]


def attribution(doc: "Document", trigger: "Token", frame: "Token", index) -> str:
    article = doc.article
    start, end = trigger.idx, trigger.idx + len(trigger.text)
    quote = None
    try:
        from ...attribution import quote_at  # written by the quotes engineer
    except ImportError:
        quote_at = None
    if quote_at is not None:
        quote = quote_at(article, start, end)
    else:
        quote = next((q for q in article.quotes if q.start <= start and end <= q.end), None)
    if quote is not None:
        return quote.speaker or "source"
    speaker = reporting_speaker(frame, index)
    return speaker or "source"


def place_for(doc: "Document", trigger: "Token", frame: "Token", args: list[str], index,
              locate=None) -> tuple[str | None, str | None]:
    """(place id, basis): the places stage's ``locate_event`` when present, else a place named in the
    event's own clause (a locative phrase or a place argument), else the dateline place."""
    if locate is not None:
        place, basis = locate(doc, trigger)
        if place is not None:
            return place, basis
    article = doc.article
    by_entity = {p.entity: p.id for p in article.places if p.entity}
    heads = [trigger] if trigger == frame else [trigger, frame]  # a list: Token hashes vary per run
    locatives = [p for t in heads for c in t.children
                 if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "across", "inside", "outside", "around")
                 for p in c.children if p.dep_ == "pobj"]
    for tok in locatives:
        from .arguments import resolve

        e = resolve(tok, index)
        if e in by_entity:
            return by_entity[e], "explicit"
    for e in args:
        if index.types.get(e) == "PLACE" and e in by_entity:
            return by_entity[e], "explicit"
    dl = article.article.dateline
    if dl is not None and dl.place:
        return dl.place, "dateline"
    return None, None
