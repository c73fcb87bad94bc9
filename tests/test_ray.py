"""The Ray engine on a local Ray (2 CPUs): same records as the local engine, Parquet readable as is."""

from __future__ import annotations

import json

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
