"""The site's UNLABELLED pool in the adjustment (issue #14, round 9), for the benchmarks only.

A moderator's dump holds every comment, not only the labelled ones. Two ways the adjustment could use
them, measured by review_loop_proxy.py (`--adjust pool:...`) and not shipped unless they win there and
on the test-file loop (docs/benchmarks.md, "Review loop", round 9):

- the site's own n-gram vocabulary and idf fitted on the whole pool (min_df over thousands of site
  comments) instead of the labelled texts only;
- self-training: the built-in model's surest pool comments as weak labels (weight W, hard 0/1) beside
  the real ones, so the site's n-grams learn from many site comments.

The second, at 500 comments weighing 0.1 with the vocabulary from the labelled texts, won and ships
(`moderate train --base default --pool`, site_adjustment.weak_labels); this module keeps the variants.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from moderation.classify.site_adjustment import SCALE_PENALTY, Strength, fit_adjustment


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
    """site_adjustment.fit_adjustment with `weights` on each row's log loss."""
    return fit_adjustment(base_logit, features, targets, strength, blocks, scale_penalty, site_columns, weights)


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
