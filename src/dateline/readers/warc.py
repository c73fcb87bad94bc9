"""WARC and WARC.gz (CC-NEWS and other crawls): HTML responses become articles.

Other records (requests, metadata, redirects, images, PDFs ...) are counted and skipped; the
counts are logged at the end of each file (logger ``dateline.readers``) and returned to a caller
that passes a ``counts`` dict. A corrupt record yields one error naming the file and the record's
byte offset (``file#offset``); reading then resumes at the next record boundary found after it.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from typing import BinaryIO, Iterator

from ..errors import DatelineError

log = logging.getLogger("dateline.readers")

MAX_PAYLOAD_BYTES = 16 * 1024 * 1024  # same as one HTML article file
MAX_RESYNCS = 1000  # a file that is corrupt this often is not a WARC; stop rather than crawl it
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=([\w.:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def _resync(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Offset of the next record start after ``after``: a gzip member or a ``WARC/1.`` line."""
    marker = b"\x1f\x8b\x08" if gzipped else b"\nWARC/1."
    pos = after + 1
    stream.seek(pos)
    carry = b""
    while chunk := stream.read(1 << 20):
        data = carry + chunk
        i = data.find(marker)
        if i >= 0:
            return pos - len(carry) + i + (0 if gzipped else 1)
        carry = data[-len(marker):]
        pos += len(chunk)
    return None


def read_warc(stream: BinaryIO, origin: str, counts: Counter | None = None) -> Iterator:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .html import read_html

    counts = counts if counts is not None else Counter()
    start = stream.tell()
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(start)
    resyncs = 0
    while True:
        it = ArchiveIterator(stream)
        offset = stream.tell()
        try:
            for record in it:
                # warcio knows a record's offset only once it is read to the end: read first
                kind = record.rec_type
                if kind not in ("response", "resource"):
                    offset = start + it.get_record_offset() + it.get_record_length()
                    counts[f"skipped {kind}"] += 1
                    continue
                ctype = ""
                status = None
                if record.http_headers is not None:
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    status = record.http_headers.get_statuscode()
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if not ctype.lower().startswith(_HTML_TYPES):
                    offset = start + it.get_record_offset() + it.get_record_length()
                    counts["skipped non-HTML " + kind] += 1
                    continue
                if status and not str(status).startswith("2"):
                    offset = start + it.get_record_offset() + it.get_record_length()
                    counts[f"skipped HTTP {status}"] += 1
                    continue
                payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
                rec_origin = f"{origin}#{start + it.get_record_offset()}"
                if len(payload) > MAX_PAYLOAD_BYTES:
                    offset = start + it.get_record_offset() + it.get_record_length()
                    counts["failed"] += 1
                    yield DatelineError("E004", f"HTML payload over {MAX_PAYLOAD_BYTES:,} bytes", rec_origin)
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                item = read_html(payload, rec_origin, url=url, declared=_charset(ctype),
                                 crawled=record.rec_headers.get_header("WARC-Date"))
                counts["articles" if not isinstance(item, DatelineError) else "failed"] += 1
                offset = start + it.get_record_offset() + it.get_record_length()
                yield item
            break  # clean end of file
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, LookupError, zlib.error,
                AttributeError, TypeError) as exc:  # warcio raises these on headers it cannot parse
            counts["corrupt"] += 1
            yield DatelineError("E006", f"corrupt WARC record: {str(exc).splitlines()[0][:200]}",
                                f"{origin}#{offset}")
            resyncs += 1
            nxt = _resync(stream, offset, gzipped) if resyncs <= MAX_RESYNCS else None
            if nxt is None:
                break
            stream.seek(nxt)
            start = nxt  # ArchiveIterator offsets count from where it starts reading
    log.info("%s: %s", origin, ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no records")
