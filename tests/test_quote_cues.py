"""Cue frames of the quotes stage: raising verbs, passives of belief and report, and the other
constructions the clause reader knows (``stages/quotes/clauses.py``), on sentences written here.

Each lexicon entry with a ``subject`` or ``passive`` slot is run in a frame built for that slot;
assertions check which words the content holds, not the exact character offsets one parse gives.
"""

from __future__ import annotations

import pytest

from dateline import analyze
from dateline.stages.quotes.lexicon import load_cues, parse_cues


def _quotes_with_cue(text: str, form: str):
    """The quotes whose cue starts with the word ``form``."""
    a = analyze(text)
    return a, [q for q in a.quotes if q.cue is not None and q.cue.text.split()[0].lower() == form]


def _content(quotes) -> str:
    return " | ".join(q.text for q in sorted(quotes, key=lambda q: q.start))


def _slot_entries(slot: str):
    cues = load_cues()
    return sorted(lemma for lemma, e in cues.verbs.items() if slot in e.slots)


# A past participle for each verb whose passive raises its subject; the test fails for an entry
# given the slot without a form here, so a new entry needs its frame.
PARTICIPLES = {"say": "said", "believe": "believed", "think": "thought",
               "know": "known", "report": "reported", "allege": "alleged", "estimate": "estimated",
               "rumor": "rumored", "consider": "considered", "project": "projected", "view": "viewed",
               "regard": "regarded", "deem": "deemed", "perceive": "perceived", "see": "seen",
               "describe": "described", "criticize": "criticized", "criticise": "criticised",
               "label": "labelled", "brand": "branded", "dub": "dubbed", "characterize": "characterized",
               "portray": "portrayed", "hail": "hailed", "dismiss": "dismissed", "deride": "derided",
               "identify": "identified"}


@pytest.mark.parametrize("lemma", _slot_entries("passive"))
def test_passive_raising_entries(lemma):
    """'X is <participle> to Y': content is the raised subject and the infinitive, not the cue."""
    part = PARTICIPLES[lemma]
    text = f"The old bridge over the river is {part} to need urgent repairs this winter."
    a, qs = _quotes_with_cue(text, part)
    assert qs, [(q.text, q.cue and q.cue.text) for q in a.quotes]
    content = _content(qs)
    assert "bridge" in content and "urgent repairs" in content, content
    assert all(part not in q.text for q in qs), content


@pytest.mark.parametrize("lemma", _slot_entries("subject"))
@pytest.mark.parametrize("frame,words", [
    ("The ceasefire in the north {v} to hold after a week of talks.", ("ceasefire", "to hold")),
    ("It {v} that the rebels have left the northern city.", ("rebels have left",)),
])
def test_raising_verb_entries(lemma, frame, words):
    form = {"seem": "seems", "appear": "appears"}.get(lemma, lemma + "s")
    a, qs = _quotes_with_cue(frame.format(v=form), form)
    assert qs, [(q.text, q.cue and q.cue.text) for q in a.quotes]
    content = _content(qs)
    assert all(w in content for w in words), content
    assert form not in content.split()
    assert all(q.speaker is None and q.speaker_mention is None for q in qs)  # no holder is named


def test_raising_with_an_adjective():
    _, qs = _quotes_with_cue("The governor appeared uneasy about the new budget.", "appeared")
    assert qs
    assert "governor" in _content(qs) and "uneasy" in _content(qs)


def test_appear_as_a_physical_act_is_no_attribution():
    _, qs = _quotes_with_cue("The singer appeared on television on Monday night.", "appeared")
    assert not qs


def test_raising_verb_over_an_inner_cue_leaves_it_to_that_cue():
    """'She appeared to suggest that ...': the inner verb of saying reports, with her as speaker."""
    a = analyze("The senator appeared to suggest that the budget would be cut next year.")
    qs = [q for q in a.quotes if "budget" in q.text]
    assert qs and all(not q.cue.text.lower().startswith("appear") for q in qs)


def test_passive_with_agent_names_the_holder():
    _, qs = _quotes_with_cue("The senator is widely believed by analysts to hold the lead in November.",
                             "believed")
    assert qs
    assert any(q.speaker_mention is not None and "analysts" in q.speaker_mention.text for q in qs)


def test_lexicon_accepts_the_new_slots_and_rejects_others():
    cues = parse_cues(["seem\tthought\tsubject", "expect\tthought\tclause,passive"])
    assert cues.verbs["seem"].slots == ("subject",)
    assert "passive" in cues.verbs["expect"].slots
    with pytest.raises(ValueError):
        parse_cues(["seem\tthought\tsubjects"])


@pytest.mark.parametrize("text,stance", [
    ("Senator Maria Lopez attacked Governor Jim Baker over the failed budget.", True),
    ("Government troops attacked the northern town of Kessa at dawn.", False),
])
def test_verb_of_deed_and_word_is_a_stance_only_against_a_person(text, stance):
    """'attack' (slot person): a politician attacking a rival is a stance; troops attacking a town
    are a deed, no attribution."""
    a = analyze(text)
    assert bool([q for q in a.quotes if q.cue and q.cue.text.lower().startswith("attack")]) == stance


def test_declined_to_comment_is_the_decliners():
    a = analyze("The ministry declined to comment on the leaked report.")
    qs = [q for q in a.quotes if q.cue and q.cue.text.lower() == "declined"]
    assert qs and "comment" in qs[0].text and qs[0].speaker_mention is not None


@pytest.mark.parametrize("text,holder,words", [
    ("The minister made it clear that the border would stay closed.", "minister", "border would stay closed"),
    ("It became clear that the rebels would not surrender.", None, "rebels would not surrender"),
    ("The senator is eager to end the long dispute over the budget.", "senator", "to end the long dispute"),
])
def test_attitude_adjective_with_its_clause(text, holder, words):
    """'clear that', 'eager to': the clause after the adjective, however the parser hung it; the
    holder is the subject of the adjective or its verb, never an expletive 'it'."""
    a = analyze(text)
    qs = [q for q in a.quotes if words in q.text]
    assert qs, [(q.text, q.cue and q.cue.text) for q in a.quotes]
    mention = qs[0].speaker_mention
    if holder is None:
        assert mention is None
    else:
        assert mention is not None and holder in mention.text


def test_listed_preposition_after_a_place_and_time():
    """'spoke at the White House on Tuesday about X': the preposition of 'speak about' is found
    past the verb's place and time."""
    a = analyze("The governor spoke at the town hall on Tuesday about the cost of the new bridge.")
    assert any("cost of the new bridge" in q.text for q in a.quotes)


@pytest.mark.parametrize("text,words", [
    ("The senator raised questions about the cost of the new stadium.", "cost of the new stadium"),
    ("Most voters hold a favorable opinion of the governor.", "governor"),
])
def test_light_verb_gives_a_nominal_cue_its_holder(text, words):
    a = analyze(text)
    qs = [q for q in a.quotes if words in q.text]
    assert qs and qs[0].speaker_mention is not None


@pytest.mark.parametrize("text,holder,words", [
    ("Jim Baker, a longtime critic of the dam, led the protest.", "Jim Baker", "the dam"),
    ("Senator Maria Lopez is a fierce opponent of the new tax on fuel.", "Maria Lopez", "new tax on fuel"),
])
def test_agent_noun_describing_a_named_holder(text, holder, words):
    """'X, a critic of Y' / 'X is an opponent of Y': Y is X's position."""
    a = analyze(text)
    qs = [q for q in a.quotes if words in q.text]
    assert qs and qs[0].speaker_mention is not None and holder in qs[0].speaker_mention.text


def test_agent_noun_without_a_named_holder_is_no_attribution():
    a = analyze("The new bridge, a favourite of critics of the dam, opened on Monday.")
    assert not [q for q in a.quotes if "dam" in q.text]


def test_passive_verb_of_saying_with_its_agent():
    """'[X] was first reported by [Politico]': the subject is what was reported, the agent says it."""
    a = analyze("The secret meeting was first reported by the Kyiv Independent.")
    qs = [q for q in a.quotes if "secret meeting" in q.text]
    assert qs and qs[0].speaker_mention is not None and "Kyiv Independent" in qs[0].speaker_mention.text
    assert analyze("The secret meeting was discussed on Monday.").quotes == []


def test_if_clause_of_a_question():
    a = analyze("Asked if the talks had failed, the minister shook his head.")
    assert any(q.text.startswith("if the talks had failed") for q in a.quotes)


@pytest.mark.parametrize("text,words", [
    ("The senator called out the banks for their high fees.", "the banks"),
    ("The pope spoke of the suffering of the refugees in the camps.", "suffering of the refugees"),
])
def test_phrasal_cues(text, words):
    a = analyze(text)
    assert any(words in q.text for q in a.quotes), [(q.text, q.cue and q.cue.text) for q in a.quotes]


@pytest.mark.parametrize("text,words", [
    ("The senator's argument is that the new law is void.", "the new law is void"),
    ("The governor's plan is to cut taxes for farmers.", "cut taxes for farmers"),
])
def test_nominal_cue_equated_with_its_clause(text, words):
    """'His argument is that ...': the clause the copula equates the cue noun with."""
    a = analyze(text)
    qs = [q for q in a.quotes if words in q.text]
    assert qs and qs[0].speaker_mention is not None


def test_passive_of_a_view_with_as():
    """'[The senator] is widely viewed [as a reformer]': the raised subject and its predicate."""
    _, qs = _quotes_with_cue("The senator is widely viewed as a reformer in the capital.", "viewed")
    content = _content(qs)
    assert "senator" in content and "reformer" in content and "viewed" not in content


def test_inverted_cue_before_a_semicolon():
    """'X, he said; Y': X is reported, Y (after the semicolon) is the writer's."""
    a = analyze("The senator did receive some secret emails, he said; his agents found them later.")
    qs = [q for q in a.quotes if q.cue and q.cue.text == "said"]
    assert qs and "secret emails" in _content(qs) and "agents" not in _content(qs)


# verbs of saying and believing raise with an infinitive ("is said to ..."), not with "as"
INFINITIVE_ONLY = {"say", "allege", "report", "rumor", "estimate", "project", "think", "believe", "know"}


@pytest.mark.parametrize("lemma", [x for x in _slot_entries("passive") if x not in INFINITIVE_ONLY])
def test_passive_with_a_predicate(lemma):
    """'[X] is <participle> [as a Y]' for every entry with a passive slot: subject and predicate."""
    part = PARTICIPLES[lemma]
    _, qs = _quotes_with_cue(f"The old bridge over the river was {part} as a danger to the town.", part)
    content = _content(qs)
    assert "bridge" in content and "danger" in content, (lemma, content)


def test_addressee_with_a_place_is_no_content():
    """'told reporters in Salvador': the place sets the act of telling; the addressee alone is no
    content, and the direct quote keeps its cue."""
    a = analyze('"We will not pay," the minister told reporters in Salvador.')
    assert not [q for q in a.quotes if q.kind != "direct"]
    assert any(q.kind == "direct" and q.cue and q.cue.text == "told" for q in a.quotes)
