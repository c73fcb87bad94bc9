"""The foundation's done-when on the founding example (the stage issues add their own checks)."""

from dateline.model import Article


def test_metadata(founding):
    m = founding.article
    assert m.published == "2021-04-08T12:01"
    assert m.authors == ["Elchin Mehdiyev"]
    assert m.source == "Trend"
    assert m.dateline.text == "BAKU, Azerbaijan, Apr.8"
    assert m.dateline.date == "2021-04-08"
    assert m.provenance["published"] == "wire-header"


def test_body_has_no_furniture(founding):
    assert founding.text.startswith("The Organization of Islamic Cooperation")
    assert "Elchin Mehdiyev" not in founding.text
    assert "Details added" not in founding.text
    assert "BAKU" not in founding.text


def test_all_sections_present_and_round_trip(founding):
    d = founding.to_dict()
    for key in ("id", "article", "text", "entities", "places", "times", "quotes", "events"):
        assert key in d
    assert Article.from_dict(d) == founding


def test_spans_point_into_text(founding):
    count = 0
    for kind, m in founding.spans():
        assert founding.text[m.start:m.end] == m.text, (kind, m)
        count += 1
    assert count > 10
