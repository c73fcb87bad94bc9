"""``python -m dateline.evaluation.quote_nest fit --data PATH --cache DIR``: fit the nesting model.

The nesting model (``stages/quotes/nesting.py``, weights in ``data/nest_weights.tsv``) decides, for
each content the stage finds nested in another's, whether the inner attribution is kept (the outer
then ends before it or is dropped) or the outer owns the text (the rule before the model).

1. The whole quotes stage runs over the cached parses (``quote_cues.load_corpus``) with an oracle
   in place of the weights that records every nested pair's features and answers "outer owns it".
   Label: the inner content overlaps, by the scorer's overlap rule, a gold content whose Cue holds
   the inner cue (PolNeAR annotates the inner attribution).
2. A logistic model (``logistic.fit_logistic``) is fitted by k-fold over articles; each pair gets its
   held-out probability and the stage is run at each threshold; the threshold with the best overall
   overlap F1 of the whole evaluation on the held-out folds is kept, and the final weights are fitted
   on all pairs.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections import Counter
from pathlib import Path
from typing import Any

from .logistic import fit_logistic, fit_parser

FOLDS = 5
# A feature seen in fewer pairs gets no weight (about 2,000 nested pairs on PolNeAR train, 15 %
# positive: a cue lemma seen a handful of times would be memorised). 3 / 5 / 10 measured alike.
MIN_COUNT = 5
L2 = 10.0  # ridge penalty on the summed log-loss; 3 / 10 / 30 measured alike held out
STEPS = 300
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def _model(corpus: list):
    from ..stages.quotes import nesting

    return corpus[0][3].resources.cached("quotes.nest", nesting.load_model)


def _gold(raw: str, text: str, gold: list[dict]) -> list[tuple[list, frozenset]]:
    """(cue fragments, content tokens) of each gold relation, in the article body's offsets."""
    from .quotes import tokens

    base = raw.replace("\r\n", "\n").find(text) if text else -1
    if base < 0:
        return []

    def shift(frags):
        return [(max(a - base, 0), min(b - base, len(text))) for a, b in frags
                if min(b - base, len(text)) > max(a - base, 0)]

    out = []
    for g in gold:
        content = shift(g["content"])
        if content:
            out.append((shift(g["cue"]), tokens(text, content)))
    return out


def _key(inner, outer) -> tuple:
    return (inner.cue.start, inner.start, outer.cue.start)


def run(corpus: list, decide) -> dict[str, Any]:
    """The quotes stage over ``corpus`` with ``decide(n, inner, outer, text)`` judging each nested
    pair of document ``n``, scored as ``dateline eval quotes`` scores it."""
    from ..stages import quotes as stage
    from .quotes import _prf, _score

    model = _model(corpus)
    counts: Counter = Counter()
    try:
        for n, (name, text, gold, doc) in enumerate(corpus):
            model.oracle = lambda inner, outer, t, n=n: decide(n, inner, outer, t)
            doc.article.quotes = []
            stage.STAGE.run(doc)
            _score(name, text, gold, doc.article, counts, [])
    finally:
        model.oracle = None
    out = {k: _prf(counts[f"overlap_tp_p_{k}"], counts[f"pred_{k}"], counts[f"overlap_tp_r_{k}"],
                   counts[f"gold_{k}"]) for k in ("all", "direct", "indirect")}
    out["speaker"] = counts["spk_ok_all"] / counts["spk_n_all"] if counts["spk_n_all"] else 0.0
    return out


def pairs(corpus: list) -> list[dict[str, Any]]:
    """Every nested pair the stage meets, with its features and label (see the module doc)."""
    from ..stages.quotes.nesting import features
    from .quotes import OVERLAP, _overlap, tokens

    golds = [_gold(raw, doc.article.text, gold) for _, raw, gold, doc in corpus]
    rows: list[dict[str, Any]] = []

    def record(n: int, inner, outer, text: str) -> bool:
        toks = tokens(text, [(inner.start, inner.end)])
        a, b = inner.cue.start, inner.cue.end
        label = any(_overlap(toks, g) >= OVERLAP and any(x < b and a < y for x, y in cue) for cue, g in golds[n])
        rows.append({"doc": n, "key": _key(inner, outer), "features": features(inner, outer, text), "label": label})
        return False

    run(corpus, record)
    return rows


def fit(rows: list[dict[str, Any]], min_count: int = MIN_COUNT, l2: float = L2) -> dict[str, float]:
    return fit_logistic([r["features"] for r in rows], [r["label"] for r in rows], min_count, l2, STEPS,
                        always=("bias",))


def heldout(corpus: list, rows: list[dict[str, Any]], folds: int = FOLDS, **options: Any) -> dict[str, Any]:
    """Held-out probabilities by k-fold over articles, the stage run at each threshold:
    {"baseline": outer always wins, "thresholds": {t: figures}, "best": t}."""
    from ..stages.quotes.nesting import NestModel

    order = list(range(len(corpus)))
    random.Random(0).shuffle(order)
    fold_of = {d: i % folds for i, d in enumerate(order)}
    probs: dict[tuple, float] = {}
    for k in range(folds):
        m = NestModel(fit([r for r in rows if fold_of[r["doc"]] != k], **options))
        probs.update({(r["doc"],) + r["key"]: m.probability(r["features"]) for r in rows if fold_of[r["doc"]] == k})
    result: dict[str, Any] = {"baseline": run(corpus, lambda *a: False), "thresholds": {}}
    for t in THRESHOLDS:
        result["thresholds"][t] = run(corpus, lambda n, i, o, _, t=t: probs.get((n,) + _key(i, o), 0.0) >= t)
    result["best"] = max(result["thresholds"], key=lambda t: result["thresholds"][t]["all"]["f1"])
    return result


def _fmt(name: str, r: dict[str, Any]) -> str:
    a = r["all"]
    return (f"{name:>10s}  P {a['precision']:.4f} R {a['recall']:.4f} F1 {a['f1']:.4f}  pred {a['predicted']}"
            f"  direct F1 {r['direct']['f1']:.3f}  speaker {r['speaker']:.3f}")


def main(argv: list[str] | None = None) -> None:
    from ..stages.quotes.nesting import WEIGHTS_FILE
    from ..weights import write_weights
    from .quote_cues import load_corpus

    ap = fit_parser("python -m dateline.evaluation.quote_nest", ["fit"], WEIGHTS_FILE, FOLDS, MIN_COUNT, L2)
    args = ap.parse_args(argv)
    corpus = load_corpus(args.data, args.cache, args.limit, args.model)
    rows = pairs(corpus)
    print(f"{len(corpus)} articles, {len(rows)} nested pairs, {sum(r['label'] for r in rows)} inner attributions")
    res = heldout(corpus, rows, args.folds, min_count=args.min_count, l2=args.l2)
    print(_fmt("outer", res["baseline"]))
    for t, r in res["thresholds"].items():
        print(_fmt(f"t={t}", r))
    best = res["best"]
    weights = fit(rows, args.min_count, args.l2)
    note = ["quotes nesting model: feature<TAB>weight, logistic (see dateline/stages/quotes/nesting.py)",
            f"fitted {_dt.date.today().isoformat()} by: python -m dateline.evaluation.quote_nest fit --data "
            f"{args.data.name} ({len(corpus)} PolNeAR articles, {len(rows)} nested pairs, min count "
            f"{args.min_count}, L2 {args.l2})",
            f"threshold by {args.folds}-fold held-out overall overlap F1: {_fmt('held out', res['thresholds'][best]).strip()}",
            f"the outer always owning the text on the same run: {_fmt('outer', res['baseline']).strip()}"]
    write_weights(args.out, note, {"threshold": best}, weights)
    print(f"{len(weights)} weights, threshold {best} -> {args.out}")


if __name__ == "__main__":
    main()
