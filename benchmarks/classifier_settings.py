"""Choose the classifier's settings by repeated stratified 5-fold cross-validation on Kaggle train.csv only.

Run from the project root:  .venv/bin/python benchmarks/classifier_settings.py [--only TEXT]
Reads ../shared/data/kaggle-insults/train.csv; never looks at test_with_solutions.csv.
Every variant is scored on the same 15 splits (5 folds x 3 repeats), so variants are compared fold
by fold: a line shows the mean out-of-fold ROC AUC ± its spread over the 15 folds, then the paired
difference from its reference (the final settings, which are compared with the stack without naive
Bayes, the previous final; the earlier defaults for the variants explored from them) ± the spread of
that difference, and on how many folds the variant beat its reference.
A change is kept when its paired gain is larger than the spread of that gain.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np
from kaggle_train import load_train, shared_splits
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline

from moderation.classify.pipeline import PipelineSettings, build_classifier, build_featurizer, build_pipeline


class ProbabilityAverage(ClassifierMixin, BaseEstimator):
    """The mean probability of several models (measured here; not used by the package)."""

    def __init__(self, members):
        self.members = members

    def fit(self, X, y):
        self.fitted_ = [clone(member).fit(X, y) for member in self.members]
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.mean([member.predict_proba(X) for member in self.fitted_], axis=0)


def without_block(settings: PipelineSettings, block: str) -> Pipeline:
    featurizer = build_featurizer(settings)
    featurizer.transformer_list = [(name, part) for name, part in featurizer.transformer_list if name != block]
    return Pipeline([("features", featurizer), ("classifier", build_classifier(settings))])


def with_nb_logistic_average(settings: PipelineSettings) -> Pipeline:
    both = [build_classifier(settings), build_classifier(replace(settings, model="nb_logistic"))]
    return build_pipeline(settings).set_params(classifier=ProbabilityAverage(both))


FINAL = PipelineSettings()
FINAL_NAME = "final (the defaults)"
# The previous final: the stack without its naive Bayes member.
STACK = replace(FINAL, naive_bayes_alpha=None)
STACK_NAME = "stack without naive Bayes (the previous final)"
FIRST_STACK = replace(STACK, addressing_in_stack=False, dense_to_stacker=False)  # the stack as first adopted
PREVIOUS = replace(STACK, model="logistic")  # the defaults before stacking
EARLIER = replace(PREVIOUS, cleaning=(), second_person_more_words=False)  # the defaults before the cleaning round
EARLIER_NAME = "earlier defaults (no cleaning, short list)"
ALL_CLEANING = ("urls", "repeats", "masks")


def variants() -> dict:
    """Name -> (a function that builds an unfitted pipeline, the name of the variant it is compared with)."""
    naive_bayes = {
        "final, naive Bayes alpha 0.03 (not 0.1)": replace(FINAL, naive_bayes_alpha=0.03),
        "final, naive Bayes alpha 0.3 (not 0.1)": replace(FINAL, naive_bayes_alpha=0.3),
        "final, naive Bayes alpha 1 (not 0.1)": replace(FINAL, naive_bayes_alpha=1.0),
    }
    ablation = {
        EARLIER_NAME: EARLIER,
        "final without link cleaning": replace(FINAL, cleaning=()),
        "final without the longer negative-word list": replace(FINAL, second_person_more_words=False),
        "final without one-letter tokens": replace(FINAL, keep_one_letter_tokens=False),
        "final without second-person targeting": replace(FINAL, second_person=False),
        "final without profanity-check probability": replace(FINAL, profanity_feature=False),
        "final without 'you' count in the stacker": replace(FINAL, addressing_in_stack=False),
        "final with targeting, profanity in the members": replace(FINAL, dense_to_stacker=False),
        "final, the stack as first adopted (two members, every feature in them)": FIRST_STACK,
        "final without stacking (logistic regression alone)": PREVIOUS,
        "final, NB-LR C=3 (not 10)": replace(FINAL, nb_regularization=3.0),
        "final, NB-LR C=30 (not 10)": replace(FINAL, nb_regularization=30.0),
        "final, logistic C=10 (not 3)": replace(FINAL, regularization=10.0),
        "final + learned words after 'you'": replace(FINAL, words_after_you=True),
        "final + text shape (length, capitals, punctuation)": replace(FINAL, text_shape=True),
        "final + characters weighted 0.7": replace(FINAL, char_weight=0.7),
        "final + characters weighted 1.4": replace(FINAL, char_weight=1.4),
    }
    # Measured against the earlier defaults, the round that chose the final settings.
    explored = {
        "earlier + links, repeated letters, masks cleaned": replace(EARLIER, cleaning=ALL_CLEANING),
        "earlier + links cleaned": replace(EARLIER, cleaning=("urls",)),
        "earlier + repeated letters squeezed": replace(EARLIER, cleaning=("repeats",)),
        "earlier + masks spelled out": replace(EARLIER, cleaning=("masks",)),
        "earlier + longer negative-word list": replace(EARLIER, second_person_more_words=True),
        "earlier + all cleaning + longer list": replace(EARLIER, cleaning=ALL_CLEANING, second_person_more_words=True),
        "earlier, chars 1-4": replace(EARLIER, char_ngrams=(1, 4)),
        "earlier, chars 1-5": replace(EARLIER, char_ngrams=(1, 5)),
        "earlier, chars 2-5": replace(EARLIER, char_ngrams=(2, 5)),
        "earlier, chars 3-5": replace(EARLIER, char_ngrams=(3, 5)),
        "earlier, chars within words 2-4": replace(EARLIER, char_within_words=True),
        "earlier, chars within words 2-5": replace(EARLIER, char_ngrams=(2, 5), char_within_words=True),
        "earlier, chars keep capitals": replace(EARLIER, char_lowercase=False),
        "earlier, words 1-3": replace(EARLIER, word_ngrams=(1, 3)),
        "earlier, min_df 1": replace(EARLIER, min_df=1),
        "earlier, min_df 3": replace(EARLIER, min_df=3),
        "earlier, plain tf (not sublinear)": replace(EARLIER, sublinear_tf=False),
        "earlier, 2^22 hash buckets": replace(EARLIER, hash_bits=22),
        "earlier, logistic C=1": replace(EARLIER, regularization=1.0),
        "earlier, logistic C=10": replace(EARLIER, regularization=10.0),
        "earlier, logistic L1 C=10": replace(EARLIER, penalty="l1", regularization=10.0),
        "earlier, balanced class weights": replace(EARLIER, balanced=True),
        "earlier, calibrated LinearSVC C=0.1": replace(EARLIER, model="linear_svc", regularization=0.1),
        "earlier, calibrated LinearSVC C=0.3": replace(EARLIER, model="linear_svc", regularization=0.3),
        "earlier, NB-logistic C=3": replace(EARLIER, model="nb_logistic", regularization=3.0),
        "earlier, NB-logistic C=10": replace(EARLIER, model="nb_logistic", regularization=10.0),
    }
    built = {STACK_NAME: (lambda: build_pipeline(STACK), STACK_NAME)}
    earlier = EARLIER_NAME
    built[FINAL_NAME] = (lambda: build_pipeline(FINAL), STACK_NAME)
    for name, settings in naive_bayes.items():
        built[name] = (lambda settings=settings: build_pipeline(settings), FINAL_NAME)
    for name, settings in ablation.items():
        built[name] = (lambda settings=settings: build_pipeline(settings), FINAL_NAME)
    for name, settings in explored.items():
        built[name] = (lambda settings=settings: build_pipeline(settings), earlier)
    built["earlier, mean of logistic and NB-logistic"] = (lambda: with_nb_logistic_average(EARLIER), earlier)
    built["earlier, mean of a words model and a chars model"] = (
        lambda: ProbabilityAverage([without_block(EARLIER, "chars"), without_block(EARLIER, "words")]),
        earlier,
    )
    return built


def fold_scores(texts: list[str], labels: np.ndarray, make, splits) -> np.ndarray:
    scores = []
    for train, test in splits:
        pipeline = make().fit([texts[i] for i in train], labels[train])
        scores.append(roc_auc_score(labels[test], pipeline.predict_proba([texts[i] for i in test])[:, 1]))
    return np.array(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only variants whose name contains this (and the two references)")
    arguments = parser.parse_args()
    texts, labels = load_train()
    splits = shared_splits(texts, labels)
    measured: dict[str, np.ndarray] = {}
    for name, (make, reference) in variants().items():
        if arguments.only and arguments.only not in name and name not in (STACK_NAME, FINAL_NAME, EARLIER_NAME):
            continue
        started = time.perf_counter()
        scores = measured[name] = fold_scores(texts, labels, make, splits)
        gain = scores - measured[reference]
        print(
            f"{name:50s} {scores.mean():.4f} ± {scores.std():.4f}   vs {reference.split()[0]} "
            f"{gain.mean():+.4f} ± {gain.std():.4f}  better on {int((gain > 0).sum()):2d}/{len(gain)}"
            f"  ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
