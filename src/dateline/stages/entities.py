"""Entities: recognised names grouped into one entity per real-world thing.

First version: spaCy NER, with the gazetteer deciding when a name is a country or place."""

from __future__ import annotations

from ..document import Document
from ..gazetteer import fold, load_gazetteer
from ..model import Entity, Mention
from ..pipeline import Stage

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}


def _type(label: str, text: str, gaz) -> tuple[str, str]:
    cands = gaz.lookup(text)
    if any(c.feature == "country" for c in cands):
        return "COUNTRY", "gazetteer:countries"
    if label in ("GPE", "LOC", "FAC") or (cands and label in ("ORG", "PERSON") and text[:1].isupper()
                                          and max(c.population for c in cands) > 100_000):
        return "PLACE", "gazetteer:places" if cands else "model"
    return LABELS[label], "model"


def extract_entities(doc: Document) -> None:
    sdoc = doc.spacy
    if sdoc is None:
        return
    gaz = doc.resources.cached("gazetteer", load_gazetteer)
    groups: dict[tuple[str, str], Entity] = {}
    for ent in sdoc.ents:
        if ent.label_ not in LABELS:
            continue
        span = ent
        if span[0].lower_ == "the":
            span = span[1:]
        if not len(span):
            continue
        text = span.text
        etype, source = _type(ent.label_, text, gaz)
        key = (etype, fold(text))
        if key not in groups:
            groups[key] = Entity(id="", name=text, type=etype, source=source)
        groups[key].mentions.append(Mention(span.start_char, span.end_char, text))
    entities = sorted(groups.values(), key=lambda e: e.mentions[0].start)
    for i, e in enumerate(entities, 1):
        e.id = f"E{i}"
    doc.article.entities = entities


STAGE = Stage("entities", frozenset({"spacy"}), frozenset({"entities"}), extract_entities)
