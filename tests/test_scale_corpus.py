"""Small generated news corpora for the scale, Ray and crash tests (no shared data needed)."""

from __future__ import annotations

import random
from pathlib import Path

CITIES = [("PARIS", "France"), ("NAIROBI", "Kenya"), ("BAKU", "Azerbaijan"), ("LIMA", "Peru"),
          ("MANILA", "Philippines"), ("OSLO", "Norway"), ("CAIRO", "Egypt"), ("HANOI", "Vietnam")]
PEOPLE = ["Maria Lopez", "John Okafor", "Elena Petrova", "Ahmed Karimov", "Li Wei", "Sara Lindqvist",
          "Carlos Mendes", "Amina Diallo"]
VERBS = ["criticised", "met", "accused", "praised", "threatened", "thanked", "urged", "visited"]


def article(i: int, rng: random.Random) -> str:
    city, country = rng.choice(CITIES)
    a, b = rng.sample(PEOPLE, 2)
    verb = rng.choice(VERBS)
    day = 1 + i % 27
    return (f"{city}, Mar {day} (Reuters) - {a}, the foreign minister of {country}, {verb} {b} on "
            f"Tuesday over talks held in {rng.choice(CITIES)[0].title()} in 2019, officials said.\n\n"
            f"\"We will not accept this,\" {a} told reporters on March {day}. Story number {i}.\n")


def write_corpus(folder: Path, n: int, seed: int = 7, bad: bool = True) -> Path:
    """``n`` distinct short wire stories, one per file, plus (when ``bad``) two files that fail."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story-{i:04d}.txt").write_text(article(i, rng), encoding="utf-8")
    if bad:
        (folder / "empty.txt").write_bytes(b"")
        (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    return folder


def test_corpus_is_distinct(tmp_path):
    folder = write_corpus(tmp_path / "c", 12)
    texts = [p.read_text() for p in folder.glob("story-*.txt")]
    assert len(texts) == 12 and len(set(texts)) == 12
