"""Find place names and demonyms in the parsed text: from the entities stage and from the gazetteer.

The gazetteer scan finds what NER misses ("Aghdam district" tagged PERSON, all-caps "BAKU"), but
most capitalised words are also the name of some village, so a match outside an entity must look
like a name (proper-noun tags, not a sentence-initial common word) and, when NER called it a
person or organisation, be backed by a place word ("X district") or a locative preposition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...gazetteer import Gazetteer, fold
from .locative import Cues, known_variants, load_cues, locative_spans

# Designators that say what kind of place a name is: "Aghdam district", "the city of Fallujah".
ADMIN_WORDS = frozenset("district region province county oblast governorate state prefecture rayon raion "
                        "municipality department territory canton parish krai republic".split())
# Designators only a part of a country bears ("Guernsey County", "Lebanon County"); "republic" and
# "state" are not among them ("the Republic of Ireland").
SUBNATIONAL_WORDS = frozenset("district province county oblast governorate prefecture rayon raion municipality "
                              "parish canton krai".split())
CITY_WORDS = frozenset("city town village capital suburb port".split())
DESIGNATORS = ADMIN_WORDS | CITY_WORDS
FACILITY_WORDS = frozenset("street st road avenue ave boulevard square church library school park bridge "
                           "hospital airport station stadium center centre hall building mall hotel inn".split())
# last words of a local place named after a people ("the French Quarter", "Frenchmen Street")
LOCAL_WORDS = frozenset("quarter district neighborhood neighbourhood market bazaar embassy consulate".split())
# a town's parts named after a people ("the French Quarter", "the Jewish Quarter")
PEOPLES_PARTS = frozenset("quarter district neighborhood neighbourhood".split())
LOCATIVE = frozenset("in at near to from outside into across toward towards around inside via through "
                     "within throughout".split())
# Lower-case words allowed inside a multiword name ("Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = frozenset("of and de del da do la le el al upon on sur am an der di du des los las".split())
MAX_TOKENS = 5  # the longest names news uses ("Democratic Republic of the Congo")
# Capitalised words that are place names somewhere but in English text are almost always not.
NOT_PLACES = frozenset(fold(w) for w in (
    "President Minister Prime Said Mr Mrs Ms Dr General Secretary Assistant Director Chief Police Court "
    "Army Navy Union Party Council University School College Church Street Road Avenue Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec God Allah "
    "Internet Congress Senate House Parliament Government Ministry Department Office Center Centre "
    "Group Company Bank Trade Economic Affairs Reports Report News Times Post Star Sun Mirror Guardian "
    "Justice Democrat Republican Democrats Republicans Islamic Islam Muslim Christian Jewish Catholic "
    "Man Woman Mother Father Home Hope Liberty Victory Independence Freedom Unity Friendship Union "
    "Commission Committee Agency Organization Organisation Cooperation Conference Summit Statement "
    "Contact Delegation Forces Armed Assembly Governor Mayor Senator Judge King Queen Prince Sheriff "
    "Deputy Officer Captain Colonel Major Sergeant Lieutenant Spokesman Spokeswoman Ambassador "
    # compass words are the bare names of admin regions in Cameroon, Iceland or Ghana, but "the West"
    # and "the North" in English news are not those
    "North South East West Northeast Northwest Southeast Southwest Northern Southern Eastern Western "
    "Central".split()))

# Words that head many organisation and facility names ("South Kilburn Estate", "Central Mental
# Hospital", "Federal University") and are also some admin region's bare name: never taken as the
# place heading a longer name.
GENERIC_HEADS = frozenset(fold(w) for w in (
    "North South East West Central Northern Southern Eastern Western Upper Lower Middle Greater Federal "
    "National Royal Gulf Village Capital Coast Island Islands Lake River Mount Valley Park Bay Beach "
    "Harbor Harbour Hill Hills Springs Grand Great Little Old New Saint St Santa San".split()))


def _abbreviation(gaz: Gazetteer, sdoc, a: int, b: int) -> str | None:
    """The folded key when tokens a..b are a state abbreviation written as one ("Pa.", "N.Y", "Kan."):
    dotted forms always, bare two-letter capitals ("PA") only after a comma ("Erie, PA")."""
    text = sdoc[a:b].text
    key = fold(text)
    if not gaz.abbrev_index.get(key):
        return None
    if "." in text or (text.isupper() and len(text) == 2 and a > 0 and sdoc[a - 1].text == ","):
        return key
    return None


@dataclass
class Span:
    start: int  # character offsets into the body
    end: int
    tok_start: int
    tok_end: int
    key: str  # folded name
    kind: str = "name"  # "name" or "modifier" (a demonym)
    hint: str | None = None  # "admin" or "city" (a designator word), "container" (it qualifies a place)
    entity: str | None = None  # the entity id when the entities stage found it
    origin: str = "gazetteer"  # "entity", "gazetteer"
    qualifier: "Span | None" = None  # "Paris, Texas": the Texas span qualifies Paris
    qualifier_abbrev: str | None = None  # "Tallahassee, Fla.": the abbreviation's folded form
    entity_label: str | None = None
    extra: dict = field(default_factory=dict)


def _is_namelike(tok) -> bool:
    t = tok.text
    if not t[:1].isupper() or not any(c.isalpha() for c in t):
        return False
    return tok.pos_ in ("PROPN",) or t.isupper() or tok.ent_type_ in ("GPE", "LOC", "FAC", "NORP")


def _followed_by_name(sdoc, j: int) -> bool:
    """A capitalised proper noun follows: the word is part of a longer name ("Frenchmen Street")."""
    return j < len(sdoc) and sdoc[j].text[:1].isupper() and sdoc[j].pos_ == "PROPN"


def _hint_after(sdoc, j: int) -> str | None:
    if j < len(sdoc):
        w = sdoc[j].lower_
        if w in ADMIN_WORDS:
            return "admin"
        if w in CITY_WORDS:
            return "city"
    return None


def _hint_before(sdoc, i: int) -> str | None:
    """"the city of X", "the province of X"."""
    if i >= 2 and sdoc[i - 1].lower_ == "of":
        w = sdoc[i - 2].lower_
        if w in ADMIN_WORDS:
            return "admin"
        if w in CITY_WORDS:
            return "city"
    return None


def _locative_before(sdoc, i: int) -> bool:
    j = i - 1
    while j >= 0 and sdoc[j].lower_ in ("the",):
        j -= 1
    return j >= 0 and sdoc[j].lower_ in LOCATIVE


def _longest_match(gaz: Gazetteer, sdoc, i: int, limit: int) -> tuple[int, str] | None:
    """The longest token run from i that is a gazetteer key: (end token, folded key)."""
    best = None
    sent_end = sdoc[i].sent.end if sdoc.has_annotation("SENT_START") else len(sdoc)
    stop = min(limit, sent_end, i + MAX_TOKENS * 2)
    j = i
    while j < stop:
        tok = sdoc[j]
        if j > i:
            if tok.is_punct and tok.text not in ("-", "'", "."):
                break
            if not (tok.text[:1].isupper() or tok.lower_ in CONNECTORS or tok.text in ("-", "'")):
                break
        j += 1
        if sdoc[j - 1].text[:1].isupper() or sdoc[j - 1].is_digit:
            key = fold(sdoc[i:j].text)
            if gaz.has(key):
                best = (j, key)
    return best


def find_spans(doc, gaz: Gazetteer) -> list[Span]:
    """Place-name and demonym spans in the body, without overlaps, in text order."""
    sdoc = doc.spacy
    spans: list[Span] = []
    taken = [False] * len(sdoc)
    blocked: dict[int, str] = {}  # token → label of a person/org entity covering it
    blocked_by: dict[int, tuple[str, str | None]] = {}  # token → (label, what decided it)
    cues: Cues = doc.resources.cached("locative_cues", load_cues)

    def char_tokens(start: int, end: int):
        sp = sdoc.char_span(start, end, alignment_mode="expand")
        return (sp.start, sp.end) if sp is not None else None

    def claim(a: int, b: int) -> bool:
        if any(taken[a:b]):
            return False
        for k in range(a, b):
            taken[k] = True
        return True

    # where two entities overlap ("Indian" as a country's adjective inside "Indian Ocean"), a longer
    # mention that is a known name claims the tokens first; everything else keeps its order
    mentions = [(m, ent) for ent in doc.article.entities for m in ent.mentions]
    # (or names a feature: "the Turkmen Mountains" before the demonym "Turkmen")
    mentions.sort(key=lambda me: 0 if me[1].type in ("PLACE", "COUNTRY") and " " in me[0].text
                  and (gaz.has(fold(me[0].text)) or me[0].text.split()[-1].lower() in cues["feature"]) else 1)
    for m, ent in mentions:
        toks = char_tokens(m.start, m.end)
        if toks is None:
            continue
        a, b = toks
        if ent.type in ("PLACE", "COUNTRY"):
            text = sdoc[a:b].text
            if (fold(text) in NOT_PLACES and not _hint_before(sdoc, a)) or len(text.rstrip(".")) < 2 \
                    or not text[:1].isupper():
                continue  # "March" typed as a place; "the town of Man" is one
            if b - a == 1 and text.endswith(".") and not gaz.abbrev_index.get(fold(text)) and not any(
                    gaz.feature_of(r) == "country" for r in gaz.ids(fold(text))):
                continue  # "St." on its own is a cut-off name, not a place
            span = _entity_span(gaz, sdoc, a, b, ent, cues)
            if span and claim(span.tok_start, span.tok_end):
                spans.append(span)
        elif ent.type == "NORP":
            key = fold(sdoc[a:b].text)
            longer = _longest_match(gaz, sdoc, a, len(sdoc))
            if longer is not None and longer[0] > b and not gaz.demonym_index.get(longer[1]):
                # "Indian Ocean", "British Columbia": NER cut the name at the adjective
                if claim(a, longer[0]):
                    spans.append(Span(sdoc[a].idx, sdoc[longer[0] - 1].idx + len(sdoc[longer[0] - 1]), a,
                                      longer[0], longer[1], entity=ent.id, origin="entity"))
            elif gaz.demonym_index.get(key) and claim(a, b):
                spans.append(Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key,
                                  kind="modifier", entity=ent.id, origin="entity"))
        else:
            for k in range(a, b):
                blocked[k] = ent.type
                blocked_by[k] = (ent.type, ent.source)

    # names in a locative context NER missed or called a person/organisation ("in Kafr Nabuda")
    unresolved: list[tuple[int, int, str]] = []
    for a, b, keys, ctx in locative_spans(sdoc, gaz, taken, blocked_by, NOT_PLACES, cues, unresolved=True):
        if not keys and ctx == "facility":
            # "the Palmasola prison": the facility, before the gazetteer scan reads its name as a village
            _claim_unknown(sdoc, spans, claim, blocked, a, b, ctx)
        elif not keys:
            unresolved.append((a, b, ctx))  # after the gazetteer scan, which may know part of it
        elif claim(a, b):
            hint = _hint_after(sdoc, b) or _hint_before(sdoc, a)
            extra = {"locative": ctx}
            if keys != [fold(sdoc[a:b].text)]:
                extra["keys"] = keys
            spans.append(Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, keys[0], hint=hint,
                              origin="locative", entity_label=blocked.get(a), extra=extra))

    # the gazetteer scan: names NER missed or mistyped
    i = 0
    n = len(sdoc)
    while i < n:
        tok = sdoc[i]
        if taken[i] or not _is_namelike(tok):
            i += 1
            continue
        if _abbreviation(gaz, sdoc, i, i + 1) and i > 0 and sdoc[i - 1].text == ",":
            spans.append(Span(tok.idx, tok.idx + len(tok), i, i + 1, fold(tok.text), extra={"abbrev": True}))
            taken[i] = True
            i += 1
            continue
        dem = gaz.demonym_index.get(fold(tok.text))
        match = _longest_match(gaz, sdoc, i, n)
        if match is None and dem and tok.text[:1].isupper() and i not in blocked and not _followed_by_name(sdoc, i + 1):
            spans.append(Span(tok.idx, tok.idx + len(tok), i, i + 1, fold(tok.text), kind="modifier"))
            taken[i] = True
            i += 1
            continue
        if match is None:
            i += 1
            continue
        j, key = match
        if any(taken[i:j]) or not _accept(gaz, sdoc, i, j, key, blocked, dem):
            i += 1
            continue
        hint = _hint_after(sdoc, j) or _hint_before(sdoc, i)
        claim(i, j)
        spans.append(Span(sdoc[i].idx, sdoc[j - 1].idx + len(sdoc[j - 1]), i, j, key, hint=hint))
        i = j
    # a name in a locative context the gazetteer knows under no spelling: kept unresolved (named,
    # not placed) so the event locator can choose it and an analyst sees it
    for a, b, ctx in unresolved:
        _claim_unknown(sdoc, spans, claim, blocked, a, b, ctx)
    spans.sort(key=lambda s: s.start)
    _link_qualifiers(sdoc, spans, gaz)
    for s in spans:  # "Guernsey County" is an Ohio county, never the island country
        after = sdoc[s.tok_end].lower_ if s.tok_end < len(sdoc) else ""
        # "a district of Burundi's capital": the name owns what the designator's phrase is part of
        before = sdoc[s.tok_start - 2].lower_ if s.tok_start >= 2 and sdoc[s.tok_start - 1].lower_ == "of" \
            and after not in ("'s", "’s") else ""
        # an acronym is an adjective there ("U.S. District Court", "a U.S. county")
        if s.hint == "admin" and (after in SUBNATIONAL_WORDS or before in SUBNATIONAL_WORDS) and \
                any(c.islower() for c in sdoc[s.tok_start:s.tok_end].text):
            s.extra["subnational"] = True
    return spans


def _claim_unknown(sdoc, spans: list[Span], claim, blocked: dict[int, str], a: int, b: int, ctx: str) -> None:
    """Keep tokens a..b as a place no gazetteer record backs (named, not placed)."""
    if claim(a, b):
        spans.append(Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, fold(sdoc[a:b].text),
                          hint=_hint_after(sdoc, b) or _hint_before(sdoc, a), origin="locative",
                          entity_label=blocked.get(a), extra={"locative": ctx, "unknown": True}))


def _major(gaz: Gazetteer, key: str, multiword: bool) -> bool:
    """A name whose main sense is a country, a state or a big city (or any multiword admin name)."""
    for r in gaz.ids(key):
        f = gaz.feature_of(r)
        if f in ("country", "adm1", "region") or (f == "city" and gaz.population(r) >= 100_000):
            return True
        if multiword and f == "adm2":
            return True
    return False


def _accept(gaz: Gazetteer, sdoc, i: int, j: int, key: str, blocked: dict[int, str], demonym) -> bool:
    """Whether a gazetteer-only match is a place name, not a capitalised word or part of a name."""
    if key in NOT_PLACES:
        return False
    first = sdoc[i]
    if demonym and j == i + 1:
        return False  # "Armenian" is an adjective before it is a village
    if any(blocked.get(k) in ("ORG", "IGO") for k in range(i, j)) and _major(gaz, key, j - i > 1):
        return True  # a major place inside an organisation's name ("Minnesota Department of Health")
    if any(k in blocked for k in range(i, j)):
        # NER says person/organisation: only a place word or a locative preposition overrides it
        whole_entity = (i == 0 or (i - 1) not in blocked) and (j not in blocked)
        return whole_entity and (_hint_after(sdoc, j) is not None or
                                 (_locative_before(sdoc, i) and blocked.get(i) == "PERSON"))
    if j == i + 1 and len(first.text) < 3:
        return False
    if first.is_sent_start and j == i + 1 and first.pos_ != "PROPN" and not first.text.isupper():
        return False
    # a run of name tokens around the match belongs to a longer unknown name ("Ganja Street")
    if j < len(sdoc) and sdoc[j].text[:1].isupper() and sdoc[j].pos_ == "PROPN" and sdoc[j].lower_ not in DESIGNATORS:
        return False
    if i > 0 and sdoc[i - 1].pos_ == "PROPN" and sdoc[i - 1].text[:1].isupper() and not sdoc[i - 1].is_sent_start:
        return False
    return True


def _longer_name(gaz: Gazetteer, sdoc, a: int, b: int) -> tuple[int, int] | None:
    """A known name that starts up to two capitalised words before a mention and covers it ("New
    Jersey" around "Jersey"): the longer name wins over the part NER or a lexicon found."""
    for s in (a - 2, a - 1):
        if s < 0 or not all(sdoc[k].text[:1].isupper() and sdoc[k].is_alpha for k in range(s, a)):
            continue
        if sdoc[s].is_sent_start or fold(sdoc[s].text) in NOT_PLACES | GENERIC_HEADS - {"new"}:
            continue
        m = _longest_match(gaz, sdoc, s, len(sdoc))
        if m is not None and m[0] >= b:
            return s, m[0]
    return None


def _entity_span(gaz: Gazetteer, sdoc, a: int, b: int, ent, cues: Cues) -> Span | None:
    """The place name inside an entity mention: the whole of it, or its longest known part
    ("Ganja city" → "Ganja" with a city hint, "the Nagorno-Karabakh region" → "Nagorno-Karabakh")."""
    text = sdoc[a:b].text
    key = fold(text)
    hint = _hint_after(sdoc, b) or _hint_before(sdoc, a)
    if _abbreviation(gaz, sdoc, a, b):  # "Pa." is Pennsylvania, not the alternate name of a Chinese town
        return Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key, entity=ent.id, origin="entity",
                    entity_label=ent.type, extra={"abbrev": True})
    if b < len(sdoc) and sdoc[b].lower_ == "city" and gaz.has(fold(text + " " + sdoc[b].text)):
        b += 1  # "MEXICO CITY", "Kansas City": "City" is part of the name, cut off by NER
        text, key = sdoc[a:b].text, fold(sdoc[a:b].text)
        hint = _hint_after(sdoc, b) or hint
    longer = _longer_name(gaz, sdoc, a, b)
    if longer is not None:  # "Jersey" inside "the New Jersey Lottery" is New Jersey
        a, b = longer
        text, key = sdoc[a:b].text, fold(sdoc[a:b].text)
        hint = _hint_after(sdoc, b) or _hint_before(sdoc, a)
    if b - a == 1 and gaz.demonym_index.get(key) and b < len(sdoc) and sdoc[b].text[:1].isupper() \
            and sdoc[b].lower_ in PEOPLES_PARTS | (cues["feature"] - cues["facility"] - FACILITY_WORDS):
        # "the French Quarter", "the Turkmen Mountains": a part of a town or a natural feature named
        # after a people, not the people's country; kept unknown, so it is placed by the story's town.
        # Not "the Armenian Embassy", "the Russian Museum": GeoWebNews and LGL read those as the country
        return Span(sdoc[a].idx, sdoc[b].idx + len(sdoc[b]), a, b + 1, fold(sdoc[a:b + 1].text), hint=hint,
                    entity=ent.id, origin="entity", extra={"unknown": True})
    if gaz.demonym_index.get(key):  # "German" typed as a place; "The Canadian Press" is no town "Canadian"
        return Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key, kind="modifier", entity=ent.id,
                    origin="entity", entity_label=ent.type)
    if gaz.has(key):
        return Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key, hint=hint, entity=ent.id,
                    origin="entity", entity_label=ent.type)
    if gaz.abbrev_index.get(key):  # "Fla." tagged as a place on its own
        return Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key, entity=ent.id, origin="entity",
                    entity_label=ent.type, extra={"abbrev": True})
    # strip designators and possessives at either end
    a2, b2 = a, b
    while b2 - a2 > 1 and (sdoc[b2 - 1].lower_ in DESIGNATORS or sdoc[b2 - 1].text in ("'s", "’s")):
        if sdoc[b2 - 1].lower_ in DESIGNATORS:
            hint = hint or ("admin" if sdoc[b2 - 1].lower_ in ADMIN_WORDS else "city")
        b2 -= 1
    while b2 - a2 > 1 and (sdoc[a2].lower_ in ("the",) or not sdoc[a2].text[:1].isupper()):
        a2 += 1
    caps = [k for k in range(a2, b2) if sdoc[k].text[:1].isupper()]
    for i in range(a2, b2):
        m = _longest_match(gaz, sdoc, i, b2)
        # a match covering every capitalised word, or a multiword or major place heading a longer name
        # ("Rapides Parish Fire District"); "Press Street" is not the village of Street
        if m and caps and i <= caps[0] and (m[0] > caps[-1] or (
                sdoc[b2 - 1].lower_ not in FACILITY_WORDS and m[1] not in GENERIC_HEADS
                and _major(gaz, m[1], m[0] - i > 1))):
            j, k = m
            return Span(sdoc[i].idx, sdoc[j - 1].idx + len(sdoc[j - 1]), i, j, k, hint=hint, entity=ent.id,
                        origin="entity", entity_label=ent.type)
    head = fold(sdoc[a2].text)
    # "the Turkmen Mountains" is a named feature, not the Turkmen people's country
    if gaz.demonym_index.get(head) and sdoc[b2 - 1].lower_ not in FACILITY_WORDS | LOCAL_WORDS | cues["feature"]:  # "the European Aviation Strategy", "Canadian Press": the demonym
        return Span(sdoc[a2].idx, sdoc[a2].idx + len(sdoc[a2]), a2, a2 + 1, head, kind="modifier", entity=ent.id,
                    origin="entity", entity_label=ent.type)
    # a transliteration the gazetteer spells otherwise ("Al-Shadadi", "Diwaniyah")
    if sum(sdoc[k].text[:1].isupper() for k in range(a2, b2)) <= 3 and not any(sdoc[k].lower_ in FACILITY_WORDS | LOCAL_WORDS for k in range(a2, b2)):
        keys = known_variants(gaz, fold(sdoc[a2:b2].text), cues)
        if keys:
            return Span(sdoc[a2].idx, sdoc[b2 - 1].idx + len(sdoc[b2 - 1]), a2, b2, keys[0], hint=hint,
                        entity=ent.id, origin="entity", entity_label=ent.type, extra={"keys": keys})
    # unknown to the gazetteer: kept so it can be placed by context (a street, a building)
    return Span(sdoc[a].idx, sdoc[b - 1].idx + len(sdoc[b - 1]), a, b, key, hint=hint, entity=ent.id,
                origin="entity", entity_label=ent.type, extra={"unknown": True})


def _link_qualifiers(sdoc, spans: list[Span], gaz: Gazetteer) -> None:
    """"Paris, Texas" and "Tallahassee, Fla.": a place followed by a comma and a larger place."""
    by_start = {s.tok_start: s for s in spans}
    for s in spans:
        k = s.tok_end
        if s.kind != "name" or k + 1 >= len(sdoc) or sdoc[k].text != ",":
            continue
        nxt = by_start.get(k + 1)
        if nxt is not None and nxt.kind == "name":
            s.qualifier = nxt
            continue
        ab = _abbreviation(gaz, sdoc, k + 1, k + 2)  # "Erie, Pa.", "Erie, PA"; not "Russia, in ..."
        if ab:
            s.qualifier_abbrev = ab
