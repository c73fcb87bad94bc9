"""The fitted models' shared pieces: one weights-file format and one sparse logistic fit."""

from __future__ import annotations

import random

from dateline.evaluation.logistic import fit_logistic
from dateline.weights import read_weights, write_weights


def test_weights_file_round_trip(tmp_path):
    path = tmp_path / "w.tsv"
    write_weights(path, ["a model", "fitted on nothing"], {"threshold": 0.4}, {"b": -0.25, "a": 1.5, "c": 0.01})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# a model", "# fitted on nothing", "threshold\t0.400"]
    assert lines[3] == "a\t1.5000"  # the strongest weight first
    weights, settings, notes = read_weights(lines, ("threshold",))
    assert weights == {"a": 1.5, "b": -0.25, "c": 0.01}
    assert settings == {"threshold": 0.4} and notes == ["a model", "fitted on nothing"]
    # without naming it, a setting row reads as a weight
    assert read_weights(lines)[0]["threshold"] == 0.4


def test_fit_learns_the_signal_and_drops_rare_features():
    rng = random.Random(0)
    rows, labels = [], []
    for n in range(400):
        y = rng.random() < 0.5
        rows.append(["bias", "signal" if y else "other", rng.choice(["n1", "n2", "n3"])] + (["rare"] if n == 0 else []))
        labels.append(y)
    w = fit_logistic(rows, labels, min_count=5, l2=1.0, steps=300)
    assert w["signal"] > 1.0 and w["other"] < -1.0
    assert "rare" not in w
    assert "rare" in fit_logistic(rows, labels, min_count=5, l2=1.0, steps=50, always=("rare",))


def test_binary_names_equal_unit_values():
    rng = random.Random(1)
    names = [rng.sample([f"f{i}" for i in range(20)], 4) for _ in range(200)]
    labels = [rng.random() < 0.3 for _ in names]
    as_dicts = [{k: 1.0 for k in r} for r in names]
    assert fit_logistic(names, labels, 3, 10.0, 80) == fit_logistic(as_dicts, labels, 3, 10.0, 80)


def test_by_template_splits_names_by_template_and_value():
    from dateline.weights import by_template

    weights = {"x:jd=,|conj": 0.5, "x:bias": -1.0, "t:jd=,|conj": 2.0, "bias": 3.0, "x:first=that": 0.25}
    assert by_template(weights, "x:") == {"jd": {",|conj": 0.5}, "bias": {None: -1.0}, "first": {"that": 0.25}}
    assert by_template(weights, "t:") == {"jd": {",|conj": 2.0}}
    # no prefix: every name, split at its first "=" only
    assert by_template({"lemma=a=b": 1.0, "neg": 2.0}) == {"lemma": {"a=b": 1.0}, "neg": {None: 2.0}}
