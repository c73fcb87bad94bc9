"""Unit tests per stage of the foundation: each stage runs alone on a prepared Document."""

import pytest

from dateline.document import Document
from dateline.errors import DatelineError
from dateline.pipeline import Pipeline, Stage, check_order, default_stages
from dateline.readers.wire_text import parse_wire
from dateline.stages import metadata, reading
from dateline.stages.metadata import detect_language, parse_month_day


def doc_of(raw, resources=None, **hints):
    return Document(raw=raw, resources=resources, hints=hints)


def test_reading_strips_furniture():
    d = doc_of("date 2021-04-08 Details added: first version posted on 12:01\n\nBAKU, Azerbaijan, Apr.8\n\n"
               "By Elchin Mehdiyev - Trend:\n\nThe OIC will continue.")
    reading.read(d)
    assert d.text == "The OIC will continue."


@pytest.mark.parametrize("raw, dateline, agency, body", [
    ("SALVADOR, Feb 26 - Brazil said today it would pay.", "SALVADOR, Feb 26", None, "Brazil said today it would pay."),
    ("TALLAHASSEE, Fla. (AP) \u2014 The governor spoke.", "TALLAHASSEE, Fla. (AP)", "AP", "The governor spoke."),
    ("PARIS (AFP) - France said.", "PARIS (AFP)", "AFP", "France said."),
    ("The president said on Monday that talks failed.", None, None, "The president said on Monday that talks failed."),
])
def test_wire_datelines(raw, dateline, agency, body):
    p = parse_wire(raw)
    assert p.dateline_text == dateline
    assert p.agency == agency
    assert p.body == body


def test_reading_refuses_empty():
    with pytest.raises(DatelineError) as e:
        reading.read(doc_of("  \n "))
    assert e.value.code == "E001"


def test_metadata_dates_and_language():
    d = doc_of("SALVADOR, Feb 26 - Brazil said today it would suspend payments on its debt.", published="1987-03-01")
    reading.read(d)
    metadata.extract_metadata(d)
    m = d.article.article
    assert m.dateline.date == "1987-02-26"
    assert m.language == "en" and m.analysed
    assert d.article.id


def test_month_day_year_rollback():
    import datetime as dt

    assert parse_month_day("Dec 30", dt.date(2021, 1, 2)) == "2020-12-30"
    assert parse_month_day("Apr.8", dt.date(2021, 4, 8)) == "2021-04-08"
    assert parse_month_day("Nov. 10, 2020", None) == "2020-11-10"


def test_non_english_is_marked_not_analysed():
    assert detect_language("Le gouvernement a annoncé mardi une nouvelle réforme des retraites pour les "
                           "fonctionnaires.") == "und"


def test_stage_order_is_checked():
    stages = default_stages()
    check_order(stages)
    with pytest.raises(DatelineError) as e:
        check_order(list(reversed(stages)))
    assert e.value.code == "E015"


def test_pipeline_records_timings(pipeline):
    pipeline("PARIS (AFP) - France said on Monday it would send aid to Haiti.")
    assert {"reading", "nlp", "entities", "events"} <= set(pipeline.timings)


def test_pipe_matches_single_calls(pipeline):
    texts = ["PARIS (AFP) - France said on Monday it would send aid.", "Germany criticised Russia on Tuesday."]
    batch = [a.to_dict() for a in pipeline.pipe([(t, {"published": "2020-01-01"}) for t in texts])]
    single = [pipeline(t, published="2020-01-01").to_dict() for t in texts]
    assert batch == single


def test_unknown_option_rejected():
    import dateline

    with pytest.raises(DatelineError) as e:
        dateline.analyze("text", colour="blue")
    assert e.value.code == "E010"
