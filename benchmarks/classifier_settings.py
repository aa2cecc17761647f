"""Choose the classifier's settings by repeated stratified 5-fold cross-validation on Kaggle train.csv only.

Run from the project root:  .venv/bin/python benchmarks/classifier_settings.py [--only TEXT]
Reads ../shared/data/kaggle-insults/train.csv; never looks at test_with_solutions.csv.
Every variant is scored on the same 15 splits (5 folds x 3 repeats), so variants are compared fold
by fold: a line shows the mean out-of-fold ROC AUC ± its spread over the 15 folds, then the paired
difference from the final settings ± the spread of that difference, and on how many folds the variant
beat them. A change is kept when its paired gain is larger than the spread of that gain.

Only variants the package can still build are here. The options that lost (the "earlier defaults",
the explored cleanings, character and classifier variants, words after "you", text shape, a heavier
character block, the two-member and first stacks) were removed from the package in issue #17; their
rows in docs/benchmarks.md were produced by this script at commit 60b7acb, which reproduces them.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np
from kaggle_train import load_train, shared_splits
from sklearn.metrics import roc_auc_score

from moderation.classify.pipeline import PipelineSettings, build_pipeline

FINAL = PipelineSettings()
FINAL_NAME = "final (the defaults)"


def variants() -> dict:
    """Name -> a function that builds an unfitted pipeline; each is compared with FINAL_NAME."""
    compared = {
        "final, naive Bayes alpha 0.03 (not 0.1)": replace(FINAL, naive_bayes_alpha=0.03),
        "final, naive Bayes alpha 0.3 (not 0.1)": replace(FINAL, naive_bayes_alpha=0.3),
        "final, naive Bayes alpha 1 (not 0.1)": replace(FINAL, naive_bayes_alpha=1.0),
        "final without link cleaning": replace(FINAL, cleaning=()),
        "final without profanity-check probability": replace(FINAL, profanity_feature=False),
        "final without stacking (logistic regression alone)": replace(FINAL, model="logistic"),
        "final, NB-LR C=3 (not 10)": replace(FINAL, nb_regularization=3.0),
        "final, NB-LR C=30 (not 10)": replace(FINAL, nb_regularization=30.0),
        "final, logistic C=10 (not 3)": replace(FINAL, regularization=10.0),
    }
    built = {FINAL_NAME: lambda: build_pipeline(FINAL)}
    for name, settings in compared.items():
        built[name] = lambda settings=settings: build_pipeline(settings)
    return built


def fold_scores(texts: list[str], labels: np.ndarray, make, splits) -> np.ndarray:
    scores = []
    for train, test in splits:
        pipeline = make().fit([texts[i] for i in train], labels[train])
        scores.append(roc_auc_score(labels[test], pipeline.predict_proba([texts[i] for i in test])[:, 1]))
    return np.array(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only variants whose name contains this (and the final settings)")
    arguments = parser.parse_args()
    texts, labels = load_train()
    splits = shared_splits(texts, labels)
    measured: dict[str, np.ndarray] = {}
    for name, make in variants().items():
        if arguments.only and arguments.only not in name and name != FINAL_NAME:
            continue
        started = time.perf_counter()
        scores = measured[name] = fold_scores(texts, labels, make, splits)
        gain = scores - measured[FINAL_NAME]
        print(
            f"{name:50s} {scores.mean():.4f} ± {scores.std():.4f}   vs final "
            f"{gain.mean():+.4f} ± {gain.std():.4f}  better on {int((gain > 0).sum()):2d}/{len(gain)}"
            f"  ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
