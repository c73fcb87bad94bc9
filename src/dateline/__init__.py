"""dateline: who did what to whom, when and where, and who said what, from news text."""

from __future__ import annotations

from typing import Any

from .errors import DatelineError
from .model import Article

__version__ = "0.1.0"
__all__ = ["analyze", "Article", "DatelineError", "__version__", "get_pipeline"]

HINT_FIELDS = ("title", "updated", "authors", "source", "language", "url", "origin")


def get_pipeline(model: str | None = None, actors: str | None = None, agents: str | None = None,
                 verbs: str | None = None):
    """The per-process Pipeline for a configuration; models load once per process."""
    from .pipeline import Pipeline
    from .resources import DEFAULT_MODEL, shared_resources

    res = shared_resources(model or DEFAULT_MODEL, str(actors) if actors else None,
                           str(agents) if agents else None, str(verbs) if verbs else None)
    return res.cached("pipeline", lambda r: Pipeline(r))


def analyze(text: str, published: str | None = None, **options: Any) -> Article:
    """Analyse one article's text and return the structured, evidence-linked Article.

    ``text`` may be bare body text or wire copy with its header, dateline and byline.
    ``published`` is the publication date or datetime (ISO 8601). Other options: the metadata
    hints ``title``, ``updated``, ``authors``, ``source``, ``language``, ``url``, ``origin``, and the
    configuration ``model`` (any installed spaCy pipeline), ``actors``, ``agents``, ``verbs``
    (PETRARCH-format dictionary files).
    """
    if not isinstance(text, str):
        raise DatelineError("E002", f"expected str, got {type(text).__name__}")
    unknown = set(options) - set(HINT_FIELDS) - {"model", "actors", "agents", "verbs"}
    if unknown:
        raise DatelineError("E010", f"unknown option(s) {sorted(unknown)}")
    pipeline = get_pipeline(options.get("model"), options.get("actors"), options.get("agents"),
                            options.get("verbs"))
    hints = {k: options.get(k) for k in HINT_FIELDS}
    hints["published"] = published
    return pipeline(text, **hints)
