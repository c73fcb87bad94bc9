"""Load benchmark of the HTTP API against 127.0.0.1: p50/p95 latency of typical analyst queries.

Two steps (see docs/BENCHMARKS.md, "API load", for the figures and exact commands):

1. ``build``: make a store of ``--target`` articles from a store analysed by the real pipeline
   (``dateline ingest``). Analysing 20,000 Reuters-21578 stories takes hours on this shared
   2-core machine, so a sample is analysed for real and each analysed article is stored again
   ``target / sample`` times with a replica marker appended to its text (new id, same
   annotations, offsets unchanged). Dates, categories, actors and places keep the real
   distribution; the store has the size (rows, FTS index, file) of a 20,000-article one.
2. ``load``: start ``dateline serve`` on 127.0.0.1 in a subprocess, then send a bounded number
   of requests with bounded concurrency (httpx async): ``/api/events`` with two filters
   (category + country, category + date range, actor + date range) and full-text search on
   ``/api/articles`` (words drawn from the store's own vocabulary), and report latency
   percentiles per query kind and overall, and any non-200 answers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(sample_db: Path, out_db: Path, target: int) -> None:
    from dateline.model import Article, article_id
    from dateline.store import Store

    src = sqlite3.connect(sample_db)
    docs = [row[0] for row in src.execute("SELECT json FROM articles ORDER BY rowid")]
    if not docs:
        sys.exit(f"{sample_db} holds no articles")
    for p in (out_db, Path(f"{out_db}-wal"), Path(f"{out_db}-shm")):
        if p.exists():
            p.unlink()
    store = Store(out_db)
    t0 = time.perf_counter()
    copies = -(-target // len(docs))
    n = 0
    for k in range(copies):
        for doc in docs:
            if n >= target:
                break
            a = Article.from_json(doc)
            if k:
                a.text = a.text + f"\n\n[replica {k}]"
                a.id = article_id(a.text)
            store.add(a)
            n += 1
    store.close()
    size = sum(p.stat().st_size for p in out_db.parent.glob(out_db.name + "*"))
    print(json.dumps({"built": str(out_db), "articles": n, "sample": len(docs), "copies": copies,
                      "seconds": round(time.perf_counter() - t0, 1), "bytes": size}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workload(db: Path, n: int, seed: int) -> list[tuple[str, str, dict]]:
    """``n`` (kind, path, params) requests drawn from the store's real values."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cats = [r[0] for r in conn.execute("SELECT category FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 8")]
    countries = [r[0] for r in conn.execute(
        "SELECT country FROM events WHERE country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 10")]
    codes = [r[0] for r in conn.execute(
        "SELECT code FROM event_actors WHERE code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 10")]
    days = [r[0] for r in conn.execute("SELECT DISTINCT day_first FROM events WHERE day_first IS NOT NULL "
                                       "ORDER BY 1")]
    titles = " ".join(r[0] or "" for r in conn.execute("SELECT title FROM articles LIMIT 2000"))
    words = [w for w in set(re.findall(r"[a-z]{5,}", titles.lower()))][:400] or ["trade"]
    conn.close()
    rng = random.Random(seed)

    def date_range() -> dict:
        i = rng.randrange(len(days)) if days else 0
        lo = days[i] if days else "1987-01-01"
        hi = days[min(len(days) - 1, i + rng.randint(5, 30))] if days else "1987-12-31"
        return {"date_from": lo, "date_to": hi}

    out = []
    for _ in range(n):
        kind = rng.choice(["events:category+country", "events:category+dates", "events:actor+dates", "search",
                           "search:two-words"])
        if kind == "events:category+country" and cats and countries:
            out.append((kind, "/api/events", {"category": rng.choice(cats), "country": rng.choice(countries)}))
        elif kind == "events:category+dates" and cats:
            out.append((kind, "/api/events", {"category": rng.choice(cats), **date_range()}))
        elif kind == "events:actor+dates" and codes:
            out.append((kind, "/api/events", {"actor": rng.choice(codes), **date_range()}))
        elif kind == "search:two-words":
            out.append((kind, "/api/articles", {"q": " ".join(rng.sample(words, 2) if len(words) > 1 else words)}))
        else:
            out.append(("search", "/api/articles", {"q": rng.choice(words)}))
    return out


async def run_load(base: str, requests: list[tuple[str, str, dict]], concurrency: int) -> dict:
    import httpx

    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    queue = list(reversed(requests))

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            kind, path, params = queue.pop()
            t = time.perf_counter()
            r = await client.get(path, params=params)
            dt = (time.perf_counter() - t) * 1000
            if r.status_code != 200:
                errors.append(f"{r.status_code} {path} {params}")
            latencies.setdefault(kind, []).append(dt)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - t0

    def pct(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))], 1)

    every = [x for xs in latencies.values() for x in xs]
    report = {kind: {"n": len(xs), "p50_ms": pct(xs, 50), "p95_ms": pct(xs, 95), "p99_ms": pct(xs, 99),
                     "mean_ms": round(statistics.fmean(xs), 1)} for kind, xs in sorted(latencies.items())}
    report["all"] = {"n": len(every), "p50_ms": pct(every, 50), "p95_ms": pct(every, 95), "p99_ms": pct(every, 99),
                     "requests_per_s": round(len(every) / wall, 1), "errors": len(errors)}
    if errors:
        report["first_errors"] = errors[:5]
    return report


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(db: Path, n: int, concurrency: int, seed: int) -> dict:
    import httpx

    port = free_port()
    env = dict(os.environ)
    server = subprocess.Popen([str(Path(sys.executable).parent / "dateline"), "serve", "--db", str(db), "--host",
                               "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(base + "/api/info", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start: " + server.stderr.read(2000).decode(errors="replace"))
        reqs = workload(db, n + 50, seed)
        asyncio.run(run_load(base, reqs[:50], concurrency))  # warm-up: page cache, connections
        cpu0 = cpu_seconds(server.pid)
        report = asyncio.run(run_load(base, reqs[50:], concurrency))
        # the server's own CPU per request: what a request costs, whatever else shares the machine
        report["all"]["server_cpu_ms_per_request"] = round((cpu_seconds(server.pid) - cpu0) * 1000 / n, 2)
        report["config"] = {"db": str(db), "requests": n, "concurrency": concurrency, "seed": seed,
                            "articles": httpx.get(base + "/api/info").json()["counts"]["articles"]}
        return report
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--sample-db", type=Path, required=True, help="a store made by `dateline ingest`")
    b.add_argument("--db", type=Path, required=True)
    b.add_argument("--target", type=int, default=20_000)
    lo = sub.add_parser("load")
    lo.add_argument("--db", type=Path, required=True)
    lo.add_argument("--requests", type=int, default=2000, help="bounded: the run stops after these")
    lo.add_argument("--concurrency", type=int, default=8)
    lo.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.cmd == "build":
        build(args.sample_db, args.db, args.target)
    else:
        print(json.dumps(load(args.db, args.requests, args.concurrency, args.seed), indent=1))


if __name__ == "__main__":
    main()
