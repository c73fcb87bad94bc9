"""The entity lexicons: countries, demonyms, IGOs, titles, sector words, descriptions.

Everything is compiled once per process (``resources.cached("entity_lexicon", load_lexicon)``)
into :class:`~dateline.dictionaries.PhraseIndex` objects keyed by normalised word tuples, so a
document is matched with one dict probe per token (plus continuation probes while a prefix is
known), never by scanning the lexicon.

Sources: pycountry (names, official and common names) plus ``data/countries.tsv`` (short forms);
``data/demonyms.tsv``; ``data/igos.tsv``; ``data/titles.tsv``; ``data/sectors.tsv``;
``data/descriptions.tsv``; ``data/place_nouns.tsv``; ``data/speech_verbs.tsv``; ``data/person_nouns.tsv``
and ``data/parties.tsv``, ``data/attitude_verbs.tsv`` (people described, not named: "experts", "a source", "Republicans").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources as ilr

from ...dictionaries import PhraseIndex, words


@dataclass(frozen=True)
class LexEntry:
    kind: str  # country | demonym | regional | ethnic | people | igo
    key: str  # alpha-3 (country, demonym), region name (regional), code (ethnic, people), IGO name
    text: str  # the entry as written
    exact: bool = False  # an acronym ("US", "UN", "WHO"): must match with the same letters and case


@dataclass(frozen=True)
class Igo:
    name: str
    code: str
    kind: str  # IGO | NGO
    parent: str | None  # the parent organisation's code


@dataclass(frozen=True)
class Title:
    text: str
    sector: str | None
    gender: str | None  # m | f | None
    kind: str  # title | generic | honorific
    canonical: str  # "prime minister" for "PM"; the title itself otherwise

    @property
    def honorific(self) -> bool:
        return self.kind == "honorific"


@dataclass(frozen=True)
class PersonNoun:
    singular: str  # "expert": the head matched between "the experts" and "an expert"
    plural: bool
    sector: str | None
    type: str = "PERSON"  # or ORG: "rights groups"


@dataclass(frozen=True)
class Party:
    name: str  # "Republican Party"
    country: str  # alpha-3
    form: str  # member ("Republican"), members ("Republicans")


def pluralise(noun: str) -> str:
    """English plural of a title's last word: "spokesman" -> "spokesmen", "secretary" -> "secretaries"."""
    head, _, last = noun.rpartition(" ")
    if last.endswith("man"):
        p = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        p = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x")):
        p = last + "es"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


@dataclass
class Lexicon:
    names: PhraseIndex = field(default_factory=PhraseIndex)  # countries, demonyms, IGOs
    titles: PhraseIndex = field(default_factory=PhraseIndex)  # -> Title
    sectors: PhraseIndex = field(default_factory=PhraseIndex)  # -> sector code
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # noun -> entity types
    place_after: set[str] = field(default_factory=set)  # "district" in "Aghdam district"
    place_before: set[str] = field(default_factory=set)  # "Lake" in "Lake Sevan"
    place_final: set[str] = field(default_factory=set)  # "Street" in "Royal Street": the name is a place
    speech_verbs: set[str] = field(default_factory=set)  # lemmas: "said", "told" attribute a quotation
    country_name: dict[str, str] = field(default_factory=dict)  # alpha-3 -> preferred short name
    igos: dict[str, Igo] = field(default_factory=dict)  # canonical name -> record
    igo_by_code: dict[str, Igo] = field(default_factory=dict)  # first record per code
    alpha3: dict[str, str] = field(default_factory=dict)  # ISO alpha-2 -> alpha-3 (gazetteer records)
    title_words: set[str] = field(default_factory=set)  # every word of a title ("foreign", "minister")
    head_words: set[str] = field(default_factory=set)  # first words of titles and sector words
    people: dict[str, PersonNoun] = field(default_factory=dict)  # lowercase noun -> person noun
    parties: dict[tuple[str, ...], Party] = field(default_factory=dict)  # words -> party member form
    attitude_verbs: set[str] = field(default_factory=set)  # lemmas: "say", "think", "prefer"

    def add_name(self, text: str, entry: LexEntry) -> None:
        key = words(text)
        current = self.names.get(key)
        if current is None:
            self.names.add(key, [entry])
        elif entry not in current:
            current.append(entry)


def rows(name: str) -> list[list[str]]:
    """The rows of a TSV data file (comments and blank lines skipped)."""
    text = ilr.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def is_acronym(text: str) -> bool:
    """All-capital short forms ("US", "U.N.", "OIC", "G-7") collide with words ("us", "who")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text


def load_lexicon(resources=None) -> Lexicon:
    import pycountry

    lex = Lexicon()
    for name, alpha3 in rows("countries.tsv"):
        lex.country_name.setdefault(alpha3, name)
        lex.add_name(name, LexEntry("country", alpha3, name, is_acronym(name)))
    for c in pycountry.countries:
        lex.alpha3[c.alpha_2] = c.alpha_3
        preferred = getattr(c, "common_name", None) or c.name
        lex.country_name.setdefault(c.alpha_3, preferred)
        for name in {c.name, preferred, getattr(c, "official_name", c.name)}:
            if "," not in name:  # "Iran, Islamic Republic of" is a catalogue form, not prose
                lex.add_name(name, LexEntry("country", c.alpha_3, name))
    countries = set(lex.country_name)
    for demonym, code, plural, place in rows("demonyms.tsv"):
        if code in countries:
            lex.add_name(demonym, LexEntry("demonym", code, demonym))
        elif place != "-":  # "African" -> Africa, a region (a PLACE, not a country)
            lex.add_name(demonym, LexEntry("regional", place, demonym))
        else:  # "Kurdish": an ethnic group with a CAMEO code
            lex.add_name(demonym, LexEntry("ethnic", code, demonym))
        if plural != "-":
            lex.add_name(plural, LexEntry("people", code, plural))
    for code, kind, name, aliases, parent in rows("igos.tsv"):
        igo = Igo(name, code, kind, None if parent == "-" else parent)
        lex.igos[name] = igo
        lex.igo_by_code.setdefault(code, igo)
        for alias in [name] + ([] if aliases == "-" else aliases.split("|")):
            lex.add_name(alias, LexEntry("igo", name, alias, is_acronym(alias)))
            if not is_acronym(alias) and "Organization" in alias:
                # British and American spellings are both in use for every organisation
                other = alias.replace("Organization", "Organisation")
                lex.add_name(other, LexEntry("igo", name, other))
    for text, sector, gender, kind, canonical in rows("titles.tsv"):
        title = Title(text, None if sector == "-" else sector, None if gender == "-" else gender, kind,
                      text.lower() if canonical == "-" else canonical)
        lex.titles.add(words(text), title)
        if not title.honorific:
            lex.title_words.update(words(text))
    for word, sector in rows("sectors.tsv"):
        lex.sectors.add(words(word), sector)
    lex.head_words = {k[0] for k in list(lex.titles.entries) + list(lex.sectors.entries)}
    for noun, types in rows("descriptions.tsv"):
        lex.descriptions[noun] = tuple(types.split("|"))
    for noun, position in rows("place_nouns.tsv"):
        {"after": lex.place_after, "before": lex.place_before, "final": lex.place_final}[position].add(noun.lower())
    lex.speech_verbs = {row[0] for row in rows("speech_verbs.tsv")}
    for singular, plural_form, sector, etype in rows("person_nouns.tsv"):
        sec = None if sector == "-" else sector
        lex.people[singular.lower()] = PersonNoun(singular.lower(), False, sec, etype)
        lex.people[plural_form.lower()] = PersonNoun(singular.lower(), True, sec, etype)
    lex.attitude_verbs = {row[0] for row in rows("attitude_verbs.tsv")} | lex.speech_verbs
    for text, sector, _g, kind, canonical in rows("titles.tsv"):
        if kind != "honorific" and " " not in text and text.islower():  # "senators", "spokesmen"
            sec = None if sector == "-" else sector
            lex.people.setdefault(pluralise(text), PersonNoun(text, True, sec))
            lex.people.setdefault(text, PersonNoun(text, False, sec))  # "a spokesman said"
    for text, form, party, country in rows("parties.tsv"):
        lex.parties[words(text)] = Party(party, country, form)
    return lex
