"""Entities stage: the founding example's done-when, and each recognition/resolution rule."""

from __future__ import annotations

import pytest

import dateline


def ents(article, etype=None):
    return [e for e in article.entities if etype is None or e.type == etype]


def find(article, text, etype=None):
    """The entity with a mention whose text is ``text``."""
    hits = [e for e in ents(article, etype) if any(m.text == text for m in e.mentions)]
    return hits[0] if hits else None


def mentions(entity):
    return [m.text for m in entity.mentions]


# --- the founding example ----------------------------------------------------------------------

COUNTRIES = {"Azerbaijan", "Armenia", "Russia"}


def test_no_country_typed_person_or_org(founding):
    for e in founding.entities:
        if e.type in ("PERSON", "ORG"):
            assert not COUNTRIES & set(mentions(e)), e


def test_one_entity_per_real_world_thing(founding):
    for name in ("Azerbaijan", "Armenia", "Russia"):
        hits = [e for e in founding.entities if name in mentions(e)]
        assert len(hits) == 1 and hits[0].type == "COUNTRY", (name, hits)
    oic = [e for e in founding.entities if "OIC" in mentions(e) and e.type == "IGO" and e.name != "OIC Contact Group"]
    assert len(oic) == 1
    assert len([e for e in founding.entities if e.name == "Armenian Armed Forces"]) == 1
    assert len([e for e in founding.entities if "Sengendo" in e.name]) == 1


def test_sengendo(founding):
    s = find(founding, "Ahmad Kawesa Sengendo", "PERSON")
    assert s is not None
    ms = mentions(s)
    assert "Sengendo" in ms and "he" in ms
    assert any("representative" in m for m in ms)
    assert s.title == "Assistant Secretary-General in charge of Economic Affairs"
    oic = founding.entity(s.affiliation)
    assert oic is not None and oic.name == "Organization of Islamic Cooperation"
    assert s.actor.code == oic.actor.code


def test_oic_and_contact_group(founding):
    oic = find(founding, "Organization of Islamic Cooperation")
    assert oic.type == "IGO" and oic.actor.code == "IGOMOSOIC" and oic.source == "lexicon:igos"
    assert "the organization" in mentions(oic)
    group = find(founding, "OIC Contact Group")
    assert group.type == "IGO" and group.affiliation == oic.id and group.actor.code == "IGOMOSOIC"


def test_actor_codes(founding):
    assert find(founding, "Armenian Armed Forces").actor.code == "ARMMIL"
    pm = find(founding, "Armenia's PM")
    assert pm.type == "PERSON" and pm.role and founding.entity(pm.affiliation).name == "Armenia"
    assert pm.actor.code == "ARMGOV"
    russia_president = find(founding, "president of Russia")
    assert russia_president.role and russia_president.actor.code == "RUSGOV"
    aze_president = find(founding, "Azerbaijani president")
    assert aze_president.role and aze_president.actor.code == "AZEGOV"
    for name, code in (("Azerbaijan", "AZE"), ("Armenia", "ARM"), ("Russia", "RUS")):
        assert find(founding, name).actor.code == code


def test_model_mistakes_are_fixed(founding):
    texts = {m for e in founding.entities for m in mentions(e)}
    assert "Economic Affairs" not in texts  # part of a title
    assert not any("2020" in t for t in texts)  # "Nov.2020" is a date
    assert find(founding, "Aghdam").type == "PLACE"
    assert find(founding, "Nagorno-Karabakh").type == "PLACE"
    assert find(founding, "Azerbaijan").source == "gazetteer:countries"


def test_demonym_is_a_mention_of_its_country(founding):
    armenia = find(founding, "Armenia")
    assert "Armenian" in mentions(armenia)


def test_ids_ordered_by_first_mention(founding):
    firsts = [min(m.start for m in e.mentions) for e in founding.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in founding.entities] == [f"E{i}" for i in range(1, len(founding.entities) + 1)]


def test_affiliations_point_at_entities(founding):
    ids = {e.id for e in founding.entities}
    for e in founding.entities:
        assert e.affiliation is None or e.affiliation in ids


# --- rules on small texts ----------------------------------------------------------------------

def analyse(text, **kw):
    return dateline.analyze(text, published=kw.pop("published", "2021-04-08"), **kw)


def test_country_wins_over_model_whatever_its_label():
    a = analyse("Georgia and Armenia signed the treaty. Jordan welcomed it, and Chad said nothing.")
    for name in ("Georgia", "Armenia", "Jordan", "Chad"):
        e = find(a, name)
        assert e is not None and e.type == "COUNTRY", (name, e)


def test_surname_of_a_person_is_not_a_country():
    a = analyse("Michael Jordan visited Paris on Monday. Jordan said the trip was good.")
    person = find(a, "Michael Jordan")
    assert person.type == "PERSON" and "Jordan" in mentions(person)


def test_acronym_defined_in_parentheses():
    a = analyse("The Caspian Widget Consortium (CWC) met in Baku. The CWC said prices would rise.")
    e = find(a, "Caspian Widget Consortium")
    assert e is not None and mentions(e).count("CWC") == 2


def test_title_before_name_with_affiliation():
    a = analyse("French Foreign Minister Jean-Yves Le Drian said on Monday that talks would resume.")
    p = find(a, "Jean-Yves Le Drian", "PERSON")
    assert p.title == "Foreign Minister"
    assert a.entity(p.affiliation).name == "France"
    assert p.actor.code == "FRAGOV"


def test_title_in_apposition():
    a = analyse("Ilham Aliyev, the Azerbaijani president, said the war was over.")
    p = find(a, "Ilham Aliyev", "PERSON")
    assert any("president" in m for m in mentions(p))
    assert p.actor.code == "AZEGOV"


def test_pronouns_respect_gender_and_quotes():
    a = analyse('Maria Lopez met Mr. John Smith on Monday. "Putin is wrong," she said. He agreed.')
    maria, john = find(a, "Maria Lopez", "PERSON"), find(a, "John Smith", "PERSON")
    assert "she" in mentions(maria)
    assert "He" in mentions(john) and "she" not in mentions(john)


def test_pronoun_mentions_have_offsets():
    a = analyse("The ministry of Kenya said it would act. John Smith said he agreed.")
    for e in a.entities:
        for m in e.mentions:
            assert a.text[m.start:m.end] == m.text


def test_description_resolves_to_last_organisation():
    a = analyse("NATO ministers met in Brussels on Monday. The alliance said it would send troops.")
    nato = find(a, "NATO")
    assert nato.type == "IGO" and "The alliance" in mentions(nato)


def test_possessive_and_of_roles():
    a = analyse("Germany's chancellor met the president of France and the Turkish foreign minister.")
    chancellor = find(a, "Germany's chancellor")
    assert chancellor.role and chancellor.actor.code == "DEUGOV"
    assert find(a, "president of France").actor.code == "FRAGOV"
    assert find(a, "Turkish foreign minister").actor.code == "TURGOV"


def test_sector_groups_code_country_and_sector():
    a = analyse("Turkish troops crossed into Syria on Monday, and Syrian rebels retreated.")
    assert find(a, "Turkish troops").actor.code == "TURMIL"
    assert find(a, "Syrian rebels").actor.code == "SYRREB"
    assert "Turkish" in mentions(find(a, "Turkey", "COUNTRY") or find(a, "Turkish", "COUNTRY"))


def test_people_demonyms_are_coded_norp():
    a = analyse("Thousands of Nigerians voted on Saturday, while Kurds protested in the north.")
    assert find(a, "Nigerians").type == "NORP" and find(a, "Nigerians").actor.code == "NGA"
    assert find(a, "Kurds").actor.code == "KUR"


def test_dates_are_not_entities():
    a = analyse("The war lasted from late Sept. through early Nov.2020 and ended on Nov. 10, 2020.")
    assert not any(any(ch.isdigit() for ch in m.text) for e in a.entities for m in e.mentions)


@pytest.mark.parametrize("noun", ["district", "region", "province"])
def test_place_noun_makes_a_place(noun):
    a = analyse(f"Fighting was reported in the Kelbajar {noun} on Monday.")
    e = find(a, "Kelbajar")
    assert e is None or e.type == "PLACE"  # if recognised at all, never an ORG or PERSON


def test_scratch_mention_kinds(pipeline):
    doc = pipeline.new_document("John Smith arrived in Paris. He said it was cold.", {})
    for stage in pipeline.stages:
        stage.run(doc)
        if stage.name == "entities":
            break
    kinds = {(doc.text[a:b], k) for a, b, _, k in doc.scratch["entity_mentions"]}
    assert ("He", "pronoun") in kinds and ("John Smith", "name") in kinds
    tokens = doc.scratch["entity_tokens"]
    assert tokens[0] == tokens[1]  # "John Smith" -> one entity


def test_entities_stage_speed_shape():
    """The matching indexes are dicts over word tuples (no scan over entries)."""
    from dateline.stages.entities.lexicon import load_lexicon

    lex = load_lexicon()
    assert lex.names.longest_at(["organization", "of", "islamic", "cooperation", "said"], 0)[0] == 4
    assert lex.names.longest_at(["said", "nothing"], 0) is None


def test_plural_pronoun_needs_a_nearby_plural_group():
    a = analyse("Many Nigerians voted on Sunday. They said the vote was fair.")
    assert "They" in mentions(find(a, "Nigerians"))
    b = analyse("The ministry said they would act.")
    assert not any("they" in mentions(e) for e in b.entities)


def test_relative_pronoun_joins_its_antecedent():
    a = analyse("The plan was praised by Senator Jon Tester, who said it would help farmers.")
    assert "who" in mentions(find(a, "Jon Tester", "PERSON"))


def test_honorific_makes_a_person():
    a = analyse("Mr. Ban said on Tuesday that the talks had failed.")
    e = find(a, "Ban")
    assert e is not None and e.type == "PERSON"


def test_institutions_stay_names_and_bare_sectors_are_coded():
    a = analyse("The Supreme Court ruled on Monday, and police said protesters had left.")
    assert find(a, "Supreme Court").type == "ORG" and find(a, "Supreme Court").actor.code == "JUD"
    assert find(a, "police").actor.code == "COP" and find(a, "protesters").actor.code == "OPP"


def test_place_inside_an_organisation_name():
    a = analyse("The Beverly Hills Police Department said the suspect had fled.")
    org = next(e for e in a.entities if e.type == "ORG")
    place = a.entity(org.affiliation)
    assert place is not None and place.type == "PLACE" and place.name == "Beverly Hills"


def test_surname_mentions_the_model_missed():
    a = analyse("John Stumpf testified on Tuesday. Lawmakers grilled Stumpf for hours, and STUMPF: replied.")
    person = find(a, "John Stumpf", "PERSON")
    assert mentions(person).count("Stumpf") >= 1


def test_first_person_in_a_quotation_is_its_speaker():
    a = analyse('"I think we will win," John Smith said on Monday. Mary Jones told reporters: "My plan is good."')
    assert {"I", "we"} <= set(mentions(find(a, "John Smith", "PERSON")))
    assert "My" in mentions(find(a, "Mary Jones", "PERSON"))


def test_speech_verbs_file_loads():
    from dateline.stages.entities.lexicon import load_lexicon, rows

    lex = load_lexicon()
    assert {r[0] for r in rows("speech_verbs.tsv")} == lex.speech_verbs and "say" in lex.speech_verbs


def test_every_speech_verb_attributes_first_person(pipeline):
    from dateline.stages.entities.lexicon import rows

    def third_person(v):
        return v[:-1] + "ies" if v.endswith("y") and v[-2] not in "aeiou" else v + ("es" if v.endswith("s") else "s")

    verbs = [r[0] for r in rows("speech_verbs.tsv")]
    texts = [f'"I agree with the plan," John Smith {third_person(v)}.' for v in verbs]
    bad = []
    for v, a in zip(verbs, pipeline.pipe([(t, {}) for t in texts])):
        e = find(a, "John Smith", "PERSON")
        if e is None or "I" not in mentions(e):
            bad.append(v)
    assert not bad, bad


# --- people described, not named ----------------------------------------------------------------

def test_described_people_who_act_are_entities():
    a = analyse("Experts said the plan would fail. A source told reporters the talks had stalled. "
                "According to analysts, the economy grew.")
    experts, source, analysts = find(a, "Experts"), find(a, "A source"), find(a, "analysts")
    assert experts.type == "PERSON" and experts.role and experts.group
    assert source.type == "PERSON" and source.role and not source.group
    assert analysts is not None and analysts.group


def test_each_indefinite_person_is_someone_new():
    a = analyse("A source said the talks stalled. Another source said they had not.")
    assert find(a, "A source").id != find(a, "Another source").id


def test_groups_take_they_and_who_never_he():
    a = analyse("Critics, who oppose the deal, said they would sue. John Smith arrived. Then he left.")
    critics = find(a, "Critics")
    assert {"who", "they"} <= set(mentions(critics)) and "he" not in mentions(critics)
    assert "he" in mentions(find(a, "John Smith"))


def test_party_members_are_an_organisation_of_people():
    a = analyse("Republicans said they would block the bill. One Democrat said no.")
    reps = find(a, "Republicans")
    assert reps.type == "ORG" and reps.group and reps.actor.code == "USAPTY" and "they" in mentions(reps)
    dem = find(a, "Democrat")
    assert dem.type == "PERSON" and dem.role
    a = analyse("The Republican nominee said it was over.")  # the adjective stays a modifier
    assert not [e for e in a.entities if e.group]


def test_people_of_a_country_are_not_its_government():
    a = analyse("Chinese experts warned on Monday that the dam was unsafe.")
    experts = find(a, "experts")
    assert experts.group and experts.actor.code == "CHN"


def test_unnamed_voices():
    a = analyse("Twelve percent said they were not sure. But some note that the poll was small. "
                "No one expected the result.")
    for text in ("Twelve percent", "some", "No one"):
        e = find(a, text)
        assert e is not None and e.type == "PERSON" and e.role, text
    assert "they" in mentions(find(a, "Twelve percent"))
    a = analyse("Prices rose 5 percent. Some of the money was lost.")  # counts of things are not people
    assert not [e for e in a.entities if e.role]


def test_first_person_outside_quotations_is_the_author():
    a = analyse("I have covered this race for a year. My view is simple: we should vote. "
                "\"I will win,\" John Smith said.", authors=["Jane Doe"])
    author = find(a, "My")
    assert author.name == "Jane Doe" and author.role and "My" in mentions(author)
    assert any(m.text == "I" for m in find(a, "John Smith").mentions)
    we = find(a, "we")
    assert we is not None and we.id != author.id
    a = analyse("I think the plan is wrong.")
    assert find(a, "I").name == "the author"


def test_we_in_a_quotation_is_the_speakers_organisation():
    a = analyse("Acme Corp spokesman John Smith spoke on Monday. \"We will not sell,\" Smith said.")
    smith = find(a, "John Smith")
    we = find(a, "We")
    assert we is not None and (we.id == smith.affiliation or we.id == smith.id)
