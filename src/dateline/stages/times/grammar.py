"""The tagger's rules: one compiled regular expression and one normalising handler per expression form.

HeidelTime-style: each rule recognises a surface form (built from the lexicon's word lists) and its
handler turns the match into a TIMEX3 type and value against the context (anchor date, tense cues,
the discourse's last-mentioned date). Handlers return None to veto a match (a month name used as a
verb or a name, a number that is a count or a section number, ...).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from . import calendar as cal
from .lexicon import Lexicon

YEAR = r"(?:1[0-9]|20)\d\d"
TZ = r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|MSK|IST|JST|AZT|[ECMP]T|local\s+time)"
DAYPART = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
ORDINALS["twenty-first"] = 21
# words before a bare number that make it a label, not a year ("Section 1988", "Flight 2004")
LABEL_WORDS = frozenset(
    "no no. nos. number section sec. article art. chapter ch. flight route highway room page p. pp. "
    "vol. volume paragraph para. resolution rule item model code id bus platform gate line tel. "
    "fax phone box suite unit lot lane street st. avenue ave. road rd. exit version v. cf. issue "
    "category class grade level ward district precinct bill h.r. s. act".split())
# plural nouns after a bare number that make it a count, not a year ("1988 people")
COUNT_WORDS = frozenset(
    "people persons troops soldiers men women children workers employees jobs members shares votes "
    "tons tonnes barrels miles km kilometers kilometres meters metres feet acres hectares dollars "
    "euros yen pounds rubles manats cars units homes houses points games times pages words cases "
    "deaths casualties refugees prisoners villages students delegates seats years hours days".split())
# "plans" after a determiner is the noun ("announced the plan Aug. 21"), no cue; nor is a plan carried out
# ("let the offensive begin as previously planned Saturday night", "as expected")
FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|(?<!\bthe\s)(?<!\ba\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)plans?|"
    r"planning|(?<!\bas\s)(?<!\bpreviously\s)(?<!\boriginally\s)(?:planned|scheduled|expected)|expects|is\s+to|are\s+to|"
    r"due\s+to|upcoming|would|intends?|set\s+to|to\s+be\s+held)\b|'ll\b", re.I)
# a deadline or start right before the expression points ahead, unless the clause is pluperfect
DEADLINE = re.compile(r"\b(?:as\s+(?:soon|early)\s+as|until|till|effective|starting|beginning)\s+(?:(?:at|on)\s+)?"
                      r"(?:(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?\s?m\.?|noon|midnight)\s*(?:[A-Z]{2,4}\s*)?,?\s*)?$", re.I)
HAD = re.compile(r"\bhad\s+been\s+(?:due|scheduled|expected|set|planned|supposed)\s+to\b", re.I)  # "had been due to expire Friday": a plan in the past
SINCE = re.compile(r"\bsince\s+$", re.I)
# "lasted until Friday" is over, but a deferral ("postponed until Tuesday") points past the decision
PLUPERFECT = re.compile(r"\bhad\b|\b(?!(?:postpon|delay|defer|adjourn|extend|suspend)ed\b)\w+ed\s+until", re.I)
# a past-tense verb right before the expression: "said Friday", "met on Monday", "was killed Sunday"
PAST_VERB = re.compile(r"\b(?:said|told|announced|met|reported|was|were|had|did|(?!planned|scheduled|expected)\w+ed)\s+(?:on\s+|late\s+|early\s+)?$", re.I)

# a comparison between a figure and its base ("up from", "compared with", "versus")
COMPARE = re.compile(r"\b(?:from|compared\s+with|versus|against)\b", re.I)
# a cumulative results period: "the nine months", "the first six months", "the first half", "year to date"
CUMULATIVE = re.compile(r"\b(?:(?:nine|six|9|6)[\s-]+months?|first\s+(?:half|three\s+quarters)|year[\s-]to[\s-]date)\b", re.I)

# a present-tense event verb right before the time: news writes the scheduled future this way
SCHEDULED = re.compile(r"\b(?:meets?|begins?|starts?|opens?|resumes?|ends?|expires?|arrives?|leaves?|visits?|"
                       r"travels?|goes|heads|returns?|is|are)\s+(?:[a-z]+ly\s+)?(?:on\s+|until\s+)?$")
# a past passive right after the time: the clause is past whatever plan came before it
PAST_AFTER = re.compile(r"\s*(?:was|were)\s+(?:[a-z]+ly\s+)?(?!(?:expected|scheduled|planned|supposed)\b)[a-z]{3,}(?:ed|en)\b")
# a time fronted in its sentence ("In January, ...", "But on Tuesday, ..."): the clause follows it
FRONTED = re.compile(r"\s*[\"'(]?(?:(?:and|but|then|so|also|late|early|since|by|until|in|on|at|during|from|of|"
                     r"last|next|this|that|the)\s+){0,3}", re.I)
# the first finite verb of the clause after a fronted time: a future cue, or a past form (was, had,
# an irregular past, a regular -ed form that is not a plan's participle)
CLAUSE_VERB = re.compile(
    r"\b(?:(?P<fut>will|won't|shall|is\s+to|are\s+to|plans\s+to|is\s+scheduled|are\s+scheduled|is\s+expected|"
    r"are\s+expected|is\s+due|are\s+due)|was|were|had|did|said|told|took|made|came|went|gave|got|began|became|"
    r"brought|bought|sold|paid|held|left|met|ran|saw|sent|spent|stood|won|lost|fell|rose|led|fled|struck|shot|"
    r"found|kept|knew|thought|wrote|(?!(?:planned|scheduled|expected|proposed|based|armed|need|indeed|speed|proceed|"
    r"succeed|exceed|feed|seed|breed|bleed|hundred|sacred|kindred|naked|wicked)\b)[a-z]{3,}ed)\b")


@dataclass
class Cand:
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None
    rule: str = ""
    begin: str | None = None
    end_value: str | None = None
    fields: dict = field(default_factory=dict)  # structured parts (m, d, y_explicit) for range repair

    def finish(self) -> "Cand":
        if self.type in ("DATE", "TIME") and self.begin is None and self.value:
            self.begin, self.end_value = cal.interval(self.value, self.mod)
        return self


@dataclass
class Ctx:
    text: str
    anchor: dt.date | None
    lex: Lexicon
    sent_starts: list[int]
    last_ref: str | None = None  # the discourse's latest explicit DATE value (for "a year earlier")
    last_ref_at: int = -1  # its offset
    last_day: tuple[int, str] | None = None  # (offset, ISO day) of the latest day-precise date
    days: list = field(default_factory=list)  # (start, end, ISO day) of every day-precise date so far
    quarters: list = field(default_factory=list)  # (start, value, end) of quarters named so far
    closing: dict = field(default_factory=dict)  # a company's quarter -> the day it ended ("ended Dec. 31")

    def _current(self, value: str) -> bool:
        """Whether a quarter began within the year before the anchor (the quarter a results story is
        about), so neither an outlook ("the third quarter of 1990") nor a comparison ("the 1988
        period") is taken for it. A company's quarter named with its closing day ("the first quarter
        ended Dec. 31", 1986-Q1 in TimeML's reading) is current when that day is."""
        if self.anchor is None:
            return True
        if value in self.closing:
            return (self.anchor - dt.timedelta(days=365)).isoformat() < self.closing[value] <= self.anchor.isoformat()
        first = cal.interval(value)[0]
        return first is not None and (self.anchor - dt.timedelta(days=365)).isoformat() < first <= self.anchor.isoformat()

    def recent_quarter(self, pos: int, within: int = 300) -> str | None:
        """The quarter under discussion: a current one named in the last ~300 characters (the sentence
        or the one before)."""
        for off, value, _ in reversed(self.quarters):
            if off >= pos:
                continue
            if pos - off >= within:
                return None
            if self._current(value):
                return value
        return None

    def discussed_quarter(self, pos: int, reported: bool = False) -> str | None:
        """The quarter a results story means by "the quarter" anywhere later in it: the last current
        quarter it named. reported ("the latest quarter"): the last named one that has ended by the
        anchor, so a coming "fourth-quarter charge" is not it; a quarter not yet over only when it is
        the only one named (a fiscal "fourth quarter" ended Sept. 30, reported in November)."""
        named = [v for off, v, _ in self.quarters if off < pos and self._current(v)]
        if reported and self.anchor is not None:
            ended = [v for v in named if (cal.interval(v)[1] or "9999") < self.anchor.isoformat()]
            named = ended or named
        return named[-1] if named else None

    def compared_quarter(self, pos: int) -> str | None:
        """The quarter whose figure an expression at pos is the comparison base of: a current quarter
        named earlier in the sentence, then a comparison word ("In the latest quarter, Acme lost $23
        million, compared with earnings of $33 million last year"): "last year" is then that quarter a
        year back."""
        s0, _ = self.sentence(pos)
        named = [(off, v, end) for off, v, end in self.quarters if s0 <= off < pos and self._current(v)]
        if not named or self.cumulative(pos):
            return None
        _, value, end = named[-1]
        return value if COMPARE.search(self.text, end, pos) else None

    def fiscal_quarter(self, pos: int, within: int = 400) -> str | None:
        """A fiscal quarter named just before pos ("earned $5.2 million in the fiscal first quarter. ...
        sales for the quarter ended Sept. 29"): the same quarter, under the company's calendar."""
        for off, value, end in reversed(self.quarters):
            if off >= pos:
                continue
            if pos - off >= within:
                return None
            return value if "fiscal" in self.text[off:end].lower() else None
        return None

    def cumulative(self, pos: int) -> bool:
        """Whether the results period under discussion at pos is a cumulative one ("For the nine
        months, ... compared with $4 million a year earlier"): named in the sentence or the one before
        and after any quarter. Its year-ago comparison is then the previous year, not a quarter."""
        import bisect

        i = bisect.bisect_right(self.sent_starts, pos) - 1
        lo = self.sent_starts[max(0, i - 1)] if i >= 0 else 0
        last = None
        for m in CUMULATIVE.finditer(self.text, lo, pos):
            last = m.start()
        if last is None:
            return False
        return all(off < last for off, _, _ in self.quarters if lo <= off < pos)

    def sentence(self, pos: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self.sent_starts, pos) - 1
        start = self.sent_starts[i] if i >= 0 else 0
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return start, end

    def tense(self, start: int, end: int | None = None) -> str | None:
        """"past" when a past verb governs the expression directly ("said Friday", "ended Jan. 31"),
        "future" with a future cue earlier in the clause ("will meet on Friday"); for a fronted
        adverbial ("In January, the company brought in ...") the tense of the clause's first verb
        after it; else None."""
        s0, s1 = self.sentence(start)
        if end is not None and FRONTED.fullmatch(self.text, s0, start):
            m = CLAUSE_VERB.search(self.text, end, min(s1, end + 200))
            if m:
                return "future" if m["fut"] else "past"
        before = self.text[max(s0, start - 60):start]
        if PAST_VERB.search(before) or SINCE.search(before):
            return "past"
        if SCHEDULED.search(before) and not PLUPERFECT.search(self.text[max(s0, start - 100):start]):
            return "future"  # "meet separately Monday", "the summit opens Jan. 14"
        if DEADLINE.search(before) and not PLUPERFECT.search(self.text[max(s0, start - 100):start + 60]):
            return "future"  # "as soon as Tuesday", "until 9 a.m. Tuesday", "effective Feb. 1"
        # the clause's modal may stand well before the expression ("will be named ... for a mission in
        # December"): the sentence up to ~150 characters back, which stays within a news sentence
        wide = self.text[max(s0, start - 150):start]
        if not FUTURE_CUE.search(wide) or HAD.search(wide):
            return None
        if end is not None and PAST_AFTER.match(self.text, end):
            return "past"  # "a service planned for Saturday was canceled": the plan is the past's
        return "future"

    def future(self, start: int, end: int) -> bool:
        return self.tense(start, end) == "future"

    def only_would(self, start: int) -> bool:
        """Whether the clause's only future cue is "would": a future seen from a past report ("said
        they would look for ways around ..."), not from the anchor."""
        s0, _ = self.sentence(start)
        cues = [m.group(0).lower() for m in FUTURE_CUE.finditer(self.text, max(s0, start - 150), start)]
        return bool(cues) and set(cues) == {"would"}

    def word_before(self, pos: int) -> str:
        m = re.search(r"([\w.#]+)\W*$", self.text[max(0, pos - 25):pos])
        return m.group(1).lower() if m else ""

    def word_after(self, pos: int) -> str:
        m = re.match(r"\W*?([\w']+)", self.text[pos:pos + 25])
        return m.group(1) if m else ""


def number(word: str, lex: Lexicon) -> float | str | None:
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in lex.of("number"):
        v = lex.of("number")[w]
        return v if v == "X" else float(v)
    if m := re.fullmatch(r"(\d+)(?:\s+1/2|½)", w):
        return float(m[1]) + 0.5
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", w):
        return float(w.replace(",", ""))
    parts = re.split(r"[\s-]+", w)
    if len(parts) == 2 and all(p in lex.of("number") for p in parts):
        a, b = (lex.of("number")[p] for p in parts)
        if "X" not in (a, b):
            return float(a) + float(b)
    return None


def unit_code(word: str, lex: Lexicon) -> str | None:
    w = word.lower()
    for form in (w, w[:-1] if w.endswith("s") else w, {"centuries": "century", "millennia": "millennium"}.get(w, w)):
        if form in lex.of("unit"):
            return lex.of("unit")[form]
    return None


def duration_value(n: float | str, unit: str) -> str:
    """P44D, PT24H, P2W, P1Q, P10Y for a decade (TimeML's P1DE is rarer in the corpora), PXY.
    Decades are years whether counted or not ("decades-long" PXY, as "two decades" P20Y): TimeBank and
    AQUAINT write no DE unit at all. Centuries keep CE when uncounted (the corpora's PXC/PXE agree
    on no code)."""
    if unit == "2W":
        n, unit = (n * 2 if isinstance(n, float) else n), "W"
    if unit == "Q" and isinstance(n, float) and n > 1:  # "the next three quarters": P9M
        n, unit = n * 3, "M"
    if unit == "DE":
        n, unit = (n * 10 if isinstance(n, float) else n), "Y"
    if unit == "CE":
        n, unit = (n * 100 if isinstance(n, float) else n), ("Y" if isinstance(n, float) else "CE")
    if isinstance(n, float) and n > 1 and not n.is_integer() and unit in COMPOUND:
        # TimeML writes "2 1/2 years" as P2Y6M and "5 1/2 hours" as PT5H30M: whole units, then the rest
        sub, k = COMPOUND[unit]
        rest = (n - int(n)) * k
        if abs(rest - round(rest)) < 1e-9:
            whole = duration_value(float(int(n)), unit)
            part = duration_value(float(round(rest)), sub)
            part = part.split("T", 1)[1] if "T" in part and "T" in whole else part[1:]
            return whole + part
    q = "X" if isinstance(n, str) else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    if unit in ("H", "MIN", "S"):
        return f"PT{q}{'M' if unit == 'MIN' else unit}"
    return f"P{q}{unit}"


# a fraction of a unit is written in the next finer unit (a year and a half: P1Y6M)
COMPOUND = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}

Handler = Callable[[re.Match, Ctx], "Cand | None"]


@dataclass
class Rule:
    name: str
    pattern: re.Pattern
    handler: Handler


def month_ok(text: str, start: int, form: str, ctx: Ctx, alone: bool) -> bool:
    """A month name is a month when capitalised; alone, "May"/"March" need a preceding time word,
    and any month alone followed by a capitalised word is a name ("June Carter")."""
    if not form[:1].isupper():
        return False
    if not alone:
        return True
    low = form.lower().rstrip(".")
    if low in ("jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mar", "jun", "jul") and not form.endswith("."):
        return False
    before = ctx.word_before(start)
    time_words = {"in", "since", "until", "till", "by", "last", "next", "this", "early", "late", "mid", "of",
                  "through", "to", "before", "after", "during", "from", "between", "and", "every", "each",
                  "throughout", "end", "beginning", "middle", "start", "or", "until", "on", "coming", "past"}
    if low in ("may", "march") and before not in time_words:
        return False
    nxt = ctx.word_after(start + len(form))
    if nxt[:1].isupper() and not re.match(r"\s*[.,;:)]", text[start + len(form):]):
        return before in time_words
    return True


def resolve_md(ctx: Ctx, month: int, day: int | None, start: int, end: int) -> int | None:
    """The year of a month (and day) given without one: the occurrence nearest the anchor, biased to
    the past as news reports what happened: up to ~9 months back, or ~3 months ahead (a story in
    November speaks of "Dec. 15" and "Jan. 14" to come). A past verb keeps it in the past (a week's
    grace for a late-dated story); a future cue makes it the coming one: from a month back (the
    current month, a date just passed in the wire's time zone) to eleven months ahead ("will be
    named commander for a mission in December", said in March). Measured on TimeBank/AQUAINT, where
    a strict past preference misdates coming days."""
    a = ctx.anchor
    if a is None:
        return None
    back, ahead = {"future": (31, 335), "past": (358, 7)}.get(ctx.tense(start, end) or "", (273, 92))
    best = None
    for year in (a.year - 1, a.year, a.year + 1):
        try:
            d = dt.date(year, month, day or 15)
        except ValueError:
            continue
        if not day and year == a.year and month == a.month:
            return year
        delta = (d - a).days
        if -back <= delta <= ahead and (best is None or abs(delta) < abs(best[1])):
            best = (year, delta)
    return best[0] if best else a.year

def ended_pattern(mon_alternation: str) -> re.Pattern:
    """"(the year) ended June 30": a period named by its end, with that end's month and day if given."""
    return re.compile(rf"\s+(?:that\s+|which\s+)?(?:ended|ending|ends|to\s+end)\b(?:\s+(?P<mon>{mon_alternation})"
                      rf"(?![a-z])\s*(?P<d>[0-3]?\d)\b(?:,?\s*(?P<y>{YEAR}))?)?", re.I)


def period_end(pattern: re.Pattern, ctx: Ctx, pos: int) -> tuple[bool, dt.date | None]:
    """(whether a period ends right after pos, the ISO day it ends if stated and resolvable)."""
    m = pattern.match(ctx.text, pos)
    if not m:
        return False, None
    if not m["mon"]:
        return True, None
    mo, d = int(ctx.lex.of("month")[re.sub(r"\s+", " ", m["mon"].lower())]), int(m["d"])
    if m["y"]:
        y = int(m["y"])
    elif ctx.anchor:  # a closed period: its end lies before the report
        y = ctx.anchor.year if (mo, d) <= (ctx.anchor.month, ctx.anchor.day) else ctx.anchor.year - 1
    else:
        return True, None
    try:
        return True, dt.date(y, mo, d)
    except ValueError:
        return True, None


def quarter_ending(end: dt.date) -> str:
    """The quarter that ends on end: the calendar quarter 45 days before it, so a fiscal quarter
    ended July 31 is Q2 and one ended Sept. 29 is Q3 (TimeBank's reading of results stories)."""
    mid = end - dt.timedelta(days=45)
    return f"{mid.year:04d}-Q{(mid.month - 1) // 3 + 1}"


def date_value(year: int | None, month: int, day: int | None) -> str | None:
    if day:
        try:
            dt.date(year or 2000, month, day)
        except ValueError:
            return None
    y = f"{year:04d}" if year else "XXXX"
    return f"{y}-{month:02d}" + (f"-{day:02d}" if day else "")


def weekday_date(ctx: Ctx, weekday: int, rel: str | None, start: int, end: int) -> dt.date | None:
    """The day a weekday name points to: the last such day (same day = today) unless "next" or a
    future cue; "last Friday" is the previous one even when today is Friday. "The previous Friday"
    and "the following Monday" count from the day last mentioned (TimeML's reference time), else
    from the anchor."""
    a = ctx.anchor
    if a is None:
        return None
    if rel in ("previous", "following"):
        ref = dt.date.fromisoformat(ctx.last_day[1]) if ctx.last_day else a
        if rel == "previous":
            return ref - dt.timedelta(days=(ref.isoweekday() - weekday - 1) % 7 + 1)
        return ref + dt.timedelta(days=(weekday - ref.isoweekday() - 1) % 7 + 1)
    diff = (weekday - a.isoweekday()) % 7
    # a possessive day names a known occurrence ("Wednesday's ruling"): a reported "would" does not move it ahead
    possessive = ctx.text.startswith("'s", end) and ctx.only_would(start)
    if rel in ("next", "coming") or (rel is None and not possessive and ctx.future(start, end)) or rel == "this" and diff > 0 and ctx.future(start, end):
        return a + dt.timedelta(days=diff or 7) if rel == "next" else a + dt.timedelta(days=diff)
    back = (a.isoweekday() - weekday) % 7
    if rel in ("last", "past", "previous") and back == 0:
        back = 7
    return a - dt.timedelta(days=back)
