"""Event location (dateline.locating) on sentences written for these tests, the shipped weights
table, and the event-location evaluator's reading and fitting."""

from __future__ import annotations

import json
import math
import re

import pytest

from dateline.evaluation import event_location as ev
from dateline.locating import (CLAUSE_DEPS, DEPS, KINDS, NER_LABELS, PREPS, TRIGGER_DEPS, WEIGHTS_FILE,
                               locate_event_mention, none_features, read_weights)

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
    r"loc_chain|poss_place|container|top_prep=(?:%s|other)" % "|".join(sorted(PREPS)),
    r"places=(?:1|2|3\+)|NONE|NONE&places=(?:0|1|2|3\+)|NONE&place_on_trigger|NONE&trig=noun",
    r"NONE&tdep=(?:%s|other)|NONE&lemma=[a-z][a-z-]*" % "|".join(sorted(TRIGGER_DEPS)),
    r"prep=(?:%s|other|none)" % "|".join(sorted(PREPS)),
    r"trig_prep=(?:%s|other)" % "|".join(sorted(PREPS)),
    r"dep=(?:%s|other)" % "|".join(sorted(DEPS)),
    r"type=(?:%s|other)" % "|".join(sorted(KINDS)),
    r"path=(?:%s(?:/%s){0,3}(?:/\.\.\.)?)?\|[012]" % (_DEP, _DEP),
    r"tpath=(?:[A-Za-z]+(?:/[A-Za-z]+)?)?",
    r"(?:only&)?plen=(?:1|2|3|4-5|6\+)|same_clause|other_clause|trel=(?:%s)" % "|".join(sorted(CLAUSE_DEPS)),
    r"(?:only&)?mrel=(?:%s)" % "|".join(sorted(CLAUSE_DEPS)),
    r"NONE&near_plen=(?:1|2|3|4-5|6\+)|NONE&no_same_clause",
    r"dbin=[ab](?:1-3|4-7|8-15|16\+)|ner=(?:%s|none|other)" % "|".join(sorted(NER_LABELS)),
    r"(?:phead|vhead|modhead)=(?:[a-z][a-z-]*|[A-Z]+)|NONE&thead=[a-z][a-z-]*",
    r"(?:prep=(?:%s|other|none)|dep=(?:%s|other)|actor|in_name|prep_on_trigger)&type=(?:%s|other)"
    % ("|".join(sorted(PREPS)), "|".join(sorted(DEPS)), "|".join(sorted(KINDS))),
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
    # the first version scored 0.63-0.66 on slices like this one; the fitted locator ~0.74; with
    # unresolved names and the preposition-chain features 0.780; with the words a place hangs on 0.8225
    assert result["accuracy"] >= 0.81, result


# --- names the gazetteer lacks (stages/places/locative.py, unresolved) -------------------------

UNKNOWN = "Zarqoun Tawil"  # a made-up village: no gazetteer spelling of it exists


def _unresolved(nlp, text):
    """(text, gazetteer keys, context) of the locative names in ``text``, unknown ones included."""
    from dateline.gazetteer import load_gazetteer
    from dateline.stages.places.locative import load_cues, locative_spans
    from dateline.stages.places.recognise import NOT_PLACES

    sdoc = nlp(text)
    found = locative_spans(sdoc, load_gazetteer(), [False] * len(sdoc), {}, NOT_PLACES, load_cues(), unresolved=True)
    return [(sdoc[a:b].text, keys, ctx) for a, b, keys, ctx in found]


@pytest.mark.parametrize("text, verb", [
    (f"Rebels shelled the village of {UNKNOWN} overnight.", "shelled"),
    (f"Clashes erupted in {UNKNOWN} on Monday.", "erupted"),
    ("The army stormed the Zarqoun Gorge at dawn.", "stormed"),
])
def test_a_name_the_gazetteer_lacks_is_kept_unresolved_and_can_be_chosen(pipeline, text, verb):
    doc = _doc(pipeline, text)
    unresolved = [p for p in doc.article.places if p.source == "rule:locative"]
    assert len(unresolved) == 1, doc.article.places
    p = unresolved[0]
    assert p.lat is None and p.lon is None and p.geonames_id is None and p.feature is None
    assert p.name.startswith("Zarqoun")
    trigger = next(t for t in doc.spacy if t.text == verb)
    place, mention, basis = locate_event_mention(doc, trigger)
    assert place is p and basis == "explicit"


def test_the_known_only_contract_of_locative_spans_is_kept(pipeline):
    """Without ``unresolved`` only gazetteer names come back (the places tests rely on it)."""
    from dateline.gazetteer import load_gazetteer
    from dateline.stages.places.locative import load_cues, locative_spans
    from dateline.stages.places.recognise import NOT_PLACES

    sdoc = pipeline.resources.nlp(f"Clashes erupted in {UNKNOWN} on Monday.")
    assert locative_spans(sdoc, load_gazetteer(), [False] * len(sdoc), {}, NOT_PLACES, load_cues()) == []


def test_every_bare_preposition_makes_an_unknown_name_a_place_and_no_other_does(pipeline):
    from dateline.stages.places.locative import load_cues

    nlp, cues = pipeline.resources.nlp, load_cues()
    for prep in cues["bare_prep"]:
        got = _unresolved(nlp, f"Three soldiers were killed {prep} {UNKNOWN} on Monday.")
        assert (UNKNOWN, [], "prep") in got, (prep, got)
    for prep in cues["prep"] - cues["bare_prep"]:  # "to X", "from X" as often name an organisation
        assert _unresolved(nlp, f"Three soldiers were killed {prep} {UNKNOWN} on Monday.") == [], prep


def test_an_unknown_name_needs_more_than_a_preposition_before_an_article_or_an_odd_spelling(pipeline):
    nlp = pipeline.resources.nlp
    assert _unresolved(nlp, "The players met in the Final Four last year.") == []
    assert _unresolved(nlp, "He spoke at ThinkProgress on Monday.") == []  # a capital inside a word
    assert _unresolved(nlp, "The fee was paid at R2bn Holdings on Monday.") == []  # digits
    assert _unresolved(nlp, f"The envoy sent a letter to {UNKNOWN} yesterday.") == []


def test_every_feature_word_names_a_place(pipeline):
    from dateline.stages.places.locative import load_cues

    nlp, cues = pipeline.resources.nlp, load_cues()
    for word in cues["feature"]:
        name = f"Zarqoun {word.title()}"
        assert (name, [], "feature") in _unresolved(nlp, f"The army stormed the {name} at dawn."), word


def test_a_feature_name_is_never_resolved_to_a_town_of_that_name(pipeline):
    # "Baghdad Airport" is no evidence for the town of Baghdad's record being the airport
    got = _unresolved(pipeline.resources.nlp, "The army stormed the Baghdad Airport at dawn.")
    assert ("Baghdad Airport", [], "feature") in got


def test_every_attack_noun_makes_its_on_phrase_a_place(pipeline):
    from dateline.stages.places.locative import load_cues

    nlp, cues = pipeline.resources.nlp, load_cues()
    for noun in cues["on_noun"]:
        got = _unresolved(nlp, f"The {noun} on {UNKNOWN} began on Monday.")
        assert (UNKNOWN, [], "on") in got, (noun, got)


def test_a_lower_case_article_opens_a_name(pipeline):
    got = _unresolved(pipeline.resources.nlp, "Rebels shelled the outskirts of al-Zarqoun on Monday.")
    assert [(t, c) for t, _, c in got] == [("al-Zarqoun", "before")]


def test_a_designator_reaches_over_an_adjective(pipeline):
    got = _unresolved(pipeline.resources.nlp, f"Fighters captured the outskirts of eastern {UNKNOWN} after a battle.")
    assert (UNKNOWN, [], "before") in got


def test_a_locative_phrase_on_a_noun_under_a_verb_is_governed_by_the_event(pipeline):
    got = _unresolved(pipeline.resources.nlp, f"The convoy came under attack in {UNKNOWN} on Monday.")
    assert (UNKNOWN, [], "prep") in got


# --- features added for the choice model ------------------------------------------------------

def _features(pipeline, text, verb, name):
    from dateline.locating import candidates

    doc = _doc(pipeline, text)
    trigger = next(t for t in doc.spacy if t.text == verb)
    return next(f for _, m, f in candidates(doc, trigger) if m.text == name)


def test_a_chain_of_locative_prepositions_and_its_top_one(pipeline):
    f = _features(pipeline, "Militiamen killed three sheikhs in separate raids in the province of Darfur.",
                  "killed", "Darfur")
    assert f.get("loc_chain") == 1.0
    assert any(k.startswith("top_prep=") for k in f)
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    assert f.get("top_prep=in") == 1.0 and "loc_chain" not in f  # one preposition is no chain


def test_a_place_owning_part_of_a_town_and_a_container_named_before_a_place_noun(pipeline):
    f = _features(pipeline, "Gunmen killed three people in Nepal's capital on Monday.", "killed", "Nepal")
    assert f.get("poss_place") == 1.0
    f = _features(pipeline, "Nine people were killed in the Colombo suburb of Nugegoda on Monday.", "killed", "Colombo")
    assert f.get("container") == 1.0


def test_an_unresolved_place_is_the_finest_kind():
    from dateline.locating import FINENESS

    assert FINENESS["unresolved"] == min(FINENESS.values())


def test_no_people_word_and_no_lone_name_prefix_is_read_as_a_town():
    from dateline.gazetteer import load_gazetteer
    from dateline.stages.places.locative import known_variants, load_cues

    gaz, cues = load_gazetteer(), load_cues()
    assert cues["people"]
    for word in cues["people"]:
        assert known_variants(gaz, word, cues) == [], word
        assert known_variants(gaz, f"{word} baghdad", cues) == [], word
    for word in cues.spellings:  # "Deir", "Tal": the first half of a name
        assert known_variants(gaz, word, cues) == [], word
    assert known_variants(gaz, "deir ez zor", cues)  # the whole name still is one


def test_path_length_and_the_clause_relations_it_climbs(pipeline):
    # "in Kandahar" hangs on the trigger: a short path in the trigger's own clause
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    assert f.get("same_clause") == 1.0 and "other_clause" not in f
    assert sum(k.startswith("plen=") for k in f) == 1 and ("plen=2" in f or "plen=3" in f)
    assert not any(k.startswith(("mrel=", "trel=")) for k in f)
    # the place is in a relative clause on the victims, not in the clause of the killing
    text = "Gunmen killed four villagers who had fled from Kandahar last year."
    f = _features(pipeline, text, "killed", "Kandahar")
    assert f.get("other_clause") == 1.0 and "same_clause" not in f
    assert f.get("mrel=relcl") == 1.0
    assert any(k in f for k in ("plen=4-5", "plen=6+"))


def test_the_trigger_side_of_the_path_names_its_clause_relation(pipeline):
    # the trigger is a clause under "said": the place, on the reporting verb, is reached by
    # climbing out of the trigger's clause
    text = "In Kabul, officials said that gunmen killed four villagers."
    f = _features(pipeline, text, "killed", "Kabul")
    assert any(k.startswith("trel=") for k in f), f
    assert f.get("other_clause") == 1.0


def test_the_none_option_knows_how_near_the_nearest_place_is(pipeline):
    from dateline.locating import candidates

    doc = _doc(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.")
    trigger = next(t for t in doc.spacy if t.text == "killed")
    feats = [f for _, _, f in candidates(doc, trigger)]
    nf = none_features(len(feats), trigger, feats)
    near = [k for k in nf if k.startswith("NONE&near_")]
    assert near in (["NONE&near_plen=2"], ["NONE&near_plen=3"]) and "NONE&no_same_clause" not in nf
    assert feats[0].get("only&" + near[0][len("NONE&near_"):]) == 1.0  # the only place in the sentence
    doc = _doc(pipeline, "Gunmen killed four villagers who had fled from Kandahar last year.")
    trigger = next(t for t in doc.spacy if t.text == "killed")
    feats = [f for _, _, f in candidates(doc, trigger)]
    nf = none_features(len(feats), trigger, feats)
    assert nf.get("NONE&no_same_clause") == 1.0
    assert not any(k.startswith("NONE&near_") for k in none_features(0, trigger, []))


# --- the words a place hangs on, its distance, its NER label, its role by kind (session 4) ------

def test_the_words_a_place_hangs_on(pipeline):
    # the noun "X police" modifies: where the police are from, a word the fit weighs
    f = _features(pipeline, "Kandahar police arrested two men on Tuesday.", "arrested", "Kandahar")
    assert f.get("modhead=police") == 1.0
    # the verb of the place's own clause when it is not the trigger's: "fled from X"
    f = _features(pipeline, "Gunmen killed four villagers who had fled from Kandahar last year.", "killed", "Kandahar")
    assert f.get("vhead=flee") == 1.0
    # the noun a prepositional phrase qualifies when that is not the trigger: "a speech in X"
    text = "In a speech in Lyon last week, the minister said troops had killed nine rebels."
    f = _features(pipeline, text, "killed", "Lyon")
    assert f.get("phead=speech") == 1.0 and f.get("vhead=say") == 1.0
    # a phrase on the trigger itself has none of them
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    assert not any(k.startswith(("phead=", "vhead=", "modhead=")) for k in f)


def test_a_lemma_feature_is_a_plain_word_or_other():
    from dateline.locating import _lex

    class Tok:
        def __init__(self, lemma):
            self.lemma_ = lemma

    assert _lex(Tok("Police")) == "police" and _lex(Tok("cross-border")) == "cross-border"
    for odd in ("1990s", "-", "u.s.", "münchen", "'s", ""):
        assert _lex(Tok(odd)) == "other", odd


def test_distance_is_bucketed_by_side(pipeline):
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    assert [k for k in f if k.startswith("dbin=")] == ["dbin=a4-7"]
    f = _features(pipeline, "Kandahar police arrested two men on Tuesday.", "arrested", "Kandahar")
    assert [k for k in f if k.startswith("dbin=")] == ["dbin=b1-3"]


def test_one_ner_label_per_place(pipeline):
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    labels = [k for k in f if k.startswith("ner=")]
    assert len(labels) == 1 and labels[0][4:] in NER_LABELS | {"none", "other"}


def test_the_role_of_a_place_is_crossed_with_its_kind(pipeline):
    f = _features(pipeline, "Syria's army shelled the rebel-held town of Douma on Friday.", "shelled", "Syria")
    kind = next(k for k in f if k.startswith("type="))
    assert f.get("dep=poss&" + kind) == 1.0 and f.get("actor&" + kind) == 1.0
    f = _features(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.", "killed", "Kandahar")
    kind = next(k for k in f if k.startswith("type="))
    assert f.get("prep=in&" + kind) == 1.0 and f.get("prep_on_trigger&" + kind) == 1.0
    assert "actor&" + kind not in f and "in_name&" + kind not in f  # a flag that is off is not crossed


def test_the_none_option_knows_the_word_over_the_trigger(pipeline):
    doc = _doc(pipeline, "Officials in Kabul said gunmen killed four villagers.")
    trigger = next(t for t in doc.spacy if t.text == "killed")
    assert none_features(1, trigger, []).get("NONE&thead=say") == 1.0
    doc = _doc(pipeline, "Gunmen killed four villagers in Kandahar on Tuesday.")
    trigger = next(t for t in doc.spacy if t.text == "killed")  # the root has no word over it
    assert not any(k.startswith("NONE&thead=") for k in none_features(1, trigger, []))
