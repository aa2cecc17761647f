"""Choose the classifier's settings by 5-fold cross-validation on Kaggle train.csv only.

Run from the project root:  .venv/bin/python benchmarks/classifier_settings.py [--quick]
Reads ../shared/data/kaggle-insults/train.csv; never looks at test_with_solutions.csv.
Prints one line per variant: mean out-of-fold ROC AUC (and the spread over folds).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from moderation.classify.pipeline import PipelineSettings, build_pipeline
from moderation.datasets import load_examples

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"

FINAL = PipelineSettings()
BASE = PipelineSettings(keep_one_letter_tokens=False, second_person=False, profanity_feature=False)
VARIANTS = {
    "final (the defaults)": FINAL,
    "final without one-letter tokens": replace(FINAL, keep_one_letter_tokens=False),
    "final without second-person targeting": replace(FINAL, second_person=False),
    "final without profanity-check probability": replace(FINAL, profanity_feature=False),
    "final without all three": replace(
        FINAL, keep_one_letter_tokens=False, second_person=False, profanity_feature=False
    ),
    "word+char, logistic (base)": BASE,
    "base + one-letter tokens": replace(BASE, keep_one_letter_tokens=True),
    "base + second-person targeting": replace(BASE, second_person=True),
    "base + profanity-check probability": replace(BASE, profanity_feature=True),
    "base + all three": replace(BASE, keep_one_letter_tokens=True, second_person=True, profanity_feature=True),
    "all three, calibrated LinearSVC C=0.1": PipelineSettings(model="linear_svc", regularization=0.1),
    "all three, calibrated LinearSVC C=0.3": PipelineSettings(model="linear_svc", regularization=0.3),
    "all three, logistic C=3": PipelineSettings(regularization=3.0),
    "all three, logistic C=10": PipelineSettings(regularization=10.0),
    "all three, logistic C=30": PipelineSettings(regularization=30.0),
    "all three, chars 2-4": PipelineSettings(char_ngrams=(2, 4)),
    "all three, chars 2-4, logistic C=3": PipelineSettings(char_ngrams=(2, 4), regularization=3.0),
    "all three, chars 2-4, logistic C=20": PipelineSettings(char_ngrams=(2, 4), regularization=20.0),
    "all three, chars 2-4, LinearSVC C=0.3": PipelineSettings(
        char_ngrams=(2, 4), model="linear_svc", regularization=0.3
    ),
    "all three, chars 1-5": PipelineSettings(char_ngrams=(1, 5)),
    "all three, chars 2-6": PipelineSettings(char_ngrams=(2, 6)),
    "all three, words 1-1": PipelineSettings(word_ngrams=(1, 1)),
    "all three, words 1-3": PipelineSettings(word_ngrams=(1, 3)),
    "all three, logistic C=3 balanced": PipelineSettings(regularization=3.0, balanced=True),
    "all three + words after you": PipelineSettings(words_after_you=True),
    "all three + text shape": PipelineSettings(text_shape=True),
    "all three + words after you + text shape": PipelineSettings(words_after_you=True, text_shape=True),
    "all three, char weight 0.7": PipelineSettings(char_weight=0.7),
    "all three, char weight 1.5": PipelineSettings(char_weight=1.5),
    "all three, min_df 1": PipelineSettings(min_df=1),
    "all three, min_df 3": PipelineSettings(min_df=3),
    "all three, calibrated LinearSVC C=1": PipelineSettings(model="linear_svc", regularization=1.0),
    "all three, NB-logistic C=1": PipelineSettings(model="nb_logistic", regularization=1.0),
    "all three, NB-logistic C=4": PipelineSettings(model="nb_logistic", regularization=4.0),
    "all three, NB-logistic C=10": PipelineSettings(model="nb_logistic", regularization=10.0),
}


def cross_validated_auc(
    texts: list[str], labels: np.ndarray, settings: PipelineSettings, folds: int = 5
) -> list[float]:
    scores = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        pipeline = build_pipeline(settings).fit([texts[i] for i in train], labels[train])
        scores.append(roc_auc_score(labels[test], pipeline.predict_proba([texts[i] for i in test])[:, 1]))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only variants whose name contains this")
    arguments = parser.parse_args()
    train_file = DATA / "train.csv"
    if not train_file.exists():
        sys.exit(f"{train_file} is absent: the ../shared Kaggle data is not beside this checkout")
    examples = load_examples(train_file)
    texts = [e.text for e in examples]
    labels = np.array([e.labels["insult"] for e in examples])
    for name, settings in VARIANTS.items():
        if arguments.only and arguments.only not in name:
            continue
        started = time.perf_counter()
        scores = cross_validated_auc(texts, labels, settings)
        seconds = time.perf_counter() - started
        print(f"{name:45s} ROC AUC {np.mean(scores):.4f} ± {np.std(scores):.4f}  ({seconds:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
