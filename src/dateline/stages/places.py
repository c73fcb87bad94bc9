"""Places: resolve place and country entities (and the dateline) to gazetteer records.

First version: the most populous candidate wins."""

from __future__ import annotations

from ..document import Document
from ..gazetteer import fold, load_gazetteer
from ..model import Place
from ..pipeline import Stage


def resolve_places(doc: Document) -> None:
    gaz = doc.resources.cached("gazetteer", load_gazetteer)
    places: dict[int | str, Place] = {}
    for ent in doc.article.entities:
        if ent.type not in ("PLACE", "COUNTRY"):
            continue
        cands = sorted(gaz.lookup(ent.name), key=lambda c: -c.population)
        if not cands:
            continue
        best = cands[0]
        key = best.geonames_id or fold(best.name)
        if key not in places:
            places[key] = Place(id="", name=best.name, geonames_id=best.geonames_id, country=best.country,
                                feature=best.feature, lat=best.lat, lon=best.lon, entity=ent.id,
                                source=best.source)
        places[key].mentions.extend(ent.mentions)
    result = sorted(places.values(), key=lambda p: p.mentions[0].start if p.mentions else 0)
    for i, p in enumerate(result, 1):
        p.id = f"P{i}"
    dl = doc.article.article.dateline
    place_text = doc.scratch.get("dateline_place_text")
    if dl and place_text:
        city = place_text.split(",")[0].strip()
        cands = sorted(gaz.lookup(city), key=lambda c: -c.population)
        if cands:
            best = cands[0]
            same = next((p for p in result if p.geonames_id == best.geonames_id), None)
            if same is None:
                same = Place(id=f"P{len(result) + 1}", name=best.name, geonames_id=best.geonames_id,
                             country=best.country, feature=best.feature, lat=best.lat, lon=best.lon,
                             source=best.source)
                result.append(same)
            dl.place = same.id
    doc.article.places = result


STAGE = Stage("places", frozenset({"entities", "metadata"}), frozenset({"places"}), resolve_places)
