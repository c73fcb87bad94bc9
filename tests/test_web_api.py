"""The JSON API over a real uvicorn server on 127.0.0.1: filters, validation, pagination, pages."""

from __future__ import annotations

import httpx
import pytest

from dateline.store import Store

from .test_web_corpus import corpus, hostile_article, serve


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    db = tmp_path_factory.mktemp("webapi") / "w.db"
    store = Store(db)
    articles = [*corpus(40), hostile_article()]
    for a in articles:
        store.add(a)
    store.close()
    with serve(db) as url:
        with httpx.Client(base_url=url, timeout=20) as client:
            yield client, articles


def test_articles_search_and_pagination(api):
    client, articles = api
    r = client.get("/api/articles", params={"limit": 10})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(articles) and len(body["items"]) == 10
    second = client.get("/api/articles", params={"limit": 10, "offset": 10}).json()
    assert not {i["id"] for i in body["items"]} & {i["id"] for i in second["items"]}
    hit = client.get("/api/articles", params={"q": "serial 000012"}).json()
    assert [i["id"] for i in hit["items"]] == [articles[12].id]
    assert client.get("/api/articles", params={"source": "trend"}).json()["total"] == sum(
        1 for a in articles if a.article.source == "Trend")
    assert client.get("/api/articles", params={"category": "ASSAULT"}).json()["total"] == sum(
        1 for a in articles if any(e.category == "ASSAULT" for e in a.events))


def test_article_and_entity(api):
    client, articles = api
    a = next(a for a in articles if a.quotes)
    d = client.get(f"/api/articles/{a.id}").json()
    assert d["id"] == a.id and d["events"] and d["text"] == a.text
    speaker = a.quotes[0].speaker
    ent = client.get(f"/api/entities/{a.id}/{speaker}").json()
    assert ent["quotes"][0]["text"] == a.quotes[0].text
    assert ent["elsewhere"]  # the same speaker is quoted in other articles
    assert client.get(f"/api/entities/{a.id}/E999").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_events_filters(api):
    client, articles = api
    r = client.get("/api/events", params={"category": "ASSAULT", "country": "AZ", "limit": 200}).json()
    want = {(a.id, e.id) for a in articles for e in a.events
            if e.category == "ASSAULT" and a.place(e.place).country == "AZ"}
    assert {(i["article_id"], i["id"]) for i in r["items"]} == want and r["total"] == len(want)
    hist = client.get("/api/events", params={"historical": "true", "limit": 200}).json()
    assert hist["total"] == sum(e.flags.historical for a in articles for e in a.events)
    assert all(i["day_first"] < "2000" for i in hist["items"])
    both = client.get("/api/events", params=[("category", "AID"), ("category", "PROTEST")]).json()
    assert both["total"] == client.get("/api/events", params={"category": "aid,protest"}).json()["total"] > 0
    box = client.get("/api/events", params={"bbox": "44,39,50,42", "limit": 200}).json()  # the Caucasus
    assert box["total"] and all(i["country"] in ("AZ", "AM") for i in box["items"])
    quoted = client.get("/api/events", params={"attributed_to": "Ahmad Kawesa Sengendo"}).json()
    assert quoted["total"] and all(i["attributed_name"] == "Ahmad Kawesa Sengendo" for i in quoted["items"])
    dated = client.get("/api/events", params={"date_from": "2021-04", "date_to": "2021-04"}).json()
    assert dated["total"] and all("2021-04-01" <= i["day_first"] <= "2021-04-30" for i in dated["items"])
    actor = client.get("/api/events", params={"actor": "ARM", "recipient": "AZE"}).json()
    assert actor["total"] and all(i["actor_entities"][0]["code"].startswith("ARM") for i in actor["items"])


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 201}, {"offset": -1}, {"offset": 10**9}, {"date_from": "2021-02-30"},
    {"date_to": "yesterday"}, {"category": "BOMB"}, {"country": "AZE"}, {"bbox": "1,2,3"},
    {"bbox": "0,50,10,40"}, {"bbox": "nan,0,1,1"}, {"historical": "maybe"}, {"q": "x" * 501},
])
def test_invalid_parameters_are_clear_4xx(api, params):
    client, _ = api
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, (params, r.text)
    assert r.json()["detail"]


def test_empty_form_fields_mean_no_filter(api):
    client, articles = api
    empty = {k: "" for k in ["date_from", "date_to", "category", "actor", "recipient", "country", "bbox",
                             "historical", "attributed_to", "place", "source", "q"]}
    assert client.get("/api/events", params=empty).json()["total"] == sum(len(a.events) for a in articles)


def test_stats_map_network_quotes(api):
    client, articles = api
    s = client.get("/api/stats").json()
    assert s["total"] == sum(len(a.events) for a in articles)
    assert sum(s["by_category"].values()) == s["total"]
    assert len(s["segments"]) == 2
    assert client.get("/api/stats", params={"bucket": "month"}).json()["segments"][0]["bucket"] == "month"
    assert client.get("/api/stats", params={"bucket": "hour"}).status_code == 422
    m = client.get("/api/map", params={"country": "UA"}).json()["points"]
    assert [p["place"] for p in m] == ["Kyiv"]
    net = client.get("/api/network", params={"category": "CONSULT"}).json()
    assert all(e["category"] == "CONSULT" for e in net["edges"])
    q = client.get("/api/quotes", params={"speaker": "Mehdiyev"}).json()
    assert q["total"] and all("Mehdiyev" in i["speaker_name"] for i in q["items"])
    info = client.get("/api/info").json()
    assert info["counts"]["articles"] == len(articles) and info["writable"] is False


def test_openapi_documents_the_endpoints(api):
    client, _ = api
    spec = client.get("/openapi.json").json()
    for path in ["/api/articles", "/api/articles/{article_id}", "/api/events", "/api/quotes",
                 "/api/entities/{article_id}/{entity_id}", "/api/stats", "/api/map", "/api/network"]:
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "<script>" not in docs.text.replace('<script src=', '')  # no inline script even here
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_pages_render(api):
    client, articles = api
    a = next(a for a in articles if a.events and a.quotes)
    for path in ["/", "/?q=shelled", "/events", "/events?category=ASSAULT&historical=false", "/quotes?speaker=Zak",
                 f"/articles/{a.id}", f"/entities/{a.id}/{a.events[0].actors[0]}", "/static/world.json"]:
        r = client.get(path)
        assert r.status_code == 200, path
    page = client.get(f"/articles/{a.id}").text
    assert f'data-event="ev-{a.events[0].id}"' in page and f'id="card-ev-{a.events[0].id}"' in page
    assert client.get("/events?date_from=2021-02-30").status_code == 422
