"""The cue lexicon (``data/cues.tsv``): reporting verbs and phrases with their kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources as ilr

KINDS = ("speech", "thought", "intent", "evidence", "phrase")


@dataclass
class Cues:
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> kind
    particles: dict[tuple[str, str], str] = field(default_factory=dict)  # (lemma, particle) -> kind
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # lowercased words -> kind

    def heads(self) -> set[str]:
        """Every lemma that may head a verbal cue (alone or with its particle)."""
        return set(self.verbs) | {v for v, _ in self.particles}

    def kind(self, token) -> str | None:
        """The cue kind of a spaCy token, or None when it is not a reporting verb."""
        lemma = token.lemma_.lower()
        kind = self.verbs.get(lemma)
        if kind is None and any(c.dep_ == "prt" for c in token.children):
            for c in token.children:
                if c.dep_ == "prt":
                    kind = self.particles.get((lemma, c.lower_))
                    if kind:
                        break
        return kind


def parse_cues(lines) -> Cues:
    cues = Cues()
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
            continue
        cue, kind = (x.strip() for x in line.split("\t")[:2])
        if kind not in KINDS:
            raise ValueError(f"cues.tsv: unknown kind {kind!r} for {cue!r}")
        words = tuple(cue.lower().split())
        if kind == "phrase":
            cues.phrases[words] = kind
        elif len(words) == 2:
            cues.particles[words] = kind  # the verb counts only with this particle ("point out")
        else:
            cues.verbs[words[0]] = kind
    return cues


def load_cues(_resources=None) -> Cues:
    """Read the packaged lexicon (through ``resources.cached`` so it is read once per process)."""
    text = ilr.files("dateline").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    return parse_cues(text.splitlines())
