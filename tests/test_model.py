import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import (Article, Entity, Event, EventDate, Mention, Place, Quote, TimeExpression,
                            article_id, normalise_text)


def sample_article() -> Article:
    text = "Sengendo said the OIC will support Azerbaijan on Apr.8."
    return Article(
        id=article_id(text), text=text,
        entities=[Entity("E1", "Sengendo", "PERSON", [Mention.of(text, 0, 8)])],
        places=[Place("P1", "Azerbaijan", 587116, "AZ", "country", 40.5, 47.5, [Mention.of(text, 35, 45)])],
        times=[TimeExpression("T1", "Apr.8", 49, 54, "DATE", "2021-04-08", "2021-04-08", "2021-04-08")],
        quotes=[Quote("Q1", text[14:54], 14, 54, "indirect", Mention.of(text, 9, 13), "E1", "Sengendo",
                      Mention.of(text, 0, 8))],
        events=[Event("V1", "SUPPORT", Mention.of(text, 14, 45), actors=["E2"], recipients=["E3"],
                      date=EventDate("2021-04-08", "2021-04-08", "2021-04-08", "explicit"), attributed_to="E1")],
    )


def test_json_round_trip_is_lossless():
    a = sample_article()
    again = Article.from_json(a.to_json())
    assert again == a
    assert json.loads(again.to_json()) == json.loads(a.to_json())


def test_contract_keys_and_order():
    d = sample_article().to_dict()
    assert list(d)[:8] == ["id", "article", "text", "entities", "places", "times", "quotes", "events"]
    assert set(d["events"][0]["flags"]) == {"historical", "future", "hypothetical", "negated"}
    assert set(d["events"][0]["date"]) >= {"value", "begin", "end", "basis"}


def test_unknown_fields_are_ignored_when_reading():
    d = sample_article().to_dict()
    d["entities"][0]["added_later"] = 1
    d["added_later"] = {}
    assert Article.from_dict(d).entities[0].name == "Sengendo"


def test_id_is_hash_of_normalised_text():
    assert article_id("a  b\n") == article_id("a b")
    assert normalise_text("  x\t y ") == "x y"


@settings(max_examples=200, deadline=None)
@given(st.text(), st.data())
def test_mention_of_satisfies_span_invariant(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    m = Mention.of(text, start, end)
    assert text[m.start:m.end] == m.text
    assert Mention.from_dict(json.loads(json.dumps(m.__dict__))) == m
