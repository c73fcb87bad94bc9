"""``python -m dateline.evaluation.quote_cues fit --data PATH``: fit the quotes stage's cue model.

The cue model (``stages/quotes/cuemodel.py``, weights in ``data/cue_weights.tsv``) decides, for each
candidate cue the clause reader found a content for, whether it is an attribution. This module
fits it on a PolNeAR split:

1. Every article is analysed up to the entities stage once; the parses are cached (spaCy DocBin plus
   the pickled articles, ``--cache DIR``), so a refit reads them back in seconds.
2. Candidates: every token the clause reader could take as a cue -- lexicon entries with their
   frames, "according to", and unlisted verbs, nouns and adjectives with a clausal or infinitival
   complement -- each with the content its frame yields and its features
   (:func:`dateline.stages.quotes.cuemodel.features`). Label: the cue token lies inside a gold Cue
   span, or its content overlaps a gold content by half (the scorer's overlap rule).
3. A logistic model (numpy, ridge penalty, features seen fewer than ``MIN_COUNT`` times dropped) is
   fitted by k-fold over articles; the acceptance threshold is the one that maximises the overall
   overlap F1 of the whole quotes evaluation on the held-out folds (not the cue F1: a cue whose
   content is cut wrong is a false positive either way), and the final weights are fitted on all.

``evaluate(data, cache=..., limit=...)`` returns the held-out figures without writing anything
(``fit`` prints them too, and writes them into the weights file's header).
"""

from __future__ import annotations

import datetime as _dt
import pickle
import random
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from .logistic import fit_logistic, fit_parser

FOLDS = 5
# A feature seen in fewer training candidates gets no weight: lemmas with a handful of cases (the
# long tail of PolNeAR's cue words) would be memorised, not learned. 3 / 8 / 15 / 20 measured a flat
# held-out AUC (0.830 / 0.831 / 0.831; 0.845 / 0.845 at 8 / 20 with lemma crosses).
MIN_COUNT = 8
# Ridge penalty (on the summed log-loss). Held-out AUC of the candidates on train: 1 / 30 / 100 / 200
# measured 0.831 / 0.833 / - / 0.827 (before the frame crosses), 30 / 100 0.844 / 0.841 (with them).
L2 = 30.0
STEPS = 300  # Adam steps; the log-loss is flat well before
THRESHOLDS = tuple(round(0.2 + 0.05 * k, 2) for k in range(8))  # acceptance probabilities tried


# ---------------------------------------------------------------------------------------------
# the parse cache

def _pipeline(model: str | None = None):
    from ..pipeline import Pipeline
    from ..resources import DEFAULT_MODEL, shared_resources
    from ..stages import entities, metadata, nlp, reading

    res = shared_resources(model or DEFAULT_MODEL)
    return Pipeline(res, [reading.STAGE, metadata.STAGE, nlp.STAGE, entities.STAGE])


def _analyse(pipeline, items: list[tuple[str, dict]]) -> list:
    """Documents analysed up to the entities stage (the Pipeline yields articles; this keeps the
    Documents, whose spaCy parse the quotes stage reads)."""
    docs = [pipeline.new_document(raw, hints) for raw, hints in items]
    pipeline.run_batch(docs)
    return docs


def load_corpus(data: Path, cache: Path | None = None, limit: int | None = None,
                model: str | None = None) -> list[tuple[str, str, list, Any]]:
    """(name, raw text, gold relations, Document up to entities) per article of a PolNeAR split,
    read from ``cache`` when it holds this split, else analysed (and cached when ``cache`` is set)."""
    from spacy.tokens import DocBin

    from ..document import Document
    from .quotes import articles

    pipeline = _pipeline(model)
    docs_meta = list(articles(Path(data)))
    if limit:
        docs_meta = docs_meta[: int(limit)]
    key = f"{Path(data).resolve().parent.parent.name}-{Path(data).name}-{len(docs_meta)}"
    if cache is not None and (cache / f"{key}.pkl").exists():
        with open(cache / f"{key}.pkl", "rb") as fh:
            stored = pickle.load(fh)
        vocab = pipeline.resources.nlp.vocab
        sdocs = list(DocBin().from_disk(cache / f"{key}.spacy").get_docs(vocab))
        out = []
        for (name, text, gold), (article, hints), sdoc in zip(docs_meta, stored, sdocs):
            d = Document(raw=text, resources=pipeline.resources, hints=hints, article=article, spacy=sdoc)
            out.append((name, text, gold, d))
        return out
    out = []
    for n in range(0, len(docs_meta), 32):
        chunk = docs_meta[n:n + 32]
        docs = _analyse(pipeline, [(text, {"origin": name}) for name, text, _ in chunk])
        out += [(name, text, gold, d) for (name, text, gold), d in zip(chunk, docs)]
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for *_, d in out:
            bin_.add(d.spacy)
        bin_.to_disk(cache / f"{key}.spacy")
        with open(cache / f"{key}.pkl", "wb") as fh:
            pickle.dump([(d.article, d.hints) for *_, d in out], fh)
    return out


# ---------------------------------------------------------------------------------------------
# candidates, labels, the stage run with given decisions

def _stage_cues(doc):
    from ..stages.quotes import _lexicon

    return doc.resources.cached("quotes.cues", _lexicon)[0]


class _Recorder:
    """Keeps every candidate and records its features (the candidate set does not depend on the
    decisions: each candidate is judged alone, after its frame found its content)."""

    def __init__(self) -> None:
        self.doc = 0
        self.rows: list[dict[str, Any]] = []

    def accept(self, cue, clause) -> bool:
        from ..stages.quotes.cuemodel import features

        frags = [(clause.start, clause.end)] + ([clause.rest] if clause.rest else [])
        self.rows.append({"doc": self.doc, "key": _key(cue, clause), "features": features(cue, clause),
                          "cue": (cue.start, cue.end), "frags": frags})
        return True


class _Table:
    """Decides by a table of probabilities fitted elsewhere (held-out ones during the k-fold)."""

    def __init__(self, probs: dict[tuple, float], threshold: float) -> None:
        self.doc = 0
        self.probs, self.threshold = probs, threshold

    def accept(self, cue, clause) -> bool:
        return self.probs.get((self.doc,) + _key(cue, clause), 1.0) >= self.threshold


def _key(cue, clause) -> tuple:
    return (cue.start, clause.start, clause.end, clause.frame)


def run(corpus: list, model: Any) -> dict[str, Any]:
    """The quotes stage over the cached documents with ``model`` judging the cues (None: the lexicon
    alone, no unlisted candidates), scored as ``dateline eval quotes`` scores it."""
    from ..stages import quotes as stage
    from .quotes import _prf, _score

    counts: Counter = Counter()
    errors: list = []
    for n, (name, text, gold, doc) in enumerate(corpus):
        cues = _stage_cues(doc)
        cues.model = model
        if model is not None:
            model.doc = n
        doc.article.quotes = []
        stage.STAGE.run(doc)
        _score(name, text, gold, doc.article, counts, errors)
    out = {k: _prf(counts[f"overlap_tp_p_{k}"], counts[f"pred_{k}"], counts[f"overlap_tp_r_{k}"],
                   counts[f"gold_{k}"]) for k in ("all", "direct", "indirect")}
    out["cue"] = _prf(counts["cue_tp"], counts["cue_pred"], counts["cue_tp"], counts["cue_gold"])
    out["speaker"] = counts["spk_ok_all"] / counts["spk_n_all"] if counts["spk_n_all"] else 0.0
    return out


def candidates(corpus: list) -> list[dict[str, Any]]:
    """Every candidate with its features and labels: ``cue`` (the cue token lies in a gold Cue span)
    and ``content`` (its content overlaps a gold content as the scorer's overlap match wants)."""
    from .quotes import OVERLAP, _overlap, tokens

    rec = _Recorder()
    run(corpus, rec)
    by_doc: dict[int, list] = {}
    for r in rec.rows:
        by_doc.setdefault(r["doc"], []).append(r)
    for n, (name, raw, gold, doc) in enumerate(corpus):
        text = doc.article.text
        base = raw.replace("\r\n", "\n").find(text) if text else -1
        rows = by_doc.get(n, [])
        if base < 0:
            for r in rows:
                r["label_cue"] = r["label_content"] = False
            continue

        def shift(frags):
            return [(max(a - base, 0), min(b - base, len(text))) for a, b in frags if min(b - base, len(text)) > max(a - base, 0)]

        g_cues = [shift(g["cue"]) for g in gold]
        g_toks = [tokens(text, shift(g["content"])) for g in gold]
        # what the stage made of each cue's content (after the boundary rules of ``spans``)
        final: dict[int, list] = {}
        for quote in doc.article.quotes:
            if quote.cue is not None:
                final.setdefault(quote.cue.start, []).append((quote.start, quote.end))
        for r in rows:
            a, b = r["cue"]
            r["label_cue"] = any(x < b and a < y for frags in g_cues for x, y in frags)
            p = tokens(text, r["frags"])
            r["label_content"] = any(_overlap(p, g) >= OVERLAP for g in g_toks)
            out = final.get(a)
            r["kept"] = out is not None
            r["label_final"] = any(_overlap(tokens(text, out), g) >= OVERLAP for g in g_toks) if out else \
                r["label_content"]
    return rec.rows


def label(row: dict[str, Any], how: str) -> bool:
    """``final``: the content the stage yields for the cue (after its boundary rules) matches a gold
    content; ``content``: the frame's raw content does; ``cue``: the cue lies in a gold Cue span;
    ``either``: cue or content."""
    if how == "final":
        return row["label_final"]
    if how == "cue":
        return row["label_cue"]
    if how == "content":
        return row["label_content"]
    return row["label_cue"] or row["label_content"]


# ---------------------------------------------------------------------------------------------
# the logistic fit

def fit(rows: list[dict[str, Any]], how: str = "final", min_count: int = MIN_COUNT, l2: float = L2,
        steps: int = STEPS) -> dict[str, float]:
    """Logistic weights (ridge ``l2``), features seen fewer than ``min_count`` times dropped, the
    bias always kept."""
    return fit_logistic([r["features"] for r in rows], [label(r, how) for r in rows], min_count, l2, steps,
                        always=("bias",))


def _probs(weights: dict[str, float], rows: list[dict[str, Any]]) -> dict[tuple, float]:
    from ..stages.quotes.cuemodel import CueModel

    m = CueModel(weights)
    return {(r["doc"],) + r["key"]: m.probability(r["features"]) for r in rows}


def heldout(corpus: list, rows: list[dict[str, Any]], how: str = "final", folds: int = FOLDS,
            thresholds: tuple[float, ...] = THRESHOLDS, **fit_options: Any) -> dict[str, Any]:
    """Refit on all folds but one (folds drawn by article), give each candidate its held-out
    probability, and run the whole stage at each threshold: {threshold: figures}, plus the lexicon
    alone (``baseline``) and the best threshold by overall overlap F1."""
    order = list(range(len(corpus)))
    random.Random(0).shuffle(order)
    fold_of = {d: i % folds for i, d in enumerate(order)}
    probs: dict[tuple, float] = {}
    for k in range(folds):
        weights = fit([r for r in rows if fold_of[r["doc"]] != k], how, **fit_options)
        probs.update(_probs(weights, [r for r in rows if fold_of[r["doc"]] == k]))
    table = _Table(probs, 0.0)
    result: dict[str, Any] = {"baseline": run(corpus, None), "thresholds": {}}
    for t in thresholds:
        table.threshold = t
        result["thresholds"][t] = run(corpus, table)
    best = max(result["thresholds"], key=lambda t: result["thresholds"][t]["all"]["f1"])
    result["best"] = best
    return result


def write_weights(weights: dict[str, float], threshold: float, path: Path, note: list[str]) -> None:
    from ..weights import write_weights as write

    write(path, ["quotes cue model: feature<TAB>weight, logistic (see dateline/stages/quotes/cuemodel.py)", *note],
          {"threshold": threshold}, weights)


def _fmt(name: str, r: dict[str, Any]) -> str:
    a = r["all"]
    return (f"{name:>10s}  P {a['precision']:.3f} R {a['recall']:.3f} F1 {a['f1']:.4f}  pred {a['predicted']}"
            f"  direct F1 {r['direct']['f1']:.3f}  cue F1 {r['cue']['f1']:.3f}  speaker {r['speaker']:.3f}")


def evaluate(data: Path, **options: Any) -> dict[str, Any]:
    """Held-out (k-fold over articles) figures of the cue model at each threshold."""
    corpus = load_corpus(Path(data), options.get("cache"), options.get("limit"), options.get("model"))
    rows = candidates(corpus)
    result = heldout(corpus, rows, options.get("label", "final"))
    result["articles"] = len(corpus)
    result["candidates"] = len(rows)
    return result


def render(result: dict[str, Any]) -> str:
    lines = [f"articles {result['articles']}, candidates {result['candidates']}",
             _fmt("lexicon", result["baseline"])]
    lines += [_fmt(f"t={t}", r) for t, r in result["thresholds"].items()]
    lines.append(f"best threshold {result['best']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m dateline.evaluation.quote_cues fit --data PATH [--cache DIR]``: k-fold held-out
    figures, the threshold they pick, and the weights refitted on all of PATH written to ``--out``."""
    from ..stages.quotes.cuemodel import WEIGHTS_FILE

    ap = fit_parser("python -m dateline.evaluation.quote_cues", ["fit", "cache"], WEIGHTS_FILE, FOLDS, MIN_COUNT, L2)
    ap.add_argument("--label", choices=["final", "cue", "content", "either"], default="final")
    args = ap.parse_args(argv)
    corpus = load_corpus(args.data, args.cache, args.limit, args.model)
    print(f"{len(corpus)} articles")
    if args.command == "cache":
        return
    rows = candidates(corpus)
    print(f"{len(rows)} candidates, {sum(label(r, args.label) for r in rows)} positive ({args.label})")
    res = heldout(corpus, rows, args.label, args.folds, min_count=args.min_count, l2=args.l2)
    print(_fmt("lexicon", res["baseline"]))
    for t, r in res["thresholds"].items():
        print(_fmt(f"t={t}", r))
    best = res["best"]
    weights = fit(rows, args.label, args.min_count, args.l2)
    note = [f"fitted {_dt.date.today().isoformat()} by: python -m dateline.evaluation.quote_cues fit "
            f"--data {args.data.name} ({len(corpus)} PolNeAR articles, {len(rows)} candidates, label {args.label}, "
            f"min count {args.min_count}, L2 {args.l2})",
            f"threshold chosen by {args.folds}-fold held-out overall overlap F1: {_fmt('held out', res['thresholds'][best]).strip()}",
            f"the lexicon alone on the same folds: {_fmt('lexicon', res['baseline']).strip()}"]
    write_weights(weights, best, args.out, note)
    print(f"{len(weights)} weights, threshold {best} -> {args.out}")


if __name__ == "__main__":
    main()
