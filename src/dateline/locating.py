"""Event location: where did the event a trigger word denotes happen?

Used by the events stage; reads only what the places stage produced (``article.places``, the
dateline's place) and the spaCy parse.

``locate_event(doc, trigger) -> (place_id | None, basis)``:

- ``"explicit"``: a place is named in the trigger's sentence within ``MAX_COST`` of it; the one
  closest to the trigger in the dependency tree wins, preferring a place inside the trigger's own clause and behind a locative or
  "of" preposition ("the shelling **of Ganja**", "killed **in Donetsk**") over one reached through
  another verb ("X, **which** borders Y"), and a town over the region or country it lies in ("the
  West Bank town of **Bethlehem**"). Demonyms ("Turkish soldiers") never locate an event, nor does a
  place that acts or owns the actor ("**Israel** captured", "**Japan**'s military captured") or a
  person's origin ("Irina Slutskaya of **Russia**").
- ``"dateline"``: no place in the sentence; the dateline's place (wire copy is filed from where
  things happen, so this is the analyst's fallback), marked so a user can filter it out.
- ``(None, None)``: neither.

``locate_event_mention`` returns the chosen place, the mention that located it and the basis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .document import Document
    from .model import Mention, Place

# prepositions that put an event at a place; "of" for nominal triggers ("the shelling of Ganja")
LOCATIVE = frozenset("in at near on of outside inside into across around throughout within from to "
                     "toward towards along off between".split())
CLAUSE_STEP = 3.0  # cost of crossing another verb: a place in a relative or other clause
NOT_LINKED = 6.0  # cost of a place in the sentence with no dependency path through the trigger's clause
# A place further than this from the trigger is not where the event happened ("Competing factions
# in Syria" is, "the envoy, who had visited Syria, said" is not). Swept 6/8/10/14 on Halterman's
# 10,180 sentences once actors were skipped and specific places preferred: 0.640 / 0.645 / 0.644 /
# 0.632 (the gold leaves many far places unannotated, so a longer reach adds as many wrong as right).
MAX_COST = 8.0
# The gold (Halterman's annotators) names the most specific place: "the West Bank town of
# **Bethlehem**", "in **Marseille**, in southern France". A country, region or continent costs this
# much more than a town at the same distance; a state or province half of it.
BROAD = {"country": 2.0, "continent": 2.0, "region": 2.0, "feature": 1.0, "adm1": 1.0}
# A place naming who acts is not where: "**Israel** captured the Golan", "**Japan**'s military
# captured", "**U.S.** planes are patrolling", "**Atlanta** pitcher Dave Shotkoski was shot".
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "case"})


def _is_actor(tok: "Token") -> bool:
    """The mention is (or modifies, through compounds and possessives) the subject of a verb."""
    node = tok
    for _ in range(4):
        if node.dep_ in ACTOR_DEPS:
            return True
        if node.dep_ not in MODIFIER_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return False


def _root(doc: "Document", m: "Mention") -> "Token | None":
    span = doc.spacy.char_span(m.start, m.end, alignment_mode="expand") if doc.spacy is not None else None
    return span.root if span is not None and len(span) else None


def _cost(trigger: "Token", tok: "Token") -> float:
    """Dependency path length from the trigger to the mention, with a cost per clause crossed."""
    up_t = [trigger] + list(trigger.ancestors)
    pos_t = {t.i: n for n, t in enumerate(up_t)}
    cost = 0.0
    node = tok
    steps = 0
    while node.i not in pos_t:
        head = node.head
        if head.i == node.i:
            return NOT_LINKED + abs(tok.i - trigger.i) * 0.01
        if head.pos_ in ("VERB", "AUX") and head.i not in pos_t:
            cost += CLAUSE_STEP
        node = head
        steps += 1
    cost += steps + 2.0 * pos_t[node.i]  # going up from the trigger leaves its clause: dearer
    if tok.head.lower_ in LOCATIVE and tok.dep_ == "pobj":
        cost -= 1.0
        if tok.head.lower_ == "of" and tok.head.head.ent_type_ == "PERSON":
            cost += NOT_LINKED  # "Irina Slutskaya of Russia": where she is from, not where it happened
    return cost + abs(tok.i - trigger.i) * 0.01


def _inside_actor_names(doc: "Document", sent) -> list[tuple[int, int]]:
    """Spans of person and organisation mentions in the sentence: a place inside one ("the president
    of **Russia**", "**Armenia**'s PM") names whose actor it is, not where the event happened."""
    return [(m.start, m.end) for e in doc.article.entities if e.type in ("PERSON", "ORG", "IGO")
            for m in e.mentions if sent.start_char <= m.start < sent.end_char]


def locate_event_mention(doc: "Document", trigger: "Token") -> tuple["Place | None", "Mention | None", str | None]:
    sent = trigger.sent
    best = None
    actor_spans = _inside_actor_names(doc, sent)
    for p in doc.article.places:
        for m in p.mentions:  # names only: modifiers ("Turkish") are not locations
            if not (sent.start_char <= m.start < sent.end_char):
                continue
            if any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in actor_spans):
                continue
            tok = _root(doc, m)
            if tok is None or _is_actor(tok):
                continue
            c = _cost(trigger, tok)
            if c > MAX_COST:
                continue
            c += BROAD.get(p.feature or "", 0.0)
            if best is None or c < best[0]:
                best = (c, p, m)
    if best is not None:
        return best[1], best[2], "explicit"
    dl = doc.article.article.dateline
    if dl is not None and dl.place:
        return doc.article.place(dl.place), None, "dateline"
    return None, None, None


def locate_event(doc: "Document", trigger: "Token") -> tuple[str | None, str | None]:
    """The id of the place where the event happened and how it was found (see the module doc)."""
    place, _, basis = locate_event_mention(doc, trigger)
    return (place.id if place is not None else None), basis
