"""The review loop with a simulated moderator, on Kaggle's insults (read from ../shared, never copied here).

The moderator is train.csv: its labels are the answers. Starting from the built-in model, each round takes
the review queue of 50 from train.csv (`moderation.review.selection.select_queue`), labels it from the
answers and adjusts the built-in model to them as `moderate train --base default` does (`train_on_base`);
random rounds take 50 random comments instead. After 50, 100, 200, 500 and 1,000 labels the model is
measured on test_with_solutions.csv, which only measures.

    python benchmarks/review_loop_benchmark.py --choose   # the adjustment's settings, on train.csv only
    OMP_NUM_THREADS=1 python benchmarks/review_loop_benchmark.py --seed 0 --out /tmp/loop-0.json   # one seed
    # (run 3 side by side; one BLAS thread each, else on a loaded machine spinning threads take most of the CPU)
    python benchmarks/review_loop_benchmark.py --report /tmp/loop-*.json        # table + docs/review_loop.png
    # --queues oracle=200,random=200: the comments the model gets most wrong, by the answers
    # --queues greedy10=200: the greedy oracle (of the queue's round and 9 random ones, the best by the pool's answers)
    # --queues committee=200,queue=200,random=200: the committee queue (benchmarks/sure_mistakes.py) beside them
    # --queues queue+pool=200,random+pool=200 --pool-adjust 1_lab_500_0.1: round 9's pool variants
    # (benchmarks/site_pool.py; 1_lab_500_0.1 is the measured, not shipped, `train --pool`)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sure_mistakes import committee_queue

from moderation.classify.base_training import train_on_base
from moderation.classify.default_model import load_default_model
from moderation.datasets import load_examples
from moderation.review.selection import TfidfRowsOnDemand, select_queue

KAGGLE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"
DOCS = Path(__file__).resolve().parent.parent / "docs"
ROUND = 50
# Past 500 labels the rounds grow to 100 (fewer retrains on 2 shared cores; the queue is still chosen by
# the latest model each round).
LATE_ROUND, LATE_FROM = 100, 500
CHECKPOINTS = (50, 100, 200, 500, 1000)
# (run, labels) in the order run: "queue" is the shipped queue (select_queue's "uncertain" with the
# model's TF-IDF rows, as `moderate review` builds it), "random" the same number of random comments. A
# run picks up where its earlier phase stopped. The queue variants it was chosen among are measured by
# benchmarks/review_loop_proxy.py on train.csv alone.
PHASES = (("queue", 200), ("random", 200), ("queue", 500), ("random", 500), ("queue", 1000), ("random", 1000))
# Each seed's pool: this share of train.csv, drawn by the seed (so the queued runs differ between seeds).
POOL_SHARE = 0.8
LABEL = "insult"


def _data():
    for name in ("train.csv", "test_with_solutions.csv"):
        if not (KAGGLE / name).exists():
            sys.exit(f"{KAGGLE / name} is absent: the ../shared Kaggle data is not beside this checkout")
    train = [e for e in load_examples(KAGGLE / "train.csv") if LABEL in e.labels]
    test = [e for e in load_examples(KAGGLE / "test_with_solutions.csv") if LABEL in e.labels]
    return train, test


def _measure(model, test) -> dict:
    from moderation.classify.metrics import label_metrics

    targets = np.array([e.labels[LABEL] for e in test])
    probabilities = model.predict_proba([e.text for e in test])[LABEL]
    found = label_metrics(targets, probabilities, model.thresholds[LABEL])
    return {key: found[key] for key in ("roc_auc", "pr_auc", "threshold", "precision", "recall", "f1")}


def choose_adjustment(penalties=(0.3, 1.0, 3.0), counts=(50, 200, 1000), seeds=(0, 1)) -> None:
    """The adjustment's penalty and whether site n-grams join, chosen on train.csv alone: labels drawn at
    random from two thirds, ROC AUC on the last third (the split the corpus-weight choice used)."""
    from sklearn.metrics import roc_auc_score

    from moderation.classify.site_adjustment import SCALE_PENALTY, Strength, adjust_pipeline

    train, _ = _data()
    base = load_default_model().pipelines[LABEL]
    print("| labels | penalty | site n-grams | " + " | ".join(f"seed {s}" for s in seeds) + " | mean |")
    print("|---|---|---|" + "---|" * (len(seeds) + 1))
    for count in counts:
        rows: dict[tuple, list[float]] = {}
        for seed in seeds:
            order = np.random.default_rng(seed).permutation(len(train))
            held_out = [train[i] for i in order[: len(train) // 3]]
            site = [train[i] for i in order[len(train) // 3 :][:count]]
            answers = [e.labels[LABEL] for e in held_out]
            texts = [e.text for e in held_out]
            rows.setdefault(("built-in", "-"), []).append(roc_auc_score(answers, base.predict_proba(texts)[:, 1]))
            for penalty in penalties:
                for ngrams in (False, True):
                    adjusted, _ = adjust_pipeline(
                        base,
                        [e.text for e in site],
                        [e.labels[LABEL] for e in site],
                        Strength(float("inf"), penalty),
                        SCALE_PENALTY,
                        ngrams,
                    )
                    auc = roc_auc_score(answers, adjusted.predict_proba(texts)[:, 1])
                    rows.setdefault((penalty, "yes" if ngrams else "no"), []).append(auc)
        for (penalty, ngrams), found in rows.items():
            cells = " | ".join(f"{v:.4f}" for v in found)
            print(f"| {count} | {penalty} | {ngrams} | {cells} | {np.mean(found):.4f} |", flush=True)


def _pool_adjusted(start, site, pool_texts, spec: str):
    """The built-in model adjusted as benchmarks/site_pool.py's adjust_with_pool does (`spec`: S_V_N_W, the
    site n-grams' penalty, their vocabulary from the pool or the labelled texts (V = pool | lab), the
    pseudo-labels' count and weight)."""
    from site_pool import adjust_with_pool

    from moderation.classify.model import Model

    penalty, vocabulary, count, weight = spec.split("_")
    if _pool_adjusted.logit is None or _pool_adjusted.logit[0] is not pool_texts:
        _pool_adjusted.logit = (pool_texts, _logit(start.predict_proba(pool_texts)[LABEL]))
    pipeline = adjust_with_pool(
        start.pipelines[LABEL],
        [e.text for e in site],
        [e.labels[LABEL] for e in site],
        pool_texts,
        _pool_adjusted.logit[1],
        int(count),
        float(weight),
        float(penalty),
        vocabulary == "pool",
    )
    return Model(pipelines={LABEL: pipeline}, thresholds={LABEL: start.thresholds[LABEL]}, manifest={})


_pool_adjusted.logit = None


def run_seed(seed: int, out: Path, phases=PHASES, pool_adjust: str = "1_lab_500_0.1") -> None:
    train, test = _data()
    rng = np.random.default_rng(seed)
    pool = [train[i] for i in sorted(rng.choice(len(train), int(POOL_SHARE * len(train)), replace=False))]
    texts = [e.text for e in pool]
    start = load_default_model()
    results = {"seed": seed, "pool": len(pool), "start": _measure(start, test), "runs": {}}
    state = {}  # strategy -> (model, judged mask, seconds so far)
    builtin = None  # the built-in model's scores of the pool (the committee queue's second member)
    for strategy, limit in phases:
        model, judged, spent = state.get(strategy, (start, np.zeros(len(pool), dtype=bool), 0.0))
        points = results["runs"].setdefault(strategy, [])
        began = time.process_time() - spent
        while judged.sum() < limit:
            count = int(judged.sum())
            size = LATE_ROUND if count >= LATE_FROM else ROUND
            random = strategy.startswith("random")
            if random:
                scores, features = {LABEL: np.zeros(len(pool))}, None
            else:
                scores = {LABEL: model.predict_proba(texts)[LABEL]}
                features = TfidfRowsOnDemand(model, texts, LABEL)
            threshold = {LABEL: model.thresholds[LABEL]}
            kind = "random" if random else "uncertain"
            queue = select_queue(scores, threshold, size, features, kind, judged, seed=seed * 1000 + count)
            if strategy == "oracle":  # the comments the current model gets most wrong, by the answers
                queue = _most_wrong(scores[LABEL], [e.labels[LABEL] for e in pool], judged, size)
            if strategy.startswith("greedy"):  # an upper bound: the best of N rounds by the pool's answers
                candidates = int(strategy[6:] or 10)
                queue = _greedy_round(start, pool, texts, judged, queue, size, candidates, seed * 1000 + count)
            if strategy == "committee":  # a share for the adjusted and built-in models' disagreement
                if builtin is None:
                    builtin = start.predict_proba(texts)[LABEL]
                queue = committee_queue(queue, _logit(scores[LABEL]), _logit(builtin), judged, size)
            judged[queue] = True
            count = int(judged.sum())
            checkpoint = count in CHECKPOINTS
            if random and not checkpoint:
                continue
            site = [pool[i] for i in np.flatnonzero(judged)]
            if strategy.endswith("+pool"):  # round 9's variants (benchmarks/site_pool.py)
                model = _pool_adjusted(start, site, texts, pool_adjust)
            elif len({e.labels[LABEL] for e in site}) == 2:  # as `moderate train --base default`
                model = train_on_base(site, folds=0, labels=[LABEL], base_model=start)
            if checkpoint:
                point = {"labels": count, "positives": int(sum(e.labels[LABEL] for e in site)), **_measure(model, test)}
                point["cpu_seconds"] = round(time.process_time() - began, 1)
                chosen = model.manifest.get("site_adjustment", {}).get("labels", {}).get(LABEL, {})
                for key in ("block_penalty", "change_penalty", "site_penalty"):
                    point[key] = chosen.get(key)
                points.append(point)
                print(json.dumps({"seed": seed, "strategy": strategy, **point}), flush=True)
                out.write_text(json.dumps(results, indent=1))
        state[strategy] = (model, judged, time.process_time() - began)


def _greedy_round(start, pool, texts, judged, shipped, size, count, seed) -> list[int]:
    """The greedy oracle (it reads the pool's answers, never the test file's): of the shipped queue's round
    and `count` - 1 rounds of random comments, the one whose `--base default` model, fitted on every label
    so far with it, ranks the rest of the pool best (ROC AUC)."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    available = np.flatnonzero(~judged)
    candidates = [shipped] + [list(rng.choice(available, size, replace=False)) for _ in range(count - 1)]
    answers = np.array([e.labels[LABEL] for e in pool])
    best, best_auc = candidates[0], -1.0
    for candidate in candidates:
        mask = judged.copy()
        mask[candidate] = True
        site = [pool[i] for i in np.flatnonzero(mask)]
        if len({e.labels[LABEL] for e in site}) < 2:
            continue
        model = train_on_base(site, folds=0, labels=[LABEL], base_model=start)
        rest = np.flatnonzero(~mask)
        auc = roc_auc_score(answers[rest], model.predict_proba([texts[i] for i in rest])[LABEL])
        if auc > best_auc:
            best, best_auc = candidate, auc
    return best


def _most_wrong(probabilities, answers, judged, size) -> list[int]:
    """The oracle queue (it reads the answers): the `size` unjudged comments with the largest log loss."""
    z = _logit(probabilities)
    wrong = np.logaddexp(0, -np.where(np.asarray(answers) > 0, z, -z))
    wrong[judged] = -np.inf
    return [int(i) for i in np.argsort(-wrong, kind="stable")[:size]]


def _logit(p):
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _words_taught(point: dict) -> bool:
    """Whether the adjustment fitted word weights (the built-in columns' change or the site's n-grams)."""
    return point.get("change_penalty") is not None or point.get("site_penalty") is not None


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
    print(
        "| labels | queue | seeds | ROC AUC (mean) | min–max | precision | recall | threshold | positives labelled "
        "| words taught (seeds) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    figure, axis = plt.subplots(figsize=(6, 4))
    for strategy in dict.fromkeys(name for s in seeds for name in s["runs"]):
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
                f"| {positives:.0f} | {sum(_words_taught(p) for p in points)} |"
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
    parser.add_argument("--choose", action="store_true")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--report", nargs="+", type=Path)
    parser.add_argument("--queues", help="QUEUE=LABELS,... to run instead of the shipped comparison")
    parser.add_argument("--pool-adjust", default="1_lab_500_0.1", help="S_V_N_W for the +pool runs (site_pool.py)")
    args = parser.parse_args()
    if args.choose:
        choose_adjustment()
    elif args.report:
        report(args.report)
    else:
        phases = PHASES
        if args.queues:
            phases = tuple((name, int(limit)) for name, limit in (part.split("=") for part in args.queues.split(",")))
        run_seed(args.seed or 0, args.out or Path(f"/tmp/review-loop-{args.seed or 0}.json"), phases, args.pool_adjust)


if __name__ == "__main__":
    main()
