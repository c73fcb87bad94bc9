"""Metadata: wire furniture, author cleaning, dates with zones, language, provenance; the evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.document import Document
from dateline.readers import RawArticle, iter_articles
from dateline.readers.bylines import agencies, agency, clean_authors, parse_credits
from dateline.readers.timestamps import normalise_datetime
from dateline.readers.wire_text import parse_wire
from dateline.resources import Resources
from dateline.stages import metadata, reading
from dateline.stages.metadata import identify_language, parse_month_day

from .conftest import shared_path

FIX = Path(__file__).parent / "fixtures" / "readers"


@pytest.fixture(scope="module")
def resources():
    return Resources()


def meta_of(raw: str | RawArticle, resources, **hints):
    if isinstance(raw, RawArticle):
        raw, hints = raw.text, {**raw.hints, **hints}
    doc = Document(raw=raw, resources=resources, hints=hints)
    reading.read(doc)
    metadata.extract_metadata(doc)
    return doc


# --- wire furniture -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, text, place, date", [
    ("SALVADOR, Feb 26 - Brazil said.", "SALVADOR, Feb 26", "SALVADOR", "Feb 26"),
    ("KABUL, Oct 3 (Reuters) - Officials said.", "KABUL, Oct 3 (Reuters)", "KABUL", "Oct 3"),
    ("TALLAHASSEE, Fla. (AP) \u2014 The governor spoke.", "TALLAHASSEE, Fla. (AP)", "TALLAHASSEE, Fla.", None),
    ("PARIS (AFP) - France said.", "PARIS (AFP)", "PARIS", None),
    ("STRELSAU, Ruritania, Jan 5 (AFP) - Farmers marched.", "STRELSAU, Ruritania, Jan 5 (AFP)", "STRELSAU, Ruritania", "Jan 5"),
    ("PORTLAND, Ore., Feb 26 - The company said.", "PORTLAND, Ore., Feb 26", "PORTLAND, Ore.", "Feb 26"),
    ("RIO DE JANEIRO, March 5 - Brazil said.", "RIO DE JANEIRO, March 5", "RIO DE JANEIRO", "March 5"),
    ("Caracas, feb 26 - Venezuela said.", "Caracas, feb 26", "Caracas", "feb 26"),
    ("AMSTERDAM, 2 March - Dutch imports rose.", "AMSTERDAM, 2 March", "AMSTERDAM", "2 March"),
    ("NEW DELHI: The government said on Monday.", "NEW DELHI", "NEW DELHI", None),
    ("BAKU, Azerbaijan, Apr.8\n\nThe OIC said.", "BAKU, Azerbaijan, Apr.8", "BAKU, Azerbaijan", "Apr.8"),
])
def test_datelines(raw, text, place, date):
    p = parse_wire(raw)
    assert (p.dateline_text, p.dateline_place, p.dateline_date) == (text, place, date)
    assert raw[p.dateline_span[0]:p.dateline_span[1]] == text


@pytest.mark.parametrize("raw", [
    "The president said on Monday that talks failed.",
    "UPDATE: The president said on Monday that talks failed.",
    "Pay March 31\n\nRecord March 13",
    "John Smith, the minister, said on Monday - in a speech - that talks failed.",
])
def test_no_dateline_where_there_is_none(raw):
    assert parse_wire(raw).dateline_text is None


def test_reuters_update_headline_adds_note_and_credits(resources):
    d = meta_of(next(iter_articles([FIX / "wire_reuters_update.txt"])), resources, published="2026-03-03T09:00:00Z")
    m = d.article.article
    assert m.title == "Ruritania central bank raises rates to defend currency"
    assert m.versions == ["Update 2", "Adds minister's comments, paragraphs 4-5"]
    assert m.credits == {"reporting": ["Anna Kovacs", "Peter Lind"], "editing": ["Mark Brown"]}
    assert m.authors == ["Anna Kovacs", "Peter Lind"] and m.provenance["authors"] == "wire-credits"
    assert m.source == "Reuters" and m.dateline.date == "2026-03-03"
    assert d.text.startswith("Ruritania's central bank") and d.text.endswith("backed the decision.")
    assert d.scratch["dateline_place_text"] == "ZENDA"


def test_name_agency_byline_and_headline(resources):
    d = meta_of(next(iter_articles([FIX / "wire_byline_agency.txt"])), resources)
    m = d.article.article
    assert m.title == "Farmers protest over subsidy cuts" and m.provenance["title"] == "wire-headline"
    assert m.authors == ["Jane Q. Public"] and m.source == "Associated Press"
    assert d.text.startswith("The farmers, who came")


def test_founding_header_and_byline(resources):
    raw = (Path(__file__).parent.parent / "examples" / "trend-2021-04-08-oic-azerbaijan.txt").read_text()
    m = meta_of(raw, resources).article.article
    assert m.published == "2021-04-08T12:01" and m.provenance["published"] == "wire-header"
    assert m.authors == ["Elchin Mehdiyev"] and m.source == "Trend"
    assert m.dateline.text == "BAKU, Azerbaijan, Apr.8" and m.dateline.date == "2021-04-08"
    assert "Details added" in m.versions[0]


def test_single_paragraph_credit_in_brackets():
    p = parse_wire("LONDON, May 2 - Britain said it would send aid. (Reporting by Kate Holton; Editing by Alex Richardson)")
    assert p.body == "Britain said it would send aid."
    assert p.credits == {"reporting": ["Kate Holton"], "editing": ["Alex Richardson"]}


# --- authors and agencies -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, names, found", [
    ("By STEVE PEOPLES, Associated Press", ["Steve Peoples"], ["Associated Press"]),
    ("By Cal Mankowski, Reuters", ["Cal Mankowski"], ["Reuters"]),
    ("By Elchin Mehdiyev - Trend:", ["Elchin Mehdiyev"], ["Trend"]),
    ("Jane Doe and John Smith", ["Jane Doe", "John Smith"], []),
    ("Jane Doe | Political Editor", ["Jane Doe"], []),
    ("Jane Doe, Senior Correspondent; Omar Khan in Kabul", ["Jane Doe", "Omar Khan"], []),
    (["Maria Jones", "maria jones", "AFP"], ["Maria Jones"], ["Agence France-Presse"]),
    ("BBC News", [], []),
    ("Reuters Staff", [], ["Reuters"]),
    ("Af Ritzau", [], ["Ritzau"]),
    ("Written by Ana de la Cruz (ana@example.org)", ["Ana de la Cruz"], []),
])
def test_clean_authors(raw, names, found):
    assert clean_authors(raw) == (names, found)


def test_every_agency_entry_resolves_to_itself():
    table = agencies()
    assert len(table) > 60
    for alias, canonical in table.items():
        probe = alias if alias.isupper() else alias.title() if alias.islower() else alias
        assert agency(probe) == canonical or agency(alias) == canonical, alias
        assert clean_authors(f"By {canonical}")[0] == [], canonical


def test_parse_credits_roles():
    c = parse_credits("Reporting by A. Smith in Kabul and B. Jones; Additional reporting by C. Wu; Writing by D. Lee; "
                      "Editing by E. Fox")
    assert c == {"reporting": ["A. Smith", "B. Jones", "C. Wu"], "writing": ["D. Lee"], "editing": ["E. Fox"]}


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, iso", [
    ("2023-04-28T17:40:08Z", "2023-04-28T17:40:08+00:00"),
    ("2023-04-28 17:40:08+0200", "2023-04-28T17:40:08+02:00"),
    ("2023-04-28T17:40", "2023-04-28T17:40"),
    ("2023-04-28", "2023-04-28"),
    ("Mon, 26 Feb 2024 10:00:00 GMT", "2024-02-26T10:00:00+00:00"),
    (1714291200, "2024-04-28T08:00:00+00:00"),
    ("1714291200000", "2024-04-28T08:00:00+00:00"),
    ("April 8, 2021", "2021-04-08"),
    ("not a date", None),
    ("0001-01-01", None),
])
def test_normalise_datetime(value, iso):
    assert normalise_datetime(value) == iso


@pytest.mark.parametrize("text, anchor, iso", [
    ("Apr.8", dt.date(2021, 4, 8), "2021-04-08"),
    ("Feb 26", dt.date(1987, 2, 26), "1987-02-26"),
    ("Dec 30", dt.date(2021, 1, 2), "2020-12-30"),
    ("2 March", dt.date(1987, 3, 2), "1987-03-02"),
    ("FEb 26", dt.date(1987, 2, 27), "1987-02-26"),
    ("Sept. 3", dt.date(2020, 9, 4), "2020-09-03"),
    ("Feb 30", dt.date(2021, 3, 1), None),
])
def test_dateline_dates(text, anchor, iso):
    assert parse_month_day(text, anchor) == iso


def test_published_hint_with_zone_wins_and_dateline_resolves_against_it(resources):
    d = meta_of("KABUL, Oct 3 (Reuters) - Officials said on Tuesday that talks would resume.", resources,
                published="2023-10-03T08:15:00Z", provenance={"published": "json-ld"})
    m = d.article.article
    assert m.published == "2023-10-03T08:15:00+00:00" and m.provenance["published"] == "json-ld"
    assert m.dateline.date == "2023-10-03"


def test_dateline_date_stands_in_for_a_missing_publication_date(resources):
    m = meta_of("ZENDA, March 2, 1987 - The ministry said it would raise payments.", resources).article.article
    assert m.published == "1987-03-02" and m.provenance["published"] == "dateline"


# --- language -----------------------------------------------------------------------------------

def test_non_english_is_stored_with_its_language_and_not_analysed(resources):
    items = list(iter_articles([FIX / "articles.jsonl"]))
    m = meta_of(items[1], resources).article.article
    assert m.language == "fr" and m.analysed is False and m.provenance["language"] == "detected"


def test_detected_language_overrides_a_template_declaration(resources):
    text = ("Die Bundesregierung hat am Montag beschlossen, die Hilfe f\u00fcr die Ukraine auszuweiten. "
            "Der Kanzler sagte in Berlin, man werde die Lieferungen fortsetzen, solange es n\u00f6tig sei. ") * 2
    m = meta_of(text, resources, language_declared="en").article.article
    assert m.language == "de" and not m.analysed


def test_english_needs_no_model():
    assert identify_language("The minister said on Monday that the talks with the rebels would resume in "
                             "the capital next week, and that the government was ready to make concessions "
                             "if the other side agreed to a ceasefire.") == ("en", 1.0)


def test_caller_language_wins(resources):
    m = meta_of("Short text here.", resources, language="es").article.article
    assert m.language == "es" and not m.analysed and m.provenance["language"] == "input"


# --- readers end to end -------------------------------------------------------------------------

def test_html_article_metadata_end_to_end(resources):
    d = meta_of(next(iter_articles([FIX / "article.html"])), resources)
    m = d.article.article
    assert m.title == "Ruritania closes border crossings" and m.provenance["title"] == "json-ld"
    assert m.authors == ["Maria Jones", "Tom Baker"] and m.provenance["authors"] == "json-ld"
    assert m.published == "2023-05-16T09:30:00+02:00" and m.updated == "2023-05-16T14:05:00+02:00"
    assert m.source == "The Daily Example" and m.url == "https://example.org/world/ruritania-border"
    assert m.language == "en" and m.analysed
    assert m.dateline.text == "STRELSAU (AP)" and d.text.startswith("Ruritania closed all four crossings")


def test_sgml_story_metadata(resources):
    story = next(iter(iter_articles([FIX / "stories.sgm"])))
    d = meta_of(story, resources)
    m = d.article.article
    assert m.dateline.text == "ZENDA, March 2" and m.dateline.date == "1987-03-02"
    assert m.published == "1987-03-03T10:15:00" and m.authors == ["Jos\u00e9 Garc\u00eda"] and m.source == "Reuters"
    assert m.origin.endswith("stories.sgm#101")


def test_encoding_warning_reaches_the_article(tmp_path, resources):
    p = tmp_path / "x.txt"
    p.write_bytes("LONDON, May 2 - Britain said the caf\u00e9 owners would be compensated.".encode("latin-1"))
    m = meta_of(next(iter_articles([p])), resources).article.article
    assert m.warnings and "decoded as" in m.warnings[0]


# --- evaluation (needs ../shared) ---------------------------------------------------------------

def test_metadata_eval_reuters_small():
    from dateline.evaluation.metadata import evaluate

    r = evaluate(shared_path("corpora", "reuters21578"), limit=300)
    assert r["stories_with_dateline"] == 300
    assert r["dateline_text_parsed"] >= 0.97 and r["dateline_date"] >= 0.95


def test_metadata_eval_htmldate_small():
    from dateline.evaluation.metadata import evaluate, render

    r = evaluate(shared_path("eval", "metadata", "htmldate"), limit=10)
    assert r["pages"] == 10 and 0 <= r["date_accuracy"]["dateline"] <= 1
    assert "htmldate" in render(r)
