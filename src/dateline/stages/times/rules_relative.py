"""Rules for relative and vague expressions, durations and sets: "last week", "two years ago",
"the past two months", "44-day", "every year", "last fall", "now", "Christmas"."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .grammar import (YEAR, Cand, Ctx, Rule, duration_value, ended_pattern, number, period_end, quarter_ending,
                      unit_code)
from .lexicon import Lexicon

I = re.I
UNIT_WORDS = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "century": "CE"}
FINER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60)}
# units whose "N later/earlier" is a distance (a DURATION), not a date: "a year earlier" stays a date
SHORT_UNITS = frozenset({"S", "MIN", "H", "D", "W", "2W"})
DAYPART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
UNRESOLVED_DAY = "XXXX-XX-XX"
# "in" right before a count of units ("available in 60 days")
IN_BEFORE = re.compile(r"\bin\s+$", re.I)
# ... which counts back over a span after a superlative or ordinal ("the second highest winterkill in ten
# years", "the first time in a decade", "the best level in") and is a rate after an amount ("losses of
# three billion dlrs in a year", "5% in six months"): ~40 characters cover the noun phrase before "in"
SPAN_BEFORE_IN = re.compile(r"\b(?:\w\w+est|first|second|third|most|ever|times?|levels?|record|per|\d[\d.,]*|million|billion|"
                            r"dlrs|dollars|cents|pct|percent)\b|[%$£€]", re.I)
# a period named by its closing day: "the quarter ended Sept. 30", "the 12 weeks ending Aug. 12"
ENDED_BEFORE = re.compile(r"\b(?:ended|ending)\s+$", re.I)
MODAL_BEFORE = re.compile(r"\b(?:will|would|could|might|may|can|should|shall|must)\s+$", re.I)
SPELLED_OF = re.compile(r"\s+of\s+(?=(?:nineteen|eighteen|two\s+thousand)\b)", re.I)
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _finer(n: float, u: str) -> tuple[float, str]:
    """Half an hour as 30 minutes: a fraction below one unit in the next finer unit."""
    if u in FINER and not float(n).is_integer():
        u2, k = FINER[u]
        if (n * k).is_integer():
            return n * k, u2
    return n, u


def _season_year(code: str, rel: str, a: dt.date) -> int:
    """The year of "last/this/next summer" as seen from anchor a (winter belongs to its December)."""
    start = dt.date(a.year, SEASON_START[code], 1)
    if code == "WI" and a.month <= 2:
        start = dt.date(a.year - 1, 12, 1)
    b, e = cal.interval(f"{start.year}-{code}")
    ended, begun = dt.date.fromisoformat(e) < a, start <= a
    if rel == "last":
        return start.year if ended else start.year - 1
    if rel == "next":
        return start.year + 1 if begun else start.year
    return start.year if begun or rel == "this" else start.year - 1


def _shift_ref(ref: str, unit: str, step: int) -> str | None:
    """ref (an explicit TIMEX3 date value) shifted by step units, at the unit's granularity; None when
    ref is coarser than the unit (a year has no "previous month")."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", ref):
        return cal.shift(dt.date(int(m[1]), int(m[2]), int(m[3])), unit, step)
    if unit == "Y" and (m := re.fullmatch(r"(\d{4})(-Q\d)?(?:-H\d|-\d\d)?", ref)):
        # a quarter's figure against "the prior year" is that quarter a year back, as with "a year
        # earlier" (TBAQ: the quarter 30 times); a month is often a period's end ("the year to March
        # 2005 ... the previous year"): the year
        return f"{int(m[1]) + step:04d}{m[2] or ''}"
    if (m := re.fullmatch(r"(\d{4})-(\d\d)", ref)) and unit in ("Q", "M"):
        return cal.shift(dt.date(int(m[1]), int(m[2]), 1), unit, step)
    if (m := re.fullmatch(r"(\d{4})-Q(\d)", ref)) and unit == "Q":
        return cal.shift(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), unit, step)
    return None


def _ref_quarter(ctx: Ctx, pos: int, latest: bool = False) -> str | None:
    """The quarter a financial story means by "the quarter": the last current one it named, else the
    last complete quarter before the anchor (results are reported after a quarter closes). "The latest
    quarter" is a reported one: not one named in a future clause ("will result in a fourth-quarter
    charge")."""
    return ctx.discussed_quarter(pos, reported=latest) or (cal.shift(ctx.anchor, "Q", -1) if ctx.anchor else None)


def build_relative_rules(lex: Lexicon, NUM: str, UNIT: str, SEASON: str, DOW: str, MON: str) -> list[Rule]:
    rules: list[Rule] = []
    ENDED = ended_pattern(MON)

    def rule(name: str, pattern: str, flags: int = I):
        def deco(fn):
            rules.append(Rule(name, re.compile(pattern, flags), fn))
            return fn
        return deco

    @rule("rel_unit", r"(?<![\w'])(?P<the>the\s+)?(?:(?P<rel>last|past|previous|prior|next|coming|this|current|latest|present)\s+)?(?P<unit>weekend|week|month|year|quarter|decade|century|period)(?P<half>\s+and\s+a\s+half)?(?![\w-])")
    def _rel_unit(m, ctx):
        rel, the, u = (m["rel"] or "").lower(), bool(m["the"]), UNIT_WORDS.get(m["unit"].lower())
        a = ctx.anchor
        if m["half"]:  # "the next month and a half": a length, 1.5 units (P1M15D, as "a minute and a half" PT1M30S)
            if not the or rel not in ("past", "last", "next", "coming", "previous", "following") or u not in FINER:
                return None
            return Cand(m.start(), m.end(), "DURATION", duration_value(1.5, u))
        if "\n" in m.group(0) and m["unit"][0].isupper():
            return None  # "... vs three cts prior\n    Year  Shr ...": a table's next heading
        rel = "previous" if rel == "prior" else rel
        if rel == "previous" and u in ("Y", "Q", "M", "W") and ctx.last_ref \
                and ctx.last_ref_at >= ctx.sentence(m.start())[0] and (v := _shift_ref(ctx.last_ref, u, -1)):
            # "between the last quarter of 2004 and the previous year", "sales in 1988 rose from the
            # previous year": anaphoric, the unit before the date its sentence named (else before the anchor)
            return Cand(m.start(), m.end(), "DATE", v)
        if u is None:  # "the latest period": the quarter a results story is about
            return Cand(m.start(), m.end(), "DATE", _ref_quarter(ctx, m.start(), True)) if rel == "latest" and a else None
        if not rel and not the:
            return None
        if a is None:
            return None
        if u in ("Y", "Q") and rel in ("", "latest", "current", "this"):
            ends, end = period_end(ENDED, ctx, m.end())
            if ends and u == "Y" and rel == "":  # "the year ended June 30": a fiscal year, a period
                return Cand(m.start(), m.end(), "DURATION", "P1Y")
            if end and u == "Q":  # "the quarter ended Sept. 29": the quarter that date closes, or the
                # fiscal quarter just named ("in the fiscal first quarter. ... for the quarter ended Sept. 29")
                return Cand(m.start(), m.end(), "DATE", ctx.fiscal_quarter(m.start()) or quarter_ending(end))
        if u == "W" and rel == "":
            # "the week ended Oct. 27": that date's ISO week; a bare "the week" looking ahead ("will resume
            # later in the week") is the current one; reporting ("For the week, the index dropped 3.8%",
            # often on a Monday about the week before) it is a week the story knows, not named: left open
            end = period_end(ENDED, ctx, m.end())[1]
            if end:
                return Cand(m.start(), m.end(), "DATE", cal.week_value(end))
            if ctx.future(m.start(), m.end()):
                return Cand(m.start(), m.end(), "DATE", cal.week_value(a))
            return Cand(m.start(), m.end(), "DATE", f"{a.isocalendar()[0]}-WXX")
        if u == "WE":
            if rel in ("last", "past", "previous"):
                d = a - dt.timedelta(days=7 if a.isoweekday() >= 6 else a.isoweekday())
            elif rel in ("next", "coming"):
                d = a + dt.timedelta(days=7 if a.isoweekday() >= 6 else 6 - a.isoweekday())
            elif rel == "this" or a.isoweekday() >= 5 or ctx.future(m.start(), m.end()):
                d = a
            else:
                d = a - dt.timedelta(days=a.isoweekday())
            return Cand(m.start(), m.end(), "DATE", cal.week_value(d) + "-WE")
        if the and rel in ("past", "last", "next", "coming") and u in ("Y", "Q", "M", "W") and not (
                ctx.word_before(m.start()).lower() == "within" or re.match(r"\s+and\s+a\s+half", ctx.text[m.end():])):
            # "over the past year", "the next year or so": TBAQ writes the calendar unit, a DATE (the year
            # before / after the anchor), 5 of 5 for year/month/quarter/week (see BENCHMARKS, issue 6
            # sixth pass); "the past decade" stays a span (1 DURATION, 1 DATE there), as does a bound
            # ("within the next year") or a counted length ("the next month and a half")
            return Cand(m.start(), m.end(), "DATE", cal.shift(a, u, -1 if rel in ("past", "last") else 1))
        if rel in ("past", "last") and the or rel in ("next", "coming") and the:
            n_end = a if rel in ("past", "last") else None
            if n_end:
                begin = cal.shift_back_date(a, u, 1)
                return Cand(m.start(), m.end(), "DURATION", duration_value(1.0, u), begin=begin.isoformat(),
                            end_value=a.isoformat())
            return Cand(m.start(), m.end(), "DURATION", duration_value(1.0, u))
        if u == "Y" and rel == "last" and not the and (q := ctx.compared_quarter(m.start())):
            return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) - 1:04d}{q[4:]}")  # a quarter's figure against last year's
        if rel in ("last", "past", "previous"):
            return Cand(m.start(), m.end(), "DATE", cal.shift(a, u, -1))
        if rel in ("next", "coming"):
            return Cand(m.start(), m.end(), "DATE", cal.shift(a, u, 1))
        if u == "Q" and rel in ("", "latest"):
            return Cand(m.start(), m.end(), "DATE", _ref_quarter(ctx, m.start(), rel == "latest"))
        if u == "Q" and rel == "this" and not ctx.future(m.start(), m.end()) \
                and (q := ctx.recent_quarter(m.start(), 600)) and (cal.interval(q)[1] or "9999") < a.isoformat():
            # "reported a loss for the third quarter ended Sept. 30. ... This quarter's loss includes":
            # in a results story the quarter just reported, not the calendar quarter the report falls in
            return Cand(m.start(), m.end(), "DATE", q)
        if rel == "latest":
            return None
        return Cand(m.start(), m.end(), "DATE", cal.shift(a, u, 0))

    @rule("season", rf"(?<![\w'])(?:(?:the\s+)?(?P<rel>this\s+past|last|next|this|early|late|mid)[\s-]+|(?P<the>the)\s+)?(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR})(?![\d%]))?(?![\w])")
    def _season(m, ctx):
        code = lex.of("season")[m["s"].lower()]
        rel = re.sub(r"\s+", " ", (m["rel"] or m["the"] or "").lower())
        rel = "last" if rel == "this past" else rel  # "this past spring"
        mod = {"early": "START", "late": "END", "mid": "MID"}.get(rel)
        if m["year"]:
            return Cand(m.start(), m.end(), "DATE", f"{m['year']}-{code}", mod=mod)
        if ctx.anchor is None:
            return None
        if rel in ("last", "next", "this"):
            return Cand(m.start(), m.end(), "DATE", f"{_season_year(code, rel, ctx.anchor)}-{code}")
        if SPELLED_OF.match(ctx.text, m.end()):  # "the winter of nineteen ninety-four": the tagger adds the year
            return Cand(m.start(), m.end(), "DATE", f"{_season_year(code, '', ctx.anchor)}-{code}", fields={"season": code})
        before = ctx.word_before(m.start())
        after = ctx.text[m.end():m.end() + 6]
        if before not in ("in", "into", "during", "by", "until", "since", "over", "through", "throughout", "this", "that",
                          "of", "before", "after", "from") \
                or re.match(r"\s+of\b", after) or not (rel or before == "in"):
            return None
        rel = "next" if ctx.future(m.start(), m.end()) else ""
        return Cand(m.start(), m.end(), "DATE", f"{_season_year(code, rel, ctx.anchor)}-{code}", mod=mod)

    @rule("ago", rf"(?<![\w'])(?:(?P<num>{NUM})(?P<h1>\s+and\s+a\s+half)?[\s-]+)?(?P<unit>{UNIT})(?P<h2>\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|back)(?![\w])")
    def _ago(m, ctx):
        u = unit_code(m["unit"], lex)
        n = number(m["num"], lex) if m["num"] else "X"
        if u is None or n is None or (not m["num"] and not m["unit"].lower().endswith("s")):
            return None
        back = m["dir"].lower() in ("ago", "earlier", "back")
        if isinstance(n, float) and (m["h1"] or m["h2"]):
            n += 0.5
        if m["dir"].lower() in ("later", "earlier") and u in SHORT_UNITS:
            # "three days later": TimeML marks the distance, a DURATION; "later" is a signal outside it
            end = m.end("h2") if m["h2"] else m.end("unit")
            if n == "X":
                return Cand(m.start(), end, "DURATION", duration_value("X", u))
            return Cand(m.start(), end, "DURATION", duration_value(n, u) if n >= 1 else duration_value(*_finer(n, u)))
        if n == "X" or ctx.anchor is None:
            return Cand(m.start(), m.end(), "DATE", "PAST_REF" if back else "FUTURE_REF")
        if u == "2W":
            u, n = "W", n * 2
        ref, reftxt = ctx.anchor, None
        if m["dir"].lower() in ("earlier", "later") and ctx.last_ref:
            reftxt = ctx.last_ref
            if re.fullmatch(r"\d{4}-\d\d-\d\d", reftxt):
                ref, reftxt = dt.date.fromisoformat(reftxt), None
        sign = -1 if back else 1
        if reftxt is None and ref is not ctx.anchor and u in ("Y", "M") and float(n).is_integer() \
                and ctx.last_ref_at >= ctx.sentence(m.start())[0] and ENDED_BEFORE.search(ctx.text, max(0, ctx.last_ref_at - 12), ctx.last_ref_at):
            # "For the quarter ended Sept. 30, Delta earned $133 million, up from $100 million a year
            # earlier": "earlier" counts from the reference time, here the closing day of the period its
            # sentence reports (a report day, "said Friday", is no such reference)
            d = cal.shift_back_date(ref, u, int(n)) if back else ref + (ref - cal.shift_back_date(ref, u, int(n)))
            return Cand(m.start(), m.end(), "DATE", d.isoformat())
        q = ctx.recent_quarter(m.start())
        if u == "Y" and n == 1 and back and ctx.cumulative(m.start()):  # "For the nine months, ... a year earlier"
            return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) - 1 if q else ref.year - 1:04d}")
        if u == "Y" and q and float(n).is_integer():  # results stories: "a year ago" is that quarter
            return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) + sign * int(n):04d}{q[4:]}")
        if reftxt and u == "Y" and re.fullmatch(r"\d{4}(?:-Q\d|-H\d|-\d\d)?", reftxt) and float(n).is_integer():
            return Cand(m.start(), m.end(), "DATE", f"{int(reftxt[:4]) + sign * int(n):04d}{reftxt[4:]}")
        if u in ("H", "MIN", "S"):
            u, n = "D", 0
        if u == "DE":
            u, n = "Y", n * 10
        if not float(n).is_integer():
            d = cal.shift_back_date(ref, u, n) if back else ref + (ref - cal.shift_back_date(ref, u, n))
            return Cand(m.start(), m.end(), "DATE", d.isoformat()[:7])
        return Cand(m.start(), m.end(), "DATE", cal.shift(ref, u, sign * int(n)))

    @rule("duration", rf"(?<![\w'])(?:the\s+)?(?:(?P<rel>past|last|next|first|coming|final|previous|following|initial|remaining|entire|whole|full|latest)\s+)?(?P<num>{NUM})(?P<h1>\s+and\s+a\s+half)?(?:\s+(?:more|additional|further|extra))?[\s-]+(?P<unit>{UNIT})(?P<h2>\s+and\s+a\s+half)?(?P<old>[\s-]+olds?)?(?![\w])")
    def _duration(m, ctx):
        if m["old"]:
            return None  # ages ("a 60-year-old man") are not time expressions in TimeML
        numw = m["num"].lower()
        n, u = number(numw, lex), unit_code(m["unit"], lex)
        if n is None or u is None or (numw in ("a", "an") and u in ("S", "Q")):
            return None
        if re.fullmatch(r"1\d{3}|20\d\d", numw):
            return None  # "the 1988 quarter" is a date
        if u == "Q" and not m["rel"] and numw in ("one", "two", "three", "1", "2", "3") and (
                re.match(r"\s+of\s+(?:the|its|their|his|her|our|all|a|an|these|those)\b", ctx.text[m.end():], I)
                or "-" in ctx.text[m.end("num"):m.start("unit")] and re.match(r"\s+of\b", ctx.text[m.end():])):
            return None  # "three-quarters of its foodstuffs": a fraction ("several quarters of losses" is time)
        if numw == "one" and u == "D" and not m["rel"] and MODAL_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
            return Cand(m.start(), m.end(), "DATE", "FUTURE_REF")  # "Islam will one day be ...": someday
        if numw in ("some", "many") and not m["rel"]:
            return None
        if isinstance(n, float) and (m["h1"] or m["h2"]):
            n += 0.5
        if isinstance(n, float) and not n.is_integer() and u in FINER and (n < 1 or u == "W"):
            u2, k = FINER[u]
            if (n * k).is_integer():
                n, u = n * k, u2
        if numw in ("a", "an", "one") and not m["rel"] and re.search(
                r"(?:\d|million|billion|percent|%|times|once|twice|dollars?|cents?|\bper)\s*$",
                ctx.text[max(0, m.start() - 12):m.start()], I):
            return Cand(m.start(), m.end(), "SET", duration_value(1.0, u))
        rel = (m["rel"] or "").lower()
        v = duration_value(n, u)
        if not rel and ctx.anchor and u in ("D", "W", "M", "Y") and isinstance(n, float) and n.is_integer() \
                and "-" not in ctx.text[m.end("num"):m.start("unit")] and IN_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start()) \
                and not SPAN_BEFORE_IN.search(ctx.text, max(0, m.start() - 43), m.start()) and ctx.future(m.start(), m.end()):
            # "would be redeemed in five years", "will return in two weeks": a point that far ahead (TimeML
            # DATE); "the first time in five years", "within two weeks" stay spans
            return Cand(m.start(), m.end(), "DATE", cal.shift(ctx.anchor, u, int(n)))
        if not rel and "-" in ctx.text[m.end("num"):m.start("unit")]:  # "the 44-day war": "the" is the war's
            return Cand(m.start("num"), m.end(), "DURATION", v)
        if rel in ("past", "last", "previous") and ctx.anchor and isinstance(n, float) and u not in ("H", "MIN", "S"):
            begin = cal.shift_back_date(ctx.anchor, u, n).isoformat()
            return Cand(m.start(), m.end(), "DURATION", v, begin=begin, end_value=ctx.anchor.isoformat())
        return Cand(m.start(), m.end(), "DURATION", v)

    @rule("bare_units", r"(?<![\w'])(?P<pre>(?:in\s+)?recent|the\s+coming|the\s+past|coming|past|for|over|within|after|lasted|took|spent)\s+(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries)(?P<long>-long)?(?![\w-])|(?P<unit2>years|months|weeks|decades)-long")
    def _bare(m, ctx):
        unit = m["unit"] or m["unit2"]
        u = unit_code(unit, lex)
        pre = (m["pre"] or "").lower()
        start = m.start() if pre.endswith(("recent", "coming", "past")) else m.start("unit") if m["unit"] else m.start()
        if pre.startswith("in "):
            start = m.start() + 3
        return Cand(start, m.end(), "DURATION", duration_value("X", u)) if u else None

    @rule("ref", rf"(?<![\w-]){lex.alternation('ref')}(?![\w-])")
    def _ref(m, ctx):
        v = lex.of("ref")[re.sub(r"\s+", " ", m.group(0).lower())]
        return Cand(m.start(), m.end(), "DATE", v)

    @rule("set", rf"(?<![\w'])(?P<q>every|each|per)\s+(?:(?P<num>{NUM})\s+)?(?:other\s+)?(?P<unit>{UNIT}|{DOW}|{MON}|{SEASON}|weekend)(?![\w])")
    def _set(m, ctx):
        w = m["unit"].lower()
        if w in lex.of("weekday"):
            return Cand(m.start(), m.end(), "SET", f"XXXX-WXX-{lex.of('weekday')[w]}")
        if w in lex.of("month"):
            return Cand(m.start(), m.end(), "SET", f"XXXX-{int(lex.of('month')[w]):02d}")
        if w in lex.of("season"):
            return Cand(m.start(), m.end(), "SET", f"XXXX-{lex.of('season')[w]}")
        if w == "weekend":
            return Cand(m.start(), m.end(), "SET", "XXXX-WXX-WE")
        u = unit_code(w, lex)
        n = number(m["num"], lex) if m["num"] else 1.0
        if u is None or n is None:
            return None
        if "other" in m.group(0).lower() and isinstance(n, float):
            n *= 2
        return Cand(m.start(), m.end(), "SET", duration_value(n, u))

    @rule("freq", rf"(?<![\w-]){lex.alternation('set')}(?![\w-])")
    def _freq(m, ctx):
        return Cand(m.start(), m.end(), "SET", lex.of("set")[m.group(0).lower()])

    @rule("holiday", rf"(?<![\w'])(?P<h>{lex.alternation('holiday')})(?:\s+(?P<year>{YEAR}))?(?![\w])")
    def _holiday(m, ctx):
        if not m["h"][0].isupper():
            return None
        spec = lex.of("holiday")[re.sub(r"\s+", " ", m["h"].lower())].split("-")
        a = ctx.anchor
        year = int(m["year"]) if m["year"] else (a.year if a else None)
        if year is None:
            return Cand(m.start(), m.end(), "DATE", "XXXX-" + "-".join(spec[:2]) if len(spec) == 2 else None)

        def on(y: int) -> dt.date | None:
            if len(spec) == 2:
                return dt.date(y, int(spec[0]), int(spec[1]))
            weekday, _, offset = spec[2].partition("+")  # "11-1-1+1": the day after November's first Monday
            d = cal.nth_weekday(y, int(spec[0]), spec[1], int(weekday))
            return d + dt.timedelta(days=int(offset or 0)) if d else None

        d = on(year)
        if d and not m["year"] and a:
            # the occurrence in the window a month-day without a year gets (resolve_md): ~9 months back
            # to ~3 ahead, the past only after a past verb, up to 11 months ahead after a future cue
            # ("from now to Election Day" in late October is the coming one)
            back, ahead = {"future": (31, 335), "past": (358, 7)}.get(ctx.tense(m.start(), m.end()) or "", (273, 92))
            if ctx.future(m.start(), m.end()):
                back, ahead = 31, 335
            fits = [x for x in (on(year), on(year - 1), on(year + 1)) if x and -back <= (x - a).days <= ahead]
            d = fits[0] if fits else on(year - 1)
        return Cand(m.start(), m.end(), "DATE", d.isoformat()) if d else None

    @rule("day_before", r"(?<![\w'])(?:the\s+)?day\s+(?P<dir>before|after)(?!\s+(?:yesterday|tomorrow))(?![\w-])")
    def _day_before(m, ctx):
        """"the day before": the day before the one last mentioned (vetoed without one); followed by a
        day ("the day before last Tuesday's hearing") the tagger counts from that day instead."""
        step = -1 if m["dir"].lower() == "before" else 1
        if ctx.last_day is None:  # kept for a day that may follow; the tagger drops it alone
            return Cand(m.start(), m.end(), "DATE", UNRESOLVED_DAY, fields={"offset": step})
        d = dt.date.fromisoformat(ctx.last_day[1]) + dt.timedelta(days=step)
        return Cand(m.start(), m.end(), "DATE", d.isoformat(), fields={"offset": step})

    @rule("anaphor", r"(?<![\w'])(?P<pre>the\s+following|the\s+next|the\s+previous|the\s+preceding|that\s+same|the\s+same|later\s+that|earlier\s+that|that)\s+(?P<u>day|week|month|quarter|year|morning|afternoon|evening|night)(?![\w-])")
    def _anaphor(m, ctx):
        """"the following year", "that same day", "later that year": the story's own time, not the
        report's: shifted from the last explicit date (a day for day units), vetoed without one."""
        pre, u = re.sub(r"\s+", " ", m["pre"].lower()), m["u"].lower()
        step = 1 if pre in ("the following", "the next") else -1 if pre in ("the previous", "the preceding") else 0
        if u in ("day", "week") or u in DAYPART_CODES:
            ref = ctx.last_ref
            if u == "day" and pre.endswith("same") and ref and re.fullmatch(r"\d{4}-\d\d", ref) and \
                    (ctx.last_day is None or ctx.last_day[0] < ctx.last_ref_at):
                # "killed last October ... crossed out that same day": the story's time is a month, the
                # day within it unknown (a day named before that month is no antecedent); a bare "that
                # day" after a month is as often a generic day ("redemptions that day") and stays out
                begin, end = cal.interval(ref)
                return Cand(m.start(), m.end(), "DATE", f"{ref}-XX", begin=begin, end_value=end)
            if ctx.last_day is None:
                return None
            d = dt.date.fromisoformat(ctx.last_day[1])
            if u == "week":
                return Cand(m.start(), m.end(), "DATE", cal.week_value(d + dt.timedelta(weeks=step)))
            v = (d + dt.timedelta(days=step)).isoformat()
            if u in DAYPART_CODES:
                return Cand(m.start(), m.end(), "TIME", f"{v}T{DAYPART_CODES[u]}", begin=v, end_value=v)
            return Cand(m.start(), m.end(), "DATE", v)
        ref = ctx.last_ref
        if not ref or not re.match(r"\d{4}", ref):
            return None
        y = int(ref[:4])
        if u == "year":
            return Cand(m.start(), m.end(), "DATE", f"{y + step:04d}")
        if u == "month" and re.match(r"\d{4}-\d\d", ref):
            yy, mm = cal.add_months(y, int(ref[5:7]), step)
            return Cand(m.start(), m.end(), "DATE", f"{yy:04d}-{mm:02d}")
        if u == "quarter" and not re.fullmatch(r"\d{4}-Q\d", ref):
            # "the second quarter ended Oct. 31, ... Results for that quarter": the quarter last named,
            # though a day (its closing day) was named after it
            named = [v for off, v, _ in ctx.quarters if off < m.start() and off >= ctx.last_ref_at - 40]
            ref = named[-1] if named else ref
            y = int(ref[:4])
        if u == "quarter" and (q := re.match(r"\d{4}-Q(\d)", ref)):  # a quarter only from a named quarter
            yy, qq = divmod(y * 4 + int(q[1]) - 1 + step, 4)
            return Cand(m.start(), m.end(), "DATE", f"{yy:04d}-Q{qq + 1}")
        return None

    return rules
