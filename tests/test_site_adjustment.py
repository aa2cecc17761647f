"""The second-stage fit behind `--base default`: its reduced solver, its block scales, and the strength the
labels choose."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from moderation.classify.site_adjustment import (
    PENALTY_CHOICES,
    SCALE_ONLY,
    Strength,
    _fit_adjustment,
    choose_penalty,
    fit_adjustment,
)


def _problem(rows: int, columns: int, seed: int, follow_column: bool):
    rng = np.random.default_rng(seed)
    features = sp.random(rows, columns, density=0.05, random_state=seed, format="lil")
    base_logit = rng.normal(0, 2, rows)
    if follow_column:  # the labels follow column 0, which the built-in log-odds know nothing of
        features[:, 0] = rng.integers(0, 2, rows).reshape(-1, 1).astype(float)
        targets = (features[:, 0].toarray().ravel() > 0).astype(int)
    else:  # the labels follow the built-in log-odds, and nothing the features hold
        targets = (rng.random(rows) < 1 / (1 + np.exp(-base_logit))).astype(int)
    blocks = np.column_stack([base_logit * 0.5, base_logit * 0.5])  # two blocks sharing the log-odds
    return base_logit, sp.csr_matrix(features), targets, blocks


def test_the_reduced_fit_finds_the_same_adjustment_as_one_variable_per_column():
    base_logit, features, targets, blocks = _problem(40, 300, seed=1, follow_column=False)
    reduced = fit_adjustment(base_logit, features, targets, Strength(math.inf, 1.0), blocks)
    direct = _fit_adjustment(base_logit, features, targets, 1.0, 10.0)
    assert reduced.scale == pytest.approx(direct[0], abs=1e-4) and reduced.shift == pytest.approx(direct[1], abs=1e-4)
    assert features @ reduced.change == pytest.approx(features @ direct[2], abs=1e-4)


def test_the_site_columns_take_their_own_penalty_in_the_reduced_fit():
    base_logit, features, targets, blocks = _problem(40, 300, seed=5, follow_column=False)
    site_columns = np.arange(300) >= 200  # the last 100 columns are the site's own n-grams
    reduced = fit_adjustment(base_logit, features, targets, Strength(math.inf, 1.0, 0.1), blocks, 10.0, site_columns)
    direct = _fit_adjustment(base_logit, features, targets, np.where(site_columns, 0.1, 1.0), 10.0)
    assert features @ reduced.change == pytest.approx(features @ direct[2], abs=1e-3)  # L-BFGS's tolerance
    assert np.abs(reduced.change[site_columns]).sum() > np.abs(reduced.change[~site_columns]).sum()
    words_only = fit_adjustment(
        base_logit, features, targets, Strength(math.inf, 1.0, math.inf), blocks, 10.0, site_columns
    )
    assert not words_only.change[site_columns].any() and words_only.change[~site_columns].any()


# The choice the labels' own cross-validation makes when choose_penalty is given more than one.
_BLOCKS_OR_CHANGE = (Strength(10.0, math.inf), Strength(10.0, 1.0))


def test_labels_that_show_no_gain_leave_the_words_alone():
    base_logit, features, targets, blocks = _problem(200, 400, seed=2, follow_column=False)
    chosen = choose_penalty(base_logit, features, targets, blocks, _BLOCKS_OR_CHANGE)
    assert chosen == _BLOCKS_OR_CHANGE[0] and math.isinf(chosen.change)
    fitted = fit_adjustment(base_logit, features, targets, chosen, blocks)
    assert fitted.scale > 0 and not fitted.change.any()


def test_labels_that_follow_what_the_built_in_model_misses_change_its_words():
    base_logit, features, targets, blocks = _problem(200, 400, seed=3, follow_column=True)
    assert math.isfinite(choose_penalty(base_logit, features, targets, blocks, _BLOCKS_OR_CHANGE).change)


def test_the_default_adjustment_teaches_the_site_columns_and_leaves_the_built_in_weights():
    base_logit, features, targets, blocks = _problem(200, 400, seed=3, follow_column=True)
    site_columns = np.arange(400) < 10  # the column the labels follow counts as one of the site's n-grams
    chosen = choose_penalty(base_logit, features, targets, blocks, site_columns=site_columns)
    assert chosen == PENALTY_CHOICES[0]
    fitted = fit_adjustment(base_logit, features, targets, chosen, blocks, site_columns=site_columns)
    assert not fitted.change[~site_columns].any() and fitted.change[0] > 1


def test_too_few_labels_of_a_class_to_fold_keep_the_built_in_ranking():
    base_logit, features, _, blocks = _problem(20, 50, seed=4, follow_column=False)
    targets = np.array([1] + [0] * 19)
    assert choose_penalty(base_logit, features, targets, blocks) == SCALE_ONLY
    fitted = fit_adjustment(base_logit, features, targets, SCALE_ONLY, blocks)
    assert not fitted.block_change.any() and not fitted.change.any()


def _two_block_problem(rows: int, seed: int):
    """The built-in log-odds as the sum of two blocks, of which the labels follow only the second."""
    rng = np.random.default_rng(seed)
    blocks = rng.normal(0, 1.5, (rows, 2))
    targets = (rng.random(rows) < 1 / (1 + np.exp(-3 * blocks[:, 1]))).astype(int)
    return blocks.sum(axis=1), blocks, sp.csr_matrix((rows, 0)), targets


def test_block_scales_reweigh_the_block_the_labels_follow():
    base_logit, blocks, features, targets = _two_block_problem(400, seed=5)
    fitted = fit_adjustment(base_logit, features, targets, Strength(1.0, math.inf), blocks)
    assert fitted.block_change[1] > fitted.block_change[0] + 1
    assert fitted.logit(base_logit, features, blocks) == pytest.approx(
        fitted.scale * base_logit + fitted.shift + blocks @ fitted.block_change
    )


def test_block_scales_fold_into_one_linear_model():
    """adjust_pipeline's model scores as the fitted adjustment says: the block scales are in its coefficients."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from moderation.classify.site_adjustment import adjust_pipeline, block_logits, block_spans

    rng = np.random.default_rng(7)
    words = ["idiot", "moron", "nice", "thanks", "fool", "great", "stupid", "kind"]
    texts = [" ".join(rng.choice(words, 4)) for _ in range(120)]
    targets = np.array([int(any(w in t for w in ("idiot", "fool"))) for t in texts])
    union = FeatureUnion(
        [("first", CountVectorizer(vocabulary=words[:4])), ("second", CountVectorizer(vocabulary=words[4:]))]
    )
    features = union.fit_transform(texts)
    base = Pipeline([("features", union), ("classifier", LogisticRegression(C=0.1).fit(features, 1 - targets))])
    adjusted, strength = adjust_pipeline(base, texts, targets, Strength(1.0, math.inf), site_ngrams=False)
    classifier = base.named_steps["classifier"]
    coef = classifier.coef_.ravel()
    base_logit = features @ coef + classifier.intercept_[0]
    blocks = block_logits(sp.csr_matrix(features), coef, block_spans(union, texts[0]))
    fitted = fit_adjustment(base_logit, sp.csr_matrix((len(texts), 0)), targets, strength, blocks)
    expected = 1 / (1 + np.exp(-fitted.logit(base_logit, None, blocks)))
    assert adjusted.predict_proba(texts)[:, 1] == pytest.approx(expected, abs=1e-6)
    assert fitted.block_change.any()


def test_one_sided_labels_cannot_turn_the_built_in_ranking_upside_down():
    """Only the built-in model's surest flags, judged "not an insult" but one: the fit may flatten a block,
    never weigh it below 0 (before the bound the common scale went to -0.13 and the ranking inverted)."""
    rng = np.random.default_rng(11)
    blocks = rng.normal(0, 3, (1000, 2))
    base_logit = blocks.sum(axis=1)
    surest = np.argsort(-base_logit)[:100]
    targets = np.zeros(100, dtype=int)
    targets[0] = 1
    none = sp.csr_matrix((100, 0))
    for strength in (Strength(10.0, math.inf), SCALE_ONLY):  # unbounded: correlation -0.99 and -1
        fitted = fit_adjustment(base_logit[surest], none, targets, strength, blocks[surest])
        assert fitted.scale >= 0 and (fitted.scale + fitted.block_change >= -1e-9).all()
        logit = fitted.logit(base_logit, sp.csr_matrix((1000, 0)), blocks)
        assert np.cov(logit, base_logit)[0, 1] >= -1e-9  # flattened at worst, not inverted
