"""Actor codes, as CAMEO/PLOVER coders write them: ISO 3166-1 alpha-3 plus a sector ("ARMMIL"),
or an IGO code ("IGOMOSOIC" for the OIC, after the Phoenix dictionaries).

Order of authority: the user's PETRARCH actor dictionary (``--actors``; date-restricted codes
resolved at the article's date) decides when it knows a name; otherwise rules: a country is its
alpha-3; an IGO its code from ``data/igos.tsv`` (a body of an IGO, its parent's); an organisation
or role affiliated with a country gets the country code plus the sector of its title or name
(user ``--agents`` words first, then ``data/sectors.tsv`` / ``data/titles.tsv``); a person
inherits the code of the organisation they belong to.
"""

from __future__ import annotations

import datetime as dt

from ...model import Actor
from .base import Group
from .lexicon import Lexicon


def _sector_code(code: str) -> str | None:
    return code[3:6] if len(code) >= 6 and not code.startswith(("IGO", "NGO")) else None


def _dictionary_code(group: Group, names: list[tuple[str, ...]], actors, when) -> Actor | None | bool:
    if actors is None:
        return False
    for ws in sorted(set(names), key=len, reverse=True):
        code = actors.lookup(ws, when)
        if code is not False:
            if code is None:
                return None  # the dictionary says: do not code
            return Actor(code, _sector_code(code) or ("IGO" if code.startswith("IGO") else None),
                         f"dictionary:{actors.source}")
    return False


def _agent_sector(names: list[tuple[str, ...]], agents) -> str | None:
    if agents is None:
        return None
    for ws in names:
        for i in range(len(ws)):
            hit = agents.index.longest_at(ws, i)
            if hit:
                return hit[1]
    return None


def code_groups(groups: dict[str, Group], names: dict[str, list[tuple[str, ...]]], lex: Lexicon,
                actors=None, agents=None, when: dt.date | None = None) -> dict[str, Actor]:
    """Actor per group key (groups with no code are left out)."""
    out: dict[str, Actor] = {}

    def code(g: Group, depth: int = 0) -> Actor | None:
        if g.key in out or depth > 3:
            return out.get(g.key)
        found = _dictionary_code(g, names.get(g.key, []), actors, when)
        if found is not False:
            if found is not None:
                out[g.key] = found
            return found
        actor = None
        if g.type == "COUNTRY" or (g.type == "NORP" and g.code):
            actor = Actor(g.code, None, "rule:country") if g.code else None
        elif g.type == "IGO" or g.key.startswith("I:"):
            igo = lex.igos.get(g.code or "")
            if igo is not None:
                actor = Actor(igo.code, igo.kind, "lexicon:igos")
            elif g.affiliation and g.affiliation in groups:
                parent = code(groups[g.affiliation], depth + 1)
                actor = Actor(parent.code, parent.sector, "rule:igo-body") if parent else None
        elif g.key.startswith("G:party:") and g.code:
            actor = Actor(g.code + "PTY", "PTY", "lexicon:parties")  # "Republicans": USAPTY
        elif g.type in ("ORG", "PERSON") and g.affiliation and g.affiliation in groups:
            aff = groups[g.affiliation]
            base = code(aff, depth + 1)
            if base is not None:
                sector = _agent_sector(names.get(g.key, []), agents) or g.sector
                if aff.type == "COUNTRY":
                    # a titled person of a country is its government; people described ("Chinese
                    # experts", "a Russian source") have no sector unless their noun implies one
                    sector = sector or ("GOV" if g.type == "PERSON" and not g.key.startswith("H:") else None)
                    actor = Actor(base.code + (sector or ""), sector, "rule:affiliation")
                else:
                    actor = Actor(base.code, base.sector, "rule:affiliation")
        if actor is None and g.type == "ORG" and g.sector:
            actor = Actor(g.sector, g.sector, "rule:sector")  # CAMEO's bare agent code: "COP", "REB"
        if actor is not None:
            out[g.key] = actor
        return actor

    for g in groups.values():
        code(g)
    return out
