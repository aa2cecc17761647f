"""The second-stage fit behind `--base default`: its reduced solver, and the penalty the labels choose."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from moderation.classify.site_adjustment import _fit_adjustment, choose_penalty, fit_adjustment


def _problem(rows: int, columns: int, seed: int, follow_column: bool):
    rng = np.random.default_rng(seed)
    features = sp.random(rows, columns, density=0.05, random_state=seed, format="lil")
    base_logit = rng.normal(0, 2, rows)
    if follow_column:  # the labels follow column 0, which the built-in log-odds know nothing of
        features[:, 0] = rng.integers(0, 2, rows).reshape(-1, 1).astype(float)
        targets = (features[:, 0].toarray().ravel() > 0).astype(int)
    else:  # the labels follow the built-in log-odds, and nothing the features hold
        targets = (rng.random(rows) < 1 / (1 + np.exp(-base_logit))).astype(int)
    return base_logit, sp.csr_matrix(features), targets


def test_the_reduced_fit_finds_the_same_adjustment_as_one_variable_per_column():
    base_logit, features, targets = _problem(40, 300, seed=1, follow_column=False)
    reduced = fit_adjustment(base_logit, features, targets, 1.0)
    direct = _fit_adjustment(base_logit, features, targets, 1.0, 10.0)
    assert reduced[0] == pytest.approx(direct[0], abs=1e-4) and reduced[1] == pytest.approx(direct[1], abs=1e-4)
    assert features @ reduced[2] == pytest.approx(features @ direct[2], abs=1e-4)


def test_labels_that_show_no_gain_keep_the_built_in_ranking():
    base_logit, features, targets = _problem(200, 400, seed=2, follow_column=False)
    assert math.isinf(choose_penalty(base_logit, features, targets))
    scale, _, change = fit_adjustment(base_logit, features, targets, math.inf)
    assert scale > 0 and not change.any()  # scale and shift only: the order of the scores stays


def test_labels_that_follow_what_the_built_in_model_misses_change_its_words():
    base_logit, features, targets = _problem(200, 400, seed=3, follow_column=True)
    assert choose_penalty(base_logit, features, targets) == 1.0


def test_too_few_labels_of_a_class_to_fold_keep_the_built_in_ranking():
    base_logit, features, _ = _problem(20, 50, seed=4, follow_column=False)
    targets = np.array([1] + [0] * 19)
    assert math.isinf(choose_penalty(base_logit, features, targets))
