"""``dateline eval event-location``: does each event get the place where it happened?

Data: Halterman's event-location sentences (``labeled_text.jsonl.zip``: a JSON list of records, each
a sentence with a ``VERB`` span, the event's trigger, and at most one ``LOCATION`` span, the gold
place of that event; no ``LOCATION`` means the sentence does not say where). Each sentence is
analysed up to the places stage, the trigger token is handed to
:func:`dateline.locating.locate_event_mention`, and the answer is right when the located mention
overlaps the gold span, or when both say "nowhere". Records whose ``answer`` is ``reject`` are left
out (the annotators rejected the sentence).
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any


def read_records(path: Path) -> list[dict[str, Any]]:
    """(text, verb (start, end), gold location (start, end) or None) records from the zip or JSON."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith((".jsonl", ".json")) and not n.startswith("__MACOSX"))
            raw = zf.read(name).decode("utf-8")
    else:
        raw = path.read_text(encoding="utf-8")
    raw = raw.strip()
    items = json.loads(raw) if raw.startswith("[") else [json.loads(ln) for ln in raw.splitlines() if ln.strip()]
    out = []
    for it in items:
        if it.get("answer") == "reject":
            continue
        toks = it.get("tokens") or []

        def chars(sp: dict) -> tuple[int, int]:
            ts, te = sp.get("token_start", -1), sp.get("token_end", -1)
            if 0 <= ts <= te < len(toks):  # token offsets are reliable; some char offsets are not
                return toks[ts]["start"], toks[te]["end"]
            return sp["start"], sp["end"]

        verbs = [chars(s) for s in it.get("spans", []) if s.get("label") == "VERB"]
        locs = [chars(s) for s in it.get("spans", []) if s.get("label") == "LOCATION"]
        if not verbs:
            continue
        out.append({"text": it["text"], "verb": verbs[0], "gold": locs[0] if locs else None})
    return out


def evaluate(data: Path, limit: int | None = None, model: str | None = None, **_: Any) -> dict[str, Any]:
    from ..locating import locate_event_mention
    from .geo import analyse_texts

    records = read_records(data)
    if limit:
        records = records[:limit]
    docs = analyse_texts([r["text"] for r in records], model)
    right = 0
    outcome: Counter = Counter()
    for r, doc in zip(records, docs):
        span = doc.spacy.char_span(r["verb"][0], r["verb"][1], alignment_mode="expand")
        if span is None or not len(span):
            outcome["trigger not found"] += 1
            continue
        place, mention, basis = locate_event_mention(doc, span.root)
        gold = r["gold"]
        if gold is None:
            ok = mention is None
            outcome["no gold: " + ("none predicted" if ok else "predicted one")] += 1
        else:
            ok = mention is not None and mention.start < gold[1] and gold[0] < mention.end
            if ok:
                outcome["gold: right place"] += 1
            elif mention is None:
                outcome["gold: none predicted"] += 1
            elif any(m.start < gold[1] and gold[0] < m.end for p in doc.article.places for m in p.mentions):
                outcome["gold: another place in the sentence chosen"] += 1
            else:
                outcome["gold: gold place not recognised"] += 1
        right += ok
    n = len(records)
    return {"sentences": n, "with_gold_location": sum(r["gold"] is not None for r in records),
            "accuracy": right / n if n else 0.0, "outcomes": dict(outcome.most_common())}
