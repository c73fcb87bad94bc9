"""The web UI in a real browser (Debian's chromium driven by Playwright) over a real server.

Search → article → evidence; the events explorer with its timeline, map and network drawn;
hostile article text shown as text with none of its script running. Screenshots for the README
are written to docs/screenshots/ when DATELINE_SCREENSHOTS is set.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from dateline.store import Store

from .conftest import ROOT
from .test_web_corpus import HOSTILE_TITLE, corpus, hostile_article, serve

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
# Screenshots go to docs/screenshots/ (the README's) only when asked, so a test run leaves the tree clean:
#   DATELINE_SCREENSHOTS=1 .venv/bin/pytest tests/test_browser.py
SHOTS = ROOT / "docs" / "screenshots" if os.environ.get("DATELINE_SCREENSHOTS") else Path(tempfile.gettempdir())

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "b.db"
    store = Store(db)
    for a in [*corpus(80), hostile_article()]:
        store.add(a)
    store.close()
    with serve(db) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def test_search_article_evidence(page, site):
    page.goto(site + "/")
    page.fill("input[name=q]", "serial 000012")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("ol.results li.result")
    assert page.locator("ol.results mark").count() >= 1
    page.click("ol.results a.result-title")
    page.wait_for_selector("#text")
    first = page.locator(".event-link").first
    event_id = first.get_attribute("data-event")
    first.click()
    active = page.locator(f"#text .{event_id}.active")
    assert active.count() >= 1
    card = page.locator(f"#card-{event_id}")
    assert card.is_visible()
    evidence = card.locator(".evidence-text").inner_text()
    assert evidence and evidence in page.locator("#text").inner_text()
    assert "".join(active.all_inner_texts()) == evidence  # the highlighted runs are exactly the evidence
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "article.png"))
    assert not page.errors, page.errors


def test_event_table_links_to_its_evidence(page, site):
    page.goto(site + "/events?category=ASSAULT")
    link = page.locator("a.evidence-link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_selector("#text")
    event_id = href.split("#")[1]
    assert page.locator(f"#text .{event_id}.active").count() >= 1
    assert page.locator(f"#card-{event_id}").is_visible()


def test_events_explorer_draws_charts(page, site):
    page.goto(site + "/events")
    page.wait_for_selector("#timeline svg rect.bar")
    page.wait_for_selector("#map svg circle.point")
    page.wait_for_selector("#network svg circle.node")
    assert page.locator("#timeline svg g.segment").count() == 2  # 1994 and 2021
    assert page.locator("#timeline rect.bar.historical").count() >= 1
    assert page.locator("#map svg path.country").count() > 150
    assert page.locator("#map svg circle.point").count() >= 6
    assert page.locator("#network svg path.edge").count() >= 5
    labels = page.locator("#network svg text.label").all_text_contents()
    assert "ARMMIL" in labels
    assert page.locator(".legend-item").count() >= 5
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / "events.png"), full_page=False)
    page.goto(site + "/events?country=UA")
    page.wait_for_selector("#map svg circle.point")
    assert page.locator("#map svg circle.point").count() == 1
    assert not page.errors, page.errors


def test_hostile_article_runs_nothing(page, site):
    a = hostile_article()
    for path in [f"/articles/{a.id}", "/", "/events", "/quotes", f"/entities/{a.id}/E1", "/?q=Officials"]:
        page.goto(site + path)
        page.wait_for_load_state("load")
        if path == "/events":
            page.wait_for_selector("#network svg")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("img, iframe, svg[onload]").count() == 0 or path == "/events"
    page.goto(site + f"/articles/{a.id}")
    assert HOSTILE_TITLE in page.locator("h1").inner_text()  # shown as text
    assert "<script>window.__pwned=4</script>" in page.locator("#text").inner_text()
    page.locator(".event-link").first.click()
    page.locator("#text .event").first.click()
    page.goto(site + "/events")
    page.wait_for_selector("#network svg text.label")
    assert any("</text><script>" in t for t in page.locator("#network svg text.label").all_text_contents())
    assert page.evaluate("window.__pwned") is None
    assert not page.dialogs


def test_api_docs_work_offline(page, site):
    page.goto(site + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path").count() >= 8
