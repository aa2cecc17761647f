"""Issue 17 item 1: does `moderate train`'s stack beat the logistic regression alone on real comments?

Run from the project root:  .venv/bin/python benchmarks/stack_or_logistic.py [--only NAME]

Trains `moderate train`'s recipe (train_model, 3-fold CV for the thresholds, insult only) with the
stack and with the logistic regression alone (the same features), on Kaggle train.csv and on our
corpus + train.csv, then measures each on comments none of the choices were tuned on: Kaggle's
test_with_solutions.csv (ROC AUC, F1 at the model's own threshold) and the labelled threads
(ROC AUC, insult F1 at the model's own threshold). Prints one JSON line per model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from default_model_real import KAGGLE, LABELLED, kaggle_file, labelled_threads  # noqa: E402

from moderation.classify.default_model import corpus_files  # noqa: E402
from moderation.classify.pipeline import PipelineSettings  # noqa: E402
from moderation.classify.training import train_model  # noqa: E402
from moderation.datasets import load_examples, load_many  # noqa: E402

CV_FOLDS = 3  # as `moderate train --cv 3` in the earlier item-6 measurement (docs/benchmarks.md)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only the rows whose name contains this")
    arguments = parser.parse_args()
    if not KAGGLE.exists() or not LABELLED.exists():
        sys.exit("../shared/data is absent: nothing to measure")
    train = load_examples(KAGGLE / "train.csv")
    corpus = [e for e in load_many(corpus_files()) if "insult" in e.labels]
    data = {"train.csv": train, "corpus + train.csv": [*corpus, *train]}
    # The stack as `moderate train` ships it, and the same features with the logistic regression alone
    # (the "you" count exists only at a stack's stacker, so the logistic row has the other dense columns).
    kinds = {"stack": PipelineSettings(model="stack"), "logistic": PipelineSettings(model="logistic")}
    for data_name, examples in data.items():
        for kind, settings in kinds.items():
            name = f"{kind} on {data_name}"
            if arguments.only and arguments.only not in name:
                continue
            started = time.process_time()
            model = train_model(examples, labels=["insult"], folds=CV_FOLDS, settings=settings)
            seconds = time.process_time() - started
            threshold = model.thresholds["insult"]
            test = kaggle_file(model, KAGGLE / "test_with_solutions.csv", threshold, threshold)
            threads = labelled_threads(model, threshold, threshold)
            row = {
                "model": name,
                "train_cpu_s": round(seconds, 1),
                "threshold": round(threshold, 3),
                "test_roc_auc": test["roc_auc"],
                "test_at_threshold": test["at_shipped_threshold"],
                "threads_roc_auc": threads["roc_auc"],
                "threads_at_threshold": threads["at_shipped_threshold"],
                "threads_best_f1": threads["best_f1"],
            }
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
