"""NLP: tokens, sentences, parse and NER from one spaCy pipeline, loaded once per process."""

from __future__ import annotations

from ..document import Document
from ..pipeline import Stage


def _parse_text(doc: Document) -> str:
    # Articles not in a supported language are stored, not analysed: parse nothing.
    return doc.text if doc.article.article.analysed else ""


def parse_batch(docs: list[Document]) -> None:
    """Parse many documents in one ``nlp.pipe`` call (the throughput path)."""
    if not docs:
        return
    nlp = docs[0].resources.nlp
    texts = [_parse_text(d) for d in docs]
    longest = max(len(t) for t in texts)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    for d, sdoc in zip(docs, nlp.pipe(texts, batch_size=32)):
        d.spacy = sdoc


def parse(doc: Document) -> None:
    parse_batch([doc])


STAGE = Stage("nlp", frozenset({"text", "metadata"}), frozenset({"spacy"}), parse)
