"""The API and pages over a real uvicorn server on localhost."""

import httpx
import pytest

import dateline
from dateline.store import Store

from .conftest import FOUNDING
from .test_web_corpus import serve


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "d.db"
    store = Store(db)
    store.add(dateline.analyze(FOUNDING.read_text(encoding="utf-8")))
    hostile = "Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> were found in Baku."
    store.add(dateline.analyze(hostile, title="<script>alert('t')</script>"))
    store.close()
    with serve(db) as url:
        yield url


def test_list_and_get(server):
    r = httpx.get(server + "/api/articles")
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == 2
    trend = next(i for i in items if i["source"] == "Trend")
    d = httpx.get(server + f"/api/articles/{trend['id']}").json()
    assert d["article"]["authors"] == ["Elchin Mehdiyev"]


def test_missing_article_is_404(server):
    assert httpx.get(server + "/api/articles/nope").status_code == 404


def test_page_size_is_validated(server):
    assert httpx.get(server + "/api/articles?limit=100000").status_code == 422


def test_article_page_escapes_text(server):
    items = httpx.get(server + "/api/articles").json()["items"]
    hostile = next(i for i in items if i["source"] != "Trend")
    page = httpx.get(server + f"/articles/{hostile['id']}").text
    assert "<script>alert" not in page
    import re

    text = re.sub(r"</?span[^>]*>", "", page)  # highlights split the text into runs
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in page


def test_article_page_highlights(server):
    items = httpx.get(server + "/api/articles").json()["items"]
    trend = next(i for i in items if i["source"] == "Trend")
    page = httpx.get(server + f"/articles/{trend['id']}").text
    assert 'class="entity' in page and "Sengendo" in page


def test_security_headers(server):
    r = httpx.get(server + "/")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
