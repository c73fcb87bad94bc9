"""The rule set: surface patterns and their normalisers (see grammar.py for the shared helpers)."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .grammar import (COUNT_WORDS, DAYPART, LABEL_WORDS, ORDINALS, TZ, YEAR, Cand, Ctx, Rule, date_value,
                      duration_value, ended_pattern, month_ok, number, period_end, resolve_md, unit_code,
                      weekday_date)
from .lexicon import Lexicon

I = re.I
RETOLD = re.compile(r"\b(?P<p>[a-z]+(?:\s+[a-z]+){1,2})\s+at\s+$")  # "was shot to death at" 10 p.m.
FUNCTION_WORDS = frozenset("a an the to of in on at by for and or was were is are be been has had have that this it he she "
                           "they we said says".split())
CLOSED = re.compile(r"\bended\s+$", I)  # "ending" may look ahead ("the year ending June 30, 1990")
ENDED_PAST = re.compile(r"\s+ended\b", I)


def build_rules(lex: Lexicon) -> list[Rule]:
    MON = lex.alternation("month")
    DOW = lex.alternation("weekday")
    NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|"
           r"seven|eight|nine)(?![\w])|" + lex.alternation("number")[3:-1] + r"|\d+\s+1/2|\d+½|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)")
    UNIT = r"(?:" + "|".join(sorted(lex.of("unit"), key=len, reverse=True)) + r")(?:s|es)?|centuries|millennia"
    SEASON = lex.alternation("season")
    months, weekdays = lex.of("month"), lex.of("weekday")
    ENDED = ended_pattern(MON)
    mnum = lambda form: int(months[re.sub(r"\s+", " ", form.lower())])  # noqa: E731
    rules: list[Rule] = []

    def _day_of_month(m, ctx):
        """A month-and-day match ("Nov. 10, 2020", "10 November") as a DATE; the year from context if absent."""
        if not month_ok(ctx.text, m.start("mon"), m["mon"], ctx, alone=False):
            return None
        mo, d = mnum(m["mon"]), int(m["day"])
        if not 1 <= d <= 31:
            return None
        rel = (m.groupdict().get("rel") or "").lower()
        if m["year"]:
            y = int(m["year"])
        elif rel and ctx.anchor:  # "last Oct. 23": the latest one before the anchor; "next May 1" the coming one
            a = ctx.anchor
            y = a.year
            if rel in ("last", "past") and (mo, d) >= (a.month, a.day):
                y -= 1
            elif rel in ("next", "coming") and (mo, d) <= (a.month, a.day):
                y += 1
        elif ctx.anchor and CLOSED.search(ctx.text, max(0, m.start() - 8), m.start()):
            # "the quarter ended Oct. 31": a period that ended is over, so its end lies before the report
            y = ctx.anchor.year if (mo, d) <= (ctx.anchor.month, ctx.anchor.day) else ctx.anchor.year - 1
        else:
            y = resolve_md(ctx, mo, d, m.start(), m.end())
        v = date_value(y, mo, d)
        return Cand(m.start(), m.end(), "DATE", v, fields={"m": mo, "d": d, "y": bool(m["year"])}) if v else None

    def rule(name: str, pattern: str, flags: int = I):
        def deco(fn):
            rules.append(Rule(name, re.compile(pattern, flags), fn))
            return fn
        return deco

    # --- explicit calendar dates -------------------------------------------------------------
    @rule("iso", rf"(?<![\w-])(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::[0-5]\d)?)?(?![\w-])")
    def _iso(m, ctx):
        v = date_value(int(m["y"]), int(m["m"]), int(m["d"])) if 1 <= int(m["m"]) <= 12 else None
        if not v:
            return None
        if m["H"]:
            return Cand(m.start(), m.end(), "TIME", f"{v}T{m['H']}:{m['M']}")
        return Cand(m.start(), m.end(), "DATE", v)

    @rule("slash", rf"(?<![\w/.,$])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>{YEAR}|\d\d)(?![\w/])")
    def _slash(m, ctx):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        y = y if y > 99 else (1900 + y if y > 30 else 2000 + y)
        mo, d = (a, b) if a <= 12 else (b, a)  # US month/day unless impossible
        v = date_value(y, mo, d) if 1 <= mo <= 12 else None
        return Cand(m.start(), m.end(), "DATE", v) if v else None

    @rule("month_day", rf"(?<![\w'])(?:(?P<rel>last|next|this|past|coming)\s+)?(?:(?P<dow>{DOW}),?\s+)?(?P<mon>{MON})(?![a-z])\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d|,\d|\.\d|\s*(?:%|percent|-\d))(?:,?\s*(?P<year>{YEAR})(?![\d%]))?")
    def _md(m, ctx):
        if m["dow"] and not m["dow"][0].isupper():
            return None
        return _day_of_month(m, ctx)

    @rule("week_of", rf"(?<![\w'])(?:the\s+)?week\s+of\s+(?P<mon>{MON})(?![a-z])\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s*(?P<year>{YEAR})(?!\d))?")
    def _week_of(m, ctx):
        """"the week of March 6": the ISO week holding that day."""
        c = _day_of_month(m, ctx)
        if c is None or not c.value[:4].isdigit():
            return c
        return Cand(m.start(), m.end(), "DATE", cal.week_value(dt.date.fromisoformat(c.value)))

    @rule("day_month", rf"(?<![\w'])(?<![\w.,$])(?:(?P<dow>{DOW}),?\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})(?![a-z])(?:,?\s*(?P<year>{YEAR})(?![\d%]))?")
    def _dm(m, ctx):
        return _day_of_month(m, ctx)

    @rule("month_year", rf"(?<![\w'])(?P<mon>{MON})(?![a-z])\s*,?\s*(?:of\s+)?(?P<year>{YEAR})(?![\d%]|,\d)")
    def _my(m, ctx):
        if not month_ok(ctx.text, m.start("mon"), m["mon"], ctx, alone=False):
            return None
        return Cand(m.start(), m.end(), "DATE", date_value(int(m["year"]), mnum(m["mon"]), None),
                    fields={"m": mnum(m["mon"]), "d": None, "y": True})

    @rule("month", rf"(?<![\w'])(?:(?P<rel>last|next|this\s+past|this|coming|past)\s+)?(?P<mon>{MON})(?![a-z])(?:,?\s+(?:of\s+)?(?P<ry>last|this|next)\s+year(?![\w-]))?")
    def _month(m, ctx):
        if not month_ok(ctx.text, m.start("mon"), m["mon"], ctx, alone=not m["ry"]):
            return None
        mo, a, rel = mnum(m["mon"]), ctx.anchor, (m["rel"] or "").lower()
        rel = "past" if rel.startswith("this") and rel.endswith("past") else rel  # "this past February"
        if a is None:
            y = None
        elif m["ry"]:  # "June last year", "January this year"
            y = a.year + {"last": -1, "this": 0, "next": 1}[m["ry"].lower()]
        elif rel in ("last", "past"):
            y = a.year if mo < a.month else a.year - 1
            if rel == "last" and (mo % 12) + 1 == a.month:
                # the month just ended is "last month": "last February" said in March is a year before it
                # ("February sales fell from last February's")
                y -= 1
        elif rel in ("next", "coming"):
            y = a.year if mo > a.month else a.year + 1
        elif rel == "this":
            y = a.year
        else:
            y = resolve_md(ctx, mo, None, m.start(), m.end())
        return Cand(m.start(), m.end(), "DATE", date_value(y, mo, None), fields={"m": mo, "d": None, "y": bool(rel)})

    @rule("year", rf"(?:(?P<pre>fiscal(?:\s+year)?|the\s+year|calendar)\s+|(?P<pp>mid|pre|post)-?)?(?<![\w$£€#.,/:])(?<![^dtse]-)(?P<year>{YEAR})(?:\s*[-–]\s*(?P<y2>\d\d)(?![\w%/-])|(?![\w%]|,\d|\.\d|-\d|/\d|\s*(?:percent|per\s+cent)))")
    def _year(m, ctx):
        y = int(m["year"])
        before = ctx.word_before(m.start("year")) if not m["pre"] else ""
        after = ctx.word_after(m.end()).lower()
        if before in LABEL_WORDS or after in COUNT_WORDS or ctx.text[m.start("year") - 1:m.start("year")] in "$£€#":
            return None
        if y < 1700 and before not in ("in", "since", "of", "by", "from", "until", "year", "before", "after", "around"):
            return None
        if m["y2"]:  # "1992-95": one interval
            y2 = y // 100 * 100 + int(m["y2"])
            if y2 <= y:
                return None
            return Cand(m.start(), m.end(), "DATE", f"{y:04d}/{y2:04d}", begin=f"{y:04d}-01-01", end_value=f"{y2:04d}-12-31")
        mod = {"mid": "MID", "pre": "BEFORE", "post": "AFTER"}.get((m["pp"] or "").lower())
        return Cand(m.start(), m.end(), "DATE", f"{y:04d}", mod=mod)

    SHARED_PART = re.compile(rf"\s*(?:,\s*|\s+)(?:and|or|&)\s+(?:{DOW})\s+(?P<part>morning|afternoon|evening|night)s(?![\w])", I)
    SMALL = "one two three four five six seven eight nine".split()
    TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

    @rule("spelled_year", r"(?<![\w-])(?:(?P<c>nineteen|eighteen)(?:\s+hundred(?:\s+and)?)?\s+(?P<t>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?P<u>one|two|three|four|five|six|seven|eight|nine))?|(?P<c2>nineteen|eighteen)\s+(?P<teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?P<th>the\s+year\s+)?two\s+thousand(?:\s+and\s+(?P<u2>one|two|three|four|five|six|seven|eight|nine|ten))?)(?![\w-])")
    def _spelled_year(m, ctx):
        if m["c"] or m["c2"]:
            century = 1900 if (m["c"] or m["c2"]).lower() == "nineteen" else 1800
            if m["teen"]:
                return Cand(m.start(), m.end(), "DATE", f"{century + 10 + TEENS.index(m['teen'].lower())}")
            y = century + 20 + 10 * TENS.index(m["t"].lower()) + (SMALL.index(m["u"].lower()) + 1 if m["u"] else 0)
            return Cand(m.start(), m.end(), "DATE", f"{y}")
        if not m["th"] and not re.search(r"\b(?:in|since|by|until|of|year)\s+$", ctx.text[max(0, m.start() - 8):m.start()], I):
            return None  # "two thousand" alone is a count
        u = m["u2"].lower() if m["u2"] else None
        return Cand(m.start(), m.end(), "DATE", f"{2000 + ((SMALL + ['ten']).index(u) + 1 if u else 0)}")

    @rule("fiscal_year", r"(?<![\w-])(?:the\s+(?P<adj>(?:(?:full|fiscal|calendar|current|whole|entire|latest)\s+){1,2})year|(?P<ye>year[-\s]end)|(?:the\s+)?(?P<yse>year[’']s\s+end))(?![\w-])")
    def _fiscal_year(m, ctx):
        a = ctx.anchor
        if a is None:
            return None
        if m["yse"]:  # "by year's end" reads as "by the end of the year": the year, its end
            return Cand(m.start(), m.end(), "DATE", f"{a.year}", mod="END")
        if m["ye"]:
            since = re.search(r"\bsince\s+$", ctx.text[max(0, m.start() - 7):m.start()], I)
            return Cand(m.start(), m.end(), "DATE", f"{a.year - 1 if since else a.year}-12-31")
        if period_end(ENDED, ctx, m.end())[0]:  # "the fiscal year ended Jan. 31": a year-long period
            return Cand(m.start(), m.end(), "DURATION", "P1Y")
        if m["adj"].split() == ["latest", "fiscal"] or m["adj"].split() == ["latest"]:
            return Cand(m.start(), m.end(), "DATE", f"{a.year - 1}")  # the last closed year
        return Cand(m.start(), m.end(), "DATE", f"{a.year}")

    @rule("decade", rf"(?<![\w'])(?:the\s+)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0|'(?P<d2>\d)0)'?s(?![\w'])")
    def _decade(m, ctx):
        d = m["d"] or m["d2"]
        if m["c"]:
            return Cand(m.start(), m.end(), "DATE", f"{m['c']}{d}")
        c = 19 if ctx.anchor is None or 2000 + int(d) * 10 > ctx.anchor.year else 20
        return Cand(m.start(), m.end(), "DATE", f"{c}{d}")

    DECADE_WORDS = "twenties thirties forties fifties sixties seventies eighties nineties".split()
    # "temperatures in the nineties": a reading, not a decade
    READING = re.compile(r"\b(?:temperatures?|degrees|highs?|lows?|mercury|thermometers?|humidity|scores?|percent)\b", I)

    @rule("decade_word", r"(?<![\w'])the\s+(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![\w'])")
    def _decade_word(m, ctx):
        """"the nineties": the latest such decade not after the anchor (as "the '80s"), a DATE like
        "the 1990s" (TimeML "199"). Unmarked without an anchor: "the twenties" could be any century."""
        if ctx.anchor is None or READING.search(ctx.text, max(0, m.start() - 60), min(len(ctx.text), m.end() + 30)):
            return None
        d = DECADE_WORDS.index(m["w"].lower()) + 2
        y = ctx.anchor.year // 100 * 100 + 10 * d
        return Cand(m.start(), m.end(), "DATE", f"{(y - 100 if y > ctx.anchor.year else y) // 10}")

    @rule("century", rf"(?<![\w'])(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(sorted(ORDINALS, key=len, reverse=True))})[\s-]+century(?![\w])")
    def _century(m, ctx):
        o = m["ord"].lower()
        n = ORDINALS.get(o) or int(re.match(r"\d+", o).group())
        return Cand(m.start(), m.end(), "DATE", f"{n - 1:02d}")

    @rule("quarter", rf"(?<![\w'])(?:(?P<yr>{YEAR}|this\s+year|last\s+year|next\s+year)(?:'s)?\s+)?(?:the\s+)?(?:(?P<adj>company's|fiscal|latest|comparable|current|year-ago|year-earlier|same)\s+)*(?P<ord>first\s+two|last\s+two|first|second|third|fourth|last|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<unit>quarters|quarter|half)(?![\w])(?:\s+of\s+(?:fiscal\s+(?:year\s+)?)?(?P<yr2>{YEAR}|this\s+year|last\s+year|next\s+year))?")
    def _quarter(m, ctx):
        o, unit = re.sub(r"\s+", " ", m["ord"].lower()), m["unit"].lower()
        yr = (m["yr"] or m["yr2"] or "").lower()
        if (unit == "quarters") != o.endswith(" two") or (o == "last" and not yr):
            return None  # "last quarter" is the previous one (rel_unit); "the last half/quarter of 2004" its year's
        if o.endswith(" two"):  # "the first two quarters of 1990": a half year
            n, code = (1 if o.startswith("first") else 2), "H"
        else:
            n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                 "last": 4 if unit == "quarter" else 2}[o]
            code = "Q" if unit == "quarter" else "H"
        if code == "H" and n > 2:
            return None
        a = ctx.anchor
        if re.fullmatch(r"\d{4}", yr):
            y = int(yr)
        elif a is None:
            return Cand(m.start(), m.end(), "DATE", f"XXXX-{code}{n}")
        elif yr:
            y = a.year + {"this": 0, "last": -1, "next": 1}[yr.split()[0]]
        elif (closed := period_end(ENDED, ctx, m.end()))[1] and ENDED_PAST.match(ctx.text, m.end()):
            y = closed[1].year  # "the second quarter ended Oct. 31": the company's quarter that ended then
            ctx.closing[f"{y:04d}-{code}{n}"] = closed[1].isoformat()
        else:
            start_month = (n - 1) * (3 if code == "Q" else 6) + 1
            y = a.year if start_month <= a.month or ctx.future(m.start(), m.end()) else a.year - 1
        if "year-" in (m.group(0).lower()):
            y -= 1
        return Cand(m.start(), m.end(), "DATE", f"{y:04d}-{code}{n}")

    @rule("year_earlier", r"(?<![\w'])(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?year[-\s](?:earlier|ago)(?:\s+(?:(?:first|second|third|fourth)[\s-]+)?(?:period|quarter|month|year)|\s+(?:first\s+)?(?P<cum>nine|six|three)\s+months)?(?![\w-])")
    def _year_earlier(m, ctx):
        """"the year-earlier quarter": the quarter under discussion a year before; else last year.
        "The year-earlier nine months" is a stretch of time named by its length: a DURATION."""
        if m["cum"]:
            months = {"nine": 9, "six": 6, "three": 3}[m["cum"].lower()]
            return Cand(m.start(), m.end(), "DURATION", f"P{months}M")
        if re.search(r"(?:\ba|\bone|\d)\s*$", ctx.text[max(0, m.start() - 6):m.start()], I) and \
                not re.match(r"year-", m.group(0), I):
            return None  # "a year earlier" is the ago rule's; "a year-earlier loss" is this one
        q = ctx.recent_quarter(m.start(), 600)
        if not re.search(r"quarter", m.group(0), I) and ctx.cumulative(m.start()):  # "For the nine months, ... year-earlier net"
            y = int(q[:4]) if q else ctx.anchor.year if ctx.anchor else None
            return Cand(m.start(), m.end(), "DATE", f"{y - 1:04d}") if y else None
        if q is None and re.search(r"quarter|period", m.group(0), I) and ctx.anchor:
            q = cal.shift(ctx.anchor, "Q", -1)
        if q:
            return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) - 1:04d}{q[4:]}")
        return Cand(m.start(), m.end(), "DATE", f"{ctx.anchor.year - 1:04d}") if ctx.anchor else None

    @rule("period_ago", r"(?<![\w'])(?:(?:the\s+)?(?:(?:same|corresponding|comparable)\s+)?(?P<u>quarter|period)\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)|last\s+year)|last\s+year's\s+(?P<u2>quarter|period))(?![\w-])")
    def _period_ago(m, ctx):
        """"the quarter a year ago", "the corresponding period last year", "last year's quarter": one
        expression (TimeML's extent), the quarter under discussion a year before (a cumulative period's:
        the year before)."""
        q = ctx.recent_quarter(m.start(), 600) or (cal.shift(ctx.anchor, "Q", -1) if ctx.anchor else None)
        if q is None:
            return None
        if (m["u"] or m["u2"]).lower() == "period" and ctx.cumulative(m.start()):
            return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) - 1:04d}")
        return Cand(m.start(), m.end(), "DATE", f"{int(q[:4]) - 1:04d}{q[4:]}")

    @rule("year_period", rf"(?<![\w'])the\s+(?P<year>{YEAR})\s+(?:period|quarter)(?![\w-])")
    def _year_period(m, ctx):
        if m.group(0).lower().endswith("period") and ctx.cumulative(m.start()):  # "the 1988 period" of nine months
            return Cand(m.start(), m.end(), "DATE", m["year"])
        q = ctx.recent_quarter(m.start(), 600) or (cal.shift(ctx.anchor, "Q", -1) if ctx.anchor else None)
        return Cand(m.start(), m.end(), "DATE", f"{m['year']}{q[4:]}" if q else m["year"])

    # --- deictic days, weekdays, clock times -------------------------------------------------------
    @rule("day", rf"(?<![\w'])(?:mid-?\s?(?P<pre>morning|afternoon|evening)\s+)?(?P<day>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow)(?![\w-])(?:\s+(?P<part>morning|afternoon|evening|night))?")
    def _day(m, ctx):
        off = int(lex.of("day")[re.sub(r"\s+", " ", m["day"].lower())])
        if ctx.anchor is None:
            return Cand(m.start(), m.end(), "DATE", {0: "PRESENT_REF", -1: "PAST_REF", -2: "PAST_REF"}.get(off, "FUTURE_REF"))
        v = (ctx.anchor + dt.timedelta(days=off)).isoformat()
        part = m["part"] or m["pre"]  # "yesterday afternoon", "mid-afternoon yesterday"
        if part:
            return Cand(m.start(), m.end(), "TIME", f"{v}T{DAYPART[part.lower()]}", begin=v, end_value=v)
        return Cand(m.start(), m.end(), "DATE", v)

    @rule("tonight", r"(?<![\w-])(?:tonight|last\s+night|overnight|this\s+(?P<p>morning|afternoon|evening))(?![\w-])")
    def _tonight(m, ctx):
        if ctx.anchor is None:
            return None
        t = m.group(0).lower()
        d = ctx.anchor - dt.timedelta(days=1) if t.startswith("last") else ctx.anchor
        part = DAYPART[m["p"].lower()] if m["p"] else "NI"
        if t == "overnight":
            return None
        v = d.isoformat()
        return Cand(m.start(), m.end(), "TIME", f"{v}T{part}", begin=v, end_value=v)

    @rule("weekday", rf"(?<![\w'])(?:(?P<rel>last|next|this|coming|past|previous|following|early|late)\s+)?(?P<dow>{DOW})(?P<pl>s)?(?![a-z])(?:\s+(?P<part>morning|afternoon|evening|night)(?P<ppl>s)?(?![\w]))?")
    def _weekday(m, ctx):
        if not m["dow"][0].isupper():
            return None
        wd = int(weekdays[m["dow"].lower()])
        part = DAYPART.get((m["part"] or "").lower())
        # "Monday and Tuesday nights": a plural part of the day recurs, and is shared by a day before it
        shared = None if part else SHARED_PART.match(ctx.text, m.end())
        if shared:
            part = DAYPART[shared["part"].lower()]
        if m["pl"] or m["ppl"] or shared or ctx.word_before(m.start()) in ("every", "each"):
            return Cand(m.start(), m.end(), "SET", f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""))
        rel = (m["rel"] or "").lower()
        mod = {"early": "START", "late": "END"}.get(rel)
        d = weekday_date(ctx, wd, rel if rel in ("last", "next", "this", "coming", "past", "previous", "following") else None,
                         m.start(), m.end())
        if d is None:
            return Cand(m.start(), m.end(), "DATE", f"XXXX-WXX-{wd}")
        v = d.isoformat()
        if part:
            return Cand(m.start(), m.end(), "TIME", f"{v}T{part}", mod=mod, begin=v, end_value=v)
        return Cand(m.start(), m.end(), "DATE", v, mod=mod, begin=v, end_value=v)

    @rule("clock", rf"(?<![\w:.,$])(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\.?(?![a-z])|o'clock)(?:\s+(?P<tz>{TZ})(?![\w]))?")
    def _clock(m, ctx):
        h = int(m["h"])
        ap = m["ap"].lower()
        if h > 12 or (h == 0 and not ap.startswith("o")):
            return None
        if ap.startswith("p") and h < 12:
            h += 12
        elif ap.startswith("a") and h == 12:
            h = 0
        return _time_cand(m, ctx, h, int(m["mi"] or 0))

    @rule("clock_part", r"(?<![\w:.,$])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?(?:\s+o'clock)?\s+in\s+the\s+(?P<p>morning|afternoon|evening|night)(?![\w])")
    def _clock_part(m, ctx):
        """"4 in the morning", "8 in the evening": the part of the day says a.m. or p.m."""
        h, p = int(m["h"]), m["p"].lower()
        if p == "morning":
            h = 0 if h == 12 else h
        elif h < 12 and (p != "night" or h >= 6):
            h += 12
        return _time_cand(m, ctx, h, int(m["mi"] or 0))

    @rule("clock24", rf"(?<![\w:.,$/])(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?![\d:]|\.\d)(?:\s*(?P<tz>{TZ}|hrs|GMT)(?![\w]))?", 0)
    def _clock24(m, ctx):
        h = int(m["h"])
        if h > 24:
            return None
        if not m["tz"] and not re.search(r"\b(?:at|from|until|by|to|since|before|after)\s*$", ctx.text[max(0, m.start() - 8):m.start()], I):
            return None  # a bare "3:16" is as likely a verse or a ratio as a time
        return _time_cand(m, ctx, h, int(m["mi"]))

    @rule("noon", r"(?<![\w-])(?:(?P<mid>mid-?)?(?P<w>noon|midnight|midday))(?![\w-])")
    def _noon(m, ctx):
        h = {"noon": 12, "midday": 12, "midnight": 24}[m["w"].lower()]
        return _time_cand(m, ctx, h, 0)

    def _time_cand(m, ctx, h, mi):
        """A clock time is on the day last named in its sentence, else on the day of the event its clause
        retells (see _retold_day), else on the anchor day."""
        s0, _ = ctx.sentence(m.start())
        day = ctx.last_day[1] if ctx.last_day and ctx.last_day[0] >= s0 else None
        d = day or _retold_day(ctx, s0, m.start()) or (ctx.anchor.isoformat() if ctx.anchor else None)
        return Cand(m.start(), m.end(), "TIME", f"{d or 'XXXX-XX-XX'}T{h:02d}:{mi:02d}",
                    fields={"clock": f"T{h:02d}:{mi:02d}"}, begin=d, end_value=d)

    def _retold_day(ctx, s0, pos):
        """"Slepian was shot to death last Oct. 23 ... [later] was shot to death at 10 p.m.": a clause that
        retells an event the story dated (the same words of two or more before "at", dated right after
        their earlier use) is on that day, not on the report's."""
        pm = RETOLD.search(ctx.text, s0, pos)
        if not pm or not ctx.days or not (set(pm["p"].lower().split()) - FUNCTION_WORDS):
            return None
        phrase = re.compile(r"\b" + re.escape(pm["p"]).replace(r"\ ", r"\s+") + r"\b", I)
        for occ in reversed(list(phrase.finditer(ctx.text, 0, s0))):
            for start, _, value in ctx.days:
                if occ.end() <= start <= occ.end() + 30:
                    return value
        return None

    from .rules_relative import build_relative_rules

    rules.extend(build_relative_rules(lex, NUM, UNIT, SEASON, DOW, MON))
    return rules
