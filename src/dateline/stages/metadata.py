"""Metadata: title, dates, authors, source, language and dateline, each with its provenance.

Sources, strongest first: what the caller passed (``input``), what a reader found in the file's
own structure (HTML JSON-LD/meta tags, SGML fields: the reader names its source in
``hints["provenance"]``), then the wire furniture the reading stage lifted out of the text
(header, headline, byline, dateline, credit trailer). The furniture still wins where it is more
precise: a header time added to a bare publication date of the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..document import Document
from ..model import Dateline, article_id
from ..pipeline import Stage
from ..readers.bylines import agency, clean_authors
from ..readers.timestamps import normalise_datetime

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it be are has have said will not".split())
# langid reads this much: language is settled within a few sentences, and it costs ~4 µs a character
LANGID_CHARS = 1500


def parse_month_day(text: str, anchor: dt.date | None) -> str | None:
    """"Apr.8" / "Feb 26" / "Nov. 10, 2020" / "8 April" → ISO date; the year is the anchor's, moved
    back one year when that would put the date more than a week after the anchor (datelines are
    never ahead of publication; a week allows for a time-zone or a late publication date)."""
    text = text.strip()
    m = re.match(r"([A-Za-z]{3})[a-zA-Z]*\.?\s?(\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(\d{4}))?", text)
    if m:
        mon, day, year_s = m.group(1), m.group(2), m.group(3)
    else:
        m = re.match(r"(\d{1,2})\s([A-Za-z]{3})[a-zA-Z]*\.?(?:\s(\d{4}))?", text)
        if not m:
            return None
        day, mon, year_s = m.group(1), m.group(2), m.group(3)
    if mon.lower() not in MONTHS:
        return None
    month, day_n = MONTHS[mon.lower()], int(day)
    if year_s:
        year = int(year_s)
    elif anchor:
        year = anchor.year
        try:
            if dt.date(year, month, day_n) > anchor + dt.timedelta(days=7):
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return dt.date(year, month, day_n).isoformat()
    except ValueError:
        return None


def detect_language(text: str) -> str | None:
    """English when function words are common; None when undecided (too little text).

    A share of 8 % is far below English prose (~40 %) and far above other Latin-script languages.
    Cheap and model-free: ``identify_language`` names the other languages."""
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    if len(words) < 8:
        return "en" if words else None
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    return "en" if share >= 0.08 else "und"


def _load_langid(resources: Any = None):
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def identify_language(text: str, resources: Any = None) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence). English prose is settled by function words alone (no model);
    anything else goes to langid (97 languages). ``("und", 0)`` when langid is not installed."""
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    if not words:
        return None, 0.0
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    # 20 % with 30+ words: no other language reaches it with English function words
    if len(words) >= 30 and share >= 0.2:
        return "en", 1.0
    try:
        ident = resources.cached("langid", _load_langid) if resources is not None else _load_langid()
    except ImportError:
        return ("en", 0.5) if share >= 0.08 else ("und", 0.0)
    code, prob = ident.classify(text[:LANGID_CHARS])
    return code, float(prob)


def iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _choose_language(doc: Document) -> tuple[str | None, str]:
    """Caller's language > detected from the body (when the body is long enough to tell) > the
    page's declaration. Page templates declare one language for every article, so a confident
    detection on 200+ characters overrides them."""
    hints = doc.hints
    if hints.get("language"):
        return str(hints["language"]).lower(), hints.get("provenance", {}).get("language", "input")
    declared = hints.get("language_declared")
    detected, conf = identify_language(doc.text, doc.resources)
    if detected and (len(doc.text) >= 200 and conf >= 0.9 or not declared):
        return detected, "detected"
    if declared:
        return str(declared).lower(), doc.hints.get("provenance", {}).get("language", "declared")
    return detected, "detected"


def extract_metadata(doc: Document) -> None:
    hints = doc.hints
    wire = doc.scratch.get("wire")
    given_prov: dict[str, str] = hints.get("provenance") or {}
    values: dict[str, Any] = {}
    prov: dict[str, str] = {}

    def take(name: str, value: Any, source: str) -> None:
        if value not in (None, "", []) and name not in values:
            values[name] = value
            prov[name] = source

    for name in ("title", "url", "origin"):
        take(name, hints.get(name), given_prov.get(name, "input"))
    if wire:
        take("title", wire.title, "wire-headline")
    # dates
    published = normalise_datetime(hints.get("published")) or (str(hints["published"]) if hints.get("published") else None)
    if published:
        take("published", published, given_prov.get("published", "input"))
    if wire and wire.header_date:
        stamp = wire.header_date
        if wire.header_time:
            hh, mm = wire.header_time.split(":")
            stamp += f"T{int(hh):02d}:{mm}"
        if not published or (published == wire.header_date and wire.header_time):
            values.pop("published", None)
            take("published", stamp, "wire-header")
    take("updated", normalise_datetime(hints.get("updated")), given_prov.get("updated", "input"))
    if wire:
        take("updated", wire.updated, "wire-furniture")
    # people and publisher
    names, agencies = clean_authors(hints.get("authors"))
    take("authors", names, given_prov.get("authors", "input"))
    take("source", hints.get("source"), given_prov.get("source", "input"))
    if wire:
        take("authors", wire.authors, "wire-byline" if not wire.credits or wire.authors != wire.credits.get(
            "reporting") else "wire-credits")
        take("source", agency(wire.agency) or wire.agency, "wire-byline")
    take("source", agencies[0] if agencies else None, given_prov.get("authors", "input"))
    # dateline: its date resolved against the publication date
    dateline = None
    if wire and wire.dateline_text:
        anchor = iso_date(values.get("published"))
        date = parse_month_day(wire.dateline_date, anchor) if wire.dateline_date else None
        span = wire.dateline_span or (None, None)
        dateline = Dateline(text=wire.dateline_text, place=None, date=date, start=span[0], end=span[1])
        doc.scratch["dateline_place_text"] = wire.dateline_place
        take("published", date, "dateline")
    language, lang_source = _choose_language(doc)

    meta = doc.article.article
    for name in ("title", "published", "updated", "url", "origin", "source"):
        setattr(meta, name, values.get(name))
    meta.authors = list(values.get("authors") or [])
    meta.dateline = dateline
    meta.versions = list(wire.versions if wire else []) + [str(v) for v in hints.get("versions") or []]
    meta.credits = dict(wire.credits) if wire else {}
    meta.warnings = [str(w) for w in hints.get("warnings") or []]
    meta.language = language
    prov["language"] = lang_source
    meta.analysed = language is None or str(language).startswith("en")
    for name, source in prov.items():
        doc.provenance(name, source)
    doc.article.id = article_id(doc.text)


STAGE = Stage("metadata", frozenset({"text"}), frozenset({"metadata", "id"}), extract_metadata)
