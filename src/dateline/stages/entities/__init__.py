"""Entities: one entity per real-world thing, with its mentions, type, title, affiliation and actor.

Passes (each its own module): recognition (:mod:`.recognize`: spaCy NER + lexicons + gazetteer,
typed by rules), titles and roles (:mod:`.roles`), resolution and coreference (:mod:`.resolve`),
people described rather than named — "experts said", "a source", "I" in a column (:mod:`.people`),
actor coding (:mod:`.actors`). Everything is computed over the spaCy tokens and written to
``doc.article.entities`` once, at the end.

For later stages, ``doc.scratch`` gets:

- ``entity_mentions``: ``[(start, end, entity_id, kind)]`` in character offsets, ``kind`` one of
  ``name``, ``role``, ``description``, ``pronoun`` (so places can skip "its", quotes can report
  how a speaker was found);
- ``entity_tokens``: ``{token index: entity id}``, the outermost name or role mention covering each
  token (a nested country inside "Armenian Armed Forces" does not shadow the organisation).
"""

from __future__ import annotations

import datetime as dt

from ...dictionaries import load_user_actors, load_user_agents
from ...document import Document
from ...gazetteer import load_gazetteer
from ...model import Entity, Mention
from ...pipeline import Stage
from .actors import code_groups
from .base import Group, Span
from .lexicon import load_lexicon
from .recognize import Context, recognise
from .resolve import Walker, assign_keys, attach_titles, group, surname_mentions

__all__ = ["STAGE", "extract_entities"]

KIND_ORDER = {"name": 0, "role": 1, "description": 2, "pronoun": 3}


def _article_date(doc: Document) -> dt.date | None:
    meta = doc.article.article
    for value in (meta.published, meta.dateline.date if meta.dateline else None):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _names(ctx: Context, g: Group) -> list[tuple[str, ...]]:
    return [ctx.span_words(s.start, s.end) for s in g.spans if s.kind in ("name", "role")]


def _entity_name(ctx: Context, g: Group) -> str:
    lex = ctx.lex
    if g.type == "COUNTRY" and g.code:
        proper = [s for s in g.spans if s.kind == "name" and s.source != "lexicon:demonyms"]
        if not proper:
            return lex.country_name.get(g.code, ctx.span_text(g.spans[0].start, g.spans[0].end))
        best = max(proper, key=lambda s: (len(ctx.span_words(s.start, s.end)), -s.start))
        return ctx.span_text(best.start, best.end)
    if g.key.startswith("I:") and g.code in lex.igos:
        return g.code
    if (g.role or g.key.startswith("A:")) and g.name:
        return g.name
    names = [s for s in g.spans if s.kind == "name"] or [s for s in g.spans if s.kind == "role"] or g.spans
    best = max(names, key=lambda s: (len(ctx.span_words(s.start, s.end)), -s.start))
    if g.type == "PERSON":
        toks = ctx.sdoc[best.start:best.end]
        skip = 0
        while skip < len(toks) - 1 and (lex.titles.get(ctx.span_words(best.start + skip, best.start + skip + 1))
                                        or toks[skip].text == "."):
            skip += 1
        return ctx.span_text(best.start + skip, best.end)
    return ctx.span_text(best.start, best.end)


def extract_entities(doc: Document) -> None:
    sdoc = doc.spacy
    if sdoc is None or not len(sdoc):
        doc.article.entities = []
        return
    res = doc.resources
    lex = res.cached("entity_lexicon", load_lexicon)
    gaz = res.cached("gazetteer", load_gazetteer)
    ctx = Context(sdoc, lex, gaz, doc.text)

    spans = recognise(ctx)
    assign_keys(ctx, spans)
    spans = attach_titles(ctx, spans)
    spans.extend(surname_mentions(ctx, spans))
    groups = group(spans)
    walker = Walker(ctx, groups, spans)
    walker.run()
    meta = doc.article.article
    walker.first_person(meta.authors[0] if meta.authors else None, meta.source)
    groups = {k: g for k, g in groups.items() if g.spans}
    names = {k: _names(ctx, g) for k, g in groups.items()}
    actors = code_groups(groups, names, lex, res.cached("user_actors", load_user_actors),
                         res.cached("user_agents", load_user_agents), _article_date(doc), ctx=ctx)

    ordered = sorted(groups.values(), key=lambda g: (g.first, g.key))
    ids = {g.key: f"E{i}" for i, g in enumerate(ordered, 1)}
    entities, mention_kinds, token_owner = [], [], {}
    for g in ordered:
        eid = ids[g.key]
        seen, mentions = set(), []
        for s in sorted(g.spans, key=lambda s: (s.start, KIND_ORDER.get(s.kind, 9))):
            a, b = sdoc[s.start].idx, sdoc[s.end - 1].idx + len(sdoc[s.end - 1].text)
            if (a, b) in seen:
                continue
            seen.add((a, b))
            mentions.append(Mention.of(doc.text, a, b))
            mention_kinds.append((a, b, eid, s.kind))
            if s.kind in ("name", "role") and not s.nested:
                for t in range(s.start, s.end):
                    token_owner[t] = eid
            elif s.kind in ("name", "role"):
                for t in range(s.start, s.end):
                    token_owner.setdefault(t, eid)
        named = [s for s in g.spans if s.kind == "name"]
        named.sort(key=lambda s: s.source == "lexicon:demonyms")  # a country is typed by its name first
        entities.append(Entity(
            id=eid, name=_entity_name(ctx, g), type=g.type, mentions=mentions, title=g.title,
            affiliation=ids.get(g.affiliation) if g.affiliation else None, actor=actors.get(g.key),
            source=(named[0].source if named and g.source in ("model", "lexicon:demonyms") else g.source),
            role=g.role, group=g.group))
    doc.scratch["entity_mentions"] = sorted(mention_kinds)
    doc.scratch["entity_tokens"] = token_owner
    doc.article.entities = entities


STAGE = Stage("entities", frozenset({"spacy"}), frozenset({"entities"}), extract_entities)
