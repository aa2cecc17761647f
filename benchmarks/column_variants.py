"""What the column experiments share (issue 13): fit one variant, then compare, print and save its scores.

target_experiments.py, targeting_experiments.py and lexicon_experiments.py each append candidate
columns to the default model's features and refit its logistic regression per variant (fit_variant);
the first two then print a variant's ROC AUC on train.csv and the labelled threads, the paired
bootstrap of its change from the base (and from saved anchor scores, when given), its columns'
weights, and save its scores for a later --anchor (print_and_save).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import paired_scores
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def fit_variant(
    base: dict,
    make: Callable[[str], np.ndarray] | None,
    corpus_targets: np.ndarray,
    regularization: float,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit on the corpus's base features plus `make(part)`'s columns (none for the base itself):
    (train.csv scores, thread scores, the added columns' weights)."""

    def features(part: str):
        return base[part] if make is None else sp.hstack([base[part], sp.csr_matrix(make(part))]).tocsr()

    model = LogisticRegression(C=regularization, max_iter=3000, solver="liblinear")
    model.fit(features("corpus"), corpus_targets, sample_weight=sample_weight)
    kaggle = model.predict_proba(features("kaggle"))[:, 1]
    threads = model.predict_proba(features("threads"))[:, 1]
    return kaggle, threads, model.coef_[0][base["corpus"].shape[1] :]


def print_and_save(
    name: str,
    width: int,
    targets: tuple[np.ndarray, np.ndarray],
    scores: tuple[np.ndarray, np.ndarray],
    base: tuple[np.ndarray, np.ndarray],
    weights: np.ndarray,
    resamples: int,
    anchor: tuple[np.ndarray, np.ndarray] | None = None,
    save: Path | None = None,
) -> None:
    """One line for the variant (train.csv, threads, added columns' weights); one more against `anchor`.

    `targets`, `scores`, `base` and `anchor` are (train.csv, threads) pairs over the same rows.
    """
    (kaggle_targets, thread_targets), (kaggle, threads) = targets, scores
    gain, spread, above = paired_scores.paired_bootstrap(kaggle_targets, base[0], kaggle, resamples)
    t_gain, t_spread, t_above = paired_scores.paired_bootstrap(thread_targets, base[1], threads, resamples)
    print(
        f"{name:{width}s} train.csv {roc_auc_score(kaggle_targets, kaggle):.4f}"
        f" ({gain:+.4f} ± {spread:.4f}, {above:.0%})"
        f"  threads {roc_auc_score(thread_targets, threads):.4f} ({t_gain:+.4f} ± {t_spread:.4f}, {t_above:.0%})"
        f"  weights {np.round(weights, 2).tolist()}",
        flush=True,
    )
    if anchor is not None:
        gain, spread, above = paired_scores.paired_bootstrap(kaggle_targets, anchor[0], kaggle, resamples)
        t_gain, t_spread, t_above = paired_scores.paired_bootstrap(thread_targets, anchor[1], threads, resamples)
        print(
            f"{'':{width}s} against the anchor: train.csv {gain:+.4f} ± {spread:.4f} ({above:.0%})"
            f"  threads {t_gain:+.4f} ± {t_spread:.4f} ({t_above:.0%})",
            flush=True,
        )
    if save:
        save.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"\W+", "-", name)
        np.save(save / f"{slug}-kaggle.npy", kaggle)
        np.save(save / f"{slug}-threads.npy", threads)
