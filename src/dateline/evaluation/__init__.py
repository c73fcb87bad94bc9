"""Evaluations behind ``dateline eval TASK --data PATH``.

Each task is a module here with ``evaluate(data: Path, **options) -> dict`` returning its metrics
(JSON-serialisable, nested dicts of numbers and labels). ``render`` prints them as a table; a module
may define its own ``render(result) -> str``.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from ..errors import DatelineError

TASKS: dict[str, str] = {
    "metadata": "metadata",
    "entities": "entities",
    "geo": "geo",
    "event-location": "event_location",
    "time": "time",
    "quotes": "quotes",
    "events": "events",
}


def run(task: str, data: Path, **options: Any) -> dict[str, Any]:
    if task not in TASKS:
        raise DatelineError("E010", f"unknown eval task {task!r}; choose from {', '.join(TASKS)}")
    if not Path(data).exists():
        raise DatelineError("E014", str(data))
    module = importlib.import_module(f".{TASKS[task]}", __name__)
    result = module.evaluate(Path(data), **options)
    result.setdefault("task", task)
    result.setdefault("data", str(data))
    return result


def render(task: str, result: dict[str, Any]) -> str:
    module = importlib.import_module(f".{TASKS[task]}", __name__)
    if hasattr(module, "render"):
        return module.render(result)
    return _flat(result)


def _flat(result: dict[str, Any], prefix: str = "") -> str:
    lines = []
    for key, value in result.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            lines.append(_flat(value, name + "."))
        elif isinstance(value, float):
            lines.append(f"{name:50s} {value:.4f}")
        else:
            lines.append(f"{name:50s} {json.dumps(value) if isinstance(value, (list, type(None))) else value}")
    return "\n".join(lines)
