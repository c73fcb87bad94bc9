"""Where a reported clause ends: a fitted decision over the unit after it and the unit closing it.

The rules of ``spans`` fix the end of a content where the parse says one thing and PolNeAR another
in a way that holds almost always (a setting phrase on the cue verb, a condition clause after
it). What is left is contextual: whether the content goes on over ", and he doesn't ...", ", a
third-year student", ", who ...", "- half of what ..." or ends before it depends on the joining
word, the dependency of the unit, whether it has its own subject or its own cue, quote marks and
where the sentence ends, jointly. On PolNeAR train the contents cut short at a comma and those
running past the gold's end at a comma were about as many (198 and 111 of 1,895 boundary pairs):
no one rule has the sign right, a weighted decision can.

So after the rules, each indirect content's end is looked at twice:

- *trim*: the last unit inside the content (the largest subtree that ends at the content's last
  word and starts after its first, with the commas or conjunction before it) is dropped when the
  model's probability that it lies outside what the source holds reaches ``threshold_trim``;
  repeated while it does (at most ``MAX_STEPS``);
- *extend*, when nothing was trimmed: the unit right after the content (the largest subtree
  starting at the first word past the joining commas, conjunction or closing quote mark, inside the
  sentence, not holding the cue) is taken in when the probability that it is part of the content
  reaches ``threshold_extend``; repeated while it does.

The weights are logistic, fitted on PolNeAR train (``python -m dateline.evaluation.quote_spans
fit``), read from ``data/span_weights.tsv`` (``feature<TAB>weight``, ``threshold_extend`` and
``threshold_trim`` rows). Without the file nothing changes. The shipped file extends only: trims
gained +0.0003 held-out F1 on train (noise) for a third of this module's time, so the fit left
them off (threshold above 1); extensions took held-out overall F1 0.7142 -> 0.7169 (session 5),
0.7185 -> 0.7227 refitted at the nesting model of session 6 (trims again +0.0000 at every threshold).
Session 8 added the cue's form and whether the unit's root shares it, the unit's subordinator, its
first word with its relation, and its commas: 5-fold held out on the same examples 0.7344 -> 0.7358
(log-loss 0.468 -> 0.463); refitted, held out 0.7361 against the rules' 0.7305.
Richer features were measured and left out (session 6, 5-fold held out on train, trims and
extensions fitted together): the unit's first two words, its words, the content's last two words,
the word after the unit, where the unit hangs against the content's root, the unit/content length
ratio: +0.0004 over the same decoding without them, within the folds' noise. Choosing the end among
all trims and extensions by expected match (the scorer's half-of-the-larger-side rule over the
units' probabilities) instead of unit by unit: no better (0.7179 against 0.7183).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.tokens import Doc, Token

from ...weights import by_template
from .tokenmap import TokenMap

_ZEROS = itertools.repeat(0.0)
WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "span_weights.tsv"

# Tokens that join a content to the unit after it (or the last unit to the rest of the content).
JOIN_PUNCT = frozenset({",", ";", ":", "-", "--", "\u2014", "\u2013"})
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``", "'"})
QUOTE_TAGS = ("``", "''")  # the tagger's quote-mark tags
JOINING = JOIN_PUNCT | QUOTE_MARKS  # (one look at a token's text for both)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A decision is repeated at most this often per content: on train a fourth unit in a row was
# taken in or dropped by the gold in under 1 % of contents.
MAX_STEPS = 3
# A unit must leave at least this many tokens of the content when trimmed: a one- or two-word
# content ("[the economy]") is not cut further.
MIN_KEPT = 2


@dataclass
class Unit:
    """A candidate piece at a content's end: tokens [a, b), joined to the content by tokens
    [join_a, join_b) (commas, a conjunction, a quote mark), rooted at ``root``."""

    a: int
    b: int
    join_a: int
    join_b: int
    root: Token


@dataclass
class EndModel:
    weights: dict[str, float] = field(default_factory=dict)
    threshold_extend: float = 0.5
    threshold_trim: float = 0.5
    # the fit's hook: oracle(direction, features, unit, content) decides instead of the weights
    oracle: Callable[..., bool] | None = None
    # the weights split by direction, template and value (``_tables``), with the dict they were read from
    _split: Any = field(default=None, init=False, repr=False, compare=False)

    def probability(self, feats: Iterable[str]) -> float:
        """The probability of a decision from its features' names (the readable form of ``score``)."""
        w = self.weights
        s = w.get("bias", 0.0) + sum(map(w.get, feats, _ZEROS))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def score(self, direction: str, values: list[str | None], prep: bool) -> float:
        """``probability`` of the features ``_values`` gives, without building their names: each value
        is looked up in its template's weights. The same weights are added in the same order (an
        absent feature adds 0.0 either way), so the sum is the same to the last bit."""
        s = self.weights.get("bias", 0.0) + sum(map(dict.get, self._tables(direction, prep), values, _ZEROS))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def _tables(self, direction: str, prep: bool) -> list[dict[str | None, float]]:
        """Per template of ``TEMPLATES`` (``TEMPLATES_PREP`` with ``prep``), in order, the weights of
        ``direction`` by value (``None``: the template's only feature, "x:bias"). Split once per
        weights dict (the fit puts another dict in place for each of its runs; one that changes size
        is split again)."""
        split = self._split
        if split is None or split[0] is not self.weights or split[1] != len(self.weights):
            lists = {}
            for d in ("x", "t"):
                tabs = by_template(self.weights, d + ":")  # "x:jd=,|conj" -> jd, ",|conj"
                for p in (False, True):
                    lists[d, p] = [tabs.get(t, {}) for t in (TEMPLATES_PREP if p else TEMPLATES)]
            split = self._split = (self.weights, len(self.weights), lists)
        return split[2][direction, prep]

    @property
    def active(self) -> bool:
        return bool(self.weights) or self.oracle is not None


def parse_weights(lines: Iterable[str]) -> EndModel:
    from ...weights import read_weights

    weights, settings, _ = read_weights(lines, ("threshold_extend", "threshold_trim"))
    return EndModel(weights, **settings)


def load_model(resources: Any = None) -> EndModel:
    """The fitted model; without weights shipped it has none and changes nothing (the rules alone)."""
    if not WEIGHTS_FILE.is_file():
        return EndModel()
    return parse_weights(WEIGHTS_FILE.read_text(encoding="utf-8").splitlines())


def _joiner(doc: Doc, a: int, b: int) -> str:
    """The joining tokens, normalised: "," / ", and" / "and" / "-" / "q," (a quote mark) / "" ."""
    out: list[str] = []
    for k in range(a, b):
        t = doc[k]
        if t.is_space:
            continue
        x = t.lower_
        if x in QUOTE_MARKS or t.tag_ in QUOTE_TAGS:
            x = "q"
        elif x in ("--", "\u2014", "\u2013"):
            x = "-"
        if not out or out[-1] != x:
            out.append(x)
    return " ".join(out)


def _is_join(t: Token) -> bool:
    return t.is_space or t.text in JOINING or t.dep_ == "cc" or t.tag_ in QUOTE_TAGS


def unit_after(doc: Doc, i: int, j: int, s1: int, cue: Token | None, blocked: list[int],
               walls: list[tuple[int, int]], tmap: TokenMap | None = None) -> Unit | None:
    """The unit right after content [i, j): None at the sentence's end or when it holds the cue or
    another quote's cue (taking that in would swallow the other quote, which is then dropped as
    nested in this one), or when it reaches into one of ``walls`` (character spans in text order,
    apart). ``tmap`` (the document's token facts) saves making Token objects for character
    offsets; the answer is the same without it."""
    if j >= s1:
        return None
    k = j
    t = doc[k]  # each Doc.__getitem__ makes a new Token object: one per token looked at
    while _is_join(t):
        if "\n" in t.text:
            return None  # a line break ends what one sentence reports
        k += 1
        if k >= s1:
            return None
        t = doc[k]
    if k - j > 4:
        return None
    h = t.head
    while h.i != t.i and k <= h.i < s1 and h.left_edge.i >= j:
        t, h = h, h.head
    if t.i == k and k < h.i < s1 and t.dep_ in SUBJECTS:
        t = h  # "..., [he doesn't ...]": the subject's clause, though the parser hung it over the content
    b = min(t.right_edge.i + 1, s1)
    while b > k + 1:
        last = doc[b - 1]
        if not last.is_punct or last.text in QUOTE_MARKS:
            break
        b -= 1
    if cue is not None and k <= cue.i < b or bisect_left(blocked, b) > bisect_left(blocked, k):
        return None
    if cue is not None and t.dep_ == "agent" and t.head.i == cue.i:
        return None  # "considered [unclean] by Muslims": the cue's agent is its source, not content
    if walls:
        if tmap is not None:
            ua, ub = tmap.idx[k], tmap.ends[b - 1]
        else:
            ua, ub = doc[k].idx, doc[b - 1].idx + len(doc[b - 1])
        # the last wall starting before the unit's end is the only one that can reach into it (the walls
        # are in text order and do not overlap: one bisection instead of a test per quotation)
        w = bisect_left(walls, (ub,))
        if w and walls[w - 1][1] > ua:
            return None  # a quotation kept as a direct quote of its own
    return Unit(k, b, j, k, t)


def unit_before(doc: Doc, i: int, j: int) -> Unit | None:
    """The last unit of content [i, j): the largest subtree ending at its last word that starts
    after its first, with the joining tokens before it. None when too little would be left."""
    last = j - 1
    while last > i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last <= i:
        return None
    t = doc[last]
    while t.head.i != t.i and i < t.head.left_edge.i and t.head.right_edge.i <= last:
        t = t.head
    a = t.left_edge.i
    ja = a
    while ja > i and _is_join(doc[ja - 1]):
        ja -= 1
    if ja - i < MIN_KEPT or a <= i:
        return None
    return Unit(a, last + 1, ja, a, t)


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


# The end model's feature templates, in the order their weights are summed ("prep", the preposition
# of a unit that is a prepositional phrase, only for such units, after "kd").
TEMPLATES = ("join", "first", "fpos", "dep", "rpos", "head", "subj", "finite", "cuein", "quoted", "len", "clen", "kind",
             "side", "tosent", "jd", "jf", "dh", "js", "df", "jq", "open", "ll", "jo", "kd",
             "ctag", "agree", "rtag", "mark", "jm", "fd", "fpd", "commas", "jc",
             "ctype", "cj", "cd", "last", "lj", "hpos", "rlem", "cue", "bias")
_PREP_AT = TEMPLATES.index("kd") + 1
TEMPLATES_PREP = TEMPLATES[:_PREP_AT] + ("prep",) + TEMPLATES[_PREP_AT:]


def features(doc: Doc, u: Unit, i: int, j: int, s1: int, cue: Token | None, cue_kind: str,
             cues: set[int], direction: str, tmap: TokenMap) -> list[str]:
    """Readable features of a unit at a content's end (``direction`` "x" extend, "t" trim):
    "<direction>:<template>=<value>", and "<direction>:bias"."""
    values, prep = _values(doc, u, i, j, s1, cue, cue_kind, cues, direction, tmap)
    p = direction + ":"
    return [p + t if v is None else f"{p}{t}={v}" for t, v in zip(TEMPLATES_PREP if prep else TEMPLATES, values)]


def _values(doc: Doc, u: Unit, i: int, j: int, s1: int, cue: Token | None, cue_kind: str,
            cues: set[int], direction: str, tmap: TokenMap) -> tuple[list[str | None], bool]:
    """The features' values in the order of ``TEMPLATES`` (``TEMPLATES_PREP`` when the second item
    is true: the unit is a prepositional phrase). The fitted model looks each one up in its
    template's weights (``EndModel.score``); ``features`` names them."""
    r = u.root
    h = r.head  # each Token attribute that is a token makes a new object: read once
    first = r if r.i == u.a else doc[u.a]
    rdep, flow = r.dep_, first.lower_
    join = _joiner(doc, u.join_a, u.join_b)
    own_subject = finite_aux = False
    for c in r.children:
        d = c.dep_
        if d in SUBJECTS:
            own_subject = True
        elif d in ("aux", "auxpass") and c.tag_ in FINITE:
            finite_aux = True
    rtag = r.tag_
    finite = rtag in FINITE or finite_aux
    cend = j if direction == "x" else u.join_a  # the content's end for this decision
    hi = h.i
    where = "cue" if cue is not None and hi == cue.i else "root" if hi == r.i else \
        "content" if i <= hi < cend else "before" if hi < i else "after"
    has_cue = tmap.has_cue(u.a, u.b, cues)
    quoted = tmap.quotes_in(u.a, u.b) > 0
    rest = s1 - u.b
    n = _bucket(u.b - u.a)
    clen = _bucket(cend - i)
    odd = tmap.quotes_in(i, cend) % 2
    side = "none" if cue is None else ("before" if cue.i < i else "after" if cue.i >= j else "inside")
    fpos = first.pos_
    v: list[str | None] = [
        join, flow, fpos, rdep, r.pos_, where, f"{own_subject}", f"{finite}", f"{has_cue}", f"{quoted}", n, clen,
        f"{cue_kind}", side, "end" if rest <= 1 else "near" if rest <= 4 else "far",
        f"{join}|{rdep}", f"{join}|{flow}", f"{rdep}|{where}", f"{join}|{own_subject}",
        f"{rdep}|{finite}|{own_subject}", f"{join}|{quoted}", f"{odd}", f"{n}|{clen}", f"{join}|{odd}",
        f"{cue_kind}|{rdep}",
    ]
    prep = rdep == "prep"
    if prep:
        v.append(r.lower_)
    # the cue's form and whether the unit's root shares it: a verb conjoined in the cue's own form is
    # often the speaker's next act ("chides [Turkey] and praises Trump"), one in another form goes on
    # with the content ("said [he was tired and wanted ...]"); the subordinator opening the unit
    # ("because", "even", "when"); the first word with the unit's relation; the commas inside the
    # unit (a list or a clause of its own). 5-fold held out on PolNeAR train: see ``span_weights.tsv``.
    ctag = cue.tag_ if cue is not None else ""
    mark = flow if first.i < r.i and first.dep_ in ("mark", "advmod") and first.head.i == r.i else ""
    commas = min(tmap.commas_in(u.a, u.b), 3)
    v += [ctag, f"{rtag == ctag}|{rdep}", rtag, mark, f"{join}|{mark}", f"{flow}|{rdep}", f"{fpos}|{rdep}|{join}",
          f"{commas}", f"{join}|{min(commas, 2)}"]
    # what the content is (its root's relation: a clause, an object, ...), what it ends on
    end_pos = doc[cend - 1].pos_
    croot = doc[i]
    while True:
        ch = croot.head
        if ch.i == croot.i or not i <= ch.i < cend:
            break
        croot = ch
    cdep = croot.dep_
    v += [cdep, f"{cdep}|{join}", f"{cdep}|{rdep}", end_pos, f"{end_pos}|{join}", f"{h.pos_}|{rdep}",
          r.lemma_.lower(), cue.lemma_.lower() if cue is not None else "", None]
    return v, prep


def _closing(doc: Doc, u: Unit, s1: int) -> bool:
    """Whether a unit is only the sentence's closing punctuation (".", "?", "..."; not a quote mark),
    with only joining tokens after it before the sentence ends at ``s1``. The fitted model took such
    a unit in 8,026 times out of 8,028 on PolNeAR train (840 articles), where it is more than half of
    all its decisions: taking it without the unit's features saves their cost, and the content's end
    (``spans._char_end``) drops it again (the quotes of PolNeAR train and dev came out identical)."""
    for k in range(u.a, u.b):
        t = doc[k]
        if not (t.is_punct or t.is_space) or t.text in QUOTE_MARKS or t.tag_ in QUOTE_TAGS:
            return False
    # only joining tokens (white space, a closing mark) left: no unit after it (``unit_after``)
    for k in range(u.b, s1):
        if not _is_join(doc[k]):
            return False
    return True


def adjust(doc: Doc, model: EndModel, cue: Token | None, cue_kind: str, i: int, j: int,
           cues: set[int], blocked: list[int], walls: list[tuple[int, int]], tmap: TokenMap) -> tuple[int, bool]:
    """The content's new end token (exclusive) after trims or extensions, and whether it moved.
    ``cues``: every candidate cue token (a feature); ``blocked``: the quotes' cue tokens, sorted;
    ``walls``: the character spans of the direct quotes an extension may not enter, in text order and
    apart (as the stage's direct quotes are: ``unit_after`` bisects them); ``tmap``: the
    document's token facts (``tokenmap.TokenMap``). A threshold above 1 switches its decision off."""
    s1 = tmap.sent_end(j)  # the sentence's end (Token.sent walks from its start)
    moved = False
    for _ in range(MAX_STEPS if model.oracle is not None or model.threshold_trim <= 1 else 0):
        u = unit_before(doc, i, j)
        if u is None:
            break
        if not _decide(model, "t", doc, u, i, j, s1, cue, cue_kind, cues, tmap):
            break
        j, moved = u.join_a, True
    if moved:
        return j, True
    for _ in range(MAX_STEPS if model.oracle is not None or model.threshold_extend <= 1 else 0):
        u = unit_after(doc, i, j, s1, cue, blocked, walls, tmap)
        if u is None:
            break
        if model.oracle is None and _closing(doc, u, s1):
            j, moved = u.b, True  # the sentence's closing punctuation: taken in without features
            break
        if not _decide(model, "x", doc, u, i, j, s1, cue, cue_kind, cues, tmap):
            break
        j, moved = u.b, True
    return j, moved


def _decide(model: EndModel, direction: str, doc: Doc, u: Unit, i: int, j: int, s1: int, cue: Token | None,
            cue_kind: str, cues: set[int], tmap: TokenMap) -> bool:
    """Whether to take the unit in ("x") or drop it ("t"): the oracle's answer on the features'
    names when the fit has one in place, else the weights' over the features' values."""
    if model.oracle is not None:
        feats = features(doc, u, i, j, s1, cue, cue_kind, cues, direction, tmap)
        return model.oracle(direction, feats, (u.a, u.b), (i, j))
    values, prep = _values(doc, u, i, j, s1, cue, cue_kind, cues, direction, tmap)
    t = model.threshold_extend if direction == "x" else model.threshold_trim
    return model.score(direction, values, prep) >= t
