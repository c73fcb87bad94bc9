"""Which cue owns a stretch of text when two candidate contents nest.

PolNeAR gives each token to one attribution: no gold content holds another attribution's cue. When
the clause reader finds a stance inside another cue's content ("Sengendo said [the OIC will continue
to support Azerbaijan]"), the stage by default keeps the outer content and drops the inner one (the
inner is part of what the outer source said). That is right for most pairs, but not when the outer
content has run over a second attribution of its own: "... fought in the war, saying ''We never
said ...''", "[Her liberal friends have mocked Trump's campaign], ... said" (the inverted outer
swallowed the inner "mocked" with its object), "[she would visit later], and to date has only issued
a tweet about [the state]". There PolNeAR annotates the inner attribution and the outer content ends
before it (or the outer is no attribution at all).

A small logistic model (weights in ``data/nest_weights.tsv``, fitted by ``python -m
dateline.evaluation.quote_nest fit``) judges each nested pair from the parse: both cues' kinds,
lemmas and frames, how the inner cue hangs from the outer one (a clausal complement of the outer
cue is its content; a conjunct or an adverbial clause is a second act), who holds the inner stance
(the outer's own subject, a name, nobody), how far apart the cues are and how much of the outer the
inner covers. When the model keeps the inner attribution, the outer content is cut before the inner
clause when the inner cue follows the outer cue; when the inner cue comes first (the outer cue is
inverted, "X ..., Y said") the outer is dropped: cutting it would leave a fragment of a clause.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Callable, Iterable

from ...weights import by_template
from .cuemodel import subject_kind

WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "nest_weights.tsv"
QUOTE_MARK = re.compile("[\"\u201c\u201d]")
# Words before the inner clause that say how it joins the outer content (others by part of speech).
JOIN_WORDS = frozenset({"and", "but", "who", "which", "that", "as", "while"})


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def _path(inner, outer) -> tuple[str, bool]:
    """How the inner cue hangs from the outer cue: ``up<k>:<first dep>|<last dep>`` when the outer
    cue is its k-th head (k <= 6), else ``apart``; and whether it hangs under it within 8 steps."""
    node, deps, path = inner, [], "apart"
    oi = outer.i
    for k in range(8):
        head = node.head  # (read once a step: each read makes a Token object)
        if head.i == node.i:
            break
        deps.append(node.dep_)
        node = head
        if node.i == oi:
            if k < 6:
                path = f"up{k + 1}:{deps[0]}" + ("" if k == 0 else "|" + deps[-1])
            return path, True
    return path, False


def _same_sentence(a: Any, b: Any) -> bool:
    """Whether two cues lie in one sentence, by the document's sentence starts that each cue carries
    in ``peers`` (``Token.sent`` walks the tokens to find them)."""
    if a.peers is not None and b.peers is not None:
        return bisect_right(a.peers.starts, a.token.i) == bisect_right(b.peers.starts, b.token.i)
    return a.token.sent.start == b.token.sent.start


# The features' templates, in the order their weights are summed: "<template>=<value>", or the
# template's name alone for a flag ("bias", "same_who", ...). A flag that does not hold, and "before"
# for an inner cue at the document's start, have no feature (value ``ABSENT``).
TEMPLATES = ("bias", "ik", "ok", "kk", "il", "ol", "idep", "ipos", "itag", "path", "kp", "isubj", "osubj", "same_who",
             "who_inside", "gap", "other_sent", "before", "to_end", "after_cue", "before_cue", "ilen", "olen", "frac",
             "lead", "ifr", "ofr", "ff", "ilearned", "olearned", "under_outer", "not_under_outer", "quote_between",
             "iquoted")
ABSENT = object()  # no weights' key: a feature not present (adds nothing, as an unweighted name adds 0.0)


def features(inner: Any, outer: Any, text: str) -> list[str]:
    """Features of a nested pair: ``inner`` and ``outer`` are the stage's items (start, end, cue,
    who, frame); ``text`` the document's text. All binary, given by name."""
    return [t if v is None else f"{t}={v}" for t, v in zip(TEMPLATES, values(inner, outer, text)) if v is not ABSENT]


def values(inner: Any, outer: Any, text: str) -> list[Any]:
    """The features' values in the order of ``TEMPLATES``: a string, None for a flag that holds,
    ``ABSENT`` for one that does not (``features`` names them; ``NestModel.score`` weighs them)."""
    ic, oc = inner.cue.token, outer.cue.token
    ik, ok = inner.cue.kind, outer.cue.kind
    path, under = _path(ic, oc)
    who = inner.who[0] if inner.who else None
    owho = outer.who[0] if outer.who else None
    v: list[Any] = [None, ik, ok, ik + "|" + ok, ic.lemma_.lower(), oc.lemma_.lower(), ic.dep_, ic.pos_, ic.tag_, path,
                    ik + "|" + path.split(":")[0], subject_kind(who), subject_kind(owho),
                    # same_who: "X said ... and called ...", one source's second act
                    None if who is not None and owho is not None and who.i == owho.i else ABSENT,
                    None if who is not None and outer.start <= who.idx < outer.end else ABSENT,  # who_inside
                    _bucket(ic.i - oc.i),
                    ABSENT if _same_sentence(inner.cue, outer.cue) else None]  # other_sent
    doc = ic.doc
    k = ic.left_edge.i - 1
    if k >= 0:
        t = doc[k]
        v.append(t.lower_ if t.is_punct or t.lower_ in JOIN_WORDS else t.pos_)
    else:
        v.append(ABSENT)
    after = inner.start >= inner.cue.end
    v += [None if inner.end >= outer.end - 1 else ABSENT,  # to_end
          None if after else ABSENT, ABSENT if after else None]  # after_cue, before_cue
    ni, no = len(text[inner.start:inner.end].split()), len(text[outer.start:outer.end].split())
    ifr, ofr = inner.frame or "none", outer.frame or "none"
    v += [_bucket(ni), _bucket(no), str(min(4, int(4 * ni / max(no, 1)))),
          _bucket(len(text[outer.start:inner.cue.start].split())), ifr, ofr, ifr + "|" + ofr,
          None if inner.cue.learned else ABSENT, None if outer.cue.learned else ABSENT,
          None if under else ABSENT, ABSENT if under else None,  # under_outer, not_under_outer
          None if QUOTE_MARK.search(text, outer.start, max(outer.start, inner.start)) else ABSENT,  # quote_between
          None if QUOTE_MARK.search(text, inner.start, inner.end) else ABSENT]  # iquoted
    return v


@dataclass
class NestModel:
    """Logistic weights and the threshold at which the inner attribution is kept."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 1.1  # above any probability: no weights, the outer always wins
    # the fit's hook: decide(inner, outer, text) -> keep the inner, instead of the weights
    oracle: Callable[[Any, Any, str], bool] | None = None
    # the weights split by template and value (``_tables``), with the dict they were read from
    _split: Any = field(default=None, init=False, repr=False, compare=False)

    def probability(self, feats: Iterable[str]) -> float:
        """The probability from the features' names (the readable form of ``score``)."""
        s = sum(map(self.weights.get, feats, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def score(self, vals: list[Any]) -> float:
        """``probability`` of the features ``values`` gives, without building their names: each value
        is looked up in its template's weights. The same weights are added in the same order (an
        absent or unweighted feature adds 0.0 either way), so the sum is the same to the last bit."""
        s = sum(map(dict.get, self._tables(), vals, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def _tables(self) -> list[dict[str | None, float]]:
        """Per template of ``TEMPLATES``, in order, its weights by value (None: a flag's). Split once
        per weights dict (again when it changes size)."""
        split = self._split
        if split is None or split[0] is not self.weights or split[1] != len(self.weights):
            by = by_template(self.weights)
            split = self._split = (self.weights, len(self.weights), [by.get(t, {}) for t in TEMPLATES])
        return split[2]

    def keeps_inner(self, inner: Any, outer: Any, text: str) -> bool:
        if self.oracle is not None:
            return self.oracle(inner, outer, text)
        if not self.weights:
            return False
        return self.score(values(inner, outer, text)) >= self.threshold


def parse_weights(lines: Iterable[str]) -> NestModel:
    from ...weights import read_weights

    weights, settings, _ = read_weights(lines, ("threshold",))
    return NestModel(weights, settings.get("threshold", NestModel.threshold))


def load_model(_resources: Any = None) -> NestModel:
    """The shipped model; without a weights file the outer content always wins (the rule before it)."""
    if not WEIGHTS_FILE.is_file():
        return NestModel()
    return parse_weights(WEIGHTS_FILE.read_text(encoding="utf-8").splitlines())


def cut_before(inner: Any) -> int:
    """Where an outer content ends when the inner attribution is kept: before the inner cue's
    phrase (its leftmost dependent or the inner content, whichever comes first), without the
    commas, conjunctions and markers that join it ("..., and to date has only issued ...")."""
    tok = inner.cue.token
    doc = tok.doc
    k = tok.left_edge.i
    first = doc.char_span(inner.start, inner.end, alignment_mode="expand")
    if first is not None and len(first):
        k = min(k, first[0].i)
    k -= 1
    while k > 0 and (doc[k].dep_ in ("cc", "punct", "mark") or doc[k].is_punct or doc[k].is_space):
        k -= 1
    return doc[k].idx + len(doc[k]) if k >= 0 else 0
