"""Attribution helpers over an analysed Article: which quote, if any, states a given span.

The events stage uses :func:`quote_at` to attribute an event stated inside a quote to its speaker
(``Event.attributed_to``), and an event in the outlet's own voice to ``"source"``.
"""

from __future__ import annotations

from .model import Article, Quote


def quote_at(article: Article, start: int, end: int) -> Quote | None:
    """The quote whose content span contains [start, end), or None.

    When quotes nest (they should not, but an old record might hold overlapping ones) the
    innermost, i.e. the shortest containing quote, wins.
    """
    best: Quote | None = None
    for q in article.quotes:
        if q.start <= start and end <= q.end:
            if best is None or q.end - q.start < best.end - best.start:
                best = q
    return best


def attributed_to(article: Article, start: int, end: int) -> str:
    """The speaker entity id of the quote containing the span, else ``"source"`` (the outlet).

    A quote whose speaker is unknown is still not the outlet's voice, but with no entity to name
    the span is attributed to ``"source"`` as the schema requires a value.
    """
    q = quote_at(article, start, end)
    return q.speaker if q is not None and q.speaker else "source"
