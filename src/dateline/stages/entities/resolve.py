"""In-document resolution: names to one group per real-world thing, then a left-to-right walk that
adds role phrases, definite descriptions and pronouns as mentions of the groups they refer to.

Coreference is deliberately cheap and rule-based: a pronoun or description takes the last
compatible antecedent (type, and gender where known; unknown gender is compatible with both).
Pronouns outside a quotation skip antecedents inside one ("...Putin is wrong," he said).
"""

from __future__ import annotations

from bisect import bisect_left

from .base import DETERMINERS, POSSESSIVE, PRONOUNS, Group, Span, quote_regions, quoted_tokens, token_words
from .people import (FIRST_PLURAL, FIRST_SINGULAR, INDEFINITE, INDEFINITE_PEOPLE, according_to, acting, determiner,
                     key_words, phrase_start, voicing)
from .recognize import Context
from .roles import AFFILIATES, affiliate_after, followed_by_name, role_phrase, sector_in_name, title_before

COLLECTIVES = {"police", "military", "government", "army", "opposition", "media", "administration", "regime",
               "judiciary", "clergy", "militia", "navy", "parliament", "congress", "legislature"}
KEY_PREFIX = {"PERSON": "P", "ORG": "O", "IGO": "I", "COUNTRY": "C", "PLACE": "L", "NORP": "N", "OTHER": "X"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
RELATIVES = {"who": ("PERSON", "ORG", "NORP"), "whom": ("PERSON", "ORG", "NORP"), "which": ("ORG", "IGO", "COUNTRY"),
             "that": ("PERSON", "ORG", "IGO", "COUNTRY")}
PLEONASTIC_HEADS = {"be", "seem", "appear", "remain", "take", "matter", "rain", "happen"}


def _name_words(ctx: Context, span: Span) -> tuple[str, ...]:
    ws = []
    for tok in ctx.sdoc[span.start:span.end]:
        t = ctx.lex.titles.get(token_words(tok.text))
        if span.type == "PERSON" and t is not None and t.honorific:
            span.gender = span.gender or t.gender
            continue
        ws.extend(token_words(tok.text))
    return tuple(ws)


def assign_keys(ctx: Context, spans: list[Span]) -> None:
    """Grouping keys for named spans, with acronyms defined in parentheses and surnames."""
    toks = ctx.sdoc
    for s in spans:
        if not s.key:
            s.key = f"{KEY_PREFIX[s.type]}:{' '.join(_name_words(ctx, s))}"
        if s.type == "PERSON" and s.start > 0:  # "Mr. John Smith": the honorific outside the span
            k = s.start - 1 - (toks[s.start - 1].text == "." and s.start > 1)
            t = ctx.lex.titles.get(token_words(toks[k].text))
            if t is not None and t.honorific:
                s.gender = s.gender or t.gender
    # "The Organization of Islamic Cooperation (OIC)": the acronym names the same thing
    alias: dict[str, str] = {}
    by_start = {s.start: s for s in spans if not s.nested}
    for s in spans:
        if s.nested or s.end + 2 >= len(toks) or toks[s.end].text != "(" or s.type not in ("ORG", "IGO", "PLACE"):
            continue
        inner = by_start.get(s.end + 1)
        if inner is not None and toks[inner.end].text == ")" and inner.end - inner.start == 1 \
                and toks[inner.start].is_upper:
            alias[inner.key] = s.key
    defined = set(alias.values())
    for s in spans:
        s.key = alias.get(s.key, s.key)
        if s.key in defined and s.type == "ORG":
            twin = next((x for x in spans if x.key == s.key and x.type == "IGO"), None)
            if twin is not None:
                s.type, s.source = "IGO", twin.source
    # surnames: "Sengendo" after "Ahmad Kawesa Sengendo" (a model ORG/PLACE guess included)
    by_word: dict[str, list[tuple[tuple[str, ...], Span]]] = {}  # name word -> full names holding it
    for s in spans:
        if s.type == "PERSON" and s.kind == "name":
            fw = tuple(s.key.split(":", 1)[1].split())
            if len(fw) > 1:
                for w in {fw[0], fw[-1]}:
                    by_word.setdefault(w, []).append((fw, s))
    if not by_word:
        return
    for s in spans:
        if s.nested or s.kind != "name":
            continue
        ws = list(_name_words(ctx, s))
        if not ws or (s.type != "PERSON" and len(ws) != 1) or ws[0] not in by_word:
            continue
        # a country or place name is a surname only after the full name ("Michael Jordan ... Jordan")
        earlier_only = s.type != "PERSON" and s.source != "model"
        best = None
        for fw, f in by_word[ws[0]]:
            if len(fw) <= len(ws) or not (list(fw[-len(ws):]) == ws or list(fw[:len(ws)]) == ws):
                continue
            if earlier_only and (f.start > s.start or list(fw[-len(ws):]) != ws):
                continue  # a country is only ever a surname, never a first name ("Azerbaijan Released")
            if best is None or (f.start < s.start and abs(f.start - s.start) < abs(best.start - s.start)):
                best = f
        if best is not None:
            if s.type != "PERSON":
                s.type, s.source = "PERSON", "rule:surname"
            s.key = best.key


def surname_mentions(ctx: Context, spans: list[Span]) -> list[Span]:
    """Bare surnames the model missed ("Stumpf", "PENCE:" in a transcript) of persons named in full
    elsewhere in the article; a surname shared by two persons is left alone."""
    owners: dict[str, set[str]] = {}
    for s in spans:
        if s.type == "PERSON" and s.kind == "name":
            ws = _name_words(ctx, s)
            if len(ws) >= 2:
                owners.setdefault(ws[-1], set()).add(s.key)
    if not owners:
        return []
    covered = [False] * len(ctx.texts)
    for s in spans:
        for i in range(s.start, s.end):
            covered[i] = True
    out = []
    for i, text in enumerate(ctx.texts):
        if covered[i] or not text[:1].isupper():
            continue
        ws = token_words(text)
        keys = owners.get(ws[0]) if len(ws) == 1 else None
        # the model's tag may be wrong in a headline ("Trump Charges ..."); a subject is a name all the same
        if keys and len(keys) == 1 and (ctx.pos[i] == "PROPN" or text.isupper()
                                        or ctx.sdoc[i].dep_ in ("nsubj", "nsubjpass")):
            out.append(Span(i, i + 1, "PERSON", "rule:surname", key=next(iter(keys))))
    return out


def attach_titles(ctx: Context, spans: list[Span]) -> list[Span]:
    """Titles and affiliations of named persons; returns the spans left after absorbing titles."""
    starts = {s.start: s for s in spans if not s.nested}
    ends = {s.end: s for s in spans}
    dropped: set[int] = set()
    toks = ctx.sdoc
    for s in spans:
        if s.type != "PERSON" or s.kind != "name":
            continue
        found = title_before(ctx, s, starts, ends, spans)
        if found:
            text, head, affiliation, absorbed = found
            s.title, s.title_head, s.sector = text, head.canonical, head.sector
            s.gender = s.gender or head.gender
            if affiliation is not None:
                s.affiliation = affiliation.key
            dropped.update(id(x) for x in absorbed)
        elif s.end < len(toks) and toks[s.end].text == ",":  # "X, the Azerbaijani president, said"
            k = s.end + 1
            while k < len(toks) and toks[k].lower_ in DETERMINERS:
                k += 1
            for h in range(k, min(k + 4, len(toks))):
                rp = role_phrase(ctx, h, ends, starts)
                if rp and rp.title is not None and rp.start <= k + 1 and \
                        (rp.end >= len(toks) or toks[rp.end].text in (",", ".", ";") or toks[rp.end].pos_ == "VERB"):
                    s.title, s.title_head = ctx.span_text(rp.head_start, rp.head_end), rp.title.canonical
                    s.gender, s.sector = s.gender or rp.title.gender, rp.title.sector
                    if rp.affiliation is not None:
                        s.affiliation = rp.affiliation.key
                    spans.append(Span(rp.start, rp.end, "PERSON", "rule:apposition", key=s.key, kind="description",
                                      title_head=rp.title.canonical))
                    break
    for s in spans:
        if s.type in ("ORG", "IGO") and s.kind == "name":
            s.sector = s.sector or sector_in_name(ctx, s)
            if s.type == "ORG" and s.affiliation and s.affiliation.startswith("I:"):
                s.type, s.source = "IGO", "rule:igo-body"  # "OIC Contact Group"
    return [s for s in spans if id(s) not in dropped]


def group(spans: list[Span]) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for s in sorted(spans, key=lambda x: (x.start, -x.end)):
        g = groups.get(s.key)
        if g is None:
            g = groups[s.key] = Group(s.key, s.type, s.source, role=s.role, group=s.group)
            if s.key.startswith(("C:", "I:")) or (s.key.startswith("N:") and s.source == "lexicon:demonyms"):
                g.code = s.key[2:]  # alpha-3, CAMEO region/ethnic code, or IGO name
            elif s.key.startswith("G:party:") and s.key.split(":")[2] != "-":
                g.code = s.key.split(":")[2]  # the party's country
        if g.source != s.source and s.kind == "name" and s.source.startswith(("gazetteer", "lexicon", "rule")) \
                and g.source == "model":
            g.source = s.source
        g.add(s)
    return groups


class Walker:
    """The left-to-right pass over the tokens that adds role phrases, descriptions and pronouns."""

    def __init__(self, ctx: Context, groups: dict[str, Group], spans: list[Span]):
        self.ctx, self.groups = ctx, groups
        self.named = sorted(spans, key=lambda x: (x.start, -x.end))
        self.starts = {s.start: s for s in spans if not s.nested}
        self.ends: dict[int, Span] = {}
        for s in spans:
            self.ends.setdefault(s.end, s)
        self.history: list[tuple[Span, bool]] = []  # (span, inside quotes)
        self.owner: dict[int, Span] = {}  # token -> the mention covering it (for relative pronouns)
        self._sent_index: list[int] | None = None  # token -> sentence number, built on first use
        self.regions = quote_regions(ctx.text)
        self.quoted = quoted_tokens(self.regions, ctx.idx)
        self.heads = ctx.lex.head_words
        self.busy = [False] * len(ctx.texts)  # tokens inside names or consumed phrases
        for s in spans:
            if s.kind == "name" or s.kind == "description":
                for i in range(s.start, s.end):
                    self.busy[i] = True

    def _quoted(self, tok_i: int) -> bool:
        return self.quoted[tok_i]

    def _push(self, span: Span) -> None:
        self.history.append((span, self._quoted(span.start)))
        self.ends[span.end] = span
        if not span.nested:
            for k in range(span.start, span.end):
                self.owner[k] = span

    def _last(self, types, pos: int, gender=None, skip_quoted=False, pred=None) -> Group | None:
        quoted_here = self._quoted(pos)
        for span, quoted in reversed(self.history):
            g = self.groups.get(span.key)
            if g is None or g.type not in types or (gender and g.gender not in (None, gender)):
                continue
            if skip_quoted and quoted and not quoted_here:
                continue
            if pred is None or pred(g):
                return g
        return None

    def _add(self, g: Group, start: int, end: int, kind: str, source: str) -> None:
        span = Span(start, end, g.type, source, key=g.key, kind=kind)
        g.add(span)
        self._push(span)

    def run(self) -> None:
        ctx, ni = self.ctx, 0
        lowers = [t.lower() for t in ctx.texts]
        i, n = 0, len(lowers)
        while i < n:
            while ni < len(self.named) and self.named[ni].start <= i:
                self._push(self.named[ni])
                ni += 1
            low = lowers[i]
            if low in PRONOUNS and ctx.pos[i] in ("PRON", "DET"):
                self._pronoun(i)
            elif low in RELATIVES and ctx.sdoc[i].head.dep_ == "relcl":
                self._relative(i)
            elif low in ("the", "this", "that") and i + 1 < n and not self.busy[i + 1] \
                    and lowers[i + 1] in ctx.lex.descriptions:
                if self._description(i):
                    i += 2
                    continue
            w = ctx.t2w[i]
            if not self.busy[i] and w < len(ctx.words) and ctx.words[w] in self.heads:
                consumed = self._role(i)
                if consumed:
                    i = consumed
                    continue
            if not self.busy[i] and low in ctx.lex.people:
                consumed = self._people(i)
                if consumed:
                    i = consumed
                    continue
            elif not self.busy[i] and low in INDEFINITE_PEOPLE:
                self._someone(i)
            i += 1

    def first_person(self, author: str | None = None, outlet: str | None = None) -> None:
        """ "I", "we", "my" inside a quotation are its speaker (for "we": the speaker's organisation
        when known): the subject of the speech verb right after or right before the quotation
        ("...," he said / She said: "..."). Outside quotations "I" is the author (the byline's
        first name when there is one) and "we" the author's side: the outlet when known."""
        ctx = self.ctx
        for a, b in self.regions:
            lo, hi = bisect_left(ctx.idx, a), bisect_left(ctx.idx, b)
            inner = [i for i in range(lo, hi) if ctx.texts[i].lower() in FIRST_PERSON]
            if not inner:
                continue
            g = self._speaker(a, b)
            if g is None:
                continue
            org = self.groups.get(g.affiliation) if g.type == "PERSON" and g.affiliation else None
            for i in inner:
                target = org if org is not None and ctx.texts[i].lower() in FIRST_PLURAL else g
                if not any(s.start == i for s in target.spans):
                    self._add(target, i, i + 1, "pronoun", "rule:quote-speaker")
        for i, text in enumerate(ctx.texts):
            low = text.lower()
            if self.quoted[i] or low not in FIRST_PERSON or ctx.pos[i] != "PRON" or text in ("US", "i"):
                continue
            if low in FIRST_SINGULAR:
                g = self._own("A:author", "PERSON", author or "the author", group=False)
            elif outlet:
                g = self._own("A:outlet", "ORG", outlet, group=False)
            else:
                g = self._own("A:we", "PERSON", "the author's side", group=True)
            self._add(g, i, i + 1, "pronoun", "rule:first-person")

    def _own(self, key: str, etype: str, name: str, group: bool) -> Group:
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = Group(key, etype, "rule:first-person", name=name, role=etype == "PERSON",
                                         group=group)
        return g

    def _speaker(self, a: int, b: int) -> Group | None:
        ctx = self.ctx
        after = list(range(bisect_left(ctx.idx, b), bisect_left(ctx.idx, b + 60)))[:6]
        before = list(range(bisect_left(ctx.idx, a - 80), bisect_left(ctx.idx, a)))[-8:]
        for i in after + list(reversed(before)):
            tok = ctx.sdoc[i]
            if tok.lemma_ not in ctx.lex.speech_verbs:
                continue
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    span = self.owner.get(child.i)
                    g = self.groups.get(span.key) if span is not None else None
                    if g is not None and g.type in ("PERSON", "ORG", "IGO", "COUNTRY"):
                        return g
            return None
        return None

    def _pronoun(self, i: int) -> None:
        tok = self.ctx.sdoc[i]
        types, gender = PRONOUNS[tok.lower_]
        if tok.lower_ == "it" and (tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.lemma_ in PLEONASTIC_HEADS):
            return
        if gender == "plural":
            self._plural(i, types)
            return
        g = self._last(types, i, gender, skip_quoted=True, pred=lambda g: not g.group)
        if g is not None:
            if gender and g.gender is None:
                g.gender = gender
            self._add(g, i, i + 1, "pronoun", "rule:pronoun")

    def _plural(self, i: int, types) -> None:
        """they/them/their: the last group named by a plural noun in this or the previous sentence
        (further back, "they" is as often an unnamed group as a named one)."""
        sent = self.sent_of(i)
        quoted_here = self._quoted(i)
        for span, quoted in reversed(self.history):
            if self.sent_of(span.start) < sent - 1:
                return
            g = self.groups.get(span.key)
            if g is None or (g.type not in types and not g.group) or span.kind not in ("name", "role", "description"):
                continue
            if quoted and not quoted_here:
                continue
            if g.group or self.ctx.sdoc[span.end - 1].tag_ in ("NNS", "NNPS"):
                self._add(g, i, i + 1, "pronoun", "rule:pronoun")
                return

    def sent_of(self, i: int) -> int:
        if self._sent_index is None:
            self._sent_index = [0] * len(self.ctx.texts)
            for k, sent in enumerate(self.ctx.sdoc.sents):
                for t in range(sent.start, sent.end):
                    self._sent_index[t] = k
        return self._sent_index[i]

    def _relative(self, i: int) -> None:
        """ "Mr. Obama, who ...": the relative pronoun refers to the noun its clause modifies."""
        head = self.ctx.sdoc[i].head.head
        span = self.owner.get(head.i)
        g = self.groups.get(span.key) if span is not None else None
        if g is not None and g.type in RELATIVES[self.ctx.sdoc[i].lower_]:
            self._add(g, i, i + 1, "pronoun", "rule:relative")

    def _description(self, i: int) -> bool:
        toks = self.ctx.sdoc
        noun = toks[i + 1]
        types = self.ctx.lex.descriptions.get(noun.lower_)
        if types is None or not noun.is_lower:
            return False
        nxt = toks[i + 2] if i + 2 < len(toks) else None
        if nxt is not None and (nxt.lower_ == "of" or (nxt.pos_ in ("NOUN", "PROPN") and nxt.text not in POSSESSIVE)):
            return False  # "the country team", "the group of ..." are not references back
        g = self._last(types, i)
        if g is None:
            return False
        self._add(g, i, i + 2, "description", "rule:description")
        self.busy[i] = self.busy[i + 1] = True
        return True

    def _role(self, h: int) -> int | None:
        ctx = self.ctx
        rp = role_phrase(ctx, h, self.ends, self.starts)
        if rp is None or any(self.busy[k] for k in range(rp.head_start, rp.head_end)):
            return None
        if followed_by_name(ctx, rp.head_end, self.starts, ctx.lex):
            return None  # a title before a name: handled with the name
        aff = self.groups.get(rp.affiliation.key) if rp.affiliation is not None else None
        if aff is not None and aff.type not in AFFILIATES:
            aff = None
        if rp.title is not None:
            g = self._person_for(rp, aff)
        else:
            g = self._group_for(rp, aff)
        if g is None:
            return None
        start = rp.start if aff is not None else rp.head_start
        span = Span(start, rp.end, g.type, g.source, key=g.key, kind="role" if g.role else "description",
                    title_head=rp.title.canonical if rp.title else None)
        g.add(span)
        self._push(span)
        for k in range(start, rp.end):
            self.busy[k] = True
        return rp.end

    def _person_for(self, rp, aff: Group | None) -> Group | None:
        title = rp.title
        heads = {title.canonical}
        match = lambda g: not g.group and (bool(g.title_heads & heads)
                                           or any(h.endswith(" " + title.canonical) for h in g.title_heads))
        if aff is None:
            if not rp.determiner or self.ctx.sdoc[rp.start - 1].lower_ not in ("the", "this", "that"):
                return None  # "a doctor" introduces someone new and unnamed: not an entity
            earlier = self._last(("PERSON",), rp.head_start, pred=match)  # "the president" said
            if earlier is not None:
                return earlier
            key = "R::" + " ".join(self.ctx.span_words(rp.start, rp.head_end))  # "the Republican nominee"
            g = self.groups.get(key)
            if g is None:
                g = self.groups[key] = Group(key, "PERSON", "rule:role", role=True, sector=title.sector,
                                             gender=title.gender)
                g.name = self.ctx.span_text(rp.start, rp.end)
            g.title = g.title or self.ctx.span_text(rp.head_start, rp.head_end)
            g.title_heads.add(title.canonical)
            return g
        related = {aff.key, aff.affiliation} - {None}
        same = self._last(("PERSON",), rp.head_start, pred=lambda g: not g.group and g.affiliation in related
                          and (match(g) or title.kind == "generic"))
        if same is not None:
            return same
        key = f"R:{aff.key}:{title.canonical}"
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = Group(key, "PERSON", "rule:role", role=True, affiliation=aff.key,
                                         sector=title.sector, gender=title.gender)
            g.name = self.ctx.span_text(rp.start, rp.end)
        g.title = g.title or self.ctx.span_text(rp.head_start, rp.head_end)
        g.title_heads.add(title.canonical)
        return g

    def _group_for(self, rp, aff: Group | None) -> Group | None:
        sector = rp.sector
        ctx = self.ctx
        if aff is None or aff.type != "COUNTRY":
            if rp.determiner:
                earlier = self._last(("ORG",), rp.head_start, pred=lambda g: g.sector == sector)
                if earlier is not None:
                    return earlier  # "the army" after "Armenian troops"
            head = ctx.sdoc[rp.head_end - 1]
            if head.tag_ not in ("NNS", "NNPS") and head.lower_ not in COLLECTIVES:
                return None  # "a party", "the court" with nothing to refer back to
            # an actor known only by its sector ("police arrested protesters"): CAMEO codes it bare
            key = f"G::{sector}:{' '.join(ctx.span_words(rp.head_start, rp.head_end))}"
            g = self.groups.get(key)
            if g is None:
                g = self.groups[key] = Group(key, "ORG", "rule:sector", sector=sector)
                g.name = ctx.span_text(rp.head_start, rp.head_end)
            return g
        named = [g for g in self.groups.values()
                 if g.type == "ORG" and g.affiliation == aff.key and g.sector == sector and not g.key.startswith("G:")]
        if len(named) == 1:
            return named[0]  # "Armenian troops" = the "Armenian Armed Forces" named earlier
        key = f"G:{aff.key}:{sector}"
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = Group(key, "ORG", "rule:affiliation+sector", affiliation=aff.key, sector=sector)
            g.name = ctx.span_text(rp.start, rp.end)
        return g

    def _people(self, i: int) -> int | None:
        """A phrase headed by a person noun that acts ("experts said", "a source told"): an entity."""
        ctx, toks = self.ctx, self.ctx.sdoc
        tok = toks[i]
        noun = ctx.lex.people[tok.lower_]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod") or \
                (not tok.is_lower and not tok.is_sent_start):
            return None
        start = phrase_start(toks, i, self.busy)
        if not (acting(tok) or according_to(toks, start)):
            return None
        aff = None
        before = self.ends.get(start)
        if before is not None and before.type in AFFILIATES and before.kind == "name":
            aff = self.groups.get(before.key)  # "Chinese experts", "Pentagon officials"
        if start > 0 and toks[start - 1].text in POSSESSIVE and self.ends.get(start - 1) is not None:
            owner = self.groups.get(self.ends[start - 1].key)  # "the campaign's spokesman"
            aff = owner if owner is not None and owner.type in AFFILIATES else aff
        end = i + 1
        after = affiliate_after(ctx, end, self.starts)  # "attorneys for the family", "a spokesman for X"
        if after is not None:
            aff = aff or self.groups.get(after.key)
            end = after.end
        det = determiner(toks, start, i)
        words = key_words(toks, start, i) + [noun.singular]
        prefix = f"H:{aff.key if aff is not None else ''}:"
        g = None
        if not noun.plural and (det is None or det in INDEFINITE):
            key = f"{prefix}#{i}"  # "a source", "another source": someone new each time
        else:
            key = prefix + " ".join(words)
            if not noun.plural and det in ("the", "this", "that"):  # "the woman": the last one described so
                g = self._last(("PERSON",), i, pred=lambda x: not x.group and noun.singular in x.title_heads)
        if g is None:
            g = self.groups.get(key)
        if g is None:
            a = start
            while a < i and toks[a].lower_ in ("the", "this", "that", "these", "those"):
                a += 1
            g = self.groups[key] = Group(key, noun.type, "rule:person-noun", role=noun.type == "PERSON",
                                         group=noun.plural,
                                         sector=noun.sector, affiliation=aff.key if aff is not None else None,
                                         name=ctx.span_text(a, end))
            if not noun.plural:
                g.title = tok.text
        g.title_heads.add(noun.singular)
        span = Span(start, end, g.type, g.source, key=g.key, kind="description" if noun.plural else "role")
        g.add(span)
        self._push(span)
        for k in range(start, end):
            self.busy[k] = True
        return end

    def _someone(self, i: int) -> None:
        """ "some note", "no one expected", "12 percent said": people voicing a view, unnamed."""
        ctx, toks = self.ctx, self.ctx.sdoc
        tok = toks[i]
        low = tok.lower_
        if tok.pos_ not in ("PRON", "NOUN", "DET", "ADJ", "NUM", "SYM") or not voicing(tok, ctx.lex.attitude_verbs):
            return
        if low == "one" and not (i > 0 and toks[i - 1].lower_ == "no"):
            return  # "one" alone is as often a thing ("one saying that ...")
        start = phrase_start(toks, i, self.busy) if low in ("percent", "%") else i - (low == "one")
        several = INDEFINITE_PEOPLE[low]
        key = f"H::#{i}"  # each such phrase is its own unnamed set of people
        g = self.groups[key] = Group(key, "PERSON", "rule:person-noun", role=True, group=several,
                                     name=ctx.span_text(start, i + 1))
        span = Span(start, i + 1, "PERSON", g.source, key=key, kind="description" if several else "role")
        g.add(span)
        self._push(span)
        for k in range(start, i + 1):
            self.busy[k] = True
