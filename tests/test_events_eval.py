"""``dateline eval events``: the reader and matcher on our own fixture, and a floor on the shared
PETRARCH validation set (skipped without ../shared)."""

from __future__ import annotations

from dateline.evaluation.events import code_match, evaluate, read_records

from .conftest import shared_path

FIXTURE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# comment lines like PETRARCH's are no XML
<Sentences>
<Sentence category="T" date="20210302" id="ONE" evaluate="true">
<EventCoding eventcode="190" sourcecode="RUS" targetcode="UKR" />
<Text>
Russia attacked Ukraine on Tuesday.
</Text>
</Sentence>
<Sentence category="T" date="20210302" id="TWO" evaluate="true">
<EventCoding noevents="True" />
<Text>
The weather was mild in Paris.
</Text>
</Sentence>
<Sentence category="T" date="20210302" id="THREE" evaluate="true">
<EventCoding eventcode="010" sourcecode="FRA" targetcode="---" />
<Text>
</Text>
<Parse>
1	France	France	PROPN	NNP	_	2	nsubj	_	_
2	spoke	speak	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_
</Parse>
</Sentence>
</Sentences>
</Validation>
"""


def test_reader(tmp_path):
    path = tmp_path / "gold.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    recs = read_records(path)
    assert [r["id"] for r in recs] == ["ONE", "TWO", "THREE"]
    assert recs[0]["gold"] == [("RUS", "UKR", "190")] and recs[1]["noevents"]
    assert recs[2]["text"] == "France spoke."  # rebuilt from the parse


def test_code_match_conventions():
    assert code_match("IRQGOVMIL", "IRQGOV") and not code_match("USAGOV", "USA")
    assert code_match("USA", "USA") and code_match("---", "") and not code_match("---", "USA")
    assert code_match("---REB", "REB") and code_match("USAGOV", "USAGOV", 3) and code_match("USAGOV", "USA", 3)


def test_evaluate_on_fixture(tmp_path):
    path = tmp_path / "gold.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    result = evaluate(path)
    assert result["sentences"] == 3 and result["noevent_sentences"] == 1
    assert result["gold_codings"] == 2 and result["gold_codings_with_plover_category"] == 1  # 010 is dropped
    assert 0.0 <= result["correct"] <= 1.0 and result["false_event_rate"] == 0.0


def test_floor_on_petrarch_validation():
    data = shared_path("eval", "events", "UniversalPetrarch", "PETR2_GSR_validation.xml")
    d = shared_path("eval", "events", "petrarch2", "dictionaries")
    result = evaluate(data, actors=str(d / "Phoenix.Countries.actors.txt"), agents=str(d / "Phoenix.agents.txt"))
    assert result["sentences"] == 78
    # floors a few codings below the measured figures (docs/BENCHMARKS.md: 0.703 correct, 0.23 extra,
    # 2 of 12 no-event sentences coded): one or two codings of noise pass, a real drop does not
    assert result["correct_country_level"] >= 0.25 and result["correct"] >= 0.66
    assert result["extra_per_sentence"] <= 0.30 and result["false_event_rate"] <= 0.25
