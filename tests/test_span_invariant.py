"""Every extracted item's offsets point at its text: on every example and on random input."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline.errors import DatelineError

from .conftest import EXAMPLES


def check_spans(article):
    for kind, m in article.spans():
        assert 0 <= m.start <= m.end <= len(article.text), (kind, m)
        assert article.text[m.start:m.end] == m.text, (kind, m)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_examples(path: Path):
    check_spans(dateline.analyze(path.read_text(encoding="utf-8")))


words = st.sampled_from(["Azerbaijan", "said", "the", "OIC", "\"", "\u201c", "\u201d", "'", "Apr.8", "1994", "Nov.",
                         "10,", "2020", "Paris", "he", "attacked", "Armenia", ".", ",", "\n\n", "By", "BAKU", "-", "(AP)"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(words, max_size=60).map(" ".join), st.text(max_size=300)))
def test_random_input(text):
    try:
        article = dateline.analyze(text, published="2021-04-08")
    except DatelineError:
        return
    check_spans(article)
