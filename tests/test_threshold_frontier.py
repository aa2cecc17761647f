"""benchmarks/threshold_frontier.py: the exact per-threshold rates issue 13's closing numbers rest on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _frontier():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location("threshold_frontier", BENCHMARKS / "threshold_frontier.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def _scores(seed: int, rows: int = 300):
    """Labels and scores that rank them imperfectly, rounded so that many scores tie."""
    generator = np.random.default_rng(seed)
    targets = (generator.random(rows) < 0.3).astype(int)
    scores = np.round(np.clip(0.45 * targets + generator.random(rows) * 0.6, 0, 1), 2)
    return targets, scores


def test_rates_match_scikit_learn_at_every_score():
    frontier = _frontier()
    targets, scores = _scores(0)
    thresholds = np.unique(scores)
    found = frontier.rates(targets, scores, thresholds)
    for index, threshold in enumerate(thresholds):
        flags = scores >= threshold
        assert found["precision"][index] == precision_score(targets, flags, zero_division=0)
        assert found["recall"][index] == recall_score(targets, flags)
        assert abs(found["f1"][index] - f1_score(targets, flags)) < 1e-12


def test_the_kaggle_range_holds_exactly_the_thresholds_meeting_both_goals():
    frontier = _frontier()
    targets, scores = _scores(1)
    run = {"train_targets": targets, "train_scores": scores}
    thresholds = np.unique(scores)
    inside = frontier.kaggle_range(run, thresholds)
    assert inside.any() and not inside.all()
    for threshold, kept in zip(thresholds, inside, strict=True):
        flags = scores >= threshold
        meets = precision_score(targets, flags, zero_division=0) >= 0.7 and recall_score(targets, flags) >= 0.6
        assert kept == meets
