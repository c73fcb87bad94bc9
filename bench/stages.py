"""Stage costs: each stage's CPU time as a share of bare spaCy parsing, on the same articles.

Usage: python bench/stages.py [--n 600] [--repeat 3] [--stage quotes] [--profile] [--model NAME] [--json]

The articles are the first N Reuters-21578 stories (as ``bench/throughput.py`` reads them). They are
parsed once (that first pass over the bodies is slower, 22.7 s against 17.5 s on 600 stories in session 5,
and is not counted). Then ``--repeat`` rounds each time a bare ``nlp.pipe`` over the bodies and every stage
after parsing over fresh copies of the parsed documents. A stage's share is its CPU time over the same
round's bare-parse CPU time, and the figure is the median over the rounds.

Why rounds and CPU time: the two cores are shared (and may be hyperthreads of one core), so a single
process's CPU time for the same work swells by up to half when something else runs beside it. The same
quotes code read 0.676 s and 1.011 s in two processes a minute apart (session 8), while an earlier
version of this script divided the fastest stage run by the fastest parse, each taken at a different
moment. A ratio taken within one round divides two figures that saw the same machine. The quiet-machine
``throughput.py`` run stays the reference.
``--profile`` adds one profiled pass of ``--stage`` and lists its hottest functions and files.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import json
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import dateline  # noqa: E402
from throughput import load_articles  # noqa: E402


def parsed_documents(pipeline, items: list, repeat: int = 1) -> tuple[list, float, float]:
    """Documents run up to and including parsing, and the wall and CPU seconds bare ``nlp.pipe``
    took on them (each the fastest of ``repeat`` runs)."""
    from dateline.stages.nlp import parse_batch

    docs = [pipeline.new_document(raw.text, raw.hints) for raw in items]
    nlp_index = [s.name for s in pipeline.stages].index("nlp")
    for doc in docs:
        for stage in pipeline.stages[:nlp_index]:
            stage.run(doc)
            doc.done.append(stage.name)
    nlp = pipeline.resources.nlp
    for _ in nlp.pipe([d.text for d in docs][:8]):  # warm up
        pass
    runs = [bare_parse(nlp, docs) for _ in range(max(repeat, 1))]
    parse_batch(docs)
    for doc in docs:
        doc.done.append("nlp")
    return docs, min(w for w, _ in runs), min(c for _, c in runs)


def bare_parse(nlp, docs: list) -> tuple[float, float]:
    """Wall and CPU seconds of one bare ``nlp.pipe`` pass over the documents' bodies."""
    bodies = [d.text for d in docs]
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(bodies, batch_size=32):
        pass
    return time.perf_counter() - w0, time.process_time() - c0


def fresh(doc):
    """A copy of a parsed document that stages may write to without touching the original."""
    new = copy.copy(doc)
    new.article = copy.deepcopy(doc.article)
    new.spacy = doc.spacy.copy()
    new.done = list(doc.done)
    new.scratch = copy.deepcopy(doc.scratch)
    return new


def time_stages(stages: list, docs: list, profile_stage: str | None = None) -> tuple[dict[str, float], cProfile.Profile | None]:
    """Each stage's summed CPU time over fresh copies of ``docs``.

    The parsed corpus and its copies (every document at once, where the pipeline holds one batch) are
    frozen out of the garbage collector first: otherwise each full collection walks all of them and its
    pause lands on whichever stage happened to allocate at that moment (0.106 s of a 0.8 s profiled
    quotes pass went to ``Mention.of``, a three-field dataclass constructor, session 8), and the same code
    read 3.4-4.7 % from one process to the next (session 7). Collections of what the stages themselves allocate still run and count.
    """
    copies = [fresh(d) for d in docs]
    spent: dict[str, float] = defaultdict(float)
    prof = cProfile.Profile() if profile_stage else None
    gc.collect()
    gc.freeze()
    try:
        _run_timed(stages, copies, spent, prof, profile_stage)
    finally:
        gc.unfreeze()
    return dict(spent), prof


def _run_timed(stages: list, copies: list, spent: dict, prof: cProfile.Profile | None, profile_stage: str | None) -> None:
    for doc in copies:
        for stage in stages:
            if prof is not None and stage.name == profile_stage:
                prof.enable()
            t0 = time.process_time()
            stage.run(doc)
            spent[stage.name] += time.process_time() - t0
            if prof is not None and stage.name == profile_stage:
                prof.disable()
            doc.done.append(stage.name)


def hot_spots(prof: cProfile.Profile, top: int = 25) -> dict:
    stats = pstats.Stats(prof)
    by_file: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.split("/src/")[-1] if "/src/" in filename else filename.rsplit("/", 2)[-1]
        by_file[short] += tt
        rows.append((tt, ct, nc, f"{short}:{line}({func})"))
    rows.sort(reverse=True)
    return {"by_file": dict(sorted(by_file.items(), key=lambda kv: -kv[1])[:top]),
            "functions": [{"tottime": r[0], "cumtime": r[1], "calls": r[2], "where": r[3]} for r in rows[:top]]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stage", default=None, help="report only this stage (all stages still run)")
    ap.add_argument("--profile", action="store_true", help="profile --stage in one extra pass")
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.profile and not args.stage:
        ap.error("--profile needs --stage")
    items, source = load_articles(args.n)
    pipeline = dateline.get_pipeline(args.model)
    from dateline.scale.local import warm

    warm(pipeline)
    docs, _, _ = parsed_documents(pipeline, items, 1)  # the first pass over the bodies is slow: not counted
    after = pipeline.stages[[s.name for s in pipeline.stages].index("nlp") + 1:]
    parses, runs = [], []
    for _ in range(args.repeat):  # a bare parse, then every stage: each round's ratio sees the same machine
        parses.append(bare_parse(pipeline.resources.nlp, docs))
        runs.append(time_stages(after, docs)[0])
    bare, bare_cpu = min(w for w, _ in parses), min(c for _, c in parses)
    result: dict = {"articles": len(docs), "source": source, "repeat": args.repeat,
                    "bare_parse_wall_s": bare, "bare_parse_cpu_s": bare_cpu,
                    "bare_parse_cpu_runs_s": [c for _, c in parses],
                    "stages": {}}
    for s in after:
        if args.stage and s.name != args.stage:
            continue
        per_round = [r.get(s.name, 0.0) / c for r, (_, c) in zip(runs, parses)]
        result["stages"][s.name] = {"cpu_s": min(r.get(s.name, 0.0) for r in runs),
                                    "share_of_parse": statistics.median(per_round),
                                    "share_of_parse_runs": per_round,
                                    "all_runs_s": [r.get(s.name, 0.0) for r in runs]}
    if args.profile:
        result["profile"] = hot_spots(time_stages(after, docs, args.stage)[1])
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"articles: {result['articles']} from {source}; bare parse {bare_cpu:.2f} s CPU at best ({bare:.2f} s wall); "
          f"{args.repeat} rounds of a bare parse then every stage; share = stage CPU / that round's parse CPU, "
          f"median of the rounds")
    for name, v in result["stages"].items():
        runs_s = " ".join(f"{x:.3f}" for x in v["all_runs_s"])
        shares = " ".join(f"{100 * x:.2f}" for x in v["share_of_parse_runs"])
        print(f"{name:10s} {100 * v['share_of_parse']:5.2f} % of parse (rounds: {shares} %; stage s: {runs_s})")
    if "profile" in result:
        print(f"\nhottest files in {args.stage} (tottime, one profiled pass; profiling slows it):")
        for f, tt in result["profile"]["by_file"].items():
            print(f"  {tt:7.3f} s  {f}")
        print("\nhottest functions:")
        for row in result["profile"]["functions"]:
            print(f"  {row['tottime']:7.3f} s tot {row['cumtime']:7.3f} s cum {row['calls']:8d} calls  {row['where']}")


if __name__ == "__main__":
    main()
