"""Crash safety: kill -9 the ingest at random points; the store stays sound and a re-run finishes
with exactly the counts of an uninterrupted ingest."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.store.sqlite import article_rows

from .test_scale import snapshot
from .test_scale_corpus import write_corpus

CHILD_TABLES = ["entities", "mentions", "places", "times", "quotes", "events"]


def _ingest(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db),
                             "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def check_sound(db: Path) -> int:
    """integrity_check passes and every stored article has exactly all of its rows."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = 0
    for article_id, text in conn.execute("SELECT id, json FROM articles"):
        expected = article_rows(Article.from_json(text))
        for table in CHILD_TABLES:
            got = conn.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (article_id,)).fetchone()[0]
            assert got == len(expected[table]), (table, article_id)
        n += 1
    conn.close()
    return n


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _kill_when(proc: subprocess.Popen, db: Path, stored_at_least: int, deadline: float) -> None:
    """SIGKILL the ingest (and its workers) once ``stored_at_least`` articles are stored."""
    while time.monotonic() < deadline and proc.poll() is None and _count(db) < stored_at_least:
        time.sleep(0.01)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # as a power cut or the OOM killer would
    proc.wait(timeout=60)


@pytest.mark.slow
def test_kill_9_at_random_points(tmp_path):
    n = 40
    corpus = write_corpus(tmp_path / "in", n)
    t0 = time.monotonic()
    assert _ingest(corpus, tmp_path / "whole.db").wait(timeout=600) == 1  # two bad files fail
    full_time = time.monotonic() - t0
    whole = snapshot(tmp_path / "whole.db")
    assert len(whole["articles"]) == n

    rng = random.Random(int(os.environ.get("DATELINE_CRASH_SEED", "5")))
    db = tmp_path / "killed.db"
    stored = []
    # first during start-up (models loading, store being created), then mid-run at random progress
    proc = _ingest(corpus, db)
    time.sleep(rng.uniform(0.05, 0.3) * full_time)
    _kill_when(proc, db, 0, time.monotonic())
    stored.append(check_sound(db) if db.exists() else 0)
    for _ in range(3):
        before = stored[-1]
        target = before + rng.randint(1, max(1, (n - before) // 2))
        _kill_when(_ingest(corpus, db), db, target, time.monotonic() + 4 * full_time)
        stored.append(check_sound(db))
        assert stored[-1] >= before
    assert _ingest(corpus, db).wait(timeout=600) == 1
    assert check_sound(db) == n
    final = snapshot(db)
    for table in ["articles"] + CHILD_TABLES:
        assert final[table] == whole[table], table
    print(f"\narticles stored after each kill: {stored} of {n}", file=sys.stderr)
