"""bench/stages.py times stages over copies of parsed documents: the copies must be independent, so
that each repeat measures the same work (a stage writing into a shared article would make the second
run see its own output and time something else)."""

from __future__ import annotations

import importlib
import sys

from .conftest import FOUNDING, ROOT


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module("stages")
    finally:
        sys.path.remove(str(ROOT / "bench"))


class _Raw:
    def __init__(self, text: str) -> None:
        self.text, self.hints = text, {}


def test_every_stage_after_parsing_is_timed_on_independent_copies(pipeline):
    bench = _bench()
    docs, bare, bare_cpu = bench.parsed_documents(pipeline, [_Raw(FOUNDING.read_text(encoding="utf-8"))])
    assert bare > 0 and bare_cpu > 0 and docs[0].done[-1] == "nlp"
    after = pipeline.stages[[s.name for s in pipeline.stages].index("nlp") + 1:]
    first, _ = bench.time_stages(after, docs)
    second, _ = bench.time_stages(after, docs)
    assert set(first) == set(second) == {s.name for s in after}
    assert all(v >= 0 for v in first.values())
    # the parsed originals are untouched: no stage output leaked into them
    assert docs[0].done[-1] == "nlp"
    assert not docs[0].article.quotes and not docs[0].article.events


def test_profile_lists_the_stage_functions(pipeline):
    bench = _bench()
    docs, _, _ = bench.parsed_documents(pipeline, [_Raw(FOUNDING.read_text(encoding="utf-8"))])
    after = pipeline.stages[[s.name for s in pipeline.stages].index("nlp") + 1:]
    _, prof = bench.time_stages(after, docs, "quotes")
    spots = bench.hot_spots(prof)
    assert any("quotes" in f for f in spots["by_file"])
    assert spots["functions"]
