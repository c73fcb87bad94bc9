"""Speakers: from the speaker phrase at a cue to an entity of ``article.entities``.

The entities stage may already have linked pronouns and descriptions to their entity (its
coreference); then the entity whose mention covers the phrase's head wins. Otherwise a pronoun or
a person description is resolved here, conservatively, to the nearest preceding PERSON mention.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from operator import itemgetter, sub

from spacy.tokens import Token

from ...model import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Heads of descriptions that name a person by role; a group noun ("the ministry") or a document
# ("the report") is never resolved to a person.
PERSON_ROLES = {
    "representative", "spokesman", "spokeswoman", "spokesperson", "official", "minister", "president",
    "leader", "chairman", "chairwoman", "chair", "secretary", "director", "governor", "senator",
    "ambassador", "envoy", "diplomat", "commander", "general", "officer", "chief", "head", "mayor",
    "premier", "candidate", "lawmaker", "legislator", "congressman", "congresswoman", "aide",
    "adviser", "advisor", "prosecutor", "judge", "lawyer", "attorney", "analyst", "expert",
    "executive", "manager", "negotiator", "deputy", "assistant", "nominee", "king", "queen", "prince",
    "chancellor", "monarch", "emir", "sheikh", "cleric", "activist", "businessman", "businesswoman",
    "founder", "economist", "professor", "researcher", "strategist", "pollster", "organizer", "man",
    "woman", "politician", "billionaire", "mogul", "host", "speaker", "delegate", "source",
}
# A pronoun is resolved only to a person mentioned this close before it (characters): about two
# short paragraphs, beyond which newswire re-names the speaker.
PRONOUN_WINDOW = 1200
# A description ("the minister") may reach further back: it re-mentions someone named earlier.
DESCRIPTION_WINDOW = 3000

# How far back of a query's start ``covering`` reads at most (characters): mentions are short.
COVER_BACK = 400
# start and end of a (start, end, entity) row: entities themselves are not ordered
_START, _END = itemgetter(0), itemgetter(1)


def _length(row: tuple[int, int, Entity]) -> int:
    """The length of a (start, end, entity) row's mention."""
    return row[1] - row[0]


@dataclass
class Resolved:
    entity: Entity | None
    basis: str  # name | pronoun | description


class MentionIndex:
    """Entity mentions sorted by start, for overlap and nearest-preceding queries."""

    def __init__(self, entities: list[Entity]):
        # by offsets only: two entities may share a mention span (a pronoun joined to two chains). Two
        # stable sorts on an int key (end, then start) give the (start, end) order of one sort on a
        # tuple key, rows of equal offsets left in entity order, at half the cost
        items = [(m.start, m.end, e) for e in entities for m in e.mentions]
        items.sort(key=_END)
        items.sort(key=_START)
        self.starts = [s for s, _, _ in items]
        self.items = items
        # the longest mention: one starting that far before a query's start ends by it, and so does
        # every mention before it (the scan back stops there; most mentions are a few words)
        longest = max(map(sub, [e for _, e, _ in items], self.starts), default=0)
        self.reach = longest if longest <= COVER_BACK else COVER_BACK + 1

    def covering(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions overlapping [start, end). One starting more than ``COVER_BACK`` characters before
        it may be missed (the scan back stops there: a speaker's mention is a few words)."""
        items, reach = self.items, self.reach
        out = []
        for k in range(bisect.bisect_left(self.starts, end) - 1, -1, -1):
            x = items[k]
            if x[1] > start:
                out.append(x)
            elif start - x[0] >= reach:  # nothing further back can overlap (or lies COVER_BACK away)
                break
        return out

    def named(self, word: str, before: int) -> Entity | None:
        """The entity whose name contains ``word`` as a whole word, mentioned nearest before ``before``."""
        best: tuple[int, Entity] | None = None
        for s, _, ent in self.items:
            if s < before and word in ent.name.split() and (best is None or s > best[0]):
                best = (s, ent)
        return best[1] if best else None

    def preceding(self, before: int, types: tuple[str, ...], window: int) -> Entity | None:
        """The entity of the nearest mention of one of ``types`` ending before ``before``."""
        hi = bisect.bisect_left(self.starts, before)
        for k in range(hi - 1, -1, -1):
            s, e, ent = self.items[k]
            if before - e > window:
                break
            if e <= before and ent.type in types:
                return ent
        return None


def _basis(head: Token) -> str:
    if head.pos_ == "PRON":
        return "pronoun"
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return "name"
    return "description"


def resolve(head: Token, start: int, end: int, index: MentionIndex, speakers: list[Entity]) -> Resolved:
    """The entity behind a speaker phrase [start, end) headed by ``head``.

    ``speakers`` are the entities already credited with earlier quotes, most recent last: a person
    description ("the organization's representative") prefers one of them.
    """
    basis = _basis(head)
    h0, h1 = head.idx, head.idx + len(head)
    over = index.covering(start, end)
    on_head = [x for x in over if x[0] < h1 and x[1] > h0]
    if len(on_head) == 1:  # (most often one)
        return Resolved(on_head[0][2], basis)
    if on_head:
        # the tightest mention on the head: "Sengendo" inside "the OIC Ahmad Kawesa Sengendo"
        return Resolved(min(on_head, key=_length)[2], basis)
    if basis == "name":
        # the head is a name the entity stage did not list; a name inside the phrase that ends
        # where the phrase's head does is the same name ("Spokeswoman Haley Morris")
        tail = [x for x in over if x[1] >= h0 and x[2].type == "PERSON"]
        if tail:
            return Resolved(tail[0][2], basis)
        # a surname the recogniser missed here: the entity named with it earlier ("Maria Lopez")
        return Resolved(index.named(head.text, start), basis)
    word = head.lower_
    if basis == "pronoun":
        if word in PERSON_PRONOUNS:
            return Resolved(index.preceding(start, ("PERSON",), PRONOUN_WINDOW), basis)
        return Resolved(None, basis)
    if head.lemma_.lower() in PERSON_ROLES or word in PERSON_ROLES:
        for ent in reversed(speakers):
            if ent.type == "PERSON" and ent.mentions and ent.mentions[0].start < start:
                return Resolved(ent, basis)
        return Resolved(index.preceding(start, ("PERSON",), DESCRIPTION_WINDOW), basis)
    return Resolved(None, basis)
