"""Every entry of every entities lexicon file works through the real stage (one test per file,
iterating over all entries; failures list the entries that did not)."""

from __future__ import annotations

import pytest

from dateline.dictionaries import words
from dateline.stages.entities.lexicon import load_lexicon, rows


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def run_all(pipeline, texts):
    return list(pipeline.pipe([(t, {"published": "2021-04-08"}) for t in texts]))


def entity_with(article, text):
    return next((e for e in article.entities for m in e.mentions if m.text == text), None)


def test_every_file_parses_with_its_columns(lex):
    for name, ncols in (("countries.tsv", 2), ("demonyms.tsv", 4), ("igos.tsv", 5), ("titles.tsv", 5),
                        ("sectors.tsv", 2), ("descriptions.tsv", 2), ("place_nouns.tsv", 2),
                        ("person_nouns.tsv", 4), ("parties.tsv", 4), ("attitude_verbs.tsv", 1)):
        for row in rows(name):
            assert len(row) == ncols and all(c.strip() for c in row), (name, row)


def test_countries(pipeline, lex):
    entries = rows("countries.tsv")
    articles = run_all(pipeline, [f"Officials from {name} arrived on Monday." for name, _ in entries])
    bad = []
    for (name, code), a in zip(entries, articles):
        e = entity_with(a, name)
        if e is None or e.type != "COUNTRY" or e.actor is None or e.actor.code != code:
            bad.append((name, e and e.type, e and e.actor))
    assert not bad, bad


def test_demonyms_adjectives_and_people(pipeline, lex):
    entries = rows("demonyms.tsv")
    countries = set(lex.country_name)
    adj = run_all(pipeline, [f"The {d} delegation arrived on Monday." for d, *_ in entries])
    bad = []
    for (demonym, code, plural, place), a in zip(entries, adj):
        e = entity_with(a, demonym)
        want = "COUNTRY" if code in countries else ("PLACE" if place != "-" else "NORP")
        if e is None or e.type != want or (want == "COUNTRY" and e.actor.code != code):
            bad.append((demonym, e and e.type))
    plurals = [(p, code) for _, code, p, _ in entries if p != "-"]
    people = run_all(pipeline, [f"Many {p} voted on Sunday." for p, _ in plurals])
    for (p, code), a in zip(plurals, people):
        e = entity_with(a, p)
        if e is None or e.type != "NORP" or e.actor is None or e.actor.code != code:
            bad.append((p, e and e.type, e and e.actor))
    assert not bad, bad


def test_igos_every_name_and_alias(pipeline, lex):
    cases = []
    for code, kind, name, aliases, _parent in rows("igos.tsv"):
        for alias in [name] + ([] if aliases == "-" else aliases.split("|")):
            cases.append((alias, code, "IGO" if kind == "IGO" else "ORG"))
    articles = run_all(pipeline, [f"A statement by the {alias} was published on Monday." for alias, *_ in cases])
    bad = []
    for (alias, code, etype), a in zip(cases, articles):
        e = entity_with(a, alias)
        if e is None or e.type != etype or e.actor is None or e.actor.code != code:
            bad.append((alias, e and e.type, e and e.actor))
    assert not bad, bad


def test_titles(pipeline, lex):
    entries = rows("titles.tsv")
    titles = [t for t in entries if t[3] != "honorific"]
    articles = run_all(pipeline, [f"Then Germany's {t} said the plan was good." for t, *_ in titles])
    bad = []
    for (title, sector, gender, kind, canonical), a in zip(titles, articles):
        e = next((e for e in a.entities if e.type == "PERSON" and e.role), None)
        want = "DEU" + (sector if sector != "-" else "GOV")
        if e is None or e.actor is None or e.actor.code != want or title not in e.name:
            bad.append((title, e and e.name, e and e.actor))
    honorifics = [t for t in entries if t[3] == "honorific"]
    people = run_all(pipeline, [f"{h} John Kowalski arrived. Then he said it was good." for h, *_ in honorifics])
    for (h, _s, gender, *_), a in zip(honorifics, people):
        e = entity_with(a, "John Kowalski")
        if e is None or e.name != "John Kowalski":
            bad.append((h, e and e.name))
    assert not bad, bad


def test_sectors(pipeline, lex):
    entries = rows("sectors.tsv")
    articles = run_all(pipeline, [f"On Monday, Kenya's {w} said it would act." for w, _ in entries])
    bad = []
    for (word, sector), a in zip(entries, articles):
        e = next((e for e in a.entities if e.type == "ORG"), None)
        if e is None or e.actor is None or e.actor.code != "KEN" + sector:
            bad.append((word, e and e.name, e and e.actor))
    assert not bad, bad


def test_descriptions(pipeline, lex):
    antecedent = {"IGO": "NATO", "ORG": "Acme Holdings Inc.", "COUNTRY": "Kenya"}
    cases = [(noun, t) for noun, types in rows("descriptions.tsv") for t in [types.split("|")[0]]]
    articles = run_all(pipeline, [f"{antecedent[t]} made an announcement on Monday. Later the {noun} said more."
                                  for noun, t in cases])
    bad = []
    for (noun, t), a in zip(cases, articles):
        e = entity_with(a, f"the {noun}")
        if e is None or e.type != t:
            bad.append((noun, e and e.type))
    assert not bad, bad


def test_place_nouns(pipeline, lex):
    """Each place noun turns the name beside it into a place, whatever the model says."""
    from dateline.stages.entities.recognize import Context, _place_noun

    nlp = pipeline.resources.nlp
    bad = []
    for noun, position in rows("place_nouns.tsv"):
        if position == "after":
            text, a, b = f"They reached the Qaradagh {noun} on Monday.", 3, 4
        elif position == "before":
            text, a, b = f"They reached {noun} Qaradagh on Monday.", 3, 4
        else:
            text, a, b = f"They reached Qaradagh {noun.capitalize()} on Monday.", 2, 4
        ctx = Context(nlp(text), lex, None, text)
        if not _place_noun(ctx, a, b):
            bad.append(noun)
    assert not bad, bad


def test_acronyms_need_their_case(lex):
    from dateline.stages.entities.lexicon import is_acronym

    assert is_acronym("US") and is_acronym("U.N.") and not is_acronym("Russia")
    entry = lex.names.get(words("WHO"))[0]
    assert entry.exact


def test_person_nouns(pipeline, lex):
    """Every person noun, singular and plural, makes an entity when its phrase acts."""
    entries = rows("person_nouns.tsv")
    texts = []
    for singular, plural, _sector, _etype in entries:
        texts.append(f"On Monday, {plural} said the plan would fail.")
        texts.append(f"On Monday, a {singular} said the plan would fail.")
    articles = run_all(pipeline, texts)
    bad = []
    for k, (singular, plural, _sector, etype) in enumerate(entries):
        for word, a in ((plural, articles[2 * k]), (singular, articles[2 * k + 1])):
            e = next((e for e in a.entities for m in e.mentions if word in m.text.split()), None)
            if e is None or e.type not in (etype, "ORG") or (e.type == "PERSON" and not e.role):
                bad.append((word, e and e.type))
    assert not bad, bad


def test_person_nouns_do_not_act_as_objects(pipeline):
    """A description that only undergoes something is context, not an actor."""
    a = run_all(pipeline, ["The storm killed three people and injured several experts on Monday."])[0]
    assert not [e for e in a.entities if e.group or e.role], a.entities


def test_parties(pipeline, lex):
    entries = rows("parties.tsv")
    texts = [f"On Monday, {text} said the plan would fail." if form == "members" else
             f"On Monday, one {text} said the plan would fail." for text, form, _p, _c in entries]
    bad = []
    for (text, form, _party, country), a in zip(entries, run_all(pipeline, texts)):
        e = next((e for e in a.entities for m in e.mentions if m.text == text), None)
        want = "ORG" if form == "members" else "PERSON"
        if e is None or e.type != want:
            bad.append((text, e and e.type))
        elif form == "members" and country != "-" and (e.actor is None or e.actor.code != country + "PTY"):
            bad.append((text, e.actor))
    assert not bad, bad


def test_attitude_verbs(pipeline, lex):
    """Each verb turns an indefinite subject ("some") into people voicing a view."""
    entries = [row[0] for row in rows("attitude_verbs.tsv")]
    clause = run_all(pipeline, [f"After the vote, some {verb} that the plan is wrong." for verb in entries])
    obj = run_all(pipeline, [f"After the vote, some {verb} the new plan." for verb in entries])
    bad = []
    for verb, a, b in zip(entries, clause, obj):
        es = [entity_with(a, "some"), entity_with(b, "some")]
        if not any(e is not None and e.type == "PERSON" and e.group for e in es):
            bad.append(verb)
    assert not bad, bad
