"""``dateline eval entities --data PATH``: toponym recognition (GeoWebNews) or speaker coverage (PolNeAR).

GeoWebNews (``.../GeoWebNews/brat``): gold toponyms are the literal and associative types of
Gritta et al.'s scheme (Literal, Mixed, Coercion, Literal_Modifier, Embedded_Literal; Metonymic,
Non_Literal_Modifier, Demonym, Language, Homonym, Embedded_Non_Lit). Non-toponyms and common-noun
expressions ("city", "residents") are not toponyms. A prediction is a *named* mention (not a
pronoun or description) of a PLACE or COUNTRY entity, of a NORP entity tied to a country, or a
place mention; the full pipeline runs, so places count. Precision, recall and F1 by span overlap.

PolNeAR (``.../PolNeAR/data/dev``): the share of gold Source spans overlapping a mention of a
PERSON, ORG or IGO entity (pronoun and description mentions included: that is how a "he" source
resolves to a person). Every annotator's file counts (the corpus is multiply annotated).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import DatelineError

TOPONYM_TYPES = {"Literal", "Mixed", "Coercion", "Literal_Modifier", "Embedded_Literal", "Metonymic",
                 "Non_Literal_Modifier", "Demonym", "Language", "Homonym", "Embedded_Non_Lit"}
SPEAKER_TYPES = {"PERSON", "ORG", "IGO"}


def _brat_spans(path: Path, types: set[str]) -> list[tuple[int, int, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T"):
            continue
        label, *ranges = parts[1].split(" ", 1)
        if label not in types or not ranges:
            continue
        for rng in ranges[0].split(";"):  # discontinuous spans: "852 944;954 1048"
            a, b = rng.split()
            out.append((int(a), int(b), label))
    return out


def _analyse(pipeline, raw: str):
    """The article and the offset of its body inside ``raw`` (the reader may drop a header)."""
    article = pipeline(raw)
    offset = raw.find(article.text) if article.text else 0
    if offset < 0:
        raise DatelineError("E014", "body text is not a substring of the input; cannot map offsets")
    return article, offset


def _predicted_toponyms(article, offset: int) -> list[tuple[int, int]]:
    out = set()
    countries = {e.id for e in article.entities if e.type == "COUNTRY"}
    for e in article.entities:
        # a NORP is "of a place" when it is coded (demonyms of countries, regions, homelands) or tied to a country
        place_like = e.type in ("PLACE", "COUNTRY") or (e.type == "NORP" and (e.affiliation in countries or e.actor))
        if not place_like:
            continue
        for m in e.mentions:
            if _named(m.text):
                out.add((m.start + offset, m.end + offset))
    for p in article.places:
        for m in p.mentions:
            if _named(m.text):
                out.add((m.start + offset, m.end + offset))
    return sorted(out)


NOT_NAMES = {"it", "its", "he", "she", "the", "this", "that", "a", "an"}


def _named(text: str) -> bool:
    """A proper-name mention: capitalised, not a pronoun or a description ("The country")."""
    first = text.split(" ", 1)[0].lower() if text else ""
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and first not in NOT_NAMES


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_geowebnews(data: Path, limit: int | None = None, model: str | None = None, **opts) -> dict[str, Any]:
    import dateline

    pipeline = dateline.get_pipeline(model, opts.get("actors"), opts.get("agents"), opts.get("verbs"))
    files = sorted(data.glob("*.ann"), key=lambda p: int(p.stem) if p.stem.isdigit() else p.stem)
    if limit:
        files = files[:limit]
    tp_gold = n_gold = tp_pred = n_pred = 0
    by_type: dict[str, list[int]] = {}
    for ann in files:
        raw = ann.with_suffix(".txt").read_text(encoding="utf-8")
        gold = _brat_spans(ann, TOPONYM_TYPES)
        article, offset = _analyse(pipeline, raw)
        # GeoWebNews leaves its "TITLE: ... LINK: ..." header line unannotated: score the text after it
        header = raw.index("\n") + 1 if raw.startswith("TITLE:") and "\n" in raw else 0
        pred = [p for p in _predicted_toponyms(article, offset) if p[0] >= header]
        gold = [g for g in gold if g[0] >= header]
        for a, b, label in gold:
            hit = any(_overlaps((a, b), p) for p in pred)
            tp_gold += hit
            by_type.setdefault(label, [0, 0])[0] += hit
            by_type[label][1] += 1
        n_gold += len(gold)
        # a prediction is right when it overlaps a gold toponym; predictions in a part of the text the
        # reader dropped cannot occur (offsets are inside the body)
        tp_pred += sum(any(_overlaps(p, (a, b)) for a, b, _ in gold) for p in pred)
        n_pred += len(pred)
    recall = tp_gold / n_gold if n_gold else 0.0
    precision = tp_pred / n_pred if n_pred else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"corpus": "GeoWebNews", "documents": len(files), "gold_toponyms": n_gold, "predicted": n_pred,
            "precision": precision, "recall": recall, "f1": f1,
            "recall_by_type": {k: v[0] / v[1] for k, v in sorted(by_type.items())}}


def evaluate_polnear(data: Path, limit: int | None = None, model: str | None = None, **opts) -> dict[str, Any]:
    import dateline

    pipeline = dateline.get_pipeline(model, opts.get("actors"), opts.get("agents"), opts.get("verbs"))
    anns = sorted((data / "attributions").glob("*.ann"))
    texts: dict[str, list[Path]] = {}
    for ann in anns:
        texts.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    names = sorted(texts)[:limit] if limit else sorted(texts)
    covered = with_countries = total = 0
    misses: list[dict[str, Any]] = []
    for name in names:
        raw = (data / "text" / f"{name}.txt").read_text(encoding="utf-8")
        article, offset = _analyse(pipeline, raw)
        mentions = [((m.start + offset, m.end + offset), e.type) for e in article.entities for m in e.mentions]
        for ann in texts[name]:
            for a, b, _ in _brat_spans(ann, {"Source"}):
                total += 1
                types = {t for m, t in mentions if _overlaps((a, b), m)}
                covered += bool(types & SPEAKER_TYPES)
                with_countries += bool(types & (SPEAKER_TYPES | {"COUNTRY"}))
                if not types & SPEAKER_TYPES:
                    misses.append({"document": name, "start": a, "end": b, "text": raw[a:b],
                                   "bucket": miss_bucket(raw[a:b], types), "types": sorted(types),
                                   "context": raw[max(0, a - 60):b + 40].replace("\n", " ")})
    buckets: dict[str, int] = {}
    for m in misses:
        buckets[m["bucket"]] = buckets.get(m["bucket"], 0) + 1
    return {"corpus": "PolNeAR", "documents": len(names), "annotation_files": sum(len(texts[n]) for n in names),
            "gold_sources": total, "covered": covered, "coverage": covered / total if total else 0.0,
            # a country speaking ("Russia said") acts through its government: reported apart, not in the target
            "coverage_with_countries": with_countries / total if total else 0.0,
            "miss_buckets": dict(sorted(buckets.items(), key=lambda kv: -kv[1])), "misses": misses}


FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "you", "your"}
PRONOUN_WORDS = {"he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "who", "which", "that"}


def miss_bucket(text: str, types: set[str]) -> str:
    """A coarse class of an uncovered gold source, for reading the misses by size of problem."""
    ws = re.findall(r"[\w'’.-]+", text)
    low = [w.lower() for w in ws]
    if types:
        return "typed " + "/".join(sorted(types))
    if not ws:
        return "other"
    if low[0] in FIRST_PERSON:
        return "first person"
    if low[0] in PRONOUN_WORDS:
        return "pronoun"
    if any(w[:1].isupper() for w in ws[1:]) or (len(ws) == 1 and ws[0][:1].isupper()):
        return "name"
    return "description"


def render(result: dict[str, Any]) -> str:
    """The figures, then (PolNeAR) the misses by bucket with a few examples each."""
    from . import _flat

    head = {k: v for k, v in result.items() if k != "misses"}
    lines = [_flat(head)]
    misses = result.get("misses")
    if misses:
        for bucket in result["miss_buckets"]:
            some = [m["text"] for m in misses if m["bucket"] == bucket][:12]
            lines.append(f"  {bucket}: " + "; ".join(repr(t) for t in some))
    return "\n".join(lines)


def evaluate(data: Path, **options) -> dict[str, Any]:
    data = Path(data)
    if (data / "attributions").is_dir() and (data / "text").is_dir():
        return evaluate_polnear(data, **options)
    if any(data.glob("*.ann")):
        return evaluate_geowebnews(data, **options)
    raise DatelineError("E014", f"{data}: expected GeoWebNews brat files or a PolNeAR split (text/, attributions/)")
