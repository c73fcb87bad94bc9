"""The cue model: is this candidate cue, with the content its frame found, an attribution?

The clause reader (``clauses``) proposes candidates: a lexicon entry with the content one of its
frames yields ("said [that ...]", "[X] is expected [to ...]", "his plan [to ...]"), or an unlisted
verb with a clausal or infinitival complement ("lamented [that ...]"). A logistic model scores
each from readable features and the candidate is kept when its probability reaches the fitted
threshold. The weights are fitted on PolNeAR's train split (``python -m
dateline.evaluation.quote_cues fit``) and live in ``data/cue_weights.tsv``, one
``feature<TAB>weight`` a line, with the threshold in a ``threshold`` row.

Why a model rather than the lexicon alone: the lexicon held an entry when it measured at least
0.35 precision on a slice of train, one lemma at a time; whether "see", "know" or "find" report
depends on the frame, the subject and the complement as much as on the lemma, and the long tail of
cue words has too few cases each for a per-lemma rule. The features weigh these jointly; a lemma
seen fewer than ``MIN_COUNT`` times in training (``evaluation/quote_cues.py``) has no weight and
is judged by its frame alone.

Features (``features``):
- ``lemma=`` the cue's lemma; ``kind=`` its lexicon kind (``unlisted`` when the lexicon lacks it);
  ``frame=`` where the content came from (clause, xcomp, object, prep, raised, passive, inverted,
  parenthetical, noun, according, ...); ``lf=`` lemma with frame;
- ``subj=`` who holds it: a person, a pronoun, "it", an organisation or place, another noun, none;
- ``neg``, ``voice=passive``, ``tense=`` (the fine tag, or ``modal``), ``dep=`` the cue token's
  dependency relation, ``pos=``;
- ``marks=`` whether the cue's sentence holds quote marks, and whether the cue is between them;
- ``intro=`` how the content begins: that, whether/if, to, a quote mark, none;
- ``clen=`` the content's length in tokens (bucketed), ``inv`` content before the cue;
- the content's shape in its sentence: runs to the sentence's end or stops inside it, the gap after
  the cue, quote marks or no verb inside, the cue first in its sentence, a paragraph's first
  sentence, the sentence's length; ``holds_cue`` another listed cue inside the
  content, ``under_cue`` the cue hangs under another listed cue, ``subj_relative``;
- ``f|<frame>|<feature>``: the frame crossed with the features above (held-out AUC 0.833 -> 0.844
  on train candidates): a frame bounds its content its own way.
- how the content is bounded and what else its sentence holds (the boundary group, ``EXTRA``, not
  crossed): the token after and before it, its first word, the other cues in the sentence, the
  verb the cue hangs on, how much of the sentence is left around it.

The model is fitted to say whether the content the stage finally yields for the cue (after the
boundary rules of ``spans``) matches a gold content: a right cue with its content cut wrong is a
false positive too, and rejecting it costs no recall.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Iterable

WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "cue_weights.tsv"
_ZEROS = repeat(0.0)  # the default of each weight lookup (``map`` reads one per name)

PERSONAL_PRONOUNS = {"he", "she", "they", "i", "we", "you", "him", "her", "them", "me", "us", "who"}
QUOTE_CHARS = set("\"\u201c\u201d")
TENSE_TAGS = {"VBD", "VBZ", "VBP", "VB", "VBG", "VBN"}
DEPS = {"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "acl", "parataxis", "pcomp", "dobj", "nsubj",
        "nsubjpass", "pobj", "attr", "appos", "amod", "acomp", "compound", "prep", "csubj", "dep"}


def _bucket(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def subject_kind(tok) -> str:
    """The kind of the token that holds a stance (read by the cue and nesting models)."""
    if tok is None:
        return "none"
    low = tok.lower_
    if low == "it":
        return "it"
    pos = tok.pos_
    if pos == "PRON" or low in PERSONAL_PRONOUNS:
        return "pronoun"
    ent = tok.ent_type_
    if ent == "PERSON":
        return "person"
    if ent in ("ORG", "NORP"):
        return "org"
    if ent in ("GPE", "LOC", "FAC"):
        return "place"
    if pos == "PROPN":
        return "name"
    return "noun"


class DocFacts:
    """What the stage needs to know about the whole document, computed once per document by
    ``clauses.cue_tokens`` from one array of token attributes (no per-candidate token walks):
    sorted token indices of the listed cues, of the quote marks, of the sentence starts and of the
    verbs, and each token's character start and end (to map a content's characters to tokens with
    ``bisect`` the way ``Doc.char_span(..., alignment_mode="expand")`` does); for the clause reader,
    the sorted indices of the relative clauses and appositions (``asides``, read by ``trim_aside``);
    and the attribute array itself, one contiguous row per attribute of ``clauses.FACT_ATTRS``
    (``cols``; None when the facts were walked from the tokens), for whoever needs another column
    of it without reading the document again, with its HEAD row as signed offsets (``heads``)."""

    __slots__ = ("cues_at", "cue_set", "quotes", "starts", "verbs", "idx", "ends", "nchars", "asides", "cols",
                 "heads", "para")

    def __init__(self, cues_at: list[int], quotes: list[int], starts: list[int], verbs: list[int],
                 idx: list[int], ends: list[int], nchars: int, asides: list[int] | None = None,
                 cols: Any = None) -> None:
        self.cues_at, self.quotes, self.starts, self.verbs = cues_at, quotes, starts or [0], verbs
        self.cue_set = frozenset(cues_at)  # (membership of one token: no bisect)
        self.idx, self.ends, self.nchars = idx, ends, nchars
        self.asides: list[int] = asides or []
        self.cols = cols
        # (a view made once: each ``view`` call costs more than the few reads a candidate makes)
        self.heads = cols[6].view("int64") if cols is not None else None
        self.para: dict[int, bool] = {}  # sentence start -> opens a paragraph (filled as read)

    def tokens(self, a: int, b: int) -> tuple[int, int] | None:
        """Token range [i, j) of characters [a, b), as ``Doc.char_span(a, b, alignment_mode="expand")``
        gives it: a character in a token's trailing space belongs to that token, and a range that
        starts right at a token's end starts with the next token."""
        if a < 0 or a >= self.nchars or b < 1 or b > self.nchars:
            return None
        i = bisect_right(self.idx, a) - 1
        j = bisect_right(self.idx, b - 1)
        if a == self.ends[i]:
            i += 1
        return i, j


def _sentence(ti: int, starts: list[int], n: int) -> tuple[int, int]:
    """The token bounds [start, end) of the sentence holding token ``ti``, from the document's sorted
    sentence starts (``Token.sent`` walks the tokens for each call); ``n``: the document's length."""
    k = bisect_right(starts, ti)
    return (starts[k - 1] if k else 0), (starts[k] if k < len(starts) else n)


def _between(arr: list[int], a: int, b: int) -> int:
    """How many of the sorted indices in ``arr`` lie in [a, b)."""
    return bisect_left(arr, b) - bisect_left(arr, a)


def features(cue: Any, clause: Any) -> dict[str, float]:
    """Features of one candidate: its ``Cue`` and the ``Clause`` its frame found (see the module doc).
    Every feature is binary (value 1.0)."""
    return dict.fromkeys(feature_names(cue, clause), 1.0)


def feature_names(cue: Any, clause: Any) -> list[str]:
    """The names of the candidate's features, in a fixed order (the model sums their weights): the
    candidate's own, each of the crossable ones crossed with the frame (``f|<frame>|<name>``), then
    the boundary group (``EXTRA``)."""
    head, rest, frame, extra = _feature_parts(cue, clause)
    own = _head_names(head) + rest
    pre = "f|" + frame + "|"
    return own + [pre + k for k in _crossable(own)] + extra


def _head_names(head: tuple[str, ...]) -> list[str]:
    """The first ten own names (bias, lemma, kind, frame, their pairs, pos, dep, subj, kind with
    subj) from the values ``_feature_parts`` gives for them."""
    lemma, kind, frame, pos, dep, sk = head
    return ["bias", "lemma=" + lemma, "kind=" + kind, "frame=" + frame, "lf=" + lemma + "|" + frame,
            "kf=" + kind + "|" + frame, "pos=" + pos, dep, SUBJ_NAMES[sk], "ks=" + kind + "|" + sk]


def _crossable(own: list[str]) -> list[str]:
    """The features crossed with the frame (the first seven names -- bias, lemma, kind, frame and
    their pairs, pos -- and "ks=" are never crossed; of the rest all but UNCROSSED are: ``crossed``
    is the rule, this is its fast form)."""
    return own[7:9] + [k for k in own[10:] if k not in UNCROSSED]


# Feature names of bucketed values, built once (a constant string's hash is computed once, a name
# concatenated per candidate is hashed at each weight lookup): the name of value n is NAMES[min(n, top)].
_CLEN = tuple("clen=" + _bucket(n) for n in range(22))
_SLEN = tuple("slen=" + _bucket(n) for n in range(22))
_GAP = ("gap=0", "gap=1-2", "gap=1-2", "gap=3+")
_SCUES = ("scues=0", "scues=1", "scues=2+")


def _feature_parts(cue: Any, clause: Any) -> tuple[tuple[str, ...], list[str], str, list[str]]:
    """The candidate's own features, its frame, and its boundary features (``extra``). The own
    features come in two parts: ``head``, the values the first ten names are made of (lemma, kind,
    frame, pos, the "dep=" name, the subject's kind: ``_head_names``), many candidates share (the
    model sums their weights once for them); then the other own names.

    One function for the three groups, run for every candidate: the cue's own membership is read
    from ``DocFacts.cue_set``, and the tokens right after the content and before it are made once."""
    tok = cue.token
    doc = tok.doc
    facts = cue.peers if cue.peers is not None else _facts(doc)
    ti = tok.i
    lemma = tok.lemma_.lower()
    if cue.particle is not None and cue.kind != "phrase":
        lemma += " " + cue.particle.lower_
    frame = clause.frame or "other"
    kind = "unlisted" if cue.learned else cue.kind
    who = clause.speaker[0] if clause.speaker is not None else None
    sk = subject_kind(who)
    dep = tok.dep_
    head = (lemma, kind, frame, tok.pos_, DEP_NAMES.get(dep, "dep=other"), sk)
    f: list[str] = []  # the own names after the ten of ``head``
    neg = passive = modal = False
    for c in cue.children():
        cdep = c.dep_
        if cdep == "neg":
            neg = True
        elif cdep == "auxpass" or cdep == "nsubjpass":
            passive = True
        elif cdep == "aux" and c.tag_ == "MD":
            modal = True
    if neg:
        f.append("neg")
    if passive:
        f.append("voice=passive")
    if modal:
        f.append("tense=modal")
    else:
        tense = TENSE_NAMES.get(tok.tag_)
        if tense is not None:
            f.append(tense)
    # the cue's sentence [s0, s1), and whether it holds quote marks and the cue stands between them
    starts, quotes, cues_at = facts.starts, facts.quotes, facts.cues_at
    s0, s1 = _sentence(ti, starts, len(doc))
    before = _between(quotes, s0, ti)
    f.append("marks=inside" if before % 2 else
             "marks=sentence" if before or _between(quotes, ti + 1, s1) else "marks=none")
    span = facts.tokens(clause.start, clause.end)
    if span is not None and span[1] <= span[0]:
        span = None
    intro = "intro=none"
    first = low = None  # the content's first token and its lower form
    if span is not None:
        i = span[0]
        first = doc[i]
        low = first.lower_
        if low == "that":
            intro = "intro=that"
        elif low == "whether" or low == "if":
            intro = "intro=whether"
        elif low == "to":
            intro = "intro=to"
        elif i > 0:  # (a quote mark's text is read only when a quote-mark token is there)
            if _between(quotes, i - 1, i) and doc[i - 1].text in QUOTE_CHARS:
                intro = "intro=quote"
    f.append(intro)
    n = span[1] - span[0] if span is not None else 0
    if clause.rest is not None:
        rest = facts.tokens(clause.rest[0], clause.rest[1])
        n += max(0, rest[1] - rest[0]) if rest is not None else 0
    f.append(_CLEN[n if n < 21 else 21])
    if clause.end <= cue.start:
        f.append("inv")
    if cue.governs:
        f.append("governs")
    after = None  # the token right after the content (None at the sentence's end)
    if span is not None:
        i, j = span
        # where the content lies in its sentence: whether it runs to the sentence's end, starts right
        # after the cue, holds quote marks or a verb of its own. A content cut mid-sentence by a parser
        # attachment is the commonest way a right cue still misses PolNeAR's content
        k = j
        while k < s1:
            t = doc[k]
            if k == j:
                after = t
            if not (t.is_punct or t.is_space):
                break
            k += 1
        f.append("to_end" if k >= s1 else "mid_end")
        if i > ti:
            gap = i - ti - 1
            f.append(_GAP[gap if gap < 3 else 3])
        if _between(quotes, i, j):
            f.append("quoted")
        verbs = facts.verbs
        if not _between(verbs, i, j):
            f.append("no_verb")
        if ti == s0 or (ti - s0 <= 2 and doc[s0].is_punct):
            f.append("cue_first")
        f.append(_SLEN[s1 - s0 if s1 - s0 < 21 else 21])
        if s0 == 0:
            f.append("para_start")
        else:
            para = facts.para.get(s0)
            if para is None:  # (once per sentence: candidates share their sentence)
                t = doc[s0 - 1]
                para = facts.para[s0] = "\n" in t.text_with_ws or t.is_space
            if para:
                f.append("para_start")
        if s0 == 0:
            f.append("first_sent")
        # another listed cue inside the content (the cue itself not counted): the stage keeps one of the
        # two. (The fitted count, for a content away from its cue: the cues from the cue to its far end.)
        a, b = (ti + 1, j) if ti < i else (i, ti) if ti >= j else (i, j)
        if _between(cues_at, a, b) - (i <= ti < j and ti in facts.cue_set):
            f.append("holds_cue")
    if _under_cue(tok, facts):
        f.append("under_cue")
    if who is not None and who.tag_ in ("WDT", "WP"):
        f.append("subj_relative")
    # each frame bounds its content its own way: how the content lies in its sentence, who holds it
    # and where the cue hangs weigh differently for an inverted "X, he said" than for "said that X"
    # (``feature_names`` crosses them). The boundary group (EXTRA) is not crossed: the token after the
    # content (``next=``: a content stopping before ", and" or "as" is often cut short) and before it
    # (``prev=``), its first word (``first=``), how much of the sentence is left after the content and
    # before it (``rest=``, ``rest_verb``, ``lead=``), how many other listed cues the sentence holds
    # (``scues=``), the verb the cue hangs on ("refused to [say]", ``head=``)
    extra: list[str] = []
    groups = EXTRA
    if not groups:
        return head, f, frame, extra
    if span is not None:
        if "next" in groups:
            extra.append("next=" + _edge(doc, j, s0, s1, after))
        if "prev" in groups:
            extra.append("prev=" + ("cue" if i - 1 == ti else _edge(doc, i - 1, s0, s1)))
        if "first" in groups:
            extra.append("first=" + (low if low in FIRST_WORDS else first.pos_))
        if "rest" in groups:
            k = j if j > ti else ti + 1
            n = s1 - k
            extra.append(_REST[n if n < 9 else 9] if n > 0 else _REST[0])
            if _between(verbs, k, s1):
                extra.append("rest_verb")
            n = (i if i < ti else ti) - s0
            extra.append(_LEAD[n if n < 9 else 9] if n > 0 else _LEAD[0])
    if "scues" in groups:
        n = _between(cues_at, s0, s1) - (ti in facts.cue_set)
        extra.append(_SCUES[n if n < 2 else 2])
    if "head" in groups and dep in HEAD_DEPS:
        extra.append("head=" + dep + "|" + tok.head.lemma_.lower())
    return head, f, frame, extra


# The feature groups of the boundary group (``extra``; see the module doc); a set, so that a fit can
# measure each group by switching it off. Held out on train (5-fold), the six together: overall F1
# 0.7089 -> 0.7103, candidates' AUC 0.8446 -> 0.8484 (the token after the content alone +0.0017);
# tried and dropped: lemma x holder kind (AUC +0.0000), the content's last token (+0.0000), these
# crossed with the frame (+0.0003) or with the lemma (+0.0007).
EXTRA: frozenset[str] = frozenset({"next", "prev", "first", "scues", "head", "rest"})
# Words around and at the start of a content that tell how it is bounded (others fall in a class).
EDGE_WORDS = {",", ".", ";", ":", "\"", "\u201c", "\u201d", "(", ")", "-", "\u2014", "and", "but", "or", "as",
              "to", "while", "because", "after", "before", "if", "when", "in", "on", "for", "with", "since",
              "that", "which", "who", "of", "at", "by", "from", "about", "than", "so", "though", "although"}
FIRST_WORDS = {"that", "to", "the", "a", "an", "he", "she", "they", "it", "i", "we", "you", "his", "her", "their",
               "there", "this", "these", "whether", "if", "how", "what", "why", "when", "who", "no", "not", "all",
               "some", "more", "most", "mr.", "ms.", "mrs."}
HEAD_DEPS = frozenset(("xcomp", "ccomp", "advcl", "conj", "relcl", "acl"))  # (``head=``)


def _bucket0(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


_REST = tuple("rest=" + _bucket0(n) for n in range(10))  # (as _CLEN; 0 for n <= 0)
_LEAD = tuple("lead=" + _bucket0(n) for n in range(10))


def _edge(doc, k: int, s0: int, s1: int, t=None) -> str:
    """Token ``k`` (``t`` when the caller has it) as a boundary word: itself when listed, else
    "punct" or its part of speech; "EOS" outside the sentence [s0, s1)."""
    if k < s0 or k >= s1:
        return "EOS"
    if t is None:
        t = doc[k]
    low = t.lower_
    if low in EDGE_WORDS:
        return low
    return "punct" if t.is_punct else t.pos_


def crossed(name: str) -> bool:
    """Whether a feature is crossed with the frame (``feature_names`` applies this rule by position)."""
    return name.startswith(CROSSED) or name in CROSSED_FLAGS


CROSSED = ("subj=", "clen=", "dep=", "intro=", "marks=", "tense=", "gap=", "slen=")
CROSSED_FLAGS = {"to_end", "mid_end", "neg", "voice=passive", "under_cue", "holds_cue", "quoted", "no_verb",
                 "cue_first", "para_start", "inv"}
UNCROSSED = {"governs", "first_sent", "subj_relative"}  # the features after "ks=" that are not crossed
DEP_NAMES = {d: "dep=" + d for d in DEPS}  # (constant names: see _CLEN)
SUBJ_NAMES = {k: "subj=" + k for k in ("none", "it", "pronoun", "person", "org", "place", "name", "noun")}
TENSE_NAMES = {t: "tense=" + t for t in TENSE_TAGS}


def _facts(doc) -> DocFacts:
    """The document facts for a cue made outside ``clauses.cue_tokens`` (tests, tools): computed here."""
    quotes = [t.i for t in doc if t.text in QUOTE_CHARS or t.text in ("''", "``")]
    starts = [t.i for t in doc if t.is_sent_start] or [0]
    verbs = [t.i for t in doc if t.pos_ in ("VERB", "AUX")]
    asides = [t.i for t in doc if t.dep_ in ("relcl", "appos")]
    return DocFacts([], quotes, starts, verbs, [t.idx for t in doc], [t.idx + len(t) for t in doc], len(doc.text),
                    asides)


def _under_cue(tok, facts: DocFacts) -> bool:
    """The cue hangs (within three steps up the parse) under another listed cue: a stance inside
    someone's reported words ("said the OIC will continue to support ..."). The heads are read from
    the document's HEAD row (``DocFacts.heads``, no Token made) when the facts hold it."""
    heads, at = facts.heads, facts.cue_set
    i = tok.i
    if heads is None:  # (facts walked from the tokens: ``_facts``)
        node = tok
        for _ in range(3):
            head = node.head
            if head.i == node.i:
                return False
            node = head
            if node.i in at:
                return True
        return False
    for _ in range(3):
        h = i + heads.item(i)
        if h == i:
            return False
        i = h
        if i in at:
            return True
    return False


@dataclass
class CueModel:
    """Logistic weights and the acceptance threshold (a probability)."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.5
    note: str = ""
    # (the weights they were read from, their size, frame -> crossed weights, head -> sum): ``_tables``
    _by_frame: tuple = field(default_factory=lambda: (None, 0, {}, {}), repr=False, compare=False)

    def probability(self, feats: dict[str, float]) -> float:
        get = self.weights.get
        s = 0.0
        for k, v in feats.items():
            s += get(k, 0.0) * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def score(self, names: list[str]) -> float:
        """The probability of binary features given by name (the stage's path: no dict is built)."""
        s = sum(map(self.weights.get, names, repeat(0.0)))  # left to right, as a loop would
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def score_of(self, cue: Any, clause: Any) -> float:
        """``score(feature_names(cue, clause))`` without building the crossed names: their weights
        are read from the frame's own table (``_tables``) and summed in the same order (the
        same float, bit for bit). That table holds only names ``crossed`` allows, so the own names
        after the head are looked up in it whole: the others add 0.0, which leaves a float sum as it
        was. The sum over the ten head names is the same float for every candidate with that head:
        summed once, the rest is added to it in order."""
        head, rest, frame, extra = _feature_parts(cue, clause)
        table, sums = self._tables(frame)
        s = sums.get(head)
        if s is None:
            if len(sums) >= HEAD_SUMS:
                sums.clear()
            s = sums[head] = sum(map(self.weights.get, _head_names(head), _ZEROS))
        get, fget = self.weights.get, table.get
        # crossed: "dep=" and "subj=" of the head ("ks=" never is), then the rest
        s = sum(chain(map(get, rest, _ZEROS), (fget(head[4], 0.0), fget(SUBJ_NAMES[head[5]], 0.0)),
                      map(fget, rest, _ZEROS), map(get, extra, _ZEROS)), s)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def accept(self, cue: Any, clause: Any) -> bool:
        return self.score_of(cue, clause) >= self.threshold

    def _tables(self, frame: str) -> tuple[dict[str, float], dict[tuple[str, ...], float]]:
        """The weights of the features crossed with ``frame``, by the crossed feature's own name
        ("f|clause|subj=person" under "subj=person"), for the names ``crossed`` allows only; and the
        head sums ``score_of`` remembered. Rebuilt when the weights dict is replaced or changes size
        (weights are read from a file or set whole, never edited in place)."""
        weights = self.weights
        if self._by_frame[0] is not weights or self._by_frame[1] != len(weights):
            self._by_frame = (weights, len(weights), {}, {})
        table = self._by_frame[2].get(frame)
        if table is None:
            pre = "f|" + frame + "|"
            table = {k[len(pre):]: w for k, w in weights.items() if k.startswith(pre) and crossed(k[len(pre):])}
            self._by_frame[2][frame] = table
        return table, self._by_frame[3]


# How many head sums a model keeps (``score_of``): a head is a lemma with its kind, frame, part of
# speech, relation and subject kind; a long run meets new lemmas without end, so the memory is bounded
# (on cached PolNeAR train-840 the stage meets 6,860 heads).
HEAD_SUMS = 50_000


def parse_weights(lines: Iterable[str]) -> CueModel:
    """``feature<TAB>weight`` rows; ``threshold<TAB>p`` sets the threshold; ``#`` starts a comment."""
    from ...weights import read_weights

    weights, settings, notes = read_weights(lines, ("threshold",))
    return CueModel(weights, settings.get("threshold", CueModel.threshold), "\n".join(notes))


def load_model() -> CueModel | None:
    """The shipped model, or None when no weights file is packaged (every candidate is kept)."""
    if not WEIGHTS_FILE.is_file():
        return None
    return parse_weights(WEIGHTS_FILE.read_text(encoding="utf-8").splitlines())
