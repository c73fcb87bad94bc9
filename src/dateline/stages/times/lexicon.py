"""The time vocabulary (``data/time_lexicon.tsv``): month and weekday names, number words, units,
seasons, parts of the day, deictic days, vague references, modifiers, frequency adverbs, holidays.

The grammar's regular expressions are built from these lists, so adding a word to the TSV makes it
recognised without touching the patterns. Loaded once per process via ``resources.cached``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources as ilr

KINDS = ("month", "weekday", "number", "unit", "season", "daypart", "day", "ref", "quantmod", "posmod",
         "set", "holiday")


@dataclass
class Lexicon:
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> form -> value

    def of(self, kind: str) -> dict[str, str]:
        return self.entries.get(kind, {})

    def alternation(self, kind: str) -> str:
        """A regex alternation of a kind's forms, longest first, whitespace-tolerant."""
        forms = sorted(self.of(kind), key=len, reverse=True)
        return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms) + ")"


def parse_lexicon(text: str) -> Lexicon:
    lex = Lexicon({k: {} for k in KINDS})
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, form, value = line.split("\t")[:3]
        if kind not in lex.entries:
            raise ValueError(f"unknown lexicon kind {kind!r}")
        lex.entries[kind][form.lower()] = value.strip()
    return lex


def load_lexicon(_resources=None) -> Lexicon:
    text = ilr.files("dateline").joinpath("data/time_lexicon.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text)
