"""``dateline eval geo``: geoparsing against GeoWebNews (``GWN.xml``) or LGL (``lgl.xml``).

Gold: every annotated toponym that has coordinates. Predicted: every place mention and demonym
modifier with coordinates. A gold toponym is found when a predicted span overlaps it (the best
overlap wins); its error is the great-circle distance between the two points. Metrics after Gritta
et al. 2018 ("What's missing in geographical parsing?"): recall, precision, accuracy@161 km, mean
and median error, and the AUC of the sorted, log-scaled error curve (0 best, 1 worst).
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..gazetteer import haversine_km

EARTH_MAX_KM = 20039.0  # half the equator: the largest possible error


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Articles as {text, toponyms: [(start, end, lat, lon, name)]} from either corpus format."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.findall("article"):
        text = art.findtext("text") or ""
        tops = []
        for tp in art.find("toponyms") or []:
            gz = tp.find("gaztag")
            if gz is not None:  # LGL
                lat, lon = gz.findtext("lat"), gz.findtext("lon")
            else:  # GeoWebNews
                lat, lon = tp.findtext("latitude"), tp.findtext("longitude")
            if not lat or not lon:
                continue
            start, end = int(tp.findtext("start")), int(tp.findtext("end"))
            tops.append((start, end, float(lat), float(lon), text[start:end]))
        out.append({"text": text, "toponyms": tops})
    return out


def auc_of_errors(errors: list[float]) -> float:
    """Area under the sorted curve of ln(1 + error) / ln(max error): Gritta et al.'s AUC."""
    if not errors:
        return float("nan")
    vals = sorted(math.log(1 + e) / math.log(EARTH_MAX_KM) for e in errors)
    if len(vals) == 1:
        return vals[0]
    dx = 1 / (len(vals) - 1)
    return sum((a + b) / 2 * dx for a, b in zip(vals, vals[1:]))


def analyse_texts(texts: list[str], model: str | None = None, hints: dict[str, Any] | None = None) -> list:
    """Run metadata → nlp → entities → places over bare texts and return the Documents
    (``hints``, e.g. the language, are given to every document).

    The reading stage is skipped on purpose: it lifts wire furniture ("FALLUJAH, west of Iraq") out
    of the body, which would move the offsets the gold annotations point at."""
    from ..document import Document
    from ..pipeline import default_stages
    from ..resources import shared_resources
    from ..stages.nlp import parse_batch

    res = shared_resources(model) if model else shared_resources()
    stages = {s.name: s for s in default_stages()}
    out = []
    for i in range(0, len(texts), 64):
        docs = []
        for t in texts[i:i + 64]:
            d = Document(raw=t, resources=res, hints=dict(hints or {}))
            d.article.text = t
            stages["metadata"].run(d)
            docs.append(d)
        parse_batch(docs)
        for d in docs:
            stages["entities"].run(d)
            stages["places"].run(d)
        out.extend(docs)
    return out


def evaluate(data: Path, limit: int | None = None, model: str | None = None, **_: Any) -> dict[str, Any]:
    """Metrics plus every resolution error over 161 km (``errors``: gold point and the predicted
    place's ranked candidates, for bucketing) and a per-class count (``error_classes``)."""
    gold_docs = read_gold(data)
    if limit:
        gold_docs = gold_docs[:limit]
    docs = analyse_texts([g["text"] for g in gold_docs], model)
    return score(gold_docs, docs)


def score(gold_docs: list[dict[str, Any]], docs: list) -> dict[str, Any]:
    """Compare analysed Documents with their gold toponyms (split out so a development loop can
    re-run the places stage over cached parses and score again)."""
    n_gold = n_pred = n_pred_ok = 0
    errors: list[float] = []
    misses: list[str] = []
    far: list[dict[str, Any]] = []
    for di, (g, doc) in enumerate(zip(gold_docs, docs)):
        preds = []
        for p in doc.article.places:
            if p.lat is None:
                continue
            for m in p.mentions + p.modifiers:
                preds.append((m.start, m.end, p.lat, p.lon, p))
        n_pred += len(preds)
        n_pred_ok += sum(any(s < ge and gs < e for gs, ge, *_ in g["toponyms"]) for s, e, *_ in preds)
        for gs, ge, la, lo, name in g["toponyms"]:
            n_gold += 1
            over = [(min(e, ge) - max(s, gs), k, pla, plo) for k, (s, e, pla, plo, _) in enumerate(preds)
                    if s < ge and gs < e]
            if not over:
                misses.append(name)
                continue
            _, k, pla, plo = max(over)
            err = haversine_km(la, lo, pla, plo)
            errors.append(err)
            if err > 161:
                far.append(_error_record(di, g["text"], (gs, ge, la, lo, name), preds[k][4], err))
    found = len(errors)
    classes: dict[str, int] = {}
    for e in far:
        classes[e["class"]] = classes.get(e["class"], 0) + 1
    return {
        "articles": len(gold_docs),
        "gold": n_gold,
        "predicted": n_pred,
        "recall": found / n_gold if n_gold else 0.0,
        "precision": n_pred_ok / n_pred if n_pred else 0.0,
        "accuracy_161km": sum(e <= 161 for e in errors) / found if found else 0.0,
        "mean_error_km": statistics.fmean(errors) if errors else None,
        "median_error_km": statistics.median(errors) if errors else None,
        "auc": auc_of_errors(errors),
        "error_classes": dict(sorted(classes.items(), key=lambda kv: -kv[1])),
        "examples": {"missed": misses[:25], "far": [f"{e['gold']['name']} -> {e['predicted']['name']} "
                                                      f"({e['km']:.0f} km)" for e in far[:25]]},
        "errors": far,
    }


def _error_record(article: int, text: str, gold: tuple, place, km: float) -> dict[str, Any]:
    gs, ge, la, lo, name = gold
    cands = place.candidates or []
    # the gold's nearest candidate among those ranked: tells a ranking error from a gazetteer gap
    near = min(((haversine_km(la, lo, c["lat"], c["lon"]), i) for i, c in enumerate(cands)), default=None)
    gold_rank = near[1] if near is not None and near[0] <= 161 else None
    return {"article": article, "gold": {"name": name, "start": gs, "end": ge, "lat": la, "lon": lo},
            "predicted": {"name": place.name, "feature": place.feature, "country": place.country,
                          "lat": place.lat, "lon": place.lon, "source": place.source},
            "km": round(km, 1), "context": text[max(0, gs - 80):ge + 80].replace("\n", " "),
            "candidates": cands, "gold_candidate_rank": gold_rank,
            "class": _error_class(place, gold_rank)}


def _error_class(place, gold_rank: int | None) -> str:
    """A coarse bucket: which part of the resolver to look at."""
    if place.source and place.source.startswith("context"):
        return "local place put in the wrong town"
    if gold_rank is not None:
        return f"wrong {place.feature} chosen (gold ranked #{gold_rank + 1})"
    if place.feature in ("country", "adm1", "adm2", "region", "continent"):
        return f"{place.feature} point far from gold (or gold is another place)"
    return "gold not among the top candidates"


def render(result: dict[str, Any]) -> str:
    lines = [f"data: {result['data']}  articles: {result['articles']}"]
    for k in ("gold", "predicted", "recall", "precision", "accuracy_161km", "mean_error_km", "median_error_km", "auc"):
        v = result[k]
        lines.append(f"{k:18s} {v:.4f}" if isinstance(v, float) else f"{k:18s} {v}")
    for cls, n in result.get("error_classes", {}).items():
        lines.append(f"  >161 km: {n:4d}  {cls}")
    lines.append("missed (sample): " + ", ".join(result["examples"]["missed"][:15]))
    lines.append("far (sample):    " + "; ".join(result["examples"]["far"][:10]))
    return "\n".join(lines)
