"""The event lexicon: our trigger words (one readable TSV per PLOVER category) and the CAMEO→PLOVER
crosswalk, loaded once per process through ``doc.resources.cached``.

A lexicon line is ``term<TAB>pos<TAB>mode<TAB>cameo<TAB>flags<TAB>example``:

- ``term``: for a verb, its lemma followed by words that must appear among its dependents
  (``sign surrender|ceasefire``: *sign* with an object or particle *surrender* or *ceasefire*);
  for a noun, modifiers then the head lemma (``joint statement``, ``air strike|raid``).
  ``a|b`` is a choice. A more specific entry (more required words) beats a bare lemma.
- ``pos``: ``verb`` or ``noun``.
- ``mode``: the PLOVER mode (empty: the crosswalk's mode for the CAMEO code, if any).
- ``cameo``: the CAMEO code the entry corresponds to; contexts come from the crosswalk.
- ``flags``: ``reciprocal`` (all participants are actors, no recipient: *meet*, *clash*),
  ``reverse`` (the subject receives: *X received aid from Y* is AID by Y to X), ``recipient`` (an
  event only with a recipient: *warned Iran* is a threat, *warned that prices may rise* a remark),
  ``intransitive`` (an event only without an object or clause: *farmers demonstrated* is a protest,
  *the figures demonstrate that ...* and *rallied support* are not),
  ``-`` for none.
- ``example``: a sentence the test suite checks yields this category.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources as ir
from pathlib import Path

from ...errors import DatelineError
from ...model import PLOVER_CATEGORIES

# The modes the PLOVER manual (draft 0.8) defines per category; anything else is a lexicon error.
MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(), "SUPPORT": frozenset(), "CONCEDE": frozenset(), "COOPERATE": frozenset(),
    "AID": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset({"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
                         "misinformation", "cyber"}),
    "ASSAULT": frozenset({"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                          "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                          "unconventional"}),
}
ENTRY_FLAGS = frozenset({"reciprocal", "reverse", "recipient", "intransitive"})


@dataclass(frozen=True)
class Crosswalk:
    """CAMEO code → (PLOVER category, mode, contexts). Codes without a row have no PLOVER category."""
    rows: dict[str, tuple[str, str | None, tuple[str, ...]]]

    def lookup(self, code: str | None) -> tuple[str, str | None, tuple[str, ...]] | None:
        if not code:
            return None
        code = code.strip()
        while code:
            if code in self.rows:
                return self.rows[code]
            code = code[:-1]  # a finer code we do not list falls back to its parent
        return None


@dataclass(frozen=True)
class Entry:
    category: str
    head: frozenset[str]  # lemma alternatives of the trigger word
    needs: tuple[frozenset[str], ...]  # each a set of alternatives that must be present
    pos: str  # "verb" | "noun"
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    flags: frozenset[str]
    example: str
    source: str  # "lexicon:ASSAULT" or "verbs:<file>"

    @property
    def specificity(self) -> int:
        return len(self.needs)


@dataclass
class Lexicon:
    verbs: dict[str, list[Entry]] = field(default_factory=dict)
    nouns: dict[str, list[Entry]] = field(default_factory=dict)
    crosswalk: Crosswalk | None = None
    verbal_targets: dict[str, str] = field(default_factory=dict)  # lemma -> example ("attacked the plan")

    def add(self, entry: Entry) -> None:
        table = self.verbs if entry.pos == "verb" else self.nouns
        for lemma in entry.head:
            table.setdefault(lemma, []).append(entry)

    def entries(self):
        seen = set()
        for table in (self.verbs, self.nouns):
            for lst in table.values():
                for e in lst:
                    if id(e) not in seen:
                        seen.add(id(e))
                        yield e


def _data_dir() -> Path:
    return Path(str(ir.files("dateline") / "data"))


def load_crosswalk(_resources=None) -> Crosswalk:
    rows: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    path = _data_dir() / "cameo_plover.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("cameo\t") or not line.strip():
                continue
            parts = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            code, category, mode, contexts = (p.strip() for p in parts)
            rows[code] = (category, mode or None, tuple(c for c in contexts.split(";") if c))
    return Crosswalk(rows)


def parse_term(term: str, pos: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    words = [frozenset(w.lower().split("|")) for w in term.split()]
    if pos == "verb":
        return words[0], tuple(words[1:])
    return words[-1], tuple(words[:-1])


def read_lexicon_file(path: Path, category: str, crosswalk: Crosswalk) -> list[Entry]:
    entries = []
    with path.open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#") or not row[0].strip():
                continue
            if len(row) != 6:
                raise DatelineError("E013", f"line {n}: expected 6 tab-separated fields, got {len(row)}", str(path))
            term, pos, mode, cameo, flags, example = (c.strip() for c in row)
            if pos not in ("verb", "noun"):
                raise DatelineError("E013", f"line {n}: pos must be verb or noun", str(path))
            flagset = frozenset(f for f in flags.split(",") if f and f != "-")
            if flagset - ENTRY_FLAGS or (mode and mode not in MODES[category]):
                raise DatelineError("E013", f"line {n}: bad flags {flags!r} or mode {mode!r}", str(path))
            cw = crosswalk.lookup(cameo)
            if not mode and cw and cw[0] == category:
                mode = cw[1] or ""
            head, needs = parse_term(term, pos)
            entries.append(Entry(category, head, needs, pos, mode or None, cameo or None,
                                 cw[2] if cw else (), flagset, example, f"lexicon:{category}"))
    return entries


def read_verbal_targets(path: Path) -> dict[str, str]:
    """Objects that make a hostile verb criticism ("attacked the plan"): lemma -> example."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                raise DatelineError("E013", f"line {n}: expected lemma<TAB>example", str(path))
            out[parts[0].strip().lower()] = parts[1].strip()
    return out


def load_lexicon(resources) -> Lexicon:
    """Our lexicon, plus the patterns of the user's PETRARCH verb dictionary when one is given."""
    crosswalk = load_crosswalk()  # not through resources.cached: its lock is not re-entrant
    lex = Lexicon(crosswalk=crosswalk)
    folder = _data_dir() / "events"
    for category in PLOVER_CATEGORIES:
        path = folder / f"{category}.tsv"
        if path.exists():
            for entry in read_lexicon_file(path, category, crosswalk):
                lex.add(entry)
    lex.verbal_targets = read_verbal_targets(folder / "verbal_targets.tsv")
    verbs_file = getattr(resources, "verbs_file", None)
    if verbs_file:
        from .petrarch import load_verb_dictionary

        for entry in load_verb_dictionary(Path(verbs_file), crosswalk):
            lex.add(entry)
    return lex
