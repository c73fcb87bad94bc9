"""A place is where an event happened, its country whom it happened to: recipients that are cities,
districts or regions become their country's entity (or nothing), never a bare city as an actor."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import dateline
from dateline.model import Actor, Article, Entity, Place
from dateline.stages.events.recipients import CountryOf, place_recipients


def _names(article, ids) -> set[str]:
    return {article.entity(i).name for i in ids}


def _bare_places(article) -> list[tuple[str, str]]:
    """(event category, recipient name) for each recipient that is a sub-national place without a
    dictionary code: what must never happen."""
    place_of = {p.entity: p for p in article.places if p.entity}
    out = []
    for ev in article.events:
        for r in ev.recipients:
            e = article.entity(r)
            p = place_of.get(r)
            if e.type == "PLACE" and (p is None or p.feature != "country") and e.actor is None:
                out.append((ev.category, e.name))
    return out


# --- the rule on hand-made articles (no parser involved) --------------------------------------

def _doc(entities, places):
    return SimpleNamespace(article=Article(id="t", text="", entities=entities, places=places))


COUNTRY = Entity("E1", "Azerbaijan", "COUNTRY", actor=Actor("AZE"))
CITY = Entity("E2", "Ganja", "PLACE")
DISTRICT = Entity("E3", "Aghdam", "PLACE")
INVADER = Entity("E4", "Armenian Armed Forces", "ORG", actor=Actor("ARMMIL", "MIL"))
OWN_ARMY = Entity("E5", "Azerbaijani army", "ORG", actor=Actor("AZEMIL", "MIL"))
REGION = Entity("E6", "South Caucasus", "PLACE")
CODED_CITY = Entity("E7", "Baku", "PLACE", actor=Actor("AZE", source="dictionary:user"))
FOREIGN_CITY = Entity("E8", "Yerevan", "PLACE")
PLACES = [Place("P1", "Azerbaijan", country="AZ", feature="country", entity="E1"),
          Place("P2", "Ganja", country="AZ", feature="city", entity="E2"),
          Place("P3", "Aghdam", country="AZ", feature="adm2", entity="E3"),
          Place("P4", "South Caucasus", country=None, feature="region", entity="E6"),
          Place("P5", "Baku", country="AZ", feature="city", entity="E7"),
          Place("P6", "Yerevan", country="AM", feature="city", entity="E8")]
ALL = [COUNTRY, CITY, DISTRICT, INVADER, OWN_ARMY, REGION, CODED_CITY, FOREIGN_CITY]


def test_cities_and_districts_become_their_country_once():
    c = CountryOf(_doc(ALL, PLACES))
    assert place_recipients(["E2", "E3"], ["E4"], c) == ["E1"]  # visits to Ganja and Aghdam
    assert place_recipients(["E1"], ["E4"], c) == ["E1"]  # a country is kept
    assert place_recipients(["E4"], ["E1"], c) == ["E4"]  # other entity types untouched


def test_found_by_actor_code_when_the_places_stage_filed_no_country_record():
    c = CountryOf(_doc(ALL, PLACES[1:]))  # no place record for Azerbaijan itself
    assert place_recipients(["E2"], ["E4"], c) == ["E1"]


def test_no_country_named_no_recipient_unless_the_user_dictionary_coded_the_place():
    c = CountryOf(_doc([CITY, INVADER, CODED_CITY, REGION, FOREIGN_CITY], PLACES))
    assert place_recipients(["E2"], ["E4"], c) == []  # no Azerbaijan entity: the place stays the location
    assert place_recipients(["E6"], ["E4"], c) == []  # a region of several countries governs nothing
    assert place_recipients(["E7"], ["E4"], c) == ["E7"]  # "BAKU [AZE]" in the user's actors file
    assert place_recipients(["E8"], [], c) == []


def test_an_actor_in_its_own_country_acts_on_nobody():
    c = CountryOf(_doc(ALL, PLACES))
    assert place_recipients(["E2"], ["E5"], c) == []  # the Azerbaijani army in Ganja
    assert place_recipients(["E2"], ["E1"], c) == []  # Azerbaijan in Ganja
    assert place_recipients(["E7"], ["E5"], CountryOf(_doc([CODED_CITY, OWN_ARMY], PLACES))) == []
    assert place_recipients(["E8", "E2"], ["E5"], c) == []  # Yerevan: no Armenia entity either


def test_an_unresolved_place_entity_is_no_recipient():
    c = CountryOf(_doc([Entity("E9", "Kidal", "PLACE"), INVADER], []))
    assert place_recipients(["E9"], ["E4"], c) == []


# --- through the pipeline, on our own sentences -----------------------------------------------

@pytest.fixture(scope="module")
def analyse(pipeline):
    return lambda text: pipeline(text, published="2021-04-08")


@pytest.mark.parametrize("text, actor, country, place", [
    ("Azerbaijan welcomed the visit. The Turkish foreign minister visited Ganja on Monday.",
     "Turkish", "Azerbaijan", "Ganja"),
    ("Russian artillery shelled Kharkiv overnight, Ukraine's emergency service said.", "Russia", "Ukraine", "Kharkiv"),
    ("Rebels attacked the town of Kidal in northern Mali on Sunday.", "Rebels", "Mali", "Kidal"),
])
def test_the_country_is_the_recipient_and_the_place_the_location(analyse, text, actor, country, place):
    a = analyse(text)
    ev = next(e for e in a.events if e.category in ("CONSULT", "ASSAULT"))
    assert any(actor.lower() in n.lower() for n in _names(a, ev.actors))
    assert _names(a, ev.recipients) == {country}
    assert ev.place and a.place(ev.place).name == place
    assert place in ev.evidence.text  # the evidence still shows where


def test_no_country_named_keeps_the_event_with_its_place(analyse):
    a = analyse("The German chancellor will visit Lyon next week. Rebels shelled Aleppo on Sunday.")
    visit = next(e for e in a.events if e.category == "CONSULT")
    attack = next(e for e in a.events if e.category == "ASSAULT")
    assert visit.recipients == [] and a.place(visit.place).name == "Lyon"
    assert attack.recipients == [] and a.place(attack.place).name == "Aleppo"


def test_country_names_stay_recipients(analyse):
    a = analyse("Turkey will support Azerbaijan. Iran attacked Iraq on Sunday.")
    assert {frozenset(_names(a, e.recipients)) for e in a.events} >= {frozenset({"Azerbaijan"}), frozenset({"Iraq"})}


def test_own_forces_in_their_own_city_are_no_accusation(analyse):
    """The government reporting its own army's strike accuses nobody; another country's does."""
    own = analyse("Syria said its army shelled Idlib on Tuesday.")
    assert not [e for e in own.events if e.category == "ACCUSE"]
    strike = next(e for e in own.events if e.category == "ASSAULT")
    assert strike.recipients == [] and own.place(strike.place).name == "Idlib"
    other = analyse("Ukraine said Russian forces shelled Kharkiv on Tuesday.")
    accuse = next(e for e in other.events if e.category == "ACCUSE")
    assert _names(other, accuse.actors) == {"Ukraine"}


def test_no_event_has_a_bare_place_as_recipient(analyse, founding):
    texts = ["Azerbaijan welcomed the visit. The Turkish foreign minister visited Ganja and Baku on Monday.",
             "Armenia shelled Ganja, Azerbaijan's second city, on Sunday.",
             "Protesters marched in Lyon. The delegation visited the Middle East. Obama will visit Texas next week.",
             "Israeli jets bombed Gaza City on Monday, Israel said."]
    for article in [founding, *(analyse(t) for t in texts)]:
        assert _bare_places(article) == [], article.text[:80]


def test_a_place_the_user_dictionary_codes_is_kept(tmp_path):
    actors = tmp_path / "t.actors.txt"
    actors.write_text("KHARKIV [UKR]\n", encoding="utf-8")
    a = dateline.analyze("Russian artillery shelled Kharkiv on Tuesday.", published="2021-04-08", actors=str(actors))
    ev = next(e for e in a.events if e.category == "ASSAULT")
    coded = [a.entity(r) for r in ev.recipients]
    assert [(e.name, e.actor.code) for e in coded] == [("Kharkiv", "UKR")]
