"""Event location: where did the event a trigger word denotes happen?

Used by the events stage; reads only what the places stage produced (``article.places``, the
dateline's place) and the spaCy parse.

``locate_event(doc, trigger) -> (place_id | None, basis)``:

- ``"explicit"``: a place named in the trigger's sentence is where the event happened. Each place
  mention in the sentence is an option, and so is "the sentence does not say"; every option gets a
  score from readable features of how the mention hangs off the trigger in the dependency tree
  (the preposition that governs it -- locative "in/at/near/across" vs "from/by/for"; whether that
  phrase hangs on the trigger itself; the dependency path up to where the two meet; clauses
  crossed; whether the place is a subject, a possessor or a compound modifier: "**Israel**
  captured", "**Japan**'s military", "**Baghdad** police"; whether it sits inside a person or
  organisation name: "the president of **Russia**"; its kind: town vs region vs country, and
  whether a finer place is named too: "the West Bank town of **Bethlehem**"; a place noun next to
  it: "**Uruzgan** province", "the city of **Hilla**"). "None" has features too: how many places
  the sentence names, whether one hangs on the trigger, the trigger's role in its sentence, and its
  lemma -- some events are nearly always placed where they are told ("shell", "wound", "launch"),
  others nearly never ("say", "add"); a lemma the weights do not know adds nothing. The shape of
  the whole path counts too (a length bucket, the clause relations it climbs on either side --
  advcl/conj/relcl/ccomp/...; whether the place is in the trigger's own clause; these again for
  the only place of a sentence), and "none" knows how near the nearest place is. The words a
  place hangs on are features too, weighed by the fit when common enough: the noun its phrase
  qualifies ("an attack in X", "his home in X"), the verb of its own clause when that is not the
  trigger's ("born in X", "fled from X"), the noun it modifies ("X police", "X's army"); so are its
  side and distance in buckets, spaCy's entity label on it, and its role (preposition, dependency,
  actor, inside a name) crossed with its kind of place -- "in Syria" and "in Homs" are not equally
  often an event's place, which a sum of a role weight and a kind weight cannot say. The
  best-scoring option wins.
- ``"dateline"``: the sentence names no place for the event; the dateline's place (wire copy is
  filed from where things happen, so this is the analyst's fallback), marked so a user can filter it.
- ``(None, None)``: neither.

The weights are a conditional-logit choice model (one choice per sentence among its place mentions
and "none") fitted on Halterman's event-location sentences (``python -m
dateline.evaluation.event_location fit``); they live in ``data/event_location_weights.tsv``, one
``feature<TAB>weight`` a line, and can be read as rules: a positive weight makes a place likelier to
be the event's location. Why a model rather than hand-set costs: the hand-set path cost this replaced
had one reach (``MAX_COST``) trading sentences whose gold is "no place" against far-attached gold
places; a fitted score weighs the same syntactic evidence jointly and measured 0.657 -> 0.75 on
sentences held out of the fit (docs/BENCHMARKS.md).

``locate_event_mention`` returns the chosen place, the mention that located it and the basis.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .document import Document
    from .model import Mention, Place

WEIGHTS_FILE = Path(__file__).parent / "data" / "event_location_weights.tsv"

# prepositions given their own feature; any other one is "prep=other"
PREPS = frozenset("in at near on of outside inside into across around throughout within from to toward "
                  "towards along off between by against with over through for".split())
LOCATIVE = frozenset("in at near on of outside inside into across around throughout within from to "
                     "toward towards along off between".split())
DEPS = frozenset("pobj compound nsubj nsubjpass dobj appos poss conj npadvmod amod attr nmod dative oprd "
                 "ROOT".split())
KINDS = frozenset("city country adm1 adm2 local continent region feature unresolved".split())
# how fine a kind of place is: the gold names the most specific place of the event; a name the
# gazetteer lacks ("unresolved") is nearly always a village or a quarter, the finest there is
FINENESS = {"local": 0, "unresolved": 0, "city": 1, "adm2": 2, "feature": 2, "adm1": 3, "region": 4,
            "country": 4, "continent": 5}
# common nouns that say the name beside them is a place where things happen ("the town of X")
PLACE_NOUNS = frozenset("city town village district province region county governorate state area "
                        "neighborhood neighbourhood suburb camp capital municipality countryside "
                        "outskirts".split())
# prepositions that only narrow a place down inside a locative phrase ("in the suburb of X near Y")
CHAIN_PREPS = frozenset("in at near on of outside inside across around throughout within".split())
# nouns for parts of a town: a place owning one ("Baghdad's streets") is where things in it happen
STREET_NOUNS = frozenset("streets street quarter center centre market square neighbourhood neighbourhoods "
                         "neighborhoods districts suburbs".split())
CLAUSE_STEP = 3.0  # cost of crossing another verb: a place in a relative or other clause
NOT_LINKED = 6.0  # cost of a place with no dependency path through the trigger's clause
PATH_HOPS = 4  # dependency labels kept in a path feature; longer paths end in "..."
TRIGGER_DEPS = frozenset("ROOT ccomp advcl relcl conj xcomp acl pcomp pobj dobj nsubj nsubjpass".split())
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "case"})
# features crossed with the kind of place: how a name attaches means different things for a
# country and a town ("in Syria" is less often an event's place than "in Homs"; "Syria's" an owner)
ROLE_PREFIXES = ("prep=", "dep=")
ROLE_FLAGS = ("actor", "in_name", "prep_on_trigger")
NER_LABELS = frozenset("GPE LOC FAC ORG PERSON NORP EVENT PRODUCT WORK_OF_ART LAW DATE TIME CARDINAL".split())


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
    """Dependency path length from the trigger to the mention, with a cost per clause crossed (the
    hand-set distance of the first version; kept as one feature among the others)."""
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
    return cost + abs(tok.i - trigger.i) * 0.01


def _path(trigger: "Token", tok: "Token") -> tuple[int, int, int] | None:
    """(hops up from the mention, hops up from the trigger, verbs crossed) to where they meet."""
    up_t = [trigger] + list(trigger.ancestors)
    pos_t = {t.i: n for n, t in enumerate(up_t)}
    node, steps, clauses = tok, 0, 0
    while node.i not in pos_t:
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ in ("VERB", "AUX") and head.i not in pos_t:
            clauses += 1
        node, steps = head, steps + 1
    return steps, pos_t[node.i], clauses


def _prep_chain(tok: "Token", up_m: int) -> dict[str, float]:
    """The prepositions met going up from the mention to where its path meets the trigger's: the
    top one is how the whole phrase attaches to the event ("killed ... in attacks in **Darfur**":
    "in"), and a chain of locative ones only narrows a place down, however long the path ("in a
    district of the city of **X**") -- what the four-hop path feature cannot see."""
    preps: list[str] = []
    node = tok
    for _ in range(up_m):
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent"):
            preps.append(node.head.lower_ if node.head.lower_ in PREPS else "other")
        node = node.head
    if not preps:
        return {}
    f = {"top_prep=" + preps[-1]: 1.0}
    if len(preps) > 1 and all(p in CHAIN_PREPS for p in preps):
        f["loc_chain"] = 1.0
    return f


CLAUSE_DEPS = frozenset("advcl conj relcl ccomp acl xcomp pcomp appos csubj parataxis".split())
PLEN_ORDER = {"plen=1": 0, "plen=2": 1, "plen=3": 2, "plen=4-5": 3, "plen=6+": 4}


def _clause_head(tok: "Token") -> "Token":
    """The verb heading the clause a token is in (itself when it is one; the root otherwise)."""
    node = tok
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        node = node.head
    return node


def _path_shape(trigger: "Token", tok: "Token", up_m: int, up_t: int) -> dict[str, float]:
    """How long the whole path is and which clause-forming relations it climbs: a place several
    hops away in the trigger's own clause ("killed ... in a district of the city of X") is far
    likelier the event's than one as near in hops but inside a relative or conjoined clause; the
    four-hop path label cuts off exactly these long paths."""
    n = up_m + up_t
    f = {"plen=" + ("1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-5" if n <= 5 else "6+"): 1.0}
    node = tok
    for _ in range(up_m):
        if node.dep_ in CLAUSE_DEPS:
            f["mrel=" + node.dep_] = 1.0
        node = node.head
    node = trigger
    for _ in range(up_t):
        if node.dep_ in CLAUSE_DEPS:
            f["trel=" + node.dep_] = 1.0
        node = node.head
    same = _clause_head(tok).i == _clause_head(trigger).i
    f["same_clause" if same else "other_clause"] = 1.0
    return f


def _lex(tok: "Token") -> str:
    """A token's lemma as a feature value (``other`` for anything but a plain word)."""
    lem = tok.lemma_.lower()
    return lem if lem.isascii() and lem.replace("-", "").isalpha() and lem[0].isalpha() else "other"


def _words(trigger: "Token", tok: "Token") -> dict[str, float]:
    """The words the place hangs on, each a feature the fit weighs when it is common enough
    (``MIN_COUNT``): the noun a prepositional phrase qualifies when that is not the trigger ("an
    attack in X", "his home in X", "the embassy in X": ``phead=``), the verb of the place's own clause
    when it is not the trigger's ("born in X", "fled from X", "based in X": ``vhead=``) and the noun a
    name modifies ("X police", "X's government", "the X border": ``modhead=``). The path features see
    only dependency labels, and the same labels lead to an event's place and to an actor's origin."""
    f: dict[str, float] = {}
    if tok.dep_ == "pobj" and tok.head.head.i not in (trigger.i, tok.head.i):
        h = tok.head.head
        f["phead=" + (_lex(h) if h.pos_ in ("NOUN", "PROPN") else h.pos_)] = 1.0
    own = _clause_head(tok)
    if own.i != _clause_head(trigger).i:
        f["vhead=" + _lex(own)] = 1.0
    if tok.dep_ in ("compound", "poss", "amod", "nmod") and tok.head.i != tok.i:
        f["modhead=" + _lex(tok.head)] = 1.0
    return f


def _distance_bin(trigger: "Token", tok: "Token") -> str:
    """Side and distance in tokens, bucketed: the linear ``dist`` charged a place 20 tokens off
    twice one 10 off, while the gold's places thin out sharply past a clause (about 8 tokens)."""
    d = abs(tok.i - trigger.i)
    return ("dbin=" + ("b" if tok.i < trigger.i else "a")
            + ("1-3" if d <= 3 else "4-7" if d <= 7 else "8-15" if d <= 15 else "16+"))


def _label(tok: "Token") -> str:
    if tok.dep_ == "pobj" and tok.head.lower_ in PREPS:
        return "pobj:" + tok.head.lower_
    return tok.dep_


def _inside_actor_names(doc: "Document", sent) -> list[tuple[int, int]]:
    """Spans of person and organisation mentions in the sentence: a place inside one ("the president
    of **Russia**", "**Armenia**'s PM") names whose actor it is, not where the event happened."""
    return [(m.start, m.end) for e in doc.article.entities if e.type in ("PERSON", "ORG", "IGO")
            for m in e.mentions if sent.start_char <= m.start < sent.end_char]


def mention_features(trigger: "Token", tok: "Token", kind: str | None, in_name: bool) -> dict[str, float]:
    """Features of one place mention (its root token ``tok``) as the location of ``trigger``."""
    f: dict[str, float] = {"bias": 1.0, "in_name": float(in_name), "actor": float(_is_actor(tok))}
    path = _path(trigger, tok)
    if path is None:
        f["unlinked"] = 1.0
    else:
        up_m, up_t, clauses = path
        f["up_m"] = min(up_m, 10) / 5
        f["up_t"] = min(up_t, 6) / 3
        f["clauses"] = float(min(clauses, 3))
        if up_m == 0 or up_t == 0:
            f["dominates"] = 1.0
        labels, node = [], tok
        for _ in range(min(up_m, PATH_HOPS)):
            labels.append(_label(node))
            node = node.head
        if up_m > PATH_HOPS:
            labels.append("...")
        f["path=" + "/".join(labels) + "|" + str(min(up_t, 2))] = 1.0
        up, node = [], trigger
        for _ in range(min(up_t, 2)):
            up.append(node.dep_)
            node = node.head
        f["tpath=" + "/".join(up)] = 1.0
        f.update(_prep_chain(tok, up_m))
        f.update(_path_shape(trigger, tok, up_m, up_t))
    f["cost"] = min(_cost(trigger, tok), 20.0) / 5
    if tok.dep_ == "pobj":
        prep = tok.head.lower_ if tok.head.lower_ in PREPS else "other"
        f["prep=" + prep] = 1.0
        if tok.head.head.i == trigger.i:
            f["prep_on_trigger"] = 1.0
            f["trig_prep=" + prep] = 1.0
        if prep == "of" and tok.head.head.ent_type_ in ("PERSON", "ORG", "NORP"):
            f["of_actor"] = 1.0  # "Irina Slutskaya of Russia": where she is from
        if prep == "of" and tok.head.head.lower_ in PLACE_NOUNS:
            f["place_noun_of"] = 1.0  # "the town of Sur"
    else:
        f["prep=none"] = 1.0
    f["dep=" + (tok.dep_ if tok.dep_ in DEPS else "other")] = 1.0
    if tok.head.i != tok.i and tok.head.lower_ in PLACE_NOUNS and tok.dep_ in ("compound", "amod", "nmod"):
        f["place_noun_head"] = 1.0  # "Uruzgan province"
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children)
               for c in tok.head.children):
            f["container"] = 1.0  # "the Colombo suburb of Nugegoda": Colombo contains the place
    if tok.dep_ == "poss" and tok.head.lower_ in PLACE_NOUNS | STREET_NOUNS:
        f["poss_place"] = 1.0  # "in Nepal's capital", "Aleppo's northern outskirts"
    if any(c.lower_ in PLACE_NOUNS for c in tok.children):
        f["place_noun_child"] = 1.0
    nxt = tok.doc[tok.i + 1: tok.i + 3]
    if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_.startswith("based"):
        f["based"] = 1.0  # "a London-based group": where the actor sits
    f["type=" + (kind if kind in KINDS else "other")] = 1.0
    f["before"] = float(tok.i < trigger.i)
    f["dist"] = min(abs(tok.i - trigger.i), 30) / 10
    f[_distance_bin(trigger, tok)] = 1.0
    # spaCy's label on the name: one NER reads as a person ("Mengistu") that a rule made a place
    # is seldom where anything happened
    f["ner=" + (tok.ent_type_ if tok.ent_type_ in NER_LABELS else "none" if not tok.ent_type_ else "other")] = 1.0
    f.update(_words(trigger, tok))
    kind_feature = "type=" + (kind if kind in KINDS else "other")
    for k in [k for k in f if k.startswith(ROLE_PREFIXES) or k in ROLE_FLAGS]:
        if f[k]:
            f[k + "&" + kind_feature] = 1.0
    return f


def _sentence_features(trigger: "Token", feats: list[dict[str, float]], kinds: list[str | None]) -> None:
    """Add the features that compare a mention with the sentence's other place mentions."""
    n = len(feats)
    trig: dict[str, float] = {"places=" + ("1" if n == 1 else "2" if n == 2 else "3+"): 1.0}
    if trigger.pos_ in ("NOUN", "PROPN"):
        trig["trig=noun"] = 1.0
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children):
        trig["trig_passive"] = 1.0
    for rank, i in enumerate(sorted(range(n), key=lambda i: feats[i]["cost"])[:2]):
        feats[i][f"rank={rank}"] = 1.0  # the nearest two by the path cost
    if n == 1:  # the only place named: how far it is weighs differently when there is no rival
        for k in [k for k in feats[0] if k.startswith(("plen=", "mrel="))]:
            feats[0]["only&" + k] = 1.0
    finest = min((FINENESS.get(k or "", 2) for k in kinds), default=0)
    for f, k in zip(feats, kinds):
        if FINENESS.get(k or "", 2) == finest:
            f["finest"] = 1.0
        f.update(trig)


def none_features(n_places: int, trigger: "Token | None" = None,
                  feats: list[dict[str, float]] | None = None) -> dict[str, float]:
    """Features of the "the sentence does not say where" option: how many places the sentence
    names, whether any hangs on the trigger itself, and the trigger's own role (an event reported
    in a subordinate clause or as a noun is less often placed)."""
    n = "0" if n_places == 0 else "1" if n_places == 1 else "2" if n_places == 2 else "3+"
    f = {"NONE": 1.0, "NONE&places=" + n: 1.0}
    if feats and any("prep_on_trigger" in x for x in feats):
        f["NONE&place_on_trigger"] = 1.0
    if feats:
        # how near the nearest place is: "none" should win only when every place is far off
        near = min((k for x in feats for k in x if k.startswith("plen=")), default="plen=none",
                   key=lambda k: PLEN_ORDER.get(k, 9))
        f["NONE&near_" + near] = 1.0
        if not any("same_clause" in x for x in feats):
            f["NONE&no_same_clause"] = 1.0
    if trigger is not None:
        f["NONE&tdep=" + (trigger.dep_ if trigger.dep_ in TRIGGER_DEPS else "other")] = 1.0
        if trigger.pos_ in ("NOUN", "PROPN"):
            f["NONE&trig=noun"] = 1.0
        f["NONE&lemma=" + trigger.lemma_.lower()] = 1.0
        if trigger.head.i != trigger.i:  # the word over the trigger: "said (that) ... killed", "after ... killing"
            f["NONE&thead=" + _lex(trigger.head)] = 1.0
    return f


def _kind(p: "Place") -> str | None:
    """The place's feature, or "unresolved" for a name no gazetteer record backs."""
    if p.feature is None and p.lat is None and p.geonames_id is None:
        return "unresolved"
    return p.feature


def candidates(doc: "Document", trigger: "Token") -> list[tuple["Place", "Mention", dict[str, float]]]:
    """Every place mention in the trigger's sentence with its features (names only: modifiers such
    as "Turkish" are not locations)."""
    sent = trigger.sent
    actor_spans = _inside_actor_names(doc, sent)
    out: list[tuple[Any, Any, dict[str, float]]] = []
    kinds: list[str | None] = []
    for p in doc.article.places:
        for m in p.mentions:
            if not (sent.start_char <= m.start < sent.end_char):
                continue
            tok = _root(doc, m)
            if tok is None:
                continue
            in_name = any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in actor_spans)
            out.append((p, m, mention_features(trigger, tok, _kind(p), in_name)))
            kinds.append(_kind(p))
    _sentence_features(trigger, [f for _, _, f in out], kinds)
    return out


def read_weights(path: Path = WEIGHTS_FILE) -> dict[str, float]:
    """``feature<TAB>weight`` lines; ``#`` starts a comment."""
    from .weights import read_weights as read

    return read(path.read_text(encoding="utf-8").splitlines())[0]


def _weights(doc: "Document") -> dict[str, float]:
    res = getattr(doc, "resources", None)
    if res is None:
        return read_weights()
    return res.cached("event_location_weights", lambda _r: read_weights())


def score(weights: dict[str, float], feats: dict[str, float]) -> float:
    return math.fsum(weights.get(k, 0.0) * v for k, v in feats.items())


def locate_event_mention(doc: "Document", trigger: "Token") -> tuple["Place | None", "Mention | None", str | None]:
    weights = _weights(doc)
    cands = candidates(doc, trigger)
    nothing = none_features(len(cands), trigger, [f for _, _, f in cands])
    best: tuple[float, Any, Any] = (score(weights, nothing), None, None)
    for p, m, f in cands:
        s = score(weights, f)
        if s > best[0]:
            best = (s, p, m)
    if best[1] is not None:
        return best[1], best[2], "explicit"
    dl = doc.article.article.dateline
    if dl is not None and dl.place:
        return doc.article.place(dl.place), None, "dateline"
    return None, None, None


def locate_event(doc: "Document", trigger: "Token") -> tuple[str | None, str | None]:
    """The id of the place where the event happened and how it was found (see the module doc)."""
    place, _, basis = locate_event_mention(doc, trigger)
    return (place.id if place is not None else None), basis
