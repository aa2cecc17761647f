"""Questions classifier_settings.py's plain cross-validation cannot answer, on Kaggle train.csv only.

Run from the project root:  .venv/bin/python benchmarks/classifier_experiments.py [--only NAME] [--folds N]

- time (forward chaining): do the stack's gain over a plain logistic regression, and the gain of
  giving its stacker the dense features, hold on comments later than any it was trained on? The dated
  rows of train.csv, in date order, cut into six blocks; train on the first k blocks (plus the undated
  rows), test on block k+1, for k = 2..5.
- transfer: the default model is trained on our corpus and applied to other people's comments. Train
  it (insult only) with the logistic regression (C=3, 1, 0.3) and with the stack, and score all of
  train.csv; and count what the default model itself flags there at its thresholds.

Two ideas, on the same 15 splits (5 folds x 3 repeats) and with the same paired comparison as
classifier_settings.py, against the logistic regression (measured before the stack was adopted):

- sentences: the fitted model also scores each sentence of a held-out comment (an insult is often one
  sentence of a long comment); the comment's score is then pooled with its highest sentence score
  (the sentence score alone, the higher of the two, their mean, the sum of logits, comment + half the
  sentence logit).
- corpus: the training folds get our own labelled corpus (moderation/classify/corpus) added; the
  held-out Kaggle fold is scored as before.

And what else the stacker could get, on the same 15 splits against the stack as it was before its
naive Bayes member (two n-gram members, dense columns at the stacker): a multinomial naive Bayes
member (adopted); text shape (log length, capitals, "!") or a count of negative words as more stacker
columns; the stacker's C; word-only and character-only members beside the two; our own corpus as prior
knowledge (a model fitted on it, on the same features or the default model itself, whose score is one
more stacker column); members on the n-grams chi-squared selects; 10 inner folds.
Reads ../shared/data/kaggle-insults/train.csv; never looks at test_with_solutions.csv.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
from kaggle_train import TRAIN_FILE, load_train, shared_splits
from scipy.special import logit
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_selection import SelectKBest, chi2
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

from moderation.classify.default_model import corpus_files, load_default_model
from moderation.classify.naive_bayes import MultinomialNaiveBayes
from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression
from moderation.classify.pipeline import PipelineSettings, build_featurizer, build_pipeline
from moderation.classify.text_features import MORE_NEGATIVE_WORDS
from moderation.classify.training import train_model
from moderation.datasets import load_many

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """Sentences of two words or more; the whole text when it has none."""
    return [part for part in SENTENCE_END.split(text) if len(part.split()) >= 2] or [text]


def highest_sentence_scores(model, texts: list[str]) -> np.ndarray:
    pieces, owners = [], []
    for index, text in enumerate(texts):
        for sentence in sentences(text):
            pieces.append(sentence)
            owners.append(index)
    highest = np.zeros(len(texts))
    np.maximum.at(highest, np.array(owners), model.predict_proba(pieces)[:, 1])
    return highest


def report(name: str, scores: list[float], reference: list[float]) -> None:
    scores, gain = np.array(scores), np.array(scores) - np.array(reference)
    print(
        f"{name:40s} {scores.mean():.4f} ± {scores.std():.4f}   paired {gain.mean():+.4f} ± {gain.std():.4f}"
        f"  better on {int((gain > 0).sum()):2d}/{len(gain)}",
        flush=True,
    )


LOGISTIC, STACK = PipelineSettings(model="logistic"), PipelineSettings(model="stack")
# The first stack and the stack without naive Bayes (the doc's other forward-chaining rows) can no
# longer be built by the package since issue #17; commit 60b7acb produced and reproduces those rows.


class TextShape(TransformerMixin, BaseEstimator):
    """Length and shouting (a stacker variant measured here; not in the package).

    Columns: log length in characters / 10, share of letters in capitals, "!" per 100 characters (capped at 1).
    """

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        values = np.zeros((len(X), 3), dtype=np.float64)
        for row, text in enumerate(X):
            letters = sum(c.isalpha() for c in text) or 1
            values[row] = (
                np.log1p(len(text)) / 10,
                sum(c.isupper() for c in text) / letters,
                min(1.0, text.count("!") * 100 / max(len(text), 1)),
            )
        return values


def forward_chaining(train_file: Path, texts: list[str], labels: np.ndarray) -> None:
    with train_file.open(encoding="utf-8", newline="") as stream:
        dates = [row["Date"] for row in csv.DictReader(stream)]
    undated = [i for i, date in enumerate(dates) if not date]
    blocks = np.array_split([i for _, i in sorted((date, i) for i, date in enumerate(dates) if date)], 6)
    variants = {"logistic": LOGISTIC, "stack": STACK}
    results: dict[str, list[float]] = {name: [] for name in variants}
    for k in range(2, 6):
        train, test = [int(i) for block in blocks[:k] for i in block] + undated, [int(i) for i in blocks[k]]
        for name, settings in variants.items():
            model = build_pipeline(settings).fit([texts[i] for i in train], labels[train])
            results[name].append(roc_auc_score(labels[test], model.predict_proba([texts[i] for i in test])[:, 1]))
        print(
            f"train up to {dates[blocks[k][0]][:8]}, test the next block: "
            + ", ".join(f"{name} {scores[-1]:.4f}" for name, scores in results.items()),
            flush=True,
        )
    report("forward chaining: stack vs logistic", results["stack"], results["logistic"])
    report("forward chaining: stack vs first stack", results["stack"], results["first stack"])
    report(
        "forward chaining: stack vs stack without naive Bayes", results["stack"], results["stack without naive Bayes"]
    )


def corpus_transfer(texts: list[str], labels: np.ndarray) -> None:
    corpus = load_many(corpus_files())
    variants = {
        "logistic": LOGISTIC,
        "stack": STACK,
        "logistic C=1": replace(LOGISTIC, regularization=1.0),
        "logistic C=0.3": replace(LOGISTIC, regularization=0.3),
    }
    for name, settings in variants.items():
        model = train_model(corpus, labels=["insult"], folds=0, settings=settings)
        auc = roc_auc_score(labels, model.predict_proba(texts)["insult"])
        print(f"trained on our corpus ({name}), ROC AUC on train.csv: {auc:.4f}", flush=True)
    default_model_flags(texts, labels)


def default_model_flags(texts: list[str], labels: np.ndarray) -> None:
    """What the default model flags at its own thresholds among comments written elsewhere.

    train.csv carries no username-change labels, but comments about name changes are rare in it, so
    most of the username-change flags there are false alarms a moderator would have to read.
    """
    model = load_default_model()
    scores, thresholds = model.predict_proba(texts), model.manifest["thresholds"]
    insult = scores["insult"] >= thresholds["insult"]
    print(
        f"default model on train.csv: insult threshold {thresholds['insult']:.3f}, {insult.sum()} flagged, "
        f"precision {labels[insult].mean():.3f}, recall {insult[labels == 1].mean():.3f}; username_change "
        f"threshold {thresholds['username_change']:.3f}, "
        f"{(scores['username_change'] >= thresholds['username_change']).sum()} of {len(texts)} flagged",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", choices=["time", "transfer", "folds", "stacker"], help="run one part (folds: the two ideas)"
    )
    parser.add_argument("--folds", type=int, default=15, help="how many of the 15 splits to run")
    arguments = parser.parse_args()
    texts, labels = load_train()
    if arguments.only in (None, "time"):
        forward_chaining(TRAIN_FILE, texts, labels)
    if arguments.only in (None, "transfer"):
        corpus_transfer(texts, labels)
    if arguments.only in (None, "folds"):
        pooled_and_added(texts, labels, arguments.folds)
    if arguments.only in (None, "stacker"):
        stacker_variants(texts, labels, arguments.folds)


def pooled_and_added(texts: list[str], labels: np.ndarray, folds: int) -> None:
    our_texts, our_labels = our_corpus_insults()
    splits = shared_splits(texts, labels)
    results: dict[str, list[float]] = {}
    for train, test in splits[:folds]:
        held_out, truth = [texts[i] for i in test], labels[test]
        # Measured against the logistic regression, before the stack was adopted.
        model = build_pipeline(LOGISTIC).fit([texts[i] for i in train], labels[train])
        comment = model.predict_proba(held_out)[:, 1]
        sentence = highest_sentence_scores(model, held_out)
        comment_logit, sentence_logit = (_logit(p) for p in (comment, sentence))
        pooled = {
            "comment (logistic regression)": comment,
            "highest sentence alone": sentence,
            "higher of comment and sentence": np.maximum(comment, sentence),
            "mean of comment and sentence": comment + sentence,
            "sum of their logits": comment_logit + sentence_logit,
            "comment + half the sentence logit": comment_logit + 0.5 * sentence_logit,
        }
        for name, scores in pooled.items():
            results.setdefault(name, []).append(roc_auc_score(truth, scores))
        with_ours = build_pipeline(LOGISTIC).fit(
            [texts[i] for i in train] + our_texts, np.concatenate([labels[train], our_labels])
        )
        results.setdefault("training folds + our corpus", []).append(
            roc_auc_score(truth, with_ours.predict_proba(held_out)[:, 1])
        )
    for name, scores in results.items():
        report(name, scores, results["comment (logistic regression)"])


NEGATIVE_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, MORE_NEGATIVE_WORDS), key=len, reverse=True)) + r")\b"
)


def negative_words(batch: list[str]) -> np.ndarray:
    return np.log1p([[len(NEGATIVE_WORD.findall(text.lower()))] for text in batch])


def _logistic(C: float = 3.0):
    return LogisticRegression(C=C, max_iter=3000, solver="liblinear")


def _nb_logistic():
    return NaiveBayesLogisticRegression(C=10.0)


def _naive_bayes():
    return MultinomialNaiveBayes(alpha=0.1)


def _selected_logistic(k: int):
    """A logistic regression on the k n-grams with the highest chi-squared score in its training fold."""
    return lambda: make_pipeline(SelectKBest(chi2, k=k), _logistic())


def _logit(probabilities: np.ndarray) -> np.ndarray:
    return logit(np.clip(probabilities, 1e-6, 1 - 1e-6))


def our_corpus_insults() -> tuple[list[str], np.ndarray]:
    corpus = [e for e in load_many(corpus_files()) if e.labels.get("insult") is not None]
    return [e.text for e in corpus], np.array([e.labels["insult"] for e in corpus])


def prior_scores(model, X, X_test, columns) -> tuple[np.ndarray, np.ndarray]:
    """A model fitted elsewhere (never on these rows): its scores are out of sample for the stacker as they are."""
    return model.decision_function(X[:, columns])[:, None], model.decision_function(X_test[:, columns])[:, None]


def stacked_scores(
    X, y, X_test, members: list, extra, extra_test, stack_C: float = 1.0, inner_folds: int = 5
) -> np.ndarray:
    """LinearStack's recipe with any members: (column indices, unfitted model) pairs."""
    out_of_fold = np.zeros((len(y), len(members)))
    splitter = StratifiedKFold(n_splits=inner_folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(y)), y):
        for j, (columns, make) in enumerate(members):
            out_of_fold[test, j] = make().fit(X[train][:, columns], y[train]).decision_function(X[test][:, columns])
    scores = np.column_stack([make().fit(X[:, c], y).decision_function(X_test[:, c]) for c, make in members])
    stacker = LogisticRegression(C=stack_C, max_iter=2000).fit(np.hstack([out_of_fold, extra]), y)
    return stacker.decision_function(np.hstack([scores, extra_test]))


def stacker_variants(texts: list[str], labels: np.ndarray, folds: int) -> None:
    results: dict[str, list[float]] = {}
    corpus_texts, corpus_labels = our_corpus_insults()
    default_model = load_default_model()
    default_logit = _logit(default_model.predict_proba(texts)["insult"])[:, None]
    for train, test in shared_splits(texts, labels)[:folds]:
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        y = labels[train]
        featurizer = build_featurizer(STACK).fit(train_texts, y)
        widths = [part.transform(train_texts[:1]).shape[1] for _, part in featurizer.transformer_list]
        X, X_test = (featurizer.transform(t).tocsr() for t in (train_texts, test_texts))
        words, chars = np.arange(widths[0]), np.arange(widths[0], widths[0] + widths[1])
        ngrams = np.arange(widths[0] + widths[1])
        dense, dense_test = X[:, len(ngrams) :].toarray(), X_test[:, len(ngrams) :].toarray()
        two = [(ngrams, _logistic), (ngrams, _nb_logistic)]
        shape, shape_test = (TextShape().fit(t).transform(t).toarray() for t in (train_texts, test_texts))
        negative, negative_test = (negative_words(t) for t in (train_texts, test_texts))
        variants = {
            "two-member stack (the previous final)": (two, dense, dense_test, 1.0),
            "+ a multinomial naive Bayes member (adopted)": (two + [(ngrams, _naive_bayes)], dense, dense_test, 1.0),
            "+ text shape at the stacker": (two, np.hstack([dense, shape]), np.hstack([dense_test, shape_test]), 1.0),
            "+ negative-word count at the stacker": (
                two,
                np.hstack([dense, negative]),
                np.hstack([dense_test, negative_test]),
                1.0,
            ),
            "stacker C=0.3": (two, dense, dense_test, 0.3),
            "stacker C=10": (two, dense, dense_test, 10.0),
            "+ word-only and char-only LR members": (
                two + [(words, _logistic), (chars, _logistic)],
                dense,
                dense_test,
                1.0,
            ),
            "+ word-only and char-only NB-LR members": (
                two
                + [
                    (words, _nb_logistic),
                    (chars, _nb_logistic),
                ],
                dense,
                dense_test,
                1.0,
            ),
        }
        X_corpus = featurizer.transform(corpus_texts).tocsr()[:, ngrams]
        for name, make in (("LR", _logistic), ("NB-LR", _nb_logistic)):
            column, column_test = prior_scores(make().fit(X_corpus, corpus_labels), X, X_test, ngrams)
            variants[f"+ our corpus's {name} (same features) at the stacker"] = (
                two,
                np.hstack([dense, column]),
                np.hstack([dense_test, column_test]),
                1.0,
            )
        variants["+ the default model's logit at the stacker"] = (
            two,
            np.hstack([dense, default_logit[train]]),
            np.hstack([dense_test, default_logit[test]]),
            1.0,
        )
        for k in (5_000, 20_000):
            variants[f"+ an LR member on the top {k} n-grams by chi2"] = (
                two + [(ngrams, _selected_logistic(k))],
                dense,
                dense_test,
                1.0,
            )
        for name, (members, extra, extra_test, stack_C) in variants.items():
            scores = stacked_scores(X, y, X_test, members, extra, extra_test, stack_C)
            results.setdefault(name, []).append(roc_auc_score(labels[test], scores))
        scores = stacked_scores(X, y, X_test, two, dense, dense_test, inner_folds=10)
        results.setdefault("stacker fitted on 10 inner folds (not 5)", []).append(roc_auc_score(labels[test], scores))
    for name, scores in results.items():
        report(name, scores, results["two-member stack (the previous final)"])


if __name__ == "__main__":
    main()
