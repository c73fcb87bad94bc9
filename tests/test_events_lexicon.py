"""Every lexicon entry's example sentence triggers that entry's category; the crosswalk and the
PETRARCH verb-dictionary reader are well-formed."""

from __future__ import annotations

import pytest

from dateline.model import PLOVER_CATEGORIES
from dateline.stages.events.lexicon import MODES, Lexicon, load_crosswalk, load_lexicon
from dateline.stages.events.petrarch import load_verb_dictionary
from dateline.stages.events.triggers import find_candidates, lemmas

from .conftest import shared_path


@pytest.fixture(scope="module")
def lexicon(pipeline) -> Lexicon:
    return pipeline.resources.cached("events.lexicon", load_lexicon)


def _entries():
    from dateline.resources import Resources

    lex = load_lexicon(Resources())
    return [e for e in lex.entries() if e.source.startswith("lexicon:")]


ENTRIES = _entries()


def test_every_category_has_a_lexicon():
    assert {e.category for e in ENTRIES} == set(PLOVER_CATEGORIES)
    assert len(ENTRIES) >= 150


@pytest.fixture(scope="module")
def parsed(pipeline):
    nlp = pipeline.resources.nlp
    return dict(zip([e.example for e in ENTRIES], nlp.pipe([e.example for e in ENTRIES])))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.category}:{'|'.join(sorted(e.head))}:{e.pos}")
def test_entry_example_yields_category(entry, parsed, lexicon):
    sdoc = parsed[entry.example]
    found = [c for s in sdoc.sents for c in find_candidates(s, lexicon)]
    hits = [c for c in found if c.entry.category == entry.category and entry.head & set(lemmas(c.trigger))]
    assert hits, (entry.example, [(c.trigger.text, c.entry.category) for c in found])
    assert entry.mode is None or entry.mode in MODES[entry.category]


def test_crosswalk_rows_are_valid():
    cw = load_crosswalk()
    assert len(cw.rows) > 250
    for code, (category, mode, contexts) in cw.rows.items():
        assert category in PLOVER_CATEGORIES, code
        assert mode is None or mode in MODES[category], (code, mode)
    assert cw.lookup("0874")[0] == "RETREAT" and cw.lookup("192")[:2] == ("COERCE", "seize")
    assert cw.lookup("1951")[0] == "ASSAULT"  # a finer code falls back to its parent
    assert cw.lookup("010") is None  # statements have no PLOVER category


def test_crosswalk_covers_the_cameo_codebook():
    import csv

    path = shared_path("eval", "events", "CAMEO", "cameo.csv")
    cw = load_crosswalk()
    codes = [r[0] for r in csv.reader(path.open(encoding="utf-8")) if r and r[0][:1].isdigit()]
    unmapped = [c for c in codes if cw.lookup(c) is None]
    assert all(c.startswith("01") for c in unmapped), unmapped


DICT = """# a tiny PETRARCH-format verb dictionary
&WEAPON
+ROCKET
+MORTAR

####### VERB PATTERNS #######

---  HURL   [---]  ---
HURL {HURLS HURLED HURLING }
LOB
- * &WEAPON (AT)                                      [190]         # HURL
- * ACCUSATIONS                                       [112]         # HURL
- * INSULTS                                           [---]         # HURL

---  PRAISE_LOUDLY   [051]  ---
+HEAP_PRAISE
EXTOL [051]
"""


def test_petrarch_reader(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text(DICT, encoding="utf-8")
    entries = load_verb_dictionary(path, load_crosswalk())

    def find(head, word=None):
        return next(e for e in entries if head in e.head and (word is None and not e.needs or
                                                              word is not None and any(word in n for n in e.needs)))

    assert find("hurl", "rocket").category == "ASSAULT" and find("lob", "mortar").cameo == "190"
    assert find("hurl", "accusations").category == "ACCUSE"
    assert find("hurl", "insults").category == ""  # [---]: a suppressor
    assert find("extol").category == "SUPPORT"
    assert find("heap", "praise").category == "SUPPORT"


def test_user_verbs_add_patterns(tmp_path):
    import dateline

    path = tmp_path / "verbs.txt"
    path.write_text(DICT, encoding="utf-8")
    pipe = dateline.get_pipeline(verbs=str(path))
    a = pipe("Syria hurled rockets at Israel on Monday.", published="2021-03-02")
    assert any(e.category == "ASSAULT" and e.cameo == "190" for e in a.events)
    a = pipe("Syria hurled insults at Israel on Monday.", published="2021-03-02")
    assert not a.events


def test_bad_dictionary_is_a_coded_error(tmp_path):
    from dateline.errors import DatelineError

    path = tmp_path / "verbs.txt"
    path.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(DatelineError) as e:
        load_verb_dictionary(path, load_crosswalk())
    assert e.value.code == "E013"


def test_shared_cameo_verb_dictionary_loads():
    path = shared_path("eval", "events", "petrarch2", "dictionaries", "CAMEO.2.0.txt")
    entries = load_verb_dictionary(path, load_crosswalk())
    assert len(entries) > 5000
    assert any(e.category == "ASSAULT" and "attack" in e.head for e in entries)


def test_user_verb_without_target_codes_nothing(tmp_path):
    import dateline

    path = tmp_path / "verbs.txt"
    path.write_text(DICT, encoding="utf-8")
    pipe = dateline.get_pipeline(verbs=str(path))
    a = pipe("Syria extols the weather of the coast, officials said on Monday.", published="2021-03-02")
    assert not [e for e in a.events if e.category == "SUPPORT"]
    a = pipe("Syria extols Iran, officials said on Monday.", published="2021-03-02")
    assert [e.category for e in a.events] == ["SUPPORT"]


def test_intransitive_entries_need_no_object(pipeline):
    a = pipeline("Farmers in India demonstrated against the government on Monday.", published="2021-03-02")
    assert any(e.category == "PROTEST" for e in a.events)
    a = pipeline("India's figures demonstrated that exports rose on Monday.", published="2021-03-02")
    assert not any(e.category == "PROTEST" for e in a.events)
    a = pipeline("India rallied support from Nepal on Monday.", published="2021-03-02")
    assert not any(e.category == "PROTEST" for e in a.events)


def test_every_verbal_target_makes_criticism(pipeline):
    from dateline.stages.events.lexicon import read_verbal_targets, _data_dir

    targets = read_verbal_targets(_data_dir() / "events" / "verbal_targets.tsv")
    assert len(targets) >= 10
    for lemma, example in targets.items():
        a = pipeline(example, published="2021-03-02")
        cats = [e.category for e in a.events]
        assert "ASSAULT" not in cats and "ACCUSE" in cats, (lemma, example, cats)
    a = pipeline("Russia attacked the army base on Monday.", published="2021-03-02")
    assert [e.category for e in a.events] == ["ASSAULT"]
