"""Event dating: when did the event a trigger word denotes happen?

Used by the events stage; reads only what the times and metadata stages produced (article.times,
article.article.published) and the spaCy parse. In order of preference:

1. explicit: a time expression governs the event syntactically — attached to the trigger (or to the
   verb whose subject/object the trigger is, or to the noun it is a compound of) as a modifier
   ("The 1994 ceasefire agreement"), a prepositional object ("introduced on Nov. 10, 2020", "the
   war from late Sept. through early Nov.2020": the range), or the time heads the trigger's clause
   ("in 1988 when Armenia made territorial claims").
2. inferred: "during the war" takes the interval of the war dated elsewhere in the article; else a
   date in the trigger's sentence; else, for a past-tense trigger, the latest date earlier in its
   paragraph (news paragraphs narrate one period: "began in 1988 ... As a result of the ensuing
   war, ... occupied"); else, for a simple-past verb, the date of the same predicate mentioned a
   few paragraphs before (a quote re-telling a reported event: "(Aghdam, liberated ... from late
   Sept. through early Nov. 2020)" ... "Azerbaijan liberated its lands", he added).
3. publication: reported as current.

An event is historical when it ended more than HISTORICAL_DAYS before publication (see there).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .model import EventDate, TimeExpression
from .stages.metadata import iso_date

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .document import Document

# The reporting window. Wire copy reports what happened in the last days; background paragraphs
# recall what happened months or years before. Event datasets (ICEWS, GDELT, POLECAT) code by day
# or week and treat a story as news for about a month; an event that ended more than 30 days
# before publication is history recalled, not news, and must not be counted as this month's.
HISTORICAL_DAYS = 30

# nouns naming episodes that other sentences refer back to ("the war", "the fighting")
EPISODE_NOUNS = frozenset(
    "war conflict fighting hostilities ceasefire truce occupation siege offensive campaign crisis clashes "
    "battle invasion uprising revolution protests protest election elections talks negotiations "
    "blockade insurgency operation operations attack attacks bombing strikes".split())
ANAPHORIC_ADJ = frozenset({"ensuing", "subsequent", "following", "resulting", "later"})
TIME_DEPS = frozenset({"nummod", "compound", "npadvmod", "tmod", "nmod", "amod", "appos", "advmod", "obl",
                       "attr", "pobj", "dobj", "nsubj", "poss"})
# prepositions that place the event in the time's interval; "before"/"after"/"until" only bound it
IN_PREPS = frozenset({"on", "in", "during", "at", "from", "through", "throughout", "since", "by", "of", "over",
                      "between", "within", "to", "until", "till"})
BOUND_PREPS = frozenset({"before", "after", "following", "prior", "ahead"})
# Predicates too general to identify an event across sentences: reporting and light verbs.
NON_COREF_LEMMAS = frozenset(
    "say tell add report announce state claim note stress ask answer reply explain insist warn describe call write "
    "be have do make take give get go come see know think believe want need use include continue begin start end "
    "become remain keep hold put show".split())
NON_PAST_AUX = frozenset("has have 's 've is are am 're be being will would shall can may might must should could "
                         "'ll 'd".split())
# How far back (in paragraphs) a repeated predicate is taken for the same event. Wire copy re-tells a
# reported event in the quotes that follow it (one to three paragraphs); further back, a repeated verb
# is as likely a different occurrence of the same kind of event.
COREF_PARAGRAPHS = 3
# a noun trigger's time can be its verb's when it is the verb's subject or object
CLIMB_DEPS = frozenset({"compound", "amod", "nsubj", "nsubjpass", "dobj", "xcomp", "acomp", "attr", "aux",
                        "auxpass", "neg", "oprd", "nmod"})


def _index(doc: "Document") -> dict:
    """Per-document maps, built once: token -> time, part -> range, time head tokens."""
    key = "dating.index"
    cached = doc.scratch.get(key)
    times = doc.article.times
    if cached is not None and cached["n"] == len(times) and cached["spacy"] is doc.spacy:
        return cached
    sp = doc.spacy
    by_token: dict[int, TimeExpression] = {}
    ranges = [t for t in times if t.value and "/" in t.value]
    part_range: dict[str, TimeExpression] = {}
    for t in times:
        if t in ranges:
            continue
        span = sp.char_span(t.start, t.end, alignment_mode="expand") if sp is not None else None
        if span is not None:
            for tok in span:
                by_token.setdefault(tok.i, t)
        outer = [r for r in ranges if r.start <= t.start and t.end <= r.end]
        if outer:
            part_range[t.id] = max(outer, key=lambda r: r.end - r.start)
    for r in ranges:  # a range without parts of its own ("1992-95") dates by itself
        span = sp.char_span(r.start, r.end, alignment_mode="expand") if sp is not None else None
        if span is not None:
            for tok in span:
                by_token.setdefault(tok.i, r)
    cached = {"n": len(times), "spacy": sp, "by_token": by_token, "part_range": part_range, "episodes": None}
    doc.scratch[key] = cached
    return cached


def _usable(t: TimeExpression) -> bool:
    return bool(t.begin and t.end_value) and t.type != "SET"


def _as_date(t: TimeExpression, idx: dict, basis: str) -> EventDate:
    t = idx["part_range"].get(t.id, t)
    return EventDate(value=t.value, begin=t.begin, end=t.end_value, basis=basis, time=t.id)


def _attached_time(tok: "Token", idx: dict) -> TimeExpression | None:
    """A usable time expression that modifies tok directly or through an in-preposition."""
    by_token = idx["by_token"]
    for c in tok.children:
        t = by_token.get(c.i)
        if t is not None and c.dep_ in TIME_DEPS and _usable(t):
            return t
        if c.dep_ in ("prep", "agent") and c.lower_ in IN_PREPS:
            for g in c.children:
                t = by_token.get(g.i)
                if t is not None and g.dep_ in ("pobj", "pcomp") and _usable(t):
                    return t
    return None


def _chain(trigger: "Token") -> list["Token"]:
    """The trigger and the heads whose time is the trigger's time (stopping at clause boundaries,
    except for a clause headed by a time: "in 1988 when ...")."""
    chain = [trigger]
    tok = trigger
    for _ in range(3):
        head = tok.head
        if head is tok:
            break
        if tok.dep_ in CLIMB_DEPS or (tok.dep_ in ("relcl", "advcl") and _is_when_clause(tok)):
            chain.append(head)
            tok = head
            continue
        break
    return chain


def _is_when_clause(tok: "Token") -> bool:
    return any(c.dep_ in ("advmod", "mark") and c.lower_ in ("when", "as", "while") for c in tok.children)


def explicit_time(trigger: "Token", idx: dict) -> TimeExpression | None:
    by_token = idx["by_token"]
    for tok in _chain(trigger):
        t = by_token.get(tok.i)
        if t is not None and tok is not trigger and _usable(t):
            return t
        t = _attached_time(tok, idx)
        if t is not None:
            return t
        if tok.dep_ in ("relcl", "advcl") and _is_when_clause(tok):
            head = tok.head
            t = by_token.get(head.i)
            if t is not None and _usable(t):
                return t
            if head.dep_ == "pobj" and head.head.dep_ == "prep":
                continue
    return None


def _episodes(doc: "Document", idx: dict) -> dict[str, list[tuple[int, EventDate]]]:
    """Episode nouns dated explicitly somewhere in the article: lemma -> [(token index, date)]."""
    if idx["episodes"] is None:
        eps: dict[str, list[tuple[int, EventDate]]] = {}
        for tok in doc.spacy:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in EPISODE_NOUNS:
                t = explicit_time(tok, idx)
                if t is not None:
                    eps.setdefault(tok.lemma_.lower(), []).append((tok.i, _as_date(t, idx, "inferred")))
        idx["episodes"] = eps
    return idx["episodes"]


def _episode_date(doc: "Document", trigger: "Token", idx: dict) -> EventDate | None:
    """"shelled ... during the war": the interval of the war dated elsewhere in the article."""
    for tok in _chain(trigger):
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ not in ("during", "in", "amid", "throughout", "since"):
                continue
            for noun in c.children:
                lemma = noun.lemma_.lower()
                if noun.dep_ != "pobj" or lemma not in EPISODE_NOUNS:
                    continue
                if any(a.lower_ in ANAPHORIC_ADJ for a in noun.children):
                    return None  # "the ensuing war" is a later one: the paragraph dates it
                dated = [(i, d) for i, d in _episodes(doc, idx).get(lemma, []) if i != noun.i]
                if dated:
                    before = [x for x in dated if x[0] < noun.i]
                    i, d = (before or dated)[-1]
                    return EventDate(d.value, d.begin, d.end, "inferred", d.time)
    return None


def _parenthetical(text: str, start: int, end: int, pos: int) -> tuple[int, int] | None:
    """The (...) aside of the sentence that contains pos, if any: an aside's time dates the aside
    ("(liberated ... from late Sept. through early Nov.2020)"), not the sentence around it."""
    for m in re.finditer(r"\([^()]*\)", text[start:end]):
        if start + m.start() <= pos < start + m.end():
            return start + m.start(), start + m.end()
    return None


def _same_episode(doc: "Document", trigger: "Token", idx: dict) -> EventDate | None:
    """"the war" mentioned again: the date of the war mentioned (and dated) before."""
    lemma = trigger.lemma_.lower()
    if lemma not in EPISODE_NOUNS or any(a.lower_ in ANAPHORIC_ADJ for a in trigger.children):
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in trigger.children):
        return None
    dated = [(i, d) for i, d in _episodes(doc, idx).get(lemma, []) if i < trigger.i]
    if not dated:
        return None
    d = dated[-1][1]
    return EventDate(d.value, d.begin, d.end, "inferred", d.time)


def _head_date(doc: "Document", trigger: "Token", idx: dict) -> EventDate | None:
    """A participle or infinitive clause ("shelled ..., causing casualties") shares its head's date."""
    if trigger.dep_ not in ("advcl", "xcomp", "conj") or trigger.head is trigger:
        return None
    head = trigger.head
    t = explicit_time(head, idx)
    if t is not None:
        return _as_date(t, idx, "inferred")
    return _episode_date(doc, head, idx)


def _paragraph_start(text: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"\n\s*\n", text[:pos]):
        pass
    return m.end() if m else 0


def _is_past(trigger: "Token") -> bool:
    """Past tense: a past form, or a participle without a present or modal auxiliary ("has pushed"
    reports the present state, "are allowed" and "will be restored" are no past)."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN":
        return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in NON_PAST_AUX for c in verb.children)
    return False


# A wire story's dateline day is the day it was written; a feed or archive stamps it up to this many
# days later (Xinhua's "WASHINGTON, August 13" filed under August 14: a time-zone crossing plus the
# overnight feed). Beyond two days the dateline is more likely a misparse than a late stamp.
DATELINE_LAG_DAYS = 2


def anchor_of(published: dt.date | None, dateline: dt.date | None) -> dt.date | None:
    """The day a story reports from: the dateline's day when it is one or two days before the
    publication day (the story's own date: its "today" and "Friday" are the writer's), else the
    publication day, else the dateline's (a bare year or month of publication gives no day)."""
    if published and dateline and 0 < (published - dateline).days <= DATELINE_LAG_DAYS:
        return dateline
    return published or dateline


def report_day(doc: "Document") -> dt.date | None:
    """The story's own day from doc's metadata (see anchor_of): what the times stage counts relative
    expressions from and what an event reported as current is dated to."""
    meta = doc.article.article
    published = iso_date(meta.published) if meta.published and len(str(meta.published)) >= 10 else None
    dateline = iso_date(meta.dateline.date) if meta.dateline and meta.dateline.date else None
    return anchor_of(published, dateline)


def date_event(doc: "Document", trigger: "Token") -> tuple[EventDate, bool]:
    """Return the event's date and whether it is historical (ended before the reporting window)."""
    pub = report_day(doc)
    date = None
    if doc.spacy is not None and doc.article.times:
        idx = _index(doc)
        t = explicit_time(trigger, idx)
        if t is not None:
            date = _as_date(t, idx, "explicit")
        else:
            date = _contextual(doc, trigger, idx, pub) or _same_predicate(doc, trigger, idx, pub)
    if date is None:
        value = pub.isoformat() if pub else None
        date = EventDate(value=value, begin=value, end=value, basis="publication")
    return date, is_historical(date, pub)


def _contextual(doc: "Document", trigger: "Token", idx: dict, pub: dt.date | None) -> EventDate | None:
    """The date from the trigger's own context: its episode, its head, its sentence or paragraph."""
    return (_episode_date(doc, trigger, idx) or _same_episode(doc, trigger, idx)
            or _head_date(doc, trigger, idx) or _inferred(doc, trigger, idx, pub))


def _same_predicate(doc: "Document", trigger: "Token", idx: dict, pub: dt.date | None) -> EventDate | None:
    """A simple-past verb with no time of its own: the date of the nearest earlier mention of the same
    predicate (verb or noun of the same lemma) within COREF_PARAGRAPHS paragraphs, when that mention is
    dated and over by publication. Only the nearest mention counts: if it is undated, so is this one."""
    lemma = trigger.lemma_.lower()
    if trigger.pos_ != "VERB" or lemma in NON_COREF_LEMMAS or not _simple_past(trigger):
        return None
    if idx.get("lemmas") is None:  # lemma -> its verb and noun tokens in text order, built once
        lemmas: dict[str, list[int]] = {}
        for t in doc.spacy:
            if t.pos_ in ("VERB", "NOUN"):
                lemmas.setdefault(t.lemma_.lower(), []).append(t.i)
        idx["lemmas"] = lemmas
    earlier = [i for i in idx["lemmas"].get(lemma, ()) if i < trigger.sent.start]
    if not earlier:
        return None
    ante = doc.spacy[earlier[-1]]
    a, b = _object(trigger), _object(ante)
    if a is not None and b is not None and a != b:
        return None  # "attacked a convoy" after "attacked a base in 2014": another attack
    between = doc.text[ante.idx:trigger.idx]
    if len(re.findall(r"\n\s*\n", between)) > COREF_PARAGRAPHS:
        return None
    t = explicit_time(ante, idx)
    date = _as_date(t, idx, "inferred") if t is not None else _contextual(doc, ante, idx, pub)
    if date is None or (pub is not None and (iso_date(date.end) or pub) > pub):
        return None
    return EventDate(date.value, date.begin, date.end, "inferred", date.time)


def _simple_past(verb: "Token") -> bool:
    """A finite simple past ("liberated", "was shelled"): neither a bare participle, whose tense is
    open ("the contracts traded on the exchange"), nor a pluperfect, which sets its event before the
    narrative's ("had signed more favourable agreements")."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ == "VBD":
        return not aux - {"did"}
    return verb.tag_ == "VBN" and bool(aux) and aux <= {"was", "were"}


def _object(tok: "Token") -> str | None:
    """The lemma of what a predicate acts on, when it is a common noun: its direct object, its passive
    subject, or (for a participle, "the city shelled by ...") the noun it modifies; for a verb of
    agreeing or trying, the verb it takes ("agreed to install" is not "agreed to train"). Names and
    pronouns give None: "the city" and "Ganja" may be one place."""
    cands = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "xcomp")]
    if not cands and tok.dep_ == "acl":
        cands = [tok.head]
    for c in cands:
        return c.lemma_.lower() if c.pos_ in ("NOUN", "VERB") else None
    return None


def _inferred(doc: "Document", trigger: "Token", idx: dict, pub: dt.date | None) -> EventDate | None:
    sent = trigger.sent
    ranges = {id(r) for r in idx["part_range"].values()}
    dated = [t for t in doc.article.times if _usable(t) and t.type in ("DATE", "TIME") and id(t) not in ranges]
    enclosing = _parenthetical(doc.text, sent.start_char, sent.end_char, trigger.idx)
    in_sentence = [t for t in dated if sent.start_char <= t.start < sent.end_char
                   and _parenthetical(doc.text, sent.start_char, sent.end_char, t.start) == enclosing]
    if in_sentence:
        t = min(in_sentence, key=lambda t: abs(t.start - trigger.idx))
        return _as_date(t, idx, "inferred")
    if _is_past(trigger) or any(c.lower_ in ANAPHORIC_ADJ for c in trigger.children):
        para = _paragraph_start(doc.text, trigger.idx)
        earlier = [t for t in dated if para <= t.start < sent.start_char]
        if earlier:
            t = earlier[-1]
            if pub is None or (iso_date(t.end_value) or pub) <= pub:
                return _as_date(t, idx, "inferred")
    return None


def is_historical(date: EventDate, pub: dt.date | None) -> bool:
    end = iso_date(date.end) or iso_date(date.begin)
    return bool(pub and end and (pub - end).days > HISTORICAL_DAYS)
