"""A readable summary of an Article for the terminal (``dateline analyze --format pretty``)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .model import Article


def render(a: Article) -> Group:
    m = a.article
    head = Text()
    head.append(f"{m.title or '(untitled)'}\n", style="bold")
    head.append(f"published {m.published}  source {m.source}  authors {', '.join(m.authors) or '-'}\n")
    if m.dateline:
        head.append(f"dateline {m.dateline.text!r} → {m.dateline.date}\n")
    names = {e.id: e.name for e in a.entities}
    ents = Table("id", "name", "type", "actor", "mentions", title="entities")
    for e in a.entities:
        ents.add_row(e.id, e.name, e.type, e.actor.code if e.actor else "", str(len(e.mentions)))
    places = Table("id", "name", "country", "feature", "lat", "lon", title="places")
    for p in a.places:
        places.add_row(p.id, p.name, p.country or "", p.feature or "", f"{p.lat}", f"{p.lon}")
    times = Table("text", "type", "value", "begin", "end", title="times")
    for t in a.times:
        times.add_row(t.text, t.type, t.value or "", t.begin or "", t.end_value or "")
    quotes = Table("kind", "speaker", "text", title="quotes")
    for q in a.quotes:
        quotes.add_row(q.kind, q.speaker_name or "?", q.text[:90])
    events = Text()
    events.append("events\n", style="bold")
    for e in a.events:
        flags = ",".join(k for k, v in vars(e.flags).items() if v)
        place = a.place(e.place)
        events.append(f"{e.id} {e.category}", style="bold")
        events.append(f" {', '.join(names.get(x, x) for x in e.actors) or '?'} → "
                      f"{', '.join(names.get(x, x) for x in e.recipients) or '-'}"
                      f"  date {e.date.value} ({e.date.basis})  place {place.name if place else '-'}"
                      f"  by {names.get(e.attributed_to, e.attributed_to)}" + (f"  [{flags}]" if flags else "") + "\n")
        events.append(f"    {e.evidence.text[:160]!r}\n", style="dim")
    return Group(head, ents, places, times, quotes, events)
