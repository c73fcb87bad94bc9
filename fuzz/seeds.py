"""Write a small seed corpus for the reader fuzzer (one file per format) into a folder."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

STORY = "PARIS, Feb 26 (Reuters) - France said on Monday it would send aid to Haiti, officials said.\n"
PAGE = f"<html><head><title>Aid</title></head><body><article><p>{STORY}</p></article></body></html>"


def seeds() -> dict[str, bytes]:
    """name → bytes; the first byte selects the file name in fuzz_readers.NAMES."""
    warc_http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode()
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
            f"Content-Length: {len(warc_http)}\r\n\r\n").encode() + warc_http + b"\r\n\r\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", STORY)
    sgml = (f"<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>AID</TITLE>"
            f"<BODY>{STORY}</BODY></TEXT></REUTERS>").encode("latin-1")
    return {"text": bytes([0]) + STORY.encode(), "html": bytes([1]) + PAGE.encode(),
            "jsonl": bytes([2]) + (json.dumps({"text": STORY, "title": "Aid"}) + "\n").encode(),
            "sgml": bytes([3]) + sgml, "warc": bytes([4]) + warc, "warcgz": bytes([5]) + gzip.compress(warc),
            "zip": bytes([6]) + buf.getvalue(), "gz": bytes([7]) + gzip.compress(STORY.encode())}


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():
        (folder / name).write_bytes(data)
