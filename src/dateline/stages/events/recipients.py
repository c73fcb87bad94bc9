"""Recipients that are places: who a visit to a city or an attack on a district happened to.

The parse hands us the syntactic object ("visited Ganja", "shelled Aghdam district"), but a PLOVER
recipient is an actor, and a city is no actor: a visit to a place is hosted by whoever governs it,
an attack on a town harms that country's people. ICEWS and POLECAT coders code such a target as the
place's country (ICEWS's generic country actor, POLECAT's country-level recipient) and keep the
place as the event's location. So a recipient the places stage resolved as a sub-national place (a
city, district, region: any feature but ``country``) becomes:

1. the article's own entity for that place's country, when the article names the country (found
   through the places stage's country records, or a COUNTRY entity coded with the ISO3 code);
2. else the place itself, when the user's actor dictionary coded it (PETRARCH dictionaries list
   cities under their country's code, "BAKU [AZE]": the user's own decision that it stands for a
   country, which the evaluation's gold follows too);
3. else nothing: the event keeps the place as ``event.place`` and has no recipient rather than a
   bare city as one. The events stage writes events only, so it cannot add a country entity the
   article never names.

Nor is the place's country a recipient when it is an actor's own country ("its army shelled
Idlib", "the German chancellor visited Hamburg"): a government's forces acting in their own
country do not act upon their country (ICEWS would code that country's citizens, an entity the
article does not have), and reading it so would make "Syria said its army shelled Idlib" the
reporter accusing its own army.

A place that is a country ("support Azerbaijan"), and every other entity type, is kept as it is.
A place with no country (an unresolved name, "the Middle East") can stand for no government: it
is dropped unless the user's dictionary coded it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ...document import Document
    from ...model import Place


def _alpha3(iso2: str) -> str | None:
    import pycountry

    rec = pycountry.countries.get(alpha_2=iso2.upper())
    return rec.alpha_3 if rec is not None else None


class CountryOf:
    """The article's places and country entities, indexed once per document."""

    def __init__(self, doc: "Document"):
        article = doc.article
        self.types = {e.id: e.type for e in article.entities}
        # entity -> the country part of its actor code (CAMEO codes begin with ISO3 or IGO; "---" is
        # no country): the entities the actor dictionaries coded
        self.nation = {e.id: e.actor.code[:3] for e in article.entities if e.actor is not None and e.actor.code
                       and len(e.actor.code) >= 3 and e.actor.code[:3].isalpha()}
        self.place_of: dict[str, "Place"] = {p.entity: p for p in article.places if p.entity}
        self.country_entity: dict[str, str] = {}  # ISO2 -> entity id
        for p in article.places:  # the places stage's own country records first (article order)
            if p.feature == "country" and p.country and p.entity and self.types.get(p.entity) in ("COUNTRY", "PLACE"):
                self.country_entity.setdefault(p.country.upper(), p.entity)
        self._by_code = {e.actor.code: e.id for e in article.entities
                         if e.type == "COUNTRY" and e.actor is not None and e.actor.code and len(e.actor.code) == 3}

    def sub_national(self, eid: str) -> bool:
        """A PLACE entity that is not a country."""
        if self.types.get(eid) != "PLACE":
            return False
        place = self.place_of.get(eid)
        return place is None or place.feature != "country"

    def country(self, eid: str) -> str | None:
        """The article's entity for the country ``eid`` (a place) lies in, or None."""
        place = self.place_of.get(eid)
        if place is None or not place.country:
            return None
        iso2 = place.country.upper()
        if iso2 not in self.country_entity:
            code = _alpha3(iso2)
            found = self._by_code.get(code) if code else None
            self.country_entity[iso2] = found or ""
        return self.country_entity[iso2] or None


def place_recipients(recipients: list[str], actors: list[str], countries: CountryOf) -> list[str]:
    """``recipients`` with each sub-national place replaced by its country's entity (or kept when the
    user's dictionary coded it, or dropped): see the module docstring."""
    out: list[str] = []
    own = {countries.nation[a] for a in actors if a in countries.nation}
    for r in recipients:
        if countries.sub_national(r):
            r = countries.country(r) or (r if r in countries.nation else "")
            if r and countries.nation.get(r) in own:
                r = ""  # an actor acting in its own country: the place is where, nobody is whom
        if r and r not in actors and r not in out:
            out.append(r)
    return out
