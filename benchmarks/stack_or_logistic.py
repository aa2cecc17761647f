"""Issue 17 item 1: does `moderate train`'s stack beat the logistic regression alone on real comments?

Run from the project root:  .venv/bin/python benchmarks/stack_or_logistic.py [--only NAME] [--folds N]
                                [--save-scores DIR] [--with-test-file]

Trains `moderate train`'s recipe (train_model, `--folds`-fold CV for the thresholds, insult only) with
the stack and with the logistic regression alone (the same features), on Kaggle train.csv and on our
corpus + train.csv, then measures each on comments none of the choices were tuned on: Kaggle's
test_with_solutions.csv (ROC AUC, F1 at the model's own threshold) and the labelled threads
(ROC AUC, insult F1 at the model's own threshold). Prints one JSON line per model.

--save-scores DIR writes one .npz per model in default_model_real.py's keys, for
benchmarks/threshold_frontier.py (issue 13's threshold goals): train.csv's OUT-OF-FOLD scores (from the
cross-validation that sets the model's threshold, so a threshold chosen on them is chosen on comments
the scoring model never saw), the test file's and the threads' scores from the final model.
--with-test-file adds the README's public-data recipe (the stack on corpus + train.csv +
test_with_solutions.csv); it saw the test file, so only the threads measure it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import default_model_real  # noqa: E402
from default_model_real import KAGGLE, LABELLED, kaggle_file, labelled_threads  # noqa: E402

from moderation.classify import training  # noqa: E402
from moderation.classify.default_model import corpus_files  # noqa: E402
from moderation.classify.pipeline import PipelineSettings  # noqa: E402
from moderation.classify.training import train_model  # noqa: E402
from moderation.datasets import load_examples, load_many  # noqa: E402

CV_FOLDS = 3  # as `moderate train --cv 3` in the earlier item-6 measurement (docs/benchmarks.md)


def out_of_fold_recorder() -> list[np.ndarray]:
    """Keeps each out-of-fold probability array train_model computes (one per label), so the model's own
    cross-validation gives train.csv's out-of-fold scores without a second one."""
    recorded: list[np.ndarray] = []
    computed = training.cross_validated_probabilities

    def recording(*args, **kwargs):
        recorded.append(computed(*args, **kwargs))
        return recorded[-1]

    training.cross_validated_probabilities = recording
    return recorded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only the rows whose name contains this")
    parser.add_argument("--folds", type=int, default=CV_FOLDS, help=f"cross-validation folds (default {CV_FOLDS})")
    parser.add_argument("--save-scores", type=Path, help="write each model's scores here (one .npz per model)")
    parser.add_argument("--with-test-file", action="store_true", help="add the README recipe (threads only)")
    arguments = parser.parse_args()
    if not KAGGLE.exists() or not LABELLED.exists():
        sys.exit("../shared/data is absent: nothing to measure")
    train = load_examples(KAGGLE / "train.csv")
    test = load_examples(KAGGLE / "test_with_solutions.csv")
    corpus = [e for e in load_many(corpus_files()) if "insult" in e.labels]
    data = {"train.csv": train, "corpus + train.csv": [*corpus, *train]}
    if arguments.with_test_file:
        data["corpus + train.csv + test"] = [*corpus, *train, *test]
    # The stack as `moderate train` ships it, and the same features with the logistic regression alone
    # (the "you" count exists only at a stack's stacker, so the logistic row has the other dense columns).
    kinds = {"stack": PipelineSettings(model="stack"), "logistic": PipelineSettings(model="logistic")}
    recorded = out_of_fold_recorder()
    for data_name, examples in data.items():
        saw_test = data_name.endswith("test")
        for kind, settings in kinds.items():
            name = f"{kind} on {data_name}"
            if (arguments.only and arguments.only not in name) or (saw_test and kind != "stack"):
                continue
            default_model_real.SAVED.clear()
            started = time.process_time()
            model = train_model(examples, labels=["insult"], folds=arguments.folds, settings=settings)
            seconds = time.process_time() - started
            threshold = model.thresholds["insult"]
            row = {"model": name, "train_cpu_s": round(seconds, 1), "threshold": round(threshold, 3)}
            if not saw_test:
                tested = kaggle_file(model, KAGGLE / "test_with_solutions.csv", threshold, threshold)
                row |= {"test_roc_auc": tested["roc_auc"], "test_at_threshold": tested["at_shipped_threshold"]}
            threads = labelled_threads(model, threshold, threshold)
            row |= {
                "threads_roc_auc": threads["roc_auc"],
                "threads_at_threshold": threads["at_shipped_threshold"],
                "threads_best_f1": threads["best_f1"],
            }
            print(json.dumps(row), flush=True)
            if arguments.save_scores:
                # train.csv's rows come right after the corpus's in `examples` (all hold the insult label)
                start = len(corpus) if data_name != "train.csv" else 0
                scores = {
                    "train_targets": np.array([e.labels["insult"] for e in train]),
                    "train_scores": recorded[-1][start : start + len(train)],
                    **default_model_real.SAVED,
                }
                arguments.save_scores.mkdir(parents=True, exist_ok=True)
                np.savez(arguments.save_scores / f"{re.sub(r'[^a-z]+', '-', name).strip('-')}.npz", **scores)


if __name__ == "__main__":
    main()
