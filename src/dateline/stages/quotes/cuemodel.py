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
  sentence, the sentence's length (``_shape``); ``holds_cue`` another listed cue inside the
  content, ``under_cue`` the cue hangs under another listed cue, ``subj_relative``;
- ``f|<frame>|<feature>``: the frame crossed with the features above (held-out AUC 0.833 -> 0.844
  on train candidates): a frame bounds its content its own way.

The model is fitted to say whether the content the stage finally yields for the cue (after the
boundary rules of ``spans``) matches a gold content: a right cue with its content cut wrong is a
false positive too, and rejecting it costs no recall.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "cue_weights.tsv"

PERSONAL_PRONOUNS = {"he", "she", "they", "i", "we", "you", "him", "her", "them", "me", "us", "who"}
QUOTE_CHARS = set("\"\u201c\u201d")
_NONE: list[int] = []
TENSE_TAGS = {"VBD", "VBZ", "VBP", "VB", "VBG", "VBN"}
DEPS = {"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "acl", "parataxis", "pcomp", "dobj", "nsubj",
        "nsubjpass", "pobj", "attr", "appos", "amod", "acomp", "compound", "prep", "csubj", "dep"}


def _bucket(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def _subject_kind(tok) -> str:
    if tok is None:
        return "none"
    low = tok.lower_
    if low == "it":
        return "it"
    if tok.pos_ == "PRON" or low in PERSONAL_PRONOUNS:
        return "pronoun"
    if tok.ent_type_ == "PERSON":
        return "person"
    if tok.ent_type_ in ("ORG", "NORP"):
        return "org"
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return "place"
    if tok.pos_ == "PROPN":
        return "name"
    return "noun"


class _Sentence:
    """The bounds of the cue's sentence, from the document's sentence starts (``Token.sent`` walks
    the tokens for each call)."""

    __slots__ = ("start", "end")

    def __init__(self, tok, starts: list[int]) -> None:
        if not starts:
            sent = tok.sent
            self.start, self.end = sent.start, sent.end
            return
        k = bisect_right(starts, tok.i)
        self.start = starts[k - 1] if k else 0
        self.end = starts[k] if k < len(starts) else len(tok.doc)


def _between(arr: list[int], a: int, b: int) -> int:
    """How many of the sorted indices in ``arr`` lie in [a, b)."""
    return bisect_left(arr, b) - bisect_left(arr, a)


def _marks(tok, sent, quotes) -> str:
    """Whether the cue's sentence holds quote marks, and whether the cue stands between them."""
    before = _between(quotes, sent.start, tok.i)
    if before % 2:
        return "inside"
    return "sentence" if before or _between(quotes, tok.i + 1, sent.end) else "none"


def features(cue: Any, clause: Any) -> dict[str, float]:
    """Features of one candidate: its ``Cue`` and the ``Clause`` its frame found (see the module doc)."""
    tok = cue.token
    doc = tok.doc
    lemma = tok.lemma_.lower()
    if cue.particle is not None and cue.kind != "phrase":
        lemma += " " + cue.particle.lower_
    frame = clause.frame or "other"
    kind = "unlisted" if cue.learned else cue.kind
    f = {"bias": 1.0, "lemma=" + lemma: 1.0, "kind=" + kind: 1.0, "frame=" + frame: 1.0,
         "lf=" + lemma + "|" + frame: 1.0, "kf=" + kind + "|" + frame: 1.0, "pos=" + tok.pos_: 1.0,
         "dep=" + (tok.dep_ if tok.dep_ in DEPS else "other"): 1.0}
    who = clause.speaker[0] if clause.speaker is not None else None
    sk = _subject_kind(who)
    f["subj=" + sk] = 1.0
    f["ks=" + kind + "|" + sk] = 1.0
    kids = list(tok.children)
    if any(c.dep_ == "neg" for c in kids):
        f["neg"] = 1.0
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        f["voice=passive"] = 1.0
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids):
        f["tense=modal"] = 1.0
    elif tok.tag_ in TENSE_TAGS:
        f["tense=" + tok.tag_] = 1.0
    cues_at, quotes, starts = cue.peers if cue.peers is not None else (_NONE, _NONE, _NONE)
    sent = _Sentence(tok, starts)
    f["marks=" + _marks(tok, sent, quotes)] = 1.0
    span = doc.char_span(clause.start, clause.end, alignment_mode="expand")
    first = span[0] if span is not None and len(span) else None
    if first is None:
        intro = "none"
    elif first.lower_ == "that":
        intro = "that"
    elif first.lower_ in ("whether", "if"):
        intro = "whether"
    elif first.lower_ == "to":
        intro = "to"
    elif first.i > 0 and doc[first.i - 1].text in QUOTE_CHARS:
        intro = "quote"
    else:
        intro = "none"
    f["intro=" + intro] = 1.0
    n = len(span) if span is not None else 0
    if clause.rest is not None:
        rest = doc.char_span(clause.rest[0], clause.rest[1], alignment_mode="expand")
        n += len(rest) if rest is not None else 0
    f["clen=" + _bucket(n)] = 1.0
    if clause.end <= cue.start:
        f["inv"] = 1.0
    if cue.governs:
        f["governs"] = 1.0
    if span is not None and len(span):
        f.update(_shape(tok, sent, span, quotes))
        if _between(cues_at, span.start, span.end) - _between(cues_at, max(tok.i, span.start), min(tok.i + 1, span.end)):
            f["holds_cue"] = 1.0  # another cue inside the content: the stage keeps one of the two
    if _under_cue(tok, cues_at):
        f["under_cue"] = 1.0
    if who is not None and who.tag_ in ("WDT", "WP"):
        f["subj_relative"] = 1.0
    # each frame bounds its content its own way: how the content lies in its sentence, who holds it
    # and where the cue hangs weigh differently for an inverted "X, he said" than for "said that X"
    for k in [k for k in f if k.startswith(CROSSED) or k in CROSSED_FLAGS]:
        f["f|" + frame + "|" + k] = 1.0
    return f


CROSSED = ("subj=", "clen=", "dep=", "intro=", "marks=", "tense=", "gap=", "slen=")
CROSSED_FLAGS = {"to_end", "mid_end", "neg", "voice=passive", "under_cue", "holds_cue", "quoted", "no_verb",
                 "cue_first", "para_start", "inv"}


def _under_cue(tok, peers) -> bool:
    """The cue hangs (within three steps up the parse) under another listed cue: a stance inside
    someone's reported words ("said the OIC will continue to support ...")."""
    node = tok
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if _between(peers, node.i, node.i + 1):
            return True
    return False


def _shape(tok, sent, span, quotes) -> dict[str, float]:
    """Where the content lies in its sentence: whether it runs to the sentence's end, starts right
    after the cue, holds quote marks or a verb of its own. A content cut mid-sentence by a parser
    attachment is the commonest way a right cue still misses PolNeAR's content."""
    doc = tok.doc
    f: dict[str, float] = {}
    last = span[-1].i
    k = last + 1
    while k < sent.end and (doc[k].is_punct or doc[k].is_space):
        k += 1
    f["to_end" if k >= sent.end else "mid_end"] = 1.0
    if span.start > tok.i:
        gap = span.start - tok.i - 1
        f["gap=" + ("0" if gap == 0 else "1-2" if gap <= 2 else "3+")] = 1.0
    if _between(quotes, span.start, span.end):
        f["quoted"] = 1.0
    if not any(t.pos_ in ("VERB", "AUX") for t in span):
        f["no_verb"] = 1.0
    if tok.i == sent.start or (tok.i - sent.start <= 2 and doc[sent.start].is_punct):
        f["cue_first"] = 1.0
    n = sent.end - sent.start
    f["slen=" + _bucket(n)] = 1.0
    if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws or doc[sent.start - 1].is_space:
        f["para_start"] = 1.0
    if sent.start == 0:
        f["first_sent"] = 1.0
    return f


@dataclass
class CueModel:
    """Logistic weights and the acceptance threshold (a probability)."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.5
    note: str = ""

    def probability(self, feats: dict[str, float]) -> float:
        get = self.weights.get
        s = 0.0
        for k, v in feats.items():
            s += get(k, 0.0) * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    def accept(self, cue: Any, clause: Any) -> bool:
        return self.probability(features(cue, clause)) >= self.threshold


def parse_weights(lines: Iterable[str]) -> CueModel:
    """``feature<TAB>weight`` rows; ``threshold<TAB>p`` sets the threshold; ``#`` starts a comment."""
    model = CueModel()
    notes = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            notes.append(line[1:].strip())
            continue
        name, value = line.rsplit("\t", 1)
        if name == "threshold":
            model.threshold = float(value)
        else:
            model.weights[name] = float(value)
    model.note = "\n".join(notes)
    return model


def load_model() -> CueModel | None:
    """The shipped model, or None when no weights file is packaged (every candidate is kept)."""
    if not WEIGHTS_FILE.is_file():
        return None
    return parse_weights(WEIGHTS_FILE.read_text(encoding="utf-8").splitlines())
