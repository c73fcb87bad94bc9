"""The data model: the one place where the fields of dateline's output are defined.

Every extracted item carries character offsets into ``Article.text`` (end exclusive) such that
``text[start:end] == item.text``. The JSON form produced by :meth:`Article.to_dict` is the public
contract documented in ``docs/schema.md``; fields may be added, never renamed or removed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.0"

ENTITY_TYPES = ("PERSON", "ORG", "IGO", "COUNTRY", "PLACE", "NORP", "OTHER")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")
QUOTE_KINDS = ("direct", "indirect", "mixed")
DATE_BASES = ("explicit", "inferred", "publication")
PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def normalise_text(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed: the form the article id is computed on."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _build(cls, data: dict[str, Any]):
    """Construct a dataclass from a dict, ignoring unknown keys (forward compatibility)."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Mention:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Mention":
        return cls(start, end, text[start:end])

    @classmethod
    def from_dict(cls, d: dict) -> "Mention":
        return _build(cls, d)


def _mention(d: dict | None) -> Mention | None:
    return Mention.from_dict(d) if d else None


@dataclass
class Actor:
    code: str
    sector: str | None = None
    source: str | None = None  # which dictionary or rule supplied the code

    @classmethod
    def from_dict(cls, d: dict) -> "Actor":
        return _build(cls, d)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None
    actor: Actor | None = None
    source: str | None = None  # what decided the type: "model", "gazetteer:countries", "rule:..."
    role: bool = False  # a person given only by role ("Armenia's PM")
    group: bool = False  # several people described together ("experts", "Republicans")

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        e = _build(cls, d)
        e.mentions = [Mention.from_dict(m) for m in d.get("mentions", [])]
        e.actor = Actor.from_dict(d["actor"]) if d.get("actor") else None
        return e


@dataclass
class Place:
    id: str
    name: str
    geonames_id: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str | None = None  # country, adm1, adm2, city, region, feature ...
    lat: float | None = None
    lon: float | None = None
    mentions: list[Mention] = field(default_factory=list)
    entity: str | None = None  # the entity this place resolves
    score: float | None = None
    candidates: list[dict] = field(default_factory=list)  # ranked alternatives with their scores
    source: str | None = None  # gazetteer that supplied the record
    modifiers: list[Mention] = field(default_factory=list)  # demonyms naming it: "Turkish", "Azerbaijani"

    @classmethod
    def from_dict(cls, d: dict) -> "Place":
        p = _build(cls, d)
        p.mentions = [Mention.from_dict(m) for m in d.get("mentions", [])]
        p.modifiers = [Mention.from_dict(m) for m in d.get("modifiers", [])]
        return p


@dataclass
class TimeExpression:
    id: str
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None  # TIMEX3 value
    begin: str | None = None  # ISO date of the interval's first day
    end_value: str | None = None  # ISO date of the interval's last day
    mod: str | None = None  # TIMEX3 mod: START, MID, END, LATE?, EARLY?, MORE_THAN, ...
    anchor: str | None = None  # the date this expression was resolved against

    @classmethod
    def from_dict(cls, d: dict) -> "TimeExpression":
        return _build(cls, d)


@dataclass
class Quote:
    id: str
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    cue: Mention | None = None
    speaker: str | None = None  # entity id
    speaker_name: str | None = None
    speaker_mention: Mention | None = None
    speaker_basis: str | None = None  # how the speaker was found: name, pronoun, description, previous

    @classmethod
    def from_dict(cls, d: dict) -> "Quote":
        q = _build(cls, d)
        q.cue = _mention(d.get("cue"))
        q.speaker_mention = _mention(d.get("speaker_mention"))
        return q


@dataclass
class EventDate:
    value: str | None = None
    begin: str | None = None
    end: str | None = None
    basis: str = "publication"  # explicit | inferred | publication
    time: str | None = None  # id of the governing time expression

    @classmethod
    def from_dict(cls, d: dict) -> "EventDate":
        return _build(cls, d)


@dataclass
class EventFlags:
    historical: bool = False
    future: bool = False
    hypothetical: bool = False
    negated: bool = False

    @classmethod
    def from_dict(cls, d: dict) -> "EventFlags":
        return _build(cls, d)


@dataclass
class Event:
    id: str
    category: str
    evidence: Mention
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: EventDate = field(default_factory=EventDate)
    place: str | None = None
    place_basis: str | None = None  # "explicit" or "dateline" (fallback)
    attributed_to: str = "source"
    cameo: str | None = None
    flags: EventFlags = field(default_factory=EventFlags)
    trigger: Mention | None = None
    mentions: list[Mention] = field(default_factory=list)  # further evidence of the same event

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        e = _build(cls, d)
        e.evidence = Mention.from_dict(d["evidence"])
        e.date = EventDate.from_dict(d.get("date") or {})
        e.flags = EventFlags.from_dict(d.get("flags") or {})
        e.trigger = _mention(d.get("trigger"))
        e.mentions = [Mention.from_dict(m) for m in d.get("mentions", [])]
        return e


@dataclass
class Dateline:
    text: str
    place: str | None = None
    date: str | None = None
    start: int | None = None  # offsets into the raw input (a dateline is not part of the body)
    end: int | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Dateline":
        return _build(cls, d)


@dataclass
class Metadata:
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    language: str | None = None
    url: str | None = None
    dateline: Dateline | None = None
    versions: list[str] = field(default_factory=list)  # update notes: "Details added", "UPDATE 2"
    origin: str | None = None  # file (and record) the article was read from
    analysed: bool = True  # False when the language is not supported
    provenance: dict[str, str] = field(default_factory=dict)  # field -> which source supplied it
    credits: dict[str, list[str]] = field(default_factory=dict)  # wire trailer: {"reporting": [...], "editing": [...]}
    warnings: list[str] = field(default_factory=list)  # reader notes: "not valid UTF-8; decoded as cp1252 (detected)"

    @classmethod
    def from_dict(cls, d: dict) -> "Metadata":
        m = _build(cls, d)
        m.dateline = Dateline.from_dict(d["dateline"]) if d.get("dateline") else None
        return m


@dataclass
class Article:
    id: str
    text: str
    article: Metadata = field(default_factory=Metadata)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    pipeline: dict[str, Any] = field(default_factory=dict)  # model name and versions used

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        # contract key order: id, article, text, then the annotations
        order = ["id", "article", "text", "entities", "places", "times", "quotes", "events"]
        return {k: d[k] for k in order} | {k: v for k, v in d.items() if k not in order}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        a = _build(cls, d)
        a.article = Metadata.from_dict(d.get("article") or {})
        a.entities = [Entity.from_dict(x) for x in d.get("entities", [])]
        a.places = [Place.from_dict(x) for x in d.get("places", [])]
        a.times = [TimeExpression.from_dict(x) for x in d.get("times", [])]
        a.quotes = [Quote.from_dict(x) for x in d.get("quotes", [])]
        a.events = [Event.from_dict(x) for x in d.get("events", [])]
        return a

    @classmethod
    def from_json(cls, s: str) -> "Article":
        return cls.from_dict(json.loads(s))

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def place(self, place_id: str | None) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def spans(self):
        """Every (kind, Mention-like) pair carrying offsets into ``text``: for invariant checks."""
        for e in self.entities:
            for m in e.mentions:
                yield "entity", m
        for p in self.places:
            for m in p.mentions:
                yield "place", m
            for m in p.modifiers:
                yield "place-modifier", m
        for t in self.times:
            yield "time", t
        for q in self.quotes:
            yield "quote", q
            if q.cue:
                yield "cue", q.cue
            if q.speaker_mention:
                yield "speaker", q.speaker_mention
        for ev in self.events:
            yield "evidence", ev.evidence
            if ev.trigger:
                yield "trigger", ev.trigger
            for m in ev.mentions:
                yield "evidence", m
