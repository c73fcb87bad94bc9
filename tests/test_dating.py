"""Event dating on parsed documents: the founding example's events and small stories of our own.

The documents are parsed with the pipeline's spaCy model and tagged by the times stage only, so
the tests do not depend on the events stage: date_event is called on chosen trigger tokens."""

from __future__ import annotations

import pytest

from dateline.dating import HISTORICAL_DAYS, date_event, is_historical
from dateline.model import EventDate

from .conftest import FOUNDING


def parsed(pipeline, raw: str, **hints):
    from dateline.stages.times import STAGE

    doc = pipeline.peek(raw, **hints)
    doc.spacy = pipeline.resources.nlp(doc.text)
    STAGE.run(doc)
    return doc


def token(doc, word: str, after: str | None = None, nth: int = 0):
    """The nth token spelled `word` (after the first occurrence of `after`, when given)."""
    start = doc.text.index(after) if after else 0
    found = [t for t in doc.spacy if t.text == word and t.idx >= start]
    assert len(found) > nth, (word, after)
    return found[nth]


@pytest.fixture(scope="module")
def founding_doc(pipeline):
    return parsed(pipeline, FOUNDING.read_text(encoding="utf-8"))


@pytest.mark.parametrize("word, after, value, begin, end, basis, historical", [
    ("claims", "territorial", "1988", "1988-01-01", "1988-12-31", "explicit", True),
    ("agreement", "ceasefire agreement", "1994", "1994-01-01", "1994-12-31", "explicit", True),
    ("ceasefire", "1994", "1994", "1994-01-01", "1994-12-31", "explicit", True),
    ("war", "44-day", "2020-09/2020-11", "2020-09-21", "2020-11-10", "explicit", True),
    ("shelled", None, "2020-09/2020-11", "2020-09-21", "2020-11-10", "inferred", True),
    ("ceasefire", "complete", "2020-11-10", "2020-11-10", "2020-11-10", "explicit", True),
    ("introduced", None, "2020-11-10", "2020-11-10", "2020-11-10", "explicit", True),
])
def test_founding_events(founding_doc, word, after, value, begin, end, basis, historical):
    date, hist = date_event(founding_doc, token(founding_doc, word, after))
    assert (date.value, date.begin, date.end, date.basis) == (value, begin, end, basis)
    assert hist is historical
    if date.time:
        assert any(t.id == date.time for t in founding_doc.article.times)


def test_founding_oic_statement_is_current(founding_doc):
    """"... will continue to support Azerbaijan, ... said, Trend reports on Apr.8": 2021-04-08."""
    for word in ("said", "support"):
        date, hist = date_event(founding_doc, token(founding_doc, word))
        assert date.value == "2021-04-08" and not hist


def test_remark_at_press_conference_is_not_dated_by_the_aside(founding_doc):
    """The parenthesis about the war dates the war, not the remark made at the press conference."""
    date, hist = date_event(founding_doc, token(founding_doc, "remark"))
    assert date.value == "2021-04-08" and date.basis == "publication" and not hist


def test_ensuing_war_is_not_the_2020_war(founding_doc):
    date, _ = date_event(founding_doc, token(founding_doc, "war", "ensuing"))
    assert date.value != "2020-09/2020-11"
    assert date.basis == "inferred" and date.begin.startswith("1988")


STORY = ("Rebels seized the town of Kafr on Monday, residents said.\n\n"
         "The army launched an offensive in March 2019. During the offensive, jets bombed two hospitals.\n\n"
         "Officials will meet next week to discuss a truce. The minister resigned last year. "
         "The government says it controls the region.")


@pytest.fixture(scope="module")
def story(pipeline):
    return parsed(pipeline, STORY, published="2021-04-08")


def test_weekday_prepositional(story):
    date, hist = date_event(story, token(story, "seized"))
    assert (date.value, date.basis, hist) == ("2021-04-05", "explicit", False)


def test_during_links_to_the_dated_episode(story):
    date, hist = date_event(story, token(story, "bombed"))
    assert (date.value, date.basis, hist) == ("2019-03", "inferred", True)


def test_relative_year_and_future(story):
    date, hist = date_event(story, token(story, "resigned"))
    assert (date.value, date.begin, date.end, date.basis, hist) == ("2020", "2020-01-01", "2020-12-31", "explicit", True)
    date, hist = date_event(story, token(story, "meet"))
    assert date.value == "2021-W15" and not hist


def test_present_tense_without_time_is_publication(story):
    date, hist = date_event(story, token(story, "controls"))
    assert (date.value, date.basis, hist) == ("2021-04-08", "publication", False)


def test_no_parse_or_no_times_falls_back_to_publication(pipeline):
    doc = parsed(pipeline, "Talks continue.", published="2021-04-08")
    date, hist = date_event(doc, doc.spacy[1])
    assert (date.value, date.basis, hist) == ("2021-04-08", "publication", False)


@pytest.mark.parametrize("end, historical", [
    ("2021-04-08", False), (f"2021-03-{8 + 31 - HISTORICAL_DAYS:02d}", False), ("2021-03-08", True), (None, False),
])
def test_historical_window(end, historical):
    import datetime as dt

    assert is_historical(EventDate(end=end), dt.date(2021, 4, 8)) is historical


def test_founding_quote_liberation_takes_the_war_interval(founding_doc):
    """"Azerbaijan liberated its lands," added the representative: the liberation reported two
    paragraphs before ("Aghdam district (liberated ... from late Sept. through early Nov.2020)")."""
    date, hist = date_event(founding_doc, token(founding_doc, "liberated", "Azerbaijan liberated"))
    assert (date.begin, date.end, date.basis) == ("2020-09-21", "2020-11-10", "inferred")
    assert hist


RETOLD = ("Government troops recaptured the port city of Zarin in March 2019 after a long siege.\n\n"
          "The defence minister visited the port on Tuesday.\n\n"
          "\"Our soldiers recaptured the city and the people are free,\" he said.\n\n"
          "Rebels attacked an army base in 2014.\n\n"
          "Rebels attacked a convoy near the border, officials said.\n\n"
          "Police arrested a smuggler in 2016.\n\n"
          "The talks were slow.\n\nThe roads were closed.\n\nThe bridge was repaired.\n\nThe schools opened.\n\n"
          "Police arrested a smuggler, the report said.")


@pytest.fixture(scope="module")
def retold(pipeline):
    return parsed(pipeline, RETOLD, published="2021-04-08")


def test_repeated_predicate_in_a_quote_takes_the_reported_date(retold):
    """A quote re-telling a reported event ("recaptured the city") takes that event's date, though
    another date (the minister's visit) came in between."""
    date, hist = date_event(retold, token(retold, "recaptured", "Our soldiers"))
    assert (date.value, date.basis, hist) == ("2019-03", "inferred", True)


def test_reporting_verbs_do_not_link(retold):
    date, _ = date_event(retold, token(retold, "said", "Our soldiers"))
    assert date.basis == "publication"


@pytest.mark.parametrize("word, after", [
    ("attacked", "Rebels attacked a convoy"),  # another object: another attack, not the one of 2014
    ("arrested", "The schools opened"),  # the earlier arrest is more than COREF_PARAGRAPHS paragraphs back
])
def test_repeated_predicate_limits(retold, word, after):
    date, hist = date_event(retold, token(retold, word, after))
    assert (date.basis, hist) == ("publication", False), date


OPEN_TENSE = ("Exporters signed a textile agreement in July 2019.\n\n"
              "Officials said the United States had signed better agreements with other countries.\n\n"
              "The contracts traded in February 2020 were worth $3 billion.\n\n"
              "The contracts currently traded on the exchange are bonds and bills.\n\n"
              "The tariffs were imposed in 2018.\n\n"
              "Under the new rules, exporters are allowed to ship more.\n\n"
              "Exporters were allowed to ship more.")


@pytest.fixture(scope="module")
def open_tense(pipeline):
    return parsed(pipeline, OPEN_TENSE, published="2021-04-08")


@pytest.mark.parametrize("word, after, basis", [
    ("signed", "United States had", "publication"),  # a pluperfect sets its event before the narrative's
    ("traded", "currently", "publication"),          # a bare participle's tense is open
    ("allowed", "Under the new rules", "publication"),  # "are allowed" is present, no past context
])
def test_repeated_predicate_needs_a_simple_past(open_tense, word, after, basis):
    date, _ = date_event(open_tense, token(open_tense, word, after))
    assert date.basis == basis, date


def test_is_past_reads_the_auxiliaries(open_tense):
    from dateline.dating import _is_past

    assert not _is_past(token(open_tense, "allowed", "Under the new rules"))
    assert _is_past(token(open_tense, "allowed", "Exporters were"))
    assert _is_past(token(open_tense, "imposed"))


@pytest.mark.parametrize("raw, published, value", [
    # the story's own day (its dateline, the feed stamp a day later) dates what it reports as current
    ("WASHINGTON, Aug 13 (Xinhua) -- The minister praises the new agreement in a statement.", "2021-08-14",
     "2021-08-13"),
    ("The minister praises the new agreement in a statement.", "2021-08-14", "2021-08-14"),
])
def test_publication_basis_is_the_story_day(pipeline, raw, published, value):
    doc = parsed(pipeline, raw, published=published)
    date, _ = date_event(doc, token(doc, "praises"))
    assert (date.value, date.basis) == (value, "publication")
