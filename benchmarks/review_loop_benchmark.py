"""The review loop with a simulated moderator, on Kaggle's insults (read from ../shared, never copied here).

The moderator is train.csv: its labels are the answers. Starting from the built-in model, each round takes
the review queue of 50 from train.csv (`moderation.review.selection.select_queue`), labels it from the
answers and retrains with `--base default` (`train_on_base`); random rounds take 50 random comments
instead. After 50, 100, 200, 500 and 1,000 labels the model is trained as `moderate train --base default`
trains it (thresholds from 3-fold CV on the site's labels) and measured on test_with_solutions.csv, which
only measures. Between those points the loop's models skip the CV (it only orders the next queue).

    python benchmarks/review_loop_benchmark.py --weights            # choose SITE_WEIGHT on train.csv only
    python benchmarks/review_loop_benchmark.py --seed 0 --out /tmp/loop-0.json   # one seed (run 3 side by side)
    python benchmarks/review_loop_benchmark.py --report /tmp/loop-*.json        # table + docs/review_loop.png
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from moderation.classify.base_training import BASE_FOLDS, train_on_base
from moderation.classify.default_model import corpus_files, load_default_model
from moderation.datasets import load_examples, load_many
from moderation.review.selection import select_queue, tfidf_rows

KAGGLE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"
DOCS = Path(__file__).resolve().parent.parent / "docs"
ROUND = 50
# Past 500 labels the rounds grow to 100 (fewer retrains on 2 shared cores; the queue is still chosen by
# the latest model each round).
LATE_ROUND, LATE_FROM = 100, 500
CHECKPOINTS = (50, 100, 200, 500, 1000)
# (strategy, labels) in the order run: the comparisons the issue asks for first, the plain uncertainty
# queue only to 200, then both main runs on to 1,000. A run picks up where its earlier phase stopped.
PHASES = (("diverse", 500), ("random", 500), ("uncertain", 200), ("diverse", 1000), ("random", 1000))
# Each seed's pool: this share of train.csv, drawn by the seed (so the queued runs differ between seeds).
POOL_SHARE = 0.8
LABEL = "insult"


def _data():
    for name in ("train.csv", "test_with_solutions.csv"):
        if not (KAGGLE / name).exists():
            sys.exit(f"{KAGGLE / name} is absent: the ../shared Kaggle data is not beside this checkout")
    train = [e for e in load_examples(KAGGLE / "train.csv") if LABEL in e.labels]
    test = [e for e in load_examples(KAGGLE / "test_with_solutions.csv") if LABEL in e.labels]
    return train, test, load_many(corpus_files())


def _measure(model, test) -> dict:
    from moderation.classify.metrics import label_metrics

    targets = np.array([e.labels[LABEL] for e in test])
    probabilities = model.predict_proba([e.text for e in test])[LABEL]
    found = label_metrics(targets, probabilities, model.thresholds[LABEL])
    return {key: found[key] for key in ("roc_auc", "pr_auc", "threshold", "precision", "recall", "f1")}


def choose_weight(weights=(1, 2, 5, 10, 20), labelled=200, seeds=(0, 1)) -> None:
    """Site weight chosen on train.csv alone: 200 random labels from two thirds, ROC AUC on the last third."""
    from sklearn.metrics import roc_auc_score

    train, _, corpus = _data()
    print("| site weight | " + " | ".join(f"seed {s}" for s in seeds) + " | mean |\n|---|" + "---|" * (len(seeds) + 1))
    for weight in weights:
        found = []
        for seed in seeds:
            order = np.random.default_rng(seed).permutation(len(train))
            held_out = [train[i] for i in order[: len(train) // 3]]
            site = [train[i] for i in order[len(train) // 3 :][:labelled]]
            model = train_on_base(site, folds=0, corpus_examples=corpus, labels=[LABEL], site_weight=weight)
            probabilities = model.predict_proba([e.text for e in held_out])[LABEL]
            found.append(roc_auc_score([e.labels[LABEL] for e in held_out], probabilities))
        print(f"| {weight} | " + " | ".join(f"{v:.4f}" for v in found) + f" | {np.mean(found):.4f} |", flush=True)


def run_seed(seed: int, out: Path) -> None:
    train, test, corpus = _data()
    rng = np.random.default_rng(seed)
    pool = [train[i] for i in sorted(rng.choice(len(train), int(POOL_SHARE * len(train)), replace=False))]
    texts = [e.text for e in pool]
    start = load_default_model()
    results = {"seed": seed, "pool": len(pool), "start": _measure(start, test), "runs": {}}
    state = {}  # strategy -> (model, judged mask, seconds so far)
    for strategy, limit in PHASES:
        model, judged, spent = state.get(strategy, (start, np.zeros(len(pool), dtype=bool), 0.0))
        points = results["runs"].setdefault(strategy, [])
        began = time.time() - spent
        while judged.sum() < limit:
            count = int(judged.sum())
            size = LATE_ROUND if count >= LATE_FROM else ROUND
            if strategy == "random":
                scores, features = {LABEL: np.zeros(len(pool))}, None
            else:
                scores = {LABEL: model.predict_proba(texts)[LABEL]}
                features = tfidf_rows(model, texts, LABEL) if strategy == "diverse" else None
            threshold = {LABEL: model.thresholds[LABEL]}
            queue = select_queue(scores, threshold, size, features, strategy, judged, seed=seed * 1000 + count)
            judged[queue] = True
            count = int(judged.sum())
            checkpoint = count in CHECKPOINTS
            if strategy == "random" and not checkpoint:
                continue
            site = [pool[i] for i in np.flatnonzero(judged)]
            folds = BASE_FOLDS if checkpoint else 0
            model = train_on_base(site, folds=folds, corpus_examples=corpus, labels=[LABEL])
            if checkpoint:
                point = {"labels": count, "positives": int(sum(e.labels[LABEL] for e in site)), **_measure(model, test)}
                point["seconds"] = round(time.time() - began, 1)
                points.append(point)
                print(json.dumps({"seed": seed, "strategy": strategy, **point}), flush=True)
                out.write_text(json.dumps(results, indent=1))
        state[strategy] = (model, judged, time.time() - began)


def report(paths: list[Path]) -> None:
    """The mean over seeds per strategy and label count, as a Markdown table, and the learning-curve PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    seeds = [json.loads(p.read_text()) for p in paths]
    start = seeds[0]["start"]
    print(
        f"Start (the built-in model): ROC AUC {start['roc_auc']}, precision {start['precision']}, "
        f"recall {start['recall']} at {start['threshold']}\n"
    )
    print("| labels | queue | seeds | ROC AUC (mean) | min–max | precision | recall | threshold | positives labelled |")
    print("|---|---|---|---|---|---|---|---|---|")
    figure, axis = plt.subplots(figsize=(6, 4))
    for strategy in dict(PHASES):
        means = []
        for count in CHECKPOINTS:
            points = [p for s in seeds for p in s["runs"].get(strategy, []) if p["labels"] == count]
            if not points:
                continue
            auc = [p["roc_auc"] for p in points]
            means.append((count, float(np.mean(auc))))
            average = {key: float(np.mean([p[key] for p in points])) for key in ("precision", "recall", "threshold")}
            positives = float(np.mean([p["positives"] for p in points]))
            print(
                f"| {count} | {strategy} | {len(points)} | {np.mean(auc):.4f} | {min(auc):.4f}–{max(auc):.4f} "
                f"| {average['precision']:.3f} | {average['recall']:.3f} | {average['threshold']:.3f} "
                f"| {positives:.0f} |"
            )
        if means:
            axis.plot(*zip(*means, strict=True), marker="o", label=strategy)
    axis.axhline(start["roc_auc"], color="grey", linestyle=":", label="built-in model")
    axis.set_xscale("log")
    axis.set_xlabel("labels from the simulated moderator (train.csv)")
    axis.set_ylabel("ROC AUC on test_with_solutions.csv")
    axis.set_title(f"Review loop, --base default, mean of up to {len(seeds)} seeds")
    axis.legend()
    axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(DOCS / "review_loop.png", dpi=100)
    print(f"\nwrote {DOCS / 'review_loop.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", action="store_true")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--report", nargs="+", type=Path)
    args = parser.parse_args()
    if args.weights:
        choose_weight()
    elif args.report:
        report(args.report)
    else:
        run_seed(args.seed or 0, args.out or Path(f"/tmp/review-loop-{args.seed or 0}.json"))


if __name__ == "__main__":
    main()
