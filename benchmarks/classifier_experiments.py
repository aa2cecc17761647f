"""Two ideas measured on Kaggle train.csv and not adopted: scoring sentences, and adding our own corpus.

Run from the project root:  .venv/bin/python benchmarks/classifier_experiments.py [--folds N]
Same 15 splits (5 folds x 3 repeats) and the same paired comparison as classifier_settings.py, against
the pipeline with default settings:

- sentences: the fitted model also scores each sentence of a held-out comment (an insult is often one
  sentence of a long comment); the comment's score is then pooled with its highest sentence score
  (the sentence score alone, the higher of the two, their mean, the sum of logits, comment + half the
  sentence logit).
- corpus: the training folds get our own labelled corpus (moderation/classify/corpus) added; the
  held-out Kaggle fold is scored as before.
Reads ../shared/data/kaggle-insults/train.csv; never looks at test_with_solutions.csv.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from scipy.special import logit
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold

from moderation.classify.default_model import corpus_files
from moderation.classify.pipeline import PipelineSettings, build_pipeline
from moderation.datasets import load_examples, load_many

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=15, help="how many of the 15 splits to run")
    arguments = parser.parse_args()
    train_file = DATA / "train.csv"
    if not train_file.exists():
        sys.exit(f"{train_file} is absent: the ../shared Kaggle data is not beside this checkout")
    examples = load_examples(train_file)
    texts = [e.text for e in examples]
    labels = np.array([e.labels["insult"] for e in examples])
    ours = [e for e in load_many(corpus_files()) if "insult" in e.labels]
    our_texts, our_labels = [e.text for e in ours], np.array([e.labels["insult"] for e in ours])
    splits = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0).split(texts, labels))
    results: dict[str, list[float]] = {}
    for train, test in splits[: arguments.folds]:
        held_out, truth = [texts[i] for i in test], labels[test]
        model = build_pipeline(PipelineSettings()).fit([texts[i] for i in train], labels[train])
        comment = model.predict_proba(held_out)[:, 1]
        sentence = highest_sentence_scores(model, held_out)
        comment_logit, sentence_logit = (logit(np.clip(p, 1e-6, 1 - 1e-6)) for p in (comment, sentence))
        pooled = {
            "comment (the defaults)": comment,
            "highest sentence alone": sentence,
            "higher of comment and sentence": np.maximum(comment, sentence),
            "mean of comment and sentence": comment + sentence,
            "sum of their logits": comment_logit + sentence_logit,
            "comment + half the sentence logit": comment_logit + 0.5 * sentence_logit,
        }
        for name, scores in pooled.items():
            results.setdefault(name, []).append(roc_auc_score(truth, scores))
        with_ours = build_pipeline(PipelineSettings()).fit(
            [texts[i] for i in train] + our_texts, np.concatenate([labels[train], our_labels])
        )
        results.setdefault("training folds + our corpus", []).append(
            roc_auc_score(truth, with_ours.predict_proba(held_out)[:, 1])
        )
    for name, scores in results.items():
        report(name, scores, results["comment (the defaults)"])


if __name__ == "__main__":
    main()
