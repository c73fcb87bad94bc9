"""Labelled lines: "Source: claim" headlines and "SPEAKER: words" transcript turns.

News headlines attribute by a colon ("Paul Ryan: FBI Decision Defies Explanation") and interview
transcripts name each turn's speaker in capitals ("TAPPER: ..."). The label must be a known
speaker, so a rubric ("Update:", "Editor's note:", "12:45 p.m.:") is never taken for one: a
person or organisation the entities stage found, or a capitalised transcript name that is the
surname of such a person.

An article's first line, when it is a headline, is read more freely: its label may be a surname of a
person the story names ("Sanders: Clinton Email Story Has Moved", where the parser, reading a
capitalised headline, finds no name) or a source noun of ``data/headline_sources.tsv`` ("Poll: ...",
"Report: ..."). On PolNeAR train, 20 such headlines were not read before and 18 of them are
attributions in the gold (the other two: "Poll:" headlines); dev has 4, all in the gold. In the body
the same labels are mostly rubrics ("Trump: MOVE PAST Iowa." in a list), so only the first line is read
this way. A transcript (two or more turns labelled by a name in capitals) also gives each such turn to
its label when the story names the speaker nowhere else ("JOEL BENENSON: ..."): on PolNeAR train 7
such turns, all in the gold. Inside a paragraph, a noun of saying (``data/claim_nouns.tsv``) before a
colon labels the claim after it ("Their argument: ...", ``noun_labelled``).
"""

from __future__ import annotations

import importlib.resources as ilr
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ...model import Entity
from . import clauses
from .speakers import MentionIndex

# Label, colon, content to the end of the line; a label longer than six words is a sentence.
LINE = re.compile(r"^[ \t]*((?:[^\s:]+[ \t]+){0,5}[^\s:]+)[ \t]*:[ \t]+(\S[^\n]*)$", re.M)
# A transcript turn's label: a name in capitals, one to three words of two letters or more ("Q:" and
# "A:" turns are not read: PolNeAR's annotators took them about half the time).
TURN_NAME = re.compile(r"[A-Z][A-Z'’-]+(?:[ \t][A-Z][A-Z'’-]+){0,2}")
# Content shorter than this ("Tapper: Yes.") says too little to count as a position.
MIN_WORDS = 3
SPEAKER_TYPES = ("PERSON", "ORG", "NORP", "GPE")
# A headline is one short line; a longer first line is a paragraph of body copy.
HEADLINE_CHARS = 200
# Words of a page's furniture ("Editor's Note:", "Follow X on Twitter:", "Photo:"), whichever tag
# the parser gives them at the start of a line: such a label introduces no one's words.
RUBRIC = {"note", "update", "updated", "correction", "photo", "photos", "video", "follow", "read", "watch",
          "click", "related", "disclosure", "credit", "credits", "contact", "email", "twitter", "facebook",
          "instagram", "subscribe", "listen", "see", "also", "more", "share", "advertisement", "sponsored"}


def data_rows(name: str) -> list[list[str]]:
    """The rows of a labels data file (``data/<name>``), comments, blank lines and header skipped,
    each cell stripped."""
    text = ilr.files("dateline").joinpath(f"data/{name}").read_text(encoding="utf-8")
    rows = [[c.strip() for c in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]
    return rows[1:]


@dataclass(frozen=True)
class LabelNouns:
    headline: frozenset[str]  # source nouns heading a headline's label ("Poll: ...")
    claim: frozenset[str]  # nouns of saying before a colon ("Their argument: ...")
    claim_pattern: re.Pattern


def load(resources=None) -> LabelNouns:
    """The two noun lists (through ``resources.cached("quotes.labels", load)``: once per process)."""
    claim = frozenset(r[0] for r in data_rows("claim_nouns.tsv"))
    return LabelNouns(frozenset(r[0] for r in data_rows("headline_sources.tsv")), claim,
                      re.compile(r"\b(" + "|".join(sorted(claim)) + r")s?:[ \t]+(?=\w)"))


def noun_labelled(text: str, sdoc: Doc, nouns: LabelNouns):
    """(content start, content end, (noun token, start, end of the cue), speaker head or None) per claim
    labelled by a noun of saying and a colon ("Their argument: Only a Democratic Senate can act"). The
    claim runs to the end of the sentence; a quotation after the colon is a direct quote's, not this.
    On PolNeAR train 12 such claims, 8 in the gold (dev 1 of 1)."""
    out = []
    for m in _claim_matches(text, nouns):
        noun = sdoc.char_span(m.start(1), m.start(1) + len(m.group(1)), alignment_mode="expand")
        if noun is None or noun.root.pos_ != "NOUN":
            continue
        tok = noun.root
        cs = m.end()
        ce = tok.sent.end_char
        while ce > cs and (text[ce - 1].isspace()):
            ce -= 1
        if text[cs:ce].count("\n") or len(text[cs:ce].split()) < MIN_WORDS:
            continue
        # the holder: the noun's possessor ("Their argument"), else whoever gave it ("leaders sent a message")
        who = next((c for c in tok.children if c.dep_ == "poss"), None)
        if who is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            who = clauses.speaker_of(tok.head, inverted_ok=False)
        colon = m.start() + m.group().index(":")
        out.append((cs, ce, (tok, tok.idx, colon + 1), who))
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # (what the regex \w matches)


def _claim_matches(text: str, nouns: LabelNouns):
    """``nouns.claim_pattern.finditer(text)``, tried only at the word before each colon: a claim
    label is a whole word ending at its colon, and most of a story's text has none."""
    longest = max(map(len, nouns.claim), default=0) + 1  # (a noun and its plural "s")
    k = text.find(":")
    while k >= 0:
        j = k
        while j > 0 and k - j <= longest and _is_word(text[j - 1]):
            j -= 1
        word = text[j:k]
        if k - j <= longest and (word in nouns.claim or word[-1:] == "s" and word[:-1] in nouns.claim):
            m = nouns.claim_pattern.match(text, j)
            if m is not None:
                yield m
        k = text.find(":", k + 1)


def _lines_with_colon(text: str):
    """``LINE.finditer(text)``, tried only on lines that hold a colon (LINE matches one whole line)."""
    k = text.find(":")
    while k >= 0:
        start = text.rfind("\n", 0, k) + 1
        m = LINE.match(text, start)
        if m is not None:
            yield m
        end = text.find("\n", k)
        if end < 0:
            return
        k = text.find(":", end)


def _headline(text: str, a: int, ce: int) -> bool:
    """Whether the line at [a, ce) is the article's first line and a headline (one short line)."""
    return not text[:a].strip() and ce - a <= HEADLINE_CHARS


def _surname_of(word: str, entities: list[Entity]) -> Entity | None:
    w = word.lower()
    for e in entities:
        if e.type == "PERSON" and e.name.split() and e.name.split()[-1].lower() == w:
            return e
    return None


def labelled(text: str, sdoc: Doc, index: MentionIndex, entities: list[Entity], nouns: LabelNouns):
    """(content start, content end, colon span, (speaker head token, start, end), entity or None) per
    labelled line; the entity is given when the label is a surname the parse may not read as a name."""
    out = []
    if ":" not in text:
        return out  # (a labelled line needs its colon; most stories have none)
    turns = -1  # counted when first needed
    for m in _lines_with_colon(text):
        a, b = m.span(1)
        cs, ce = m.span(2)
        content = text[cs:ce].rstrip()
        if len(content.split()) < MIN_WORDS:
            continue
        label = sdoc.char_span(a, b, alignment_mode="expand")
        if label is None or any(t.lower_ in RUBRIC for t in label):
            continue
        headline = _headline(text, a, ce)
        # a headline's source noun or a known person's surname heads the label ("Poll: ...", "Sanders: ...");
        # the parser often reads a capitalised headline word as a verb, so this is decided before that test
        last = label[-1]
        if headline and last.is_alpha:
            person = _surname_of(last.text, entities) if last.text[0].isupper() else None
            if person is not None or last.lower_ in nouns.headline:  # ("IG report: ..." in lower case)
                colon = b + text[b:cs].index(":")
                out.append((cs, cs + len(content), (colon, colon + 1), (last, *clauses.noun_phrase(last)), person))
                continue
        if any((t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")) and not t.is_upper for t in label):
            continue
        # the speaker heads the label ("Former AG Mukasey at RNC" is Mukasey's; "Editor's Note" no one's)
        over = [x for x in index.covering(a, b) if x[2].type in SPEAKER_TYPES and x[0] >= a and x[1] <= b
                and (x[2].type == "PERSON" or x[1] >= b - 1)]
        head = person = None
        if over:
            s, e, _ = over[-1]
            span = sdoc.char_span(s, e, alignment_mode="expand")
            head = span.root if span is not None else None
        elif label.text.isupper() and label[-1].is_alpha and \
                (person := _surname_of(label[-1].text, entities)) is not None:
            head = label[-1]  # a transcript turn: "TAPPER:" for Jake Tapper
        elif TURN_NAME.fullmatch(label.text):
            if turns < 0:  # a transcript names two or more turns' speakers in capitals ("BOULDUAN:", "BENENSON:")
                turns = sum(1 for t in LINE.finditer(text) if TURN_NAME.fullmatch(t.group(1))
                            and not RUBRIC.intersection(t.group(1).lower().split()))
            head = label[-1] if turns >= 2 else None  # a transcript's turn by a name the story does not mention otherwise ("JOEL BENENSON:")
        if head is None:
            continue
        colon = b + text[b:cs].index(":")
        out.append((cs, cs + len(content), (colon, colon + 1), (head, *clauses.noun_phrase(head)), person))
    return out
