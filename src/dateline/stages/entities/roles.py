"""Titles, roles and affiliations.

- A title before a name: "Assistant Secretary-General in charge of Economic Affairs of the OIC
  Ahmad Kawesa Sengendo" -> title "Assistant Secretary-General in charge of Economic Affairs",
  affiliation the OIC; model spans inside the title ("Economic Affairs" as ORG) are absorbed.
- A title in apposition: "Ilham Aliyev, the Azerbaijani president, said" -> the role phrase is a
  mention of the person.
- A role phrase with no name: "Armenia's PM", "the Azerbaijani president", "the president of
  Russia" (a role PERSON entity), or a sector group: "Armenian troops" (ORG, sector MIL).
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import DETERMINERS, POSSESSIVE, Span, token_words
from .lexicon import Title
from .recognize import Context, capitalised

CONNECTORS = {"of", "for", "in", "charge", "and", "on", "the", "-", "&"}
AFFILIATES = ("COUNTRY", "IGO", "ORG", "PLACE")
MAX_TITLE_TOKENS = 14  # longer runs are headlines or lists, not one title


@dataclass
class RolePhrase:
    start: int  # first token of the phrase (after any determiner)
    end: int
    head_start: int
    head_end: int
    title: Title | None  # a person's title, or
    sector: str | None  # a collective agent's sector
    affiliation: Span | None
    determiner: bool


def head_at(ctx: Context, i: int) -> tuple[int, Title | None, str | None] | None:
    """A title or sector word starting at token ``i``: (end token, title, sector)."""
    w = ctx.t2w[i]
    if w >= len(ctx.words) or ctx.w2t[w] != i:
        return None
    hit = ctx.lex.titles.longest_at(ctx.words, w)
    sec = ctx.lex.sectors.longest_at(ctx.words, w)
    if hit and not hit[1].honorific and (not sec or hit[0] >= sec[0]):
        return ctx.w2t[w + hit[0] - 1] + 1, hit[1], None
    if sec:
        return ctx.w2t[w + sec[0] - 1] + 1, None, sec[1]
    return None


def affiliate_after(ctx: Context, pos: int, starts: dict[int, Span]) -> Span | None:
    """ "of [the] X" at ``pos`` with X a country or organisation mention."""
    toks = ctx.sdoc
    if pos >= len(toks) or toks[pos].lower_ not in ("of", "for"):
        return None
    k = pos + 1
    if k < len(toks) and toks[k].lower_ == "the":
        k += 1
    while k < len(toks) and k not in starts and toks[k].is_lower and toks[k].pos_ == "ADJ" and k - pos < 4:
        k += 1  # "the mayor of the northern West Bank city": a described place is still the place
    s = starts.get(k)
    if s is not None and s.end < len(toks) and toks[s.end].text in POSSESSIVE:
        return None  # "opponents of Rwanda's Senate": Rwanda owns the Senate, not the opponents
    return s if s is not None and s.type in AFFILIATES and s.kind in ("name", "description") else None


def stance_before(toks, i: int) -> bool:
    """Token ``i`` follows "pro-"/"anti-": "pro-Russia rebels" name a side, not a membership."""
    k = i - 1
    if k >= 0 and toks[k].text in ("-", "\u2013"):
        k -= 1
    return k >= 0 and toks[k].lower_.rstrip("-") in ("pro", "anti")


def title_before(ctx: Context, person: Span, starts: dict[int, Span], ends: dict[int, Span],
                 spans: list[Span]) -> tuple[str, Title, Span | None, list[Span]] | None:
    """The title written before a person's name: (title text, head, affiliation, absorbed spans)."""
    toks = ctx.sdoc
    affiliation, j = None, person.start - 1
    x = ends.get(person.start)
    if x is not None and x.type in AFFILIATES:
        k = x.start - 1
        if k >= 0 and toks[k].lower_ == "the":
            k -= 1
        if k >= 0 and toks[k].lower_ in ("of", "for"):
            affiliation, j = x, k - 1
    i = j
    while i >= 0 and j - i < MAX_TITLE_TOKENS:
        t = toks[i]
        if not (capitalised(t) or t.lower_ in CONNECTORS or t.lower_ in ctx.lex.title_words):
            break
        if t.is_sent_start:
            i -= 1
            break
        i -= 1
    a, b = i + 1, j + 1
    while a < b and (toks[a].lower_ in CONNECTORS or toks[a].lower_ in DETERMINERS):
        a += 1
    # a leading country/organisation ("OIC Secretary-General X", "Azerbaijani President X") is the affiliation
    lead = starts.get(a)
    if lead is not None and lead.type in AFFILIATES and lead.end <= b:
        affiliation = affiliation or lead
        a = lead.end
        if a < b and toks[a].text in POSSESSIVE:
            a += 1
    head = None
    for k in range(a, b):
        h = head_at(ctx, k)
        if h and h[1] is not None and h[0] <= b:
            head = h[1]
            break
    if head is None or a >= b:
        return None
    absorbed = []
    for s in spans:
        if a <= s.start and s.end <= b and s is not person:
            if s.type in ("COUNTRY", "IGO") and s.kind == "name":
                affiliation = affiliation or s
            else:
                absorbed.append(s)
    return ctx.span_text(a, b), head, affiliation, absorbed


def role_phrase(ctx: Context, h: int, ends: dict[int, Span], starts: dict[int, Span]) -> RolePhrase | None:
    """A role or group phrase around the head word at ``h``."""
    toks = ctx.sdoc
    found = head_at(ctx, h)
    if found is None:
        return None
    head_end, title, sector = found
    word = toks[h].text
    if title is None and word.istitle() and not toks[h].is_sent_start:
        return None  # a capitalised sector word is usually part of a name the model already has
    start, affiliation = h, None
    p = h
    while p > 0 and toks[p - 1].is_lower and toks[p - 1].pos_ in ("ADJ", "NOUN") and \
            toks[p - 1].dep_ in ("amod", "compound") and h - p < 3:
        p -= 1  # "Armenia's former PM", "Connecticut's tax commissioner"
    prev = p - 1
    if prev >= 0 and toks[prev].text in POSSESSIVE and ends.get(prev) is not None:
        owner = ends[prev]
        if owner.type in AFFILIATES:
            affiliation, start = owner, owner.start
    elif ends.get(p) is not None and ends[p].type in ("COUNTRY", "PLACE", "ORG", "IGO") and \
            not stance_before(toks, ends[p].start):
        affiliation, start = ends[p], ends[p].start  # "the Azerbaijani president", "the Indiana governor"
    elif ends.get(p) is not None and ends[p].type == "NORP" and ends[p].kind == "name":
        start = ends[p].start  # "the Republican nominee": part of the phrase, not an affiliation
    else:
        start = p
    end = head_end
    if head_end < len(toks) and toks[head_end].pos_ in ("NOUN", "PROPN") and head_end not in starts:
        return None  # a modifier ("the official visit", "government forces"), not the head
    after = affiliate_after(ctx, head_end, starts)
    if after is not None:
        affiliation = affiliation or after
        end = after.end
    det = start > 0 and toks[start - 1].lower_ in DETERMINERS
    return RolePhrase(start, end, h, head_end, title, sector, affiliation, det)


def followed_by_name(ctx: Context, pos: int, starts: dict[int, Span], lex) -> bool:
    """A person's name (maybe after an honorific) right after ``pos``: then the phrase is a title."""
    toks = ctx.sdoc
    if pos < len(toks):
        t = lex.titles.get(token_words(toks[pos].text))
        if t is not None and t.honorific:
            pos += 1
    s = starts.get(pos)
    return s is not None and s.type == "PERSON"


def sector_in_name(ctx: Context, span: Span) -> str | None:
    """The sector a word inside an organisation's name implies ("Armed Forces" -> MIL)."""
    ws = ctx.span_words(span.start, span.end)
    best = None
    for i in range(len(ws)):
        hit = ctx.lex.sectors.longest_at(ws, i)
        if hit:
            best = hit[1]  # the last (head) sector word wins: "Ministry of Defence Police" -> COP
    return best
