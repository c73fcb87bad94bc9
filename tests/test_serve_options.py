"""`dateline serve` settings: every one documented (docs/schema.md, "Server settings"), and
`--time-limit` reaching the POST /api/articles analysis worker of a real server process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import typer
from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import DEFAULT_TIME_LIMIT
from dateline.store import Store

from .conftest import ROOT
from .test_web_corpus import free_port

TOKEN = "serve-options-token"
SRC = ROOT / "src" / "dateline"


def serve_command():
    """The click command typer builds for `dateline serve` (typer vendors its own click)."""
    return typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]


def documented_settings() -> dict[str, str]:
    """Setting -> documented default, from the table under "## Server settings" in docs/schema.md."""
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    section = doc.split("## Server settings", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`[^|]*\|\s*([^|]*?)\s*\|", line)
        if m:
            rows[m.group(1)] = m.group(2).strip("`")
    return rows


def environment_settings() -> set[str]:
    """The DATELINE_* environment variables the server reads."""
    names = set()
    for path in (SRC / "web").glob("*.py"):
        names |= set(re.findall(r"environ(?:\.get)?[\[(]\s*[\"'](DATELINE_\w+)", path.read_text(encoding="utf-8")))
    return names


def test_every_serve_setting_is_documented_and_every_documented_one_exists():
    rows = documented_settings()
    options = {p.opts[0]: p for p in serve_command().params if p.param_type_name == "option"}
    env = environment_settings()
    assert "--time-limit" in options and "DATELINE_WRITE_TOKEN" in env
    assert set(options) | env == set(rows), "undocumented or stale server settings"
    for name, param in options.items():  # the documented default is the real one
        default = param.default
        if isinstance(default, float):
            assert float(rows[name]) == default, name
        else:
            assert rows[name] == str(default), name
    assert options["--time-limit"].default == DEFAULT_TIME_LIMIT  # the ingest's default


def test_time_limit_is_validated():
    result = CliRunner().invoke(app, ["serve", "--db", "nowhere.db", "--time-limit", "-1"])
    assert result.exit_code == 2 and "--time-limit" in result.output


def long_article(chars: int) -> str:
    """A plain news-like text of about ``chars`` characters (varied sentences, paragraphs)."""
    cities = ["Nairobi", "Lima", "Kathmandu", "Santiago", "Dhaka", "Manila", "Accra", "Quito"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    parts: list[str] = []
    i = size = 0
    while size < chars:
        c, d = cities[i % len(cities)], days[i % len(days)]
        parts.append(f"Officials in {c} said on {d} that {100 + i} families had left their homes after the river "
                     f"rose. Aid workers from the Red Cross arrived in {c} the next day.")
        if i % 4 == 3:
            parts.append("\n\n")
        size += len(parts[-1]) + 1
        i += 1
    return " ".join(parts)


@contextmanager
def serve_process(db: Path, *options: str) -> Iterator[tuple[httpx.Client, subprocess.Popen]]:
    """`dateline serve` as its own process (the real command line and uvicorn) with a write token."""
    port = free_port()
    env = {**os.environ, "DATELINE_WRITE_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port),
                             *options], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, proc.stderr.read().decode(errors="replace")[-2000:]
                try:
                    if client.get("/api/info").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            yield client, proc
    finally:
        proc.terminate()  # uvicorn shuts down and stops the analysis worker
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _post(client: httpx.Client, text: str) -> httpx.Response:
    return client.post("/api/articles", json={"text": text, "published": "2021-03-03"},
                       headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.mark.slow
def test_time_limit_reaches_the_post_analysis_worker(tmp_path):
    """The same article is stopped (E008) under a tight `--time-limit` and stored under the default:
    the option, not the text, decides. Parsing ~40,000 characters takes about a second on this
    machine, so 0.02 s a phase is exceeded however fast the machine is, and 120 s is never reached."""
    text = long_article(40_000)
    tight, default = tmp_path / "tight.db", tmp_path / "default.db"
    Store(tight).close()
    Store(default).close()
    with serve_process(tight, "--time-limit", "0.02") as (client, _):
        info = client.get("/api/info").json()
        assert info["writable"] is True and info["time_limit"] == pytest.approx(0.02)
        stopped = _post(client, text)
        assert stopped.status_code == 422 and stopped.json()["code"] == "E008", stopped.text
        assert "0.02" in stopped.json()["detail"]
        assert client.get("/api/info").json()["counts"]["articles"] == 0  # nothing half-stored
    with serve_process(default) as (client, _):
        assert client.get("/api/info").json()["time_limit"] == DEFAULT_TIME_LIMIT
        stored = _post(client, text)
        assert stored.status_code == 201, stored.text
        assert client.get("/api/info").json()["counts"]["articles"] == 1


def test_a_read_only_server_reports_no_time_limit(tmp_path, monkeypatch):
    monkeypatch.delenv("DATELINE_WRITE_TOKEN", raising=False)
    from .test_web_corpus import serve

    db = tmp_path / "ro.db"
    Store(db).close()
    with serve(db, write_token=None) as url:
        info = httpx.get(f"{url}/api/info", timeout=30).json()
    assert info["writable"] is False and info["time_limit"] is None
