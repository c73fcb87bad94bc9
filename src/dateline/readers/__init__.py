"""Readers: files, folders and containers to RawArticle records (or per-document errors).

``iter_articles(paths)`` is the one entry point the CLI and the engines use. It never raises for
a bad document: it yields a DatelineError naming the file (and record) instead, so a batch goes on.

The format of each file is decided from its first bytes (``sniff``), the file name only breaking
ties: collections are full of ``.txt`` files holding HTML and ``.dat`` files holding gzip.

| format | module | articles per file |
|---|---|---|
| plain-text wire copy | (this module; parsed by the reading stage) | one |
| HTML page | ``html`` | one |
| Reuters-21578 SGML | ``reuters_sgml`` | many (``file#NEWID``) |
| JSON Lines / JSON | ``jsonl`` | many (``file#line``) |
| WARC / WARC.gz | ``warc`` | many (``file#offset``) |
| gzip, zip | ``containers`` | whatever the members hold |
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from ..errors import DatelineError

# One article (a text or HTML file) larger than this is refused before it is read: the biggest
# real news pages are ~5 MB of HTML, and the reading stage refuses bodies over 1M characters anyway.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
MAX_FILE_BYTES = MAX_ARTICLE_BYTES  # kept for callers of the first version
SNIFF_BYTES = 64 * 1024  # enough to see past a BOM, a doctype and a WARC header

Item = "RawArticle | DatelineError"


@dataclass
class RawArticle:
    text: str
    hints: dict[str, Any] = field(default_factory=dict)  # title, published, url, authors, source, ...
    origin: str = ""  # file path, plus "#record" inside multi-article files

    def __post_init__(self) -> None:
        self.hints.setdefault("origin", self.origin)


# --- decoding -----------------------------------------------------------------------------------

_BINARY_MAGIC = {
    b"%PDF": "PDF", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"\x7fELF": "executable", b"MZ": "executable", b"PK\x05\x06": "empty zip", b"\xd0\xcf\x11\xe0": "OLE document",
    b"RIFF": "RIFF media", b"OggS": "Ogg media", b"ID3": "MP3 audio", b"\x1a\x45\xdf\xa3": "Matroska media",
}


def binary_kind(head: bytes) -> str | None:
    """Why these bytes are not text (a known magic number, NUL or control bytes), else None."""
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return kind
    sample = head[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    # a tenth of NULs is UTF-16 without BOM at best, never a news article in an 8-bit encoding
    if sample.count(b"\x00") > len(sample) // 10:
        return "NUL bytes"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > len(sample) // 20:  # 5 %: text has none beyond tab/newline; binary has ~12 %
        return "control bytes"
    return None


def decode_bytes(data: bytes, origin: str, declared: str | None = None) -> tuple[str, str | None]:
    """Bytes to text, and a note when the bytes were not what they claimed (``None`` if clean).

    Order: BOM, UTF-8, the declared charset (HTTP header or <meta>), then charset-normalizer's
    best guess; cp1252 with replacement characters as the last resort (it decodes any byte)."""
    if not data.strip():
        raise DatelineError("E001", source=origin)
    kind = binary_kind(data[:SNIFF_BYTES])
    if kind:
        raise DatelineError("E002", kind, source=origin)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), None
    # valid UTF-8 first, even against a declared charset: multi-byte UTF-8 sequences almost never
    # occur in cp1252/latin-1 text by chance, while pages mislabelled latin-1 are common
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if declared:
        try:
            return data.decode(_codec(declared)), None
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:SNIFF_BYTES * 4]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # noqa: BLE001 - the detector is a heuristic; never fail the document for it
        guess = None
    for enc in ([guess] if guess else []) + ["cp1252"]:
        try:
            text = data.decode(enc)
            return text, f"not valid UTF-8 (byte {bad_at}); decoded as {enc} (detected)"
        except (LookupError, UnicodeDecodeError):
            continue
    text = data.decode("cp1252", errors="replace")
    return text, f"not valid UTF-8 (byte {bad_at}); decoded as cp1252 with replacement characters"


def _codec(name: str) -> str:
    name = name.strip().strip("'\"").lower()
    # WHATWG: pages labelled latin-1 / ascii are cp1252 in every browser
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else codecs.lookup(name).name


def decode(data: bytes, origin: str) -> str:
    """Bytes to text (see ``decode_bytes``); raises DatelineError for empty or binary input."""
    return decode_bytes(data, origin)[0]


# --- format detection ---------------------------------------------------------------------------

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|span|a|br|h[1-6])\b[^>]*>", re.I)


def sniff(head: bytes, name: str = "") -> str:
    """The format of a file from its first bytes: gzip, zip, warc, sgml, jsonl, html, text or binary."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"WARC/1.", b"WARC/0.")):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if re.match(rb"(?:<!DOCTYPE\s+lewis[^>]*>\s*)?<REUTERS\b", stripped):
        return "sgml"
    if _HTML_START.match(stripped) or len(_HTML_TAGS.findall(head[:8192])) >= 5:
        return "html"
    if stripped.startswith((b"{", b"[")) and _json_like(stripped):
        return "jsonl"
    if binary_kind(head):
        return "binary"
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")) and re.search(rb"<[a-zA-Z!/]", head):
        return "html"  # a fragment with few tags: the name breaks the tie, but text without tags is text
    return "text"


def _json_like(head: bytes) -> bool:
    import json

    first = head.split(b"\n", 1)[0].strip()
    try:
        return isinstance(json.loads(first), (dict, list))
    except ValueError:
        # a pretty-printed JSON document: an object or array whose next token is a key or object
        return bool(re.match(rb"[\[{]\s*[\"{]", head))


# --- dispatch -----------------------------------------------------------------------------------

def read_stream(stream: BinaryIO, origin: str, name: str, depth: int = 0,
                size: int | None = None) -> Iterator[RawArticle | DatelineError]:
    """Read one file-like object of any supported format. Errors are yielded, never raised."""
    from . import containers, html, jsonl, reuters_sgml, warc

    try:
        head = stream.read(SNIFF_BYTES)
        stream.seek(0)
    except (OSError, EOFError) as exc:
        if depth:  # inside a container: the container reports it (truncated, corrupt, too large)
            raise
        yield DatelineError("E005", f"cannot read: {exc}", origin)
        return
    fmt = sniff(head, name)
    if not head.strip():
        yield DatelineError("E001", source=origin)
        return
    if fmt == "binary":
        yield DatelineError("E002", binary_kind(head) or "binary", origin)
        return
    if fmt in ("gzip", "zip"):
        yield from containers.read_container(fmt, stream, origin, name, depth)
        return
    if fmt == "warc":
        yield from warc.read_warc(stream, origin)
        return
    if fmt == "sgml":
        yield from reuters_sgml.read_sgml(stream, origin)
        return
    if fmt == "jsonl":
        yield from jsonl.read_jsonl(stream, origin)
        return
    # single-article formats: read whole, within the article limit
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        yield DatelineError("E004", f"a single {fmt} article over {MAX_ARTICLE_BYTES:,} bytes is refused", origin)
        return
    if fmt == "html":
        yield html.read_html(data, origin)
        return
    try:
        text, note = decode_bytes(data, origin)
    except DatelineError as exc:
        yield exc
        return
    hints: dict[str, Any] = {"format": "text"}
    if note:
        hints["warnings"] = [note]
    yield RawArticle(text, hints, origin)


def read_file(path: Path) -> Iterator[RawArticle | DatelineError]:
    """Every article in one file (refusing an oversized single article without reading it)."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield DatelineError("E001", source=origin)
            return
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
            fmt = sniff(head, path.name)
            if fmt in ("text", "html") and size > MAX_ARTICLE_BYTES:
                yield DatelineError("E004", f"{size:,} bytes: a single {fmt} article over "
                                            f"{MAX_ARTICLE_BYTES:,} bytes is refused", origin)
                return
            fh.seek(0)
            yield from read_stream(fh, origin, path.name, size=size)
    except OSError as exc:
        yield DatelineError("E005", f"cannot read: {exc.strerror or exc}", origin)


def read_bytes(data: bytes, origin: str, name: str = "", depth: int = 0) -> Iterator[RawArticle | DatelineError]:
    """Every article in an in-memory document (a container member, a request body)."""
    yield from read_stream(io.BytesIO(data), origin, name, depth, size=len(data))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | DatelineError]:
    """Files under ``paths``: folders recursively in name order, hidden files and folders skipped."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield DatelineError("E005", "no such file or folder", str(path))


def iter_articles(paths: Iterable[str | Path]) -> Iterator[RawArticle | DatelineError]:
    for item in iter_files(paths):
        if isinstance(item, DatelineError):
            yield item
        else:
            yield from read_file(item)


__all__ = ["RawArticle", "decode", "decode_bytes", "iter_articles", "iter_files", "read_file", "read_bytes",
           "read_stream", "sniff", "MAX_ARTICLE_BYTES"]
