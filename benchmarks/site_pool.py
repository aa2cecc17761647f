"""The site's UNLABELLED pool in the adjustment (issue #14, round 9), for the benchmarks only.

A moderator's dump holds every comment, not only the labelled ones. Two ways the adjustment could use
them, measured by review_loop_proxy.py (`--adjust pool:...`) and review_loop_benchmark.py (`+pool`
queues), docs/benchmarks.md ("Review loop", round 9):

- the site's own n-gram vocabulary and idf fitted on the whole pool (min_df over thousands of site
  comments) instead of the labelled texts only;
- self-training: the built-in model's surest pool comments as weak labels (weight W, hard 0/1) beside
  the real ones, so the site's n-grams learn from many site comments.

Neither ships: the best (500 weak labels at 0.1, the labelled texts' vocabulary) was inside the seeds'
spread, for a scored pool's memory and an option to document. So the weighted fit lives here:
`fit_weighted` is site_adjustment.fit_adjustment with a weight per row (the change still lies in the span
of the weighted rows, so the same reduction to one variable per row holds).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from moderation.classify.site_adjustment import (
    _RANK_TOLERANCE,
    SCALE_PENALTY,
    SHIFT_PENALTY,
    Adjustment,
    Strength,
)


def pseudo_rows(base_logit, pool, labelled, count: int, positive_share: float):
    """(rows, targets) of `count` unlabelled pool comments the built-in model is surest of: the
    `positive_share` highest scored as 1, the rest lowest scored as 0."""
    unlabelled = np.setdiff1d(pool, labelled)
    order = unlabelled[np.argsort(base_logit[unlabelled], kind="stable")]
    positives = int(round(count * positive_share))
    rows = np.concatenate([order[::-1][:positives], order[: count - positives]])
    targets = np.concatenate([np.ones(positives), np.zeros(count - positives)])
    return rows, targets


def fit_weighted(
    base_logit, features, targets, weights, strength: Strength, blocks, site_columns, scale_penalty=SCALE_PENALTY
):
    """fit_adjustment with `weights` on each row's log loss."""
    blocks = np.asarray(blocks, dtype=float)
    use_blocks = not math.isinf(strength.block)
    block_columns = blocks if use_blocks else np.zeros((len(base_logit), 0))
    width = block_columns.shape[1]
    column_penalty = strength.column_penalties(site_columns)
    fitted_columns = np.flatnonzero(np.isfinite(column_penalty))
    change = np.zeros(features.shape[1])
    if len(fitted_columns) == 0:
        scale, shift, found = _fit(base_logit, block_columns, targets, weights, strength.block, scale_penalty)
    else:
        spread = 1.0 / np.sqrt(column_penalty[fitted_columns])
        scaled = sp.csr_matrix(features[:, fitted_columns] @ sp.diags(spread))
        gram = (scaled @ scaled.T).toarray()
        values, vectors = np.linalg.eigh(gram)
        kept = values > _RANK_TOLERANCE * max(float(values.max()), _RANK_TOLERANCE)
        roots, vectors = np.sqrt(values[kept]), vectors[:, kept]
        penalties = np.concatenate([np.full(width, strength.block), np.ones(len(roots))])
        scale, shift, found = _fit(
            base_logit, np.hstack([block_columns, vectors * roots]), targets, weights, penalties, scale_penalty
        )
        change[fitted_columns] = np.asarray(scaled.T @ (vectors @ (found[width:] / roots))).ravel() * spread
    block_change = found[:width] if use_blocks else np.zeros(blocks.shape[1])
    return Adjustment(scale, shift, block_change, change)


def _fit(base_logit, features, targets, weights, penalty, scale_penalty):
    columns = features.shape[1]
    penalty = np.broadcast_to(np.asarray(penalty, dtype=float), (columns,))

    def loss(theta):
        scale, shift, change = theta[0], theta[1], theta[2:]
        logit = scale * base_logit + shift + features @ change
        signed = np.where(targets > 0, logit, -logit)
        value = weights @ np.logaddexp(0, -signed)
        residual = weights * (1.0 / (1.0 + np.exp(-logit)) - targets)
        value += 0.5 * (SHIFT_PENALTY * shift**2 + (penalty * change) @ change) + 0.5 * scale_penalty * (scale - 1) ** 2
        gradient = np.concatenate(
            [
                [residual @ base_logit + scale_penalty * (scale - 1), residual.sum() + SHIFT_PENALTY * shift],
                features.T @ residual + penalty * change,
            ]
        )
        return value, gradient

    start = np.concatenate([[1.0, 0.0], np.zeros(columns)])
    found = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return float(found.x[0]), float(found.x[1]), found.x[2:]


def adjust_with_pool(
    base_pipeline,
    texts,
    targets,
    pool_texts,
    pool_logit,
    count: int,
    weight: float,
    site_penalty: float,
    pool_vocabulary: bool = True,
):
    """site_adjustment.adjust_pipeline (block scales at BLOCK_PENALTY, the built-in columns kept) with the
    site's n-gram vocabulary and idf fitted on `pool_texts` (every comment of the site; on the labelled
    texts, as the package does, without `pool_vocabulary`) and `count` of the
    built-in model's surest unlabelled pool comments (`pool_logit`: its log-odds of them) as hard labels of
    weight `weight`. Pool comments equal to a labelled text are never pseudo-labelled."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from moderation.classify.site_adjustment import BLOCK_PENALTY, block_logits, block_spans, site_featurizer

    texts, targets = list(texts), np.asarray(targets, dtype=float)
    vocabulary_texts = list(pool_texts) if pool_vocabulary else list(texts)
    weights = np.ones(len(texts))
    if count:
        pool_logit = np.asarray(pool_logit, dtype=float)
        labelled = set(texts)
        candidates = np.array([i for i, text in enumerate(pool_texts) if text not in labelled])
        share = float(np.mean(1 / (1 + np.exp(-pool_logit))))
        rows, extra_targets = pseudo_rows(pool_logit, candidates, np.array([], dtype=int), count, share)
        texts = texts + [pool_texts[i] for i in rows]
        targets = np.concatenate([targets, extra_targets])
        weights = np.concatenate([weights, np.full(len(rows), weight)])
    featurizer = base_pipeline.named_steps["features"]
    classifier = base_pipeline.named_steps["classifier"]
    base_coef = np.asarray(classifier.coef_, dtype=float).ravel()
    base_intercept = float(np.asarray(classifier.intercept_).ravel()[0])
    base_features = sp.csr_matrix(featurizer.transform(texts))
    base_logit = np.asarray(base_features @ base_coef).ravel() + base_intercept
    spans = block_spans(featurizer, texts[0])
    blocks = block_logits(base_features, base_coef, spans)
    site_blocks = site_featurizer(featurizer, vocabulary_texts)
    features = sp.hstack([base_features, *(sp.csr_matrix(b.transform(texts)) for _, b in site_blocks)]).tocsr()
    active = np.unique(features.indices)
    strength = Strength(BLOCK_PENALTY, math.inf, site_penalty)
    fitted = fit_weighted(base_logit, features[:, active], targets, weights, strength, blocks, active >= len(base_coef))
    coef = np.concatenate([fitted.scale * base_coef, np.zeros(features.shape[1] - len(base_coef))])
    for span, block_change in zip(spans, fitted.block_change, strict=True):
        coef[span] += block_change * base_coef[span]
    coef[active] += fitted.change
    adjusted = LogisticRegression()
    adjusted.classes_ = np.array([0, 1])
    adjusted.coef_ = coef.reshape(1, -1)
    adjusted.intercept_ = np.array([fitted.scale * base_intercept + fitted.shift])
    adjusted.n_features_in_ = len(coef)
    return Pipeline(
        [("features", FeatureUnion([*featurizer.transformer_list, *site_blocks])), ("classifier", adjusted)]
    )


def cost(labels_path, pool_path, labels: int, count: int) -> None:
    """CPU seconds of adjust_with_pool on `labels` labelled comments and a pool read from an NDJSON dump
    (its `body` fields): the built-in model's scores of the pool (to pick the pseudo-labels) and the fit."""
    import json
    import time

    from moderation.classify.default_model import load_default_model
    from moderation.datasets import load_examples

    site = [e for e in load_examples(labels_path) if "insult" in e.labels][:labels]
    with open(pool_path, encoding="utf-8") as stream:
        pool = [json.loads(line)["body"] for line in stream]
    model = load_default_model()
    pipeline = model.pipelines["insult"]
    began = time.process_time()
    probability = np.clip(pipeline.predict_proba(pool)[:, 1], 1e-6, 1 - 1e-6)
    scored = time.process_time()
    adjust_with_pool(
        pipeline,
        [e.text for e in site],
        [e.labels["insult"] for e in site],
        pool,
        np.log(probability / (1 - probability)),
        count,
        0.1,
        1.0,
        pool_vocabulary=False,
    )
    done = time.process_time()
    print(
        f"{len(site)} labels, {len(pool)} pool comments, {count} pseudo-labels: scoring the pool "
        f"{scored - began:.1f} CPU s, the fit {done - scored:.1f} CPU s"
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="the cost of adjust_with_pool")
    parser.add_argument("labels_path")
    parser.add_argument("pool_path")
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--pseudo", type=int, default=500)
    args = parser.parse_args()
    cost(args.labels_path, args.pool_path, args.labels, args.pseudo)
