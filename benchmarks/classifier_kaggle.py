"""The classifier on the Kaggle "Detecting Insults" data, end to end through the CLI.

Run from the project root:  .venv/bin/python benchmarks/classifier_kaggle.py [--skip-default]
Reads ../shared/data/kaggle-insults. Every setting was chosen by cross-validation on train.csv
(benchmarks/classifier_settings.py); test_with_solutions.csv is used only for the final numbers here.

1. `moderate train train.csv` then `moderate evaluate test_with_solutions.csv`;
2. `moderate train` on both files with 5-fold CV (its cross-validated metrics);
3. the default model (trained without any Kaggle data) on test_with_solutions.csv;
4. alt-profanity-check as shipped, side by side: ROC AUC on the same set and comments per second,
   one process, same texts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "kaggle-insults"
MODERATE = [sys.executable, "-c", "from moderation.cli import main; main()"]


def run(*arguments: str) -> str:
    result = subprocess.run([*MODERATE, *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"moderate {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


def throughput(score, texts: list[str], repeats: int = 5) -> float:
    """Comments per CPU second of this process, best of `repeats` (after a warm-up call).

    CPU time rather than wall time, so other work on a shared machine does not skew the comparison.
    """
    score(texts[:50])
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        score(texts)
        best = min(best, time.process_time() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-default", action="store_true", help="skip the default model (it may need building)")
    arguments = parser.parse_args()
    train, test = DATA / "train.csv", DATA / "test_with_solutions.csv"
    if not test.exists():
        sys.exit(f"{DATA} is absent: the ../shared Kaggle data is not beside this checkout")
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "kaggle.joblib"
        started = time.perf_counter()
        run("train", str(train), "-o", str(model), "--cv", "5")
        results["train_seconds"] = round(time.perf_counter() - started, 1)
        manifest = json.loads(model.with_name("kaggle.manifest.json").read_text())
        results["train_cv"] = manifest["metrics"]["labels"]["insult"]
        results["test"] = json.loads(run("evaluate", str(test), "--model", str(model), "--json"))["labels"]["insult"]

        both = Path(scratch) / "both.joblib"
        run("train", str(train), str(test), "-o", str(both), "--cv", "5")
        both_manifest = json.loads(both.with_name("both.manifest.json").read_text())
        results["both_files_cv"] = both_manifest["metrics"]["labels"]["insult"]

        if not arguments.skip_default:
            default = json.loads(run("evaluate", str(test), "--json"))["labels"]["insult"]
            results["default_model_test"] = default

        from sklearn.metrics import roc_auc_score

        from moderation.classify.model import load_model
        from moderation.datasets import load_examples

        examples = load_examples(test)
        texts = [e.text for e in examples]
        targets = np.array([e.labels["insult"] for e in examples])
        ours = load_model(model)
        from profanity_check import predict_prob

        results["profanity_check_test_roc_auc"] = round(float(roc_auc_score(targets, predict_prob(texts))), 4)
        ours_rate = throughput(lambda batch: ours.predict_proba(batch)["insult"], texts)
        theirs_rate = throughput(predict_prob, texts)
        results["throughput_comments_per_second"] = {
            "ours": round(ours_rate),
            "alt_profanity_check": round(theirs_rate),
            "ratio": round(ours_rate / theirs_rate, 3),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
