"""Cue frames whose content is not simply the cue's complement: attitude adjectives with their
clause ("made it clear [that ...]"), raising verbs and passives ("[X] seems [to hold]", "[X] is
said [to ...]"), passives of saying with an agent ("[X] was reported by [Politico]"), nominal cues
with their holder ("his plan [to ...]"), unlisted verbs with a clausal or infinitival complement
proposed to the cue model (``learned``, ``forward``), and evaluating verbs with their object
("called [Trump a fascist]", ``object_content``) or their preposition's object ("pointed to [his
record]", ``prep_content``).

Split from ``clauses`` (whose helpers it uses) to keep each module small; ``clauses.indirect``
dispatches here by the cue's part of speech and slots.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from spacy.tokens import Doc, Token

from .clauses import NOMINAL, Clause, Cue, _speaker, judged, sentence, speaker_of
from .trims import _before_apposition, _trimmed, _trimmed_min


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
    passive = any(c.dep_ == "auxpass" for c in cue.children())
    if passive and "passive" not in cue.slots or not passive and "subject" not in cue.slots:
        return None  # (most calls: an active verb of saying; decided before the subject is looked up)
    subj = next((c for c in cue.lefts() if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None and verb.dep_ == "conj" and not passive:  # "[Trump] led the race and appeared [poised to win]"
        subj = next((c for c in verb.head.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    rights = cue.rights()
    agent = next((g for c in rights if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if subj is not None and subj.lower_ in EXPLETIVES:  # "it seems that ...", "it is expected that ..."
        comp = next((c for c in rights if c.dep_ == "ccomp"), None)
        if comp is None:
            return None
        span = _trimmed(doc, comp.left_edge.i, comp.right_edge.i + 1)
        return Clause(span[0], span[1], cue, _speaker(agent)) if span else None
    if subj is None:
        return None
    kinds = ("xcomp", "oprd") if passive else RAISED_COMPS
    comp = next((c for c in rights if c.dep_ in kinds), None)
    if comp is not None and comp.dep_ == "oprd":  # "[his manner] is considered [an asset]"
        pass
    elif comp is None:  # "[the rebels] are regarded [as terrorists]", "[this] seems [like a fair idea]"
        word = "as" if passive else "like"
        comp = next((c for c in rights if c.dep_ == "prep" and c.lower_ == word), None)
        if comp is not None and not any(g.dep_ == "pobj" for g in comp.children):
            comp = None
    elif (comp.pos_ in ("VERB", "AUX") or passive) and not _infinitive(comp):
        return None
    if comp is None:
        return None
    first = _trimmed_min(doc, subj.left_edge.i, subj.right_edge.i + 1, 1)
    second = _trimmed_min(doc, comp.left_edge.i, comp.right_edge.i + 1, 1)
    if first is None or second is None:
        return None
    return Clause(first[0], first[1], cue, _speaker(agent), rest=second)


def hearsay(cue: Cue) -> Clause | None:
    """A sentence adverb of hearsay ("[The rebels have] reportedly [left the city]"): the clause it
    modifies is an unnamed source's report. The content is that clause in up to two parts around
    the adverb (PARC leaves the cue out); nobody is named as its source."""
    adv = cue.token
    verb = adv.head
    if verb.i == adv.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    doc = adv.doc
    s0, s1 = sentence(cue)
    left, right = max(verb.left_edge.i, s0), min(verb.right_edge.i + 1, s1)
    first = _trimmed(doc, left, adv.i) if left < adv.i else None
    second = _trimmed(doc, adv.i + 1, right) if adv.i + 1 < right else None
    if second is None:
        return None
    if first is None:
        return Clause(second[0], second[1], cue, None)
    return Clause(first[0], first[1], cue, None, rest=second)


def passive_with_agent(cue: Cue) -> Clause | None:
    """A passive verb of saying or knowing with its agent: the subject is what was said or known,
    the agent says it ("[the meeting] was first reported by [Politico]"). With no agent nobody is
    named and nothing is attributed ("the talks were discussed")."""
    verb = cue.token
    subj = next((c for c in cue.lefts() if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in cue.rights() if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if subj is None or agent is None or subj.lower_ in WEAK_OBJECTS or subj.tag_ in ("WDT", "WP"):
        return None
    span = _trimmed_min(verb.doc, subj.left_edge.i, subj.right_edge.i + 1, 1)
    return Clause(span[0], span[1], cue, _speaker(agent)) if span else None


# What a nominal cue is about: "the claim [that ...]", "his plan [to ...]", "her criticism [of X]".
NOUN_PREPS = ("of", "for", "on", "to", "about", "against", "that")
# Verbs that turn a nominal cue into a speech act of their subject ("Trump made the claim that",
# "she expressed concern that", "he offered his support for").
LIGHT_VERBS = {"make", "issue", "release", "express", "offer", "give", "voice", "deliver", "repeat", "publish",
               "reiterate", "renew", "announce", "unveil", "outline", "lay", "put", "send", "share", "post",
               "hold", "have", "raise", "file", "submit", "lodge"}


def nominal(cue: Cue) -> Clause | None:
    """The content of a nominal cue and its holder, who must be named: a possessor ("his plan"),
    an author ("a report by X", "criticism from X"), or the subject of a light verb ("X made the
    claim"). A cue noun with no holder in the sentence ("the plan") is left alone."""
    noun = cue.token
    doc = noun.doc
    content = None
    that = False  # the content is a that-clause ("complaints [that ...]")
    for c in cue.rights():
        if c.dep_ in ("acl", "ccomp") and (c.left_edge.lower_ == "that" or any(
                g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children)):
            content = (c.left_edge.i, c.right_edge.i + 1)
            first = c.left_edge
            that = first.lower_ == "that" and first.dep_ == "mark" and first.head.i == c.i
            break
        if c.dep_ == "prep" and c.lower_ in NOUN_PREPS:
            content = (c.i + 1, c.right_edge.i + 1)
            break
    if content is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        # "His argument is [that the law is void]": the clause the copula equates the cue with
        comp = next((c for c in noun.head.rights if c.dep_ in ("ccomp", "attr", "xcomp") and
                     c.pos_ in ("VERB", "AUX") and c.left_edge.lower_ in ("that", "to")), None)
        if comp is not None:
            content = (comp.left_edge.i, comp.right_edge.i + 1)
    if content is None:
        return received(cue)
    holder = next((c for c in cue.lefts() if c.dep_ == "poss"), None)
    if holder is None:
        holder = next((g for c in cue.rights() if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
                       for g in c.children if g.dep_ == "pobj"), None)
    if holder is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        holder = speaker_of(noun.head, inverted_ok=False)
    if holder is None:
        holder = _described(noun)
    if holder is not None and holder.lower_ in WEAK_OBJECTS:
        holder = None
    if holder is None and not that:
        # no holder named: the stance is somebody's all the same ("support for Sanders has grown among
        # white voters", "questions about her emails"), unless the entry needs its holder (slot
        # ``holder``: an agent noun, "critics of the dam", describes its holder). Its own frame for the
        # model. On cached PolNeAR train-840 +0.0021, dev-84 +0.0030 (new contents 43 % right; nested
        # contents change owners around them)
        got = received(cue)
        if got is not None:
            return got
        if "holder" in cue.slots:  # "[Lopez] stuck with a plan to ...": the subject of its verb holds it
            holder = governing_subject(noun)
            if holder is None:
                return None
            span = _trimmed_min(doc, *content, 1)
            return judged(cue, Clause(span[0], span[1], cue, _speaker(holder)), "noun") if span else None
        span = _trimmed_min(doc, *content, 1)
        return judged(cue, Clause(span[0], span[1], cue, None), "noun_open") if span else None
    span = _trimmed_min(doc, *content, 1)
    if span is None:
        return None
    return judged(cue, Clause(span[0], span[1], cue, _speaker(holder)), "noun")


def governing_subject(noun: Token) -> Token | None:
    """The subject of the verb a nominal cue is the object of, or hangs on through a preposition
    ("[Lopez] stuck with a plan to ...", "[Trump] responded with attacks on ..."), else None."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ in ("prep", "agent"):
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.i == noun.i:
        return None
    return speaker_of(verb, inverted_ok=False)


# Verbs whose subject is what a nominal cue's stance is about: "[the plan] drew criticism (from X)",
# "[Sanders] won the support of young voters", "[she] came under criticism".
RECEIVING = {"receive", "draw", "win", "earn", "enjoy", "garner", "attract"}


def received(cue: Cue) -> Clause | None:
    """A stance its target receives: the subject of "drew criticism", "won support", "came under
    fire" is the content; the holder is the "from"/"by" phrase, else nobody named."""
    noun = cue.token
    dep = noun.dep_
    if dep != "dobj" and dep != "pobj":
        return None  # (most calls: decided before the head's Token is made)
    verb = noun.head
    if dep == "pobj" and verb.lower_ == "under" and verb.head.lemma_ == "come":
        verb = verb.head
    elif dep != "dobj" or verb.lemma_.lower() not in RECEIVING:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i), None)
    if subj is None or subj.lower_ in WEAK_OBJECTS or subj.tag_ in ("WDT", "WP"):
        return None
    # "from X" hangs on the noun or, as often in the small parser's reading, on the verb
    rights = chain(cue.rights(), (c for c in verb.rights if c.i > noun.i))
    holder = next((g for c in rights if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
                   for g in c.children if g.dep_ == "pobj"), None)
    span = _trimmed_min(noun.doc, subj.left_edge.i, subj.right_edge.i + 1, 1)
    if span is None:
        return None
    return judged(cue, Clause(span[0], span[1], cue, _speaker(holder)), "received")


def _described(noun: Token) -> Token | None:
    """Whom a nominal cue describes: "[Adelson], a fierce supporter of ...", "[Clinton] is a critic
    of ...". Only a name or a pronoun: "the plan, a proposal to ..." describes no holder."""
    if noun.dep_ == "appos":
        cand = noun.head
    elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
        cand = next((c for c in noun.head.lefts if c.dep_ == "nsubj"), None)
    else:
        return None
    if cand is None or not (cand.pos_ == "PROPN" or cand.ent_type_ in ("PERSON", "ORG", "NORP") or
                            cand.lower_ in ("he", "she", "they", "we", "i")):
        return None
    return cand


# Verbs of aspect, success, cause and obligation whose infinitive is no one's stance ("began to fall",
# "failed to pass", "helped to pass", "is designed to protect", "had to leave", "was forced to
# resign"): never proposed as unlisted cues. The cue model rejected most of them anyway; skipping
# them spares their features' time (162 candidates on 600 Reuters stories). Measured on cached
# parses: the first nine train-840 +0.0002, dev-84 +0.0002; the obligation verbs (have ... mean)
# train -0.0001, dev +0.0004; "make" ("make sure that", "made him [look weak]"), 6 right of 19 on train.
NOT_REPORTING = frozenset(("help", "begin", "start", "take", "go", "fail", "design", "cause", "schedule", "make",
                           "have", "need", "enable", "entitle", "require", "force", "mean"))


def learned(sdoc: Doc, dep: np.ndarray, head: np.ndarray, pos: np.ndarray, listed: set[int],
            phrasal: set[int] | None = None, governing: set[int] | None = None) -> list[Cue]:
    """Unlisted verbs with a clausal or infinitival complement after them ("lamented [that ...]",
    "pledged [to ...]"): candidates the cue model judges. Found from the document's dependency
    labels, heads (the signed offset to the head) and parts of speech, one array each (no loop over
    tokens); one whose complement is a listed cue leaves it to that cue. ``phrasal`` (tokens with a
    particle) and ``governing`` (tokens governing a listed cue), when given, spare walking each
    verb's dependents."""
    strings = sdoc.vocab.strings
    child = (((dep == strings.add("ccomp")) | (dep == strings.add("xcomp"))) & (head < 0)).nonzero()[0]
    if not len(child):
        return []
    heads = child + head[child]
    out: list[Cue] = []
    for h in sorted(set(heads[pos[heads] == strings.add("VERB")].tolist()) - listed):
        if phrasal is not None and governing is not None:
            if h in phrasal or h in governing:
                continue
            tok = sdoc[h]
        else:
            tok = sdoc[h]
            if any(c.dep_ == "prt" for c in tok.children):  # (a listed verb is in ``listed`` already)
                continue
            if any(k.i in listed for k in tok.children if k.dep_ in ("xcomp", "ccomp")):
                continue
        if tok.lemma_ in NOT_REPORTING:
            continue
        out.append(Cue(tok, "evidence", tok.idx, tok.idx + len(tok), ("clause", "xcomp"), learned=True))
    return out


def forward(cue: Cue) -> Clause | None:
    """An unlisted verb's complement after it: a clause, or an infinitive with its "to"."""
    verb = cue.token
    rights = cue.rights()
    for c in rights:
        if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and _infinitive(c)):
            span = _trimmed(verb.doc, c.left_edge.i, c.right_edge.i + 1)
            if span is None:
                return None
            return Clause(span[0], span[1], cue, _speaker(speaker_of(verb, inverted_ok=False, kids=cue.children())),
                          frame="learned_" + c.dep_)
    return None


# Right-hand dependents that belong to an object's content: "called [Trump] [a fascist]",
# "criticized [Clinton] [for accepting ...]", "supported [Crist] [against Rubio]". A place, time or
# manner ("at a press conference", "on Tuesday") ends the content.
OBJECT_DEPS = ("dobj", "oprd", "xcomp", "ccomp", "dative", "attr")
OBJECT_PREPS = ("for", "of", "as", "against", "over", "about")
# Prepositions whose phrase, hung on the verb after its object, usually still modifies the object
# ("endorsed the candidate [in the 2016 election]", "discussed the connection [to the assault]")
# unless its object is a date or time, which dates the act of saying, not the content.
TRAILING_PREPS = ("in", "to", "from", "with", "between", "on", "into", "toward", "towards", "among", "across")


def _content_prep(c: Token) -> bool:
    if c.lower_ in OBJECT_PREPS:
        return True
    if c.lower_ not in TRAILING_PREPS:
        return False
    # a date, time or place ("told reporters [in Salvador]") sets the act of saying, not the object
    return not any(g.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or
                   g.lower_ in ("interview", "statement", "speech") for g in c.children if g.dep_ == "pobj")


QUOTE_MARKS = set("\"'\u201c\u201d\u2018\u2019")
# A lone object word is content only when it names something ("supported Sanders"); "it"/"this"
# need the text before them to mean anything.
WEAK_OBJECTS = {"it", "this", "that", "them", "which", "what", "one", "so", "something", "anything"}


def object_content(cue: Cue, predicate_only: bool = False) -> Clause | None:
    """The object of an evaluating verb with its predicate or reason, and who evaluates. With
    ``predicate_only`` an object alone is no content (it is the addressee: "told reporters").

    A passive with an agent ("was criticized by his rivals for ...") has the evaluated subject as
    content and the agent as speaker; a passive without one names no one and yields nothing."""
    verb = cue.token
    doc = verb.doc
    asides = cue.peers.asides if cue.peers is not None else None
    kids = cue.rights()
    start = end = kept = None  # kept: an end ``_before_apposition`` was seen to leave as it is
    parts = 0
    if any(c.dep_ == "auxpass" for c in cue.children()) and not cue.adjectival:
        kids = ()  # "is expected to resign", "is considered an asset": nobody named holds the view
    for n, c in enumerate(kids):
        # "as" hangs as the clause's mark, or as an adverb of its predicate ("see Trump [as most likely
        # to ...]")
        as_clause = c.dep_ == "advcl" and (c.left_edge.lower_ == "as" or
                                           any(g.dep_ == "mark" and g.lower_ == "as" for g in c.children))
        if start is not None and c.dep_ == "advmod" and n + 1 < len(kids) and kids[n + 1].lower_ == "as":
            continue  # "sees the calendar [farther ahead] as favorable"
        if c.dep_ in OBJECT_DEPS or (start is not None and (
                (c.dep_ == "prep" and _content_prep(c)) or as_clause)):
            if start is None:
                start = c.left_edge.i
            end = c.right_edge.i + 1
            parts += 1
            cut = _before_apposition(doc, start, end, asides)
            if cut < end:  # an apposition after a comma: often an inverted speaker, the content ends
                end = cut
                break
            kept = end
        elif c.dep_ == "punct" and c.text in QUOTE_MARKS:
            continue  # 'called the system "rotten to the core"'
        elif start is not None or c.dep_ in ("punct", "cc", "conj", "advcl"):
            break
    if start is not None and predicate_only and parts < 2 and not _as_inside(doc, start, end):
        return None
    if start is not None and "person" in cue.slots and not _names_person(doc[start:end]):
        return None
    if start is not None:
        if end != kept:  # (the same start and end give the same cut)
            end = _before_apposition(doc, start, end, asides)
        span = _trimmed_min(doc, start, end, 1)
        if span is None or (end - start == 1 and doc[start].lower_ in WEAK_OBJECTS):
            return None
        return Clause(span[0], span[1], cue, _speaker(speaker_of(verb, inverted_ok=False, kids=cue.children())))
    passive = next((c for c in cue.lefts() if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in cue.rights() if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if passive is not None and agent is not None and passive.lower_ not in WEAK_OBJECTS:
        span = _trimmed_min(doc, passive.left_edge.i, passive.right_edge.i + 1, 1)
        if span is not None:
            return Clause(span[0], span[1], cue, _speaker(agent))
    return _relative_object(cue)


def _relative_object(cue: Cue) -> Clause | None:
    """A relative pronoun for the object, with the predicate after the verb ("[whom] he described
    [as volatile]", "[what] they called [a betrayal]"): the pronoun with the holder, and the
    predicate, in two parts around the cue. Without a predicate ("which he described") nothing."""
    verb = cue.token
    rel = next((c for c in cue.lefts() if c.dep_ == "dobj" and c.tag_ in ("WDT", "WP")), None)
    if rel is None:
        return None
    pred = next((c for c in cue.rights() if (c.dep_ == "prep" and c.lower_ == "as") or c.dep_ == "oprd"), None)
    if pred is None:
        return None
    doc = verb.doc
    # the noun the clause describes is part of what is described ("[an explosion that] he described"):
    # measured on cached PolNeAR, with it train-840 +0.0002, dev-84 +0.0003; the pronoun alone +0.0005, -0.0002
    start = verb.head.left_edge.i if verb.dep_ == "relcl" and verb.head.i < rel.i else rel.i
    first = _trimmed_min(doc, start, verb.i, 1)
    second = _trimmed_min(doc, pred.left_edge.i, pred.right_edge.i + 1, 1)
    if first is None or second is None:
        return None
    return Clause(first[0], first[1], cue, _speaker(speaker_of(verb, inverted_ok=False, kids=cue.children())),
                  rest=second)


def _as_inside(doc: Doc, start: int, end: int) -> bool:
    """The object holds its own predicate: the small parser often hangs "as <predicate>" on the
    object ("see [immigrants as a burden]", "see [the elections held Sunday as a test]")."""
    return any(doc[k].lower_ == "as" and doc[k].dep_ == "prep" for k in range(start + 1, end))


PERSONAL = {"him", "her", "them", "me", "us", "you", "himself", "herself", "themselves"}


def _names_person(span) -> bool:
    """The object is a person: its head is a PERSON name or a personal pronoun."""
    root = span.root
    return root.ent_type_ == "PERSON" or root.lower_ in PERSONAL


def prep_content(cue: Cue) -> Clause | None:
    """The object of a cue's preposition ("pointed to [his record]", "called for [the US to act]")."""
    p = cue.particle
    doc = p.doc
    if p.dep_ == "mark":  # "called for the US to act": the clause the preposition introduces
        start, end = p.i + 1, p.head.right_edge.i + 1
    else:
        start, end = p.i + 1, p.right_edge.i + 1
        for c in cue.rights():  # "referred to the candidate as a friend", "called on X to resign"
            if c.left_edge.i == end and (
                    (c.dep_ in ("prep", "advcl", "oprd") and (_content_prep(c) or c.left_edge.lower_ == "as"))
                    or (c.dep_ in ("xcomp", "advcl", "ccomp") and c.left_edge.lower_ == "to")):
                end = c.right_edge.i + 1
    span = _trimmed_min(doc, start, end, 1)
    if span is None or (end - start == 1 and doc[start].lower_ in WEAK_OBJECTS):
        return None
    return Clause(span[0], span[1], cue, _speaker(speaker_of(cue.token, inverted_ok=False, kids=cue.children())))
