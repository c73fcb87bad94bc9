"""gzip and zip containers, read member by member with limits against decompression bombs.

A gzip file holding a WARC goes to the WARC reader whole (WARC.gz compresses record by record and
warcio reads that natively). Anything else is decompressed as a stream and handed back to the
format dispatcher, so a ``.zip`` of ``.gz`` of SGML works, up to ``MAX_DEPTH`` levels.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import BinaryIO, Iterator

from ..errors import DatelineError

# A real news collection compresses 3-10x; 200x is already a run of one byte. Past this ratio on a
# member of more than MIN_BOMB_BYTES the member is refused without inflating it.
MAX_RATIO = 200
MIN_BOMB_BYTES = 16 * 1024 * 1024
# Decompressed bytes one container may yield in total (a month of CC-NEWS WARC is ~1 GB per file).
MAX_DECOMPRESSED = 4 * 1024 * 1024 * 1024
MAX_MEMBERS = 200_000
MAX_DEPTH = 3  # zip in gz in zip: deeper nesting is an attack or an accident, not a collection


class _TooLarge(OSError):
    pass


class LimitedReader:
    """A read-only stream that raises once more than ``limit`` bytes have been read through it."""

    def __init__(self, raw: BinaryIO, limit: int):
        self.raw, self.limit, self.count = raw, limit, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.count += len(data)
        if self.count > self.limit:
            raise _TooLarge(f"more than {self.limit:,} bytes decompressed")
        return data

    def readline(self, n: int = -1) -> bytes:
        data = self.raw.readline(n)
        self.count += len(data)
        if self.count > self.limit:
            raise _TooLarge(f"more than {self.limit:,} bytes decompressed")
        return data

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, pos: int, whence: int = 0) -> int:
        result = self.raw.seek(pos, whence)
        self.count = self.raw.tell()
        return result

    def tell(self) -> int:
        return self.raw.tell()

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True


def _inner_name(name: str) -> str:
    for suffix in (".gz", ".gzip", ".tgz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] + (".tar" if suffix == ".tgz" else "")
    return name


def _guarded(items: Iterator, origin: str, what: str) -> Iterator:
    """Pass items through, turning a decompression failure mid-stream into one E007 error."""
    try:
        yield from items
    except _TooLarge as exc:
        yield DatelineError("E007", f"{what}: {exc} (limit against decompression bombs)", origin)
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as exc:
        yield DatelineError("E007", f"{what} truncated or corrupt: {exc}", origin)
    except OSError as exc:
        yield DatelineError("E007", f"{what} unreadable: {exc}", origin)


def read_container(fmt: str, stream: BinaryIO, origin: str, name: str, depth: int) -> Iterator:
    if depth >= MAX_DEPTH:
        yield DatelineError("E007", f"containers nested more than {MAX_DEPTH} deep", origin)
        return
    if fmt == "gzip":
        yield from _guarded(_read_gzip(stream, origin, name, depth), origin, "gzip")
    else:
        yield from _guarded(_read_zip(stream, origin, depth), origin, "zip")


def _read_gzip(stream: BinaryIO, origin: str, name: str, depth: int) -> Iterator:
    from . import read_stream, warc

    gz = gzip.GzipFile(fileobj=stream, mode="rb")
    head = gz.read(16)
    if head.startswith((b"WARC/1.", b"WARC/0.")):
        stream.seek(0)
        yield from warc.read_warc(stream, origin)
        return
    gz.seek(0)
    yield from read_stream(LimitedReader(gz, MAX_DECOMPRESSED), origin, _inner_name(name), depth + 1)


def _read_zip(stream: BinaryIO, origin: str, depth: int) -> Iterator:
    from . import read_stream

    try:
        zf = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, LookupError) as exc:
        yield DatelineError("E007", f"zip unreadable: {exc}", origin)
        return
    members = [m for m in zf.infolist() if not m.filename.endswith("/")]  # is_dir() fails on an empty name
    if len(members) > MAX_MEMBERS:
        yield DatelineError("E007", f"{len(members):,} members (limit {MAX_MEMBERS:,})", origin)
        return
    budget = MAX_DECOMPRESSED
    for info in sorted(members, key=lambda m: m.filename):
        parts = PurePosixPath(info.filename).parts
        if any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        member_origin = f"{origin}!{info.filename}"
        if info.file_size > MIN_BOMB_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            yield DatelineError("E007", f"{info.file_size:,} bytes from {info.compress_size:,} compressed "
                                        f"(ratio over {MAX_RATIO}: refused as a decompression bomb)", member_origin)
            continue
        if info.file_size > budget:
            yield DatelineError("E007", f"archive over {MAX_DECOMPRESSED:,} decompressed bytes", member_origin)
            return
        try:
            with zf.open(info) as member:
                # the declared size may lie: the limited reader enforces it on the real bytes
                limited = LimitedReader(member, min(budget, info.file_size + 1))
                yield from _guarded(read_stream(limited, member_origin, info.filename, depth + 1),
                                    member_origin, "zip member")
                budget -= limited.count
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError,
                RuntimeError, LookupError) as exc:  # corrupt headers: negative seeks, encrypted members
            yield DatelineError("E007", f"zip member unreadable: {exc}", member_origin)
