"""Context parties: who a participant-less nominal agreement or ceasefire is between.

"The 1994 ceasefire agreement was followed by peace negotiations." names no party, yet an analyst
reads it as between the sides of the conflict the article just described ("The conflict between
the two South Caucasus countries began in 1988 when Armenia made territorial claims against
Azerbaijan"). The parties of a conflict are *stated* when a conflict noun has a "between/among"
phrase: its entities when it names at least two, or, when it counts them ("the two countries"),
the participants of the conflictual events of that same sentence.

The search goes back over the preceding sentences (nearest first): at most ``WINDOW`` sentences,
or the whole preceding article when the event's own sentence refers to a conflict ("a ceasefire
in the zone of the Nagorno-Karabakh conflict"): then it is the conflict already described.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .arguments import EntityIndex, _entities

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

    from ...model import Event

CONFLICT_NOUNS = frozenset({"conflict", "war", "fighting", "hostility", "hostilities", "dispute", "clash",
                            "clashes", "confrontation", "standoff", "stand-off"})
# Events whose participants are the sides of a conflict (not an aid donor or a mediator).
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "THREATEN", "REQUEST", "ACCUSE", "SANCTION", "MOBILIZE", "REJECT"})
PARTY_TYPES = frozenset({"COUNTRY", "ORG", "IGO"})
# How far back an unanchored agreement looks: about a paragraph of wire copy.
WINDOW = 4
# Events that take context parties: an agreement or a ceasefire is always between sides.
PARTY_EVENTS = frozenset({("AGREE", None), ("RETREAT", "ceasefire")})


def takes_parties(ev: "Event") -> bool:
    return not ev.actors and not ev.recipients and (
        (ev.category, None) in PARTY_EVENTS or (ev.category, ev.mode) in PARTY_EVENTS)


def conflict_nouns(sent: "Span") -> list:
    return [t for t in sent if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in CONFLICT_NOUNS]


def stated_parties(sent: "Span", index: EntityIndex, events: list["Event"]) -> list[str]:
    """The sides of a conflict this sentence states, or []."""
    for noun in conflict_nouns(sent):
        between = [p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                   for p in c.children if p.dep_ == "pobj"]
        if not between:
            continue
        named = [e for e in _entities(between, index) if index.types.get(e) in PARTY_TYPES]
        if len(named) >= 2:
            return named
        sides: list[str] = []
        for ev in events:
            if ev.category in CONFLICTUAL:
                sides += [e for e in ev.actors + ev.recipients
                          if index.types.get(e) in PARTY_TYPES and e not in sides]
        if len(sides) >= 2:
            return sides
    return []


def context_parties(position: int, sent: "Span", history: list[tuple[int, list[str]]]) -> list[str]:
    """Parties for an event in sentence ``position`` from ``history`` ((sentence position, parties),
    in article order)."""
    unlimited = bool(conflict_nouns(sent))
    for pos, parties in reversed(history):
        if pos > position:
            continue
        if not unlimited and position - pos > WINDOW:
            break
        if parties:
            return list(parties)
    return []
