"""Event dating: when did the event a trigger word denotes happen?

Used by the events stage; reads only what the times and metadata stages produced (article.times,
article.article.published) and the spaCy parse. First version: a time expression in the trigger's
sentence dates the event (explicit); otherwise the publication date (publication).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import EventDate
from .stages.metadata import iso_date

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .document import Document


def date_event(doc: "Document", trigger: "Token") -> tuple[EventDate, bool]:
    """Return the event's date and whether it is historical (before the reporting window)."""
    published = doc.article.article.published
    pub = iso_date(published)
    sent = trigger.sent
    in_sentence = [t for t in doc.article.times
                   if sent.start_char <= t.start < sent.end_char and t.type == "DATE" and t.begin]
    if in_sentence:
        t = min(in_sentence, key=lambda t: abs(t.start - trigger.idx))
        date = EventDate(value=t.value, begin=t.begin, end=t.end_value, basis="explicit", time=t.id)
    else:
        value = pub.isoformat() if pub else None
        date = EventDate(value=value, begin=value, end=value, basis="publication")
    historical = bool(pub and date.end and iso_date(date.end) and (pub - iso_date(date.end)).days > 31)
    return date, historical
