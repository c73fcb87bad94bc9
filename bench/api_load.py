"""Load benchmark of the HTTP API against 127.0.0.1: p50/p95 latency of typical analyst queries.

Three subcommands (see docs/BENCHMARKS.md, "API load", for the figures and exact commands):

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
3. ``concurrent``: readers while an ingest writes. The first ``--n`` stories of a corpus
   (Reuters-21578 by default, read by dateline's readers, written once to a temporary JSONL file)
   are ingested twice with the real ``dateline ingest``: once alone (the reference), once into a
   fresh store that ``dateline serve`` is serving while ``--concurrency`` HTTP clients hammer it
   (search, article lists, article pages and JSON, events, events page, map, timeline, quotes,
   counts) until the ingest ends. Reports latency per endpoint (p50/p95/max), every non-200
   answer, "database is locked" in the server log, and the checks that nothing was lost: the
   loaded store holds the reference's rows exactly (same table counts, same article ids),
   ``PRAGMA integrity_check`` is ok and every input record is an article or an error.
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
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578"


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


# -- readers while an ingest writes ------------------------------------------------------------
TABLES = ["articles", "entities", "mentions", "places", "times", "quotes", "events", "event_actors", "errors"]


def corpus_jsonl(paths: list[str], n: int, folder: Path) -> tuple[Path, int]:
    """The first ``n`` readable stories under ``paths`` as one JSONL file (text plus metadata)."""
    from dateline.errors import DatelineError
    from dateline.readers import iter_articles

    out = folder / "corpus.jsonl"
    written = 0
    with out.open("w", encoding="utf-8") as fh:
        for raw in iter_articles(paths):
            if isinstance(raw, DatelineError):
                continue
            meta = {k: v for k, v in raw.hints.items() if k in ("title", "published", "authors", "url", "source")}
            fh.write(json.dumps({"text": raw.text, **meta}, ensure_ascii=False, default=str) + "\n")
            written += 1
            if written >= n:
                break
    return out, written


def dateline_bin() -> str:
    return str(Path(sys.executable).parent / "dateline")


CHILD_ENV: dict[str, str] | None = None  # the environment of the ingests and the server


def freeze_code(folder: Path) -> str:
    """Export the committed code (``git archive HEAD src``) and run every child process on it.

    Two ingests of one corpus are compared row for row; in a working tree that others are editing,
    the analysis could otherwise change between them and look like lost or doubled writes.
    """
    global CHILD_ENV
    snap = folder / "code"
    if snap.exists():
        subprocess.run(["rm", "-rf", str(snap)], check=True)
    snap.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "src"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(snap)], input=archive.stdout, check=True)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    CHILD_ENV = {**os.environ, "PYTHONPATH": str(snap / "src")}
    where = subprocess.run([sys.executable, "-c", "import dateline; print(dateline.__file__)"], env=CHILD_ENV,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not where.startswith(str(snap)):
        raise SystemExit(f"the frozen code is not the one imported ({where})")
    return commit


def run_ingest(corpus: Path, db: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen([dateline_bin(), "ingest", str(corpus), "--db", str(db), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)


def store_facts(db: Path) -> dict:
    """Table counts, article ids and integrity of a store: what two ingests of one corpus must share."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {"counts": {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES},
                "ids": sorted(r[0] for r in conn.execute("SELECT id FROM articles")),
                "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}
    finally:
        conn.close()


class Mix:
    """Analyst requests over a store that is still growing, with values drawn from the reference store.

    Article pages use ids the server itself listed (what a user clicks), so every answer should be 200.
    """

    KINDS = ["search", "list", "article page", "article json", "events", "events page", "map", "timeline",
             "quotes", "info"]

    def __init__(self, reference: Path, seed: int):
        conn = sqlite3.connect(f"file:{reference}?mode=ro", uri=True)
        self.cats = [r[0] for r in conn.execute("SELECT category FROM events GROUP BY 1 ORDER BY count(*) DESC")]
        self.countries = [r[0] for r in conn.execute(
            "SELECT country FROM events WHERE country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 20")]
        self.speakers = [r[0] for r in conn.execute(
            "SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
            "LIMIT 20")]
        titles = " ".join(r[0] or "" for r in conn.execute("SELECT title FROM articles"))
        conn.close()
        self.words = sorted(set(re.findall(r"[a-z]{5,}", titles.lower())))[:400] or ["trade"]
        self.rng = random.Random(seed)
        self.ids: list[str] = []

    def next(self) -> tuple[str, str, dict]:
        rng = self.rng
        kind = rng.choice(self.KINDS)
        if kind in ("article page", "article json") and not self.ids:
            kind = "list"
        cat = {"category": rng.choice(self.cats)} if self.cats and rng.random() < 0.5 else {}
        if kind == "search":
            return kind, "/api/articles", {"q": rng.choice(self.words)}
        if kind == "list":
            return kind, "/api/articles", {"limit": 20, "offset": rng.choice([0, 0, 20, 40])}
        if kind == "article page":
            return kind, f"/articles/{rng.choice(self.ids)}", {}
        if kind == "article json":
            return kind, f"/api/articles/{rng.choice(self.ids)}", {}
        if kind == "events":
            country = {"country": rng.choice(self.countries)} if self.countries and rng.random() < 0.5 else {}
            return kind, "/api/events", {**cat, **country}
        if kind == "events page":
            return kind, "/events", cat
        if kind == "map":
            return kind, "/api/map", cat
        if kind == "timeline":
            return kind, "/api/stats", cat
        if kind == "quotes":
            return kind, "/api/quotes", {"speaker": rng.choice(self.speakers)} if self.speakers else {}
        return kind, "/api/info", {}

    def saw(self, kind: str, response) -> None:
        if kind in ("search", "list") and response.status_code == 200:
            self.ids.extend(i["id"] for i in response.json()["items"][:5])
            del self.ids[:-500]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))], 1)


async def read_while(base: str, mix: Mix, concurrency: int, writing: Callable[[], bool], max_requests: int,
                     think: float = 0.0) -> dict:
    """Clients send ``mix`` requests until ``writing()`` turns false (or ``max_requests`` are sent)."""
    import httpx

    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    seen_counts: set[int] = set()
    sent = 0

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal sent
        while writing() and sent < max_requests:
            sent += 1
            kind, path, params = mix.next()
            t = time.perf_counter()
            try:
                r = await client.get(path, params=params)
            except httpx.HTTPError as exc:
                errors.append(f"{kind} {path} {params}: {exc.__class__.__name__} {exc}")
                continue
            latencies.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                errors.append(f"{r.status_code} {path} {params} {r.text[:200]}")
                continue
            mix.saw(kind, r)
            if kind == "info":
                seen_counts.add(r.json()["counts"]["articles"])
            if think:
                await asyncio.sleep(think)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    every = [x for xs in latencies.values() for x in xs]
    report: dict[str, Any] = {kind: {"n": len(xs), "p50_ms": pct(xs, 50), "p95_ms": pct(xs, 95),
                                     "max_ms": round(max(xs), 1)} for kind, xs in sorted(latencies.items())}
    report["all"] = {"n": len(every), "p50_ms": pct(every, 50) if every else None,
                     "p95_ms": pct(every, 95) if every else None, "max_ms": round(max(every), 1) if every else None,
                     "requests_per_s": round(len(every) / wall, 1), "errors": len(errors), "seconds": round(wall, 1)}
    report["article_counts_seen"] = sorted(seen_counts)
    if errors:
        report["first_errors"] = errors[:10]
    return report


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    log = open(db.with_suffix(".serve.log"), "wb")
    server = subprocess.Popen([dateline_bin(), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env=CHILD_ENV)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(base + "/api/info", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start: " + db.with_suffix(".serve.log").read_text(errors="replace")[-2000:])


def concurrent(paths: list[str], n: int, workers: int, concurrency: int, seed: int, max_requests: int,
               folder: Path, think: float = 0.0, frozen: bool = True) -> dict:
    from dateline.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db*"):
        old.unlink()
    # (the corpus is read by this process's dateline; only the children run the frozen code)
    corpus, records = corpus_jsonl(paths, n, folder)
    commit = freeze_code(folder) if frozen else None
    alone, loaded = folder / "alone.db", folder / "loaded.db"
    t0 = time.perf_counter()
    proc = run_ingest(corpus, alone, workers)
    _, err = proc.communicate()
    alone_s = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"reference ingest failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    reference = store_facts(alone)
    if reference["counts"]["articles"] == 0:
        raise SystemExit(f"the reference ingest stored nothing: {err.decode(errors='replace')[-2000:]}")

    Store(loaded).close()  # the schema exists before the server opens the store read-only
    server, base = start_server(loaded)
    try:
        t0 = time.perf_counter()
        ingest = run_ingest(corpus, loaded, workers)
        report = asyncio.run(read_while(base, Mix(alone, seed), concurrency, lambda: ingest.poll() is None,
                                        max_requests, think))
        _, ingest_err = ingest.communicate()
        loaded_s = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(30)
    facts = store_facts(loaded)
    log = loaded.with_suffix(".serve.log").read_text(errors="replace")
    summary = re.search(r"analysed (\d+), skipped \(already stored\) (\d+), failed (\d+)",
                        ingest_err.decode(errors="replace"))
    analysed, skipped, failed = (int(x) for x in summary.groups()) if summary else (-1, -1, -1)
    report["checks"] = {
        "records": records, "ingest_exit": ingest.returncode,
        "ingest_summary": {"analysed": analysed, "skipped_duplicates": skipped, "failed": failed},
        # each record is stored, a duplicate of a stored one (same text, same id), or a recorded error
        "every_record_accounted_for": (analysed + skipped + failed == records
                                       and facts["counts"]["articles"] == analysed
                                       and facts["counts"]["errors"] == failed),
        "same_counts_as_alone": facts["counts"] == reference["counts"],
        "same_article_ids_as_alone": facts["ids"] == reference["ids"],
        "integrity": facts["integrity"],
        "database_is_locked_in_server_log": log.count("database is locked"),
        "tracebacks_in_server_log": log.count("Traceback"),
        "counts": facts["counts"],
    }
    if facts["counts"] != reference["counts"]:
        # a difference is lost or doubled writes, or the code changed between the two ingests (a
        # shared working tree): a second reference ingest, now, tells the two apart
        report["checks"]["counts_alone"] = reference["counts"]
        again = folder / "alone-again.db"
        run_ingest(corpus, again, workers).communicate()
        after = store_facts(again)["counts"]
        report["checks"]["counts_alone_run_after"] = after
        report["checks"]["same_counts_as_alone_run_after"] = after == facts["counts"]
    report["config"] = {"corpus": [str(p) for p in paths][:1] + (["..."] if len(paths) > 1 else []), "n": n,
                        "workers": workers, "concurrency": concurrency, "think_s": think, "seed": seed,
                        "code": commit or "working tree", "max_requests": max_requests,
                        "ingest_alone_s": round(alone_s, 1), "ingest_under_load_s": round(loaded_s, 1)}
    if ingest.returncode not in (0, 1):
        report["checks"]["ingest_stderr"] = ingest_err.decode(errors="replace")[-2000:]
    return report


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
    co = sub.add_parser("concurrent", help="readers while an ingest writes (see the module docstring)")
    co.add_argument("corpus", nargs="*", help="files or folders (default: the Reuters-21578 .sgm files, stories "
                                               "only, not the collection's word lists)",
                    default=[str(p) for p in sorted(REUTERS.glob("*.sgm"))])
    co.add_argument("--n", type=int, default=300, help="stories to ingest (bounded run)")
    co.add_argument("--workers", type=int, default=1, help="ingest worker processes")
    co.add_argument("--concurrency", type=int, default=8, help="concurrent HTTP clients")
    co.add_argument("--max-requests", type=int, default=20_000)
    co.add_argument("--think", type=float, default=0.0, help="seconds each client waits between requests")
    co.add_argument("--seed", type=int, default=1)
    co.add_argument("--working-tree", action="store_true",
                    help="run the working tree's code instead of a frozen export of HEAD")
    co.add_argument("--dir", type=Path, default=Path("/tmp/dateline-api-concurrent"))
    args = ap.parse_args()
    if args.cmd == "build":
        build(args.sample_db, args.db, args.target)
    elif args.cmd == "concurrent":
        report = concurrent(args.corpus, args.n, args.workers, args.concurrency, args.seed, args.max_requests,
                            args.dir, args.think, not args.working_tree)
        print(json.dumps(report, indent=1))
        c = report["checks"]
        same = c["same_counts_as_alone"] or c.get("same_counts_as_alone_run_after", False)
        ok = (report["all"]["errors"] == 0 and same and c["same_article_ids_as_alone"]
              and c["integrity"] == "ok" and c["every_record_accounted_for"]
              and not c["database_is_locked_in_server_log"])
        sys.exit(0 if ok else 1)
    else:
        print(json.dumps(load(args.db, args.requests, args.concurrency, args.seed), indent=1))


if __name__ == "__main__":
    main()
