"""Kaggle train.csv for the cross-validation benchmarks, and the 15 splits they all score on.

The benchmarks read ../shared/data/kaggle-insults beside the checkout; the data is never copied here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import RepeatedStratifiedKFold

from moderation.datasets import load_examples

KAGGLE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"
TRAIN_FILE = KAGGLE / "train.csv"


def load_train() -> tuple[list[str], np.ndarray]:
    """(texts, insult labels) of train.csv; exits with one line when the shared data is absent."""
    if not TRAIN_FILE.exists():
        sys.exit(f"{TRAIN_FILE} is absent: the ../shared Kaggle data is not beside this checkout")
    examples = load_examples(TRAIN_FILE)
    return [e.text for e in examples], np.array([e.labels["insult"] for e in examples])


def shared_splits(texts: list[str], labels: np.ndarray) -> list:
    """5 folds x 3 repeats, stratified, the same for every variant so they compare fold by fold."""
    return list(RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0).split(texts, labels))
