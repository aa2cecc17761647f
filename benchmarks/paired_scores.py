"""Two runs of default_model_real.py --save-scores, paired row by row (issue 13).

Run from the project root:  .venv/bin/python benchmarks/paired_scores.py BEFORE.npz AFTER.npz

For train.csv and the labelled threads: ROC AUC of each run and the paired bootstrap of the change
(RESAMPLES resamples of the rows, the same rows for both runs): mean ± sd and how often it is above 0.
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.metrics import roc_auc_score

RESAMPLES = 1000


def paired_bootstrap(
    targets: np.ndarray, before: np.ndarray, after: np.ndarray, resamples: int = RESAMPLES
) -> tuple[float, float, float]:
    """The change in ROC AUC from `before` to `after` over `resamples` resamples of the same rows: mean,
    sd, and the share of resamples where it is above 0 (the benchmarks' one paired bootstrap)."""
    generator = np.random.default_rng(0)
    gains = []
    for _ in range(resamples):
        rows = generator.integers(0, len(targets), len(targets))
        if targets[rows].min() == targets[rows].max():
            continue
        gains.append(roc_auc_score(targets[rows], after[rows]) - roc_auc_score(targets[rows], before[rows]))
    gains = np.array(gains)
    return float(gains.mean()), float(gains.std()), float((gains > 0).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    arguments = parser.parse_args()
    before, after = np.load(arguments.before), np.load(arguments.after)
    for part in ("train", "thread"):
        targets = before[f"{part}_targets"]
        assert np.array_equal(targets, after[f"{part}_targets"]), "the runs scored different rows"
        old, new = before[f"{part}_scores"], after[f"{part}_scores"]
        gain, spread, above = paired_bootstrap(targets, old, new)
        print(
            f"{part:6s} ROC AUC {roc_auc_score(targets, old):.4f} -> {roc_auc_score(targets, new):.4f}"
            f"  paired {gain:+.4f} ± {spread:.4f} (above 0 in {above:.0%})"
        )


if __name__ == "__main__":
    main()
