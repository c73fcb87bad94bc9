"""Actor codes, as CAMEO/PLOVER coders write them: ISO 3166-1 alpha-3 plus a sector ("ARMMIL"),
or an IGO code ("IGOMOSOIC" for the OIC, after the Phoenix dictionaries).

Order of authority: the user's PETRARCH actor dictionary (``--actors``; date-restricted codes
resolved at the article's date) decides when it knows a name; otherwise rules: a country is its
alpha-3; an IGO or a known non-state organisation its code from ``data/igos.tsv`` (a body of an
IGO, its parent's); an organisation or role affiliated with a country gets the country code plus
the sector of its title or name (user ``--agents`` words first, then ``data/sectors.tsv`` /
``data/titles.tsv``); a person inherits the code of the organisation they belong to.

Composition (PETRARCH's country code then agent code): a group or role noun with no affiliation
found by the role rules takes the country (or coded organisation) of its syntactic modifiers —
a demonym or country compound ("Nigerian student", "UN troops"), a possessive ("Egypt's
dissidents") or a "from/of/in X" phrase ("dissidents from Egypt"). "pro-Russia rebels" are not
Russia's: a modifier after "pro"/"anti" names the side supported or opposed, not the actor.
When the user gives ``--agents``, that dictionary decides a role's sector: a title it does not list
("leader") adds no sector, as PETRARCH would code "the US leader" plain ``USA``.
"""

from __future__ import annotations

import datetime as dt

from ...dictionaries import words
from ...model import Actor
from .base import Group
from .lexicon import Lexicon
from .roles import stance_before

MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
PLACE_PREPS = frozenset({"from", "of", "in"})
CODED_TYPES = frozenset({"COUNTRY", "IGO", "ORG", "NORP"})
# "opponents of X", "critics of X" stand against X: the phrase names X but they are not X's
ADVERSARIES = frozenset({"opponent", "critic", "enemy", "rival", "foe", "adversary", "detractor"})


def _sector_code(code: str) -> str | None:
    return code[3:6] if len(code) >= 6 and not code.startswith(("IGO", "NGO", "IMG")) else None


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
    """The agent code of the rightmost agent phrase (the head noun: "student protesters" -> OPP
    only if the dictionary has no longer phrase covering both)."""
    if agents is None:
        return None
    best: tuple[int, int, str] | None = None
    for ws in names:
        for i in range(len(ws)):
            hit = agents.index.longest_at(ws, i)
            if hit:
                cand = (i + hit[0], hit[0], hit[1])  # rightmost end, then longest
                if best is None or cand[:2] > best[:2]:
                    best = cand
    return best[2] if best else None


def _all_words(ctx, g: Group) -> list[tuple[str, ...]]:
    """Words of every non-pronoun mention (descriptions too: "activists" is an agent word)."""
    if ctx is None:
        return []
    return [ctx.span_words(s.start, s.end) for s in g.spans if s.kind != "pronoun"]


def _modifier_owner(ctx, g: Group, owner_at: dict[int, str]) -> str | None:
    """The group key of a country or coded organisation modifying ``g``'s head noun."""
    toks = ctx.sdoc
    for s in g.spans:
        if s.kind == "pronoun":
            continue
        head = toks[s.start:s.end].root
        if head.lemma_.lower() in ADVERSARIES:
            return None
        found = None
        for child in head.children:
            if child.dep_ in MODIFIER_DEPS:
                cand = child
            elif child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                cand = objs[0] if objs else None
            else:
                continue
            if cand is None or cand.i not in owner_at or stance_before(toks, cand.i) or owner_at[cand.i] == g.key:
                continue
            if any(c.dep_ == "conj" and c.i in owner_at and owner_at[c.i] != owner_at[cand.i]
                   for c in cand.children):
                continue  # "US and British activists": two actors, not one country's
            found = found or owner_at[cand.i]
        if found:
            return found
    return None


def _generic_name(names: list[tuple[str, ...]], lex: Lexicon) -> bool:
    """Every name of the group is a bare sector word ("Senate", "Parliament", "Army")."""
    return bool(names) and all(lex.sectors.get(ws) is not None for ws in names)


def code_groups(groups: dict[str, Group], names: dict[str, list[tuple[str, ...]]], lex: Lexicon,
                actors=None, agents=None, when: dt.date | None = None, ctx=None) -> dict[str, Actor]:
    """Actor per group key (groups with no code are left out). ``ctx`` (the recognition context)
    enables composition from syntactic modifiers; without it only the role rules' affiliations count."""
    out: dict[str, Actor] = {}
    owner_at: dict[int, str] = {}
    if ctx is not None:
        for g in groups.values():
            if g.type in CODED_TYPES:
                for s in g.spans:
                    if s.kind == "name":
                        for t in range(s.start, s.end):
                            owner_at.setdefault(t, g.key)

    def sector_of(g: Group) -> str | None:
        if agents is not None:
            # the user's agent dictionary decides; our lexicon only for nouns it has no entry for
            # canonical titles too: "PM" is PETRARCH's PRIME_MINISTER
            heads = [words(h) for h in sorted(g.title_heads)]
            hit = _agent_sector(names.get(g.key, []) + _all_words(ctx, g) + heads, agents)
            if hit or g.title:
                return hit
        return g.sector

    def compose(base: Actor, aff: Group, g: Group) -> Actor:
        sector = sector_of(g)
        if aff.type == "COUNTRY" or (aff.type == "NORP" and aff.code) or \
                (aff.type == "PLACE" and len(base.code) == 3 and base.code.isalpha()):
            # a place the dictionary codes as its country ("Nablus": PSE) stands for that country
            # a titled person of a country is its government; people described ("Chinese
            # experts", "a Russian source") have no sector unless their noun implies one
            if sector is None and g.type == "PERSON" and not g.key.startswith("H:") and agents is None:
                sector = "GOV"
            return Actor(base.code + (sector or ""), sector, "rule:affiliation")
        if g.type == "ORG" and sector and not g.key.startswith("I:"):
            # an organisation's armed or police body: PETRARCH appends the agent ("IGOUNO" + "MIL")
            return Actor(base.code + sector, sector, "rule:affiliation")
        return Actor(base.code, base.sector, "rule:affiliation")

    def code(g: Group, depth: int = 0) -> Actor | None:
        if g.key in out or depth > 3:
            return out.get(g.key)
        known = names.get(g.key, [])
        if g.type == "PERSON" and g.title and actors is not None:
            # dictionaries list titled forms ("PRESIDENT_BUSH") that pick the right holder of a name
            known = known + [words(g.title) + ws for ws in known if ws[:1] != words(g.title)[:1]]
        found = _dictionary_code(g, known, actors, when)
        if found and ctx is not None and g.type == "ORG" and _generic_name(names.get(g.key, []), lex):
            # "Rwanda's Senate": a dictionary's generic "Senate" (USA) yields to the country written
            owner = _modifier_owner(ctx, g, owner_at)
            if owner is not None and groups[owner].type == "COUNTRY" and groups[owner].code and \
                    groups[owner].code != found.code[:3]:
                sector = lex.sectors.get(names[g.key][0]) or _sector_code(found.code)
                found = Actor(groups[owner].code + (sector or ""), sector, "rule:affiliation")
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
                actor = Actor(igo.code, _sector_code(igo.code) or igo.kind, "lexicon:igos")
            elif g.affiliation and g.affiliation in groups:
                parent = code(groups[g.affiliation], depth + 1)
                actor = Actor(parent.code, parent.sector, "rule:igo-body") if parent else None
        elif g.key.startswith("G:party:") and g.code:
            actor = Actor(g.code + "PTY", "PTY", "lexicon:parties")  # "Republicans": USAPTY
        elif g.type in ("ORG", "PERSON"):
            aff_key = g.affiliation if g.affiliation in groups else None
            if aff_key is None and ctx is not None and (g.sector or agents is not None):
                aff_key = _modifier_owner(ctx, g, owner_at)
            if aff_key is not None:
                aff = groups[aff_key]
                base = code(aff, depth + 1)
                if base is not None:
                    actor = compose(base, aff, g)
        if actor is None and g.type == "ORG":
            sector = sector_of(g) if agents is not None else g.sector
            if sector:
                actor = Actor(sector, sector, "rule:sector")  # CAMEO's bare agent code: "COP", "REB"
        if actor is not None:
            out[g.key] = actor
        return actor

    for g in groups.values():
        code(g)
    return out
