"""People described, not named: "experts said", "a source told", "attorneys for the family argued",
"I" in a column.

Analysts code unnamed actors ("critics", "officials", "a spokesman for X"): such a phrase becomes an
entity when it *acts* — the subject of a verb, the object of "according to" or of a passive "by",
or the antecedent of "who"/"that" — since a description that only undergoes something ("killed
three people") is context, not an actor. A plural head makes a group (PERSON, ``group``), a
singular head one person known by description (PERSON, ``role``).
"""

from __future__ import annotations

from spacy.tokens import Token

from .base import DETERMINERS, POSSESSIVE

ACT_DEPS = {"nsubj", "nsubjpass"}
# "many of the experts said", "a group of parents wrote": the noun inside acts through its head
QUANTIFIER_HEADS = {"group", "number", "majority", "minority", "coalition", "chorus", "team", "panel", "handful",
                    "couple", "lot", "dozens", "hundreds", "thousands", "half", "most", "many", "some", "all",
                    "none", "several", "few", "each", "one", "two", "three", "both", "either", "neither"}
# words that count but do not describe: left out of the grouping key ("many experts" = "experts")
QUANTIFIERS = {"many", "some", "several", "few", "most", "all", "other", "both", "more", "fewer", "numerous",
               "various", "another", "one", "two", "three", "four", "five", "six", "dozens", "hundreds", "thousands",
               "certain", "such", "these", "those", "the", "a", "an", "this", "that", "any", "each", "every", "no"}
INDEFINITE = {"a", "an", "another", "one", "some", "any", "each", "every"}
POSSESSIVE_PRONOUNS = {"my", "our", "his", "her", "their", "its", "your"}
# pronouns and counts that stand for people when they voice a view: "some note", "no one expected",
# "12 percent said"; value: whether the phrase is several people
INDEFINITE_PEOPLE = {"someone": False, "somebody": False, "everyone": True, "everybody": True, "anyone": False,
                     "anybody": False, "nobody": False, "one": False, "some": True, "many": True, "others": True,
                     "few": True, "most": True, "all": True, "both": True, "each": False, "percent": True, "%": True}
FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}


def acting(tok: Token) -> bool:
    """Whether the noun ``tok`` (or the phrase it is conjoined or apposed to) is an agent."""
    for _ in range(4):
        if tok.dep_ not in ("conj", "appos") or tok.head is tok:
            break
        tok = tok.head
    if tok.dep_ in ACT_DEPS:
        return True
    if tok.dep_ == "pobj":
        prep = tok.head
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return True
        if prep.lower_ == "by" and prep.dep_ == "agent":
            return True
        if prep.lower_ == "of" and prep.head.dep_ in ACT_DEPS and prep.head.lower_ in QUANTIFIER_HEADS:
            return True
    for child in tok.children:  # "experts who say ..."
        if child.dep_ == "relcl" and any(g.dep_ in ACT_DEPS and g.lower_ in ("who", "that") for g in child.children):
            return True
    return False


def phrase_start(sdoc, i: int, busy: list[bool]) -> int:
    """First token of the noun phrase headed by ``i``: its left modifiers, stopping at a name or a
    punctuation mark (a name inside is its own mention: "Democratic" in "Democratic leaders")."""
    start = sdoc[i].left_edge.i
    for k in range(i - 1, start - 1, -1):
        t = sdoc[k]
        if busy[k] or t.is_punct or t.is_space or t.text in POSSESSIVE:
            return k + 1
    return start


def key_words(sdoc, start: int, i: int) -> list[str]:
    """The describing words of a phrase ("black voters" from "many younger black voters")."""
    return [sdoc[k].lower_ for k in range(start, i) if sdoc[k].lower_ not in QUANTIFIERS
            and sdoc[k].pos_ in ("ADJ", "NOUN", "PROPN") and not sdoc[k].is_punct]


def determiner(sdoc, start: int, i: int) -> str | None:
    """The phrase's determiner ("the", "a", ...), the possessive marker before it, or None."""
    for k in range(start, i):
        if sdoc[k].lower_ in DETERMINERS or sdoc[k].lower_ in INDEFINITE or sdoc[k].lower_ in POSSESSIVE_PRONOUNS:
            return sdoc[k].lower_
    if start > 0 and sdoc[start - 1].text in POSSESSIVE:
        return "'s"
    return None


def according_to(sdoc, start: int) -> bool:
    """ "according to show insiders": the parser may not attach the phrase to "according"."""
    for k in range(start - 1, max(start - 4, 0), -1):  # up to two words between: "according to show insiders"
        if sdoc[k].lower_ == "to" and sdoc[k - 1].lower_ == "according":
            return not any(t.is_punct for t in sdoc[k + 1:start])
    return False


def voicing(tok: Token, verbs: set[str]) -> bool:
    """An indefinite subject of a verb of saying or thinking ("some note", "no one expected"), or the
    antecedent of "who" ("some who saw the comment as a dig")."""
    for _ in range(3):
        if tok.dep_ not in ("conj", "appos") or tok.head is tok:
            break
        tok = tok.head
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in verbs:
        return True
    return any(c.dep_ == "relcl" and any(g.dep_ in ACT_DEPS and g.lower_ == "who" for g in c.children)
               for c in tok.children)
