"""Quote content boundaries (``stages/quotes/spans.py``, ``ends.py``): the fast paths give the token
walks' answers, and the fitted end decision moves a content's end the way its weights say."""

from __future__ import annotations

import pytest

from dateline.stages.quotes import ends, spans, tokenmap
from dateline.stages.quotes.spans import TokenMap

SENTENCES = [
    "The senator said the bill was flawed, and the governor agreed with her on Friday in Boston.",
    "Officials said on Monday that the talks, which began in May, had failed - a setback for both sides.",
    "She argued that prices would rise \u201cfor years,\u201d and that wages would not keep up.",
    "He promised to cut taxes if he wins, and to build roads (many of them) in the north.",
    "The union warned that strikes could follow ,  and said it would decide soon.\n\nNo one else spoke.",
]


@pytest.fixture(scope="module")
def docs(pipeline):
    return [pipeline.resources.nlp(s) for s in SENTENCES]


def _slow_char_end(doc, j: int) -> int:
    """The token walk ``_char_end`` replaced (one Doc lookup per attribute)."""
    i = j - 1
    while i > 0 and (doc[i].is_punct or doc[i].is_space) and doc[i].text not in ("\u201d", '"', "\u2019", ")"):
        i -= 1
    return doc[i].idx + len(doc[i])


def test_char_end_drops_trailing_punctuation_but_keeps_closing_marks(docs):
    for doc in docs:
        for j in range(1, len(doc) + 1):
            assert spans._char_end(doc, j) == _slow_char_end(doc, j)
    doc = docs[2]
    close = next(t for t in doc if t.text == "\u201d")
    comma = close.i + 1 if doc[close.i + 1].text == "," else close.i
    # a content ending after the closing mark keeps it; a comma after it is dropped
    assert doc.text[:spans._char_end(doc, comma + 1)].endswith("\u201d")
    first_comma = next(t for t in docs[0] if t.text == ",")
    assert docs[0].text[:spans._char_end(docs[0], first_comma.i + 1)].endswith("flawed")


def _sent_end(doc, j: int) -> int:
    return next((t.i for t in doc[j:] if t.is_sent_start and t.i > j), len(doc))


def test_unit_after_is_the_same_with_and_without_the_token_map(docs):
    for doc in docs:
        tmap = TokenMap(doc)
        cue = next((t for t in doc if t.pos_ == "VERB"), None)
        for i in range(len(doc)):
            for j in range(i + 1, len(doc) + 1):
                s1 = _sent_end(doc, j - 1)
                walls = [(doc[-1].idx, doc[-1].idx + 1)]
                for w in ([], walls):
                    a = ends.unit_after(doc, i, j, s1, cue, [], w)
                    b = ends.unit_after(doc, i, j, s1, cue, [], w, tmap)
                    assert (a and (a.a, a.b, a.join_a, a.join_b, a.root.i)) == \
                        (b and (b.a, b.b, b.join_a, b.join_b, b.root.i)), (doc.text, i, j)


def test_unit_after_is_refused_exactly_when_it_overlaps_a_wall(docs):
    # walls as the stage makes them (its direct quotes' spans, in text order, apart): the bisection
    # finds an overlap exactly when one of them reaches into the unit
    for doc in docs:
        tmap = TokenMap(doc)
        n = len(doc.text)
        for walls in ([(0, 3)], [(2, 9), (n // 2, n // 2 + 4)], [(k, k + 3) for k in range(1, n, 11)]):
            for i in range(len(doc)):
                for j in range(i + 1, len(doc) + 1):
                    s1 = _sent_end(doc, j - 1)
                    free = ends.unit_after(doc, i, j, s1, None, [], [], tmap)
                    got = ends.unit_after(doc, i, j, s1, None, [], walls, tmap)
                    if free is None:
                        assert got is None
                        continue
                    ua, ub = doc[free.a].idx, doc[free.b - 1].idx + len(doc[free.b - 1])
                    hit = any(a < ub and ua < z for a, z in walls)
                    assert (got is None) == hit, (doc.text, i, j, walls)


def test_unit_after_stops_at_a_line_break(docs):
    doc = docs[4]
    brk = next(t for t in doc if "\n" in t.text)
    # a content ending right before the paragraph break takes nothing from the next paragraph
    assert ends.unit_after(doc, 0, brk.i, len(doc), None, [], [], TokenMap(doc)) is None


def test_extend_reason_is_the_same_with_and_without_the_token_map(docs):
    for doc in docs:
        tmap = TokenMap(doc)
        for cue in doc:
            if cue.pos_ not in ("VERB", "AUX"):
                continue
            for a in range(cue.i + 1, len(doc)):
                start, end = doc[cue.i + 1].idx, doc[a].idx + len(doc[a])
                assert spans.extend_reason(doc, cue, start, end, tmap) == \
                    spans.extend_reason(doc, cue, start, end), (doc.text, cue.text, a)


def test_a_condition_after_the_content_is_taken_in(pipeline):
    doc = pipeline.resources.nlp("He said he would leave the party if Trump is nominated.")
    said = next(t for t in doc if t.lower_ == "said")
    party = next(t for t in doc if t.lower_ == "party")
    start, end = doc[said.i + 1].idx, party.idx + len(party)
    got = spans.extend_reason(doc, said, start, end, TokenMap(doc))
    if any(c.dep_ in ("advcl", "prep") and c.left_edge.lower_ == "if" for c in said.rights):
        assert doc.text[start:got].endswith("nominated")  # the parser hung "if ..." on "said"
    else:
        assert got == end  # hung inside the content: nothing to extend


def test_shipped_end_weights_read():
    if not ends.WEIGHTS_FILE.is_file():
        pytest.skip("no end-model weights shipped")
    model = ends.load_model()
    assert model.active and model.weights
    assert 0 < model.threshold_extend <= 1.01 and 0 < model.threshold_trim <= 1.01
    assert all(f.split(":", 1)[0] in ("x", "t") for f in model.weights)
    # a decision switched off (threshold above 1) ships no weights
    for d, t in (("x", model.threshold_extend), ("t", model.threshold_trim)):
        if t > 1:
            assert not any(f.startswith(d + ":") for f in model.weights)


def _case(pipeline):
    doc = pipeline.resources.nlp("The senator said the bill was flawed, a view many colleagues share.")
    said = next(t for t in doc if t.lower_ == "said")
    flawed = next(t for t in doc if t.lower_ == "flawed")
    return doc, said, said.i + 1, flawed.i + 1


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_an_extend_weight_moves_the_end_the_way_its_sign_says(pipeline, sign):
    doc, said, i, j = _case(pipeline)
    tmap = TokenMap(doc)
    s1 = _sent_end(doc, j - 1)
    unit = ends.unit_after(doc, i, j, s1, said, [], [], tmap)
    assert unit is not None and unit.a > j - 1
    feats = ends.features(doc, unit, i, j, s1, said, "speech", set(), "x", tmap)
    joiner = next(f for f in feats if f.startswith("x:join="))
    model = ends.EndModel({joiner: 5.0 * sign}, threshold_extend=0.6, threshold_trim=1.01)
    new_j, moved = ends.adjust(doc, model, said, "speech", i, j, set(), [], [], tmap)
    if sign > 0:
        assert moved and new_j >= unit.b  # taken in: the end passes the unit
    else:
        assert (new_j, moved) == (j, False)  # left out: the end stays


def test_the_score_over_feature_values_is_the_probability_over_their_names(docs):
    shipped = ends.load_model() if ends.WEIGHTS_FILE.is_file() else ends.EndModel()
    checked = 0
    for doc in docs:
        tmap = TokenMap(doc)
        cue = next((t for t in doc if t.pos_ == "VERB"), None)
        for i in range(len(doc)):
            for j in range(i + 1, len(doc)):
                s1 = _sent_end(doc, j - 1)
                units = [("x", ends.unit_after(doc, i, j, s1, cue, [], [], tmap)), ("t", ends.unit_before(doc, i, j))]
                for d, unit in units:
                    if unit is None:
                        continue
                    feats = ends.features(doc, unit, i, j, s1, cue, "speech", set(), d, tmap)
                    values, prep = ends._values(doc, unit, i, j, s1, cue, "speech", set(), d, tmap)
                    assert len(feats) == len(set(feats)) == len(values)
                    # every feature of this unit weighted apart (a value read under the wrong template
                    # or out of order changes the sum), one weight of the other direction, "bias" itself
                    mine = ends.EndModel({f: 0.01 * (k + 1) * (-1) ** k for k, f in enumerate(feats)} |
                                         {"bias": 0.3, ("t" if d == "x" else "x") + ":bias": 9.0})
                    for model in (shipped, mine):
                        assert model.score(d, values, prep) == model.probability(feats), (doc.text, i, j, d)
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_trim_weight_moves_the_end_the_way_its_sign_says(pipeline, sign):
    doc, said, i, _ = _case(pipeline)
    tmap = TokenMap(doc)
    j = len(doc) - 1  # the content runs to the full stop
    unit = ends.unit_before(doc, i, j)
    assert unit is not None
    model = ends.EndModel({"t:bias": 5.0 * sign}, threshold_extend=1.01, threshold_trim=0.5)
    new_j, moved = ends.adjust(doc, model, said, "speech", i, j, set(), [], [], tmap)
    if sign > 0:
        assert moved and new_j <= unit.join_a and new_j - i >= ends.MIN_KEPT  # dropped, the head kept
    else:
        assert (new_j, moved) == (j, False)


def test_token_map_from_the_document_facts_equals_the_one_read_from_the_document(pipeline, docs):
    from dateline.stages import quotes as stage
    from dateline.stages.quotes import clauses

    cues, heads, according = pipeline.resources.cached("quotes.cues", stage._lexicon)
    checked = 0
    for doc in docs + [pipeline.resources.nlp("\u201cWe won\u2019t,\u201d she said. ``Nor will we,'' he added.")]:
        found = clauses.cue_tokens(doc, cues, heads, according)
        if not found:
            continue
        at = {c.token.i for c in found}
        plain, fast = TokenMap(doc, at), TokenMap(doc, at, found[0].peers)
        for name in ("idx", "ends", "nchars", "n", "listed", "starts", "quotes", "commas", "cues", "cue_set"):
            assert getattr(plain, name) == getattr(fast, name), name
        assert plain.quotes_in(0, len(doc)) == sum(t.text in tokenmap.QUOTE_TOKENS or t.tag_ in ("``", "''")
                                                   for t in doc)
        checked += 1
    assert checked


def _parsed(pipeline, words: list[str], heads: list[int], deps: list[str]):
    """A document with a given parse (heads as absolute indices), so the rule is tested on the
    structure it reads, whatever the shipped model makes of the sentence."""
    from spacy.tokens import Doc

    return Doc(pipeline.resources.nlp.vocab, words=words, heads=heads, deps=deps,
               sent_starts=[True] + [False] * (len(words) - 1))


# "It was, he said, one of the worst failures." with the cue hung on the sentence's verb
INSERTED = (["It", "was", ",", "he", "said", ",", "one", "of", "the", "worst", "failures", "."],
            [1, 1, 4, 4, 1, 4, 1, 6, 10, 10, 7, 1],
            ["nsubj", "ROOT", "punct", "nsubj", "parataxis", "punct", "attr", "prep", "det", "amod", "pobj", "punct"])


def test_an_inverted_cue_inside_the_sentence_gives_the_words_after_it(pipeline):
    doc = _parsed(pipeline, *INSERTED)
    said = doc[4]
    first = (doc[0].idx, doc[1].idx + len(doc[1]))  # "It was", as the inverted frame reads it
    rest = spans.inverted_rest(said, *first, doc.text)
    assert rest is not None and doc.text[rest[0]:rest[1]] == "one of the worst failures"


def test_an_inverted_cue_at_the_sentence_end_or_after_a_quotation_gives_nothing(pipeline):
    # "It was over, he said." : nothing of the sentence's verb follows the cue
    words = ["It", "was", "over", ",", "he", "said", "."]
    doc = _parsed(pipeline, words, [1, 1, 1, 5, 5, 1, 1], ["nsubj", "ROOT", "advmod", "punct", "nsubj", "parataxis", "punct"])
    assert spans.inverted_rest(doc[5], doc[0].idx, doc[2].idx + 4, doc.text) is None
    # the same structure after quoted words: what follows "he said," is the writer's
    words = ["\u201c", "Too", "much", "hate", ",", "\u201d", "he", "said", ",", "shaking", "his", "head", "."]
    heads = [3, 3, 3, 3, 3, 3, 7, 3, 7, 3, 11, 9, 3]
    deps = ["punct", "advmod", "amod", "ROOT", "punct", "punct", "nsubj", "parataxis", "punct", "advcl", "poss", "dobj", "punct"]
    doc = _parsed(pipeline, words, heads, deps)
    assert spans.inverted_rest(doc[7], doc[1].idx, doc[3].idx + 4, doc.text) is None
    # a cue that is the sentence's verb ("X, he said") has no sentence verb around it
    doc = _parsed(pipeline, *INSERTED)
    assert spans.inverted_rest(doc[1], 0, 2, doc.text) is None


# "The implication, according to the aide, is that he cheated." : the phrase hangs on "is"
ACCORDING = (["The", "implication", ",", "according", "to", "the", "aide", ",", "is", "that", "he", "cheated", "."],
             [1, 8, 8, 8, 3, 6, 4, 8, 8, 11, 11, 8, 8],
             ["det", "nsubj", "punct", "prep", "prep", "det", "pobj", "punct", "ROOT", "mark", "nsubj", "ccomp", "punct"])


def test_an_according_phrase_inside_the_sentence_gives_the_words_after_it(pipeline):
    doc = _parsed(pipeline, *ACCORDING)
    first = (doc[0].idx, doc[1].idx + len(doc[1]))  # "The implication", as the phrase frame reads it
    rest = spans.according_rest(doc[3], *first)
    assert rest is not None and doc.text[rest[0]:rest[1]] == "is that he cheated"


def test_an_according_phrase_after_its_verb_or_before_the_content_gives_nothing(pipeline):
    # "Trump leads, according to the poll, by five points." : the verb comes before the phrase
    words = ["Trump", "leads", ",", "according", "to", "the", "poll", ",", "by", "five", "points", "."]
    heads = [1, 1, 1, 1, 3, 6, 4, 1, 1, 10, 8, 1]
    deps = ["nsubj", "ROOT", "punct", "prep", "prep", "det", "pobj", "punct", "prep", "nummod", "pobj", "punct"]
    doc = _parsed(pipeline, words, heads, deps)
    assert spans.according_rest(doc[3], doc[0].idx, doc[1].idx + len(doc[1])) is None
    # a content after the phrase ("According to the aide, [he cheated]") has no second part
    doc = _parsed(pipeline, *ACCORDING)
    assert spans.according_rest(doc[3], doc[8].idx, len(doc.text) - 1) is None


def test_the_closing_full_stop_is_taken_without_the_model_and_words_are_not(pipeline):
    doc, said, i, _ = _case(pipeline)
    tmap = TokenMap(doc)
    stop = len(doc) - 1
    assert doc[stop].text == "."
    refuse = ends.EndModel({"x:bias": -30.0}, threshold_extend=0.5, threshold_trim=1.01)  # says no to every unit
    # a content running to just before the full stop takes it in (its end, in characters, drops it again)
    new_j, moved = ends.adjust(doc, refuse, said, "speech", i, stop, set(), [], [], tmap)
    assert moved and new_j == stop + 1
    assert doc.text[:spans._char_end(doc, new_j)].endswith("share")
    # a unit of words is still the model's to decide: refused, the end stays
    flawed = next(t for t in doc if t.lower_ == "flawed")
    assert ends.adjust(doc, refuse, said, "speech", i, flawed.i + 1, set(), [], [], tmap) == (flawed.i + 1, False)


@pytest.mark.parametrize("noun", sorted(spans.SETTING_NOUNS))
def test_every_setting_noun_ends_an_object_content_before_its_phrase(pipeline, noun):
    # "She criticized the plan in a NOUN ." with the phrase hung on the cue verb
    words = ["She", "criticized", "the", "plan", "in", "a", noun, "."]
    doc = _parsed(pipeline, words, [1, 1, 3, 1, 1, 6, 4, 1], ["nsubj", "ROOT", "det", "dobj", "prep", "det", "pobj", "punct"])
    start, end = doc[2].idx, doc[6].idx + len(doc[6])
    assert doc.text[start:spans.trim_setting(doc, doc[1], start, end)] == "the plan"


def test_a_phrase_that_is_no_setting_stays_in_the_content(pipeline):
    words = ["She", "criticized", "the", "plan", "in", "the", "region", "."]
    doc = _parsed(pipeline, words, [1, 1, 3, 1, 1, 6, 4, 1], ["nsubj", "ROOT", "det", "dobj", "prep", "det", "pobj", "punct"])
    start, end = doc[2].idx, doc[6].idx + len(doc[6])
    assert "region" not in spans.SETTING_NOUNS and spans.trim_setting(doc, doc[1], start, end) == end


def test_the_cue_agent_is_no_unit_to_take_in(pipeline):
    # "Pigs are considered unclean by Muslims." : "by Muslims" is the source of "considered"
    words = ["Pigs", "are", "considered", "unclean", "by", "Muslims", "."]
    deps = ["nsubjpass", "auxpass", "ROOT", "oprd", "agent", "pobj", "punct"]
    doc = _parsed(pipeline, words, [2, 2, 2, 2, 2, 4, 2], deps)
    assert ends.unit_after(doc, 3, 4, len(doc), doc[2], [], [], TokenMap(doc)) is None
    # the same words as a phrase of the content's own ("by many measures") are a unit
    deps = ["nsubjpass", "auxpass", "ROOT", "oprd", "prep", "pobj", "punct"]
    doc = _parsed(pipeline, words, [2, 2, 2, 2, 3, 4, 2], deps)
    u = ends.unit_after(doc, 3, 4, len(doc), doc[2], [], [], TokenMap(doc))
    assert u is not None and (u.a, u.b) == (4, 6)


def _tagged(pipeline, words, heads, deps, tags):
    from spacy.tokens import Doc

    return Doc(pipeline.resources.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_bare_infinitives_hung_on_a_finite_cue_continue_its_infinitive(pipeline):
    # "She wants to triple the program , grow the corps and create a reserve ."
    words = ["She", "wants", "to", "triple", "the", "program", ",", "grow", "the", "corps", "and", "create", "a",
             "reserve", "."]
    heads = [1, 1, 3, 1, 5, 3, 3, 1, 9, 7, 7, 7, 13, 11, 1]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj", "punct", "conj", "det", "dobj", "cc", "conj", "det",
            "dobj", "punct"]
    tags = ["PRP", "VBZ", "TO", "VB", "DT", "NN", ",", "VB", "DT", "NN", "CC", "VB", "DT", "NN", "."]
    doc = _tagged(pipeline, words, heads, deps, tags)
    start, end = doc[2].idx, doc[5].idx + len(doc[5])  # "to triple the program"
    got = spans.extend_infinitives(doc, doc[1], start, end, {1}, TokenMap(doc, {1}))
    assert doc.text[start:got] == "to triple the program , grow the corps and create a reserve"


def test_a_verb_in_the_cue_tense_or_after_a_base_form_cue_is_not_taken(pipeline):
    # "He promised to cut taxes and won the vote ." : "won" is his next act
    words = ["He", "promised", "to", "cut", "taxes", "and", "won", "the", "vote", "."]
    heads = [1, 1, 3, 1, 3, 1, 1, 8, 6, 1]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "dobj", "cc", "conj", "det", "dobj", "punct"]
    tags = ["PRP", "VBD", "TO", "VB", "NNS", "CC", "VBD", "DT", "NN", "."]
    doc = _tagged(pipeline, words, heads, deps, tags)
    start, end = doc[2].idx, doc[4].idx + len(doc[4])
    assert spans.extend_infinitives(doc, doc[1], start, end, {1}, TokenMap(doc, {1})) == end
    # "They will promise to cut taxes and build roads ." : after a base-form cue, left as it is
    words = ["They", "will", "promise", "to", "cut", "taxes", "and", "build", "roads", "."]
    heads = [2, 2, 2, 4, 2, 4, 2, 2, 7, 2]
    deps = ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj", "cc", "conj", "dobj", "punct"]
    tags = ["PRP", "MD", "VB", "TO", "VB", "NNS", "CC", "VB", "NNS", "."]
    doc = _tagged(pipeline, words, heads, deps, tags)
    start, end = doc[3].idx, doc[5].idx + len(doc[5])
    assert spans.extend_infinitives(doc, doc[2], start, end, {2}, TokenMap(doc, {2})) == end


def _unit_features(doc, cue, i: int, j: int) -> list[str]:
    tmap = TokenMap(doc, {cue.i})
    s1 = _sent_end(doc, j - 1)
    unit = ends.unit_after(doc, i, j, s1, cue, [], [], tmap)
    assert unit is not None
    return ends.features(doc, unit, i, j, s1, cue, "speech", {cue.i}, "x", tmap)


# "She chides Turkey and praises Trump ." with the second verb conjoined to the cue
CONJOINED = (["She", "chides", "Turkey", "and", "praises", "Trump", "."], [1, 1, 1, 1, 1, 4, 1],
             ["nsubj", "ROOT", "dobj", "cc", "conj", "dobj", "punct"])


def test_the_end_features_say_whether_a_conjoined_verb_has_the_cue_form(pipeline):
    # in the cue's own form ("chides ... praises"): the speaker's next act, as often as not
    doc = _tagged(pipeline, *CONJOINED, ["PRP", "VBZ", "NNP", "CC", "VBZ", "NNP", "."])
    feats = _unit_features(doc, doc[1], 2, 3)
    assert {"x:ctag=VBZ", "x:rtag=VBZ", "x:agree=True|conj", "x:fd=praises|conj", "x:mark="} <= set(feats)
    # in another form ("chides ... praising") it goes on with the content
    doc = _tagged(pipeline, *CONJOINED, ["PRP", "VBZ", "NNP", "CC", "VBG", "NNP", "."])
    feats = _unit_features(doc, doc[1], 2, 3)
    assert "x:agree=False|conj" in feats and "x:agree=True|conj" not in feats


def test_the_end_features_name_the_unit_subordinator_and_its_commas(pipeline):
    # "He said they left , because it rained , as forecast , on Monday ."
    words = ["He", "said", "they", "left", ",", "because", "it", "rained", ",", "as", "forecast", ",", "on",
             "Monday", "."]
    heads = [1, 1, 3, 1, 3, 7, 7, 3, 7, 10, 7, 7, 7, 12, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "punct", "mark", "nsubj", "advcl", "punct", "mark", "advcl", "punct",
            "prep", "pobj", "punct"]
    tags = ["PRP", "VBD", "PRP", "VBD", ",", "IN", "PRP", "VBD", ",", "IN", "VBN", ",", "IN", "NNP", "."]
    doc = _tagged(pipeline, words, heads, deps, tags)
    feats = _unit_features(doc, doc[1], 2, 4)  # content "they left"; the unit "because it rained , ... Monday"
    assert {"x:mark=because", "x:jm=,|because", "x:commas=2", "x:jc=,|2", "x:agree=True|advcl"} <= set(feats)
    # a unit that opens with no subordinator ("the news , she said" -> "on Monday") names none
    feats = _unit_features(doc, doc[1], 2, 11)
    assert {"x:mark=", "x:commas=0", "x:fd=on|prep"} <= set(feats)


def _every_rule(doc, cue, start, end, cues, text, tmap):
    """``refine`` as the plain sequence of its rules, each one called (``refine`` skips those whose
    relation the cue lacks)."""
    rights = list(cue.rights)
    start, end = spans.within_paragraph(text, cue.idx, start, end)
    end = spans.trim_setting(doc, cue, start, end, tmap, rights)
    end = spans.cut_second_attribution(doc, cue, start, end, cues, tmap)
    end = spans.cut_according(doc, start, end, cues, tmap)
    end = spans.extend_shared_subject(doc, cue, start, end, cues, tmap, rights)
    end = spans.extend_predicate(doc, cue, start, end, tmap, rights)
    end = spans.extend_reason(doc, cue, start, end, tmap, rights)
    end = spans.extend_conjuncts(doc, cue, start, end, cues, tmap)
    end = spans.extend_infinitives(doc, cue, start, end, cues, tmap, rights)
    return start, end


def test_refine_skipping_rules_gives_what_every_rule_gives(pipeline, docs):
    extra = ["He said he was tired and wanted a new candidate, and she agreed.",
             "She criticized the plan in a tweet on Monday, according to aides who said it failed.",
             "He wants to triple the program, grow the corps and create a reserve if he wins."]
    checked = 0
    for doc in docs + [pipeline.resources.nlp(s) for s in extra]:
        verbs = [t for t in doc if t.pos_ in ("VERB", "AUX")]
        cues = {t.i for t in verbs}
        for cue in verbs:
            for a in range(cue.i + 1, len(doc)):
                for b in range(a + 1, len(doc) + 1):
                    start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
                    tmap = TokenMap(doc, cues)
                    want = _every_rule(doc, cue, start, end, cues, doc.text, TokenMap(doc, cues))
                    assert spans.refine(doc, cue, start, end, cues, doc.text, tmap) == want
                    checked += 1
    assert checked > 1000


NESTED = ["Lee said the bill was flawed and called the plan a disaster, a view aides shared.",
          "\u201cIt failed,\u201d the mayor said, while critics argued that the council had warned it would fail."]


def test_the_nesting_score_over_feature_values_is_the_probability_over_their_names(pipeline):
    from dateline.stages import quotes as stage
    from dateline.stages.quotes import nesting
    from dateline.stages.quotes.clauses import Cue

    shipped = nesting.load_model() if nesting.WEIGHTS_FILE.is_file() else nesting.NestModel()
    checked = 0
    for text in NESTED:
        doc = pipeline.resources.nlp(text)
        verbs = [t for t in doc if t.pos_ in ("VERB", "AUX")]
        nouns = [t for t in doc if t.pos_ in ("NOUN", "PROPN", "PRON")]
        for n, (a, b) in enumerate((a, b) for a in verbs for b in verbs if a.i != b.i):
            who_a = (nouns[n % len(nouns)], 0, 1) if n % 3 else None
            who_b = (nouns[(n + 1) % len(nouns)], 0, 1) if n % 2 else who_a
            outer = stage.Item(0, len(text) - 1, "indirect", Cue(a, "speech", a.idx, a.idx + len(a), learned=n % 4 == 0),
                               who_a, frame="clause" if n % 2 else "")
            start = b.idx + len(b) + 1 if n % 2 else max(0, b.idx - 6)
            inner = stage.Item(start, min(len(text) - 1, start + 12 + n), "indirect",
                               Cue(b, "evaluation", b.idx, b.idx + len(b), learned=n % 5 == 0), who_b, frame="object")
            feats = nesting.features(inner, outer, text)
            vals = nesting.values(inner, outer, text)
            assert len(feats) == len(set(feats)) and len(vals) == len(nesting.TEMPLATES)
            # every feature of this pair weighted apart: a value read under the wrong template or out of
            # order changes the sum
            mine = nesting.NestModel({f: 0.01 * (k + 1) * (-1) ** k for k, f in enumerate(feats)} | {"x=y": 5.0})
            for model in (shipped, mine):
                assert model.score(vals) == model.probability(feats), (text, a.text, b.text)
            checked += 1
    assert checked > 20
