"""Recognition: named mentions from the spaCy model, the lexicons and the gazetteer, typed by rules.

The model proposes spans; lexicon and gazetteer matches are found with compiled word-tuple indexes
(:class:`~dateline.dictionaries.PhraseIndex`, the gazetteer's dict). Where they disagree, rules
decide and ``Span.source`` records which: ``gazetteer:countries`` (a country name is a COUNTRY
whatever the model said), ``lexicon:igos``, ``lexicon:demonyms``, ``gazetteer:places``,
``rule:place-noun`` ("Aghdam district"), ``rule:surname``, or ``model`` when nothing overrode it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...dictionaries import words
from .base import DETERMINERS, MONTH_RE, POSSESSIVE, Span, token_words
from .lexicon import LexEntry, Lexicon

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}
LOCATIVE = {"in", "at", "near", "from", "to", "into", "across", "outside", "inside", "towards", "toward", "around"}
# A single capitalised word the model calls PERSON is taken as a place only when it names a place
# this large: "Washington said" yes, "Jackson said" (Jackson, MS, 170k) is left alone because
# the surname rule runs first; 100k keeps villages that share a surname out.
PERSON_AS_PLACE_POP = 100_000
# An uncovered capitalised run is a place when the gazetteer knows a populated place or region of
# at least this size by that name (GeoNames' "cities15000" threshold), or when context says place.
RUN_PLACE_POP = 15_000
REGION_FEATURES = {"country", "adm1", "region", "continent"}
WEEKDAYS_MONTHS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                   "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december"}


@dataclass
class Context:
    sdoc: object
    lex: Lexicon
    gaz: object
    text: str
    words: list[str] = field(default_factory=list)  # normalised words of the document
    w2t: list[int] = field(default_factory=list)  # word index -> token index
    t2w: list[int] = field(default_factory=list)  # token index -> first word index (or next)

    texts: list[str] = field(default_factory=list)  # per-token attributes, read once: spaCy builds a
    idx: list[int] = field(default_factory=list)  # Token object on every doc[i], the stage's main cost
    pos: list[str] = field(default_factory=list)
    cap: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        words, w2t, t2w = self.words, self.w2t, self.t2w
        for i, (text, idx, pos) in enumerate(zip(*self._columns())):
            t2w.append(len(words))
            self.texts.append(text)
            self.idx.append(idx)
            self.pos.append(pos)
            self.cap.append(bool(text) and (text[0].isupper() or (text[0].isdigit() and not text.islower()
                                                                   and any(c.isupper() for c in text))))
            for w in token_words(text):
                words.append(w)
                w2t.append(i)
        t2w.append(len(words))

    def _columns(self):
        toks = list(self.sdoc)
        return [t.text for t in toks], [t.idx for t in toks], [t.pos_ for t in toks]

    def span_words(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(self.words[self.t2w[start]:self.t2w[end]])

    def span_text(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.text[self.idx[start]:self.idx[end - 1] + len(self.texts[end - 1])]


def capitalised(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isdigit() and any(c.isupper() for c in t)))


def _case_ok(ctx: Context, start: int, end: int, entry: LexEntry) -> bool:
    """Names must be capitalised in the text; acronyms must match letter for letter."""
    if entry.exact:
        letters = "".join(c for t in ctx.texts[start:end] for c in t if c.isalpha())
        return letters == "".join(c for c in entry.text if c.isalpha())
    last = entry.text.rsplit(" ", 1)[-1]
    # "Islamic State" (the group) is no "Islamic state": a capitalised last word must be so in the text
    # a mistyped capital ("iSrael") still marks a name; an all-lowercase word does not
    first = ctx.cap[start] or any(c.isupper() for c in ctx.texts[start])
    return first and (end - start < 2 or not last[:1].isupper() or ctx.cap[end - 1])


def lexicon_matches(ctx: Context) -> list[tuple[int, int, LexEntry]]:
    """Longest lexicon matches, left to right, as token spans."""
    out = []
    names, ws = ctx.lex.names, ctx.words
    i = 0
    while i < len(ws):
        hit = names.longest_at(ws, i)
        if hit:
            n, entries = hit
            start, end = ctx.w2t[i], ctx.w2t[i + n - 1] + 1
            ok = [e for e in entries if _case_ok(ctx, start, end, e)]
            if ok and ctx.t2w[start] == i and ctx.t2w[end] == i + n:  # whole tokens only
                out.append((start, end, ok[0]))
                i += n
                continue
        i += 1
    return out


def _clean(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """Trim determiners, possessives, punctuation and trailing lowercase nouns ("Ganja city");
    split at parentheses ("Organization of Islamic Cooperation (OIC"); drop lowercase spans."""
    toks = ctx.sdoc
    parts, cur = [], start
    for i in range(start, end):
        if toks[i].text in "()[]" or "\n" in toks[i].text:
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, end))
    out = []
    for a, b in parts:
        while a < b and (toks[a].lower_ in DETERMINERS or toks[a].is_punct or toks[a].is_space):
            a += 1
        while b > a and (toks[b - 1].text in POSSESSIVE or toks[b - 1].is_punct or toks[b - 1].is_space
                         or (toks[b - 1].is_lower and toks[b - 1].pos_ in ("NOUN", "ADJ"))):
            b -= 1
        if a < b and any(capitalised(t) for t in toks[a:b]) and not MONTH_RE.match(ctx.span_text(a, b)):
            out.append((a, b))
    return out


def _skip_honorifics(ctx: Context, a: int, b: int) -> int:
    """ "Mrs John Kowalski" -> "John Kowalski" (the honorific is kept as gender evidence)."""
    while b - a > 1:
        t = ctx.lex.titles.get(token_words(ctx.sdoc[a].text))
        if t is None or not t.honorific:
            break
        a += 1
        if ctx.sdoc[a].text == "." and b - a > 1:
            a += 1
    return a


def _after_honorific(ctx: Context, start: int) -> bool:
    k = start - 1
    if k > 0 and ctx.texts[k] == ".":
        k -= 1
    t = ctx.lex.titles.get(token_words(ctx.texts[k])) if k >= 0 else None
    return t is not None and t.honorific


def _only_titles(ctx: Context, start: int, end: int) -> bool:
    """Spans made only of title words ("PM", "President"), or one plural sector word ("MPs"): roles
    and groups the roles pass finds. A capitalised institution ("the Supreme Court", "Congress")
    stays a name."""
    ws = ctx.span_words(start, end)
    i, sectors = 0, 0
    while i < len(ws):
        hit = ctx.lex.titles.longest_at(ws, i)
        if not hit:
            hit = ctx.lex.sectors.longest_at(ws, i)
            sectors += 1
        if not hit:
            return False
        i += hit[0]
    return bool(ws) and (sectors == 0 or (end - start == 1 and not ctx.texts[start].istitle()))


def _place_noun(ctx: Context, start: int, end: int) -> bool:
    """ "Aghdam district", "Lake Sevan", "Royal Street": a place noun beside or ending the name."""
    toks = ctx.sdoc
    after = toks[end] if end < len(toks) else None
    before = toks[start - 1].text if start > 0 else ""
    return (after is not None and after.is_lower and after.text in ctx.lex.place_after) \
        or (before[:1].isupper() and before.lower() in ctx.lex.place_before) \
        or (end - start > 1 and toks[end - 1].lower_ in ctx.lex.place_final)


def _place_context(ctx: Context, start: int, end: int) -> bool:
    """A place noun, or a locative preposition before the name ("in Ganja"): support for a
    gazetteer match, never enough alone (people are "from" and "to" places and persons alike)."""
    before = ctx.sdoc[start - 1].lower_ if start > 0 else ""
    return _place_noun(ctx, start, end) or before in LOCATIVE


def _gaz(ctx: Context, text: str):
    try:
        return ctx.gaz.lookup(text)
    except Exception:  # a gazetteer mid-rebuild must not take recognition down
        return []


def _from_entry(ctx: Context, start: int, end: int, entry: LexEntry, label: str = "") -> Span:
    if entry.kind == "igo":
        etype = "IGO" if ctx.lex.igos[entry.key].kind == "IGO" else "ORG"  # the ICRC is an NGO
        return Span(start, end, etype, "lexicon:igos", key=f"I:{entry.key}", label=label)
    if entry.kind == "people":
        return Span(start, end, "NORP", "lexicon:demonyms", key=f"N:{entry.key}", label=label,
                    affiliation=f"C:{entry.key}")
    if entry.kind == "ethnic":
        return Span(start, end, "NORP", "lexicon:demonyms", key=f"N:{entry.key}", label=label)
    if entry.kind == "regional":
        return Span(start, end, "PLACE", "lexicon:demonyms", key="L:" + " ".join(words(entry.key)), label=label)
    source = "lexicon:demonyms" if entry.kind == "demonym" else "gazetteer:countries"
    return Span(start, end, "COUNTRY", source, key=f"C:{entry.key}", label=label)


def _type_model_span(ctx: Context, start: int, end: int, label: str, lexmap) -> Span | None:
    text = ctx.span_text(start, end)
    entry = lexmap.get((start, end))
    if entry is not None:
        return _from_entry(ctx, start, end, entry, label)
    party = _party(ctx, start, end, label)
    if party is not None:
        return party
    if _only_titles(ctx, start, end):
        return None  # "PM", "President": roles are found by the roles pass
    etype = LABELS[label]
    if etype == "ORG" and ctx.lex.sectors.get(ctx.span_words(start, end)) is not None:
        return Span(start, end, "ORG", "model", label=label)  # "Congress" the body, not Congress, Arizona
    cands = None
    if _after_honorific(ctx, start):
        return Span(start, end, "PERSON", "rule:honorific", label=label)  # "Mr. Ban" is a person
    if etype == "PERSON" and start > 0 and ctx.cap[start - 1] and ctx.lex.titles.get(token_words(ctx.texts[start - 1])):
        return Span(start, end, "PERSON", "model", label=label)  # "President Bush": no town named Bush
    if _place_noun(ctx, start, end) and etype in ("ORG", "PERSON", "NORP"):
        return Span(start, end, "PLACE", "rule:place-noun", label=label)
    if etype in ("PLACE", "NORP", "ORG", "PERSON"):
        cands = _gaz(ctx, text)
    if cands:
        if any(c.feature == "country" for c in cands) and etype != "PERSON":
            alpha3 = ctx.lex.alpha3.get(cands[0].country, cands[0].country)
            return Span(start, end, "COUNTRY", "gazetteer:countries", key=f"C:{alpha3}", label=label)
        top = max(c.population for c in cands)
        region = any(c.feature in REGION_FEATURES for c in cands)
        single_org = etype == "ORG" and end - start == 1 and not ctx.texts[start].isupper()
        if end - start == 1 and start > 0 and ctx.texts[start - 1].lower() == "the" and etype != "NORP":
            return Span(start, end, etype, "model", label=label)  # "the Centre": a body, not a town
        if etype == "NORP" or (etype == "PERSON" and (top >= PERSON_AS_PLACE_POP or region)) or (
                etype == "ORG" and (top >= PERSON_AS_PLACE_POP or region or (single_org and (
                    top >= RUN_PLACE_POP or _place_context(ctx, start, end))))):
            return Span(start, end, "PLACE", "gazetteer:places", label=label)
    return Span(start, end, etype, "model", label=label)


def _party(ctx: Context, start: int, end: int, label: str) -> Span | None:
    """ "Republicans", "one Democrat": members of a party are people, not a nationality. The plural
    is the party's members as a group (ORG, sector PTY); the singular one unnamed member (a PERSON).
    Used as a modifier ("Democratic leaders", "Republican nominee") the word stays a NORP."""
    party = ctx.lex.parties.get(ctx.span_words(start, end))
    if party is None or ctx.sdoc[end - 1].dep_ in ("compound", "amod") or not ctx.cap[start]:
        return None
    if party.form == "members":
        return Span(start, end, "ORG", "lexicon:parties", key=f"G:party:{party.country}:{party.name}", label=label,
                    sector="PTY", group=True)
    return Span(start, end, "PERSON", "lexicon:parties", key=f"P:#{start}", label=label, sector="PTY", role=True,
                title="member of the " + party.name)


def recognise(ctx: Context) -> list[Span]:
    """Named mentions, nested ones included (the country inside "Armenian Armed Forces")."""
    toks = ctx.sdoc
    lex_hits = lexicon_matches(ctx)
    lexmap = {(a, b): e for a, b, e in lex_hits}
    spans: list[Span] = []
    covered = [False] * len(toks)
    longer = [0] * len(toks)  # per token: length of the lexicon match covering it
    for a, b, _ in lex_hits:
        for i in range(a, b):
            longer[i] = b - a
    for ent in toks.ents:
        if ent.label_ not in LABELS:
            continue
        for a, b in _clean(ctx, ent.start, ent.end):
            if ent.label_ == "PERSON" and a < b:
                a = _skip_honorifics(ctx, a, b)
            if a > 0 and ctx.cap[a - 1] and ctx.lex.parties.get(ctx.span_words(a - 1, b)):
                a -= 1  # the model cut a party's name: "Liberal [Democrats]"
            if ent.label_ != "PERSON" and any(longer[i] > b - a for i in range(a, b)):
                continue  # a longer country/IGO name the model cut ("Democratic Republic" of the Congo)
            span = _type_model_span(ctx, a, b, ent.label_, lexmap)
            if span is None:
                continue
            spans.append(span)
            for i in range(a, b):
                covered[i] = True
    outer = {(s.start, s.end) for s in spans}
    for a, b, entry in lex_hits:
        if (a, b) in outer:
            continue
        span = _from_entry(ctx, a, b, entry)
        if any(covered[i] for i in range(a, b)):
            host = next((s for s in spans if s.start <= a and b <= s.end and not s.nested), None)
            if host is None or host.type == "PERSON":
                continue  # crosses a model span (its boundaries stand), or is part of a person's name
            span.nested = True
            if host.type in ("ORG", "IGO", "NORP", "PLACE") and span.type in ("COUNTRY", "IGO"):
                host.affiliation = host.affiliation or span.key
        spans.append(span)
        for i in range(a, b):
            covered[i] = True
    spans.extend(_parties_unlabelled(ctx, covered))
    spans.extend(_places_in_names(ctx, spans))
    spans.extend(_gazetteer_runs(ctx, covered))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _parties_unlabelled(ctx: Context, covered: list[bool]) -> list[Span]:
    """Party members the model left unlabelled ("Labour said", "Lib Dems argued"): one or two words."""
    out, n = [], len(ctx.texts)
    for i in range(n):
        if covered[i] or not ctx.cap[i]:
            continue
        for j in (i + 2, i + 1):
            if j <= n and not any(covered[i:j]) and ctx.lex.parties.get(ctx.span_words(i, j)):
                span = _party(ctx, i, j, "")
                if span is not None:
                    out.append(span)
                    for k in range(i, j):
                        covered[k] = True
                break
    return out


def _places_in_names(ctx: Context, spans: list[Span]) -> list[Span]:
    """The place inside an organisation's name ("Suffolk Times", "University of Cambridge",
    "Beverly Hills Police Department"): a nested PLACE mention, and the organisation's affiliation."""
    out = []
    hosts = [s for s in spans if s.type == "ORG" and s.source == "model" and s.end - s.start >= 2
             and not s.nested and not s.affiliation]
    for host in hosts:
        a, b = host.start, host.end
        tries = [(a, a + k) for k in range(b - a - 1, 0, -1)]
        tries += [(i + 1, b) for i in range(a, b - 1) if ctx.texts[i] == "of"]
        for i, j in tries:
            if not ctx.cap[j - 1] or not ctx.cap[i] or ctx.pos[j - 1] != "PROPN":
                continue
            cands = _gaz(ctx, ctx.span_text(i, j))
            if cands and (max(c.population for c in cands) >= RUN_PLACE_POP
                          or any(c.feature in REGION_FEATURES for c in cands)
                          or ctx.texts[j - 1].lower() in ctx.lex.place_final):
                key = "L:" + " ".join(ctx.span_words(i, j))
                out.append(Span(i, j, "PLACE", "gazetteer:places", key=key, nested=True))
                host.affiliation = key
                break
    return out


def _gazetteer_runs(ctx: Context, covered: list[bool]) -> list[Span]:
    """Places the model missed: capitalised runs looked up in the gazetteer, longest first."""
    out, cap, texts = [], ctx.cap, ctx.texts
    i, n = 0, len(texts)
    while i < n:
        if covered[i] or not cap[i] or ctx.pos[i] not in ("PROPN", "NOUN", "ADJ"):
            i += 1
            continue
        j = i
        while j < n and not covered[j] and (cap[j] or (texts[j] == "-" and j + 1 < n and cap[j + 1])):
            j += 1
        out.extend(_places_in_run(ctx, i, j))
        i = j
    return out


def _places_in_run(ctx: Context, a: int, b: int) -> list[Span]:
    """The whole run only: a piece of a longer capitalised run ("Julia" in "Julia Roberts",
    "Bank" in "Bank Street Partners") is part of some other name."""
    toks = ctx.sdoc
    seg = toks[a:b]
    if not any(t.pos_ == "PROPN" for t in seg) or any(t.lower_ in WEEKDAYS_MONTHS for t in seg):
        return []
    if b - a == 1 and (seg[0].is_upper or ctx.lex.titles.get(token_words(seg[0].text))):
        return []  # headline capitals ("BIG"), titles ("President")
    if _after_honorific(ctx, a):
        return []
    cands = _gaz(ctx, ctx.span_text(a, b))
    if not cands:
        return []
    top = max(c.population for c in cands)
    region = any(c.feature in REGION_FEATURES for c in cands)
    after_the = a > 0 and ctx.texts[a - 1].lower() == "the"
    if b - a == 1 and not ((top >= PERSON_AS_PLACE_POP and not after_the) or _place_noun(ctx, a, b)
                           or (not after_the and _place_context(ctx, a, b))):
        return []  # one word ("Orange", "the Centre") needs a big place or a place context
    if not (top >= RUN_PLACE_POP or region or _place_context(ctx, a, b)):
        return []
    if any(c.feature == "country" for c in cands):
        return [Span(a, b, "COUNTRY", "gazetteer:countries",
                     key=f"C:{ctx.lex.alpha3.get(cands[0].country, cands[0].country)}")]
    return [Span(a, b, "PLACE", "gazetteer:places")]
