"""Throughput: dateline's full pipeline against bare spaCy ``nlp.pipe`` on the same articles.

Usage: python bench/throughput.py [--n 2000] [--model NAME]
Articles: the first N Reuters-21578 stories from ../shared/corpora/reuters21578 when present
(read by dateline's own readers), else the files in examples/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import dateline  # noqa: E402
from dateline.errors import DatelineError  # noqa: E402
from dateline.readers import iter_articles  # noqa: E402

REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578"


def load_articles(n: int) -> tuple[list, str]:
    source = REUTERS if REUTERS.exists() else ROOT / "examples"
    items = []
    for raw in iter_articles([source]):
        if isinstance(raw, DatelineError) or len(raw.text.strip()) < 40:
            continue
        items.append(raw)
        if len(items) >= n:
            break
    return items, str(source)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    items, source = load_articles(args.n)
    pipeline = dateline.get_pipeline(args.model)
    nlp = pipeline.resources.nlp
    # warm up both paths so model loading is not timed
    list(pipeline.pipe([(items[0].text, dict(items[0].hints))]))
    pipeline.timings.clear()

    bodies = []
    for raw in items:
        try:
            bodies.append(pipeline.peek(raw.text, **raw.hints).text)
        except DatelineError:
            pass
    t0 = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=32):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_ok = 0
    for _ in pipeline.pipe([(raw.text, dict(raw.hints)) for raw in items]):
        n_ok += 1
    full = time.perf_counter() - t0

    shares = {k: v / bare for k, v in sorted(pipeline.timings.items(), key=lambda kv: -kv[1])}
    result = {
        "articles": len(items), "source": source, "model": nlp.meta.get("name"),
        "bare_spacy_articles_per_s": len(bodies) / bare, "dateline_articles_per_s": n_ok / full,
        "ratio": (n_ok / full) / (len(bodies) / bare),
        "stage_cost_vs_bare_parse": shares,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"articles: {len(items)} from {source}")
    print(f"bare spaCy nlp.pipe : {result['bare_spacy_articles_per_s']:8.1f} articles/s")
    print(f"dateline pipeline   : {result['dateline_articles_per_s']:8.1f} articles/s")
    print(f"ratio               : {result['ratio']:8.3f}")
    print("stage time as a share of bare parse time:")
    for name, share in shares.items():
        print(f"  {name:10s} {share * 100:7.1f}%")


if __name__ == "__main__":
    main()
