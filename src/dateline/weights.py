"""The readable weights files of the fitted models (``data/*_weights.tsv``): one format, one reader.

Each line is ``feature<TAB>weight``; a line starting with ``#`` is a note (how and when the weights
were fitted); a few named rows are the model's settings (a threshold) rather than weights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable


def read_weights(lines: Iterable[str], settings: Iterable[str] = ()) -> tuple[dict[str, float], dict[str, float], list[str]]:
    """(weights, the rows named in ``settings``, the notes) of a weights file's lines."""
    names = set(settings)
    weights: dict[str, float] = {}
    found: dict[str, float] = {}
    notes: list[str] = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            notes.append(line[1:].strip())
            continue
        name, value = line.rsplit("\t", 1)
        (found if name in names else weights)[name] = float(value)
    return weights, found, notes


def write_weights(path: Path, notes: Iterable[str], settings: dict[str, float], weights: dict[str, float],
                  order: Callable[[tuple[str, float]], object] = lambda kv: (-abs(kv[1]), kv[0])) -> None:
    """Write a weights file: the notes as ``#`` lines, the settings, then the weights in ``order``
    (by default the strongest first, so the file reads as what the model relies on)."""
    lines = [f"# {x}" for x in notes]
    lines += [f"{k}\t{v:.3f}" for k, v in settings.items()]
    lines += [f"{k}\t{v:.4f}" for k, v in sorted(weights.items(), key=order)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def by_template(weights: dict[str, float], prefix: str = "") -> dict[str, dict[str | None, float]]:
    """The weights of the names ``<prefix><template>=<value>`` by template, then value (None for a
    flag, a name with no "="): a model that knows its features' values looks each one up in its
    template's table instead of building the feature's name."""
    out: dict[str, dict[str | None, float]] = {}
    n = len(prefix)
    for name, weight in weights.items():
        if name.startswith(prefix):
            template, eq, value = name[n:].partition("=")
            out.setdefault(template, {})[value if eq else None] = weight
    return out
