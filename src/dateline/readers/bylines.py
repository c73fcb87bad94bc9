"""Bylines and credits: clean author names, news agencies, "Reporting by ...; Editing by ..." trailers.

Authors come from many places (a wire byline, an HTML meta tag, JSON-LD, a JSONL field) in many
shapes ("By STEVE PEOPLES, Associated Press", "Jane Doe | Political Editor", "Reuters Staff").
``clean_authors`` turns any of them into person names only: no "By", no agency, no job title,
several authors split; agencies found on the way are returned separately (they are the source).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources as ilr

# words that make a byline part a job title, a desk or an organisation rather than a person
ROLE_WORDS = frozenset("""
correspondent correspondents reporter reporters editor editors writer writers staff columnist columnists
contributor contributors contributing chief bureau desk team newsroom producer producers analyst
photographer photographers intern interns editorial senior deputy associate managing political
economics business diplomatic foreign security defence defense technology science health sports
fellow strategist host presenter anchor commentator critic news agency agencies wire wires service
press media online digital report reports reporting newsletter journalist journalists
""".split())
# words that show a part is an organisation (a byline "BBC News", "Post Staff Report")
ORG_WORDS = frozenset("news times post press media agency service group network tv radio daily herald "
                      "tribune journal gazette guardian telegraph staff newsroom desk".split())
_BY = re.compile(r"^\s*(?:(?:written|words|posted|reported|compiled|story|text|reporting|report)\s+)?"
                 r"(?:by|from|af|av|von|door|par|por|przez|od)\b[:\s]*(?=\S)", re.I)
_SPLIT = re.compile(r"\s*(?:;|\||/|\u00b7|\u2022|,|\s&\s|\band\b|\bund\b|\bet\b|\by\b|\bwith\b)\s*", re.I)
# "Jane Doe in Kabul and John Roe" → the place goes, the names stay
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*(?=\s*(?:,|;|\band\b|&|\)|$))")
_NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|@\w+|\(.*?\)|\bupdated?\b.*$|\bpublished\b.*$", re.I)


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Alias → canonical agency name, from ``data/news_agencies.tsv``.

    Acronyms (all capitals) are kept case-sensitive ("AP", never "ap"); others are casefolded."""
    table: dict[str, str] = {}
    text = ilr.files("dateline").joinpath("data/news_agencies.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, aliases = line.split("\t")
        for alias in aliases.split("|") + [canonical]:
            table[alias if alias.isupper() else alias.casefold()] = canonical
    return table


def agency(name: str | None) -> str | None:
    """The canonical agency a name denotes ("AP", "The Associated Press" → "Associated Press")."""
    if not name:
        return None
    name = " ".join(name.strip(" .,:;-\u2013\u2014()").split())
    table = agencies()
    return table.get(name) or (None if name.isupper() and len(name) <= 4 else table.get(name.casefold()))


def _fix_case(name: str) -> str:
    """ALL-CAPS bylines ("STEVE PEOPLES") to name case; mixed case is kept as written."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), name)


def _is_person(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5 or re.search(r"\d", part):
        return False
    low = [w.casefold().strip(".,'") for w in words]
    if any(w in ROLE_WORDS for w in low):
        return False
    if len(words) >= 2 and low[-1] in ORG_WORDS:
        return False
    # a name's words start with a capital (particles "van", "de", "al-" and "bin" aside)
    return all(w[0].isupper() or w.lower() in {"van", "von", "de", "da", "del", "der", "den", "di", "la", "le",
                                                "bin", "ibn", "al", "el", "du", "dos", "das", "ter", "ten"}
               or w.lower().startswith(("al-", "el-", "d'")) for w in words)


def clean_authors(raw: str | list[str] | None) -> tuple[list[str], list[str]]:
    """(person names, agencies) from bylines or author fields, in order, without duplicates."""
    if not raw:
        return [], []
    items = [raw] if isinstance(raw, str) else [str(r) for r in raw if r]
    names: list[str] = []
    found: list[str] = []
    for item in items:
        item = unicodedata.normalize("NFC", item).replace("\u00a0", " ")
        # "By Jane Doe - Trend:" / "Jane Doe, Reuters" / "Jane Doe in Kabul"
        item = re.sub(r"\s+[-\u2013\u2014]\s+", ", ", item.strip().rstrip(":"))
        item = _IN_PLACE.sub("", item)
        for part in _SPLIT.split(item):
            part = _NOISE.sub("", _BY.sub("", part)).strip(" .,:;-\u2013\u2014'\"()")
            part = " ".join(part.split())
            if not part:
                continue
            if a := agency(part) or agency(re.sub(r"\s+(?:staff|news|wire|reporters?)$", "", part, flags=re.I)):
                if a not in found:
                    found.append(a)
                continue
            if not _is_person(part):
                continue
            name = _fix_case(part)
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    return names, found


_TRAILER_ROLES = r"(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling|translation|translated|research|production|graphics)"
TRAILER = re.compile(
    r"(?:^|\n)[ \t]*\(?(?P<all>(?:" + _TRAILER_ROLES + r")\s+by\s+[^\n]{2,400}?)\)?[ \t]*(?=\n|$)", re.I)
_CREDIT_PART = re.compile(r"(?P<role>" + _TRAILER_ROLES + r")\s+by\s+(?P<names>[^;]+)", re.I)


def parse_credits(text: str) -> dict[str, list[str]]:
    """"Reporting by A in Kabul; Additional reporting by B; Editing by C" → {role: [names]}."""
    credits: dict[str, list[str]] = {}
    for m in _CREDIT_PART.finditer(text):
        role = m.group("role").lower().split()[-1]
        role = {"compiling": "compiled", "translated": "translation"}.get(role, role)
        names, _ = clean_authors(m.group("names").strip(" ()"))
        if names:
            credits.setdefault(role, [])
            credits[role] += [n for n in names if n not in credits[role]]
    return credits
