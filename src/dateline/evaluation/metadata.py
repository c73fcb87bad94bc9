"""``dateline eval metadata --data PATH``: publication dates, titles, authors and datelines.

The dataset is recognised from what the folder holds:
- htmldate's MediaCloud set (``eval_mediacloud_2020.json`` + ``test_set/``): day-level date
  accuracy of dateline's reader, with htmldate's own ``find_date(original_date=True)`` run on
  the same pages and URLs beside it.
- fundus parser fixtures (``test_data/<cc>/<Publisher>.json`` + ``.html.gz``): title accuracy,
  author precision/recall/F1 on normalised names, date accuracy; per publisher, overall and for
  the English-language publishers; trafilatura's own metadata scored the same way beside it.
- Reuters-21578 (``reut2-*.sgm``): for stories with a DATELINE, the share whose dateline text,
  place text and date are parsed as the gold fields say, and whose place resolves to the right
  country (gazetteer + the places stage's own dateline resolution; no spaCy parse).

Only reading and metadata run (``Pipeline.peek``), so the whole evaluation takes minutes.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..errors import DatelineError


def _pipeline(extra_stages: tuple = ()):
    """Reading + metadata only (plus ``extra_stages``): no spaCy model is loaded."""
    from ..pipeline import Pipeline
    from ..resources import Resources
    from ..stages import metadata, reading

    return Pipeline(Resources(), stages=[reading.STAGE, metadata.STAGE, *extra_stages])


def evaluate(data: Path, limit: int | None = None, **_: Any) -> dict[str, Any]:
    data = Path(data)
    if (data / "eval_mediacloud_2020.json").exists():
        return eval_htmldate(data, limit)
    if (data / "test_data").is_dir() or list(data.glob("*/meta.info")):
        return eval_fundus(data / "test_data" if (data / "test_data").is_dir() else data, limit)
    if list(data.glob("reut2-*.sgm")):
        return eval_reuters(data, limit)
    raise DatelineError("E014", f"{data}: not the htmldate, fundus or Reuters-21578 layout")


# --- shared scoring -----------------------------------------------------------------------------

def _day_in_zone(value: str | None, like: str | None) -> str | None:
    """The calendar day of ``value``, seen in the time zone of ``like`` when both carry one."""
    if not value:
        return None
    try:
        v = dt.datetime.fromisoformat(value.replace(" ", "T"))
        ref = dt.datetime.fromisoformat(like.replace(" ", "T")) if like else None
    except ValueError:
        return value[:10]
    if v.tzinfo and ref is not None and ref.tzinfo:
        v = v.astimezone(ref.tzinfo)
    return v.date().isoformat()


def norm_title(t: str | None) -> str:
    t = unicodedata.normalize("NFKC", t or "").casefold()
    t = t.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                                   "\u2014": "-", "\u00a0": " "}))
    return " ".join(t.split())


def norm_name(n: str) -> str:
    n = unicodedata.normalize("NFKD", n)
    n = "".join(c for c in n if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s-]", " ", n).split())


def _prf(pred: list[str], gold: list[str]) -> tuple[int, int, int]:
    p, g = {norm_name(x) for x in pred if x}, {norm_name(x) for x in gold if x}
    return len(p & g), len(p), len(g)


def _f1(tp: int, np_: int, ng: int) -> dict[str, float]:
    prec = tp / np_ if np_ else (1.0 if not ng else 0.0)
    rec = tp / ng if ng else 1.0
    return {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}


# --- htmldate -----------------------------------------------------------------------------------

def eval_htmldate(data: Path, limit: int | None) -> dict[str, Any]:
    from htmldate import find_date

    from ..readers.html import read_html

    gold = json.loads((data / "eval_mediacloud_2020.json").read_text())
    pipe = _pipeline()
    items = list(gold.items())[:limit] if limit else list(gold.items())
    ours = theirs = both_wrong = errors = 0
    sources: Counter = Counter()
    misses = []
    for url, rec in items:
        raw = (data / "test_set" / rec["file"]).read_bytes()
        item = read_html(raw, rec["file"], url=url)
        day = None
        if isinstance(item, DatelineError):
            errors += 1
        else:
            try:
                doc = pipe.peek(item.text, **item.hints)
                day = (doc.article.article.published or "")[:10] or None
                sources[doc.article.article.provenance.get("published", "none")] += 1
            except DatelineError:
                errors += 1
        try:
            ref = find_date(raw.decode("utf-8", "replace"), original_date=True, url=url)
        except Exception:  # noqa: BLE001 - scoring htmldate as it is, failures included
            ref = None
        want = rec["date"] if isinstance(rec["date"], str) else None  # NaN: the page has no date
        ok, ok_ref = day == want, ref == want
        ours += ok
        theirs += ok_ref
        both_wrong += not ok and not ok_ref
        if not ok and len(misses) < 15:
            misses.append({"file": rec["file"], "gold": want, "dateline": day, "htmldate": ref})
    n = len(items)
    return {"dataset": "htmldate-mediacloud-2020", "pages": n,
            "date_accuracy": {"dateline": ours / n, "htmldate": theirs / n},
            "both_wrong": both_wrong, "reader_errors": errors, "published_source": dict(sources),
            "sample_misses": misses}


# --- fundus -------------------------------------------------------------------------------------

def _version_key(v: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in re.findall(r"\d+|\D+", v))


def fundus_cases(root: Path) -> list[dict]:
    """(publisher, country, file, gold) for each fixture: the JSON's versions in order match the
    publisher's dated HTML files in date order."""
    cases = []
    for jf in sorted(root.glob("*/*.json")):
        gold = json.loads(jf.read_text())
        pub = jf.stem
        files = sorted(f for f in jf.parent.glob(f"{pub}_*.html.gz") if re.fullmatch(rf"{re.escape(pub)}_\d{{4}}_\d\d_\d\d\.html\.gz", f.name))
        meta_path = jf.parent / "meta.info"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if len(files) != len(gold):
            continue
        for version, f in zip(sorted(gold, key=_version_key), files):
            cases.append({"publisher": pub, "country": jf.parent.name, "file": f, "gold": gold[version],
                          "url": meta.get(f.name, {}).get("url")})
    return cases


def _gold_authors(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            import ast

            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            value = [value]
    return [str(v) for v in value or []]


def _gold_body_text(value: Any) -> str:
    return " ".join(re.findall(r"'paragraphs': \[(.*?)\]", str(value)))[:3000]


def _score_case(acc: dict, title: str | None, authors: list[str], published: str | None, gold: dict,
                gold_authors: list[str]) -> None:
    acc["n"] += 1
    acc["title"] += norm_title(title) == norm_title(gold.get("title"))
    tp, np_, ng = _prf(authors, gold_authors)
    acc["tp"] += tp
    acc["np"] += np_
    acc["ng"] += ng
    gdate = gold.get("publishing_date")
    if gdate:
        acc["dated"] += 1
        acc["date"] += _day_in_zone(published, gdate) == str(gdate)[:10]


def _summary(acc: dict) -> dict[str, Any]:
    return {"pages": acc["n"], "title_accuracy": acc["title"] / acc["n"] if acc["n"] else None,
            "authors": _f1(acc["tp"], acc["np"], acc["ng"]),
            "date_accuracy": acc["date"] / acc["dated"] if acc["dated"] else None}


def eval_fundus(root: Path, limit: int | None) -> dict[str, Any]:
    from trafilatura import bare_extraction

    from ..readers import read_file
    from ..readers.bylines import agency
    from ..stages.metadata import detect_language

    pipe = _pipeline()
    cases = fundus_cases(root)[:limit] if limit else fundus_cases(root)
    blank = lambda: Counter()  # noqa: E731
    ours: dict[str, Counter] = defaultdict(blank)
    traf: dict[str, Counter] = defaultdict(blank)
    english: dict[str, bool] = {}
    misses: list[dict] = []
    for case in cases:
        gold, pub = case["gold"], case["publisher"]
        # the contract's authors are people: agencies credited as authors are the source instead
        gold_authors = [a for a in _gold_authors(gold.get("authors")) if not agency(a)]
        english[pub] = detect_language(_gold_body_text(gold.get("body")) or gold.get("title") or "") == "en"
        title = published = None
        authors: list[str] = []
        for item in read_file(case["file"]):
            if isinstance(item, DatelineError):
                continue
            if case["url"] and not item.hints.get("url"):
                item.hints["url"] = case["url"]
            try:
                m = pipe.peek(item.text, **item.hints).article.article
                title, authors, published = m.title, m.authors, m.published
            except DatelineError:
                pass
        for key in (pub, "*all", "*english" if english[pub] else "*other"):
            _score_case(ours[key], title, authors, published, gold, gold_authors)
        if (norm_title(title) != norm_title(gold.get("title")) or _day_in_zone(published, gold.get("publishing_date"))
                != str(gold.get("publishing_date"))[:10] or {norm_name(a) for a in authors}
                != {norm_name(a) for a in gold_authors}) and english[pub]:
            misses.append({"file": case["file"].name, "title": [title, gold.get("title")],
                           "authors": [authors, gold_authors], "date": [published, gold.get("publishing_date")]})
        html = gzip.open(case["file"]).read().decode("utf-8", "replace")
        try:
            t = bare_extraction(html, url=case["url"], with_metadata=True)
        except Exception:  # noqa: BLE001
            t = None
        t_authors = [a.strip() for a in (getattr(t, "author", None) or "").split(";") if a.strip()]
        for key in (pub, "*all", "*english" if english[pub] else "*other"):
            _score_case(traf[key], getattr(t, "title", None), t_authors, getattr(t, "date", None), gold, gold_authors)
    return {
        "dataset": "fundus", "pages": len(cases),
        "overall": {"dateline": _summary(ours["*all"]), "trafilatura": _summary(traf["*all"])},
        "english": {"dateline": _summary(ours["*english"]), "trafilatura": _summary(traf["*english"]),
                    "publishers": sorted(p for p, e in english.items() if e)},
        "other_languages": {"dateline": _summary(ours["*other"]), "trafilatura": _summary(traf["*other"])},
        "per_publisher": {p: {"english": english[p], "dateline": _summary(ours[p]), "trafilatura": _summary(traf[p])}
                          for p in sorted(english)},
        "sample_misses_english": misses[:40],
    }


# --- Reuters-21578 ------------------------------------------------------------------------------

# Reuters' PLACES codes that are not a country's English short name
REUTERS_PLACE_ISO = {
    "usa": "US", "uk": "GB", "ussr": "RU", "west-germany": "DE", "east-germany": "DE", "south-korea": "KR",
    "north-korea": "KP", "taiwan": "TW", "hong-kong": "HK", "czechoslovakia": "CZ", "yugoslavia": "RS",
    "iran": "IR", "syria": "SY", "vietnam": "VN", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "ivory-coast": "CI", "zaire": "CD", "burma": "MM", "south-africa": "ZA", "uae": "AE", "laos": "LA",
    "brunei": "BN", "macao": "MO", "east-timor": "TL", "moldova": "MD", "russia": "RU", "cape-verde": "CV",
    "west-bank": "PS", "gaza": "PS", "netherlands-antilles": "CW", "kampuchea": "KH", "north-yemen": "YE",
    "south-yemen": "YE", "bahamas": "BS", "gambia": "GM", "vatican": "VA", "micronesia": "FM",
}
_MON = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[A-Za-z]*\.?"
_GOLD_DATELINE = re.compile(r"^(?P<place>.*?),?\s*(?P<date>" + _MON + r"\s*\d{1,2}|\d{1,2}\s+" + _MON + r")\s*-?\s*$")


def reuters_place_iso(code: str) -> str | None:
    if code in REUTERS_PLACE_ISO:
        return REUTERS_PLACE_ISO[code]
    import pycountry

    try:
        return pycountry.countries.lookup(code.replace("-", " ")).alpha_2
    except LookupError:
        return None


def reuters_gold(data: Path, limit: int | None) -> list[dict]:
    """Gold per story with a DATELINE, parsed here independently of the reader under test."""
    import html as htmlmod

    out: list[dict] = []
    for f in sorted(glob.glob(str(data / "reut2-*.sgm"))):
        text = Path(f).read_text(encoding="latin-1")
        for rec in re.findall(r"<REUTERS.*?</REUTERS>", text, re.S):
            d = re.search(r"<DATELINE>(.*?)</DATELINE>", rec, re.S)
            if not d:
                continue
            newid = re.search(r'NEWID="(\d+)"', rec).group(1)
            # a few DATELINE fields run on into the body: the dateline ends at its dash
            line = " ".join(htmlmod.unescape(d.group(1)).split()).split(" - ")[0].rstrip(" -,").lstrip("*")
            m = _GOLD_DATELINE.match(line)
            date = re.search(r"<DATE>\s*(\d+)-(\w{3})-(\d{4})", rec)
            places = re.findall(r"<D>([^<]*)</D>", re.search(r"<PLACES>(.*?)</PLACES>", rec, re.S).group(1))
            gold_date = None
            if m and date:
                from ..stages.metadata import parse_month_day

                pub = dt.datetime.strptime(" ".join(date.groups()), "%d %b %Y").date()
                gold_date = parse_month_day(m.group("date"), pub)
            out.append({"origin": f"{f}#{newid}", "text": line, "place": m.group("place").strip(" ,") if m else line,
                        "date": gold_date, "places": places})
            if limit and len(out) >= limit:
                return out
    return out


def gold_countries(gold: list[dict]) -> dict[str, set[str]]:
    """A dateline place's country: the Reuters PLACES code most often given to stories filed from
    it (the editors' tags, independent of any gazetteer). Ties keep every tied country."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for g in gold:
        key = g["place"].split(",")[0].strip().casefold()
        for code in set(g["places"]):
            if iso := reuters_place_iso(code):
                votes[key][iso] += 1
    out = {}
    for key, counter in votes.items():
        top = max(counter.values())
        out[key] = {c for c, n in counter.items() if n == top}
    return out


def eval_reuters(data: Path, limit: int | None) -> dict[str, Any]:
    from ..readers import iter_articles
    from ..stages import places as places_stage

    gold = reuters_gold(data, limit)
    by_origin = {g["origin"]: g for g in gold}
    countries = gold_countries(gold)
    pipe = _pipeline()
    counts = Counter()
    misses: dict[str, list] = defaultdict(list)
    files = sorted(glob.glob(str(data / "reut2-*.sgm")))
    for item in iter_articles(files):
        if isinstance(item, DatelineError):
            counts["reader_errors"] += 1
            continue
        g = by_origin.get(item.origin)
        if g is None:
            continue
        counts["with_dateline"] += 1
        try:
            doc = pipe.peek(item.text, **item.hints)
        except DatelineError:
            counts["pipeline_errors"] += 1
            continue
        dl = doc.article.article.dateline
        text_ok = dl is not None and dl.text == g["text"]
        place_ok = (doc.scratch.get("dateline_place_text") or "").strip(" ,") == g["place"]
        date_ok = dl is not None and dl.date == g["date"]
        counts["text"] += text_ok
        counts["place_text"] += place_ok
        counts["date"] += date_ok
        counts["all_three"] += text_ok and place_ok and date_ok
        for name, ok, got in (("text", text_ok, dl.text if dl else None), ("date", date_ok, dl.date if dl else None)):
            if not ok and len(misses[name]) < 10:
                misses[name].append({"origin": Path(item.origin).name, "gold": g[name], "got": got})
        gold_c = countries.get(g["place"].split(",")[0].strip().casefold())
        if not gold_c:
            continue
        counts["with_gold_country"] += 1
        try:
            places_stage.STAGE.run(doc)
        except Exception as exc:  # noqa: BLE001 - a resolution failure is a miss, reported by type
            counts[f"places_error:{type(exc).__name__}"] += 1
            continue
        place = doc.article.place(dl.place) if dl and dl.place else None
        got_c = place.country if place else None
        counts["country"] += got_c in gold_c
        if got_c not in gold_c and len(misses["country"]) < 25:
            misses["country"].append({"place": g["place"], "gold": sorted(gold_c), "got": got_c})
    n = counts["with_dateline"] or 1
    nc = counts["with_gold_country"] or 1
    return {
        "dataset": "reuters21578", "stories_with_dateline": counts["with_dateline"],
        "dateline_text_parsed": counts["text"] / n, "dateline_place_text": counts["place_text"] / n,
        "dateline_date": counts["date"] / n, "all_three": counts["all_three"] / n,
        "stories_with_gold_country": counts["with_gold_country"], "country_resolved": counts["country"] / nc,
        "errors": {k: v for k, v in counts.items() if "error" in k},
        "sample_misses": dict(misses),
    }


def render(result: dict[str, Any]) -> str:
    """A readable table; the JSON (``--json``) has every figure."""
    lines = [f"dataset: {result.get('dataset')}  ({result.get('data', '')})"]
    if result.get("dataset") == "htmldate-mediacloud-2020":
        acc = result["date_accuracy"]
        lines.append(f"pages: {result['pages']}   date accuracy (day): dateline {acc['dateline']:.3f}   "
                     f"htmldate find_date(original_date=True) {acc['htmldate']:.3f}")
        lines.append(f"both wrong: {result['both_wrong']}   reader errors: {result['reader_errors']}")
        lines.append(f"published from: {result['published_source']}")
    elif result.get("dataset") == "fundus":
        def row(name: str, s: dict) -> str:
            a = s["authors"]
            da = s["date_accuracy"]
            return (f"{name:32s} {s['pages']:5d}  title {s['title_accuracy']:.3f}  authors P {a['precision']:.3f} "
                    f"R {a['recall']:.3f} F1 {a['f1']:.3f}  date {da if da is None else round(da, 3)}")
        for group in ("overall", "english", "other_languages"):
            lines.append(row(f"{group} / dateline", result[group]["dateline"]))
            lines.append(row(f"{group} / trafilatura", result[group]["trafilatura"]))
        lines.append("per publisher (dateline | trafilatura):")
        for pub, r in result["per_publisher"].items():
            lines.append(row(("* " if r["english"] else "  ") + pub, r["dateline"]))
    elif result.get("dataset") == "reuters21578":
        lines.append(f"stories with a DATELINE: {result['stories_with_dateline']}")
        for k in ("dateline_text_parsed", "dateline_place_text", "dateline_date", "all_three"):
            lines.append(f"  {k:24s} {result[k]:.4f}")
        lines.append(f"  country resolved         {result['country_resolved']:.4f}  "
                     f"(of {result['stories_with_gold_country']} with a gold country)")
        if result["errors"]:
            lines.append(f"  errors: {result['errors']}")
    return "\n".join(lines)
