"""PETRARCH/TABARI actor and agent dictionaries: the format analysts already maintain.

Actor file (``Phoenix.Countries.actors.txt`` style)::

    ARMENIA_  [ARM]            # a phrase (words joined by _ or spaces) with its code on the line
    +ARMENIAN_                 # synonyms of the entry above
    +HAYASTAN_
        [USRARM <900823]       # date-restricted codes: before, after (>), or a range
        [ARM >911221]
    KOFI_ANNAN_
        [IGOUNO 970101-061231]
        [GHAGOV]               # an unrestricted code is the default outside every range

Agent file (``Phoenix.agents.txt`` style)::

    !PERSON! = MAN, MEN, WOMAN  # substitution sets, expanded where !PERSON! appears
    FARMER [~AGR]               # the ~ marks a code appended to the actor's ("Armenian farmers" -> ARMAGR)
    CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]   # explicit plural; {} = none

Phrases are matched as word sequences: case-, diacritic- and hyphen-insensitive (the same
normalisation the entities stage applies to text), so ``BAN_KI-MOON`` matches "Ban Ki-moon".
Dates are ``YYMMDD`` (years < 30 read as 20YY, as TABARI did) or ``YYYYMMDD``.
Real dictionaries carry typos (``[~ENV}``, a 7-digit date); such a code line is skipped, not fatal;
a file with no usable entry at all raises E013.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DatelineError

WORD_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")
CODE_RE = re.compile(r"\[\s*([^\]\[}]*?)\s*[\]}]")
SUBST_RE = re.compile(r"^\s*(![A-Z_]+!)\s*=\s*(.+)$")
PIVOT = 30  # TABARI's two-digit year pivot: 29 -> 2029, 30 -> 1930


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form (kept here, independent of the gazetteer's keys)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def words(text: str) -> tuple[str, ...]:
    """The normalised word sequence of a phrase: folded, hyphens and underscores as spaces."""
    return tuple(WORD_RE.findall(fold(text.replace("_", " ").replace("-", " "))))


def parse_date(s: str) -> dt.date | None:
    s = s.strip()
    try:
        if len(s) == 8:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if len(s) == 6:
            yy = int(s[:2])
            return dt.date((2000 if yy < PIVOT else 1900) + yy, int(s[2:4]), int(s[4:]))
    except ValueError:
        return None
    return None


@dataclass
class CodeRule:
    code: str | None  # None for PETRARCH's null code "---" (do not code)
    start: dt.date | None = None
    end: dt.date | None = None
    restricted: bool = False

    def applies(self, when: dt.date) -> bool:
        return (self.start is None or when >= self.start) and (self.end is None or when <= self.end)


def parse_code(body: str) -> CodeRule | None:
    """``ARMGOV``, ``ARMGOV >031031``, ``ARMGOV <900823``, ``ARMGOV 900804-980203``, ``---``."""
    parts = body.split(None, 1)
    if not parts:
        return None
    code = parts[0].strip()
    code = None if set(code) <= {"-"} else code
    if code is not None and not re.fullmatch(r"~?[A-Z0-9]+~?", code):
        return None
    if len(parts) == 1:
        return CodeRule(code)
    restr = parts[1].replace(" ", "")
    if restr.startswith(">"):
        d = parse_date(restr[1:])
        return CodeRule(code, start=d, restricted=True) if d else None
    if restr.startswith("<"):
        d = parse_date(restr[1:])
        return CodeRule(code, end=d, restricted=True) if d else None
    if "-" in restr:
        a, b = restr.split("-", 1)
        da, db = parse_date(a), parse_date(b)
        return CodeRule(code, start=da, end=db, restricted=True) if da and db else None
    return None


@dataclass
class ActorEntry:
    name: str  # the head phrase as written in the file
    rules: list[CodeRule] = field(default_factory=list)

    def code(self, when: dt.date | None) -> str | None:
        """The code in force on ``when``: a matching restricted rule, else the unrestricted default,
        else (no date known) the most recent restricted one."""
        if when is not None:
            for r in self.rules:
                if r.restricted and r.applies(when):
                    return r.code
        default = [r for r in self.rules if not r.restricted]
        if default:
            return default[0].code
        if when is None and self.rules:
            return max(self.rules, key=lambda r: r.end or dt.date.max).code
        return None


@dataclass
class PhraseIndex:
    """Word-sequence index: dict from word tuples to values, plus the set of proper prefixes so a
    left-to-right longest match stops as soon as no entry can continue (no scan over entries)."""

    entries: dict[tuple[str, ...], object] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    first: set[str] = field(default_factory=set)  # first words of all entries: the cheap pre-check
    max_len: int = 0

    def add(self, key: tuple[str, ...], value: object, replace: bool = False) -> None:
        if not key or (key in self.entries and not replace):
            return
        self.entries[key] = value
        self.first.add(key[0])
        self.max_len = max(self.max_len, len(key))
        for i in range(1, len(key)):
            self.prefixes.add(key[:i])

    def get(self, key: tuple[str, ...]):
        return self.entries.get(key)

    def longest_at(self, seq: list[str] | tuple[str, ...], i: int) -> tuple[int, object] | None:
        """Longest entry starting at ``seq[i]``: (length, value) or None."""
        if seq[i] not in self.first:
            return None
        best = None
        for n in range(1, min(self.max_len, len(seq) - i) + 1):
            key = tuple(seq[i:i + n])
            if key in self.entries:
                best = (n, self.entries[key])
            if key not in self.prefixes:
                break
        return best

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class ActorDictionary:
    index: PhraseIndex
    source: str
    # a phrase listed under several entries ("PRESIDENT_BUSH" under both Bushes): the later entries
    others: dict[tuple[str, ...], list[ActorEntry]] = field(default_factory=dict)

    def lookup(self, phrase: str | tuple[str, ...], when: dt.date | None) -> str | None | bool:
        """The code for an exact phrase; False when the phrase is not in the dictionary (None means
        the entry says "do not code"). Of several entries, one whose dated rule covers ``when`` wins."""
        key = phrase if isinstance(phrase, tuple) else words(phrase)
        entry = self.index.get(key)
        if entry is not None and when is not None and key in self.others:
            dated = [e for e in [entry] + self.others[key] if any(r.restricted and r.applies(when) for r in e.rules)]
            entry = dated[0] if dated else entry
        return False if entry is None or not entry.rules else entry.code(when)  # no code line: not coded here


@dataclass
class AgentDictionary:
    index: PhraseIndex  # word tuple -> agent code without the ~ ("AGR", "GOVMIL")
    source: str


def _read(path: Path) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = Path(path).read_text(encoding="latin-1")
    except OSError as exc:
        raise DatelineError("E013", f"cannot read {path}: {exc.strerror}", str(path)) from exc
    if "\x00" in text:
        raise DatelineError("E013", "binary file", str(path))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # PETRARCH validation files use XML comments
    return text.splitlines()


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def load_actors(path: str | Path) -> ActorDictionary:
    index = PhraseIndex()
    others: dict[tuple[str, ...], list[ActorEntry]] = {}
    entry: ActorEntry | None = None  # the entry being built (head + synonyms share one object)
    for raw in _read(path):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("[") and entry is not None:
            for body in CODE_RE.findall(stripped):
                rule = parse_code(body)
                if rule:
                    entry.rules.append(rule)
            continue
        synonym = stripped.startswith("+")
        phrase = CODE_RE.split(stripped.lstrip("+"))[0].strip()
        if not synonym or entry is None:
            entry = ActorEntry(phrase)
        for body in CODE_RE.findall(stripped):
            rule = parse_code(body)
            if rule:
                entry.rules.append(rule)
        key = words(phrase)
        if key:
            held = index.get(key)
            if held is not None and held is not entry:
                others.setdefault(key, []).append(entry)
            index.add(key, entry)
    if not len(index):
        raise DatelineError("E013", "no actor entries found", str(path))
    return ActorDictionary(index, Path(path).name, others)


def load_agents(path: str | Path) -> AgentDictionary:
    index = PhraseIndex()
    subst: dict[str, list[str]] = {}
    for raw in _read(path):
        m = SUBST_RE.match(raw)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        line = _strip_comment(raw).strip()
        if not line or line.startswith("+"):
            continue
        codes = CODE_RE.findall(line)
        if not codes:
            continue
        code = codes[0].replace("~", "").strip().split()[0] if codes[0].strip() else ""
        if not re.fullmatch(r"[A-Z]{3,}", code):
            continue
        head = CODE_RE.split(line)[0]
        plural_m = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip().rstrip("_")
        forms = [phrase]
        if plural_m is None and "!" not in phrase:
            forms += [phrase + "S", phrase + "ES"]
        elif plural_m is not None and plural_m.group(1).strip():
            forms.append(plural_m.group(1).strip())
        for form in forms:
            for expanded in _expand(form, subst):
                index.add(words(expanded), code)
    if not len(index):
        raise DatelineError("E013", "no agent entries found", str(path))
    return AgentDictionary(index, Path(path).name)


def _expand(phrase: str, subst: dict[str, list[str]]) -> list[str]:
    m = re.search(r"![A-Z_]+!", phrase)
    if not m or m.group(0) not in subst:
        return [phrase.replace("!", "")] if m else [phrase]
    out = []
    for alt in subst[m.group(0)]:
        out.extend(_expand(phrase[:m.start()] + alt + phrase[m.end():], subst))
    return out


def load_user_actors(resources) -> ActorDictionary | None:
    """Resources loader: the user's --actors file, or None."""
    return load_actors(resources.actors_file) if getattr(resources, "actors_file", None) else None


def load_user_agents(resources) -> AgentDictionary | None:
    """Resources loader: the user's --agents file, or None."""
    return load_agents(resources.agents_file) if getattr(resources, "agents_file", None) else None
