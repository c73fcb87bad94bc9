"""``dateline eval events``: PLOVER events against PETRARCH-style gold codings.

Data: a PETRARCH validation file (``PETR2_GSR_validation.xml``): ``<Sentence ... date= id=>`` records
with ``<EventCoding eventcode= sourcecode= targetcode=/>`` lines (or ``noevents="True"``) and the
sentence ``<Text>`` (rebuilt from the CoNLL-U ``<Parse>`` when the text is empty). The file carries
``#`` comment lines, so it is read as text, not XML.

Gold CAMEO codes map to PLOVER through dateline's crosswalk (``data/cameo_plover.tsv``); codings
whose code has no PLOVER category (CAMEO 01 statements) are left out of the PLOVER denominator
and reported separately. Predictions are dateline's events that are neither negated nor
hypothetical (PLOVER: such events are not part of the event record), expanded into dyads:
each actor code × each recipient code (no recipient: an empty target), and for events with
several actors and no recipient (PLOVER's reciprocal form: "A, B and C met") every ordered pair
of actors; a CONSULT visit also counts in the host's direction (CAMEO codes one visit twice, 042
and 043). Actor codes are what the entities stage put on ``Entity.actor`` from the user's
dictionaries.

Codes match per PETRARCH convention on the country + first sector prefix (``IRQGOVMIL`` ≈
``IRQGOV``; ``USA`` ≠ ``USAGOV``); a gold target ``---`` or none matches an empty target. Also
reported: the same at country level (first three characters), and at CAMEO root level (two
digits) where dateline emitted a CAMEO code.

- ``correct``: share of PLOVER-mappable gold codings produced with right source, target, category.
- ``extra_per_sentence``: predicted coded events matching no gold coding, per sentence with codings.
- ``false_event_rate``: share of no-event sentences on which a coded event was predicted.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from ..errors import DatelineError

SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')
CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.S)
RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "ASSAULT"})


def read_records(path: Path) -> list[dict[str, Any]]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    records = []
    for m in SENTENCE.finditer(raw):
        attrs = dict(ATTR.findall(m.group(1)))
        body = m.group(2)
        codings = [dict(ATTR.findall(c)) for c in CODING.findall(body)]
        tm = TEXT.search(body)
        text = " ".join(html.unescape(tm.group(1)).split()) if tm else ""
        if not text:
            pm = PARSE.search(body)
            if pm:
                text = _text_from_conllu(pm.group(1))
        noevents = any(c.get("noevents") == "True" for c in codings)
        gold = [(c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", ""))
                for c in codings if c.get("eventcode")]
        if text and (gold or noevents):
            records.append({"id": attrs.get("id"), "date": attrs.get("date"), "text": text, "gold": gold,
                            "noevents": noevents and not gold})
    if not records:
        raise DatelineError("E014", "no <Sentence> records with codings", str(path))
    return records


def _text_from_conllu(block: str) -> str:
    out = []
    for line in block.strip().splitlines():
        cols = line.split("\t")
        if len(cols) >= 10 and cols[0].isdigit():
            out.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(out).strip()


def _published(date: str | None) -> str | None:
    """``YYYYMMDD``, or PETRARCH/TABARI's ``YYMMDD`` (read as the dictionaries' dates are), as ISO."""
    if date and re.fullmatch(r"(19|20)\d{6}", date):
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if date and re.fullmatch(r"\d{6}", date):
        from ..dictionaries import parse_date

        day = parse_date(date)
        return day.isoformat() if day else None
    return None


def code_match(gold: str, pred: str, width: int = 6) -> bool:
    gold, pred = (gold or "").strip(), (pred or "").strip()
    if gold in ("", "---"):
        return pred == ""
    if gold.startswith("---") and pred and not pred.startswith("---") and len(pred) == 3 and width > 3:
        pred = "---" + pred  # a sector code without a country is PETRARCH's "---" (unknown country)
    return bool(pred) and gold[:width] == pred[:width]


def dyads(article) -> list[tuple[list[tuple[str, str]], str, str | None]]:
    """Per counted event: its (source code, target code) pairs, PLOVER category and CAMEO code."""
    out = []
    for ev in article.events:
        if ev.flags.negated or ev.flags.hypothetical:
            continue
        codes = {}
        for eid in ev.actors + ev.recipients:
            ent = article.entity(eid)
            codes[eid] = ent.actor.code if ent is not None and ent.actor is not None else None
        src = [codes[a] for a in ev.actors if codes[a]]
        tgt = [codes[r] for r in ev.recipients if codes[r]]
        if not src:
            continue  # an event no actor of which is coded is not a codable record
        pairs = [(s, t) for s in src for t in (tgt or [""])]
        if not ev.recipients and len(src) > 1 and ev.category in RECIPROCAL:
            pairs += [(a, b) for a in src for b in src if a != b]
        if ev.category == "CONSULT" and ev.mode == "visit":
            pairs += [(t, s) for s, t in pairs if t]  # one PLOVER visit is CAMEO's visit/host (042/043) pair
        out.append((pairs, ev.category, ev.cameo))
    return out


def evaluate(data: Path, limit: int | None = None, model: str | None = None, actors: str | None = None,
             agents: str | None = None, verbs: str | None = None, **_: Any) -> dict[str, Any]:
    import dateline
    from ..stages.events.lexicon import load_crosswalk

    records = read_records(Path(data))[: limit or None]
    crosswalk = load_crosswalk()
    pipe = dateline.get_pipeline(model, actors, agents, verbs)
    articles = pipe.pipe([(r["text"], {"published": _published(r["date"])}) for r in records])
    n_gold = n_mappable = correct = correct_country = root_total = root_correct = 0
    extra = false_events = event_sentences = noevent_sentences = produced = 0
    misses: list[dict[str, Any]] = []
    false_list: list[dict[str, Any]] = []
    for rec, article in zip(records, articles):
        predicted = dyads(article)
        produced += len(predicted)
        if rec["noevents"]:
            noevent_sentences += 1
            false_events += bool(predicted)
            if predicted:
                false_list.append({"id": rec["id"], "predicted": [f"{c}:{p}" for p, c, _ in predicted]})
            continue
        event_sentences += 1
        matched_events: set[int] = set()
        for src, tgt, cameo in rec["gold"]:
            n_gold += 1
            mapped = crosswalk.lookup(cameo)
            hit = hit_country = root_hit = False
            for k, (pairs, category, pcameo) in enumerate(predicted):
                exact = any(code_match(src, s) and code_match(tgt, t) for s, t in pairs)
                if mapped and category == mapped[0]:
                    country = any(code_match(src, s, 3) and code_match(tgt, t, 3) for s, t in pairs)
                    hit, hit_country = hit or exact, hit_country or country
                    if exact or country:
                        matched_events.add(k)
                if pcameo and pcameo[:2] == cameo[:2] and exact:
                    root_hit = True
                    matched_events.add(k)
            root_correct += root_hit
            root_total += 1
            if mapped:
                n_mappable += 1
                correct += hit
                correct_country += hit_country
                if not hit:
                    misses.append({"id": rec["id"], "gold": f"{src} {tgt} {cameo} ({mapped[0]})",
                                   "predicted": [f"{c}:{p}" for p, c, _ in predicted]})
        extra += sum(1 for k in range(len(predicted)) if k not in matched_events)
    return {
        "sentences": len(records),
        "event_sentences": event_sentences,
        "noevent_sentences": noevent_sentences,
        "gold_codings": n_gold,
        "gold_codings_with_plover_category": n_mappable,
        "correct": correct / n_mappable if n_mappable else 0.0,
        "correct_country_level": correct_country / n_mappable if n_mappable else 0.0,
        "correct_cameo_root": root_correct / root_total if root_total else 0.0,
        "extra_per_sentence": extra / event_sentences if event_sentences else 0.0,
        "false_event_rate": false_events / noevent_sentences if noevent_sentences else 0.0,
        "coded_events_predicted": produced,
        "actors_dictionary": str(actors) if actors else None,
        "misses": misses,
        "false_events": false_list,
    }


def render(result: dict[str, Any]) -> str:
    lines = [f"sentences {result['sentences']} ({result['event_sentences']} with codings, "
             f"{result['noevent_sentences']} no-event); gold codings {result['gold_codings']}, "
             f"{result['gold_codings_with_plover_category']} with a PLOVER category"]
    for key in ("correct", "correct_country_level", "correct_cameo_root", "false_event_rate"):
        lines.append(f"{key:28s} {result[key] * 100:6.1f}%")
    lines.append(f"{'extra_per_sentence':28s} {result['extra_per_sentence']:6.2f}")
    lines.append("misses:")
    lines += [f"  {m['id']}: gold {m['gold']}; predicted {m['predicted']}" for m in result["misses"]]
    lines.append("events on no-event sentences:")
    lines += [f"  {m['id']}: predicted {m['predicted']}" for m in result.get("false_events", [])]
    return "\n".join(lines)
