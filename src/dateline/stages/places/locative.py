"""Place names the model misses, recognised by their locative context.

spaCy's small model reads many village and town names, Arabic, Afghan or Ukrainian ones above all
("Kafr Nabuda", "Qaza Ali"), as PERSON, ORG or nothing, so the gazetteer scan of :mod:`.recognise`
rejects them. Here a capitalised name of one to three words counts as a place when its context says
it is one and the gazetteer knows it under some transliteration:

- a designator before it: "(in|near|at ...) the village/town/city/district/province of X";
- a designator after it: "the X district/province/area/region/countryside";
- a locative preposition before it whose head is an event ("clashes erupted in X", "shelling near X").

A name the entities stage knows from a lexicon or rule (its ``source`` is not ``model``) is never
taken; nor a name NER called a person after "from"/"to" without a designator ("a letter from Hamid",
"talked to Karim"), where a person is the usual reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as ilr
from itertools import product

from ...gazetteer import Gazetteer, fold

MAX_WORDS = 3  # "Deir Khabiyeh", "Bustan al-Basha", "Tal Abu Zahab": longer names are organisations
CUES_FILE = "locative_cues.tsv"
KINDS = ("prep", "person_prep", "bare_prep", "on_noun", "before", "after", "feature", "facility", "head",
         "object_verb", "take_verb",
         "between", "article", "spelling", "people")


@dataclass(frozen=True)
class Cues:
    """The cue words of ``data/locative_cues.tsv`` by kind (see its header)."""
    words: dict[str, frozenset[str]]
    spellings: dict[str, tuple[str, ...]]  # word → every spelling of its group, itself included

    def __getitem__(self, kind: str) -> frozenset[str]:
        return self.words.get(kind, frozenset())


def load_cues(resources=None) -> Cues:
    """Read the cue lexicon (once per process, through ``resources.cached("locative_cues", ...)``)."""
    words: dict[str, set[str]] = {k: set() for k in KINDS}
    spellings: dict[str, tuple[str, ...]] = {}
    text = ilr.files("dateline.data").joinpath(CUES_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, kind = (c.strip() for c in line.split("\t")[:2])
        if kind not in words:
            raise ValueError(f"{CUES_FILE}: unknown kind {kind!r} for {word!r}")
        if kind == "spelling":
            group = tuple(dict.fromkeys(word.split("|")))
            for w in group:
                spellings[w] = group
        words[kind].add(word)
    return Cues({k: frozenset(v) for k, v in words.items()}, spellings)


MAX_VARIANTS = 64  # bounds the lookups for one name: a three-word name has at most a few dozen forms


def _ending_variants(w: str) -> list[str]:
    """Final-vowel spellings of one word: "Diwaniyah"/"Diwaniya"/"Diwaniyeh", "Hawija"/"Hawijah"."""
    out = [w]
    if w.endswith("ah") and len(w) > 4:
        out += [w[:-2] + "a", w[:-2] + "eh", w[:-1]]
    elif w.endswith("eh") and len(w) > 4:
        out += [w[:-2] + "ah", w[:-2] + "a", w[:-2] + "e"]
    elif w.endswith("a") and len(w) > 4:  # short words vary too freely ("Lore" is no "Lora")
        out += [w + "h"]
    elif w.endswith("e") and len(w) > 4:
        out += [w[:-1] + "a", w[:-1] + "eh"]
    return out


def _vowel_variants(w: str) -> list[str]:
    """French and English spellings of Arabic long vowels: "Touman"/"Tuman", "Miskeen"/"Miskin"."""
    out = [w]
    v = w.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    if v != w:
        out.append(v)
    return out


def _word_options(w: str, last: bool, cues: Cues) -> list[str]:
    base = list(cues.spellings.get(w, (w,)))
    opts: list[str] = []
    for b in base:
        for v in _vowel_variants(b):
            opts += _ending_variants(v) if last else [v]
    return list(dict.fromkeys(opts))


def _article_forms(words: list[str], articles: frozenset[str]) -> list[list[str]]:
    """The name with its Arabic articles as written, dropped, split off ("Ezzor" → "ez zor") and
    added ("Hawija" → "al hawija")."""
    forms = [words]
    split: list[str] = []
    for w in words:  # a sun letter doubled after the article's vowel: "ezzor", "ashsham", "azzawiya"
        if len(w) >= 5 and w[0] in "ae" and w[1] == w[2] and w[1] not in "aeiouyl":
            split += [w[:2], w[2:]]
        else:
            split.append(w)
    if split != words:
        forms.append(split)
    for f in list(forms):
        bare = [w for k, w in enumerate(f) if not (w in articles and 0 < len(f) - 1 and k < len(f) - 1)]
        if bare and bare != f:
            forms.append(bare)
    if words[0] not in articles:
        forms.append(["al"] + words)
    elif words[0] != "al" and len(words) > 1:
        forms.append(["al"] + words[1:])
    return forms


def variants(key: str, cues: Cues) -> list[str]:
    """Transliteration variants of a folded name, the name itself first, then with few changes
    before many. Only Latin keys are varied."""
    words = key.split()
    if not words or not key.isascii():
        return [key]
    scored: list[tuple[int, int, str]] = [(0, 0, key)]
    for f, form in enumerate(_article_forms(words, cues["article"])):
        options = [_word_options(w, k == len(form) - 1, cues) for k, w in enumerate(form)]
        for n, combo in enumerate(product(*options)):
            if n >= MAX_VARIANTS * 4:
                break
            changes = sum(c != o[0] for c, o in zip(combo, options)) + (f > 0)
            scored.append((changes, len(scored), " ".join(combo)))
    scored.sort()
    return list(dict.fromkeys(k for _, _, k in scored))[:MAX_VARIANTS]


MAX_KNOWN = 3  # "Hawija": "al hawija" is the district, "al hawijah" the town; both are offered to the ranking


def known_variants(gaz: Gazetteer, key: str, cues: Cues) -> list[str]:
    """The variants of a folded name the gazetteer knows, fewest changes first (at most MAX_KNOWN).
    None for a name with a people's or a sect's word ("Shiite" read as "Shiita", a Japanese
    village) or for a lone name-forming word ("Deir", "Tal"): half a name spells no town."""
    words = key.split()
    if any(w in cues["people"] for w in words) or (len(words) == 1 and words[0] in cues.spellings):
        return []
    out = []
    for v in variants(key, cues):
        if gaz.has(v):
            out.append(v)
            if len(out) >= MAX_KNOWN:
                break
    return out


def known_variant(gaz: Gazetteer, key: str, cues: Cues) -> str | None:
    """The first variant of a folded name the gazetteer knows (the name itself when it does)."""
    found = known_variants(gaz, key, cues)
    return found[0] if found else None


def _is_cap(tok) -> bool:
    t = tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _article_start(sdoc, i: int, articles: frozenset[str]) -> bool:
    """A name opening with a lower-case article joined by a hyphen: "al-Rai", "el-Ain"."""
    tok = sdoc[i]
    return (tok.text in articles and tok.whitespace_ == "" and i + 2 < len(sdoc) and sdoc[i + 1].text == "-"
            and sdoc[i + 1].whitespace_ == "" and _is_cap(sdoc[i + 2]))


# a weekday after a name is the agencies' date, not part of it ("rallies in Corsica Thursday")
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _name_run(sdoc, i: int, articles: frozenset[str]) -> int:
    """End of the capitalised run from token i, allowing hyphens and lower-case articles inside
    ("Bustan al-Basha", "Deir ez-Zor") and opening it ("al-Rai"); the run stops at the sentence end."""
    sent_end = sdoc[i].sent.end if sdoc.has_annotation("SENT_START") else len(sdoc)
    j = i + 2 if _article_start(sdoc, i, articles) else i
    while j < sent_end:
        tok = sdoc[j]
        if _is_cap(tok) and not tok.is_punct and not (j > i and tok.lower_ in WEEKDAYS):
            j += 1
            continue
        if j > i and tok.text in ("-", "'", "’") and j + 1 < sent_end and tok.whitespace_ == "":
            j += 1
            continue
        if j > i and tok.lower_ in articles and j + 1 < sent_end and (_is_cap(sdoc[j + 1]) or sdoc[j + 1].text == "-"):
            j += 1
            continue
        break
    while j > i and not _is_cap(sdoc[j - 1]):
        j -= 1
    return j


def _words(sdoc, a: int, b: int) -> int:
    return sum(1 for k in range(a, b) if _is_cap(sdoc[k]))


# nouns and prepositions climbed from a locative preposition to the verb it serves: "came under
# attack in X" is three (attack, under, came), "attacks on areas in X were reported" four
EVENT_HOPS = 4


def _event_governed(prep) -> bool:
    """The preposition hangs on a verb, or on a noun phrase that hangs on one ("attacks in X were
    reported", "came under attack in X")."""
    head = prep.head
    for _ in range(EVENT_HOPS):
        if head.pos_ in ("VERB", "AUX"):
            return True
        if head.pos_ not in ("NOUN", "ADP") or head.head.i == head.i:
            return False
        head = head.head
    return False


def context_of(sdoc, i: int, j: int, cues: Cues) -> str | None:
    """What makes tokens i..j a place: "before" (the village of X), "after" (the X district),
    "prep" (in X, governed by an event), or None."""
    if j < len(sdoc) and sdoc[j].lower_ in cues["after"] and sdoc[j].pos_ != "PROPN" \
            and not sdoc[j].text[:1].isupper():
        return "after"
    if j - i > 1 and sdoc[j - 1].lower_ in cues["feature"]:
        # "the Kodori Gorge", "the Hayyan Gas Fields": named by what it is, whatever the preposition
        # before it ("escape from the X Prison" is no "from X" that could be a person)
        return "feature"
    if j < len(sdoc) and sdoc[j].lower_ in cues["facility"] and not sdoc[j].text[:1].isupper():
        return "facility"  # "the X checkpoint", "X prison", "the X airbase": the facility's own name
    k = _skip_back(sdoc, i - 1, cues["between"])  # "the outskirts of eastern X", "the town of al-X"
    if k >= 1 and sdoc[k].lower_ == "of" and sdoc[k - 1].lower_ in cues["before"]:
        return "before"
    if k >= 1 and sdoc[k].lower_ in ("called", "named") and sdoc[k - 1].lower_ in cues["before"]:
        return "before"  # "a village called X"
    if k >= 2 and sdoc[k].lower_ == "as" and sdoc[k - 1].lower_ == "known" and sdoc[k - 2].lower_ in cues["before"]:
        return "before"  # "an area known as X"
    if k >= 0 and sdoc[k].lower_ in cues["prep"] and _event_governed(sdoc[k]):
        return "prep"
    if k >= 0 and sdoc[k].lower_ == "on" and sdoc[k].head.lemma_.lower() in cues["on_noun"]:
        return "on"  # "an attack on X", "the offensive on X"
    if _appositive_designator(sdoc, i, j, cues):
        return "appos"  # before the verb: "captured X, the rebels' stronghold" is no person captured
    tok = sdoc[i:j].root
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.head.lemma_ in cues["object_verb"] | cues["take_verb"]:
        return "object:" + tok.head.lemma_
    if j - i > 1 and sdoc[i].lower_ in cues["head"]:
        return "head"  # "Jabal al-Zafit", "Tal Maksour": a word that opens only place names
    return None


APPOS_REACH = 5  # "X, a small mountain village": the designator within a few words of the comma


def _appositive_designator(sdoc, i: int, j: int, cues: Cues) -> bool:
    """A designator in apposition: "X, a village near ...", "X, the rebels' last stronghold", "a
    Brooklyn neighborhood, X", "the capital city X", "village X"."""
    designators = cues["before"]
    root = sdoc[i:j].root
    if root.dep_ in ("appos", "compound") and root.head.lower_ in designators and not root.head.text[:1].isupper() \
            and not (i <= root.head.i < j):
        return True
    for k in (i - 1, i - 2):  # "the capital city X", "a Brooklyn neighborhood, X"
        if k >= 0 and sdoc[k].lower_ in designators and sdoc[k].pos_ == "NOUN" and not sdoc[k].text[:1].isupper() \
                and (k == i - 1 or sdoc[i - 1].text == ","):
            return True
    if j + 1 < len(sdoc) and sdoc[j].text == "," and sdoc[j + 1].lower_ in ("a", "an", "the"):
        for t in sdoc[j + 2:j + 2 + APPOS_REACH]:
            if t.lower_ in designators and t.pos_ == "NOUN":
                return True
            if t.pos_ not in ("ADJ", "NOUN", "ADV", "PART", "PUNCT", "NUM") or t.text in (",", ";", "(", ")"):
                return False
    return False


def _skip_back(sdoc, k: int, between: frozenset[str]) -> int:
    """The token before the name once articles, spaces, quotes and "rebel-held"-style modifiers
    are skipped (at most four of them)."""
    for _ in range(4):
        if k < 0:
            return k
        t = sdoc[k]
        if t.is_space or t.text in ("-", "‘", "'", '"', "“") or t.lower_ in between or \
                (k + 1 < len(sdoc) and sdoc[k + 1].text == "-" and t.whitespace_ == ""):
            k -= 1
            continue
        return k
    return k


def locative_spans(sdoc, gaz: Gazetteer, taken: list[bool], blocked: dict[int, tuple[str, str | None]],
                   skip_keys: frozenset[str], cues: Cues, unresolved: bool = False
                   ) -> list[tuple[int, int, list[str], str]]:
    """(start token, end token, gazetteer keys, context) of each name in a locative context that
    nothing else claimed. ``blocked`` maps tokens of person/organisation entities to (type, source);
    ``skip_keys`` are folded words never taken (titles, months, "Army"). With ``unresolved`` a name
    the gazetteer knows under no spelling is returned too, with no keys: a village the packaged
    gazetteer lacks ("Kafr Nabuda", "Khan Touman") is still where things happened."""
    out: list[tuple[int, int, list[str], str]] = []
    pending: list[tuple[int, int]] = []  # names with no context yet: a plural designator may follow
    n = len(sdoc)
    i = 0
    while i < n:
        tok = sdoc[i]
        if taken[i] or tok.is_punct or not (_is_cap(tok) or _article_start(sdoc, i, cues["article"])):
            i += 1
            continue
        j = end = _name_run(sdoc, i, cues["article"])
        if tok.is_sent_start and (tok.lower_ in cues["prep"] or tok.is_stop) and end - i > 1:
            i += 1  # "In Awja, ...", "The X area ...": the capital is the sentence's, not the name's
            if taken[i] or sdoc[i].is_punct or not (_is_cap(sdoc[i]) or _article_start(sdoc, i, cues["article"])):
                continue
        while j - i > 1 and sdoc[j - 1].lower_ in cues["after"]:
            j -= 1  # "Homs Governorate", "Aleppo City": the designator is written as part of the name
        # a named feature's kind word is not one of its name's words ("Bien Hoa Air Base")
        kind_word = j > i and sdoc[j - 1].lower_ in cues["feature"]
        if j <= i or any(taken[i:end]) or _words(sdoc, i, j) > MAX_WORDS + kind_word:
            i = max(end, i + 1)
            continue
        ctx = "after" if j < end else context_of(sdoc, i, j, cues)
        if ctx is None and out and _listed_after(sdoc, out[-1][1], i):
            ctx = "list"  # "the towns of X and Y", "in X, Y and Z"
        found = _accept_run(sdoc, gaz, i, j, ctx, blocked, skip_keys, cues) if ctx else None
        if ctx in ("feature", "facility") and found:
            found = []  # a gazetteer town of that name is no evidence for a gorge or an airbase
        if ctx == "facility" and found is not None and not taken[j]:
            j = end = j + 1  # the place is the facility: "the Zarqoun checkpoint"
        if found or (found is not None and unresolved and _unresolved_ok(sdoc, i, j, ctx, cues)):
            if ctx == "after" and sdoc[j].lower_.endswith("s"):
                out += _listed_before(sdoc, gaz, pending, i, blocked, skip_keys, cues, unresolved)
            out.append((i, j, found, ctx))
            pending = []
        elif ctx is None:
            pending.append((i, j))
        i = end
    return sorted(out)


def _listed_before(sdoc, gaz: Gazetteer, pending: list[tuple[int, int]], i: int, blocked, skip_keys, cues: Cues,
                   unresolved: bool) -> list[tuple[int, list[str], str]]:
    """"the Jumla and Diwan villages", "Hamidiyeh and Bab Qubli neighborhoods": the names listed
    before a plural designator share it."""
    out = []
    for a, b in reversed(pending):
        if not _listed_after(sdoc, b, i):
            break
        found = _accept_run(sdoc, gaz, a, b, "after", blocked, skip_keys, cues)  # they modify the designator
        if not (found or (found is not None and unresolved and _unresolved_ok(sdoc, a, b, "list", cues))):
            break
        out.append((a, b, found, "list"))
        i = a
    return out


def _unresolved_ok(sdoc, i: int, j: int, ctx: str, cues: Cues) -> bool:
    """Whether a name no gazetteer spelling backs may still be kept as a place. A designator ("the
    village of X", "the X district"), a place-object verb or a list continuing one of these is
    evidence enough; a bare preposition is only when it is a plain locative one ("in", "near", not
    "to"/"from", which as often introduce an organisation) with no article before the name ("in
    the Final Four", "at the Fitzwilliam Museum" are events and buildings), and the name looks like
    a toponym: no digits ("Block 8", "R2bn") and no capital inside a word ("ThinkProgress")."""
    if sdoc[i].is_stop:
        return False  # "The", "About"
    for t in sdoc[i:j]:
        if any(c.isdigit() for c in t.text) or any(c.isupper() for c in t.text[1:]) and not t.text.isupper():
            return False
    if ctx != "prep":
        return True
    k = _skip_back(sdoc, i - 1, cues["between"])
    if sdoc[k].lower_ not in cues["bare_prep"]:
        return False
    return not any(t.lower_ in ("the", "a", "an") for t in sdoc[k + 1:i])


def _listed_after(sdoc, prev_end: int, i: int) -> bool:
    """Only "and", "or" and commas lie between the previous locative name and this one."""
    between = sdoc[prev_end:i]
    return 0 < len(between) <= 2 and all(t.text == "," or t.lower_ in ("and", "or") for t in between)


def _accept_run(sdoc, gaz: Gazetteer, i: int, j: int, ctx: str,
                blocked: dict[int, tuple[str, str | None]], skip_keys: frozenset[str], cues: Cues) -> list[str] | None:
    """The gazetteer keys of the name i..j when it may be taken as a place in context ``ctx`` (an
    empty list when the gazetteer knows it under no spelling), None when it may not."""
    first = sdoc[i]
    if first.is_sent_start and ctx != "before" and first.pos_ != "PROPN" and j == i + 1:
        return None  # a capitalised common word opening the sentence
    if j < len(sdoc) and sdoc[j].text in ("'s", "’s"):
        return None  # "in Hamid's house": a possessor
    if j - i == 1 and first.text.isupper() and len(first.text) <= 4 and not sdoc[i - 1].text.isupper():
        return None  # an acronym in running text ("the CHU in Montpellier")
    root = sdoc[i:j].root
    if ctx not in ("after", "facility", "before", "appos") and root.dep_ in ("compound", "amod", "nmod") and root.head.i >= j \
            and root.head.lower_ not in WEEKDAYS:  # "in X Thursday" parsed as a compound of the day
        return None  # naming something else: "the Pioneer cinema", "the Delft police station"
    labels = {blocked[k] for k in range(i, j) if k in blocked}
    if any(src not in (None, "model") for _, src in labels):
        return None  # a person or organisation the lexicons or rules know
    if labels and ((i > 0 and (i - 1) in blocked) or j in blocked):
        return None  # only part of a longer person/organisation name
    if any(t == "PERSON" for t, _ in labels) and not (j - i > 1 and first.lower_ in cues["head"]):
        if ctx == "prep" and sdoc[_skip_back(sdoc, i - 1, cues["between"])].lower_ in cues["person_prep"]:
            return None
        if ctx == "on" or (ctx.startswith("object:") and ctx[7:] in cues["take_verb"]):
            return None  # "captured Karim", "the attack on Karim"
    key = fold(sdoc[i:j].text)
    if not key or key in skip_keys or any(w in skip_keys for w in key.split()) or len(key) < 3:
        return None
    if gaz.demonym_index.get(key):
        return None
    return known_variants(gaz, key, cues)
