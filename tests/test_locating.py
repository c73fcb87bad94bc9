"""Event location (dateline.locating) on sentences written for these tests, the shipped weights
table, and the event-location evaluator's reading and fitting."""

from __future__ import annotations

import json
import math
import re

import pytest

from dateline.evaluation import event_location as ev
from dateline.locating import (DEPS, KINDS, PREPS, TRIGGER_DEPS, WEIGHTS_FILE, locate_event_mention,
                               none_features, read_weights)

from .conftest import shared_path


def _doc(pipeline, text):
    from dateline.stages.nlp import parse

    doc = pipeline.new_document(text, {})
    for stage in pipeline.stages:
        if stage.name in ("times", "quotes", "events"):
            break
        parse(doc) if stage.name == "nlp" else stage.run(doc)
    return doc


def located(pipeline, text: str, verb: str) -> tuple[str | None, str | None]:
    doc = _doc(pipeline, text)
    trigger = next(t for t in doc.spacy if t.text == verb)
    place, mention, basis = locate_event_mention(doc, trigger)
    return (mention.text if mention is not None else None), basis


@pytest.mark.parametrize("text, verb, where", [
    ("Gunmen killed four villagers in Kandahar on Tuesday, officials said.", "killed", "Kandahar"),
    ("Police arrested two men near Lyon after a chase.", "arrested", "Lyon"),
    ("Thousands of protesters marched through central Nairobi on Saturday.", "marched", "Nairobi"),
    ("Demonstrators protested outside the embassy in Berlin.", "protested", "Berlin"),
    ("Soldiers patrolled the streets of Harare on Monday.", "patrolled", "Harare"),
])
def test_a_locative_phrase_on_the_trigger_locates_it(pipeline, text, verb, where):
    assert located(pipeline, text, verb) == (where, "explicit")


def test_a_nominal_trigger_is_located_by_its_of_phrase(pipeline):
    assert located(pipeline, "The shelling of Mariupol continued for a third day.", "shelling")[0] == "Mariupol"


def test_a_place_through_a_chain_of_locative_phrases(pipeline):
    # the attack is in the city: far in the tree, but every hop is a locative phrase
    text = "Three people were wounded in a bomb attack in the northern city of Kirkuk."
    assert located(pipeline, text, "wounded")[0] == "Kirkuk"


def test_the_town_not_the_country_it_lies_in(pipeline):
    assert located(pipeline, "Rebels shelled the town of Marawi in the southern Philippines overnight.",
                   "shelled")[0] == "Marawi"
    assert located(pipeline, "Troops captured the village of Tal Afar, 50 km west of Mosul.",
                   "captured")[0] == "Tal Afar"


def test_a_place_that_acts_or_names_an_actor_is_not_where(pipeline):
    assert located(pipeline, "Israel captured the Golan Heights in 1967.", "captured")[0] != "Israel"
    assert located(pipeline, "The president of France condemned the attack.", "condemned")[0] != "France"
    # "London-based" says where the group sits; the killing was in Idlib
    text = "A London-based monitoring group said troops killed nine civilians in Idlib."
    assert located(pipeline, text, "killed")[0] == "Idlib"


def test_the_origin_of_a_movement_is_not_where_it_ended(pipeline):
    assert located(pipeline, "The minister flew from Paris to Dakar for the summit.", "flew")[0] != "Paris"


def test_no_place_in_the_sentence_means_no_explicit_location(pipeline):
    assert located(pipeline, "The army said it had destroyed a weapons depot.", "destroyed") == (None, None)


def test_the_dateline_is_the_fallback_and_says_so(pipeline):
    doc = _doc(pipeline, "KABUL, Afghanistan (AP) -- The army said it had destroyed a weapons depot.")
    trigger = next(t for t in doc.spacy if t.text == "destroyed")
    place, mention, basis = locate_event_mention(doc, trigger)
    if doc.article.article.dateline is not None and doc.article.article.dateline.place:
        assert basis == "dateline" and mention is None and place.name == "Kabul"
    else:
        assert (place, basis) == (None, None)


# --- the weights table -------------------------------------------------------------------------

_DEP = r"(?:pobj:(?:%s)|[A-Za-z]+)" % "|".join(sorted(PREPS))
FEATURE = re.compile("|".join([
    r"bias|in_name|actor|unlinked|up_m|up_t|clauses|dominates|cost|prep_on_trigger|of_actor|place_noun_of",
    r"place_noun_head|place_noun_child|based|before|dist|trig=noun|trig_passive|finest|rank=[01]",
    r"places=(?:1|2|3\+)|NONE|NONE&places=(?:0|1|2|3\+)|NONE&place_on_trigger|NONE&trig=noun",
    r"NONE&tdep=(?:%s|other)|NONE&lemma=[a-z][a-z-]*" % "|".join(sorted(TRIGGER_DEPS)),
    r"prep=(?:%s|other|none)" % "|".join(sorted(PREPS)),
    r"trig_prep=(?:%s|other)" % "|".join(sorted(PREPS)),
    r"dep=(?:%s|other)" % "|".join(sorted(DEPS)),
    r"type=(?:%s|other)" % "|".join(sorted(KINDS)),
    r"path=(?:%s(?:/%s){0,3}(?:/\.\.\.)?)?\|[012]" % (_DEP, _DEP),
    r"tpath=(?:[A-Za-z]+(?:/[A-Za-z]+)?)?",
]))


def test_every_weight_is_a_feature_the_locator_emits():
    weights = read_weights(WEIGHTS_FILE)
    assert len(weights) > 50
    for name, w in weights.items():
        assert FEATURE.fullmatch(name), name
        assert math.isfinite(w) and abs(w) < 20, (name, w)


def test_weights_read_as_rules():
    """The signs an analyst expects: locative "in" for, agent "by" and origin "from" against, the
    most specific place for, a continent against."""
    w = read_weights(WEIGHTS_FILE)
    assert w["prep=in"] > 0 > w["prep=by"]
    assert w["prep=in"] > w["prep=from"]
    assert w["finest"] > 0 > w["type=continent"]
    assert w["place_noun_of"] > 0
    # reporting verbs are seldom placed in their sentence
    assert w.get("NONE&lemma=say", 0.0) > 0


# --- the evaluator -----------------------------------------------------------------------------

def _record(text, verb, locations, source="X", answer=None):
    def span(word, label):
        start = text.index(word)
        return {"start": start, "end": start + len(word), "label": label}

    rec = {"text": text, "source": source, "spans": [span(verb, "VERB")] + [span(w, "LOCATION") for w in locations]}
    if answer:
        rec["answer"] = answer
    return rec


def test_read_records_keeps_every_gold_place_and_drops_rejects(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps([
        _record("Jets bombed Homs and Hama on Friday.", "bombed", ["Homs", "Hama"]),
        _record("The army said it won.", "won", []),
        _record("Nobody knows.", "knows", [], answer="reject"),
    ]), encoding="utf-8")
    recs = ev.read_records(path)
    assert len(recs) == 2
    text = recs[0]["text"]
    assert [text[a:b] for a, b in recs[0]["golds"]] == ["Homs", "Hama"]
    assert recs[1]["golds"] == []


def test_fit_learns_which_option_is_right():
    """A synthetic choice problem: the option with feature "good" is right unless "none" is."""
    sets = []
    for i in range(200):
        nothing = i % 3 == 0
        feats = [{"bias": 1.0, "good": 1.0}, {"bias": 1.0, "bad": 1.0}, none_features(2)]
        if nothing:
            feats[0] = {"bias": 1.0, "bad": 1.0}
        sets.append({"features": feats, "right": [not nothing, False, nothing]})
    w = ev.fit(sets, min_count=1, steps=200)
    assert w["good"] > w.get("bad", 0.0)
    assert all(s["right"][ev.choose(w, s)] for s in sets)


def test_evaluate_scores_a_written_set(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps([
        _record("Gunmen killed four villagers in Kandahar on Tuesday.", "killed", ["Kandahar"]),
        _record("The army said it had destroyed a weapons depot.", "destroyed", []),
        _record("Jets bombed Homs and Hama on Friday.", "bombed", ["Homs", "Hama"]),
    ]), encoding="utf-8")
    result = ev.evaluate(path)
    assert result["sentences"] == 3 and result["with_gold_location"] == 2
    assert result["accuracy"] >= 2 / 3
    assert "accuracy_heldout" not in result  # too few sentences to refit


def test_event_location_slice_of_the_shared_data():
    data = shared_path("eval", "events", "event_location", "labeled_text.jsonl.zip")
    result = ev.evaluate(data, limit=400, heldout=False)
    # the first version scored 0.63-0.66 on slices like this one; the fitted locator ~0.74
    assert result["accuracy"] >= 0.68, result
