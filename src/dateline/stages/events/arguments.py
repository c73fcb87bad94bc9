"""Arguments: who the actors and recipients of a trigger are, read off spaCy's dependency parse and
mapped to the entities the entities stage found (including pronoun and role mentions).

Covers active and passive clauses ("Ganja was shelled by Armenian forces"), controlled
infinitives ("pushed Armenia to sign": the object signs; "will continue to support": the subject
supports), relative and participle clauses ("Ganja city (shelled by ...)"), light verbs
("Armenia made territorial claims against Azerbaijan"), nominal events ("the shelling of Ganja",
"Armenian occupation", "visits ... by the delegation of the OIC Contact Group"), coordinated
actors (conjuncts, and comma lists the parser attached elsewhere), and actors given by role
("Armenia's PM", "the president of Russia": the role entity if the entities stage made one, else
the country it is a role of).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .triggers import Candidate

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ...model import Entity

SUBJ = ("nsubj", "csubj", "expl")
OBJ = ("dobj", "obj", "dative", "oprd")
TARGET_PREPS = frozenset({"against", "on", "upon", "at", "with", "to", "into", "toward", "towards", "over", "for"})
# "with" names a partner in talks, deals and ties, but only company in "shot hoops with students".
WITH_PARTNER = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "REJECT", "SANCTION", "ACCUSE", "REQUEST",
                          "THREATEN", "CONCEDE"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
# "of" names the patient of these categories' nominals ("the shelling of Ganja", "the release of
# prisoners"), and the actor of the others ("the visit of the president", "a protest of farmers").
OF_PATIENT = frozenset({"ASSAULT", "COERCE", "RETREAT", "SANCTION", "AID", "SUPPORT", "ACCUSE", "THREATEN"})
ACTOR_TYPES = frozenset({"PERSON", "ORG", "IGO", "COUNTRY", "NORP"})
HOSTED = frozenset({"PROTEST", "MOBILIZE"})
PARTICIPANT_TYPES = ACTOR_TYPES | {"PLACE"}  # not OTHER: sums of money, works, events
UNDERGO = frozenset({"face", "receive", "get", "suffer", "endure", "come"})
TEMPORAL_PREPS = frozenset({"after", "before", "during", "following", "amid", "since", "until", "throughout"})
# Heads whose modifiers are not doers: accidents and natural causes ("the Malaysia Airlines crash").
NON_AGENTS = frozenset({"crash", "accident", "explosion", "blast", "fire", "storm", "flood", "earthquake",
                        "disease", "collapse", "derailment", "outbreak", "virus", "hurricane", "cyclone"})
# Verbs whose object controls an infinitive complement ("urged Iran to talk": Iran talks).
LIST_STOP_POS = frozenset({"VERB", "AUX", "PRON", "SCONJ", "ADV"})


@dataclass
class EntityIndex:
    """Token index → the entity whose smallest mention covers that token."""
    by_token: dict[int, str]
    types: dict[str, str]

    @classmethod
    def build(cls, sdoc: "Doc", entities: list["Entity"]) -> "EntityIndex":
        best: dict[int, tuple[int, str]] = {}
        for ent in entities:
            for m in ent.mentions:
                span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                size = m.end - m.start
                for i in range(span.start, span.end):
                    if i not in best or size < best[i][0]:
                        best[i] = (size, ent.id)
        return cls({i: e for i, (_, e) in best.items()}, {e.id: e.type for e in entities})

    def at(self, tok: "Token") -> str | None:
        e = self.by_token.get(tok.i)
        return e if e is not None and self.types.get(e) in PARTICIPANT_TYPES else None


def resolve(tok: "Token", index: EntityIndex, depth: int = 0, places: bool = True) -> str | None:
    """The entity a noun phrase headed by ``tok`` refers to (or is a role/part of)."""
    ent = index.at(tok)
    if ent and (places or index.types.get(ent) != "PLACE"):
        return ent
    if depth > 2 or tok.lemma_.lower() in NON_AGENTS:
        return None  # "killed by the Malaysia Airlines crash": an accident is nobody's act
    kids = list(tok.children)
    for c in kids:  # "Armenia's PM", "the Azerbaijani president", "Syrian forces"
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            e = index.at(c)
            if e and index.types.get(e) in ACTOR_TYPES:
                return e
    for c in kids:  # "dissidents from Egypt": origin names the group, but only a named place directly
        if c.dep_ == "prep" and c.lower_ == "from":
            for p in c.children:
                e = index.at(p) if p.dep_ == "pobj" else None
                if e and index.types.get(e) in ("COUNTRY", "PLACE", "NORP"):
                    return e
    for c in kids:  # "a missile fired by rebels": the weapon's user
        if c.dep_ in ("acl", "relcl"):
            for g in c.subtree:
                if g.dep_ == "agent":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            e = resolve(p, index, depth + 1, places)
                            if e:
                                return e
    for c in kids:  # "the president of Russia", "20 percent of Azerbaijan", "delegation of the OIC"
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    e = resolve(p, index, depth + 1, places)
                    if e:
                        return e
    for c in kids:
        if c.dep_ in ("compound", "appos"):
            e = index.at(c)
            if e and (places or index.types.get(e) != "PLACE"):
                return e
    return None


def conjuncts(tok: "Token") -> list["Token"]:
    """``tok`` and what is coordinated with it, including comma lists the parser attached elsewhere."""
    out = [tok]
    # "the president of France, Germany's chancellor, ...": a list the parser hung under the "of" object
    stack = [c for c in tok.children if c.dep_ == "conj"] + [
        c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children if o.dep_ == "pobj" for c in o.children if c.dep_ == "conj"]
    # "The US, Russia, and Switzerland met": the parser read the list as an apposition with conjuncts
    stack += [a for a in tok.children if a.dep_ == "appos" and any(k.dep_ in ("conj", "cc") for k in a.children)]
    if tok.pos_ == "ADP" and tok.ent_type_:  # "Barack/ADP Obama and Vladimir Putin": a name misread as a preposition
        stack += [c for o in tok.children if o.dep_ == "pobj" for c in o.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    # linear scan after the phrase: ", X, and Y" (only accepted when an and/or closes the list)
    sent_end = tok.sent.end
    i = max(t.right_edge.i for t in out) + 1
    extra: list["Token"] = []
    closed = False
    doc = tok.doc
    while i < sent_end:
        t = doc[i]
        if t.text == "(":  # skip a parenthetical: "Aghdam district (liberated ...) and Ganja city"
            depth = 0
            while i < sent_end:
                depth += {"(": 1, ")": -1}.get(doc[i].text, 0)
                i += 1
                if depth == 0:
                    break
            continue
        if t.text == "," or t.pos_ == "CCONJ":
            closed = closed or t.pos_ == "CCONJ"
            i += 1
            continue
        if t.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "NUM"):
            break
        head = None
        after_of = False
        while i < sent_end and (doc[i].pos_ in ("DET", "PROPN", "NOUN", "ADJ", "NUM", "PART")
                                or doc[i].lower_ in ("of", "-")):
            if doc[i].lower_ == "of":
                after_of = True  # the head noun is the one before "of": "the president of Russia"
            elif doc[i].pos_ in ("NOUN", "PROPN") and not after_of:
                head = doc[i]
            i += 1
        if head is None:
            break
        if head not in out:
            extra.append(head)
    if closed:
        # in a closed list an apposition is one more member: "the Azerbaijani president, Armenia's PM, and ..."
        out.extend(a for t in list(out) for a in t.children if a.dep_ == "appos" and a not in out)
        out.extend(extra)
    return out


def _entities(heads: list["Token"], index: EntityIndex, places: bool = True) -> list[str]:
    out: list[str] = []
    for h in heads:
        for t in conjuncts(h):
            e = resolve(t, index, places=places)
            if e and e not in out:
                out.append(e)
    return out


def subject_of(verb: "Token", index: EntityIndex, seen: int = 0) -> list[str]:
    """The entities doing what ``verb`` says: its subject, or the controller of its clause."""
    if seen > 4:
        return []
    subs = [c for c in verb.children if c.dep_ in SUBJ]
    if subs:
        if subs[0].lower_ in RELATIVE and verb.dep_ == "relcl":
            return _entities([verb.head], index)
        found = _entities(subs, index)
        if found:
            return found
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agents:
        return _entities(agents, index)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return []  # a passive without its agent: the doer is unstated
    head = verb.head
    if head == verb:
        return _left_entities(verb, index)
    if verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            or verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in OBJ and c.i < verb.i]
        if objs:  # object control: "pushed Armenia to sign"
            return _entities(objs, index)
        raised = [c for c in head.children if c.dep_ == "nsubjpass"]
        if raised:  # "Obama is scheduled to attend": the passive subject does it
            return _entities(raised, index)
        return subject_of(head, index, seen + 1)
    if verb.dep_ == "conj":
        return subject_of(head, index, seen + 1)
    if verb.dep_ in ("prep", "advcl") and verb.tag_ == "VBG":
        return subject_of(head, index, seen + 1)  # "Following ..., Azerbaijan pushed": the main subject
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBG", "VB"):
        return _entities([head], index)
    return []


def _left_entities(verb: "Token", index: EntityIndex) -> list[str]:
    """A main verb the parser left without subject ("Barack/ADP Obama and Vladimir Putin met"):
    the names directly before it, back to the previous verb or clause boundary."""
    own = {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")}
    found: list[str] = []
    for j in range(verb.i - 1, verb.sent.start - 1, -1):
        t = verb.doc[j]
        if j in own:
            continue
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":", '"', "\u201d", "\u201c"):
            break
        e = index.at(t)
        if e and e not in found:
            found.insert(0, e)
    return found


def paren_host(tok: "Token") -> "Token | None":
    """The noun a parenthetical participle modifies: "Ganja city (shelled by ...)"."""
    left = tok.left_edge.i - 1
    if left >= tok.sent.start and tok.doc[left].text == "(":
        for j in range(left - 1, tok.sent.start - 1, -1):
            if tok.doc[j].pos_ in ("NOUN", "PROPN"):
                return tok.doc[j]
    return None


def _prep_objects(tok: "Token", preps: frozenset[str]) -> list["Token"]:
    return [p for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _linear_by(noun: "Token") -> list["Token"]:
    """A "by" agent after a nominal, across parentheticals the parser attached it within."""
    depth = 0
    for t in noun.doc[noun.i + 1:noun.sent.end]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0:
            if t.pos_ in ("VERB", "AUX") or t.text in (";", ":"):
                return []
            if t.lower_ == "by" and t.dep_ != "agent":
                return [c for c in t.children if c.dep_ == "pobj"]
    return []


def _governing_subject(noun: "Token", index: EntityIndex) -> list[str]:
    """An unstated doer of a nominal event in an adjunct takes the clause's subject:
    "Following a month of military action ..., Azerbaijan pushed ..."."""
    t = noun
    for _ in range(6):
        if t.dep_ not in ("pobj", "prep") and not (t.pos_ == "NOUN" and t.dep_ in ("pobj",)):
            break
        if t.dep_ == "prep" and t.lower_ in TEMPORAL_PREPS:
            v = t.head  # "after a month of fighting, X ...": the adjunct's doer is the clause's subject
            return subject_of(v, index) if v.pos_ in ("VERB", "AUX") else []
        t = t.head
        if t.pos_ == "VERB":
            if t.dep_ in ("prep", "advcl") and t.tag_ == "VBG" and t.lower_ in ("following", "after"):
                return subject_of(t.head, index) if t.head.pos_ in ("VERB", "AUX") else []
            return []
    return []


def _patients(heads: list["Token"], index: EntityIndex) -> list[str]:
    """Entities an object refers to, or, for an object that is no entity, the targets of its phrases:
    "ratified an agreement with the EU", "evidence against Russia was presented"."""
    out = _entities(heads, index)
    for o in heads:
        if resolve(o, index) is None:
            out += _entities(_prep_objects(o, TARGET_PREPS), index)
    return out


def _topic(heads: list["Token"], index: EntityIndex) -> list[str]:
    """What a meeting is about, as its target (the PETRARCH/ICEWS convention for consultations):
    "a summit on the unrest in Iran", "talks about Syria"."""
    topics = _prep_objects_all(heads, frozenset({"on", "about", "over", "regarding"}))
    out = _entities(topics, index, places=False)
    if not out:
        out = _entities(_prep_objects_all(topics, frozenset({"in", "of"})), index, places=False)
    return out


def _prep_objects_all(heads: list["Token"], preps: frozenset[str]) -> list["Token"]:
    return [p for h in heads for p in _prep_objects(h, preps)]


def arguments(c: Candidate, index: EntityIndex) -> tuple[list[str], list[str]]:
    """(actors, recipients) as entity ids for a trigger candidate."""
    category = c.entry.category
    targets = TARGET_PREPS if category in WITH_PARTNER else TARGET_PREPS - {"with"}
    flags = c.entry.flags
    actors: list[str] = []
    recipients: list[str] = []
    if c.nominal and c.frame == c.trigger:
        n = c.trigger
        for k in n.children:
            if k.dep_ == "poss":
                actors += _entities([k], index)
            elif k.dep_ in ("amod", "compound", "nmod"):
                # "Armenian occupation", "Russian artillery shelling": a national modifier is the doer
                for m in [k] + [g for g in k.children if g.dep_ in ("amod", "compound")]:
                    e = index.at(m)
                    if e and index.types.get(e) in ACTOR_TYPES and e not in actors:
                        actors.append(e)
        by = _prep_objects(n, frozenset({"by"})) or _linear_by(n)
        actors += _entities(by, index)
        between = _prep_objects(n, frozenset({"between", "among"}))
        if between:
            actors += _entities(between, index)
        of = _prep_objects(n, frozenset({"of"}))
        if of and (actors or category in OF_PATIENT):
            recipients += _entities(of, index)
        elif of:  # "a protest of farmers"; not "a demonstration of its speed"
            actors += _entities([o for o in of if index.at(o)], index, places=False)
        recipients += _entities(_prep_objects(n, targets), index)
        if not actors and category != "RETREAT":  # "pressure from Congress", "criticism from Beijing"
            actors = _entities(_prep_objects(n, frozenset({"from"})), index)
        if not recipients and n.dep_ in ("dobj", "obj") and n.head.lemma_.lower() in UNDERGO:
            recipients = subject_of(n.head, index)  # "Obama faces pressure": Obama is pressed
        if not recipients and n.dep_ == "pobj" and n.head.lower_ in ("in", "by", "during") \
                and n.head.head.pos_ == "VERB":  # "four children were killed in Israeli shelling"
            v = n.head.head
            recipients = _entities([k for k in v.children if k.dep_ == "nsubjpass"], index)
        if not actors:
            actors = _governing_subject(n, index)
    else:
        v = c.frame
        passive = any(k.dep_ in ("nsubjpass", "auxpass") for k in v.children) or \
            (v.tag_ == "VBN" and v.dep_ in ("acl", "advcl") and not any(k.dep_ == "aux" for k in v.children))
        if c.nominal and c.trigger.dep_ == "nsubjpass":
            passive = True
        actors = subject_of(v, index)
        objs = [k for k in v.children if k.dep_ in OBJ]
        if passive:
            patients = [k for k in v.children if k.dep_ == "nsubjpass"]
            if c.nominal:
                patients = [p for p in patients if p != c.trigger]
            if not patients and v.dep_ in ("acl", "advcl"):
                host = paren_host(v) or (v.head if v.dep_ == "acl" else None)
                patients = [host] if host is not None else []
            if not patients and v.dep_ == "conj":  # "The civilians ... were released by Putin": a shared subject
                patients = [k for k in v.head.children if k.dep_ in ("nsubj", "nsubjpass")]
            recipients += _patients(patients, index)
        if c.nominal:
            objs = [o for o in objs if o != c.trigger]
            recipients += _entities(_prep_objects(c.trigger, targets | {"of"}), index)
        recipients += _patients(objs, index)
        if category == "ACCUSE" and not recipients:  # "alleged that France helped ...": the accused
            recipients += _entities([k for cc in v.children if cc.dep_ == "ccomp"
                                     for k in cc.children if k.dep_ in ("nsubj", "nsubjpass")], index)
        recipients += _patients(_prep_objects(v, targets), index)  # "advised against travel to Tunisia"
        if category == "ASSAULT" and not actors:  # "a mortar was fired at Israel from Gaza"
            actors = _entities(_prep_objects(v, frozenset({"from"})), index, places=True)
        if "reverse" in flags:
            givers = _entities(_prep_objects(v, frozenset({"from"})) + [  # "received ministers from Y"
                p for o in v.children if o.dep_ in OBJ for p in _prep_objects(o, frozenset({"from"}))], index)
            if givers:
                actors, recipients = givers, actors
    if "reciprocal" in flags:
        actors += [r for r in recipients if r not in actors]
        recipients = []
    elif not recipients and (category in HOSTED or c.entry.mode == "visit" or category == "CONSULT"):
        # a protest, a show of force or a visit is directed at the place's holder: "exercises in Alaska"
        heads = {c.trigger.i: c.trigger, c.frame.i: c.frame}
        heads.update({o.i: o for o in c.frame.children if o.dep_ in OBJ})  # "attend a summit in Switzerland"
        for t in heads.values():
            recipients += _entities(_prep_objects(t, frozenset({"in", "at", "near", "to", "outside"})), index)
        recipients = [r for r in recipients if r not in actors]
        if not recipients and category == "CONSULT":
            recipients = [r for r in _topic(list(heads.values()), index) if r not in actors]
    actors = list(dict.fromkeys(actors))
    recipients = [r for r in dict.fromkeys(recipients) if r not in actors]
    return actors, recipients
