"""Measure the alias finder on our labelled runs, fit its pair model, and time it on a large dump.

    .venv/bin/python benchmarks/identity_benchmark.py            # cross-validated numbers
    .venv/bin/python benchmarks/identity_benchmark.py --write    # also refit moderation/identity/calibration.py

Quality is measured by leave-one-run-out cross-validation: the pair model's weights and band
thresholds are fitted on the other runs, then the held-out run is linked and scored pair by pair.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

from moderation.identity.candidates import pair
from moderation.identity.linker import RANK, Analysis, analyse, report
from moderation.identity.pair_model import FEATURE_NAMES, PairFeatures, PairModel, default_model
from moderation.parsing import expand_paths, parse_source
from moderation.thread import Comment, Thread

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "identity"
BANDS = ("high", "likely", "possible")


def fit_weights(rows: Sequence[PairFeatures], labels: Sequence[int]) -> tuple[tuple[float, ...], float]:
    """Logistic-regression weights for the features (scikit-learn, mildly regularised)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit([row.vector() for row in rows], list(labels))
    return tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0])


def choose_thresholds(
    scores: Sequence[float], labels: Sequence[int], *, likely_precision: float = 0.95, possible_precision: float = 0.6
) -> tuple[float, float]:
    """The lowest thresholds whose pairs at or above reach the wanted precision on these scores."""
    ranked = sorted(zip(scores, labels, strict=False), reverse=True)

    def lowest(target: float) -> float:
        best, true = 1.0, 0
        for count, (score, label) in enumerate(ranked, start=1):
            true += label
            if label and true / count >= target:
                best = score
        return best

    likely = max(lowest(likely_precision), 0.5)
    return likely, min(max(lowest(possible_precision), 0.2), likely)


def load_run(folder: Path) -> tuple[list[Thread], dict]:
    threads = [thread for source in expand_paths([folder]) for thread in parse_source(source)]
    truth = json.loads((FIXTURES / "truth" / f"{folder.name}.json").read_text())
    return threads, truth


def true_pairs(truth: dict) -> set[tuple[str, str]]:
    return {pair(a, b) for group in truth["groups"] for a, b in combinations(group, 2)}


def predicted_bands(document: dict) -> dict[tuple[str, str], str]:
    bands: dict[tuple[str, str], str] = {}
    for group in document["groups"]:
        for a, b in combinations(group["names"], 2):
            key = pair(a, b)
            if key not in bands or RANK[group["confidence"]] > RANK[bands[key]]:
                bands[key] = group["confidence"]
    return bands


def training_rows(analysis: Analysis, truth: dict) -> tuple[list, list[int]]:
    """Soft-evidence rows: candidate pairs that no hard or text evidence already decides."""
    positives = true_pairs(truth)
    rows, labels = [], []
    for key, features in analysis.features.items():
        if key in analysis.fixed:
            continue
        rows.append(features)
        labels.append(1 if key in positives else 0)
    return rows, labels


def fit_model(pieces: list[tuple[Analysis, dict]]) -> PairModel:
    rows, labels = [], []
    for analysis, truth in pieces:
        more_rows, more_labels = training_rows(analysis, truth)
        rows += more_rows
        labels += more_labels
    weights, intercept = fit_weights(rows, labels)
    provisional = PairModel(weights, intercept, 1.0, 1.0)
    likely, possible = choose_thresholds([provisional.score(row) for row in rows], labels)
    return PairModel(weights, intercept, likely, possible)


def tally(document: dict, truth: dict, counts: dict) -> list[str]:
    positives, bands = true_pairs(truth), predicted_bands(document)
    mistakes = []
    for key, band in bands.items():
        counts[band]["predicted"] += 1
        if key in positives:
            counts[band]["correct"] += 1
        else:
            mistakes.append(f"false {band}: {key}")
    for key in positives:
        counts["truth"] += 1
        if key in bands:
            counts["found"] += 1
            if RANK[bands[key]] >= RANK["likely"]:
                counts["found_sure"] += 1
        else:
            mistakes.append(f"missed: {key}")
    return mistakes


def new_counts() -> dict:
    return {**{band: {"predicted": 0, "correct": 0} for band in BANDS}, "truth": 0, "found": 0, "found_sure": 0}


def summary(counts: dict) -> list[str]:
    lines = ["| band | predicted pairs | correct | precision |", "|---|---|---|---|"]
    for band in BANDS:
        row = counts[band]
        precision = row["correct"] / row["predicted"] if row["predicted"] else float("nan")
        lines.append(f"| {band} | {row['predicted']} | {row['correct']} | {precision:.2f} |")
    sure = [counts[b] for b in ("high", "likely")]
    sure_predicted = sum(r["predicted"] for r in sure)
    sure_precision = sum(r["correct"] for r in sure) / sure_predicted if sure_predicted else float("nan")
    lines.append(f"| high+likely | {sure_predicted} | {sum(r['correct'] for r in sure)} | {sure_precision:.2f} |")
    lines.append("")
    lines.append(
        f"Recall over all bands: {counts['found']}/{counts['truth']} = {counts['found'] / counts['truth']:.2f}; "
        f"high+likely only: {counts['found_sure']}/{counts['truth']} = {counts['found_sure'] / counts['truth']:.2f}"
    )
    return lines


def cross_validate(runs: list[tuple[str, Analysis, dict]]) -> tuple[dict, list[str]]:
    counts, notes = new_counts(), []
    for held_out, analysis, truth in runs:
        model = fit_model([(a, t) for name, a, t in runs if name != held_out])
        for mistake in tally(report(analysis, model), truth, counts):
            notes.append(f"{held_out}: {mistake}")
    return counts, notes


def write_calibration(model: PairModel) -> None:
    path = ROOT / "moderation" / "identity" / "calibration.py"
    path.write_text(
        '"""Fitted weights and band thresholds of the pair model (written by benchmarks/identity_benchmark.py --write)."""\n\n'  # noqa: E501
        f"FEATURES = {FEATURE_NAMES!r}\n"
        f"WEIGHTS = {tuple(round(w, 3) for w in model.weights)!r}\n"
        f"INTERCEPT = {round(model.intercept, 3)!r}\n"
        f"LIKELY = {round(model.likely, 3)!r}\n"
        f"POSSIBLE = {round(model.possible, 3)!r}\n"
    )


# --- cost on a large dump ------------------------------------------------------------------------


def large_dump(authors: int, comments_per_thread: int = 200, seed: int = 5) -> list[Thread]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "tor", "bel", "sa", "vin", "dro", "pel", "qui", "zan", "mar", "ost"]
    names = list(
        {"".join(rng.choice(syllables) for _ in range(3)).title() + str(rng.randint(1, 99)) for _ in range(authors * 2)}
    )[:authors]
    threads = []
    total = authors * 5
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for number in range(total // comments_per_thread):
        thread = Thread(id=f"big{number}")
        clock = start + timedelta(days=number)
        for index in range(comments_per_thread):
            clock += timedelta(minutes=rng.randint(1, 10))
            words = " ".join(rng.choice(syllables) for _ in range(rng.randint(8, 30)))
            thread.comments.append(
                Comment(
                    id=str(index), parent_id=None, author=rng.choice(names), text=words, posted_at=clock, index=index
                )
            )
        threads.append(thread)
    return threads


def measure_cost() -> list[str]:
    lines = ["| authors | comments | candidate pairs | all pairs | seconds |", "|---|---|---|---|---|"]
    for authors in (1000, 4000, 16000):
        threads = large_dump(authors)
        began = time.perf_counter()
        analysis = analyse(threads)
        report(analysis, default_model())
        elapsed = time.perf_counter() - began
        count = sum(len(t.comments) for t in threads)
        lines.append(
            f"| {authors} | {count} | {len(analysis.features)} | {authors * (authors - 1) // 2} | {elapsed:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit the shipped model on every run")
    parser.add_argument("--no-cost", action="store_true", help="skip the large-dump timing")
    options = parser.parse_args()
    runs = []
    for folder in sorted(p for p in FIXTURES.iterdir() if (FIXTURES / "truth" / f"{p.name}.json").exists()):
        threads, truth = load_run(folder)
        runs.append((folder.name, analyse(threads), truth))
    counts, notes = cross_validate(runs)
    print(f"Leave-one-run-out cross-validation over {len(runs)} runs:\n")
    print("\n".join(summary(counts)))
    print("\nErrors:\n" + ("\n".join(notes) or "none"))
    model = fit_model([(a, t) for _, a, t in runs])
    print(
        f"\nModel fitted on all runs: weights {dict(zip(FEATURE_NAMES, (round(w, 2) for w in model.weights), strict=False))}, "  # noqa: E501
        f"intercept {model.intercept:.2f}, likely >= {model.likely:.3f}, possible >= {model.possible:.3f}"
    )
    if options.write:
        write_calibration(model)
        print("wrote moderation/identity/calibration.py")
    if not options.no_cost:
        print("\nCost on synthetic large dumps (random names, 5 comments per author, 200 per thread):\n")
        print("\n".join(measure_cost()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
