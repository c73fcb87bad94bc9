"""PETRARCH/TABARI actor and agent dictionaries: parsing, date-restricted codes, use in the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.dictionaries import load_actors, load_agents, parse_code, parse_date, words
from dateline.errors import DatelineError

from .conftest import shared_path

ACTORS = """\
# a comment line
<!-- an XML comment block
     spanning lines -->
FREEDONIA_  [FRD]
+FREEDONIAN_
+REPUBLIC_OF_FREEDONIA
RUFUS_T._FIREFLY_  # a leader whose role changed
+PRESIDENT_FIREFLY
\t[FRDELI 300101-331231]
\t[FRDGOV >340101]
\t[FRDELI]
SYLVANIA [SYL]
TRENTINO_
\t[SYLGOV <330601]
\t[SYLOPP 330601-991231]
AMBASSADOR_TRENTINO [---]
BROKEN_ENTRY [FRDGOV 9901011-990101]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
FARMER [~AGR]
DAIRY!PERSON! [~AGR]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
ARMED_POLICE {} [~COP]
GREEN_PARTY [~ENV}  # a real-world typo: closing brace
"""


@pytest.fixture()
def actor_file(tmp_path):
    p = tmp_path / "test.actors.txt"
    p.write_text(ACTORS, encoding="utf-8")
    return p


@pytest.fixture()
def agent_file(tmp_path):
    p = tmp_path / "test.agents.txt"
    p.write_text(AGENTS, encoding="utf-8")
    return p


def test_dates_and_code_rules():
    assert parse_date("031031") == dt.date(2003, 10, 31)
    assert parse_date("881231") == dt.date(1988, 12, 31)
    assert parse_date("19280101") == dt.date(1928, 1, 1)
    assert parse_date("9008223") is None
    rule = parse_code("AZEGOV >031031")
    assert rule.code == "AZEGOV" and rule.start == dt.date(2003, 10, 31) and rule.end is None
    assert parse_code("ARMGOV <900823").end == dt.date(1990, 8, 23)
    assert parse_code("EGYGOV > 140608").start == dt.date(2014, 6, 8)  # a space after ">" occurs in Phoenix
    assert parse_code("---").code is None


def test_actor_synonyms_and_dates(actor_file):
    d = load_actors(actor_file)
    assert d.lookup("Freedonia", None) == "FRD"
    assert d.lookup("Republic of Freedonia", None) == "FRD"
    assert d.lookup("Freedonian", None) == "FRD"
    assert d.lookup("Rufus T. Firefly", dt.date(1931, 5, 1)) == "FRDELI"
    assert d.lookup("President Firefly", dt.date(1935, 1, 1)) == "FRDGOV"
    assert d.lookup("Trentino", dt.date(1932, 1, 1)) == "SYLGOV"
    assert d.lookup("Trentino", dt.date(1940, 1, 1)) == "SYLOPP"
    assert d.lookup("Ambassador Trentino", None) is None  # [---]: do not code
    assert d.lookup("Sylvania", None) == "SYL"  # space-separated phrase
    assert d.lookup("Grand Fenwick", None) is False
    assert d.lookup("Broken Entry", None) is False or d.lookup("Broken Entry", None) is None


def test_agents_plurals_and_substitutions(agent_file):
    d = load_agents(agent_file)
    get = lambda s: d.index.get(words(s))
    assert get("farmer") == "AGR" and get("farmers") == "AGR"
    assert get("dairyman") == "AGR" and get("dairywomen") == "AGR"
    assert get("chambers of commerce") == "BUS"
    assert get("armed police") == "COP" and get("armed polices") is None
    assert get("green party") == "ENV"


def test_unparsable_files_raise_e013(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing here\n")
    with pytest.raises(DatelineError) as e:
        load_actors(empty)
    assert e.value.code == "E013"
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(DatelineError):
        load_agents(binary)
    with pytest.raises(DatelineError):
        load_actors(tmp_path / "missing.txt")


def test_pipeline_uses_user_dictionaries_by_article_date(actor_file, agent_file):
    import dateline

    text = "Rufus T. Firefly said on Monday that Freedonian farmers would protest."
    early = dateline.analyze(text, published="1931-06-01", actors=str(actor_file), agents=str(agent_file))
    late = dateline.analyze(text, published="1935-06-01", actors=str(actor_file), agents=str(agent_file))
    person = lambda a: next(e for e in a.entities if any(m.text == "Rufus T. Firefly" for m in e.mentions))
    assert person(early).actor.code == "FRDELI" and person(early).actor.source.startswith("dictionary:")
    assert person(late).actor.code == "FRDGOV"


def test_phoenix_dictionaries_load():
    base = shared_path("eval", "events", "petrarch2", "dictionaries")
    countries = load_actors(base / "Phoenix.Countries.actors.txt")
    assert countries.lookup("Armenia", dt.date(2021, 4, 8)) == "ARM"
    assert countries.lookup("Armenian", dt.date(1989, 1, 1)) == "USRARM"  # Soviet Armenia before 1990-08-23
    international = load_actors(base / "Phoenix.International.actors.txt")
    assert international.lookup("UN", None) == "IGOUNO"
    assert international.lookup("U.N.", None) is False  # listed without a code line in Phoenix
    agents = load_agents(base / "Phoenix.agents.txt")
    assert agents.index.get(words("farmers")) == "AGR"
