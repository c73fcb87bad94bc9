"""Readers while an ingest writes: every answer is 200 and nothing written is lost.

The bounded CI version of ``bench/api_load.py concurrent`` (no timing assertions): the server
reads the SQLite store (WAL, one writer) while the real ``dateline ingest`` writes into it.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from dateline.ingest import ingest
from dateline.store import Store

from .test_scale import snapshot
from .test_scale_corpus import CITIES, PEOPLE, write_corpus
from .test_web_corpus import serve

N = 72  # three ingest batches (32 + 32 + 8): a whole batch's analysis separates two write bursts
MAX_REQUESTS = 600
CLIENTS = 3


KINDS = ["search", "list", "page", "json", "events", "events page", "map", "timeline", "quotes", "info"]


def _request(rng: random.Random, ids: list[str], i: int) -> tuple[str, str, dict]:
    """The ``i``-th analyst request of a client: the kinds in turn (search, list, article page and
    JSON, events, map, timeline, quotes, counts), with random values."""
    kind = KINDS[i % len(KINDS)]
    if kind in ("page", "json") and not ids:
        kind = "list"
    if kind == "search":
        return kind, "/api/articles", {"q": rng.choice(CITIES)[0].lower()}
    if kind == "list":
        return kind, "/api/articles", {"limit": 20, "offset": rng.choice([0, 0, 20])}
    if kind == "page":
        return kind, f"/articles/{rng.choice(ids)}", {}
    if kind == "json":
        return kind, f"/api/articles/{rng.choice(ids)}", {}
    if kind == "events":
        return kind, "/api/events", rng.choice([{}, {"country": rng.choice(["FR", "KE", "AZ", "PE"])}])
    if kind == "events page":
        return kind, "/events", {}
    if kind == "map":
        return kind, "/api/map", {}
    if kind == "timeline":
        return kind, "/api/stats", {}
    if kind == "quotes":
        return kind, "/api/quotes", {"speaker": rng.choice(PEOPLE).split()[-1]}
    return kind, "/api/info", {}


@pytest.mark.slow
def test_readers_during_an_ingest_get_answers_and_lose_no_writes(tmp_path, pipeline):
    corpus = write_corpus(tmp_path / "in", N)
    alone = Store(tmp_path / "alone.db")  # the reference: the same corpus with nobody reading
    ingest([str(corpus)], alone, pipeline)
    alone.close()

    db = tmp_path / "live.db"
    Store(db).close()  # the server opens an existing store read-only
    lock = threading.Lock()
    writing = threading.Event()
    waiting = [0]  # polls before the first write: not part of the request budget
    answers: list[tuple[str, int]] = []
    failures: list[str] = []
    counts_seen: set[int] = set()
    with serve(db) as url:
        proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db),
                                 "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

        def reader(seed: int) -> None:
            rng = random.Random(seed)
            ids: list[str] = []
            turn = seed * 3  # clients start at different kinds
            with httpx.Client(base_url=url, timeout=120) as client:
                while proc.poll() is None and len(answers) - waiting[0] < MAX_REQUESTS:
                    # until the first article lands (the ingest is loading its models) only poll the
                    # counts, so the request budget is spent while the writer writes
                    turn += 1
                    kind, path, params = _request(rng, ids, turn) if writing.is_set() else ("info", "/api/info", {})
                    try:
                        r = client.get(path, params=params)
                    except httpx.HTTPError as exc:
                        with lock:
                            failures.append(f"{path} {params}: {exc!r}")
                        continue
                    with lock:
                        answers.append((kind, r.status_code))
                        waiting[0] += not writing.is_set()
                        if r.status_code != 200:
                            failures.append(f"{r.status_code} {path} {params}: {r.text[:300]}")
                            continue
                    if kind in ("search", "list"):
                        ids.extend(i["id"] for i in r.json()["items"])
                        if kind == "list":  # unfiltered: its total is the number stored
                            with lock:
                                counts_seen.add(r.json()["total"])
                    elif kind == "info":
                        stored = r.json()["counts"]["articles"]
                        with lock:
                            counts_seen.add(stored)
                        if stored:
                            writing.set()
                    threading.Event().wait(rng.uniform(0.02, 0.08) if writing.is_set() else 0.3)

        threads = [threading.Thread(target=reader, args=(seed,)) for seed in range(CLIENTS)]
        for t in threads:
            t.start()
        _, err = proc.communicate(timeout=900)
        for t in threads:
            t.join(120)
    assert proc.returncode == 1, err.decode(errors="replace")[-2000:]  # the two bad files fail, the run does not
    assert not failures, failures[:5]
    assert len(answers) >= 50 and {kind for kind, _ in answers} >= {"search", "page", "events", "map", "info"}
    # the readers overlapped the writes: they saw the store part-way (a batch of 32 stored, not all)
    assert any(0 < c < N for c in counts_seen), sorted(counts_seen)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert snapshot(db) == snapshot(Path(alone.path))  # every row of every article, nothing lost or doubled


def test_every_connection_waits_for_the_writer_instead_of_failing(tmp_path):
    """SQLite answers "database is locked" at once unless a busy timeout is set: the server's
    read-only connections and the ingest's writer both wait (WAL readers rarely need to, but
    opening the store, checkpoints and migrations take locks)."""
    from dateline.web.app import Readers

    db = tmp_path / "b.db"
    writer = Store(db)
    assert writer.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader = Readers(db).get()
    for conn in (writer.conn, reader):
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    # a reader reads while a write transaction is open
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("INSERT INTO errors (origin, code, message, detail, at) VALUES ('x', 'E001', '', '', 0)")
    assert reader.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
    writer.conn.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM errors").fetchone()[0] == 1
    writer.close()
