"""The quotes stage's evidence frame (``stages/quotes/evidence.py``): a clause framed by a poll named
in an "in" phrase is that poll's finding (PolNeAR's annotation), unless the clause has a cue of its own."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dateline.stages.quotes import _lexicon, clauses, evidence


def _quotes(pipeline, text: str):
    """The frame's findings in ``text``, as ``extract_quotes`` asks for them: the cues that found a
    content are the stage's other quotes' cues; the document facts from the cue reader (or none)."""
    res = pipeline.resources
    article = pipeline(text)
    sdoc = res.nlp(article.text)
    found = clauses.cue_tokens(sdoc, *_lexicon(res))
    kept = sorted({sdoc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")[0].i
                   for q in article.quotes if q.cue is not None and q.cue.text.lower() != "in"})
    ev = evidence.load(res)
    out = evidence.framed(sdoc, found[0].peers if found else None, kept, ev)
    assert out == evidence.framed(sdoc, None, kept, ev)  # the facts' rows and the document's agree
    return [SimpleNamespace(text=article.text[a:b], cue=SimpleNamespace(text=cue.token.text),
                            speaker_mention=SimpleNamespace(text=article.text[who[1]:who[2]]))
            for a, b, cue, who in out]


def _by_in(quotes):
    return [q for q in quotes if q.cue.text.lower() == "in"]


def test_every_listed_noun_frames_its_example(pipeline):
    nouns = evidence.read_nouns()
    assert nouns and len(nouns) == len(set(nouns))
    text = evidence.read_text()
    for noun in nouns:
        example = next(line.split("\t")[1] for line in text.splitlines()
                       if line.split("\t")[0] == noun)
        found = _by_in(_quotes(pipeline, example))
        assert len(found) == 1, (noun, example)
        q = found[0]
        assert noun in q.speaker_mention.text.lower()  # the poll's phrase is the source
        assert " in " not in f" {q.text} "  # the phrase itself is not the content


@pytest.mark.parametrize("text, content", [
    ("The governor leads her rival by twelve points in a new statewide poll.",
     "The governor leads her rival by twelve points"),
    ("In the latest survey of likely voters, the mayor trailed the challenger by three points.",
     "the mayor trailed the challenger by three points"),
])
def test_trailing_and_fronted_phrases(pipeline, text, content):
    found = _by_in(_quotes(pipeline, text))
    assert [q.text for q in found] == [content]


@pytest.mark.parametrize("text", [
    # a reporting verb owns the clause: its content, not the poll's
    "The senator said the governor leads by twelve points in the latest poll.",
    # a relative clause describes someone in passing
    "The governor, who leads in the latest poll, spoke in Boston on Friday.",
    # the phrase hangs on a noun elsewhere in the sentence: no finding framed
    "The survey was conducted in May, before the mayor's drop in the polls.",
    # not an evidence noun
    "The governor leads her rival by twelve points in the northern counties.",
])
def test_no_frame(pipeline, text):
    assert _by_in(_quotes(pipeline, text)) == []


def test_frame_without_any_listed_cue(pipeline):
    # no reporting word in the document at all: the frame reads the document's own attribute array
    found = _by_in(_quotes(pipeline, "The mayor has a ten-point lead in the polls."))
    assert [q.text for q in found] == ["The mayor has a ten-point lead"]


def test_the_stage_reports_the_poll_finding_as_a_quote(pipeline):
    # through the whole stage (extract_quotes), not the frame alone: the finding is an indirect
    # quote with cue "in" and the poll's phrase as the speaker mention
    article = pipeline("The governor leads her rival by twelve points in a new statewide poll.")
    polls = [q for q in article.quotes if q.cue is not None and q.cue.text == "in"]
    assert [q.text for q in polls] == ["The governor leads her rival by twelve points"]
    assert polls[0].kind == "indirect"
    assert "poll" in polls[0].speaker_mention.text
