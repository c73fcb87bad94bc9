"""The tagger: run every rule over the text, keep the longest non-overlapping matches, then extend
(modifiers: "late", "over", "mid-"), merge (a clock time with its day) and join ranges ("late Sept.
through early Nov. 2020", where the first part takes its year from the second)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import calendar as cal
from .grammar import Cand, Ctx, Rule, date_value
from .lexicon import Lexicon, load_lexicon
from .rules import build_rules

SENTENCE_END = re.compile(r"(?:[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n)")
RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and|to\s+the\s+end\s+of)\s*", re.I)
EXPLICIT_REF = re.compile(r"\d{4}(?:-Q\d|-H\d|-\d\d(?:-\d\d)?)?")
REF_RULES = frozenset({"iso", "slash", "month_day", "day_month", "month_year", "month", "year", "quarter",
                       "rel_unit", "weekday", "day"})
DAY_RULES = frozenset({"iso", "slash", "month_day", "day_month", "weekday", "day"})
CLOCK_RULES = frozenset({"clock", "clock24", "noon"})


@dataclass
class Grammar:
    lex: Lexicon
    rules: list[Rule]
    posmod: re.Pattern
    quantmod: re.Pattern
    relmod: re.Pattern


def build_grammar(_resources=None) -> Grammar:
    lex = load_lexicon()
    return Grammar(
        lex=lex,
        rules=build_rules(lex),
        posmod=re.compile(rf"(?<![\w])(?P<m>{lex.alternation('posmod')})(?:\s+|\s*-\s*)$", re.I),
        quantmod=re.compile(rf"(?<![\w])(?P<m>{lex.alternation('quantmod')})\s+$", re.I),
        relmod=re.compile(r"(?<![\w])(?P<m>earlier|later|late|early)\s+$", re.I),
    )


def sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in SENTENCE_END.finditer(text)]


def tag(text: str, anchor: dt.date | None, grammar: Grammar) -> list[Cand]:
    """All time expressions in text, normalised against anchor, in text order."""
    ctx = Ctx(text=text, anchor=anchor, lex=grammar.lex, sent_starts=sentence_starts(text))
    matches = []
    for prio, rule in enumerate(grammar.rules):
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                matches.append((m.start(), prio, rule, m))
    matches.sort(key=lambda x: (x[0], x[1]))
    raw: list[tuple[Cand, int]] = []
    for start, prio, rule, m in matches:
        c = rule.handler(m, ctx)
        if c is None or c.value is None:
            continue
        c.rule = rule.name
        raw.append((c, prio))
        if c.type == "DATE" and rule.name in REF_RULES and EXPLICIT_REF.fullmatch(c.value):
            ctx.last_ref = c.value
    chosen = _longest(raw)
    chosen = [_extend(c, text, grammar) for c in chosen]
    chosen = _merge_clock(chosen, text)
    chosen = _ranges(chosen, text, anchor)
    return [c.finish() for c in chosen]


def _longest(raw: list[tuple[Cand, int]]) -> list[Cand]:
    taken: list[Cand] = []
    occupied = bytearray(max((c.end for c, _ in raw), default=0) + 1)
    for c, _ in sorted(raw, key=lambda x: (-(x[0].end - x[0].start), x[1], x[0].start)):
        if any(occupied[c.start:c.end]):
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def _extend(c: Cand, text: str, g: Grammar) -> Cand:
    before = text[max(0, c.start - 30):c.start]
    starts_the = text[c.start:c.start + 4].lower() == "the "
    if c.type == "DURATION" or (c.rule == "ago" and not starts_the):
        m = g.quantmod.search(before)
        if m and not starts_the:
            c.start -= len(before) - m.start("m")
            c.mod = g.lex.of("quantmod")[re.sub(r"\s+", " ", m["m"].lower())]
        return c
    if c.type in ("DATE", "TIME") and not c.value.endswith("_REF") and c.mod is None:
        m = g.posmod.search(before)
        if m:
            c.start -= len(before) - m.start("m")
            c.mod = g.lex.of("posmod")[re.sub(r"\s+", " ", m["m"].lower())]
            c.begin = None
            return c
        if re.match(r"(?:this|next|last)\b", text[c.start:c.end], re.I):
            m = g.relmod.search(before)
            if m:
                c.start -= len(before) - m.start("m")
    return c


def _merge_clock(cands: list[Cand], text: str) -> list[Cand]:
    """"9 a.m. Tuesday", "Friday at 12:01": the clock time takes the day's date."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None:
            between = text[a.end:b.start]
            clock, day = (a, b) if a.rule in CLOCK_RULES else (b, a)
            if {a.rule in CLOCK_RULES, b.rule in CLOCK_RULES} == {True, False} and day.rule in DAY_RULES \
                    and re.fullmatch(r"\s*(?:,\s*)?(?:on\s+|at\s+)?", between, re.I) and day.value[:10].count("-") == 2:
                d = day.value[:10]
                out.append(Cand(a.start, b.end, "TIME", d + clock.fields["clock"], rule="clock", begin=d, end_value=d))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _repair_year(a: Cand, year: int) -> None:
    """Give a month (and day) without a year the year its range partner supplies."""
    f = a.fields
    v = date_value(year, f["m"], f["d"])
    if v:
        a.value, a.begin, a.end_value = v, None, None
        a.finish()


def _ranges(cands: list[Cand], text: str, anchor: dt.date | None) -> list[Cand]:
    """Add one interval for "A through B" (keeping A and B, as TimeML annotates them) and for
    "since A" (from A to the anchor)."""
    extra: list[Cand] = []
    for a, b in zip(cands, cands[1:]):
        if a.type != "DATE" or b.type != "DATE" or "/" in a.value or "/" in b.value:
            continue
        between = text[a.end:b.start]
        if not RANGE_SEP.fullmatch(between) or len(between) > 20:
            continue
        if between.strip().lower() == "and" and not re.search(r"\bbetween\s+$", text[max(0, a.start - 9):a.start], re.I):
            continue
        a.finish(), b.finish()
        if a.fields and not a.fields.get("y") and re.match(r"\d{4}", b.value):
            by = int(b.value[:4])
            bm = b.fields.get("m") or 12
            _repair_year(a, by if a.fields["m"] <= bm else by - 1)
        if a.begin and b.end_value and a.begin <= b.end_value:
            extra.append(Cand(a.start, b.end, "DATE", f"{a.value}/{b.value}", rule="range", begin=a.begin,
                              end_value=b.end_value))
    for a in cands:
        if a.type == "DATE" and anchor and "/" not in a.value and re.search(r"\bsince\s+$", text[max(0, a.start - 7):a.start], re.I):
            a.finish()
            if a.begin and a.begin <= anchor.isoformat():
                s = a.start - len(re.search(r"since\s+$", text[:a.start], re.I).group(0))
                extra.append(Cand(s, a.end, "DATE", f"{a.value}/{anchor.isoformat()}", rule="range",
                                  begin=a.begin, end_value=anchor.isoformat()))
    return sorted(cands + extra, key=lambda c: (c.start, -c.end))


def is_range(value: str | None) -> bool:
    return bool(value) and "/" in value


__all__ = ["Grammar", "build_grammar", "tag", "is_range", "cal"]
