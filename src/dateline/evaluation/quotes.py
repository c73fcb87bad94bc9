"""``dateline eval quotes``: quotes against PolNeAR's brat attribution annotations.

Gold: each attribution relation (``E`` line) with its Content, Cue and Source spans (brat
``T`` lines, possibly discontinuous; a ``Content2`` argument, the second part of a quote split
around its cue, belongs to the relation's content). Where an article has several annotators' files, the first by
annotator id is used. Predictions: dateline's quotes, with the pieces sharing one cue (a quote split
around "he said", a quote running over paragraphs) taken together as one attribution, as PolNeAR
annotates them.

Matching is one-to-one, greedy by overlap, on word tokens (``\\w+``, so quote marks and edge
punctuation do not count): *exact* when the token sets are equal, *overlap* when the shared tokens
are at least half of the larger side (``|G∩P| / max(|G|, |P|) >= 0.5``). Gold quotes are *direct*
when every word of the content lies between quote marks (double marks, or two apostrophes as in
the New York Times' copy); all others (indirect, mixed) are
*indirect*. Precision for a kind counts predictions of that kind; recall counts gold of that kind.
Cue F1: predicted cue spans against gold Cue spans, matched when they share a token. Speaker
accuracy: over overlap-matched quotes whose gold relation has a Source, the predicted speaker
mention overlaps the Source or the predicted speaker entity has a mention overlapping it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from ..errors import DatelineError

WORD = re.compile(r"\w+")
OVERLAP = 0.5
# A pair of double marks, or of two-apostrophe marks (the New York Times' copy: ''We will win,'').
QUOTE_PAIRS = re.compile(r'["\u201c][^"\u201c\u201d\n]*["\u201d]|\'\'(?!\')[^"\u201c\u201d\n]*?(?<!\')\'\'')


def read_ann(path: Path) -> list[dict[str, Any]]:
    """Attribution relations of one brat file: {content, cue, source: [(start, end), ...]}."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offs = parts[1].partition(" ")
            frags = [tuple(int(x) for x in f.split()) for f in offs.split(";") if f.strip()]
            spans[parts[0]] = (label, frags)
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        item = {"content": [], "cue": [], "source": []}
        for role, tid in rel.items():
            key = role.lower().rstrip("0123456789")  # "Content2": the second part of a split quote
            if key in item and tid in spans:
                item[key] = sorted(item[key] + spans[tid][1])
        if item["content"]:
            out.append(item)
    return out


def articles(data: Path) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(name, text, gold relations) for each article of a PolNeAR split directory."""
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DatelineError("E014", f"{data} has no text/ and attributions/ (a PolNeAR split)")
    anns: dict[str, Path] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        name = p.stem.rsplit("_", 1)[0]
        anns.setdefault(name, p)
    for name, p in sorted(anns.items()):
        tp = text_dir / f"{name}.txt"
        if tp.exists():
            yield name, tp.read_text(encoding="utf-8"), read_ann(p)


def tokens(text: str, frags: list[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens inside the fragments."""
    return frozenset(m.start() for a, b in frags for m in WORD.finditer(text, a, b))


def quoted_regions(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTE_PAIRS.finditer(text)]


def is_direct(toks: frozenset[int], regions: list[tuple[int, int]]) -> bool:
    return bool(toks) and all(any(a < t < b for a, b in regions) for t in toks)


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / max(len(a), len(b)) if a and b else 0.0


def match(gold: list[frozenset[int]], pred: list[frozenset[int]], exact: bool) -> dict[int, int]:
    """One-to-one greedy matching: {pred index: gold index}."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if exact:
                if p == g and p:
                    pairs.append((1.0, i, j))
            else:
                r = _overlap(p, g)
                if r >= OVERLAP:
                    pairs.append((r, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def _prf(tp_p: int, n_p: int, tp_r: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "predicted": n_p, "gold": n_g}


def group_predictions(article) -> list[dict[str, Any]]:
    """Predicted attributions: quotes grouped by their cue span."""
    groups: dict[Any, dict[str, Any]] = {}
    for q in article.quotes:
        key = (q.cue.start, q.cue.end) if q.cue else q.id
        g = groups.setdefault(key, {"frags": [], "kinds": set(), "quotes": []})
        g["frags"].append((q.start, q.end))
        g["kinds"].add(q.kind)
        g["quotes"].append(q)
    for g in groups.values():
        g["kind"] = "direct" if g["kinds"] == {"direct"} else "indirect"
        g["cue"] = next(((q.cue.start, q.cue.end) for q in g["quotes"] if q.cue), None)
    return list(groups.values())


def _speaker_ok(article, quotes, source: list[tuple[int, int]]) -> bool:
    def hits(s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in source)

    for q in quotes:
        if q.speaker_mention and hits(q.speaker_mention.start, q.speaker_mention.end):
            return True
        ent = article.entity(q.speaker)
        if ent and any(hits(m.start, m.end) for m in ent.mentions):
            return True
    return False


def _pipeline(options: dict[str, Any]):
    """The pipeline up to quotes (places, times and events do not feed quotes)."""
    from ..pipeline import Pipeline
    from ..resources import DEFAULT_MODEL, shared_resources
    from ..stages import entities, metadata, nlp, quotes, reading

    res = shared_resources(options.get("model") or DEFAULT_MODEL)
    return Pipeline(res, [reading.STAGE, metadata.STAGE, nlp.STAGE, entities.STAGE, quotes.STAGE])


def evaluate(data: Path, **options: Any) -> dict[str, Any]:
    limit = options.get("limit")
    pipeline = _pipeline(options)
    counts: Counter = Counter()
    docs = list(articles(Path(data)))
    if limit:
        docs = docs[: int(limit)]
    errors: list[dict[str, Any]] = []
    items = [(text, {"origin": name}) for name, text, _ in docs]
    for (name, text, gold), article in zip(docs, pipeline.pipe(items)):
        _score(name, text, gold, article, counts, errors)
    result: dict[str, Any] = {"articles": len(docs), "overlap_threshold": OVERLAP}
    for mode in ("exact", "overlap"):
        result[mode] = {k: _prf(counts[f"{mode}_tp_p_{k}"], counts[f"pred_{k}"], counts[f"{mode}_tp_r_{k}"],
                                counts[f"gold_{k}"]) for k in ("all", "direct", "indirect")}
    result["cue"] = _prf(counts["cue_tp"], counts["cue_pred"], counts["cue_tp"], counts["cue_gold"])
    result["speaker_accuracy"] = {
        k: {"accuracy": counts[f"spk_ok_{k}"] / counts[f"spk_n_{k}"] if counts[f"spk_n_{k}"] else 0.0,
            "matched_with_source": counts[f"spk_n_{k}"]} for k in ("all", "direct", "indirect")}
    result["unaligned_articles"] = counts["unaligned"]
    if options.get("errors"):
        result["errors"] = errors
    return result


def _score(name: str, raw: str, gold: list[dict], article, counts: Counter, errors: list) -> None:
    # the reader may lift a headline or dateline off the body: shift gold into body offsets
    base = raw.replace("\r\n", "\n").find(article.text) if article.text else -1
    if base < 0:
        counts["unaligned"] += 1
        return
    text = article.text

    def shift(frags):
        out = []
        for a, b in frags:
            a, b = max(a - base, 0), min(b - base, len(text))
            if b > a:
                out.append((a, b))
        return out

    gold = [{k: shift(v) for k, v in g.items()} for g in gold]
    gold = [g for g in gold if g["content"]]
    regions = quoted_regions(text)
    g_toks = [tokens(text, g["content"]) for g in gold]
    g_kind = ["direct" if is_direct(t, regions) else "indirect" for t in g_toks]
    preds = group_predictions(article)
    p_toks = [tokens(text, p["frags"]) for p in preds]
    for k in g_kind:
        counts["gold_all"] += 1
        counts[f"gold_{k}"] += 1
    for p in preds:
        counts["pred_all"] += 1
        counts[f"pred_{p['kind']}"] += 1
    for mode in ("exact", "overlap"):
        m = match(g_toks, p_toks, exact=mode == "exact")
        for i, j in m.items():
            counts[f"{mode}_tp_p_all"] += 1
            counts[f"{mode}_tp_r_all"] += 1
            counts[f"{mode}_tp_p_{preds[i]['kind']}"] += 1
            counts[f"{mode}_tp_r_{g_kind[j]}"] += 1
            if mode == "overlap" and gold[j]["source"]:
                ok = _speaker_ok(article, preds[i]["quotes"], gold[j]["source"])
                for k in ("all", g_kind[j]):
                    counts[f"spk_n_{k}"] += 1
                    counts[f"spk_ok_{k}"] += ok
                if not ok:
                    errors.append({"article": name, "type": "speaker", "content": text[preds[i]["frags"][0][0]:preds[i]["frags"][0][1]][:120],
                                   "gold_source": [text[a:b] for a, b in gold[j]["source"]],
                                   "predicted": [(q.speaker_mention.text if q.speaker_mention else None) for q in preds[i]["quotes"]]})
        if mode == "overlap":
            matched_gold = set(m.values())
            for j, g in enumerate(gold):
                if j not in matched_gold:
                    a, b = g["content"][0][0], g["content"][-1][1]
                    errors.append({"article": name, "type": "missed", "kind": g_kind[j], "content": text[a:b][:160],
                                   "cue": [text[x:y] for x, y in g["cue"]]})
            for i, p in enumerate(preds):
                if i in m:
                    q0 = p["quotes"][0]
                    errors.append({"article": name, "type": "matched", "kind": p["kind"], "cue": bool(p["cue"]),
                                   "basis": q0.speaker_basis, "ratio": _overlap(p_toks[i], g_toks[m[i]]),
                                   "gold_cue": [text[x:y] for x, y in gold[m[i]]["cue"]],
                                   "before": text[max(0, q0.start - 80):q0.start], "content": q0.text[:100]})
                else:
                    a, b = p["frags"][0]
                    errors.append({"article": name, "type": "spurious", "kind": p["kind"], "content": text[a:b][:160],
                                   "before": text[max(0, a - 80):a],
                                   "cue": text[p["cue"][0]:p["cue"][1]] if p["cue"] else None})
    g_cues = [tokens(text, g["cue"]) for g in gold if g["cue"]]
    p_cues = [tokens(text, [p["cue"]]) for p in preds if p["cue"]]
    counts["cue_gold"] += len(g_cues)
    counts["cue_pred"] += len(p_cues)
    used: set[int] = set()
    for pc in p_cues:
        for j, gc in enumerate(g_cues):
            if j not in used and pc & gc:
                used.add(j)
                counts["cue_tp"] += 1
                break


def render(result: dict[str, Any]) -> str:
    lines = [f"articles: {result['articles']}  (unaligned: {result.get('unaligned_articles', 0)})",
             f"{'content':10s} {'kind':9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pred':>6s} {'gold':>6s}"]
    for mode in ("exact", "overlap"):
        for k, v in result[mode].items():
            lines.append(f"{mode:10s} {k:9s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                         f"{v['predicted']:6d} {v['gold']:6d}")
    c = result["cue"]
    lines.append(f"{'cue':20s} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} {c['predicted']:6d} {c['gold']:6d}")
    for k, v in result["speaker_accuracy"].items():
        lines.append(f"speaker accuracy {k:9s} {v['accuracy']:.3f}  (over {v['matched_with_source']} matched quotes with a gold source)")
    return "\n".join(lines)
