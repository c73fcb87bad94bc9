"""Take the README's screenshots from real pipeline output: the examples/ folder ingested by
`dateline ingest`, served by `dateline serve`, photographed in Debian's chromium via Playwright.

Usage: .venv/bin/python docs/screenshots/take.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent / "dateline"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shots.db"
        subprocess.run([str(BIN), "ingest", str(ROOT / "examples"), "--db", str(db), "--workers", "0"], check=True)
        server = subprocess.Popen([str(BIN), "serve", "--db", str(db), "--port", "8799"])
        try:
            base = "http://127.0.0.1:8799"
            for _ in range(100):
                try:
                    httpx.get(base + "/api/articles")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            items = httpx.get(base + "/api/articles").json()["items"]
            trend = next(i for i in items if i.get("source") == "Trend")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/articles/{trend['id']}")
                page.wait_for_load_state("networkidle")
                first_event = page.locator(".event-link").first
                if first_event.count():
                    first_event.click()
                page.screenshot(path=str(OUT / "article.png"))
                page.goto(f"{base}/events")
                page.wait_for_load_state("networkidle")
                time.sleep(1.0)
                page.screenshot(path=str(OUT / "events.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
