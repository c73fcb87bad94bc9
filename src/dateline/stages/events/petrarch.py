"""A reader for PETRARCH-format verb dictionaries (``--verbs FILE``, e.g. PETRARCH-2's CAMEO.2.0.txt).

The format: synonym sets (``&NAME`` followed by ``+WORD`` lines), then verb blocks headed
``---  NAME  [code]  ---``, each listing verbs (``WORD {irregular forms} [code]``, multi-word
``+WORD_PARTICLE``) and patterns ``- pre * post [code] # comment`` where ``(PREP WORD)`` is a
prepositional phrase, ``{A B}`` a compound noun, ``&SET`` a synonym set, ``$``/``+``/``^``/``%`` mark
source, target, skipped and compound elements. A code ``[a:b]`` codes the forward event ``a``
(and the reverse ``b``, which we ignore); ``[---]`` means "no event".

We keep what a dependency-parse matcher can use: each verb becomes an entry coded with its
own or its block's CAMEO code, and each pattern an entry whose content words must all appear
among the verb's dependents — word order and actor markers are left to our own argument
rules. Codes map to PLOVER through our crosswalk; a pattern whose code has no PLOVER category
(a statement, ``[---]``) is kept as a *suppressor*: when it is the most specific match, no event.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import DatelineError
from .lexicon import Crosswalk, Entry

BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")
MARKERS = re.compile(r"[$+^%*()]")


def _code(text: str) -> str | None:
    """``[042:043]`` → ``042``; ``[:173]`` → ``173``; ``[---]`` → ``""`` (explicitly no event)."""
    parts = [p.strip() for p in text.split(":")]
    first = next((p for p in parts if p), "")
    return "" if first.startswith("-") else first


def _words(spec: str, synsets: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    out = []
    for raw in re.sub(r"[{}]", " ", MARKERS.sub(" ", spec)).split():
        if raw.startswith("&"):
            alts = synsets.get(raw.upper())
            if alts:
                out.append(alts)
        elif re.match(r"[A-Za-z]", raw):
            out.append(frozenset({raw.strip("_").lower().split("_")[-1]}))
    return out


def load_verb_dictionary(path: Path, crosswalk: Crosswalk) -> list[Entry]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DatelineError("E013", f"cannot read verb dictionary ({exc})", str(path)) from exc
    synsets: dict[str, frozenset[str]] = {}
    entries: list[Entry] = []
    current_set: str | None = None
    block_code: str | None = None
    verbs: list[tuple[str, tuple[frozenset[str], ...], str | None]] = []
    in_patterns = False
    label = f"verbs:{path.name}"

    def make(head: str, needs, code: str | None, example: str) -> Entry | None:
        if code is None:
            return None
        cw = crosswalk.lookup(code) if code else None
        category, mode, contexts = cw if cw else ("", None, ())
        return Entry(category, frozenset({head}), tuple(needs), "verb", mode, code or None, contexts,
                     frozenset(), example, label)

    for n, line in enumerate(lines, 1):
        if "VERB PATTERNS" in line and line.lstrip().startswith("#"):
            in_patterns = True
            continue
        text = line.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if not in_patterns:
            if text.startswith("&"):
                current_set = text.split()[0].upper()
                synsets[current_set] = frozenset()
            elif text.startswith("+") and current_set:
                word = text[1:].split()[0].strip("_").lower().split("_")[-1]
                synsets[current_set] = synsets[current_set] | {word}
            continue
        m = BLOCK.match(text)
        if m:
            block_code = _code(m.group(2))
            verbs = []
            continue
        if text.startswith("-"):
            cm = CODE.search(text)
            if not cm or not verbs:
                continue
            spec = text[1:cm.start()]
            needs = _words(spec.replace("*", " "), synsets)
            code = _code(cm.group(1))
            for head, extra, _ in verbs:
                entry = make(head, list(extra) + needs, code, text.strip())
                if entry:
                    entries.append(entry)
            continue
        # a verb line: WORD {forms} [code]  or  +WORD_PARTICLE {forms} [code]
        cm = CODE.search(text)
        word = re.sub(r"\{.*?\}", " ", text[:cm.start()] if cm else text).split()
        if not word:
            continue
        parts = word[0].lstrip("+").strip("_").lower().split("_")
        if not parts[0].isalpha():
            continue
        own = _code(cm.group(1)) if cm else None
        code = own if own is not None else block_code
        extra = tuple(frozenset({p}) for p in parts[1:] if p)
        verbs.append((parts[0], extra, code))
        entry = make(parts[0], extra, code, text.strip())
        if entry:
            entries.append(entry)
    if not entries:
        raise DatelineError("E013", "no verb patterns found (is this a PETRARCH verb dictionary?)", str(path))
    return entries
