import json
import sqlite3

import pytest
from typer.testing import CliRunner

from dateline.cli import app

from .conftest import EXAMPLES, FOUNDING

runner = CliRunner()


def test_analyze_json():
    result = runner.invoke(app, ["analyze", str(FOUNDING), "--format", "json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["article"]["published"].startswith("2021-04-08")
    assert d["text"].startswith("The Organization of Islamic Cooperation")


def test_analyze_pretty():
    result = runner.invoke(app, ["analyze", str(FOUNDING), "--format", "pretty"])
    assert result.exit_code == 0, result.output
    assert "Elchin Mehdiyev" in result.stdout


def test_analyze_stdin_with_published():
    result = runner.invoke(app, ["analyze", "-", "--published", "1987-02-26"],
                           input="SALVADOR, Feb 26 - Brazil said it would suspend payments.")
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["article"]["dateline"]["date"] == "1987-02-26"


def test_analyze_missing_file_is_clear_error():
    result = runner.invoke(app, ["analyze", "no/such/file.txt"])
    assert result.exit_code == 1
    assert "no/such/file.txt" in result.output


def counts(db):
    conn = sqlite3.connect(db)
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ["articles", "entities", "mentions", "places", "times", "quotes", "events"]}


def test_ingest_is_idempotent(tmp_path):
    db = tmp_path / "d.db"
    first = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert first.exit_code == 0, first.output
    before = counts(db)
    assert before["articles"] == len(list(EXAMPLES.glob("*.txt")))
    second = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert second.exit_code == 0
    assert "skipped (already stored) %d" % before["articles"] in second.output
    assert counts(db) == before


def test_ingest_reports_bad_file_and_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "good.txt").write_text("PARIS (AFP) - France said on Monday it would send aid to Haiti.")
    db = tmp_path / "d.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "E001" in result.output
    assert counts(db)["articles"] == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT code FROM errors").fetchall() == [("E001",)]


def test_db_info(tmp_path):
    db = tmp_path / "d.db"
    runner.invoke(app, ["ingest", str(FOUNDING), "--db", str(db)])
    result = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert result.exit_code == 0
    assert "schema version" in result.output


def test_eval_unknown_task_is_clear_error(tmp_path):
    result = runner.invoke(app, ["eval", "nonsense", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown eval task" in result.output


@pytest.mark.parametrize("workers", ["0", "1"])
def test_ingest_progress_bar_ends_on_the_real_count(tmp_path, workers):
    """The bar is redrawn at most every 0.2 s, so its final line must be drawn from the final
    summary: every document counted, full, in-process (--workers 0) or with worker processes."""
    (tmp_path / "in").mkdir()
    for i, country in enumerate(["Haiti", "Chad", "Peru"]):
        (tmp_path / "in" / f"{i}.txt").write_text(f"PARIS (AFP) - France said on Monday it would send aid to {country}.")
    db = tmp_path / "d.db"
    first = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--workers", workers])
    assert first.exit_code == 0, first.output
    bar = [line for line in first.output.splitlines() if line.startswith("ingest")][-1]
    assert "3 docs (3 new, 0 failed)" in bar and "100%" in bar, bar
    again = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--workers", workers])
    bar = [line for line in again.output.splitlines() if line.startswith("ingest")][-1]
    assert "3 docs (0 new, 0 failed)" in bar and "100%" in bar, bar
