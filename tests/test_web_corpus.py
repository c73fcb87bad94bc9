"""A synthetic, fully annotated corpus for the store, API, export and browser tests, and a server.

The analysis stages are tested elsewhere; these tests need articles with known events, actors,
places, quotes and dates (including historical and hostile ones) so that filters, counts and
pages can be checked exactly. Articles are built sentence by sentence with their offsets, and
the tests below check they satisfy the same span invariant as analysed articles.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from dateline.model import (Actor, Article, Entity, Event, EventDate, EventFlags, Mention, Metadata, Place, Quote,
                            TimeExpression, article_id)

# (name, type, actor code)
ACTORS = [
    ("Armenian Armed Forces", "ORG", "ARMMIL"), ("Azerbaijan", "COUNTRY", "AZE"), ("Armenia", "COUNTRY", "ARM"),
    ("Organization of Islamic Cooperation", "IGO", "IGOMOS"), ("Russian Government", "ORG", "RUSGOV"),
    ("Ukrainian police", "ORG", "UKRCOP"), ("protesters", "OTHER", None), ("United Nations", "IGO", "IGOUNO"),
]
# (name, ISO2, lat, lon)
PLACES = [("Ganja", "AZ", 40.68, 46.36), ("Baku", "AZ", 40.38, 49.89), ("Yerevan", "AM", 40.18, 44.51),
          ("Kyiv", "UA", 50.45, 30.52), ("Moscow", "RU", 55.75, 37.62), ("New York", "US", 40.71, -74.01)]
VERBS = {"ASSAULT": "shelled", "CONSULT": "met", "ACCUSE": "accused", "AID": "sent aid to", "PROTEST": "protested against",
         "SUPPORT": "backed", "THREATEN": "threatened", "AGREE": "agreed with"}
SPEAKERS = ["Ahmad Kawesa Sengendo", "Elchin Mehdiyev", "Maria Zakharova"]

HOSTILE_TITLE = "<script>window.__pwned=1</script> Breaking"
HOSTILE_NAME = "<img src=x onerror=\"window.__pwned=2\">"
HOSTILE_PLACE = "javascript:window.__pwned=3"


class Builder:
    """Appends sentences to an article text and records annotations with exact offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.entities: dict[str, Entity] = {}
        self.places: dict[str, Place] = {}
        self.events: list[Event] = []
        self.quotes: list[Quote] = []
        self.times: list[TimeExpression] = []

    def add(self, s: str) -> tuple[int, int]:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += s
        return start, len(self.text)

    def entity(self, name: str, type_: str, code: str | None, start: int) -> str:
        ent = self.entities.get(name)
        if ent is None:
            ent = Entity(f"E{len(self.entities) + 1}", name, type_, actor=Actor(code) if code else None)
            self.entities[name] = ent
        ent.mentions.append(Mention.of(self.text, start, start + len(name)))
        return ent.id

    def place(self, name: str, country: str, lat: float, lon: float, start: int) -> str:
        p = self.places.get(name)
        if p is None:
            p = Place(f"P{len(self.places) + 1}", name, country=country, lat=lat, lon=lon, feature="city")
            self.places[name] = p
        p.mentions.append(Mention.of(self.text, start, start + len(name)))
        return p.id

    def event(self, actor, category: str, recipient, place, day: date, historical: bool = False,
              attributed_to: str = "source") -> None:
        """One sentence "<actor> <verb> <recipient> in <place> on <day>." with its event."""
        (an, at, ac), (rn, rt, rc), (pn, pc, plat, plon) = actor, recipient, place
        when = day.strftime("%d %B %Y")
        s, e = self.add(f"{an} {VERBS[category]} {rn} in {pn} on {when}.")
        a_id = self.entity(an, at, ac, s)
        r_start = s + len(an) + 1 + len(VERBS[category]) + 1
        r_id = self.entity(rn, rt, rc, r_start)
        p_start = r_start + len(rn) + 4
        p_id = self.place(pn, pc, plat, plon, p_start)
        t_start = p_start + len(pn) + 4
        t_id = f"T{len(self.times) + 1}"
        self.times.append(TimeExpression(t_id, when, t_start, t_start + len(when), "DATE", day.isoformat(),
                                         day.isoformat(), day.isoformat()))
        trig = s + len(an) + 1
        self.events.append(Event(
            f"V{len(self.events) + 1}", category, Mention.of(self.text, s, e), actors=[a_id], recipients=[r_id],
            date=EventDate(day.isoformat(), day.isoformat(), day.isoformat(), "explicit", t_id), place=p_id,
            place_basis="explicit", attributed_to=attributed_to, flags=EventFlags(historical=historical),
            trigger=Mention.of(self.text, trig, trig + len(VERBS[category].split()[0]))))

    def quote(self, speaker: str, content: str) -> None:
        s, _ = self.add(f"\u201c{content}\u201d, said {speaker}.")
        q_start = s + 1
        sp_start = q_start + len(content) + 8
        sp_id = self.entity(speaker, "PERSON", None, sp_start)
        self.quotes.append(Quote(f"Q{len(self.quotes) + 1}", content, q_start, q_start + len(content), "direct",
                                 cue=Mention.of(self.text, sp_start - 5, sp_start - 1), speaker=sp_id,
                                 speaker_name=speaker, speaker_mention=Mention.of(self.text, sp_start,
                                                                                  sp_start + len(speaker)),
                                 speaker_basis="name"))

    def article(self, title: str, published: str, source: str) -> Article:
        return Article(article_id(self.text), self.text,
                       Metadata(title=title, published=published, source=source, language="en", authors=["A. Writer"]),
                       list(self.entities.values()), list(self.places.values()), self.times, self.quotes, self.events)


def make_article(i: int, rng: random.Random, start: date = date(2021, 3, 1)) -> Article:
    """Article ``i``: 1–3 current events, sometimes a historical one and a quote."""
    b = Builder()
    day = start + timedelta(days=rng.randrange(60))
    cats = sorted(VERBS)
    for _ in range(rng.randint(1, 3)):
        a, r = rng.sample(ACTORS, 2)
        b.event(a, rng.choice(cats), r, rng.choice(PLACES), day - timedelta(days=rng.randrange(3)))
    if i % 4 == 0:
        b.event(ACTORS[0], "ASSAULT", ACTORS[1], PLACES[0], date(1994, 5, 12) + timedelta(days=i % 30),
                historical=True)
    if i % 3 == 0:
        speaker = SPEAKERS[(i // 3) % len(SPEAKERS)]
        b.quote(speaker, f"We condemn the attack number {i} in the strongest terms")
        b.events[-1].attributed_to = b.entities[speaker].id
    b.add(f"Story serial {i:06d}.")
    return b.article(f"Report {i}: {b.events[0].category.lower()} in {b.places[next(iter(b.places))].name}",
                     f"{day.isoformat()}T{rng.randrange(24):02d}:00", ["Trend", "Reuters", "AP"][i % 3])


def hostile_article() -> Article:
    """Script, event-handler and javascript: payloads in every field a page shows."""
    b = Builder()
    b.add("<script>window.__pwned=4</script> Officials said <img src=x onerror=window.__pwned=5> "
          "<a href=\"javascript:window.__pwned=6\">click</a> <svg onload=window.__pwned=7></svg>.")
    b.event((HOSTILE_NAME, "PERSON", "</text><script>x</script>"), "ASSAULT", ACTORS[1],
            (HOSTILE_PLACE, "AZ", 40.0, 47.0), date(2021, 4, 1))
    b.quote("<b onmouseover=window.__pwned=8>Mallory</b>", "<iframe src=javascript:window.__pwned=9>")
    return b.article(HOSTILE_TITLE, "2021-04-01T10:00", "<script>src</script>")


def corpus(n: int = 40, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    return [make_article(i, rng) for i in range(n)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, **options) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 over ``db`` (in a thread), yielding its base URL."""
    import uvicorn

    from dateline.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(db, **options), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


# -- the generator's own tests ------------------------------------------------------------

def test_synthetic_articles_satisfy_the_span_invariant():
    for a in [*corpus(30), hostile_article()]:
        for kind, m in a.spans():
            assert a.text[m.start:m.end] == m.text, (kind, m)
        assert Article.from_json(a.to_json()).to_dict() == a.to_dict()


def test_corpus_is_deterministic_and_varied():
    one, two = corpus(20), corpus(20)
    assert [a.id for a in one] == [a.id for a in two]
    assert len({a.id for a in one}) == 20
    cats = {e.category for a in one for e in a.events}
    assert len(cats) >= 5
    assert any(e.flags.historical for a in one for e in a.events)
    assert any(e.attributed_to != "source" for a in one for e in a.events)
