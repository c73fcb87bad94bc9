"""The Ray engine on a local Ray (2 CPUs): same records as the local engine, Parquet readable as is."""

from __future__ import annotations

import json
import re
import time

import pytest
from typer.testing import CliRunner

from dateline.cli import app

from .test_scale import snapshot
from .test_scale_corpus import write_corpus

ray = pytest.importorskip("ray")
runner = CliRunner()


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def either_copy(snap: dict[str, list]) -> dict[str, list]:
    """Which of two identical files is kept depends on arrival order (in both engines): the kept
    article's origin is the only difference, so name both copies alike before comparing."""
    return {table: sorted(row.replace("zz-copy.txt", "story-0003.txt") for row in rows) for table, rows in snap.items()}


@pytest.mark.slow
def test_ray_engine_equals_local_engine(tmp_path, local_ray):
    corpus = write_corpus(tmp_path / "in", 8)
    # the same body under another name: analysed, but written once by both engines (as the store does)
    (corpus / "zz-copy.txt").write_text((corpus / "story-0003.txt").read_text())
    (tmp_path / "in" / "batch.jsonl").write_text(
        json.dumps({"text": "CAIRO, May 2 (Reuters) - Egypt's president met Sudan's leader in Cairo on Sunday.",
                    "title": "Egypt and Sudan", "published": "2020-05-02"}) + "\n{broken json\n")
    local = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "local.db"), "--workers", "2"])
    assert local.exit_code == 1, local.output  # the bad files fail, the batch goes on
    out = tmp_path / "parquet"
    remote = runner.invoke(app, ["ingest", str(corpus), "--engine", "ray", "--workers", "2", "--out", str(out)])
    assert remote.exit_code == 1, remote.output
    for output in (local.output, remote.output):
        assert "analysed 9, skipped (already stored) 1," in output, output
    # both engines end on the same progress line (documents, new, failed; full bar)
    bars = [[line for line in o.splitlines() if line.startswith("ingest")][-1] for o in (local.output, remote.output)]
    counts = [re.search(r"\d+ docs \(\d+ new, \d+ failed\)", b) for b in bars]
    assert all(counts) and counts[0].group(0) == counts[1].group(0) and all("100%" in b for b in bars), bars

    # the Parquet tables hold the store's rows, readable by pyarrow/pandas/DuckDB directly
    import pyarrow.dataset as pads

    articles = pads.dataset(out / "articles", format="parquet").to_table()
    assert articles.num_rows == 9 and {"id", "text", "json", "published"} <= set(articles.column_names)
    for table in ("entities", "mentions", "places", "times", "quotes", "events", "errors"):
        assert (out / table).is_dir(), table
    local_snapshot = either_copy(snapshot(tmp_path / "local.db"))
    for table in ("entities", "events", "quotes", "places"):
        rows = pads.dataset(out / table, format="parquet").to_table().to_pylist()
        cols = [c for c in rows[0]] if rows else []
        parquet_rows = sorted(json.dumps([r[c] for c in cols], default=str) for r in rows)
        assert len(parquet_rows) == len(local_snapshot[table]), table

    # loaded into SQLite, every table equals the local engine's
    imported = runner.invoke(app, ["import-parquet", str(out), "--db", str(tmp_path / "ray.db")])
    assert imported.exit_code == 0, imported.output
    assert either_copy(snapshot(tmp_path / "ray.db")) == local_snapshot
    again = runner.invoke(app, ["import-parquet", str(out), "--db", str(tmp_path / "ray.db")])
    assert "imported 0, skipped (already stored) 9" in again.output
    by_url = runner.invoke(app, ["import-parquet", out.resolve().as_uri(), "--db", str(tmp_path / "url.db")])
    assert by_url.exit_code == 0, by_url.output
    assert either_copy(snapshot(tmp_path / "url.db")) == local_snapshot


def test_ray_engine_needs_out(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path), "--engine", "ray"])
    assert result.exit_code == 1 and "--out" in result.output


def test_local_engine_refuses_urls(tmp_path):
    result = runner.invoke(app, ["ingest", "s3://bucket/news", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 1 and "--engine ray" in result.output


def test_a_file_named_twice_is_read_once(tmp_path):
    from dateline.scale.ray_engine import _inputs

    corpus = write_corpus(tmp_path / "in", 3, bad=False)
    files, origins = _inputs([str(corpus), str(corpus / "story-0001.txt"), str(corpus)])
    assert len(files) == 3 == len(set(files)) == len(origins)


def test_an_actor_returns_one_row_per_batch(tmp_path):
    """A batch's documents travel as one row (one Ray block): one row per document made Ray Data
    cut each batch's output into several small blocks, and the actor waited on the driver for each
    (issue 10). The sink still counts documents, and writes every table from the packed rows."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    from dateline.scale.local import Config
    from dateline.scale.ray_engine import Analyser, ContractSink

    texts = ["CAIRO, May 2 (Reuters) - Egypt's president met Sudan's leader in Cairo on Sunday.",
             "PARIS, Jan 5 (Reuters) - France's foreign minister said on Monday he would visit Kenya."]
    error = json.dumps({"code": "E016", "detail": "reader failed", "source": "bad.jsonl"})
    batch = pa.table({"text": texts + [""], "hints": ["{}", "{}", "{}"], "origin": ["a.txt", "b.txt", "bad.jsonl"],
                      "error": ["", "", error]})
    out = Analyser(Config())(batch)
    assert out.num_rows == 1 and out["docs"].to_pylist() == [3]

    sink = ContractSink(str(tmp_path / "out"), rows_per_write=64, docs_per_row=32)
    assert sink.min_rows_per_write == 2
    summary = sink.write([out], None)
    assert (summary["analysed"], summary["failed"]) == (2, 1)
    assert [e[0] for e in summary["errors"]] == ["E016"]
    assert pads.dataset(tmp_path / "out" / "articles", format="parquet").to_table().num_rows == 2
    assert pads.dataset(tmp_path / "out" / "errors", format="parquet").to_table().num_rows == 1


def test_an_actor_feeds_the_progress_tally(tmp_path):
    """Each analysed batch reports its documents by kind (after the registry's verdict) and its
    share of the input bytes, without waiting for an answer."""
    import pyarrow as pa

    from dateline.scale.local import Config
    from dateline.scale.ray_engine import Analyser, Tally

    class Remote:  # stands in for a Ray actor handle: `.add.remote(...)` reaches a real Tally
        def __init__(self) -> None:
            self.tally = Tally()
            self.add = type("Method", (), {"remote": staticmethod(self.tally.add)})()

    texts = ["CAIRO, May 2 (Reuters) - Egypt's president met Sudan's leader in Cairo on Sunday.",
             "PARIS, Jan 5 (Reuters) - France's foreign minister said on Monday he would visit Kenya."]
    error = json.dumps({"code": "E016", "detail": "reader failed", "source": "bad.jsonl"})
    batch = pa.table({"text": texts + [""], "hints": ["{}"] * 3, "origin": ["a.txt", "b.txt", "bad.jsonl"],
                      "error": ["", "", error], "size": [80, 90, 7]})
    feed = Remote()
    Analyser(Config(), tally=feed)(batch)
    Analyser(Config(), tally=feed)(batch.slice(0, 1))
    assert feed.tally.snapshot() == {"analysed": 3, "skipped": 0, "failed": 1, "bytes": 257}


def test_records_share_their_file_bytes(tmp_path):
    """The byte shares of a file's records add up to the file's size (the bar's total)."""
    from dateline.scale.ray_engine import _records

    lines = [json.dumps({"text": f"Story {i}: Kenya's president met aid agencies in Nairobi.", "title": f"t{i}"})
             for i in range(3)]
    data = ("\n".join(lines) + "\n{broken json\n").encode()
    rows = list(_records({"path": "batch.jsonl", "bytes": data}, {}))
    assert len(rows) >= 3 and sum(r["size"] for r in rows) == len(data)
    story = b"PARIS (AFP) - France said on Monday it would help."
    assert [r["size"] for r in _records({"path": "one.txt", "bytes": story}, {})] == [len(story)]


class _Console:
    """A rich Console writing to a string, as a terminal or not."""

    def __init__(self, terminal: bool):
        import io

        from rich.console import Console

        self.buffer = io.StringIO()
        self.console = Console(file=self.buffer, force_terminal=terminal, width=140)


@pytest.mark.parametrize("terminal", [True, False])
def test_ingest_draws_the_ray_progress_like_the_local_bar(tmp_path, monkeypatch, terminal):
    """`ingest --engine ray` draws the local engine's bar: live counts (from the engine's progress
    callback) only on a terminal, and the final line from the run's own summary either way."""
    from dateline.ingest import Summary
    from dateline.scale import ingest_command, ray_engine
    from dateline.scale.local import Stats

    asked = []

    def fake_run_ray(paths, out, address=None, cpus=None, config=None, progress=None):
        asked.append(progress)
        stats = Stats(bytes_total=1_000)
        if progress:
            for done in (1, 2):
                stats.bytes_read = 400 * done
                progress(Summary(analysed=done), stats)
                time.sleep(0.25)  # the bar redraws at most every 0.2 s
        stats.bytes_read = 1_000
        return ray_engine.RayResult(Summary(analysed=2, skipped=1, failed=1), 1.0, str(out), {}, stats)

    monkeypatch.setattr(ray_engine, "run_ray", fake_run_ray)
    shown = _Console(terminal)
    summary = ingest_command([str(tmp_path)], db=tmp_path / "unused.db", engine="ray", out=str(tmp_path / "o"),
                             console=shown.console)
    assert (summary.analysed, summary.skipped, summary.failed) == (2, 1, 1)
    assert (asked[0] is not None) == terminal  # no live counts where nothing is redrawn
    text = shown.buffer.getvalue()
    assert "4 docs (2 new, 1 failed)" in text and "100%" in text, text
    if terminal:
        assert "2 docs (2 new, 0 failed)" in text and "80%" in text, text  # a live draw before the end

    quiet = []
    monkeypatch.setattr(ray_engine, "run_ray", lambda *a, **k: quiet.append(k["progress"]) or fake_run_ray(*a, **k))
    ingest_command([str(tmp_path)], db=tmp_path / "unused.db", engine="ray", out=str(tmp_path / "q"), console=None)
    assert quiet == [None]


def test_quiet_ingest_draws_no_bar(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("PARIS (AFP) - France said on Monday it would send aid to Chad.")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "d.db"), "--workers", "0",
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    assert "analysed 1," in result.output and not any(line.startswith("ingest") for line in result.output.splitlines())


@pytest.mark.slow
def test_ray_run_reports_progress(tmp_path, local_ray, monkeypatch):
    """A real Ray run hands the progress callback rising counts from a driver thread, at most a
    few times a second, ending on the run's own counts and every input byte."""
    from dateline.scale import ray_engine
    from dateline.scale.local import Config

    corpus = write_corpus(tmp_path / "in", 6)
    total = sum(p.stat().st_size for p in corpus.iterdir())
    seen = []

    def progress(summary, stats):
        seen.append((time.monotonic(), summary.analysed + summary.skipped + summary.failed, stats.bytes_read,
                     stats.bytes_total))

    result = ray_engine.run_ray([str(corpus)], str(tmp_path / "out"), cpus=2, config=Config(), progress=progress)
    done = result.summary.analysed + result.summary.skipped + result.summary.failed
    assert done == 8 and seen
    assert [s[1] for s in seen] == sorted(s[1] for s in seen) and [s[2] for s in seen] == sorted(s[2] for s in seen)
    assert seen[-1][1:] == (done, total, total) and result.stats.bytes_total == total
    gaps = [b[0] - a[0] for a, b in zip(seen, seen[1:-1])]  # the last call is the end-of-stream read
    assert all(g >= ray_engine.PROGRESS_SECONDS * 0.8 for g in gaps), gaps
