"""Events: who did what to whom, coded in PLOVER, with mode, contexts, date, place, attribution,
auxiliary modes and evidence.

Per sentence: find triggers (``triggers``), read actors and recipients off the parse
(``arguments``), then flags, attribution and place (``context``), the date through
``dateline.dating.date_event``. Two coding rules beyond the lexicon:

- A refusal to cooperate ("would not provide support", "will not meet") is REJECT, as the manual's
  REJECT ("all rejections and refusals") reads; other negated events are kept with ``negated``.
- Cooperative acts reported in the future keep their own category with the ``future`` flag (the
  manual would fold them into AGREE; the flag keeps that recoverable and loses nothing).
- An event with neither actor nor recipient is only kept when its sentence dates it explicitly
  ("the 1994 ceasefire agreement"): an undated, unattributed noun is rarely a reportable event.

- "X announced it would free prisoners" is a promise: AGREE (the clause's own doer, future).
- A participant-less agreement or ceasefire takes the sides of the conflict the article states
  (``parties``); the evidence is the supporting clause, not the sentence (``evidence``).
- A purpose or outcome clause of the same category ("met ... to discuss", "bombarded ..., killing")
  is the governing event; a nominal event held as a state ("enjoyed support") is none.
- A user dictionary verb codes an event only with a target (PETRARCH's source-target codings).

Mentions of the same event (same category, actors, recipients and overlapping dates, same
negation and hypothetical status) are merged: the first is the evidence, the rest ``mentions``.
"""

from __future__ import annotations

from ...dating import date_event
from ...document import Document
from ...model import Event, EventDate, EventFlags, Mention
from ...pipeline import Stage
from .arguments import EntityIndex, arguments, subject_of
from .context import ALLEGING, attribution, flags_for, place_for, reporting_frame
from .evidence import narrow
from .lexicon import load_lexicon
from .parties import context_parties, stated_parties, takes_parties
from .recipients import CountryOf, place_recipients
from .triggers import Candidate, find_candidates

INTENT_VERBS = frozenset({"seek", "want", "wish", "hope", "plan", "intend", "offer", "pledge", "vow", "promise",
                          "aim", "decide", "agree", "propose", "threaten"})
HOSTILE_INTENT = frozenset({"want", "wish", "plan", "intend", "vow", "threaten", "decide", "aim"})
WANT_VERBS = frozenset({"want", "wish", "need", "expect", "prefer", "like"})
INTENT_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
THREAT_MODES = {"ASSAULT": ("violence", "138"), "COERCE": ("restrict", "132"), "SANCTION": ("restrict", "1312"),
                "MOBILIZE": ("violence", "138")}
# PLOVER: "Requires recipient: Yes" (a reciprocal event's participants are all actors instead).
REQUIRES_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})
COOPERATIVE = {"SUPPORT": "assist", "AID": "assist", "COOPERATE": "assist", "CONSULT": "meet", "AGREE": "meet",
               "RETREAT": "yield", "CONCEDE": "yield"}
REFUSAL_CAMEO = {"assist": "121", "meet": "125", "yield": "124"}
# Verbs whose embedded event is the event ("agreed to lift sanctions" is the concession).
INTENT_CATEGORIES = frozenset({"AGREE"})
# "Israel announced it would free prisoners": an announced own future act is a promise (PLOVER AGREE).
ANNOUNCING = frozenset({"announce", "say", "declare", "state", "confirm", "tell"})
PROMISE_CAMEO = {"RETREAT": "035", "CONCEDE": "035", "CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031",
                 "AID": "033"}
# Doers whose destruction of property is a riot, not an armed assault (PLOVER PROTEST riot/vandalize).
PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "rioter", "activist", "mob", "crowd"})
# "the plan enjoys the support of Moscow": a standing state held, not an act that happened.
STATIVE = frozenset({"enjoy", "lack", "deserve", "retain", "command"})  # not "have": "had talks" happened
# Third-person pronouns and the speaker types they can stand for (not reflexives, which bind to their
# own clause; not "them", which in "we will fight them" is the other side).
PRONOUNS = {"it": frozenset({"COUNTRY", "ORG", "IGO", "PLACE"}), "him": frozenset({"PERSON"}),
            "her": frozenset({"PERSON"})}


def _locator():
    try:
        from ...locating import locate_event  # written by the places engineer
    except ImportError:
        return None
    return locate_event


def _overlap(a: EventDate, b: EventDate) -> bool:
    if not (a.begin and b.begin):
        return True
    return a.begin <= (b.end or b.begin) and b.begin <= (a.end or a.begin)


def _user(c: Candidate) -> bool:
    """From the user's PETRARCH verb dictionary (whose bare verbs carry a whole block's code)."""
    return c.entry.source.startswith("verbs:")


def _drop_intent_wrappers(cands: list[Candidate]) -> list[Candidate]:
    """ "agreed to lift the sanctions": the embedded concession is the event, not a second AGREE."""
    by_trigger = {c.trigger.i for c in cands}
    out = []
    for c in cands:
        if c.entry.category in INTENT_CATEGORIES and not c.nominal and any(
                k.dep_ in ("xcomp", "ccomp") and k.i in by_trigger for k in c.trigger.children):
            continue
        out.append(c)
    return out


def _promise(c: Candidate, actors: list[str], negated: bool, index: EntityIndex) -> bool:
    """ "X announced it would free ...": the clause's own doer announces its future act."""
    frame = c.frame
    if negated or c.entry.category not in PROMISE_CAMEO or frame.dep_ != "ccomp" or frame.head == frame:
        return False
    head = frame.head
    if head.lemma_.lower() not in ANNOUNCING:
        return False
    if not any(k.dep_ == "aux" and k.lower_ in ("will", "would", "'ll", "’ll", "shall") for k in frame.children):
        return False
    return bool(actors) and bool(set(actors) & set(subject_of(head, index)))


def _protesters(c: Candidate) -> bool:
    heads = [k for k in c.frame.children if k.dep_ == "nsubj"] + [
        p for k in c.frame.children if k.dep_ == "agent" for p in k.children if p.dep_ == "pobj"]
    return any(h.lemma_.lower() in PROTESTERS for h in heads)


def _logophoric(c: Candidate, index: EntityIndex) -> list[str]:
    """ "Israel said a mortar was fired at it": an unresolved pronoun target in a reported clause is
    the reporter (the entities stage links most pronouns; this covers the reported-speech case)."""
    targets = [k for k in c.frame.children if k.dep_ in ("dobj", "obj")] + [
        p for k in c.frame.children if k.dep_ == "prep" and k.lower_ in ("at", "on", "against", "upon")
        for p in k.children if p.dep_ == "pobj"]
    pronouns = [t for t in targets if t.lower_ in PRONOUNS and index.at(t) is None]
    if not pronouns:
        return []
    speaker, _ = reporting_frame(c.frame, index)
    if speaker is None or index.types.get(speaker) not in PRONOUNS[pronouns[0].lower_]:
        return []
    return [speaker]


def _drop_same_event_clauses(cands: list[Candidate]) -> list[Candidate]:
    """A clause that restates its governing event is no second event: "met Assad to discuss ..."
    (the purpose of the meeting is the meeting), "bombarded Aleppo, killing eight" (the outcome of
    the bombardment is the bombardment)."""
    category_at = {c.trigger.i: c.entry.category for c in cands if not c.nominal}
    out = []
    for c in cands:
        t = c.trigger
        if not c.nominal and t.head != t and category_at.get(t.head.i) == c.entry.category and (
                t.dep_ == "advcl" and (t.tag_ == "VBG" or any(k.dep_ == "aux" and k.lower_ == "to" for k in t.children))):
            continue
        out.append(c)
    return out


def reframe(c: Candidate, actors: list[str], recipients: list[str], index: EntityIndex):
    """Intentions are their own events (PLOVER AGREE: "offer, promise, or otherwise indicate
    willingness ... to cooperate"; THREATEN: a stated intent to use force): "seeks to deepen a
    partnership" is AGREE, "wants to attack" THREATEN, "wants Putin to attack" a REQUEST to Putin."""
    entry = c.entry
    frame = c.frame
    if frame.dep_ not in ("xcomp", "ccomp") or frame.head == frame:
        return None
    head = frame.head
    lemma = head.lemma_.lower()
    objs = [k for k in head.children if k.dep_ in ("dobj", "obj") and k.i < frame.i]
    if frame.dep_ == "ccomp":  # "wants Putin to attack" parsed as a clause with its own subject
        objs += [k for k in frame.children if k.dep_ == "nsubj"]
    if lemma in WANT_VERBS and objs:
        wanter = subject_of(head, index)
        if wanter:
            return "REQUEST", COOPERATIVE.get(entry.category) or "change", "020", wanter, list(actors)
    if lemma not in INTENT_VERBS:
        return None
    if entry.category in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
        return "AGREE", None, INTENT_CAMEO.get(entry.category, "030"), actors, recipients
    if entry.category in THREAT_MODES and lemma in HOSTILE_INTENT:
        mode, cameo = THREAT_MODES[entry.category]
        return "THREATEN", mode, cameo, actors, recipients
    return None


def lex_targets(doc: Document) -> dict[str, str]:
    return doc.resources.cached("events.lexicon", load_lexicon).verbal_targets


def _verbal(c: Candidate, targets: dict[str, str], index: EntityIndex) -> bool:
    """ "The airline association attacked the plan": a hostile verb aimed at a policy or statement,
    not at anyone, is criticism (PLOVER ACCUSE disapprove), not an assault."""
    if c.nominal or c.entry.category != "ASSAULT":
        return False
    objs = [k for k in c.frame.children if k.dep_ in ("dobj", "obj")]
    return bool(objs) and all(o.lemma_.lower() in targets and index.at(o) is None for o in objs)


def build_event(doc: Document, c: Candidate, index: EntityIndex, locate,
                countries: CountryOf | None = None) -> Event | None:
    if c.nominal and c.trigger.dep_ in ("dobj", "obj") and c.trigger.head.lemma_.lower() in STATIVE:
        return None
    if "intransitive" in c.entry.flags and not c.nominal and any(
            k.dep_ in ("dobj", "obj", "ccomp", "xcomp") for k in c.frame.children):
        return None  # "the figures demonstrate that ...", "rallied support"
    actors, recipients = arguments(c, index)
    flags = flags_for(c.trigger, c.frame)
    if not recipients and c.entry.category in HOSTILE:
        recipients = [r for r in _logophoric(c, index) if r not in actors]
    recoded = reframe(c, actors, recipients, index)
    if recoded is None and _promise(c, actors, flags.negated, index):
        recoded = "AGREE", None, PROMISE_CAMEO[c.entry.category], actors, recipients
    if recoded is not None:  # the stated intent is itself what happened, unless its own verb is modal
        own = flags_for(c.frame.head, c.frame.head)  # "might want Obama to head back"
        flags.future, flags.hypothetical = own.future, own.hypothetical
    date, historical = date_event(doc, c.trigger)
    flags.historical = historical
    if not actors and not recipients and not (c.nominal and date.basis == "explicit" and date.value
                                              and not date.value.startswith("P")):
        return None  # only a dated named occurrence ("the 1994 ceasefire agreement") stands without participants
    if "reciprocal" in c.entry.flags and not c.nominal and any(
            k.dep_ in ("dobj", "obj") and k.pos_ in ("NOUN", "PROPN") and index.at(k) is None and k.i not in c.absorbed
            and not any(index.at(t) for t in k.subtree) for k in c.frame.children):
        return None  # "met the golden rule", "fought the proposal": no meeting, no fight
    pub = doc.article.article.published
    if date.basis == "explicit" and pub and date.begin and date.begin > pub[:10]:
        flags.future = True
    entry = c.entry
    category, mode, cameo = entry.category, entry.mode, entry.cameo
    if recoded is not None:
        category, mode, cameo, actors, recipients = recoded
    elif _verbal(c, lex_targets(doc), index):
        category, mode, cameo = "ACCUSE", "disapprove", "111"
    elif category == "ASSAULT" and mode == "destroy" and _protesters(c):
        category, mode, cameo = "PROTEST", "riot", "145"  # "demolished by a protestor"
    if flags.negated and (flags.future or flags.hypothetical) and category in COOPERATIVE:
        mode = COOPERATIVE[category]
        category, cameo, flags.negated, flags.hypothetical = "REJECT", REFUSAL_CAMEO[mode], False, False
    if not recipients and ("recipient" in entry.flags or category in REQUIRES_RECIPIENT and len(actors) < 2):
        return None
    if _user(c) and recoded is None and not recipients and len(actors) < 2:
        return None  # PETRARCH codes a dictionary verb as a source-target pair; no target, no coding  # "helped to plan the killings" is no aid to anyone
    place, basis = place_for(doc, c.trigger, c.frame, recipients + actors, index, locate)
    # a city is where it happened, its country whom it happened to (checked above as a target)
    targets = recipients  # the evidence spans the place named ("Ganja city (shelled by ...")
    recipients = place_recipients(recipients, actors, countries or CountryOf(doc))
    t = c.trigger
    return Event(
        id="", category=category, mode=mode, contexts=list(entry.contexts), actors=actors, recipients=recipients,
        date=date, place=place, place_basis=basis, attributed_to=attribution(doc, t, c.frame, index),
        cameo=cameo, flags=flags, evidence=narrow(t, c.frame, c.absorbed, actors + targets, index, doc.text),
        trigger=Mention(t.idx, t.idx + len(t.text), t.text),
    )


def _country(doc: Document, eid: str) -> str | None:
    ent = doc.article.entity(eid)
    code = ent.actor.code if ent is not None and ent.actor is not None else None
    if not code or len(code) < 3 or code == ent.actor.sector or code.startswith("---"):
        return None  # a sector without a country ("officials": GOV) places nobody on a side
    return code[:3]


def _other_side(doc: Document, speaker: str, actors: list[str]) -> bool:
    """A coded reporter telling of a hostile act by a coded actor of another country (or of no
    country: "insurgents") accuses it; a government reporting its own forces' strike does not."""
    mine = _country(doc, speaker)
    if mine is None:
        return False
    theirs = [doc.article.entity(a) for a in actors]
    coded = [e.actor.code for e in theirs if e is not None and e.actor is not None]
    return bool(coded) and all(not code.startswith(mine) for code in coded)


def allegation(doc: Document, c: Candidate, ev: Event, index: EntityIndex) -> Event | None:
    """A reported hostile act is also an accusation by the reporter (PLOVER ACCUSE "allege": accuse
    informally) when the report is an allegation ("the US claimed that ISIL attacked Iraq"), the
    reporter is the victim ("Israel said a mortar was fired at it"), or the reporter speaks of the
    other side ("the US said that Iraq had attacked": PETRARCH's convention too; not a ministry
    reporting its own country's forces' strike)."""
    if ev.category not in HOSTILE or not ev.actors or ev.flags.negated:
        return None
    speaker, verb = reporting_frame(c.frame, index)
    if speaker is None or verb is None or speaker in ev.actors:
        return None
    if verb.lemma_.lower() not in ALLEGING and speaker not in ev.recipients and not _other_side(doc, speaker, ev.actors):
        return None
    return Event(id="", category="ACCUSE", mode="allege", contexts=[], actors=[speaker],
                 recipients=list(ev.actors), date=ev.date, place=ev.place, place_basis=ev.place_basis,
                 attributed_to="source", cameo="112", flags=EventFlags(historical=ev.flags.historical),
                 evidence=narrow(c.trigger, c.frame, c.absorbed | {verb.i}, ev.actors + [speaker], index, doc.text), trigger=Mention(verb.idx, verb.idx + len(verb.text), verb.text))


def deduplicate(events: list[Event]) -> list[Event]:
    kept: list[Event] = []
    for ev in events:
        same = next((k for k in kept if k.category == ev.category and set(k.actors) == set(ev.actors)
                     and set(k.recipients) == set(ev.recipients) and k.flags.negated == ev.flags.negated
                     and k.flags.hypothetical == ev.flags.hypothetical and _overlap(k.date, ev.date)), None)
        if same is None:
            kept.append(ev)
        elif ev.evidence != same.evidence and ev.evidence not in same.mentions:
            same.mentions.append(ev.evidence)
    return kept


def extract_events(doc: Document) -> None:
    sdoc = doc.spacy
    if sdoc is None or not doc.article.article.analysed or not len(sdoc):
        doc.article.events = []
        return
    lex = doc.resources.cached("events.lexicon", load_lexicon)
    index = EntityIndex.build(sdoc, doc.article.entities)
    locate = _locator()
    countries = CountryOf(doc)
    named = set(index.by_token)
    events: list[Event] = []
    history: list[tuple[int, list[str]]] = []  # (sentence position, the conflict sides it states)
    for position, sent in enumerate(sdoc.sents):
        here: list[Event] = []
        for c in _drop_same_event_clauses(_drop_intent_wrappers(find_candidates(sent, lex, named))):
            ev = build_event(doc, c, index, locate, countries)
            if ev is not None:
                here.append(ev)
                alleged = allegation(doc, c, ev, index)
                if alleged is not None:
                    here.append(alleged)
        parties = stated_parties(sent, index, here)
        if parties:
            history.append((position, parties))
        for ev in here:
            if takes_parties(ev):  # "the 1994 ceasefire agreement": between the sides of the stated conflict
                ev.actors = context_parties(position, sent, history)
        events += here
    events.sort(key=lambda e: (e.trigger.start if e.trigger else e.evidence.start))
    events = deduplicate(events)
    for i, ev in enumerate(events, 1):
        ev.id = f"V{i}"
    doc.article.events = events


STAGE = Stage("events", frozenset({"spacy", "entities", "places", "times", "quotes"}), frozenset({"events"}),
              extract_events)
