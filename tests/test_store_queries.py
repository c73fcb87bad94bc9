"""The store's migrations, full-text search and filtered queries, checked against plain Python."""

from __future__ import annotations

import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import Store
from dateline.store import queries as Q
from dateline.store.sqlite import MIGRATIONS, day_bounds

from .test_web_corpus import PLACES, corpus, hostile_article


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "s.db"
    store = Store(db)
    articles = [*corpus(60), hostile_article()]
    for a in articles:
        store.add(a)
    yield store, articles
    store.close()


def test_day_bounds():
    assert day_bounds("2021-04-08") == ("2021-04-08", "2021-04-08")
    assert day_bounds("2020-02") == ("2020-02-01", "2020-02-29")
    assert day_bounds(None, "2020-09", "2020-11") == ("2020-09-01", "2020-11-30")
    assert day_bounds("199X") == ("1990-01-01", "1999-12-31")
    assert day_bounds("2021-W01") == ("2021-01-04", "2021-01-10")
    assert day_bounds("2021-Q2") == ("2021-04-01", "2021-06-30")
    assert day_bounds("2020-WI") == ("2020-12-01", "2021-02-28")
    assert day_bounds("2021-04-08T10:00+02:00") == ("2021-04-08", "2021-04-08")
    for junk in ("PAST_REF", "P3D", "", None, "2021-02-30", "yesterday"):
        assert day_bounds(junk) == (None, None)


@given(st.one_of(st.none(), st.text(max_size=20)), st.one_of(st.none(), st.text(max_size=12)))
@settings(max_examples=200, deadline=None)
def test_day_bounds_never_raises_and_is_ordered(value, begin):
    first, last = day_bounds(value, begin)
    assert (first is None) == (last is None)
    assert first is None or first <= last


def test_migration_from_version_1_backfills(tmp_path, filled):
    """A database made by migration 1 alone gains FTS, indexes and derived columns for its rows."""
    _, articles = filled
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at REAL)")
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO schema_version VALUES (1, 0)")
    from dateline.store.sqlite import article_rows

    for a in articles[:10]:
        for table, rows in article_rows(a).items():
            if table == "event_actors":
                continue
            known = {c[1] for c in conn.execute(f"PRAGMA table_info({table})")}  # columns migration 1 made
            for r in rows:
                r = {k: v for k, v in r.items() if k in known}
                cols = ", ".join(f'"{c}"' for c in r)
                conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in r)})", list(r.values()))
    conn.close()
    store = Store(db)
    assert store.schema_version() == len(MIGRATIONS)
    n_events = sum(len(a.events) for a in articles[:10])
    assert store.conn.execute("SELECT count(*) FROM events WHERE day_first IS NOT NULL").fetchone()[0] == n_events
    assert store.counts()["event_actors"] == sum(len(e.actors) + len(e.recipients)
                                                 for a in articles[:10] for e in a.events)
    hits = Q.search_articles(store.conn, Q.ArticleFilter(q="serial"), 50, 0)
    assert hits["total"] == 10


def test_fts_survives_vacuum(tmp_path):
    store = Store(tmp_path / "v.db")
    arts = corpus(12)
    for a in arts:
        store.add(a)
    store.conn.execute("DELETE FROM articles WHERE id = ?", (arts[0].id,))  # leaves a rowid gap
    store.vacuum()
    result = Q.search_articles(store.conn, Q.ArticleFilter(q="serial 000005"), 10, 0)
    assert [r["id"] for r in result["items"]] == [arts[5].id]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_fts_query_is_never_syntax():
    assert Q.fts_query('Ganja "shelled') == '"Ganja" "shelled"'
    assert Q.fts_query("sanction*") == '"sanction"*'
    assert Q.fts_query("NEAR(a b) OR title:x AND -y") == '"NEAR" "a" "b" "OR" "title" "x" "AND" "y"'
    assert Q.fts_query("\"'();--") is None


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_search_accepts_any_text(text):
    store = Store(":memory:")
    store.add(corpus(2)[0])
    Q.search_articles(store.conn, Q.ArticleFilter(q=text), 10, 0)
    Q.list_quotes(store.conn, text, text, 10, 0)


def test_search_ranks_and_snippets(filled):
    store, articles = filled
    r = Q.search_articles(store.conn, Q.ArticleFilter(q="Story serial 000007"), 10, 0)
    assert r["total"] == 1 and r["items"][0]["id"] == articles[7].id
    assert any(p["hit"] and p["text"] == "000007" for p in r["items"][0]["snippet_parts"])
    assert Q.HIT_OPEN not in r["items"][0]["snippet"]
    prefix = Q.search_articles(store.conn, Q.ArticleFilter(q="shel*"), 200, 0)
    assert prefix["total"] == sum(1 for a in articles if "shelled" in a.text)


def _expected(articles, f: Q.EventFilter) -> set[tuple[str, str]]:
    """The same filter computed in Python over the Article objects."""
    out = set()
    for a in articles:
        names = {e.id: e for e in a.entities}
        for ev in a.events:
            first, last = day_bounds(ev.date.value, ev.date.begin, ev.date.end)
            place = a.place(ev.place)
            if f.date_from and not (last and last >= f.date_from):
                continue
            if f.date_to and not (first and first <= f.date_to):
                continue
            if f.category and ev.category not in f.category:
                continue
            if f.country and not (place and place.country in f.country):
                continue
            if f.historical is not None and ev.flags.historical != f.historical:
                continue
            if f.place and not (place and place.name.lower() == f.place.lower()):
                continue
            ok = True
            for want, ids in ((f.actor, ev.actors), (f.recipient, ev.recipients)):
                if want and not any((names[x].actor and names[x].actor.code.startswith(want.upper()))
                                    or names[x].name.lower() == want.lower() for x in ids):
                    ok = False
            if f.bbox and not (place and f.bbox[1] <= place.lat <= f.bbox[3] and f.bbox[0] <= place.lon <= f.bbox[2]):
                ok = False
            if f.attributed_to == "source" and ev.attributed_to != "source":
                ok = False
            if f.attributed_to == "quoted" and ev.attributed_to == "source":
                ok = False
            if ok:
                out.add((a.id, ev.id))
    return out


def test_event_filters_match_python(filled):
    store, articles = filled
    rng = random.Random(3)
    cats = sorted({e.category for a in articles for e in a.events})
    for _ in range(60):
        f = Q.EventFilter(
            date_from=rng.choice([None, "2021-03-10", "1994-01-01"]),
            date_to=rng.choice([None, "2021-04-01", "1994-12-31"]),
            category=rng.sample(cats, rng.choice([0, 0, 1, 2])),
            actor=rng.choice([None, None, "ARM", "armmil", "protesters", "AZE"]),
            recipient=rng.choice([None, None, "AZE", "IGO", "United Nations"]),
            country=rng.sample(["AZ", "UA", "US", "RU"], rng.choice([0, 0, 1, 2])),
            historical=rng.choice([None, True, False]),
            place=rng.choice([None, None, "ganja", "Kyiv"]),
            bbox=rng.choice([None, None, (40.0, 35.0, 50.0, 45.0), (-80.0, 30.0, 0.0, 60.0)]),
            attributed_to=rng.choice([None, None, "source", "quoted"]))
        got = Q.list_events(store.conn, f, 200, 0)
        want = _expected(articles, f)
        assert {(r["article_id"], r["id"]) for r in got["items"]} == want, f
        assert got["total"] == len(want)
        assert sum(Q.stats(store.conn, f)["by_category"].values()) == len(want)


def test_event_rows_carry_participants_and_order(filled):
    store, _ = filled
    page = Q.list_events(store.conn, Q.EventFilter(actor="ARMMIL"), 50, 0)
    assert page["items"]
    days = [r["day_first"] for r in page["items"]]
    assert days == sorted(days, reverse=True)
    for r in page["items"]:
        assert any((x["code"] or "").startswith("ARMMIL") for x in r["actor_entities"])
    every = list(Q.iter_events(store.conn, Q.EventFilter(), batch=7))
    assert len(every) == store.counts()["events"] == len({(r["article_id"], r["id"]) for r in every})


def test_timeline_breaks_axis_at_long_gaps(filled):
    store, _ = filled
    s = Q.stats(store.conn, Q.EventFilter())
    segs = s["segments"]
    assert len(segs) == 2  # 1994 (historical) and 2021
    assert segs[0]["last"] < "1995" < segs[1]["first"]
    assert all(r["historical"] for r in segs[0]["rows"])
    assert sum(r["n"] for g in segs for r in g["rows"]) == s["total"] - s["undated"]
    weeks = Q.stats(store.conn, Q.EventFilter(), bucket="week")["segments"]
    assert all(g["bucket"] == "week" for g in weeks)
    from datetime import date

    assert all(date.fromisoformat(r["bucket"]).weekday() == 0 for g in weeks for r in g["rows"])


def test_timeline_buckets_are_never_finer_than_the_dates(tmp_path):
    """A segment holding only year-dated events ("in 1988") is drawn per year, one of month-dated
    events per month; a segment with a single-day event keeps its range's bucket."""
    from dateline.model import Article, Event, EventDate, EventFlags, Mention

    def article(n: int, values: list[str]) -> Article:
        text = " ".join(f"Event {i} happened." for i in range(len(values)))
        events = [Event(f"V{i + 1}", "AGREE", Mention(text.index(f"Event {i}"), text.index(f"Event {i}") + 7,
                                                      f"Event {i}"),
                        date=EventDate(value=v), flags=EventFlags(historical=v < "2021"))
                  for i, v in enumerate(values)]
        return Article(f"{n:064x}", text, events=events)

    store = Store(tmp_path / "t.db")
    store.add(article(1, ["1988", "1988", "1994-05", "2021-03-01", "2021-03-20"]))
    store.add(article(2, ["2021-03", "1961"]))
    segs = Q.stats(store.conn, Q.EventFilter())["segments"]
    assert [(g["first"][:4], g["bucket"]) for g in segs] == [("1961", "year"), ("1988", "year"),
                                                              ("1994", "month"), ("2021", "day")]
    assert [r["bucket"] for r in segs[1]["rows"]] == ["1988-01-01"] and segs[1]["rows"][0]["n"] == 2
    # an explicit bucket is obeyed as asked
    assert {g["bucket"] for g in Q.stats(store.conn, Q.EventFilter(), bucket="day")["segments"]} == {"day"}
    # the same events under a filter that leaves only the month-dated 2021 one
    only = Q.stats(store.conn, Q.EventFilter(article_id=f"{2:064x}", date_from="2000-01-01"))["segments"]
    assert [(g["first"], g["bucket"]) for g in only] == [("2021-03-01", "month")]
    for span, bucket in ((0, "day"), (5, "day"), (6, "week"), (28, "month"), (30, "month"), (364, "year"),
                         (None, "day")):
        assert Q.precision_bucket(span) == bucket
    store.close()


def test_map_network_quotes_entity(filled):
    store, articles = filled
    points = Q.map_points(store.conn, Q.EventFilter())
    assert {p["place"] for p in points} >= {p[0] for p in PLACES}
    assert sum(p["n"] for p in points) == store.counts()["events"]
    net = Q.network(store.conn, Q.EventFilter(category=["ASSAULT"]))
    assert net["edges"] and all(e["category"] == "ASSAULT" for e in net["edges"])
    assert {e["source"] for e in net["edges"]} <= {n["id"] for n in net["nodes"]}
    quotes = Q.list_quotes(store.conn, "sengendo", None, 50, 0)
    assert quotes["total"] > 0 and all(r["speaker_name"] == "Ahmad Kawesa Sengendo" for r in quotes["items"])
    assert Q.list_quotes(store.conn, "%", None, 50, 0)["total"] == 0  # LIKE wildcards are literal
    assert Q.list_quotes(store.conn, None, "strongest terms", 5, 0)["total"] == quotes["total"] + sum(
        1 for a in articles for q in a.quotes if "strongest" in q.text and q.speaker_name != "Ahmad Kawesa Sengendo")
    a = next(a for a in articles if a.quotes)
    speaker = a.quotes[0].speaker
    d = Q.entity_detail(store.conn, a, speaker)
    assert d["quotes"] and d["mentions"] and d["entity"]["id"] == speaker
    assert any("attributed_to" in ev["roles"] for ev in d["events"])
    assert Q.entity_detail(store.conn, a, "E999") is None


def test_db_commands(tmp_path):
    db = tmp_path / "c.db"
    store = Store(db)
    for a in corpus(5):
        store.add(a)
    store.close()
    runner = CliRunner()
    info = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert info.exit_code == 0, info.output
    assert f"schema version {len(MIGRATIONS)}" in info.output and "articles" in info.output
    vac = runner.invoke(app, ["db", "vacuum", "--db", str(db)])
    assert vac.exit_code == 0, vac.output
    assert Q.search_articles(Store(db, readonly=True).conn, Q.ArticleFilter(q="serial"), 10, 0)["total"] == 5


def test_attributed_to_matches_part_of_a_name_like_speaker(tmp_path):
    """``/api/events?attributed_to=`` and ``/api/quotes?speaker=`` both take part of a name, in any
    case, with LIKE wildcards taken literally; 'source' and 'quoted' keep their meaning."""
    import httpx

    from .test_web_corpus import SPEAKERS, serve

    db = tmp_path / "attr.db"
    store = Store(db)
    articles = corpus(24)
    for a in articles:
        store.add(a)
    store.close()

    def attributed(part: str) -> set[tuple[str, str]]:
        out = set()
        for a in articles:
            names = {e.id: e.name for e in a.entities}
            out |= {(a.id, ev.id) for ev in a.events
                    if ev.attributed_to != "source" and part.lower() in names[ev.attributed_to].lower()}
        return out

    with serve(db) as url, httpx.Client(base_url=url, timeout=20) as client:
        def events(value: str) -> set[tuple[str, str]]:
            items = client.get("/api/events", params={"attributed_to": value, "limit": 200}).json()["items"]
            return {(r["article_id"], r["id"]) for r in items}

        for full in SPEAKERS:
            surname = full.split()[-1]
            want = attributed(surname)
            assert want, full  # the corpus quotes every speaker
            for value in (full, surname, surname.upper(), full.split()[0].lower()):
                assert events(value) == attributed(value)
                speakers = {r["speaker_name"] for r in client.get(
                    "/api/quotes", params={"speaker": value, "limit": 200}).json()["items"]}
                assert speakers and all(value.lower() in s.lower() for s in speakers)
        assert events("Sengendo") == attributed("Sengendo") and events("sengendo") == events("Sengendo")
        assert events("%") == set() and events("_") == set()  # wildcards are literal
        quoted = events("quoted")
        assert quoted == attributed("") and events("source").isdisjoint(quoted)
