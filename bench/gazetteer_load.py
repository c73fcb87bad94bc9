"""Gazetteer load budget: a fresh process loads the compiled index in < 2 s and < 300 MB resident.

Usage: .venv/bin/python bench/gazetteer_load.py [--runs 3]
Builds the cache first if needed (not timed), then loads it in fresh processes and reports CPU
seconds, wall seconds and peak RSS of each, and a microbenchmark of lookups.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CODE = """
import json, resource, time
t0 = time.perf_counter()
from dateline.gazetteer import load_gazetteer
g = load_gazetteer()
wall = time.perf_counter() - t0
names = ["Baku", "Ganja", "Paris", "Springfield", "Gəncə", "New York", "Nagorno-Karabakh"] * 20000
t1 = time.perf_counter()
for n in names:
    g.lookup(n)
per_lookup_us = (time.perf_counter() - t1) / len(names) * 1e6
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu_s": r.ru_utime + r.ru_stime, "wall_s": wall, "max_rss_mb": r.ru_maxrss / 1024,
                  "lookup_us": per_lookup_us}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    subprocess.run([sys.executable, "-c", "from dateline.gazetteer import load_gazetteer; load_gazetteer()"],
                   check=True)
    runs = [json.loads(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(args.runs)]
    best = min(runs, key=lambda r: r["wall_s"])
    print(json.dumps({"runs": runs, "best": best}, indent=2))
    print(f"load: {best['wall_s']:.2f} s wall, {best['cpu_s']:.2f} s CPU (incl. interpreter start), "
          f"{best['max_rss_mb']:.0f} MB peak RSS; lookup {best['lookup_us']:.2f} µs "
          f"— budget < 2 s, < 300 MB: {'met' if best['wall_s'] < 2 and best['max_rss_mb'] < 300 else 'MISSED'}")


if __name__ == "__main__":
    main()
