"""The local engine: batching, per-document isolation, limits, supervision and resumability."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

import dateline
from dateline.errors import DatelineError
from dateline.ingest import analyse_batch, time_limit
from dateline.pipeline import Pipeline, Stage, default_stages
from dateline.readers import RawArticle
from dateline.scale.local import Config, run_local

from .test_scale_corpus import write_corpus

TABLES = ["articles", "entities", "mentions", "places", "times", "quotes", "events"]


def snapshot(db: Path) -> dict[str, list]:
    """Every stored row, order-free, without the ingest timestamp: what two runs must agree on."""
    conn = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        rows = conn.execute(f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in cols)} FROM {table}")
        out[table] = sorted(json.dumps(list(r), default=str) for r in rows)
    out["error_codes"] = sorted(r[0] + " " + Path(r[1] or "").name
                                for r in conn.execute("SELECT code, origin FROM errors"))
    conn.close()
    return out


# -- a pipeline with misbehaving stages, built in the workers through Config.factory ---------------
def _trouble(doc) -> None:
    text = doc.raw
    if "SLOWDOWN" in text:
        time.sleep(30)  # interruptible: the in-worker alarm stops it
    if "WEDGE" in text:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as if stuck in C code: only the parent can stop it
        time.sleep(30)
    if "SEGFAULT" in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "BLOAT" in text:
        hog = b"x" * (1200 * 2**20)  # touched pages: resident, not just reserved
        time.sleep(30)
        del hog
    if "BUG" in text:
        raise ZeroDivisionError("a stage bug")


def troubled_pipeline(config: Config) -> Pipeline:
    stages = default_stages()
    at = next(i for i, s in enumerate(stages) if s.name == "nlp") + 1
    stages.insert(at, Stage("trouble", frozenset(), frozenset(), _trouble))
    return Pipeline(dateline.get_pipeline().resources, stages)


def test_analyse_batch_matches_pipeline_and_isolates_failures(pipeline):
    texts = ["PARIS (AFP) - France said on Monday it would send aid to Haiti.", "", "\x00\x00",
             "NAIROBI, Mar 3 - Kenya's president met Ethiopia's prime minister in Addis Ababa on Friday."]
    raws = [RawArticle(t, {"published": "2021-04-08"}, f"doc{i}") for i, t in enumerate(texts)]
    outcomes = analyse_batch(pipeline, raws)
    assert [o.kind for o in outcomes] == ["analysed", "failed", "failed", "analysed"]
    assert outcomes[1].error.code == "E001" and outcomes[1].error.source == "doc1"
    for raw, outcome in zip(raws, outcomes):
        if outcome.kind == "analysed":
            alone = pipeline(raw.text, **raw.hints)
            a, b = alone.to_dict(), outcome.article.to_dict()
            assert a == b


def test_batch_writer_stores_what_store_add_stores(founding, tmp_path):
    from dateline.ingest import Summary
    from dateline.scale.rows import BatchWriter, Result, pack
    from dateline.store import Store

    bad = DatelineError("E001", "empty", "in/bad.txt")
    reference = Store(tmp_path / "ref.db")
    assert reference.add(founding)
    reference.add_error(bad)
    reference.close()

    store, summary, kinds = Store(tmp_path / "batch.db"), Summary(), []
    writer = BatchWriter(store, summary)
    same = [Result("analysed", f"in/copy{i}.txt", founding.id, pack(founding)) for i in range(2)]
    writer.write(same + [Result("failed", "in/bad.txt", error=bad)], lambda kind, origin: kinds.append(kind))
    assert kinds == ["analysed", "skipped", "failed"]
    writer.write([Result("analysed", "in/again.txt", founding.id, pack(founding))])  # already stored
    assert (summary.analysed, summary.skipped, summary.failed) == (1, 2, 1) and summary.errors == [bad]

    # a row the store cannot take fails that article alone (E011); the rest of the batch is stored
    other = founding.to_dict() | {"id": "other-article"}
    from dateline.model import Article

    broken = Result("analysed", "in/broken.txt", "broken", {"articles": (("id", "no_such_column"), [("broken", 1)])})
    fine = Result("analysed", "in/other.txt", "other-article", pack(Article.from_dict(other)))
    writer.write([broken, fine])
    assert summary.analysed == 2 and summary.errors[-1].code == "E011" and store.has("other-article")
    assert not store.has("broken")
    store.conn.execute("DELETE FROM articles WHERE id = 'other-article'")
    store.conn.execute("DELETE FROM errors WHERE code = 'E011'")
    store.close()
    assert snapshot(tmp_path / "ref.db") == snapshot(tmp_path / "batch.db")


def test_time_limit_and_bugs_are_per_document():
    troubled = troubled_pipeline(Config())
    raws = [RawArticle("PARIS (AFP) - France said on Monday it would send aid. SLOWDOWN", {}, "slow"),
            RawArticle("PARIS (AFP) - France said a BUG was found.", {}, "bug"),
            RawArticle("PARIS (AFP) - France said on Monday it would send aid to Haiti.", {}, "fine")]
    t0 = time.monotonic()
    outcomes = analyse_batch(troubled, raws, limit=1.0)
    assert time.monotonic() - t0 < 20
    assert [o.kind for o in outcomes] == ["failed", "failed", "analysed"]
    assert outcomes[0].error.code == "E008" and outcomes[1].error.code == "E016"
    assert "ZeroDivisionError" in outcomes[1].error.detail


def test_time_limit_outside_main_thread_is_a_no_op():
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(_run_limited()))
    thread.start()
    thread.join()
    assert seen == ["done"]


def _run_limited() -> str:
    with time_limit(0.01):
        time.sleep(0.05)
    return "done"


@pytest.mark.slow
def test_two_workers_equal_in_process_and_resume(tmp_path):
    corpus = write_corpus(tmp_path / "in", 10)
    from dateline.ingest import ingest
    from dateline.store import Store

    store = Store(tmp_path / "one.db")
    ingest([corpus], store, dateline.get_pipeline())
    store.close()
    summary, stats = run_local([corpus], tmp_path / "many.db", workers=2)
    assert (summary.analysed, summary.failed, summary.interrupted) == (10, 2, False)
    assert {e.code for e in summary.errors} == {"E001", "E002"}
    assert snapshot(tmp_path / "one.db") == snapshot(tmp_path / "many.db")
    assert stats.bytes_total > 0 and stats.bytes_read == stats.bytes_total
    assert 0 < max(stats.peak_rss.values()) < 1.5 * 2**30 and "nlp" in stats.timings
    again, _ = run_local([corpus], tmp_path / "many.db", workers=2)
    assert (again.analysed, again.skipped) == (0, 10)
    assert snapshot(tmp_path / "many.db")["articles"] == snapshot(tmp_path / "one.db")["articles"]


@pytest.mark.slow
def test_supervisor_isolates_crash_hang_and_bloat(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = "PARIS (AFP) - France said on Monday it would send aid to Haiti, story {}."
    names = {"a-good": good.format(1), "b-crash": "OSLO (AP) - Norway said SEGFAULT today.",
             "c-good": good.format(2), "d-wedge": "LIMA (AP) - Peru said WEDGE today.",
             "e-good": good.format(3), "f-bloat": "CAIRO (AP) - Egypt said BLOAT today.",
             "g-good": good.format(4)}
    for name, text in names.items():
        (folder / f"{name}.txt").write_text(text)
    config = Config(limit=2.0, factory="tests.test_scale:troubled_pipeline", rss_limit=1200 * 2**20)
    t0 = time.monotonic()
    summary, _ = run_local([folder], tmp_path / "d.db", workers=1, config=config)
    assert time.monotonic() - t0 < 240
    codes = {Path(e.source).stem: e.code for e in summary.errors}
    assert codes == {"b-crash": "E016", "d-wedge": "E008", "f-bloat": "E004"}
    assert summary.analysed == 4


def test_bad_configuration_is_one_clear_error(tmp_path):
    write_corpus(tmp_path / "in", 1, bad=False)
    with pytest.raises(DatelineError) as info:
        run_local([tmp_path / "in"], tmp_path / "d.db", workers=1, config=Config(model="no_such_model_xx"))
    assert info.value.code == "E009"


@pytest.mark.slow
def test_ctrl_c_commits_what_is_done_and_resumes(tmp_path):
    import subprocess
    import sys

    from .test_crash import _count, check_sound

    n = 200  # several batches of 32, so the interrupt lands between commits
    corpus = write_corpus(tmp_path / "in", n, bad=False)
    db = tmp_path / "d.db"
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db),
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while _count(db) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    done = check_sound(db)
    assert 5 <= done < n
    rerun = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db),
                            "--workers", "1"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"skipped (already stored) {done}" in rerun.stderr
    assert check_sound(db) == n
