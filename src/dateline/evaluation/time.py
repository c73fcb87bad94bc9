"""``dateline eval time``: TempEval-3 timex measures on TimeML (TimeBank and AQUAINT, TBAQ-cleaned).

Each ``.tml`` file's ``<TEXT>`` is the raw text and its inline ``TIMEX3`` tags the gold; the
document creation time (``functionInDocument="CREATION_TIME"``) is not scored and is given to the
times stage as the publication date, with the dateline the reading and metadata stages find in the
text (a wire story's own day may anchor it, see ``stages.times.anchor_of``). Only those stages run
(the times stage needs no parse), the times stage on a minimal Document over the TimeML text. Measures, per sub-corpus (each folder of .tml files) and overall:
strict and relaxed extent P/R/F1; value and type accuracy over the relaxed matches; value and type
F1 (TempEval-3's attribute F1: a timex counts when matched and its attribute is right).

Values are compared as exact strings, as the TempEval-3 scorer (``evaluate_entities.py``:
``g.value == s.value``) does: the gold's unpadded ISO weeks (``2000-W7``, where the stage writes the
ISO 8601 ``2000-W07``) count as errors there, so they do here. Value F1 is TempEval-3's attribute F1,
value accuracy times relaxed F1 (= 2 * correct / (gold + system) with one-to-one matches). The
diagnostic "compatible" figure alone pads weeks and lets the gold's unspecified tail pass.

``--errors PATH`` writes every mismatch as a JSON line (a value error with its kind, see ``bucket``;
a missed or a spurious expression); the counts per kind are printed under the table.

Ranges the stage adds on top of their parts ("late Sept. through early Nov. 2020") are not scored:
TimeML annotates the parts only.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import DatelineError
from ..model import Article, Dateline, Metadata
from ..resources import Resources


def read_timeml(path: Path) -> tuple[str, str | None, list[dict]]:
    """(text of <TEXT>, DCT value, gold timexes with start/end offsets into that text)."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = t.get("value")
            break
    body = root.find(".//TEXT")
    parts: list[str] = []
    gold: list[dict] = []
    pos = 0

    def walk(el) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el is not body:
            gold.append({"start": start, "end": pos, "type": el.get("type"), "value": el.get("value"),
                         "mod": el.get("mod")})

    walk(body)
    return "".join(parts), dct, gold


def story_dateline(text: str, dct: str | None, resources: Resources) -> Dateline | None:
    """The dateline the pipeline's reading and metadata stages find in text (with dct as the given
    publication date), as the times stage would see it in a full run; None when there is none."""
    from ..stages.metadata import STAGE as METADATA
    from ..stages.reading import STAGE as READING

    doc = Document(raw=text, resources=resources, hints={"published": dct} if dct else {})
    try:
        READING.run(doc)
        METADATA.run(doc)
    except DatelineError:
        return None
    return doc.article.article.dateline


def system_times(text: str, dct: str | None, resources: Resources) -> list[dict]:
    from ..stages.times import STAGE, is_range

    # the times stage alone runs on the TimeML text (offsets stay the gold's); the metadata it reads is
    # the DCT as publication date and the dateline a full run would find
    meta = Metadata(published=dct, dateline=story_dateline(text, dct, resources))
    doc = Document(raw=text, resources=resources, article=Article(id="", text=text, article=meta))
    STAGE.run(doc)
    times = doc.article.times
    out = []
    for t in times:
        if is_range(t.value) and any(u is not t and t.start <= u.start and u.end <= t.end for u in times):
            continue  # a range over its parts: not a TimeML annotation
        out.append({"start": t.start, "end": t.end, "type": t.type, "value": t.value, "mod": t.mod, "text": t.text})
    return out


def align(gold: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one relaxed matches (overlapping spans), largest overlap first."""
    pairs = []
    for g in gold:
        for s in system:
            ov = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if ov > 0:
                pairs.append((ov, id(g), id(s), g, s))
    used_g, used_s, out = set(), set(), []
    for ov, ig, is_, g, s in sorted(pairs, key=lambda p: -p[0]):
        if ig in used_g or is_ in used_s:
            continue
        used_g.add(ig)
        used_s.add(is_)
        out.append((g, s))
    return out


_WEEK = re.compile(r"-W(\d)(?!\d)")


def canonical(value: str | None) -> str | None:
    """The value with a one-digit ISO week zero-padded (``2000-W7`` = ``2000-W07``): for the diagnostic
    and the error buckets only, never for the scored comparison (TempEval-3 compares raw strings)."""
    return _WEEK.sub(r"-W0\1", value) if value else value


_VAGUE_TAIL = re.compile(r"(?:-?X+)+$")


def compatible(gold: str | None, system: str | None) -> bool:
    """Whether system is the gold value up to gold's unspecified tail: a placeholder-only suffix in the
    gold ("1949-XX", "198X", "1989-WXX", "1998-10-XX") leaves that part open, so "1949", "198",
    "1989-W43" and "1998-10-23" fit. A diagnostic only: it shows how much of the value error is the
    annotators' vagueness; the scored value accuracy stays an exact comparison."""
    g, s = canonical(gold), canonical(system)
    if g == s:
        return True
    if not g or not s or not g[:1].isdigit():
        return False
    head = _VAGUE_TAIL.sub("", g)
    return head != g and s.startswith(head)


_BUCKETS = (  # (name, test on (gold, system)) in order; the first that fits names the error
    ("week padding", lambda g, s: g == s),  # equal once padded: the gold's "2000-W7"
    ("gold unspecified", lambda g, s: compatible(g, s)),
    ("part of day", lambda g, s: bool(re.search(r"T(?:MO|AF|EV|NI)$", g + " " + s))),
    ("clock time", lambda g, s: "T" in g[10:11] + s[10:11]),
    ("vague reference", lambda g, s: g.endswith("_REF") or s.endswith("_REF")),
    ("set", lambda g, s: g.startswith("XXXX") and not g[5:6].isdigit()),
    ("duration", lambda g, s: g.startswith("P") or s.startswith("P")),
    ("week", lambda g, s: "-W" in g or "-W" in s),
    ("quarter or half", lambda g, s: bool(re.search(r"-[QH]", g + " " + s))),
    ("decade or century", lambda g, s: len(_VAGUE_TAIL.sub("", g)) < 4 or len(s) < 4),
    ("year", lambda g, s: g[:4] != s[:4]),
    ("granularity", lambda g, s: len(g) != len(s)),
    ("day", lambda g, s: len(g) == 10),
)


def bucket(gold: str | None, system: str | None) -> str:
    """The kind of a value mismatch, for the error report (see _BUCKETS)."""
    g, s = canonical(gold) or "", canonical(system) or ""
    return next((name for name, fits in _BUCKETS if fits(g, s)), "other")


def _prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


class Tally:
    def __init__(self) -> None:
        self.c: Counter = Counter()
        self.errors: list[dict] = []

    def add(self, gold: list[dict], system: list[dict], text: str, name: str, dct: str | None = None) -> None:
        pairs = align(gold, system)
        self.c["docs"] += 1
        self.c["gold"] += len(gold)
        self.c["system"] += len(system)
        self.c["relaxed"] += len(pairs)
        for g, s in pairs:
            self.c["strict"] += g["start"] == s["start"] and g["end"] == s["end"]
            same = g["value"] == s["value"]  # exact, as TempEval-3
            self.c["value"] += same
            self.c["compatible"] += compatible(g["value"], s["value"])
            self.c["type"] += g["type"] == s["type"]
            if not same:
                b = bucket(g["value"], s["value"])
                self.c["bucket:" + b] += 1
                self.errors.append({"kind": "value", "bucket": b, "doc": name, "dct": dct,
                                    "gold_text": text[g["start"]:g["end"]], "gold": g["value"], "system": s["value"],
                                    "system_text": s["text"], "context": text[max(0, g["start"] - 80):g["end"] + 40]})
        matched_g = {id(g) for g, _ in pairs}
        matched_s = {id(s) for _, s in pairs}
        self.errors += [{"kind": "missed", "doc": name, "gold_text": text[g["start"]:g["end"]], "gold": g["value"]}
                        for g in gold if id(g) not in matched_g]
        self.errors += [{"kind": "spurious", "doc": name, "system_text": s["text"], "system": s["value"]}
                        for s in system if id(s) not in matched_s]

    def result(self) -> dict[str, Any]:
        c = self.c
        rel = c["relaxed"]
        return {
            "documents": c["docs"], "gold": c["gold"], "system": c["system"],
            "strict": _prf(c["strict"], c["system"], c["gold"]),
            "relaxed": _prf(rel, c["system"], c["gold"]),
            "value_accuracy": c["value"] / rel if rel else 0.0,
            "value_compatible": c["compatible"] / rel if rel else 0.0,
            "value_f1": _prf(c["value"], c["system"], c["gold"])["f1"],
            "type_accuracy": c["type"] / rel if rel else 0.0,
            "type_f1": _prf(c["type"], c["system"], c["gold"])["f1"],
            "value_errors": dict(sorted(((k[7:], v) for k, v in c.items() if k.startswith("bucket:")),
                                        key=lambda kv: -kv[1])),
        }


def evaluate(data: Path, limit: int | None = None, errors: str | None = None, **_: Any) -> dict[str, Any]:
    """Score the times stage on every folder of .tml files under data (or data itself)."""
    data = Path(data)
    folders = sorted({p.parent for p in data.rglob("*.tml")})
    resources = Resources()
    overall, seen = Tally(), set()
    result: dict[str, Any] = {"corpora": {}}
    t0 = time.perf_counter()
    chars = 0
    for folder in folders:
        tally = Tally()
        for path in sorted(folder.glob("*.tml"))[:limit]:
            text, dct, gold = read_timeml(path)
            system = system_times(text, dct, resources)
            chars += len(text)
            tally.add(gold, system, text, path.name, dct)
            if path.name not in seen:  # a file repeated in another folder counts once overall
                seen.add(path.name)
                overall.add(gold, system, text, path.name, dct)
        result["corpora"][folder.name] = tally.result()
    result["overall"] = overall.result()
    result["seconds"] = round(time.perf_counter() - t0, 2)
    result["characters"] = chars
    if errors:
        import json

        Path(errors).write_text("\n".join(json.dumps(e) for e in overall.errors), encoding="utf-8")
    return result


def render(result: dict[str, Any]) -> str:
    head = (f"{'corpus':14} {'docs':>5} {'gold':>5} {'sys':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | "
            f"{'relax P':>7} {'R':>6} {'F1':>6} | {'val acc':>7} {'val F1':>6} | {'type acc':>8} {'type F1':>7}")
    lines = [head, "-" * len(head)]
    rows = list(result["corpora"].items()) + [("overall", result["overall"])]
    for name, r in rows:
        s, x = r["strict"], r["relaxed"]
        lines.append(f"{name:14} {r['documents']:5d} {r['gold']:5d} {r['system']:5d} | {s['precision']:8.3f} "
                     f"{s['recall']:6.3f} {s['f1']:6.3f} | {x['precision']:7.3f} {x['recall']:6.3f} {x['f1']:6.3f} | "
                     f"{r['value_accuracy']:7.3f} {r['value_f1']:6.3f} | {r['type_accuracy']:8.3f} {r['type_f1']:7.3f}")
    lines.append(f"value accuracy up to the gold's unspecified tail (1949-XX ~ 1949, a diagnostic): "
                 f"{result['overall']['value_compatible']:.3f}")
    buckets = result["overall"].get("value_errors", {})
    if buckets:
        lines.append("value mismatches by kind: " + ", ".join(f"{k} {v}" for k, v in buckets.items()))
    lines.append(f"({result['seconds']} s for {result['characters']} characters)")
    return "\n".join(lines)
