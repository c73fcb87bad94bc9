"""The sparse logistic fit the quote models share (the cue model and the end model).

Rows are feature vectors given by name: a mapping ``name -> value`` or, for binary features, an
iterable of names (each worth 1). Features seen fewer than ``min_count`` times are dropped so a
rare word is not memorised; ``always`` keeps some regardless (the bias). The design matrix stays
sparse (row, column, value arrays; products by ``np.bincount``): with lexical features there are
thousands of columns and a row has a few dozen. Adam on the mean log-loss plus a ridge term
``l2 * |w|^2 / 2n``; weights under 1e-4 are left out of the result (and so of the shipped file).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence


def _items(row: Mapping[str, float] | Iterable[str]) -> Iterable[tuple[str, float]]:
    return row.items() if isinstance(row, Mapping) else ((k, 1.0) for k in row)


def fit_logistic(rows: Sequence[Mapping[str, float] | Iterable[str]], labels: Sequence[Any], min_count: int,
                 l2: float, steps: int, always: Iterable[str] = ()) -> dict[str, float]:
    """Logistic weights for ``rows`` against the true/false ``labels``."""
    import numpy as np

    keep = set(always)
    counts = Counter(k for r in rows for k, _ in _items(r))
    names = sorted(k for k, c in counts.items() if c >= min_count or k in keep)
    index = {k: i for i, k in enumerate(names)}
    ri, ci, vals = [], [], []
    for n, r in enumerate(rows):
        for k, v in _items(r):
            j = index.get(k)
            if j is not None:
                ri.append(n)
                ci.append(j)
                vals.append(v)
    ri_a, ci_a, va = np.array(ri, dtype=int), np.array(ci, dtype=int), np.array(vals, dtype=float)
    y = np.array([float(x) for x in labels])
    n, d = len(rows), len(names)
    w = np.zeros(d)
    m1, m2 = np.zeros(d), np.zeros(d)
    for t in range(1, steps + 1):
        s = np.bincount(ri_a, w[ci_a] * va, n)
        p = 1.0 / (1.0 + np.exp(-np.clip(s, -30, 30)))
        grad = np.bincount(ci_a, (p - y)[ri_a] * va, d) / n + l2 * w / n
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        w -= 0.1 * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return {k: float(v) for k, v in zip(names, w) if abs(v) >= 1e-4}


def fit_parser(prog: str, commands: Sequence[str], out: Any, folds: int, min_count: int, l2: float):
    """The command line every quote-model fit shares (``--data``, the parse ``--cache``, ``--out``,
    ``--limit``, ``--folds``, ``--min-count``, ``--l2``, ``--model``); a fit adds its own options."""
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(prog=prog)
    ap.add_argument("command", choices=list(commands))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--cache", type=Path, help="directory of parsed articles, shared by the fits (read back when present)")
    ap.add_argument("--out", type=Path, default=out)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--folds", type=int, default=folds)
    ap.add_argument("--min-count", type=int, default=min_count)
    ap.add_argument("--l2", type=float, default=l2)
    ap.add_argument("--model")
    return ap
