"""Cue frames of the quotes stage: raising verbs, passives of belief and report, and the other
constructions the clause reader knows (``stages/quotes/clauses.py``), on sentences written here.

Each lexicon entry with a ``subject`` or ``passive`` slot is run in a frame built for that slot;
assertions check which words the content holds, not the exact character offsets one parse gives.
"""

from __future__ import annotations

import pytest

from dateline import analyze
from dateline.stages.quotes.lexicon import load_cues, parse_cues


@pytest.fixture(autouse=True)
def _frames_alone():
    """These tests are about the clause reader's frames: the cue model, which judges each frame's
    content in context (and is tested below with weights set here), is switched off for them."""
    import dateline
    from dateline.stages.quotes import _lexicon

    res = dateline.get_pipeline().resources
    res.nlp  # noqa: B018  (loaded first: the lexicon's loader reads it, and ``cached`` holds a plain lock)
    cues = res.cached("quotes.cues", _lexicon)[0]
    saved, cues.model = cues.model, None
    yield
    cues.model = saved


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
               "identify": "identified", "expect": "expected"}


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


@pytest.mark.parametrize("text,words,holder", [
    ("The new tax on fuel drew sharp criticism from the farmers' union.", "new tax on fuel", "union"),
    ("Governor Maria Lopez won the support of the teachers in the primary.", "Maria Lopez", None),
    ("The plan came under heavy criticism in parliament.", "plan", None),
])
def test_stance_received_by_its_target(text, words, holder):
    """'[X] drew criticism from Y', '[X] won support', '[X] came under criticism': the subject of
    the receiving verb is what the stance is about; the holder is the "from" phrase when named."""
    a = analyze(text)
    qs = [q for q in a.quotes if q.cue is not None and q.cue.text.lower() in ("criticism", "support")]
    assert qs and words in qs[0].text and qs[0].cue.start > qs[0].end, [(q.text, q.cue) for q in a.quotes]
    if holder is not None:
        assert qs[0].speaker_mention is not None and holder in qs[0].speaker_mention.text


def test_stance_received_needs_a_receiving_verb():
    a = analyze("The farmers ignored the criticism from the union.")
    assert not [q for q in a.quotes if "farmers" in q.text]


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
INFINITIVE_ONLY = {"say", "allege", "report", "rumor", "estimate", "project", "think", "believe", "know", "expect"}


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


# ---------------------------------------------------------------------------------------------
# the cue model (stages/quotes/cuemodel.py, fitted by evaluation/quote_cues.py)

from dateline.stages.quotes import clauses, trims  # noqa: E402
from dateline.stages.quotes.cuemodel import CueModel, features, load_model, parse_weights  # noqa: E402


class _Keep:
    """A cue model that keeps every candidate and records its features."""

    def __init__(self):
        self.seen = []

    def accept(self, cue, clause):
        self.seen.append((cue.token.text, clause.frame, features(cue, clause)))
        return True


def _candidates(text: str):
    """(cue word, frame, features) of every candidate the clause reader finds in ``text``."""
    import dateline

    a = dateline.get_pipeline()
    nlp = a.resources.nlp
    sdoc = nlp(text)
    cues = load_cues()
    keep = _Keep()
    cues.model = keep
    for cue in clauses.cue_tokens(sdoc, cues, _heads(nlp, cues), nlp.vocab.strings.add("according")):
        if cue.kind == "phrase":
            clauses.according(cue)
        elif cue.kind == "nominal":
            clauses.nominal(cue)
        else:
            clauses.indirect(cue)
    return keep.seen


def _heads(nlp, cues):
    import numpy as np

    return np.array(sorted(nlp.vocab.strings.add(w) for w in cues.heads()), dtype="uint64")


def _feats_of(text: str, word: str) -> dict:
    found = [f for w, _, f in _candidates(text) if w == word]
    assert found, (word, [(w, fr) for w, fr, _ in _candidates(text)])
    return found[0]


def test_shipped_model_loads_with_its_threshold():
    model = load_model()
    assert model is not None, "data/cue_weights.tsv is missing"
    assert 0.0 < model.threshold < 1.0
    assert "bias" in model.weights and len(model.weights) > 20
    assert "fitted" in model.note  # the header says how it was fitted
    # the stage reads it through the lexicon, once per process
    assert load_cues().model is not None


def test_weights_file_format():
    m = parse_weights(["# a note", "threshold\t0.4", "bias\t-1.0", "lemma=say\t3.0"])
    assert m.threshold == 0.4 and m.weights == {"bias": -1.0, "lemma=say": 3.0} and m.note == "a note"
    assert m.probability({"bias": 1.0, "lemma=say": 1.0}) > 0.8
    assert m.probability({"bias": 1.0}) < 0.3


def test_lexical_features_lemma_kind_frame():
    f = _feats_of("The minister said that the border would stay closed.", "said")
    assert f["lemma=say"] == 1.0 and f["kind=speech"] == 1.0 and f["frame=clause"] == 1.0
    assert f["lf=say|clause"] == 1.0 and f["intro=that"] == 1.0


def test_infinitive_frame_and_its_intro():
    f = _feats_of("The governor vowed to cut taxes for farmers next year.", "vowed")
    assert f["frame=xcomp"] == 1.0 and f["intro=to"] == 1.0


@pytest.mark.parametrize("text,word,kind", [
    ("Maria Lopez said that the border would stay closed.", "said", "person"),
    ("She said that the border would stay closed.", "said", "pronoun"),
    ("The ministry said that the border would stay closed.", "said", "noun"),
])
def test_subject_kind_feature(text, word, kind):
    assert _feats_of(text, word)["subj=" + kind] == 1.0


def test_negation_modal_and_tense_features():
    f = _feats_of("The minister did not say that the border would stay closed.", "say")
    assert f.get("neg") == 1.0
    f = _feats_of("The minister will announce that the border stays closed.", "announce")
    assert f.get("tense=modal") == 1.0
    f = _feats_of("The minister announced that the border stays closed.", "announced")
    assert f.get("tense=VBD") == 1.0 and "neg" not in f


def test_voice_feature_on_a_passive_frame():
    f = _feats_of("The senator is expected to resign after the vote in parliament.", "expected")
    assert f.get("voice=passive") == 1.0 and f["frame=raised"] == 1.0


def test_quote_marks_feature():
    f = _feats_of('The minister said "the border would stay closed" on Monday.', "said")
    assert f["marks=sentence"] == 1.0
    f = _feats_of("The minister said that the border would stay closed.", "said")
    assert f["marks=none"] == 1.0


def test_dependency_and_length_features():
    f = _feats_of("The minister said that the border would stay closed.", "said")
    assert f["dep=ROOT"] == 1.0 and f["pos=VERB"] == 1.0
    assert sum(1 for k in f if k.startswith("clen=")) == 1


def test_inverted_frame_feature():
    f = _feats_of("The border will stay closed until spring, the minister said.", "said")
    assert f["frame=inverted"] == 1.0 and f["inv"] == 1.0


def test_unlisted_verb_with_a_clause_is_a_candidate():
    """A verb the lexicon lacks, with a that-clause, is proposed as an ``unlisted`` candidate."""
    found = {w: (fr, f) for w, fr, f in _candidates("The farmers grumbled that the new dam would flood their land.")}
    assert "grumbled" in found
    frame, f = found["grumbled"]
    assert frame == "learned_ccomp" and f["kind=unlisted"] == 1.0


@pytest.mark.parametrize("text,verb", [
    ("Prices began to fall sharply after the harvest in the south.", "began"),
    ("The new rules helped to pass the budget in the senate.", "helped"),
    ("The senators failed to pass the budget before the deadline.", "failed"),
    ("The minister was forced to resign after the scandal in the ministry.", "forced"),
])
def test_verbs_of_aspect_and_cause_are_no_unlisted_candidates(text, verb):
    """'began to fall', 'helped to pass', 'failed to pass', 'was forced to resign': the infinitive
    is no one's stance, so the verb is never proposed (while an unlisted verb of saying is: the test above)."""
    from dateline.stages.quotes.frames import NOT_REPORTING

    assert verb not in {w for w, _, _ in _candidates(text)}
    assert all(w == w.lower() and " " not in w for w in NOT_REPORTING)  # lemmas, as the parse gives them


@pytest.mark.parametrize("weight,kept", [(6.0, True), (-6.0, False)])
def test_model_decides_an_unlisted_candidate(weight, kept):
    import dateline

    text = "The farmers grumbled that the new dam would flood their land."
    res = dateline.get_pipeline().resources
    from dateline.stages.quotes import _lexicon

    cues = res.cached("quotes.cues", _lexicon)[0]
    saved = cues.model
    try:
        cues.model = CueModel({"kind=unlisted": weight}, threshold=0.5)
        a = dateline.get_pipeline()(text)
    finally:
        cues.model = saved
    got = [q for q in a.quotes if q.cue and q.cue.text == "grumbled"]
    assert bool(got) == kept
    if kept:
        assert "flood their land" in got[0].text


def test_model_rejecting_a_listed_cue_removes_its_indirect_quote():
    import dateline
    from dateline.stages.quotes import _lexicon

    text = "The minister said that the border would stay closed."
    res = dateline.get_pipeline().resources
    cues = res.cached("quotes.cues", _lexicon)[0]
    saved = cues.model
    try:
        cues.model = CueModel({"lemma=say": -8.0}, threshold=0.5)
        a = dateline.get_pipeline()(text)
    finally:
        cues.model = saved
    assert not [q for q in a.quotes if q.cue and q.cue.text == "said"]


def _fixture_split(root):
    """A tiny PolNeAR-shaped split written here: text/ and attributions/ (brat)."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    sentences = [
        ("The minister said that the border would stay closed.", "said", "the border would stay closed"),
        ("The farmers grumbled that the new dam would flood their land.", "grumbled", "the new dam would flood their land"),
        ("The governor vowed to cut taxes for farmers next year.", "vowed", "to cut taxes for farmers next year"),
        ("The general knew the road to the border well.", None, None),
    ]
    for n in range(6):
        text = " ".join(s for s, _, _ in sentences[n % 2:] + sentences[:n % 2])
        ann, k = [], 1
        for s, cue, content in sentences:
            if cue is None:
                continue
            base = text.index(s)
            c0 = base + s.index(cue)
            t0 = base + s.index(content)
            ann.append(f"T{k}\tCue {c0} {c0 + len(cue)}\t{cue}")
            ann.append(f"T{k + 1}\tContent {t0} {t0 + len(content)}\t{content}")
            ann.append(f"E{k}\tAttribution:T{k} Cue:T{k} Content:T{k + 1}")
            k += 2
        (root / "text" / f"a{n}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"a{n}_ann1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")


def test_fit_command_on_a_tiny_fixture(tmp_path, capsys):
    from dateline.evaluation import quote_cues

    data = tmp_path / "PolNeAR" / "data" / "train"
    _fixture_split(data)
    out = tmp_path / "w.tsv"
    quote_cues.main(["fit", "--data", str(data), "--out", str(out), "--folds", "2", "--min-count", "1",
                     "--cache", str(tmp_path / "cache")])
    model = parse_weights(out.read_text(encoding="utf-8").splitlines())
    assert 0.0 < model.threshold < 1.0 and model.weights
    assert "quote_cues fit" in model.note
    assert (tmp_path / "cache").is_dir()  # the parses were cached for the next fit
    printed = capsys.readouterr().out
    assert "candidates" in printed and "lexicon" in printed


# ---------------------------------------------------------------------------------------------
# the model's per-document facts and its fast paths (same answers as the slow forms)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FACTS_TEXT = ('The minister said  "the border would stay closed."\n\nFarmers, who grumbled, vowed to protest '
               "on Monday; a spokesman  declined to comment. ")


@pytest.fixture(scope="module")
def _facts_doc():
    import dateline

    from dateline.stages.quotes.cuemodel import _facts

    sdoc = dateline.get_pipeline().resources.nlp(_FACTS_TEXT)
    return sdoc, _facts(sdoc)


@settings(max_examples=300, deadline=None)
@given(a=st.integers(0, len(_FACTS_TEXT)), n=st.integers(1, 40))
def test_doc_facts_map_characters_to_tokens_as_char_span_expands(_facts_doc, a, n):
    sdoc, facts = _facts_doc
    b = min(a + n, len(_FACTS_TEXT))
    if b <= a:
        return
    span = sdoc.char_span(a, b, alignment_mode="expand")
    got = facts.tokens(a, b)
    if span is None:
        assert got is None
    else:
        assert got == (span.start, span.end)


def test_doc_facts_from_cue_tokens_equal_the_slow_ones():
    """``clauses.cue_tokens`` builds the facts from one attribute array; ``cuemodel._facts`` walks
    the tokens: both must say the same of every document."""
    import dateline

    from dateline.stages.quotes.cuemodel import _facts

    nlp = dateline.get_pipeline().resources.nlp
    sdoc = nlp(_FACTS_TEXT)
    cues = load_cues()
    cues.model = _Keep()
    found = clauses.cue_tokens(sdoc, cues, _heads(nlp, cues), nlp.vocab.strings.add("according"))
    fast, slow = found[0].peers, _facts(sdoc)
    for name in ("quotes", "starts", "verbs", "idx", "ends", "nchars", "asides"):
        assert getattr(fast, name) == getattr(slow, name), name
    from dateline.stages.quotes.clauses import FACT_ATTRS

    assert (fast.cols == sdoc.to_array(FACT_ATTRS).T).all() and fast.cols.flags["C_CONTIGUOUS"]
    assert fast.cues_at == sorted(c.token.i for c in found if not c.learned)


@pytest.mark.parametrize("text", [
    "The minister did not say that the border would stay closed.",
    "The border will stay closed until spring, the minister said.",
    'Farmers grumbled that "the dam" would flood their land, and the governor vowed to act.',
])
def test_frame_crossing_by_position_follows_the_rule(text):
    from dateline.stages.quotes.cuemodel import crossed

    for _, frame, f in _candidates(text):
        base = [k for k in f if not k.startswith("f|")]
        assert [k for k in f if k.startswith("f|")] == [f"f|{frame or 'other'}|{k}" for k in base if crossed(k)]


def test_score_equals_probability():
    m = CueModel({"bias": -0.7, "lemma=say": 2.25, "frame=clause": 0.5}, 0.5)
    names = ["bias", "lemma=say", "frame=clause", "unknown"]
    assert m.score(names) == m.probability(dict.fromkeys(names, 1.0))


# ---------------------------------------------------------------------------------------------
# how the content is bounded, the sentence's other cues, the governing verb (cuemodel.EXTRA)

def test_boundary_features_around_a_that_clause():
    f = _feats_of("The minister said that the border would stay closed, and the farmers went home.", "said")
    assert f["prev=cue"] == 1.0 and f["first=that"] == 1.0
    assert sum(1 for k in f if k.startswith("next=")) == 1
    assert sum(1 for k in f if k.startswith("rest=")) == 1 and sum(1 for k in f if k.startswith("lead=")) == 1


def test_next_feature_at_the_sentence_end():
    f = _feats_of("The minister said that the border would stay closed.", "said")
    # the content runs to the full stop (or stops before it): the next token is "." or the sentence ends
    assert f.get("next=.") == 1.0 or f.get("next=EOS") == 1.0


def test_other_cues_in_the_sentence_are_counted():
    f = _feats_of("The minister said that the border would stay closed.", "said")
    assert f["scues=0"] == 1.0
    f = _feats_of("The minister said that the farmers believe that the dam will flood their land.", "said")
    assert f.get("scues=1") == 1.0 or f.get("scues=2+") == 1.0


def test_governing_verb_feature():
    f = _feats_of("The minister refused to say whether the border would stay closed.", "say")
    assert [k for k in f if k.startswith("head=")] == ["head=xcomp|refuse"]


def test_every_extra_group_can_be_switched_off(monkeypatch):
    from dateline.stages.quotes import cuemodel

    monkeypatch.setattr(cuemodel, "EXTRA", frozenset())
    f = _feats_of("The minister refused to say whether the border would stay closed.", "say")
    assert not [k for k in f if k.split("=")[0] in ("next", "prev", "first", "scues", "head", "rest", "lead")]


# ---------------------------------------------------------------------------------------------
# fast paths of the clause reader (array lookups) against the plain token walks they replace

_FAST_TEXT = ("The senator, who chairs the panel, said the bill, a compromise reached in May, would pass. "
              "Officials pointed out that the plan -- which critics called a giveaway -- was popular, "
              "according to the ministry. He called for talks and seemed to feel that the deal, "
              "signed by both sides, was fair.\n\nShe is convinced that voters, who are angry, will "
              "turn out; aides said they were sure to win, and the governor, a Republican, agreed. "
              "Farmers lamented that prices fell, ended up hoping to sell, and set out to prove that "
              "the dam leaked.")


@pytest.fixture(scope="module")
def _fast_doc():
    import dateline

    nlp = dateline.get_pipeline().resources.nlp
    sdoc = nlp(_FAST_TEXT)
    cues = load_cues()
    found = clauses.cue_tokens(sdoc, cues, _heads(nlp, cues), nlp.vocab.strings.add("according"))
    return nlp, sdoc, cues, found


def test_trim_aside_with_facts_equals_the_token_walk(_fast_doc):
    """Every token range of the text, ending where a word ends: the facts' path (only the relative
    clauses and appositions inside) cuts where the walk over every token does."""
    _, sdoc, _, found = _fast_doc
    facts = found[0].peers
    assert facts.asides, "the text must hold asides for this test to mean anything"
    ends = [t.idx + len(t) for t in sdoc]
    cut = 0
    for t in sdoc:
        for end in ends:
            if end > t.idx:
                plain = trims.trim_aside(sdoc, t.idx, end)
                assert trims.trim_aside(sdoc, t.idx, end, facts) == plain, (t.idx, end)
                cut += plain < end
    assert cut, "some range must have an aside cut off"


def test_governing_cues_from_facts_equal_the_children_walk(_fast_doc):
    _, sdoc, _, found = _fast_doc
    at = {c.token.i for c in found if not c.learned}
    for c in found:
        if c.learned:
            continue
        walk = any(k.i in at for k in c.token.children if k.dep_ in ("xcomp", "ccomp"))
        assert c.governs == walk, c.token.text
    import numpy as np

    cols = np.ascontiguousarray(sdoc.to_array(clauses.FACT_ATTRS).T)
    every = set(range(len(sdoc)))
    walked = {t.i for t in sdoc if any(k.dep_ in ("xcomp", "ccomp") for k in t.children)}
    assert walked and clauses._governing(cols[5], cols[6].view(np.int64), every, sdoc.vocab.strings) == walked


def test_head_filter_finds_exactly_the_head_lemmas(_fast_doc):
    """The hash table passes every head lemma and form; the set removes what passed by its low bits."""
    import numpy as np

    nlp, sdoc, cues, found = _fast_doc
    heads = _heads(nlp, cues)
    table, keys = cues.head_filter(heads)
    assert cues.head_filter(heads)[0] is table  # built once per heads array
    words = cues.heads()
    strings = nlp.vocab.strings
    assert keys == {strings.add(w) for w in words}
    hashes = np.array(sorted(keys), dtype="uint64")
    assert table[(hashes & np.uint64(len(table) - 1)).astype(np.intp)].all()
    plain = [t.i for t in sdoc if t.lemma_ in words or t.lower_ in words or t.lower_ == "according"]
    listed = {c.token.i for c in found if not c.learned}
    assert listed and listed <= set(plain)
    assert listed == {i for i in plain if sdoc[i].lower_ == "according" or cues.entry(sdoc[i]) is not None}


def test_mark_filter_passes_every_quote_mark(_fast_doc):
    """The quote-mark table passes every mark of ``clauses.QUOTE_TOKENS`` (the set confirms them)."""
    import numpy as np

    nlp, _, cues, _ = _fast_doc
    strings = nlp.vocab.strings
    table, keys = cues.mark_filter(strings, clauses.QUOTE_TOKENS)
    assert cues.mark_filter(strings, clauses.QUOTE_TOKENS)[0] is table  # built once
    assert keys == {strings.add(m) for m in clauses.QUOTE_TOKENS}
    hashes = np.array(sorted(keys), dtype="uint64")
    assert table[(hashes & np.uint64(len(table) - 1)).astype(np.intp)].all()


def test_entry_without_two_word_entries_skips_the_particle_search(_fast_doc, monkeypatch):
    """A word that starts no two-word entry gets the same entry (or none) as with the full search."""
    from dateline.stages.quotes.lexicon import Cues

    _, sdoc, cues, _ = _fast_doc
    fast = [cues.entry(t) for t in sdoc]
    every = frozenset(t.lemma_.lower() for t in sdoc) | frozenset(t.lower_ for t in sdoc)
    monkeypatch.setattr(Cues, "_particle_firsts", lambda self: every)
    assert [cues.entry(t) for t in sdoc] == fast
    assert any(e is not None and e[1] is None for e in fast) and any(e is not None and e[1] is not None for e in fast)


def test_remembered_word_entries_equal_the_token_lookup(_fast_doc):
    """``Cues.word_entry`` (by the hashes of lemma, form and part of speech) answers as ``entry`` for
    every token, whether it was remembered or not, and remembers only the words that decide alone:
    a word starting a two-word entry ("point", "call") is looked up from its token each time."""
    nlp, sdoc, _, _ = _fast_doc
    cues = load_cues()  # (a fresh lexicon: nothing remembered yet)
    strings = nlp.vocab.strings
    first = cues._particle_firsts()
    for t in sdoc:
        for phrasal in (False, True):
            key = (strings.add(t.lemma_), strings.add(t.lower_), strings.add(t.pos_), phrasal)
            assert cues.word_entry(t, key) == cues.entry(t, phrasal), t.text
            if key in cues.words():
                assert cues.words()[key] == cues.entry(t, phrasal)
                assert t.pos_ not in ("VERB", "AUX", "ADJ") or not {t.lemma_.lower(), t.lower_} & first
    assert cues.words(), "some word must be remembered"
    assert any(t.lemma_.lower() in first and t.pos_ == "VERB" for t in sdoc), "the text must hold a two-word cue verb"
    cues.verbs["grumble"] = cues.verbs["say"]  # an entry added: nothing remembered is kept
    assert not cues.words()


def test_sentence_bounds_from_facts_equal_token_sent(_fast_doc):
    """A cue's sentence read from the document's sentence starts is the one ``Token.sent`` walks to."""
    _, sdoc, _, found = _fast_doc
    assert len(list(sdoc.sents)) > 3
    for cue in found:
        sent = cue.token.sent
        assert clauses.sentence(cue) == (sent.start, sent.end)
        bare = clauses.Cue(cue.token, cue.kind, cue.start, cue.end)  # no document facts: the walk
        assert clauses.sentence(bare) == (sent.start, sent.end)


def test_learned_candidates_from_facts_equal_the_children_walk(_fast_doc):
    """Unlisted verbs proposed to the cue model: the sets of phrasal and governing tokens read from
    the attribute array skip the same verbs as walking each verb's dependents."""
    from dateline.stages.quotes import frames

    _, sdoc, cues, found = _fast_doc
    import numpy as np

    arr = sdoc.to_array(clauses.FACT_ATTRS)
    cols = np.ascontiguousarray(arr.T)
    at = {c.token.i for c in found if not c.learned}
    dep, head = cols[5], cols[6].view(np.int64)
    phrasal = clauses._phrasal(dep, head, sdoc.vocab.strings)
    assert phrasal == {t.i for t in sdoc if any(c.dep_ == "prt" for c in t.children)}
    assert phrasal, "the text must hold a phrasal verb"
    plain = frames.learned(sdoc, dep, head, cols[3], at)
    fast = frames.learned(sdoc, dep, head, cols[3], at, phrasal, clauses._governing(dep, head, at, sdoc.vocab.strings))
    assert [c.token.i for c in fast] == [c.token.i for c in plain]
    assert plain, "the text must hold an unlisted verb with a clause"
    assert [cues.entry(t, t.i in phrasal) for t in sdoc] == [cues.entry(t) for t in sdoc]


def test_fast_score_equals_the_score_of_the_feature_names(_fast_doc):
    """The stage's path (crossed weights read from the frame's table) gives the very float that
    summing the weights of ``feature_names`` gives, for the shipped weights and for others."""
    import random

    from dateline.stages.quotes.cuemodel import feature_names

    _, sdoc, cues, found = _fast_doc
    shipped = load_model()
    rng = random.Random(7)
    pairs = []
    for cue in found:
        clause = clauses.according(cue) if cue.kind == "phrase" else \
            clauses.nominal(cue) if cue.kind == "nominal" else clauses.indirect(cue)
        if clause is not None:
            pairs.append((cue, clause))
    assert len(pairs) >= 5
    names = {k for c, cl in pairs for k in features(c, cl)}
    other = CueModel({k: rng.uniform(-2, 2) for k in names}, 0.5)
    for model in (shipped, other):
        for cue, clause in pairs:
            assert model.score_of(cue, clause) == model.score(feature_names(cue, clause)), cue.token.text
    other.weights = {k: -w for k, w in other.weights.items()}  # replaced: the frame tables follow
    assert all(other.score_of(c, cl) == other.score(feature_names(c, cl)) for c, cl in pairs)


def test_before_apposition_with_facts_equals_the_token_walk(_fast_doc):
    """Every token range: looking only at the document's appositions ends a content where the walk
    over every token does."""
    _, sdoc, _, found = _fast_doc
    asides = found[0].peers.asides
    cut = 0
    for a in range(len(sdoc)):
        for b in range(a + 1, len(sdoc) + 1):
            plain = trims._before_apposition(sdoc, a, b)
            assert trims._before_apposition(sdoc, a, b, asides) == plain, (a, b)
            cut += plain < b
    assert cut, "some range must end before an apposition"


def test_cue_dependents_walked_once_equal_the_token_walks(_fast_doc):
    """A cue's cached dependents read as the token's own, and the speaker found from them is the
    one found by walking the token."""
    _, sdoc, _, found = _fast_doc
    for cue in found:
        tok = cue.token
        assert [c.i for c in cue.children()] == [c.i for c in tok.children]
        assert [c.i for c in cue.lefts()] == [c.i for c in tok.lefts]
        assert [c.i for c in cue.rights()] == [c.i for c in tok.rights]
        assert cue.children() is cue.children()
        for inverted in (True, False):
            plain = clauses.speaker_of(tok, inverted)
            fast = clauses.speaker_of(tok, inverted, kids=cue.children())
            assert (plain.i if plain is not None else None) == (fast.i if fast is not None else None)


def test_that_clause_ends_at_its_right_edge():
    """'said [that the server was open], and he had access': a second clause the parser hung on the
    cue verb is left to the end model, not taken into the frame's content (a fixed tree, so the
    test does not depend on one parse)."""
    import numpy as np
    import spacy
    from spacy.tokens import Doc

    words = ["He", "said", "that", "the", "server", "was", "open", ",", "and", "he", "had", "access", "."]
    heads = [1, 1, 5, 4, 5, 1, 5, 1, 1, 10, 1, 10, 1]
    deps = ["nsubj", "ROOT", "mark", "det", "nsubj", "ccomp", "acomp", "punct", "cc", "nsubj", "conj", "dobj",
            "punct"]
    pos = ["PRON", "VERB", "SCONJ", "DET", "NOUN", "AUX", "ADJ", "PUNCT", "CCONJ", "PRON", "VERB", "NOUN", "PUNCT"]
    lemmas = ["he", "say", "that", "the", "server", "be", "open", ",", "and", "he", "have", "access", "."]
    spaces = [i + 1 < len(words) and words[i + 1] not in ",." for i in range(len(words))]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    cues = load_cues()
    cues.model = None
    heads_arr = np.array(sorted(doc.vocab.strings.add(w) for w in cues.heads()), dtype="uint64")
    found = [c for c in clauses.cue_tokens(doc, cues, heads_arr, doc.vocab.strings.add("according"))
             if c.token.text == "said"]
    clause = clauses.indirect(found[0])
    assert doc.text[clause.start:clause.end] == "that the server was open"


# ---------------------------------------------------------------------------------------------
# frames for shapes the small parser misreads, on fixed trees (the tests do not depend on one parse)

def _tree_content(rows: str, cue_word: str) -> str | None:
    """The content ``clauses.indirect`` finds for the cue ``cue_word`` in a tree given one token a
    line as "word head dep pos lemma [tag]" (head: the head's index), or None."""
    import numpy as np
    import spacy
    from spacy.tokens import Doc

    toks = [r.split() for r in rows.strip().splitlines()]
    words = [t[0] for t in toks]
    spaces = [i + 1 < len(words) and words[i + 1] not in ",." for i in range(len(words))]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=[int(t[1]) for t in toks],
              deps=[t[2] for t in toks], pos=[t[3] for t in toks], lemmas=[t[4] for t in toks],
              tags=[t[5] if len(t) > 5 else "" for t in toks])
    cues = load_cues()
    cues.model = None
    heads_arr = np.array(sorted(doc.vocab.strings.add(w) for w in cues.heads()), dtype="uint64")
    found = [c for c in clauses.cue_tokens(doc, cues, heads_arr, doc.vocab.strings.add("according"))
             if c.token.text == cue_word]
    clause = clauses.indirect(found[0]) if found else None
    return None if clause is None else doc.text[clause.start:clause.end]


_STRAY_THAT = """
The 1 det DET the
mayor 2 nsubj NOUN mayor
said 2 ROOT VERB say
during 2 prep ADP during
a 6 det DET a
news 6 compound NOUN news
conference 3 pobj NOUN conference
that 10 {that} {that_pos} that
he 10 nsubj PRON he
may 10 aux AUX may
wait 6 relcl VERB wait
. 2 punct PUNCT .
"""


def test_that_clause_hung_on_a_setting_noun_is_the_content():
    """'said during a news conference [that he may wait]': the parser hangs the that-clause on the
    noun as a relative clause; its "that" is a subordinating mark, so it is the verb's content."""
    assert _tree_content(_STRAY_THAT.format(that="mark", that_pos="SCONJ"), "said") == "that he may wait"


def test_true_relative_clause_on_a_setting_noun_is_no_content():
    """'said at a conference [that drew crowds]': "that" is the relative clause's subject."""
    assert _tree_content(_STRAY_THAT.format(that="nsubj", that_pos="PRON"), "said") is None


def test_if_clause_after_a_long_object():
    """'asked [the old minister of the interior] if ...': the clause right after the object."""
    rows = """
The 1 det DET the
reporter 2 nsubj NOUN reporter
asked 2 ROOT VERB ask
the 5 det DET the
old 5 amod ADJ old
minister 2 dobj NOUN minister
of 5 prep ADP of
the 8 det DET the
interior 6 pobj NOUN interior
if 11 mark SCONJ if
talks 11 nsubj NOUN talk
failed 2 advcl VERB fail
. 2 punct PUNCT .
"""
    assert _tree_content(rows, "asked") == "if talks failed"


def test_passive_of_asking_about_takes_the_topic():
    """'[The minister] was asked about [X]': the subject is the one asked, X what was asked about;
    other passives with a listed preposition ("was focused on") stay without content."""
    a = analyze("The minister was asked about the closure of the border.")
    assert any("closure of the border" in q.text and "minister" not in q.text for q in a.quotes)
    assert not analyze("The campaign was focused on the economy.").quotes


_SEE_AS = """
Farmers 1 nsubj NOUN farmer
see 1 ROOT VERB see
the 4 det DET the
new 4 amod ADJ new
dam 1 dobj NOUN dam
{as_row}
a 7 det DET a
threat 5 pobj NOUN threat
. 1 punct PUNCT .
"""


@pytest.mark.parametrize("as_head", [1, 4])
def test_view_with_as_hung_on_the_verb_or_the_object(as_head):
    """'see [the dam as a threat]': the small parser hangs "as" on the verb or on the object; both
    give the object with its predicate (a predicate slot wants both parts)."""
    rows = _SEE_AS.format(as_row=f"as {as_head} prep ADP as")
    assert _tree_content(rows, "see") == "the new dam as a threat"


def test_see_without_a_predicate_is_no_content():
    """'see [the dam] at the fair': a bare object of a verb of perception is no view."""
    rows = _SEE_AS.format(as_row="at 1 prep ADP at")
    assert _tree_content(rows, "see") is None


def test_view_with_an_adverb_before_its_as():
    """'sees [the calendar] farther ahead [as favorable]': an adverb between object and predicate."""
    rows = """
He 1 nsubj PRON he
sees 1 ROOT VERB see
the 3 det DET the
calendar 1 dobj NOUN calendar
ahead 1 advmod ADV ahead
as 1 prep ADP as
favorable 5 amod ADJ favorable
. 1 punct PUNCT .
"""
    assert _tree_content(rows, "sees") == "the calendar ahead as favorable"


def test_nominal_cue_with_a_that_clause_needs_no_named_holder():
    """'There were complaints [that the dam was leaking]': a that-clause says what the unnamed
    holders claim; a noun that needs its holder named (slot ``holder``) with a preposition and no
    holder (an agent noun: "critics of the dam") stays no attribution."""
    a = analyze("There were numerous complaints that the old dam was leaking badly.")
    assert any("dam was leaking" in q.text for q in a.quotes)
    assert not analyze("Critics of the new dam met in the town hall.").quotes


def test_adverb_of_hearsay_reports_the_clause_around_it():
    """'[The rebels have] reportedly [left the city]': the clause the adverb modifies, without it;
    an adverb not listed ("apparently") reports nothing."""
    a = analyze("The rebels have reportedly left the city overnight.")
    qs = [q for q in a.quotes if q.cue is not None and q.cue.text.lower() == "reportedly"]
    content = _content(qs)
    assert "rebels" in content and "left the city" in content and "reportedly" not in content
    assert all(q.speaker_mention is None for q in qs)
    assert not analyze("The rebels have apparently left the city overnight.").quotes


def test_relative_pronoun_object_with_its_predicate():
    """'his rival, [whom] he described [as volatile]': the described noun with the pronoun, and the
    predicate, around the cue; with no predicate ("which he described in detail") nothing."""
    rows = """
his 1 poss PRON his
rival 1 ROOT NOUN rival
, 1 punct PUNCT ,
whom 5 dobj PRON whom WP
he 5 nsubj PRON he
described 1 relcl VERB describe
{pred}
. 1 punct PUNCT .
"""
    with_as = rows.replace("{pred}", "as 5 prep ADP as\nvolatile 6 amod ADJ volatile")
    content = _tree_content(with_as, "described")
    assert content is not None and "rival" in content and "whom" in content and "volatile" not in content
    # (the predicate is the clause's second part: ``_tree_content`` shows the first)
    assert _tree_content(rows.replace("{pred}", "in 5 prep ADP in\ndetail 6 pobj NOUN detail"), "described") is None
    a = analyze("The senator contrasted his rival, whom he described as volatile, with the governor.")
    assert any("volatile" in q.text for q in a.quotes if q.cue is not None and q.cue.text == "described")


@pytest.mark.parametrize("text,verb", [
    ("The minister added a new twist to the old story.", "added"),
    ("The governor maintained a narrow lead in the polls.", "maintained"),
])
def test_verb_of_saying_with_a_noun_object_it_does_not_report(text, verb):
    """'added [a new twist]', 'maintained [a lead]': these verbs' noun objects are no content."""
    a = analyze(text)
    assert not [q for q in a.quotes if q.cue is not None and q.cue.text == verb]


def test_make_is_no_unlisted_cue():
    """'made [the senator look weak]' is a cause, no one's stance (``frames.NOT_REPORTING``)."""
    import numpy as np

    import dateline
    from dateline.stages.quotes import frames

    nlp = dateline.get_pipeline().resources.nlp
    sdoc = nlp("The scandal made the senator look weak.")
    cols = sdoc.to_array(clauses.FACT_ATTRS)
    dep, head, pos = cols[:, 5], cols[:, 6].view(np.int64), cols[:, 3]
    assert not [c for c in frames.learned(sdoc, dep, head, pos, set()) if c.token.lemma_ == "make"]


def test_under_cue_from_the_head_row_equals_the_token_walk(_fast_doc):
    """``_under_cue`` reading the heads from the document's attribute rows answers as the walk up
    ``Token.head`` does, for every token."""
    from dateline.stages.quotes import cuemodel

    _, sdoc, _, found = _fast_doc
    facts = found[0].peers
    assert facts.heads is not None
    walked = cuemodel._facts(sdoc)  # (no attribute rows: the walk up ``Token.head``)
    assert walked.heads is None
    walked.cues_at, walked.cue_set = facts.cues_at, facts.cue_set
    answers = [cuemodel._under_cue(t, facts) for t in sdoc]
    assert answers == [cuemodel._under_cue(t, walked) for t in sdoc]
    assert any(answers) and not all(answers)


@pytest.mark.parametrize("text,words", [
    ("This seems like a fine idea for the farmers.", ("This", "fine idea")),
    ("The senator won the first vote and appeared to gain support in the south.", ("senator", "gain support")),
])
def test_raising_verb_with_like_or_a_conjoined_subject(text, words):
    """'[this] seems [like a fine idea]' and '[the senator] won ... and appeared [to gain ...]': the
    complement of "like", and the subject of the verb a raising verb is conjoined to."""
    cue = text.split()[1] if "seems" in text else "appeared"
    _, qs = _quotes_with_cue(text, cue)
    content = _content(qs)
    assert all(w in content for w in words), content
    assert not analyze("The senator walked like a soldier.").quotes


def test_nominal_cue_without_a_named_holder():
    """'Questions about [the cost]': the stance is somebody's though nobody is named; an entry with the
    slot ``holder`` (an agent noun: "critics of", "supporters of") needs its holder named."""
    a = analyze("Questions about the cost of the new stadium have grown.")
    assert any(q.text == "the cost of the new stadium" and q.speaker_mention is None for q in a.quotes)
    assert not analyze("Supporters of the new tax met in the town hall.").quotes


def test_noun_needing_a_holder_takes_the_subject_of_its_verb():
    """An entry with the slot ``holder`` ("plan") and no holder of its own is held by the subject of
    the verb it hangs on ("[The mayor] stuck with a plan to ..."); as a subject itself, by nobody."""
    a = analyze("The mayor stuck with a plan to build a new bridge.")
    qs = [q for q in a.quotes if q.cue is not None and q.cue.text == "plan"]
    assert qs and qs[0].speaker_mention is not None and qs[0].speaker_mention.text == "The mayor"
    assert not analyze("The plan to build a tunnel was dropped.").quotes
