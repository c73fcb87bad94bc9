"""Property tests: ``dateline.analyze`` and every reader raise nothing but DatelineError, every
span points at its text, and the output validates against the schema (the model's types)."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import types
import typing
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline import model
from dateline.errors import DatelineError
from dateline.readers import RawArticle, read_bytes

ENUMS = {("Entity", "type"): model.ENTITY_TYPES, ("TimeExpression", "type"): model.TIME_TYPES,
         ("Quote", "kind"): model.QUOTE_KINDS, ("EventDate", "basis"): model.DATE_BASES,
         ("Event", "category"): model.PLOVER_CATEGORIES}


def _check(value, hint, where: str) -> None:
    """``value`` (decoded JSON) conforms to the type ``hint`` from the model."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None:
            assert type(None) in options, where
            return
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                _check(value, option, where)
                return
            except AssertionError as exc:
                errors.append(exc)
        raise AssertionError(f"{where}: {value!r} fits none of {options}")
    if origin is list:
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check(item, typing.get_args(hint)[0], f"{where}[{i}]")
        return
    if origin is dict:
        assert isinstance(value, dict), where
        return
    if dataclasses.is_dataclass(hint):
        validate_object(value, hint, where)
        return
    if hint is typing.Any:
        return
    if hint is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
        return
    if hint is int:
        assert isinstance(value, int) and not isinstance(value, bool), where
        return
    assert isinstance(value, hint), f"{where}: {value!r} is not {hint}"


def validate_object(value, cls, where: str) -> None:
    assert isinstance(value, dict), where
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    assert set(value) == names, f"{where}: keys {sorted(set(value) ^ names)}"
    for name in names:
        _check(value[name], hints[name], f"{where}.{name}")
        allowed = ENUMS.get((cls.__name__, name))
        if allowed and value[name] is not None:
            assert value[name] in allowed, f"{where}.{name}={value[name]!r}"


def validate(article: model.Article) -> None:
    """The contract JSON validates against the model, ids resolve, spans point at their text."""
    d = json.loads(article.to_json())
    validate_object(d, model.Article, "article")
    entities = {e["id"] for e in d["entities"]}
    places = {p["id"] for p in d["places"]}
    times = {t["id"] for t in d["times"]}
    assert len(entities) == len(d["entities"]) and len(places) == len(d["places"])
    for q in d["quotes"]:
        assert q["speaker"] is None or q["speaker"] in entities
    for e in d["events"]:
        assert set(e["actors"]) <= entities and set(e["recipients"]) <= entities
        assert e["place"] is None or e["place"] in places
        assert e["date"]["time"] is None or e["date"]["time"] in times
    for kind, m in article.spans():
        assert 0 <= m.start <= m.end <= len(article.text), (kind, m)
        assert article.text[m.start:m.end] == m.text, (kind, m)
    assert model.Article.from_json(article.to_json()).to_dict() == article.to_dict()


# -- strategies -----------------------------------------------------------------------------------
PIECES = ["BAKU, Azerbaijan, Apr.8", "PARIS (AFP) -", "By Jane Doe", "date 2021-04-08 Details added:",
          "The OIC", "said", "Armenia", "attacked", "Ganja", "in 1994", "on Monday", "last week", "\u201c", "\u201d",
          "\"", "'", "he said.", "Ahmad Kawesa Sengendo", "the ceasefire", "Nov. 10, 2020", "(Reuters)", ".", ",",
          "\n\n", "-", "\u2014", "UN", "Secretary-General", "will", "not", "may", "threatened", "Kenya", "U.S."]
news = st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join)
anything = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
published = st.one_of(st.none(), st.dates().map(str), st.sampled_from(["2021-04-08T12:00", "yesterday", "", "9999-99-99"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(news, anything), published)
def test_analyze_only_raises_dateline_error_and_validates(text, when):
    try:
        article = dateline.analyze(text, published=when)
    except DatelineError:
        return
    validate(article)


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                          lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                          max_leaves=8)
jsonl_record = st.fixed_dictionaries({}, optional={"text": st.one_of(news, json_value), "title": json_value,
                                                   "published": json_value, "authors": json_value, "url": json_value})
jsonl = st.lists(st.one_of(jsonl_record.map(json.dumps), st.text(max_size=40)), max_size=5).map("\n".join).map(str.encode)
sgml = st.lists(st.sampled_from(["<REUTERS NEWID=\"1\">", "</REUTERS>", "<DATE>26-FEB-1987 15:01:01.79</DATE>",
                                 "<TEXT>", "</TEXT>", "<TITLE>", "</TITLE>", "<BODY>", "</BODY>", "<DATELINE>",
                                 "</DATELINE>", "&lt;", "&#3;", "Brazil said it would suspend payments.", "\n"]),
                max_size=40).map("".join).map(lambda s: s.encode("latin-1"))
html = st.lists(st.sampled_from(["<html>", "<head>", "<title>", "</title>", "<meta name=\"date\" content=\"2020-01-02\">",
                                 "<body>", "<article>", "<p>", "</p>", "<script>alert(1)</script>", "<div>",
                                 "</div>", "France said on Monday it would send aid to Haiti.", "<!--", "-->",
                                 "<a href='javascript:x'>", "&amp;", "&#0;", "</html>"]), max_size=50).map("".join).map(str.encode)
warc = st.tuples(st.integers(0, 5000), html).map(
    lambda t: (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
               f"Content-Length: {t[0]}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n").encode() + t[1])


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i, (name, data) in enumerate(members):
            zf.writestr(f"{i}-{name}", data)
    return buf.getvalue()


raw_bytes = st.binary(max_size=600)
payloads = st.one_of(
    st.tuples(st.just("a.jsonl"), jsonl), st.tuples(st.just("reut2-000.sgm"), sgml),
    st.tuples(st.just("page.html"), html), st.tuples(st.just("crawl.warc"), warc),
    st.tuples(st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.sgm", "x.warc", "x.gz", "x.zip", "x"]), raw_bytes),
    st.tuples(st.just("a.jsonl.gz"), jsonl.map(gzip.compress)),
    st.tuples(st.just("b.zip"), st.lists(st.tuples(st.sampled_from(["a.txt", "b.jsonl", "c.sgm", "d.html"]),
                                                   st.one_of(raw_bytes, jsonl, sgml, html)), max_size=3).map(_zip)),
    st.tuples(st.just("cut.gz"), st.tuples(raw_bytes.map(gzip.compress), st.integers(1, 30)).map(lambda t: t[0][:-t[1]])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
def test_readers_yield_only_articles_or_errors(payload):
    name, data = payload
    for item in read_bytes(data, f"/in/{name}", name):
        assert isinstance(item, (RawArticle, DatelineError)), item
        if isinstance(item, RawArticle):
            assert isinstance(item.text, str) and isinstance(item.hints, dict)
            json.dumps(item.hints, default=str)
        else:
            assert item.code in __import__("dateline.errors").errors.CATALOGUE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.just("a.jsonl"), jsonl), st.tuples(st.just("r.sgm"), sgml),
                 st.tuples(st.just("p.html"), html)))
def test_read_then_analyse_validates(payload):
    name, data = payload
    pipeline = dateline.get_pipeline()
    for item in read_bytes(data, f"/in/{name}", name):
        if isinstance(item, DatelineError):
            continue
        try:
            article = pipeline(item.text, **item.hints)
        except DatelineError:
            continue
        validate(article)
