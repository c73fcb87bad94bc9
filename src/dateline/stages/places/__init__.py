"""Places: find every place name (and demonym), resolve it to a gazetteer record, and resolve the
dateline's place.

Reads the entities stage's PLACE/COUNTRY/NORP entities and the parse; adds what NER missed from a
gazetteer scan (:mod:`.recognise`); ranks candidates in context (:mod:`.rank`); writes
``article.places`` and ``article.article.dateline.place`` in one place at the end.
"""

from __future__ import annotations

import math
from collections import Counter

from ...document import Document
from ...gazetteer import Gazetteer, fold, load_gazetteer
from ...model import Mention, Place
from ...pipeline import Stage
from .rank import Context, Scored, contained, build_context, candidates_for, contributions, score_span
from .recognise import GENERIC_HEADS, Span, find_spans

# A town known only to the gazetteer scan (NER did not call it a place) is kept when something in
# the article supports it, or when it is big enough that a capitalised match is rarely a coincidence.
MIN_UNSUPPORTED_POPULATION = 5000
TOP_CANDIDATES = 5


def _group_key(span: Span) -> tuple:
    q = span.qualifier.key if span.qualifier else span.qualifier_abbrev
    return (span.key, span.kind, span.hint, q, bool(span.extra.get("abbrev")), bool(span.extra.get("team")))


def _qualifier_records(gaz: Gazetteer, span: Span) -> list[int]:
    if span.qualifier is not None:
        q = span.qualifier
        ids = candidates_for(gaz, q)
        return [i for i in ids if gaz.feature_of(i) in ("country", "adm1", "adm2", "region")]
    if span.qualifier_abbrev:
        return list(gaz.abbrev_index.get(span.qualifier_abbrev, []))
    return []


def _longer_demonyms(gaz: Gazetteer, sdoc, spans: list[Span]) -> None:
    """"Central American", "North American": a demonym preceded by a word that makes a longer known
    demonym with it is that one (the region's people, not the United States')."""
    ends = {s.tok_end for s in spans}
    for s in spans:
        if s.kind != "modifier" or s.tok_start == 0 or s.tok_start in ends:
            continue
        prev = sdoc[s.tok_start - 1]
        key = fold(prev.text + " " + sdoc[s.tok_start:s.tok_end].text)
        if prev.text[:1].isupper() and gaz.demonym_index.get(key):
            s.start, s.tok_start, s.key = prev.idx, s.tok_start - 1, key


# Lower-case words before a name that cut it into parts: only an area has parts ("central
# Washington" is the state, "northern Iraq" the country), a town rarely is spoken of so.
AREA_PARTS = frozenset("central northern southern eastern western northeastern northwestern southeastern "
                       "southwestern north south east west upstate downstate".split())


def _mark_areas(sdoc, spans: list[Span]) -> None:
    for s in spans:
        if s.kind == "name" and s.hint is None and s.tok_start > 0 and sdoc[s.tok_start - 1].text in AREA_PARTS:
            s.hint = "container"


# Words before a name that make it a sports team named after its city ("lost against Louisville",
# "Houston vs. Portland"): the team is the big city's, wherever the story is set.
TEAM_CUES = frozenset("against vs vs. versus".split())


def _mark_teams(sdoc, spans: list[Span]) -> None:
    for s in spans:
        if s.kind == "name" and s.tok_start > 0 and sdoc[s.tok_start - 1].lower_ in TEAM_CUES:
            s.extra["team"] = True


def _mark_containers(gaz: Gazetteer, spans: list[Span]) -> None:
    """"Tacoma, Washington": a name that qualifies a place is read as a region containing one of
    that place's readings (the state, not the capital). Checked, because a comma also separates
    the towns of a list ("Alexandria, Pineville and Ball")."""
    for s in spans:
        q = s.qualifier
        if q is None or q.hint is not None:
            continue
        inner = candidates_for(gaz, s)
        outer = [i for i in candidates_for(gaz, q) if gaz.feature_of(i) in ("country", "adm1", "adm2", "region")]
        if any(contained(gaz, i, o) for o in outer for i in inner):
            q.hint = "container"


def _rank_all(gaz: Gazetteer, spans: list[Span], evidence: list | None, dl_record: int | None
              ) -> dict[tuple, list[Scored]]:
    ranked: dict[tuple, list[Scored]] = {}
    for s in spans:
        k = _group_key(s)
        if k in ranked or s.extra.get("unknown"):
            continue
        ctx = build_context(gaz, evidence, dl_record, exclude=k) \
            if evidence is not None and not s.extra.get("team") else None
        ranked[k] = score_span(gaz, s, candidates_for(gaz, s), ctx, gaz.capitals, _qualifier_records(gaz, s))
    return ranked


def _dateline_span(text: str | None) -> tuple[Span, list[str]] | None:
    """"BAKU, Azerbaijan" → the BAKU span (a city) and its qualifier texts."""
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    return Span(0, 0, 0, 0, fold(parts[0]), hint="city", origin="dateline"), parts[1:]


def _rank_dateline(gaz: Gazetteer, text: str | None, ctx: Context | None) -> list[Scored]:
    parsed = _dateline_span(text)
    if parsed is None:
        return []
    span, quals = parsed
    qrecs: list[int] = []
    for q in quals:
        k = fold(q)
        qrecs += [i for i in gaz.ids(k) if gaz.feature_of(i) in ("country", "adm1")]
        qrecs += gaz.abbrev_index.get(k, [])
    return score_span(gaz, span, candidates_for(gaz, span), ctx, gaz.capitals, qrecs)


def _keep(gaz: Gazetteer, span: Span, best: Scored, sdoc=None) -> bool:
    if span.kind == "name" and span.key in GENERIC_HEADS and not span.qualifier and not span.qualifier_abbrev \
            and "qualifier" not in best.reasons:
        # a generic word standing alone ("the Gulf", "the Valley", "the Village", "North State Street"):
        # a place the story takes as known, not the Papua province or the Texas town of that name;
        # GeoWebNews and LGL: all 21 such resolutions were wrong
        return False
    if span.origin != "gazetteer" or span.kind == "modifier":
        return True
    if sdoc is not None and all(t.ent_type_ == "NORP" for t in sdoc[span.tok_start:span.tok_end]):
        return False  # a people's name NER knows ("Arab leaders") is no town (Arab, Alabama)
    if sdoc is not None and gaz.feature_of(best.record) in ("adm1", "adm2") and not gaz.name_is(best.record, span.key) \
            and not gaz.is_curated(best.record) and all(t.ent_type_ == "ORG" for t in sdoc[span.tok_start:span.tok_end]):
        return False  # "Free" in "the North American Free Trade Agreement" is no Free State
    if gaz.feature_of(best.record) != "city":
        return True
    if any(r in best.reasons for r in ("qualifier", "hint", "near")) or best.reasons.get("focus", 0) >= 1.0:
        return True
    return gaz.population(best.record) >= MIN_UNSUPPORTED_POPULATION


def _probability(ranked: list[Scored]) -> float:
    top = ranked[0].score
    z = sum(math.exp(max(-50.0, s.score - top)) for s in ranked[:TOP_CANDIDATES * 4])
    return round(1.0 / z, 3)


def _candidate_dicts(gaz: Gazetteer, ranked: list[Scored]) -> list[dict]:
    out = []
    for s in ranked[:TOP_CANDIDATES]:
        c = gaz.record(s.record)
        out.append({"name": c.name, "geonames_id": c.geonames_id, "country": c.country, "feature": c.feature,
                    "lat": round(c.lat, 5), "lon": round(c.lon, 5), "population": c.population,
                    "score": round(s.score, 3), "reasons": {k: round(v, 3) for k, v in s.reasons.items()}})
    return out


# Passes after the second, each ranking again with the previous pass's winners as context: the
# first pass reads "Georgia" as the country, so its state focus only reaches the towns on a third
# pass. Measured (LGL / GWN acc@161): 0 extra 0.842/0.905, 1 extra 0.852/0.906, 2 extra 0.854/0.906;
# one is kept because each pass costs a full ranking.
EXTRA_PASSES = 1


def _chosen(spans: list[Span], ranked: dict[tuple, list[Scored]]) -> list:
    """Each name group once, in text order, with its ranking: the evidence of the next pass."""
    seen: set = set()
    out = []
    for s in spans:
        k = _group_key(s)
        if k not in seen and k in ranked:
            seen.add(k)
            out.append((k, s, ranked[k]))
    return out


def resolve_places(doc: Document) -> None:
    gaz: Gazetteer = doc.resources.cached("gazetteer", load_gazetteer)
    spans = find_spans(doc, gaz) if doc.spacy is not None else []
    dl_text = doc.scratch.get("dateline_place_text")

    if doc.spacy is not None:
        _longer_demonyms(gaz, doc.spacy, spans)
        _mark_areas(doc.spacy, spans)
        _mark_teams(doc.spacy, spans)
    _mark_containers(gaz, spans)
    # pass 1: no context; confident choices become the context of pass 2
    first = _rank_all(gaz, spans, None, None)
    dl_first = _rank_dateline(gaz, dl_text, None)
    dl_anchor = dl_first[0].record if dl_first else None
    evidence = contributions(gaz, _chosen(spans, first))
    ranked = _rank_all(gaz, spans, evidence, dl_anchor)
    for _ in range(EXTRA_PASSES):
        evidence = contributions(gaz, _chosen(spans, ranked))
        ranked = _rank_all(gaz, spans, evidence, dl_anchor)
    dl_ranked = _rank_dateline(gaz, dl_text, build_context(gaz, evidence, None)) if dl_text else []

    places: dict[object, Place] = {}
    order: list[object] = []
    city_mentions: Counter = Counter()
    unknown: list[Span] = []
    for s in spans:
        if s.extra.get("unknown"):
            unknown.append(s)
            continue
        r = ranked.get(_group_key(s)) or []
        if not r or not _keep(gaz, s, r[0], doc.spacy):
            continue
        best = r[0]
        key = best.record
        if key not in places:
            c = gaz.record(key)
            places[key] = Place(id="", name=c.name, geonames_id=c.geonames_id, country=c.country,
                                feature=c.feature, lat=round(c.lat, 5), lon=round(c.lon, 5), entity=s.entity,
                                score=_probability(r), candidates=_candidate_dicts(gaz, r),
                                source=_source(c.source, s))
            order.append(key)
        p = places[key]
        m = Mention(s.start, s.end, doc.text[s.start:s.end])
        (p.modifiers if s.kind == "modifier" else p.mentions).append(m)
        if p.entity is None and s.entity:
            p.entity = s.entity
        if c_is_local(gaz, key) and s.kind == "name":
            city_mentions[key] += places[key].score or 0.0  # confident towns count more

    dl_record = dl_ranked[0].record if dl_ranked else None
    focus = _focus_place(city_mentions, dl_record)
    for s in unknown:  # streets, buildings, neighbourhoods: placed at the town the story is in
        if s.entity_label == "COUNTRY" or not (doc.text[s.start:s.end][:1].isupper() or s.origin == "locative"):
            continue
        k = ("local", s.key)
        if k not in places:
            if s.origin == "locative":  # a town the gazetteer lacks, in a locative context: named, not placed
                places[k] = Place(id="", name=doc.text[s.start:s.end], source="rule:locative")
            elif focus is None:  # named, but where it lies is unknown: no coordinates rather than a guess
                places[k] = Place(id="", name=doc.text[s.start:s.end], feature="local", entity=s.entity)
            else:
                c = gaz.record(focus)
                places[k] = Place(id="", name=doc.text[s.start:s.end], country=c.country, feature="local",
                                  lat=round(c.lat, 5), lon=round(c.lon, 5), entity=s.entity, score=None,
                                  source=f"context:{focus}")
            order.append(k)
        places[k].mentions.append(Mention(s.start, s.end, doc.text[s.start:s.end]))

    result = sorted((places[k] for k in order),
                    key=lambda p: min([m.start for m in p.mentions + p.modifiers] or [len(doc.text)]))
    ids = {}
    for i, p in enumerate(result, 1):
        p.id = f"P{i}"
    for k in order:
        ids[k] = places[k].id
    for p in result:  # a local place records which place it was put in
        if p.source and p.source.startswith("context:"):
            rec = int(p.source.split(":")[1])
            p.source = f"context:{ids[rec]}" if rec in ids else "context"
    dl = doc.article.article.dateline
    if dl is not None and dl_record is not None:
        if dl_record in ids:
            dl.place = ids[dl_record]
        else:
            c = gaz.record(dl_record)
            p = Place(id=f"P{len(result) + 1}", name=c.name, geonames_id=c.geonames_id, country=c.country,
                      feature=c.feature, lat=round(c.lat, 5), lon=round(c.lon, 5), score=_probability(dl_ranked),
                      candidates=_candidate_dicts(gaz, dl_ranked), source=c.source)
            result.append(p)
            dl.place = p.id
    doc.article.places = result


def _source(gazetteer: str, span: Span) -> str:
    """The record's gazetteer, and the rule that recognised the name when NER did not: a name found
    by its locative context ("rule:locative"), or under another transliteration ("rule:variant")."""
    rules = []
    if span.origin == "locative":
        rules.append("rule:locative")
    if span.extra.get("keys"):
        rules.append("rule:variant")
    return "+".join([gazetteer] + rules)


def c_is_local(gaz: Gazetteer, rec: int) -> bool:
    return gaz.feature_of(rec) in ("city", "adm2")


# A street or building is placed at the most-mentioned town only when that town dominates the
# story: it must carry at least this share of the (confidence-weighted) town mentions and have been
# named more than once. Placing by a town named once among several put about half of GeoWebNews'
# and LGL's local places in the wrong town (102 of 235 more than 161 km off).
FOCUS_SHARE = 0.5
FOCUS_MIN_WEIGHT = 1.5


def _focus_place(city_mentions: Counter, dateline_record: int | None) -> int | None:
    """The town the story is in: the dateline's, else a town that dominates the story's mentions."""
    if dateline_record is not None:
        return dateline_record
    if city_mentions:
        rec, w = city_mentions.most_common(1)[0]
        if w >= FOCUS_MIN_WEIGHT and w >= FOCUS_SHARE * sum(city_mentions.values()):
            return rec
    return None


STAGE = Stage("places", frozenset({"entities", "metadata"}), frozenset({"places"}), resolve_places)
