"""Rank the gazetteer's candidates for each place name using the article as context.

Scores are additive log-odds-like points, each a reason a user can read off ``Place.candidates``:

- ``prior``: population (log10, so a 10x larger place gains 0.9) plus a prior for the kind of place
  (a name that is a country usually means the country; a curated region beats a same-named hamlet);
- ``hint``: a designator next to the name ("Aghdam district" → an admin region, "Ganja city" → a city);
- ``qualifier``: the place is inside the one named after its comma ("Paris, Texas", "Tallahassee, Fla.");
- ``focus``: the place is in a country (or state) the article is about: the dateline's and those of
  the names resolved with confidence in a first pass;
- ``near``: the place is close to places resolved with confidence (the same story happens nearby).

Two passes: the first ranks every name on prior, hint and qualifier alone; every name's winner,
weighted by its first-pass probability, then gives the focus and proximity evidence of the second
pass for the other names.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ...gazetteer import Gazetteer, haversine_km
from .recognise import Span

# Kind priors, in population points (0.9 = one order of magnitude): a country name almost always
# means the country; curated regions and physical features carry no population; admin regions'
# populations are sums of their towns' (so inflated) and a same-named city usually is meant.
FEATURE_PRIOR = {"country": 4.5, "continent": 4.5, "region": 5.0, "feature": 5.0, "adm1": 0.8, "adm2": -0.5,
                 "city": 0.0}
PRIMARY_NAME = 1.5  # the record's own name, not one of its alternate spellings
# A town matched only through an alternate spelling while another town bears the name as its own
# ("Navarro" is a place's own name; Northampton merely lists it): the namesake is almost always
# meant. Exonyms ("Munich", "Kiev") are unaffected: GeoNames' main names are the English ones, so
# no other town owns them.
ALTERNATE_ONLY = -3.5  # -2.5 and -3.5 measure the same on GWN and LGL (±0.001); -3.5 outweighs a full state focus
# A state or province sharing its name with a national capital or a city of a million
# ("Washington", "New York", "Mexico City"): a bare mention means the city (GeoWebNews' and LGL's
# gold agree: 54 of 62 "Washington" and 10 of 12 GeoWebNews "New York" mentions are the cities); "Washington
# state" and "New York state" keep the designator hint.
BIG_CITY_NAMESAKE = -2.5
BIG_CITY = 1_000_000
# A region is read as its namesake city only when that city holds a real share of its people
# (Baku, New York City); the town of Wales (6,000 people) does not make "Wales" a town.
NAMESAKE_SHARE = 10
CAPITAL = 1.0  # a national capital is what a bare name usually means ("Tripoli")
HINT = 4.0
QUALIFIER = 8.0
# "Tacoma, Washington": a name qualifying a place it can contain is read as the region (2.5 and 4.0
# measure the same on GWN and LGL).
CONTAINER_HINT = 2.5
FOCUS_COUNTRY = 3.0
FOCUS_ADMIN1 = 4.5  # swept 3.0-4.5 on GWN+LGL: +0.002 LGL, GWN unchanged
NEAR = ((50.0, 2.5), (200.0, 1.5), (800.0, 0.5))  # (km, points)
# State focus is a share of the state evidence with one pseudo-mention added: a single state-level
# hint (one confident town, often a wrong one) gives a state's towns half the 4.5 points, several
# hints nearly all of them. Swept 0/0.5/1/2/3: LGL acc@161 0.849/0.850/
# 0.852/0.846/0.839, GWN 0.905/0.906/0.906/0.906/0.906. Country shares gain nothing from it.
STATE_PSEUDO = 1.0
# A country's name in a story set in another country loses up to this much (times that country's
# share of the story's places, once they weigh at least FOREIGN_MIN_WEIGHT): "Georgia" among Atlanta
# and Macon is the state (LGL: 19 such errors); a story spread over many countries barely moves it.
# Swept 0.8/1.5/2.5 with min weight 0.5/1/2/4: LGL acc@161 0.855-0.858 (0.852 without), GWN 0.909-0.910;
# min weight 1 keeps GWN unchanged.
FOREIGN = 2.0
FOREIGN_MIN_WEIGHT = 1.0
ADMIN_SUFFIXES = ("county", "parish", "borough", "district", "province", "region", "governorate")
MAX_CANDIDATES = 40  # the most populous records of a name: bounds the work for "San Jose" and kin


@dataclass
class Scored:
    record: int
    score: float
    reasons: dict[str, float] = field(default_factory=dict)


@dataclass
class Context:
    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)
    points: list[tuple[float, float, int]] = field(default_factory=list)  # (lat, lon, record)

    def country_share(self, cc: str) -> float:
        total = sum(self.countries.values())
        return self.countries[cc] / total if total else 0.0

    def admin1_share(self, a1: int) -> float:
        total = sum(self.admin1.values())
        return self.admin1[a1] / (total + STATE_PSEUDO) if total and a1 >= 0 else 0.0


def candidates_for(gaz: Gazetteer, span: Span) -> list[int]:
    if span.kind == "modifier":
        return list(gaz.demonym_index.get(span.key, []))
    if span.extra.get("abbrev"):
        return list(gaz.abbrev_index.get(span.key, []))
    ids = gaz.ids(span.key)
    if span.extra.get("keys"):  # transliteration variants: every spelling's records
        ids = list(dict.fromkeys(i for k in span.extra["keys"] for i in gaz.ids(k)))
    if span.hint == "admin" and span.kind == "name":
        # "Guernsey County": the county is filed under its full name, which the bare name does not
        # reach for US counties (kept off so "Washington" never means a county)
        ids = list(dict.fromkeys(ids + [i for d in ADMIN_SUFFIXES for i in gaz.ids(f"{span.key} {d}")
                                        if gaz.feature_of(i) in ("adm1", "adm2")]))
    if len(ids) > MAX_CANDIDATES:
        ids = sorted(ids, key=lambda i: -gaz.population(i))[:MAX_CANDIDATES]
    return ids


def contained(gaz: Gazetteer, rec: int, container: int) -> bool:
    if rec == container:
        return False
    feat = gaz.feature_of(container)
    a1, a2 = gaz.parents(rec)
    if feat == "country":
        return gaz.country_of(rec) == gaz.country_of(container) and gaz.feature_of(rec) != "country"
    if feat == "adm1":
        return a1 == container or (a1 < 0 and gaz.country_of(rec) == gaz.country_of(container))
    if feat == "adm2":
        return a2 == container
    if feat == "region":  # curated regions: no hierarchy, so near enough counts
        la, lo = gaz.point(container)
        lb, lob = gaz.point(rec)
        return haversine_km(la, lo, lb, lob) < 300
    return False


def score_span(gaz: Gazetteer, span: Span, cands: list[int], ctx: Context | None, capitals: set[int],
               qualifiers: list[int]) -> list[Scored]:
    out: list[Scored] = []
    same_name_cities = {i for i in cands if gaz.feature_of(i) == "city"}
    primary_cities = {i for i in same_name_cities if gaz.name_is(i, span.key)} if span.kind == "name" else set()
    big_namesake = span.kind == "name" and any(i in capitals or gaz.population(i) >= BIG_CITY
                                               for i in same_name_cities)
    for i in cands:
        feat = gaz.feature_of(i)
        if feat in ("country", "continent") and span.extra.get("subnational"):
            continue  # "Guernsey County" is no country
        pop = gaz.population(i)
        r: dict[str, float] = {}
        r["prior"] = 0.9 * math.log10(pop + 1) + FEATURE_PRIOR.get(feat, 0.0)
        if feat in ("adm1", "adm2") and any(gaz.parents(c)[0 if feat == "adm1" else 1] == i
                                            and gaz.population(c) * NAMESAKE_SHARE >= pop for c in same_name_cities):
            r["prior"] -= 2.0  # "Baku" is the city, not the province named after it (but "Wales" is Wales)
        if span.kind == "name" and i in capitals:
            r["prior"] += CAPITAL
        if span.kind == "name" and (gaz.name_is(i, span.key) or gaz.is_curated(i)):
            r["prior"] += PRIMARY_NAME
        elif feat == "city" and primary_cities:
            r["prior"] += ALTERNATE_ONLY
        if feat == "adm1" and big_namesake:
            r["prior"] += BIG_CITY_NAMESAKE
        if span.hint == "admin" and feat in ("adm1", "adm2", "region"):
            r["hint"] = HINT
        elif span.hint == "city" and feat == "city":
            r["hint"] = HINT
        elif span.hint == "container" and feat in ("country", "adm1", "adm2", "region"):
            r["hint"] = CONTAINER_HINT
        if qualifiers and any(contained(gaz, i, q) for q in qualifiers):
            r["qualifier"] = QUALIFIER
        if ctx is not None:
            cc = gaz.country_of(i)
            if feat == "country" and sum(ctx.countries.values()) >= FOREIGN_MIN_WEIGHT:
                r["focus"] = -FOREIGN * max((ctx.country_share(c) for c in ctx.countries if c != cc), default=0.0)
            if not cc and feat in ("feature", "region") and ctx.countries:
                # a sea or a cross-border region lies in no country: neither in nor out of the
                # story's focus, so it keeps pace with the best-placed town ("the Atlantic" in a US
                # hurricane story is the ocean, not Atlantic, Iowa)
                r["focus"] = FOCUS_COUNTRY * max(ctx.country_share(c) for c in ctx.countries)
            if cc and feat not in ("country", "continent"):
                share = ctx.country_share(cc)
                if share:
                    r["focus"] = FOCUS_COUNTRY * share
                a1 = i if feat == "adm1" else gaz.parents(i)[0]
                if a1 >= 0 and ctx.admin1_share(a1):
                    r["focus"] = r.get("focus", 0.0) + FOCUS_ADMIN1 * ctx.admin1_share(a1)
            if feat in ("city", "adm2") and ctx.points:
                la, lo = gaz.point(i)
                dmin = min(haversine_km(la, lo, p[0], p[1]) for p in ctx.points if p[2] != i) \
                    if any(p[2] != i for p in ctx.points) else None
                if dmin is not None:
                    for km, pts in NEAR:
                        if dmin <= km:
                            r["near"] = pts
                            break
        out.append(Scored(i, sum(r.values()), r))
    out.sort(key=lambda s: -s.score)
    return out


def contributions(gaz: Gazetteer, chosen: list[tuple[object, Span, list[Scored]]]) -> list[tuple[object, int, float]]:
    """(group, record, weight) evidence from the first pass: each name's winner, weighted by how sure
    the first pass was (its softmax probability), so a clear "Atlanta" counts fully and a toss-up
    "Savannah" barely; a demonym counts half (it says who, more than where)."""
    out = []
    for group, span, ranked in chosen:
        if not ranked:
            continue
        top = ranked[0].score
        p = 1.0 / sum(math.exp(max(-50.0, s.score - top)) for s in ranked)
        w = 0.5 if span.kind == "modifier" else 1.0
        out.append((group, ranked[0].record, p * w))
    return out


def build_context(gaz: Gazetteer, evidence: list[tuple[object, int, float]], dateline_record: int | None,
                  exclude: object = None) -> Context:
    """Country and state focus and anchor points from everything but the name being ranked (a name
    must not vote for its own reading, nor through another mention of it: "Dublin's city manager"
    (hinted) and "Dublin" are two groups of one name). Groups are tuples whose first item is the
    folded name."""
    same_name = exclude[0] if isinstance(exclude, tuple) and exclude else exclude
    ctx = Context()
    if dateline_record is not None:
        _add(gaz, ctx, dateline_record, weight=3)
    for group, rec, w in evidence:
        if group != exclude and (not isinstance(group, tuple) or not _namesake(group[0], same_name)):
            _add(gaz, ctx, rec, weight=w)
    return ctx


def _namesake(key: str, name: object) -> bool:
    """The same name, or a name built on it ("North Richmond", "Richmond Heights" for "Richmond"):
    such places are usually named after one another, so their nearness says nothing about which
    Richmond is meant."""
    if not isinstance(name, str) or not name:
        return key == name
    return key == name or key.endswith(" " + name) or key.startswith(name + " ")


def _add(gaz: Gazetteer, ctx: Context, rec: int, weight: float) -> None:
    cc = gaz.country_of(rec)
    if cc:
        ctx.countries[cc] += weight
    feat = gaz.feature_of(rec)
    if feat == "adm1":
        ctx.admin1[rec] += weight
    else:
        a1 = gaz.parents(rec)[0]
        if a1 >= 0:
            ctx.admin1[a1] += weight
    if feat in ("city", "adm2") and weight >= 0.5:
        la, lo = gaz.point(rec)
        ctx.points.append((la, lo, rec))
