"""Readers: files, folders and containers to RawArticle records (or per-document errors).

``iter_articles(paths)`` is the one entry point the CLI and the engines use. It never raises for
a bad document: it yields a DatelineError naming the file (and record) instead, so a batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import DatelineError

MAX_FILE_BYTES = 64 * 1024 * 1024  # one article file larger than this is refused, not read


@dataclass
class RawArticle:
    text: str
    hints: dict[str, Any] = field(default_factory=dict)  # title, published, url, authors, source, ...
    origin: str = ""  # file path, plus "#record" inside multi-article files

    def __post_init__(self) -> None:
        self.hints.setdefault("origin", self.origin)


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 (with BOM), else cp1252/latin-1 when the bytes are text-like."""
    if not data.strip():
        raise DatelineError("E001", source=origin)
    if b"\x00" in data[:4096] and data[:4096].count(b"\x00") > len(data[:4096]) // 10:
        raise DatelineError("E002", "NUL bytes", source=origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:4096]) // 20:
        raise DatelineError("E002", "control bytes", source=origin)
    return text


def read_file(path: Path) -> Iterator[RawArticle | DatelineError]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield DatelineError("E004", f"{size:,} bytes (limit {MAX_FILE_BYTES:,})", origin)
            return
        data = path.read_bytes()
        yield RawArticle(decode(data, origin), {}, origin)
    except DatelineError as exc:
        yield exc
    except OSError as exc:
        yield DatelineError("E005", f"cannot read: {exc.strerror or exc}", origin)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | DatelineError]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
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
