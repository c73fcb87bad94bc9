"""HTML pages: body text with trafilatura, dates with htmldate, and what both leave out.

trafilatura finds the body and a first set of metadata; htmldate finds the publication day. What
they leave out, this module adds from the page's own structured data (JSON-LD ``NewsArticle``,
``article:*`` / Dublin Core / Parse.ly meta tags): the publication and update *times with their
zone*, every author of a multi-author story, the publisher, the declared language and the
canonical URL. A dateline or agency credit at the start of the body ("MEXICO CITY (AP) —") is
left in the text for the reading stage, which lifts it out as it does for any wire copy.

Hints carry their own provenance (``hints["provenance"]``: field → json-ld | meta | htmldate |
trafilatura), so the metadata stage records where each value came from.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import DatelineError
from .timestamps import normalise_datetime

ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                           "liveblogposting", "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
                           "socialmediaposting", "report", "scholarlyarticle", "techarticle", "webpage"})
META_PUBLISHED = ("article:published_time", "og:article:published_time", "datepublished", "og:published_time",
                  "article.published", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date",
                  "publish_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date",
                  "cxenseparse:recs:publishtime", "article_date_original", "og:pubdate")
META_MODIFIED = ("article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
                 "article.updated", "dcterms.modified", "last-modified", "lastmod", "dc.date.modified")
META_AUTHOR = ("author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
               "dcterms.creator", "byl", "cxenseparse:author", "twitter:creator")
META_TITLE = ("og:title", "twitter:title", "headline", "parsely-title", "sailthru.title", "dc.title")
META_SITE = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
# fewer words than this is navigation residue ("Home", "Log in"), not an article: the shortest wire
# briefs run to a dozen words
MIN_BODY_WORDS = 5
# a trailing " | Site" on titles: only these separators, and only when the tail is short
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00bb|\u00b7|:)\s+")


def _meta(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    for el in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"][@datetime or @content]'):
        out.setdefault(el.get("itemprop").lower(), el.get("datetime") or el.get("content"))
    return out


def _jsonld_objects(tree) -> list[dict]:
    objs: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            objs.append(node)
            if "@graph" in node:
                walk(node["@graph"])

    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://)?\s*<!\[CDATA\[|//\s*\]\]>\s*$|^<!--|-->$", "", raw)
        try:
            walk(json.loads(raw, strict=False))
        except ValueError:
            continue
    return objs


def _types(obj: dict) -> set[str]:
    t = obj.get("@type") or []
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _main_article(objs: list[dict]) -> dict | None:
    """The page's article object: an Article type with a headline, news types first."""
    best, best_score = None, -1
    for obj in objs:
        types = _types(obj)
        if not types & ARTICLE_TYPES:
            continue
        score = (2 if any("news" in t or t in ("article", "reportagenewsarticle") for t in types) else 0) \
            + (1 if obj.get("headline") else 0) + (1 if obj.get("datePublished") else 0)
        if score > best_score:
            best, best_score = obj, score
    return best


def _names(value: Any) -> tuple[list[str], list[str]]:
    """JSON-LD author value → (person names, organisation names)."""
    people: list[str] = []
    orgs: list[str] = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, str):
            people.append(v)
        elif isinstance(v, dict):
            name = v.get("name")
            if isinstance(name, list):
                name = ", ".join(map(str, name))
            if not name:
                continue
            (orgs if "organization" in _types(v) or "newsmediaorganization" in _types(v) else people).append(str(name))
    return people, orgs


def _first_last(name: str) -> str:
    """Citation style "You, Xiaoying" → "Xiaoying You" (one comma between two name parts)."""
    last, sep, first = name.partition(",")
    if sep and first.strip() and "," not in first and len(last.split()) <= 3 and len(first.split()) <= 3:
        return f"{first.strip()} {last.strip()}"
    return name


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"([a-zA-Z]{2,3})(?:[-_]|$)", value.strip())
    return m.group(1).lower() if m else None


def clean_title(title: str | None, site: str | None) -> str | None:
    """Drop a trailing (or leading) site name: "Headline | The Site" → "Headline"."""
    if not title:
        return None
    import html as htmlmod

    title = " ".join(htmlmod.unescape(title).split())  # doubly escaped "&#8216;" in meta content
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        site_f = re.sub(r"\W", "", (site or "").casefold())
        tail, head = parts[-1], parts[0]
        tail_f, head_f = re.sub(r"\W", "", tail.casefold()), re.sub(r"\W", "", head.casefold())
        if site_f and (tail_f in site_f or site_f in tail_f) and tail_f:
            return TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0] if len(parts) > 2 else head
        if site_f and head_f and (head_f in site_f or site_f in head_f) and len(parts) == 2:
            return tail
    return title


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii", "ignore") if m else None


def structured_metadata(tree, url: str | None = None) -> dict[str, Any]:
    """Title, dates, authors, publisher, language and URL from JSON-LD and meta tags, with provenance."""
    meta = _meta(tree)
    art = _main_article(_jsonld_objects(tree)) or {}
    found: dict[str, Any] = {}
    prov: dict[str, str] = {}

    def put(name: str, value: Any, source: str) -> None:
        if value and name not in found:
            found[name] = value
            prov[name] = source

    put("title", art.get("headline") if isinstance(art.get("headline"), str) else None, "json-ld")
    put("title", next((meta[k] for k in META_TITLE if k in meta), None), "meta")
    put("published", normalise_datetime(art.get("datePublished")), "json-ld")
    put("published", next((d for k in META_PUBLISHED if k in meta and (d := normalise_datetime(meta[k]))), None), "meta")
    put("updated", normalise_datetime(art.get("dateModified")), "json-ld")
    put("updated", next((d for k in META_MODIFIED if k in meta and (d := normalise_datetime(meta[k]))), None), "meta")
    people, orgs = _names(art.get("author")) if art.get("author") else ([], [])
    put("authors", people, "json-ld")
    # several <meta name="author"> / citation_author tags: one per author
    for key in ("citation_author", *META_AUTHOR):
        values = [el.get("content").strip() for el in tree.xpath(f'//meta[@name="{key}" or @property="{key}"][@content]')
                  if el.get("content").strip() and not el.get("content").strip().startswith(("http", "@"))]
        if values:
            citation = key == "citation_author" or (len(values) > 1 and all(v.count(",") == 1 for v in values))
            put("authors", [_first_last(v) for v in values] if citation else values, "meta")
            break
    publisher = art.get("publisher")
    put("source", publisher.get("name") if isinstance(publisher, dict) else None, "json-ld")
    put("source", next((meta[k] for k in META_SITE if k in meta and not meta[k].startswith("@")), None), "meta")
    put("source", orgs[0] if orgs else None, "json-ld")
    html_el = tree.getroottree().getroot()
    put("language", _lang(html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang")), "html")
    put("language", _lang(art.get("inLanguage") if isinstance(art.get("inLanguage"), str) else None), "json-ld")
    put("language", _lang(meta.get("og:locale") or meta.get("content-language") or meta.get("dc.language")), "meta")
    canonical = tree.xpath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href')
    put("url", canonical[0].strip() if canonical and canonical[0].startswith("http") else None, "html")
    put("url", meta.get("og:url") if meta.get("og:url", "").startswith("http") else None, "meta")
    put("url", url, "input")
    found["provenance"] = prov
    return found


def _strip_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> as the first line of the text; the headline is not the body."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    norm = lambda s: re.sub(r"\W", "", s.casefold())  # noqa: E731
    if first and (norm(first) == norm(title) or (len(first) < 300 and norm(title).startswith(norm(first)))):
        return rest.lstrip("\n")
    return text


def _local_day(stamp: str, day: str) -> bool:
    """Whether ``day`` (htmldate's, as the page displays it) is the local day of a UTC ``stamp``.

    Sites often publish timestamps converted to UTC, while the page shows the local date: a story
    of 21:00 in New York is stamped 01:00 UTC the next day. The local day can be the day before
    only if the UTC hour is under 10 (no inhabited zone is behind UTC-10 but Samoa's), and the
    day after only from 10:00 UTC on (zones run to UTC+14). Otherwise the structured stamp wins:
    htmldate's day came from weaker clues."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(stamp)
        other = dt.date.fromisoformat(day)
    except ValueError:
        return False
    if when.utcoffset() != dt.timedelta(0) or "T" not in stamp:
        return False
    shift = (other - when.date()).days
    return (shift == -1 and when.hour < 10) or (shift == 1 and when.hour >= 10)


def read_html(data: bytes, origin: str, url: str | None = None, declared: str | None = None,
              crawled: str | None = None):
    """One HTML page to a RawArticle (body text and hints) or a DatelineError."""
    import lxml.html
    from htmldate import find_date
    from trafilatura import bare_extraction

    from . import RawArticle, decode_bytes

    try:
        text, note = decode_bytes(data, origin, declared or _declared_charset(data))
    except DatelineError as exc:
        return exc
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        return DatelineError("E006", f"unparseable HTML: {exc}", origin)
    found = structured_metadata(tree, url)
    prov: dict[str, str] = found.pop("provenance")
    try:
        extracted = bare_extraction(text, url=found.get("url") or url, with_metadata=True, include_comments=False,
                                    include_tables=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises assorted lxml errors on broken pages
        return DatelineError("E006", f"HTML extraction failed: {type(exc).__name__}: {exc}", origin)
    body = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if len(body.split()) < MIN_BODY_WORDS:
        return DatelineError("E012", f"HTML page without article text ({len(body.split())} words extracted)", origin)
    hints: dict[str, Any] = {"format": "html"}
    site = found.get("source") or getattr(extracted, "sitename", None)
    title = found.get("title") or getattr(extracted, "title", None)
    if title:
        hints["title"] = clean_title(title, site)
        prov.setdefault("title", "trafilatura")
    for candidate in (hints.get("title"), getattr(extracted, "title", None), title):
        body = _strip_title_line(body, candidate)
    if not body.strip():
        return DatelineError("E012", "HTML page without article text (only a headline)", origin)
    # htmldate: the publication day from every clue on the page (URL, headers, text, <time>)
    try:
        day = find_date(tree, original_date=True, extensive_search=True, url=found.get("url") or url)
    except Exception:  # noqa: BLE001 - a heuristic; its failure is not the document's
        day = None
    published = found.get("published")
    if published and day and published[:10] != day and _local_day(published, day):
        published, prov["published"] = day, "htmldate"
    elif not published and day:
        published, prov["published"] = day, "htmldate"
    if published:
        hints["published"] = published
    if found.get("updated") and (not published or found["updated"] > published) \
            and found["updated"][:16] != (published or "")[:16]:
        hints["updated"] = found["updated"]
    authors = found.get("authors") or ([getattr(extracted, "author")] if getattr(extracted, "author", None) else [])
    if authors:
        hints["authors"] = authors
        prov.setdefault("authors", "trafilatura")
    if site:
        hints["source"] = site
        prov.setdefault("source", "trafilatura")
    if found.get("language"):
        hints["language_declared"] = found["language"]
    if found.get("url") or getattr(extracted, "url", None):
        hints["url"] = found.get("url") or extracted.url
    if crawled:
        hints["crawled"] = crawled
    if note:
        hints["warnings"] = [note]
    hints["provenance"] = {k: v for k, v in prov.items() if k in hints or k == "language"}
    return RawArticle(body, hints, origin)
