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
from .rules_relative import UNRESOLVED_DAY

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)
# a full stop after an initial ("Daniel P. Davison"), a title ("Mr. Schwarz"), "a.m.", a month ("Feb. 1"),
# or "vs." ("Roe vs. Wade") ends no sentence
_NOT_END = "".join(rf"(?<!\b{w}\.)" for w in ("[A-Z]", r"[ap]\.m", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov",
                                              "Col", "Lt", "Sgt", "Capt", "Prof", "Rev", "No", "Adm", "Maj", "Jan", "Feb", "Mar",
                                              "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs"))
SENTENCE_END = re.compile(rf"(?:[.!?]{_NOT_END}[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n)")
RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and|to\s+the\s+end\s+of)\s*", re.I)
EXPLICIT_REF = re.compile(r"\d{4}(?:-Q\d|-H\d|-\d\d(?:-\d\d)?)?")
REF_RULES = frozenset({"iso", "slash", "month_day", "day_month", "month_year", "month", "year", "quarter", "year_period",
                       "rel_unit", "weekday", "day"})
DAY_RULES = frozenset({"iso", "slash", "month_day", "day_month", "weekday", "day"})
# between a clock time and its day: a comma, "on"/"at", or a short aside ("10:35 a.m. (0735 GMT) Friday")
CLOCK_DAY_GAP = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:,\s*)?(?:on\s+|at\s+)?", re.I)
CLOCK_RULES = frozenset({"clock", "clock24", "clock_part", "noon"})


# Speed: a rule's full pattern runs only in windows around its gate, a cheap lower-case literal
# alternation (Python's re skips ahead on a literal alternation's first characters; the rules'
# case-insensitive patterns cannot). (gate, chars left, chars right) per rule; None = whole text.
GATES = {
    "mon": "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
    "dow": "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    "unit": "second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur|millenni|sec|min|hr|"
            "yr|wk|half|period",
    "year": r"\d\d\d\d|\d0'?s|'\d0s",
    "ago": "ago|earlier|later|from now|hence|back",
    "clock": r"[ap]\.? ?m\b|o'clock|\d:\d\d",
    "noon": "noon|midnight|midday",
    "spelled": "nineteen|eighteen|thousand",
    "daypart": "today|yesterday|tomorrow|tonight|night|morning|afternoon|evening",
    "season": "spring|summer|fall|autumn|winter",
    "every": "every|each|per ",
    "anaphor": "following|next|previous|preceding|same|that ",
    "dayref": "day before|day after",
    "decade_word": "(?:twen|thir|for|fif|six|seven|eigh|nine)ties",
}
RULE_GATES = {
    "month_day": ("mon", 30, 30), "week_of": ("mon", 30, 30), "day_month": ("mon", 30, 30), "month_year": ("mon", 25, 30),
    "month": ("mon", 25, 30), "year": ("year", 30, 10), "decade": ("year", 20, 10), "century": ("unit", 40, 5),
    "quarter": ("unit", 60, 50), "year_earlier": ("unit", 40, 40), "period_ago": ("unit", 40, 40), "year_period": ("year", 6, 12), "day": ("daypart", 30, 30),
    "tonight": ("daypart", 30, 5), "weekday": ("dow", 20, 30), "clock": ("clock", 20, 30),
    "clock24": ("clock", 20, 30), "clock_part": ("daypart", 25, 5), "noon": ("noon", 10, 5), "rel_unit": ("unit", 30, 5),
    "season": ("season", 20, 30), "ago": ("ago", 70, 12), "duration": ("unit", 70, 40),
    "bare_units": ("unit", 30, 10), "spelled_year": ("spelled", 30, 60), "fiscal_year": ("unit", 30, 5), "set": ("every", 5, 60), "ref": ("ref", 5, 20), "freq": ("set", 2, 20),
    "holiday": ("holiday", 2, 30), "anaphor": ("anaphor", 10, 25), "day_before": ("dayref", 4, 10),
    "decade_word": ("decade_word", 20, 5),
}


@dataclass
class Grammar:
    lex: Lexicon
    rules: list[Rule]
    posmod: re.Pattern
    quantmod: re.Pattern
    relmod: re.Pattern
    gates: dict[str, re.Pattern]


def build_grammar(_resources=None) -> Grammar:
    lex = load_lexicon()
    return Grammar(
        lex=lex,
        rules=build_rules(lex),
        posmod=re.compile(rf"(?<![\w])(?P<m>{lex.alternation('posmod')})(?:\s+|\s*-\s*)$", re.I),
        quantmod=re.compile(rf"(?<![\w])(?P<m>{lex.alternation('quantmod')})\s+$", re.I),
        relmod=re.compile(r"(?<![\w])(?P<m>earlier|later|late|early)\s+$", re.I),
        gates={k: re.compile(v) for k, v in GATES.items()} | {
            kind: re.compile("|".join(sorted({re.escape(f.split()[0]) for f in lex.of(kind)}, key=len, reverse=True)))
            for kind in ("ref", "set", "holiday")},
    )


_SPACE = re.compile(r"\s")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _windows(text: str, hits: list[tuple[int, int]], left: int, right: int) -> list[tuple[int, int]]:
    """Merged windows around the gate's hits, ending on whitespace so no word is cut."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for hs, he in hits:
        s, e = max(0, hs - left), min(n, he + right)
        if e < n and not text[e].isspace():
            w = _SPACE.search(text, e)
            e = w.start() if w else n
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in SENTENCE_END.finditer(text)]


def tag(text: str, anchor: dt.date | None, grammar: Grammar) -> list[Cand]:
    """All time expressions in text, normalised against anchor, in text order."""
    ctx = Ctx(text=text, anchor=anchor, lex=grammar.lex, sent_starts=sentence_starts(text))
    matches = []
    lowered = text.translate(_LOWER)
    windows: dict[tuple, list[tuple[int, int]]] = {}
    hits: dict[str, list[tuple[int, int]]] = {}
    for prio, rule in enumerate(grammar.rules):
        gate = RULE_GATES.get(rule.name)
        if gate is None:
            spans = [(0, len(text))]
        else:
            if gate not in windows:
                if gate[0] not in hits:
                    hits[gate[0]] = [m.span() for m in grammar.gates[gate[0]].finditer(lowered)]
                windows[gate] = _windows(text, hits[gate[0]], gate[1], gate[2])
            spans = windows[gate]
        for s, e in spans:
            for m in rule.pattern.finditer(text, s, e):
                if m.end() > m.start():
                    matches.append((m.start(), prio, rule, m))
    matches.sort(key=lambda x: (x[0], x[1]))
    raw: list[tuple[Cand, int]] = []
    ref_end = -1  # end of the latest reference date: a part inside it ("2019" of "March 3, 2019") is no new one
    for start, prio, rule, m in matches:
        c = rule.handler(m, ctx)
        if c is None or c.value is None:
            continue
        c.rule = rule.name
        raw.append((c, prio))
        if c.type == "DATE" and rule.name in REF_RULES and EXPLICIT_REF.fullmatch(c.value) and c.end > ref_end:
            ref_end = c.end
            ctx.last_ref, ctx.last_ref_at = c.value, c.start
            if "-Q" in c.value:
                ctx.quarters.append((c.start, c.value, c.end))
            if rule.name in DAY_RULES and len(c.value) == 10:
                ctx.last_day = (c.start, c.value)
                ctx.days.append((c.start, c.end, c.value))
    urls = [m.span() for m in URL.finditer(text)] if "/" in text or "www." in text else []
    if urls:  # "example.com/2019/05/03/story" holds no dates
        raw = [(c, p) for c, p in raw if not any(s <= c.start < e for s, e in urls)]
    chosen = _longest(raw)
    chosen = [_extend(c, text, grammar) for c in chosen]
    chosen = _merge_day_offset(chosen, text)
    chosen = _merge_clock(chosen, text)
    _restated_clock(chosen, text)
    chosen = _merge_spelled_year(chosen, text)
    _apposed_quarter(chosen, text)
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


def _merge_day_offset(cands: list[Cand], text: str) -> list[Cand]:
    """"the day before last Tuesday('s hearing)": one expression, a day from the day that follows it.
    In apposition to a day ("Oct. 12, the day before the plunge") it is that day."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        prev = out[-1] if out else None
        if a.rule == "day_before" and prev is not None and prev.type == "DATE" and len(prev.value) == 10 \
                and re.fullmatch(r",\s*", text[prev.end:a.start]):
            a.value, a.begin, a.end_value = prev.value, None, None
        if a.rule == "day_before" and b is not None and b.rule in DAY_RULES and not text[a.end:b.start].strip() \
                and len(b.value) == 10 and b.value[:4].isdigit():
            d = dt.date.fromisoformat(b.value) + dt.timedelta(days=a.fields["offset"])
            out.append(Cand(a.start, b.end, "DATE", d.isoformat(), rule="day_before"))
            i += 2
            continue
        if not (a.rule == "day_before" and a.value == UNRESOLVED_DAY):  # "the day before" of no known day
            out.append(a)
        i += 1
    return out


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
                    and CLOCK_DAY_GAP.fullmatch(between) and day.value[:10].count("-") == 2:
                d = day.value[:10]
                if "(" in between:  # an aside between them: two expressions, the clock on the day's date
                    clock.value, clock.begin, clock.end_value = d + clock.fields["clock"], d, d
                    out.append(a)
                    i += 1
                    continue
                out.append(Cand(a.start, b.end, "TIME", d + clock.fields["clock"], rule="clock", begin=d, end_value=d))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _restated_clock(cands: list[Cand], text: str) -> None:
    """"will leave at 4 in the morning (4 a.m. EDT Thursday)": a clock time restated in brackets at the same
    hour with its day is on that day. At another hour the bracket is another zone ("10 p.m. (0300 GMT
    Saturday)"), whose day need not be the local one: left alone."""
    for a, b in zip(cands, cands[1:]):
        if a.rule in CLOCK_RULES and a.type == "TIME" and b.type == "TIME" and re.fullmatch(r"\s*\(\s*", text[a.end:b.start]) \
                and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", b.value or "") and a.fields.get("clock") == b.value[10:] \
                and a.value[:10] != b.value[:10]:
            a.value, a.begin, a.end_value = b.value, b.value[:10], b.value[:10]


def _merge_spelled_year(cands: list[Cand], text: str) -> list[Cand]:
    """"January nineteen ninety-seven", "the winter of nineteen ninety-four" (broadcast transcripts spell
    years out): the month or season takes the year."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and c.rule == "spelled_year" and prev.rule == "month" and prev.mod is None \
                and re.fullmatch(r"\s*,?\s*(?:of\s+)?", text[prev.end:c.start], re.I):
            value = f"{c.value}-{prev.fields['m']:02d}"
            out[-1] = Cand(prev.start, c.end, "DATE", value, rule="month_year",
                           fields={"m": prev.fields["m"], "d": None, "y": True})
            continue
        if prev is not None and c.rule == "spelled_year" and prev.rule == "season" and prev.fields.get("season") \
                and re.fullmatch(r"\s+of\s+", text[prev.end:c.start], re.I):  # "the winter of nineteen ninety-four"
            out[-1] = Cand(prev.start, c.end, "DATE", f"{c.value}-{prev.fields['season']}", rule="season")
            continue
        out.append(c)
    return out


# an apposition closes with a comma ("the year-ago quarter, the second quarter ended Oct. 31, Acme ..."); a
# clause's subject after a fronted phrase does not ("Against the year-ago quarter, the third quarter rose")
APPOSITION_END = re.compile(r"(?:\s+(?:ended|ending)\s+[^,;]{1,25}?)?\s*,")


def _apposed_quarter(cands: list[Cand], text: str) -> None:
    """"In the comparable year-ago quarter, the second quarter ended Oct. 31, ...": the apposition names
    the year-ago quarter, so both are the named quarter in the year-ago year (a year written in the
    apposition wins)."""
    for a, b in zip(cands, cands[1:]):
        if a.rule in ("year_earlier", "period_ago") and b.rule == "quarter" and "-Q" in a.value and "-Q" in b.value \
                and re.fullmatch(r",\s*", text[a.end:b.start]) and a.value[:4].isdigit() \
                and APPOSITION_END.match(text, b.end):
            year = b.value[:4] if re.search(r"\d{4}", text[b.start:b.end]) else a.value[:4]
            a.value = b.value = year + b.value[4:]
            a.begin = a.end_value = b.begin = b.end_value = None


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
