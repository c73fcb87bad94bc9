"""The cue lexicon (``data/cues.tsv``): reporting verbs, nouns and phrases with their kind.

Each entry has a kind and, optionally, the dependency slots that hold its content (else the kind's
default) and an example sentence the tests run it on. The slots say where an attribution's content
is in the parse: ``clause`` (a that-clause, ``ccomp``), ``xcomp`` (an infinitive: "vowed to ..."),
``object`` (the direct object with its predicate or reason: "called Trump a fascist", "praised her
for ..."), ``predicate`` (as ``object``, but only with a predicate or reason: "told him [to leave]";
the bare object of such a verb is its addressee, "told reporters"), ``prep`` (the object of the entry's preposition: "pointed to his record"), ``noun`` (what
a nominal cue is about: "his plan to ...", "the claim that ...", "her criticism of ..."),
``subject`` (a raising verb: its subject with its complement, "[the deal] seems [to hold]", or the
clause of "it seems that ..."), ``passive`` (the raised subject of the verb's passive with its
infinitive, "[the senator] is expected [to resign]": the view is somebody's, unnamed or in a
"by" phrase), ``person`` (with ``object``: only a person for object, for a verb of deeds as much
as of words: "attacked Trump" is a stance, "attacked the town" is not), ``adverb`` (a sentence
adverb of hearsay: the clause it modifies, around it, is somebody's unnamed report: "[the rebels
have] reportedly [left]"), ``holder`` (with ``noun``: the content after a preposition counts only
with a named holder: an agent noun, "critics of the dam", describes its holder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources as ilr

import numpy as np

KINDS = ("speech", "thought", "intent", "evidence", "evaluation", "nominal", "phrase")
SLOTS = ("clause", "xcomp", "object", "predicate", "prep", "noun", "subject", "passive", "person", "adverb", "holder")
DEFAULT_SLOTS = {
    "speech": ("clause",),
    "thought": ("clause",),
    "intent": ("clause", "xcomp", "object"),
    "evidence": ("clause",),
    "evaluation": ("object",),
    "nominal": ("noun",),
    "phrase": (),
}


# Entries of the hash table of ``Cues.head_filter``: with ~350 head lemmas, 1 token in ~190 passes
# the table without being a head (the set then rejects it). A power of two (the index is a mask).
HASH_TABLE_SIZE = 1 << 16

# Dependents of a verb that may stand between it and its listed preposition.
SKIPPABLE = ("prep", "npadvmod", "advmod", "punct")


def _low_bits_table(keys: np.ndarray) -> np.ndarray:
    """A table over the low bits of hashes (``HASH_TABLE_SIZE`` entries) marking those of ``keys``:
    one vectorised lookup passes a column's few possible members (``Cues.head_filter``)."""
    table = np.zeros(HASH_TABLE_SIZE, dtype=bool)
    table[(keys & np.uint64(HASH_TABLE_SIZE - 1)).astype(np.intp)] = True
    return table


@dataclass(frozen=True)
class Entry:
    kind: str
    slots: tuple[str, ...]
    example: str = ""


@dataclass
class Cues:
    verbs: dict[str, Entry] = field(default_factory=dict)  # lemma -> entry
    particles: dict[tuple[str, str], Entry] = field(default_factory=dict)  # (lemma, particle/prep) -> entry
    nouns: dict[str, Entry] = field(default_factory=dict)  # noun lemma -> entry (kind nominal)
    phrases: dict[tuple[str, ...], Entry] = field(default_factory=dict)  # lowercased words -> entry
    model: object | None = None  # the cue model judging each candidate (``cuemodel``); None keeps all
    # (number of two-word entries, their first words): rebuilt when entries were added
    _first_words: tuple[int, frozenset[str]] | None = field(default=None, repr=False, compare=False)
    _filter: tuple | None = field(default=None, repr=False, compare=False)  # (heads, table, set)
    _pos_filter: tuple | None = field(default=None, repr=False, compare=False)  # (nouns, ``pos_filter()``)
    _marks: tuple | None = field(default=None, repr=False, compare=False)  # (marks, table, set): ``mark_filter``
    # (sizes of verbs, nouns, particles; (lemma, form, pos, phrasal) -> entry): ``words``
    _words: tuple | None = field(default=None, repr=False, compare=False)

    def heads(self) -> set[str]:
        """Every lemma that may head a cue (alone, with its particle, or as a noun)."""
        return set(self.verbs) | {v for v, _ in self.particles} | set(self.nouns)

    def entry(self, token, phrasal: bool | None = None) -> tuple[Entry, object | None] | None:
        """The entry of a spaCy token and the particle or preposition it was matched with.

        A verb with a listed particle or preposition right after it ("call for", "point out") takes
        that entry over the bare verb's ("call" alone evaluates: "called him a liar"). ``phrasal``:
        whether the token has a particle among its dependents, when the caller knows (else looked up).
        """
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos == "NOUN":
            e = self.nouns.get(lemma)
            return (e, None) if e else None
        if pos == "ADV":  # a sentence adverb of hearsay ("reportedly"): listed with the slot ``adverb``
            e = self.verbs.get(lemma)
            return (e, None) if e is not None and "adverb" in e.slots else None
        if pos not in ("VERB", "AUX", "ADJ"):
            return None
        # a participle listed as an adjective ("opposed to", "convinced that") by its own form
        lower = token.lower_
        forms = (lemma, lower) if lower != lemma else (lemma,)
        first = self._particle_firsts()
        if lemma not in first and lower not in first:
            # no two-word entry starts with this word: the particle searches below find nothing
            # (most cue verbs; skipping them walks the token's dependents once instead of three times)
            if pos == "ADJ" or (any(c.dep_ == "prt" for c in token.children) if phrasal is None else phrasal):
                return None
            e = self.verbs.get(lemma) or self.verbs.get(lower)
            return (e, None) if e else None
        for c in token.rights:
            if c.dep_ in ("prt", "prep", "mark", "dative") or (c.dep_ == "advcl" and c.i == token.i + 1):
                e = self._particle(forms, c.lower_)
                if e is not None:
                    return e, c
            # past a place or time ("spoke [at the White House] [on Tuesday] about ..."), not an object
            if c.i > token.i + 3 and c.dep_ not in SKIPPABLE:
                break
        # "called (Wednesday) for the US to act": "for" hangs as the mark of the following clause
        for c in token.rights:
            if c.dep_ in ("advcl", "ccomp") and c.left_edge.dep_ == "mark" and c.left_edge.i <= token.i + 3:
                e = self._particle(forms, c.left_edge.lower_)
                if e is not None:
                    return e, c.left_edge
        if any(c.dep_ == "prt" for c in token.children) if phrasal is None else phrasal:
            return None  # a phrasal verb not listed means something else ("show up", "back down")
        if token.pos_ == "ADJ":  # an attitude only with its complement ("critical of", "sure that")
            return self._clausal_adjective(token, forms)
        # the small model's lemmatiser misreads a few forms ("hopes" -> "hop"): listed by form
        e = self.verbs.get(lemma) or self.verbs.get(token.lower_)
        return (e, None) if e else None

    def words(self) -> dict[tuple[int, int, int, bool], tuple[Entry, object | None] | None]:
        """The entries ``word_entry`` remembered, by the hashes of a token's lemma, form and part of
        speech and whether it has a particle (emptied when entries were added; entries are read
        from the lexicon file, never replaced in place). Most cue words' entry depends on these
        alone (a noun, or a verb that starts no two-word entry, whose dependents ``entry`` does not
        read): theirs is read here with no Token made, no string read."""
        sizes = (len(self.verbs), len(self.nouns), len(self.particles))
        if self._words is None or self._words[0] != sizes:
            self._words = (sizes, {})
        return self._words[1]

    def word_entry(self, token, key: tuple[int, int, int, bool]) -> tuple[Entry, object | None] | None:
        """``entry(token, phrasal)`` for a token whose lemma, form and part of speech have the hashes
        ``key[:3]`` (``key[3]``: ``phrasal``), remembered in ``words()`` when the word alone decides it."""
        found = self.entry(token, key[3])
        lemma, lower = token.lemma_.lower(), token.lower_
        first = self._particle_firsts()
        if token.pos_ not in ("VERB", "AUX", "ADJ") or (lemma not in first and lower not in first):
            self.words()[key] = found
        return found

    def _clausal_adjective(self, token, forms: tuple[str, ...]) -> tuple[Entry, object] | None:
        """An adjective right before the "that" or "to" of a clause it governs, however the small
        parser hung that clause: on the adjective ("clear [that ...]"), or on its verb ("it became
        clear [that ...]", "made it clear [that ...]")."""
        if token.i + 1 >= len(token.doc):
            return None
        nxt = token.doc[token.i + 1]
        clause = nxt.head
        if nxt.lower_ not in ("that", "to") or clause.i <= nxt.i or clause.head.i not in (token.i, token.head.i):
            return None
        e = self._particle(forms, nxt.lower_)
        return (e, nxt) if e is not None else None

    def head_filter(self, heads: np.ndarray) -> tuple[np.ndarray, frozenset[int]]:
        """A membership test for ``heads`` (the sorted hashes of the head lemmas, ``heads()``) over a
        whole column of token hashes: a table indexed by a hash's low 16 bits passes a few tokens in
        a hundred (one vectorised lookup, against a binary search per token), the set confirms them.
        Built once per ``heads`` array (the stage's comes from ``resources.cached``)."""
        if self._filter is None or self._filter[0] is not heads:
            self._filter = (heads, _low_bits_table(heads), frozenset(heads.tolist()))
        return self._filter[1], self._filter[2]

    def mark_filter(self, strings, marks: tuple[str, ...]) -> tuple[np.ndarray, frozenset[int]]:
        """As ``head_filter``, for the quote-mark tokens ``marks`` (``clauses.QUOTE_TOKENS``, by their
        LOWER hash): the table is looked up with the low bits ``cue_tokens`` computed for the heads,
        in place of one comparison per mark over every token. Built once (a string's hash is the
        same in every vocabulary)."""
        if self._marks is None or self._marks[0] != marks:
            keys = frozenset(strings.add(m) for m in marks)
            self._marks = (marks, _low_bits_table(np.array(sorted(keys), dtype=np.uint64)), keys)
        return self._marks[1], self._marks[2]

    def pos_filter(self, strings) -> tuple[int, frozenset[int], frozenset[int]]:
        """For a test on a token's hashes before its Token is made: the hash of "NOUN", the hashes of
        the noun lemmas, and of the parts of speech ``entry`` reads at all (NOUN, VERB, AUX, ADJ, ADV).
        Built once (a string's hash is the same in every vocabulary)."""
        if self._pos_filter is None or self._pos_filter[0] != len(self.nouns):
            self._pos_filter = (len(self.nouns), (strings.add("NOUN"), frozenset(strings.add(w) for w in self.nouns),
                                frozenset(strings.add(p) for p in ("NOUN", "VERB", "AUX", "ADJ", "ADV"))))
        return self._pos_filter[1]

    def _particle_firsts(self) -> frozenset[str]:
        """The words two-word entries start with ("point" of "point out", "critical" of "critical of")."""
        if self._first_words is None or self._first_words[0] != len(self.particles):
            self._first_words = (len(self.particles), frozenset(v for v, _ in self.particles))
        return self._first_words[1]

    def _particle(self, forms: tuple[str, ...], word: str) -> Entry | None:
        for f in forms:
            e = self.particles.get((f, word))
            if e is not None:
                return e
        return None

    def kind(self, token) -> str | None:
        """The cue kind of a spaCy token, or None when it is not a cue."""
        found = self.entry(token)
        return found[0].kind if found else None


def parse_cues(lines) -> Cues:
    cues = Cues()
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
            continue
        cols = [x.strip() for x in line.split("\t")]
        cue, kind = cols[0], cols[1]
        if kind not in KINDS:
            raise ValueError(f"cues.tsv: unknown kind {kind!r} for {cue!r}")
        slots = tuple(s for s in (cols[2].split(",") if len(cols) > 2 and cols[2] else ()) if s)
        bad = [s for s in slots if s not in SLOTS]
        if bad:
            raise ValueError(f"cues.tsv: unknown slot {bad[0]!r} for {cue!r}")
        entry = Entry(kind, slots or DEFAULT_SLOTS[kind], cols[3] if len(cols) > 3 else "")
        words = tuple(cue.lower().split())
        if kind == "phrase":
            cues.phrases[words] = entry
        elif kind == "nominal":
            cues.nouns[words[0]] = entry
        elif len(words) == 2:
            cues.particles[words] = entry  # the verb counts only with this particle ("point out")
        else:
            cues.verbs[words[0]] = entry
    return cues


def load_cues(_resources=None) -> Cues:
    """Read the packaged lexicon and the cue model's weights (through ``resources.cached`` so they
    are read once per process)."""
    from .cuemodel import load_model

    text = ilr.files("dateline").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    cues = parse_cues(text.splitlines())
    cues.model = load_model()
    return cues
