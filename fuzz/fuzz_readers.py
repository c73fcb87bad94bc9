"""atheris fuzz target for the readers: any bytes under any name must yield RawArticles or
DatelineErrors, never raise. Run: make fuzz (bounded time), or
python fuzz/fuzz_readers.py -max_total_time=60 [corpus_dir]."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from dateline.errors import DatelineError
    from dateline.readers import RawArticle, read_bytes

# the name steers the format sniffer; the fuzzer picks one with its first byte
NAMES = ["story.txt", "page.html", "feed.jsonl", "reut2-000.sgm", "crawl.warc", "crawl.warc.gz", "bundle.zip",
         "story.txt.gz", "noext", "data.json"]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    for item in read_bytes(data[1:], f"/fuzz/{name}", name):
        if not isinstance(item, (RawArticle, DatelineError)):
            raise AssertionError(f"reader yielded {type(item).__name__}")
        if isinstance(item, RawArticle) and not isinstance(item.text, str):
            raise AssertionError("article text is not a string")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
