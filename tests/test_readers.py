"""Readers: every input format, format detection from content, and each bad-input case."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.readers import MAX_ARTICLE_BYTES, RawArticle, decode_bytes, iter_articles, read_bytes, sniff

FIX = Path(__file__).parent / "fixtures" / "readers"


def articles(*paths) -> list:
    return list(iter_articles([str(p) for p in paths]))


def only_article(path) -> RawArticle:
    items = articles(path)
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


def only_error(path) -> DatelineError:
    items = articles(path)
    assert len(items) == 1 and isinstance(items[0], DatelineError), items
    return items[0]


# --- format detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("head, name, fmt", [
    (b"\x1f\x8b\x08\x00", "x.txt", "gzip"),
    (b"PK\x03\x04rest", "x.dat", "zip"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo", "x", "warc"),
    (b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS NEWID="1">', "x.txt", "sgml"),
    (b"<!doctype html><html><body><p>x</p>", "x.txt", "html"),
    (b"\xef\xbb\xbf<html lang='en'>", "page", "html"),
    (b'{"text": "a"}\n{"text": "b"}\n', "x.txt", "jsonl"),
    (b"BAKU, Azerbaijan, Apr.8\n\nThe OIC said.", "x.html", "text"),
    (b"%PDF-1.4 binary", "x.txt", "binary"),
])
def test_sniff_decides_from_content(head, name, fmt):
    assert sniff(head, name) == fmt


def test_html_in_a_txt_file_is_read_as_html(tmp_path):
    p = tmp_path / "page.txt"
    p.write_bytes((FIX / "article.html").read_bytes())
    a = only_article(p)
    assert a.hints["format"] == "html" and "<p>" not in a.text


# --- plain text ---------------------------------------------------------------------------------

def test_plain_text_is_one_article():
    a = only_article(FIX / "wire_afp_country.txt")
    assert a.text.startswith("STRELSAU, Ruritania, Jan 5 (AFP)")
    assert a.origin.endswith("wire_afp_country.txt") and a.hints["origin"] == a.origin


def test_invalid_utf8_falls_back_and_says_so(tmp_path):
    p = tmp_path / "cp1252.txt"
    p.write_bytes("PARIS (AFP) - Le ministre a d\u00e9clar\u00e9 mardi que la r\u00e9forme \u00e9tait "
                  "\u00ab n\u00e9cessaire \u00bb.".encode("cp1252"))
    a = only_article(p)
    assert "d\u00e9clar\u00e9" in a.text
    assert any("not valid UTF-8" in w for w in a.hints["warnings"])


def test_decode_prefers_valid_utf8_over_a_wrong_declaration():
    text, note = decode_bytes("K\u00f8benhavn".encode("utf-8"), "x", declared="iso-8859-1")
    assert text == "K\u00f8benhavn" and note is None


# --- bad input: each yields one error naming the file -------------------------------------------

def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    e = only_error(p)
    assert e.code == "E001" and e.source == str(p)


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b"  \n\n\t ")
    assert only_error(p).code == "E001"


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 500, b"%PDF-1.7\n" + bytes(range(256)) * 20,
                                  b"\x89PNG\r\n\x1a\n" + b"\x00" * 100])
def test_binary_file(tmp_path, data):
    p = tmp_path / "blob.txt"
    p.write_bytes(data)
    e = only_error(p)
    assert e.code == "E002" and e.source == str(p)


def test_html_without_text(tmp_path):
    e = only_error(FIX / "empty_text.html")
    assert e.code == "E012" and "empty_text.html" in e.source


def test_50mb_text_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        line = b"The minister said the talks would continue next week in the capital.\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert p.stat().st_size > 50 * 1024 * 1024 > MAX_ARTICLE_BYTES
    e = only_error(p)
    assert e.code == "E004" and e.source == str(p) and f"{MAX_ARTICLE_BYTES:,}" in e.detail


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("SALVADOR, Feb 26 - Brazil said. " * 4000).encode())
    p = tmp_path / "story.txt.gz"
    p.write_bytes(data[: len(data) // 2])
    e = only_error(p)
    assert e.code == "E007" and e.source == str(p) and "truncated" in e.detail


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    e = only_error(tmp_path / "nope.txt")
    assert e.code == "E005"


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_text("PARIS (AFP) - France said on Monday it would send aid.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("LONDON, May 2 - Britain said it would send aid.")
    items = articles(tmp_path)
    assert [type(i).__name__ for i in items] == ["RawArticle", "DatelineError", "RawArticle"]


# --- containers ---------------------------------------------------------------------------------

def test_gzip_of_text(tmp_path):
    p = tmp_path / "story.txt.gz"
    p.write_bytes(gzip.compress((FIX / "wire_afp_country.txt").read_bytes()))
    a = only_article(p)
    assert a.text.startswith("STRELSAU")


def test_zip_recursive_with_nested_gzip_and_member_origins(tmp_path):
    p = tmp_path / "bundle.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIX / "wire_afp_country.txt", "2023/afp.txt")
        zf.writestr("2023/page.html.gz", gzip.compress((FIX / "article.html").read_bytes()))
        zf.write(FIX / "stories.sgm", "archive/stories.sgm")
        zf.writestr("2023/empty.txt", b"")
        zf.writestr("__MACOSX/._afp.txt", b"\x00\x05junk")
    items = articles(p)
    origins = [i.origin if isinstance(i, RawArticle) else i.source for i in items]
    assert origins[0] == f"{p}!2023/afp.txt"
    assert f"{p}!2023/empty.txt" in origins
    assert any(o.endswith("!2023/page.html.gz") for o in origins)
    assert any(o.endswith("!archive/stories.sgm#101") for o in origins)
    kinds = [type(i).__name__ for i in items]
    assert kinds.count("RawArticle") == 5 and kinds.count("DatelineError") == 1


def test_zip_bomb_is_refused(tmp_path):
    p = tmp_path / "bomb.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"0" * (40 * 1024 * 1024))
    assert p.stat().st_size < 200_000
    e = only_error(p)
    assert e.code == "E007" and "bomb" in e.detail and e.source.endswith("!zeros.txt")


def test_gzip_bomb_stops_at_the_limit(tmp_path, monkeypatch):
    from dateline.readers import containers

    monkeypatch.setattr(containers, "MAX_DECOMPRESSED", 1024 * 1024)
    p = tmp_path / "many.jsonl.gz"
    line = json.dumps({"text": "PARIS (AFP) - France said on Monday it would send aid."}).encode() + b"\n"
    p.write_bytes(gzip.compress(line * 40000))
    items = articles(p)
    assert isinstance(items[-1], DatelineError) and items[-1].code == "E007"
    assert "decompress" in items[-1].detail and len(items) < 40000


def test_folders_recursively_skipping_hidden(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text("LONDON, May 2 - Britain said it would send aid.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("not an article")
    (tmp_path / "two.txt").write_text("PARIS (AFP) - France said it would send aid.")
    items = articles(tmp_path)
    assert sorted(Path(i.origin).name for i in items) == ["one.txt", "two.txt"]


# --- JSON Lines ---------------------------------------------------------------------------------

def test_jsonl_records_and_per_line_errors():
    items = articles(FIX / "articles.jsonl")
    assert len(items) == 4
    first, second, bad, notext = items
    assert first.hints["title"] == "Talks to resume" and first.hints["published"] == "2023-10-03T08:15:00Z"
    assert first.hints["authors"] == ["By Sam Lee, Reuters"] and first.origin.endswith("articles.jsonl#1")
    assert isinstance(second, RawArticle) and second.origin.endswith("#2")
    assert isinstance(bad, DatelineError) and bad.code == "E006" and bad.source.endswith("articles.jsonl#3")
    assert isinstance(notext, DatelineError) and "no text field" in notext.detail and notext.source.endswith("#4")


def test_json_array_file(tmp_path):
    p = tmp_path / "dump.json"
    p.write_text(json.dumps([{"body": "LONDON, May 2 - Britain said.", "headline": "UK"}, {"content": "Hello there."}]))
    items = articles(p)
    assert [i.hints.get("title") for i in items] == ["UK", None]
    assert items[1].origin.endswith("dump.json#2")


# --- Reuters-21578 SGML -------------------------------------------------------------------------

def test_sgml_one_file_many_stories():
    items = articles(FIX / "stories.sgm")
    assert [i.origin.rsplit("#", 1)[1] for i in items] == ["101", "102", "103"]
    story, brief, table = items
    assert story.text.startswith("ZENDA, March 2 - The Ruritanian agriculture ministry said it would raise")
    assert "Reuter" not in story.text and "\x03" not in story.text
    assert story.hints["title"] == "RURITANIA RAISES GRAIN <SUBSIDY> PAYMENTS"
    assert story.hints["published"] == "1987-03-03T10:15:00"
    assert story.hints["authors"] == ["By Jos\u00e9 Garc\u00eda, Reuters"]  # latin-1 decoded
    assert brief.text == "RURITANIA CENTRAL BANK CUTS DISCOUNT RATE TO FIVE PCT"
    assert "Shr 28 cts vs 22 cts\n\nNet 1,234,000" in table.text


def test_sgml_truncated_record_is_an_error(tmp_path):
    data = (FIX / "stories.sgm").read_bytes()
    p = tmp_path / "cut.sgm"
    p.write_bytes(data[: data.rindex(b"<BODY>") + 20])
    items = articles(p)
    assert isinstance(items[-1], DatelineError) and items[-1].source.endswith("cut.sgm#103")
    assert all(isinstance(i, RawArticle) for i in items[:-1]) and len(items) == 3


# --- HTML ---------------------------------------------------------------------------------------

def test_html_body_and_metadata():
    a = only_article(FIX / "article.html")
    h = a.hints
    assert h["title"] == "Ruritania closes border crossings"
    assert h["published"] == "2023-05-16T09:30:00+02:00" and h["updated"] == "2023-05-16T14:05:00+02:00"
    assert h["authors"] == ["Maria Jones", "Tom Baker"]
    assert h["source"] == "The Daily Example" and h["language_declared"] == "en"
    assert h["url"] == "https://example.org/world/ruritania-border"
    assert h["provenance"]["published"] == "json-ld"
    assert a.text.startswith("STRELSAU (AP)") or "STRELSAU (AP)" in a.text.split("\n")[1]
    assert "Home" not in a.text and "Copyright" not in a.text


# --- WARC ---------------------------------------------------------------------------------------

def _warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        page = (FIX / "article.html").read_bytes()
        for i, (ctype, body) in enumerate([("text/html; charset=utf-8", page), ("image/png", b"\x89PNG...."),
                                           ("text/html", page.replace(b"Ruritania closes", b"Graustark opens"))]):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(f"https://example.org/{i}", "response", payload=io.BytesIO(body),
                                       http_headers=http)
            w.write_record(rec)
        w.write_record(w.create_warc_record("https://example.org/0", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_articles(tmp_path, gz, caplog):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(p, gz)
    caplog.set_level("INFO", logger="dateline.readers")
    items = articles(p)
    assert [type(i).__name__ for i in items] == ["RawArticle", "RawArticle"]
    assert items[0].hints["title"] == "Ruritania closes border crossings"
    assert items[1].hints["title"].startswith("Graustark opens")
    assert "#" in items[0].origin and items[0].hints["crawled"]
    assert "skipped non-HTML response" in caplog.text and "skipped request" in caplog.text


@pytest.mark.parametrize("gz", [False, True])
def test_warc_corrupt_record_is_one_error_and_reading_goes_on(tmp_path, gz):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(p, gz)
    data = bytearray(p.read_bytes())
    # damage the second record (the image): its header, or its gzip member
    marker = b"\x1f\x8b\x08" if gz else b"WARC/1."
    second = data.index(marker, data.index(marker) + 1)
    data[second: second + 12] = b"\x00GARBAGE\x00\x00\x00\x00"
    p.write_bytes(bytes(data))
    items = articles(p)
    errors = [i for i in items if isinstance(i, DatelineError)]
    good = [i for i in items if isinstance(i, RawArticle)]
    assert len(errors) == 1 and errors[0].code == "E006" and errors[0].source.startswith(f"{p}#")
    assert len(good) == 2  # the records before and after the damage


def test_read_bytes_entry_point():
    items = list(read_bytes(b"LONDON, May 2 - Britain said it would send aid.", "<memory>"))
    assert isinstance(items[0], RawArticle) and items[0].origin == "<memory>"


@pytest.mark.parametrize("text, place, date, agency, body", [
    ("Cuba frees prisoners\n\nHAVANA (AP) --\n\nPolice said 12 people were freed.\n",
     "HAVANA", None, "AP", "Police said"),
    ("NAIROBI, Kenya (AP) _ Police said 12 people were freed.\n", "NAIROBI, Kenya", None, "AP", "Police said"),
    ("WASHINGTON, August 13 (Xinhua) --\nThe U.S. said on Monday it would act.\n",
     "WASHINGTON", "August 13", "Xinhua", "The U.S."),
])
def test_wire_dateline_ending_in_dash_or_underscore(text, place, date, agency, body):
    """AP's "_" and a dash closing a dateline alone on its line end the dateline, not a headline."""
    from dateline.readers.wire_text import parse_wire

    parts = parse_wire(text)
    assert (parts.dateline_place, parts.dateline_date, parts.agency) == (place, date, agency)
    assert parts.body.startswith(body)
    assert not parts.dateline_text.endswith(("-", "_"))


def test_underscore_inside_a_sentence_is_no_dateline():
    from dateline.readers.wire_text import parse_wire

    parts = parse_wire("Shares fell\n\nTrading was light _ dealers said.\n")
    assert parts.dateline_text is None
