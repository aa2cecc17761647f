"""A site's labels as an adjustment of the built-in model: a second-stage logistic regression on top of it.

The site model's log-odds for a comment are

    a * (built-in log-odds) + b + sum over blocks of c_k * (block k's share of them) + delta . x + gamma . s

where the blocks are the built-in model's feature blocks (words, characters, the hand-made columns:
its log-odds are their sum), x the built-in model's own features, s the site's word and character
n-grams (fitted on the site's labelled texts), and a, b, c, delta, gamma are fitted on the site's
labels only, each pulled towards "no change" (a = 1, everything else 0) by an L2 penalty. The block
scales are a handful of parameters that a few dozen labels can set without swinging the ranking; the
site's own n-grams (gamma) carry the site's words, with a fixed penalty against the labels' summed loss,
so the site's weight keeps growing with its label count. The built-in columns' change (delta) is not
fitted by default (PENALTY_CHOICES): on train.csv, editing the built-in model's word weights taught less
than giving the site's words columns of their own. The result is again one linear model over one feature union
(the block scales fold into the coefficients; the built-in blocks, then the site's), so scoring,
explanations and model files work as for any other model. docs/benchmarks.md ("Review loop") measures it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp


class Strength(NamedTuple):
    """How freely the site's labels may change the built-in model: the L2 penalty on each block's scale
    change, the one on the per-column change of the built-in model's columns and the one on the site's
    own n-gram columns (math.inf: that part is not fitted; site None: the same as change)."""

    block: float
    change: float
    site: float | None = None

    def column_penalties(self, site_columns) -> np.ndarray:
        """The penalty of each column's change (`site_columns` marks the site's own n-grams)."""
        site = self.change if self.site is None else self.site
        return np.where(np.asarray(site_columns, dtype=bool), site, self.change).astype(float)


# The scale and shift of the built-in log-odds only: its ranking stays. What too few labels of a class
# to cross-validate get.
SCALE_ONLY = Strength(math.inf, math.inf)
# The pull of each block's scale towards the common one. On train.csv (benchmarks/review_loop_proxy.py,
# 3 seeds, rounds of 50): 0.3-3 swing the ranking at 50 labels (down to 0.82 with the queue), 10 stayed
# within 0.0002 of the built-in model or above it, with the queue or random labels, on either split, and
# 30 gained less.
BLOCK_PENALTY = 10.0
# The pull of the site's own n-gram weights towards 0 (the site's words the built-in model never weighed).
# On train.csv (benchmarks/review_loop_proxy.py `fix:10_inf_1`, 8 seeds, both splits) these columns at
# penalty 1 beside the block scales, with the built-in columns' weights left as they are, gained more
# from 50-400 labels, queued or random, than round 6's choice (the block scales alone, or every
# column's weight changed at penalty 1, chosen by the labels' own 5-fold CV); 0.3 gained less.
SITE_PENALTY = 1.0
# What the site's labels may change (choose_penalty picks by cross-validation on the labels when there is
# more than one): the block scales and the site's own n-grams; the built-in columns' weights stay.
PENALTY_CHOICES = (Strength(BLOCK_PENALTY, math.inf, SITE_PENALTY),)
# Folds of that cross-validation (stratified; fewer when a class has fewer labels, none under 2).
CHOICE_FOLDS = 5
# The L2 penalty pulling the shift (b) towards 0, against the summed log loss of the site's labels: 1, as
# the change's penalty was when it was fixed (chosen on Kaggle train.csv with 200 random labels).
SHIFT_PENALTY = 1.0
# The penalty pulling the scale of the built-in log-odds (a) towards 1: strong, so the adjusted model
# stays on the built-in log-odds scale and keeps its threshold's meaning. A first choice, not tuned.
SCALE_PENALTY = 10.0
# Whether the site's own n-grams join the built-in model's features: on Kaggle a tie (0.8945 with,
# 0.8946 without, 200 labels, same source); kept for sites whose words the built-in corpus never saw.
SITE_NGRAMS = True
# Site n-grams kept when at least this many of the site's labelled texts hold them (as the built-in
# model's min_df: an n-gram seen once cannot be told from a typo).
SITE_MIN_DF = 2


def site_featurizer(base_featurizer, texts):
    """The site's word and character n-gram blocks (the built-in model's recipe, fitted on `texts`)."""
    from sklearn.base import clone

    blocks = []
    for name, transformer in base_featurizer.transformer_list:
        if name in ("words", "chars"):
            site = clone(transformer)
            site.set_params(ngrams__min_df=SITE_MIN_DF)
            blocks.append((f"site_{name}", site.fit(list(texts))))
    return blocks


class Adjustment(NamedTuple):
    """A fitted adjustment: log-odds = scale * built-in + shift + blocks . block_change + features . change."""

    scale: float
    shift: float
    block_change: np.ndarray  # per built-in block, added to the scale of its share of the log-odds
    change: np.ndarray  # per feature column

    def logit(self, base_logit, features, blocks):
        found = self.scale * np.asarray(base_logit) + self.shift + np.asarray(blocks) @ self.block_change
        if self.change.any():
            found = found + np.asarray(features @ self.change).ravel()
        return found


def block_spans(featurizer, sample: str) -> list[slice]:
    """Each block's columns in the feature union's output (its blocks side by side, in order)."""
    spans, start = [], 0
    for _, transformer in featurizer.transformer_list:
        width = transformer.transform([sample]).shape[1]
        spans.append(slice(start, start + width))
        start += width
    return spans


def block_logits(features, coef, spans) -> np.ndarray:
    """Each block's share of the log-odds (rows x blocks): its columns times their weights."""
    return np.column_stack([np.asarray(features[:, span] @ coef[span]).ravel() for span in spans])


def adjust_pipeline(
    base_pipeline,
    texts,
    targets,
    strength: Strength | None = None,
    scale_penalty: float = SCALE_PENALTY,
    site_ngrams: bool = SITE_NGRAMS,
    base_features=None,
):
    """A copy of `base_pipeline` (features, binary linear classifier) adjusted to the site's labels, and
    the strength of the adjustment (chosen by choose_penalty unless given). `base_features`: the built-in
    features of `texts`, when the caller has them."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    texts = list(texts)
    targets = np.asarray(targets, dtype=float)
    featurizer = base_pipeline.named_steps["features"]
    classifier = base_pipeline.named_steps["classifier"]
    base_coef = np.asarray(classifier.coef_, dtype=float).ravel()
    base_intercept = float(np.asarray(classifier.intercept_).ravel()[0])
    if base_features is None:
        base_features = featurizer.transform(texts)
    base_features = sp.csr_matrix(base_features)
    base_logit = np.asarray(base_features @ base_coef).ravel() + base_intercept
    spans = block_spans(featurizer, texts[0])
    blocks = block_logits(base_features, base_coef, spans)
    site_blocks = []
    if site_ngrams:
        try:
            site_blocks = site_featurizer(featurizer, texts)
        except ValueError:  # too few texts to keep any n-gram
            site_blocks = []
    site_features = [sp.csr_matrix(block.transform(texts)) for _, block in site_blocks]
    features = sp.hstack([base_features, *site_features]).tocsr()
    active = np.unique(features.indices)
    site_columns = active >= len(base_coef)
    if strength is None:
        strength = choose_penalty(
            base_logit, features[:, active], targets, blocks, scale_penalty=scale_penalty, site_columns=site_columns
        )
    fitted = fit_adjustment(base_logit, features[:, active], targets, strength, blocks, scale_penalty, site_columns)
    coef = np.concatenate([fitted.scale * base_coef, np.zeros(features.shape[1] - len(base_coef))])
    for span, block_change in zip(spans, fitted.block_change, strict=True):
        coef[span] += block_change * base_coef[span]  # the block scales fold into the coefficients
    coef[active] += fitted.change
    adjusted = LogisticRegression()
    adjusted.classes_ = np.array([0, 1])
    adjusted.coef_ = coef.reshape(1, -1)
    adjusted.intercept_ = np.array([fitted.scale * base_intercept + fitted.shift])
    adjusted.n_features_in_ = len(coef)
    union = FeatureUnion([*featurizer.transformer_list, *site_blocks])
    return Pipeline([("features", union), ("classifier", adjusted)]), strength


def choose_penalty(
    base_logit,
    features,
    targets,
    blocks,
    choices=PENALTY_CHOICES,
    folds: int = CHOICE_FOLDS,
    scale_penalty=SCALE_PENALTY,
    site_columns=None,
) -> Strength:
    """The strength whose adjustments, each fitted without one fold of the site's labels, give that fold
    the lowest log loss; ties go to the first (weaker) choice; a single choice is taken as it is. Too few
    labels of a class to fold them: SCALE_ONLY."""
    from sklearn.model_selection import StratifiedKFold

    targets = np.asarray(targets)
    folds = min(folds, int(np.bincount(targets.astype(int), minlength=2).min()))
    if folds < 2:
        return SCALE_ONLY
    if len(choices) == 1:
        return choices[0]
    losses = np.zeros(len(choices))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(targets)), targets):
        for place, strength in enumerate(choices):
            fitted = fit_adjustment(
                base_logit[train], features[train], targets[train], strength, blocks[train], scale_penalty, site_columns
            )
            logit = fitted.logit(base_logit[test], features[test], blocks[test])
            signed = np.where(targets[test] > 0, logit, -logit)
            losses[place] += np.logaddexp(0, -signed).sum()
    return choices[int(np.argmin(losses))]  # argmin takes the first (weaker) of equal losses


def fit_adjustment(
    base_logit,
    features,
    targets,
    strength: Strength,
    blocks,
    scale_penalty: float = SCALE_PENALTY,
    site_columns=None,
) -> Adjustment:
    """The adjustment minimising the labels' log loss plus the pull towards no change (`strength`: the
    penalties on the block scales' change and on the per-column change, math.inf for none;
    SHIFT_PENALTY on b, `scale_penalty` on a - 1). `blocks`: each built-in block's share of the
    log-odds (rows x blocks, block_logits); `site_columns` marks the columns of `features` that are the
    site's own n-grams (strength.site's penalty; none when not given).

    The change is fitted in the span of the labelled rows (the optimum lies there: the loss sees the
    change only through those rows and its penalty is plain L2), so the optimiser handles at most one
    variable per label instead of one per active column: the same optimum, 10x faster at 200 labels.
    """
    blocks = np.asarray(blocks, dtype=float)
    use_blocks = not math.isinf(strength.block)
    block_columns = blocks if use_blocks else np.zeros((len(base_logit), 0))
    width = block_columns.shape[1]
    if site_columns is None:
        site_columns = np.zeros(features.shape[1], dtype=bool)
    column_penalty = strength.column_penalties(site_columns)
    fitted_columns = np.flatnonzero(np.isfinite(column_penalty))
    change = np.zeros(features.shape[1])
    if len(fitted_columns) == 0:
        scale, shift, found = _fit_adjustment(
            base_logit, block_columns, targets, strength.block, scale_penalty, block_count=width
        )
        reduced_blocks = found
    else:
        # A column with penalty p is fitted as the column / sqrt(p) under penalty 1 (the same optimum).
        spread = 1.0 / np.sqrt(column_penalty[fitted_columns])
        scaled = (
            features[:, fitted_columns] @ sp.diags(spread)
            if sp.issparse(features)
            else (np.asarray(features)[:, fitted_columns] * spread)
        )
        gram = scaled @ scaled.T
        gram = gram.toarray() if sp.issparse(gram) else np.asarray(gram)
        values, vectors = np.linalg.eigh(gram)
        kept = values > _RANK_TOLERANCE * max(float(values.max()), _RANK_TOLERANCE)
        roots, vectors = np.sqrt(values[kept]), vectors[:, kept]
        penalties = np.concatenate([np.full(width, strength.block), np.ones(len(roots))])
        scale, shift, found = _fit_adjustment(
            base_logit,
            np.hstack([block_columns, vectors * roots]),
            targets,
            penalties,
            scale_penalty,
            block_count=width,
        )
        change[fitted_columns] = np.asarray(scaled.T @ (vectors @ (found[width:] / roots))).ravel() * spread
        reduced_blocks = found[:width]
    block_change = reduced_blocks if use_blocks else np.zeros(blocks.shape[1])
    return Adjustment(scale, shift, block_change, change)


# Eigenvalues of the labelled rows' Gram matrix below this share of the largest are taken as zero.
_RANK_TOLERANCE = 1e-10


def _fit_adjustment(base_logit, features, targets, penalty, scale_penalty: float, block_count: int = 0):
    """fit_adjustment on any feature matrix, one variable per column (L-BFGS); `penalty` one per column
    or one for all. The first `block_count` columns are the built-in blocks' shares of the log-odds.

    Each block's whole weight (the common scale plus its change; the common scale when there are no
    blocks) is kept at 0 or above: one-sided labels, such as only the model's surest flags judged "not an
    insult", otherwise turn the built-in ranking upside down (docs/benchmarks.md, "Review loop", round
    10: held-out ROC AUC 0.09). The optimiser works on those weights themselves, so the bound is a box.
    """
    from scipy.optimize import minimize

    columns = features.shape[1]
    penalty = np.broadcast_to(np.asarray(penalty, dtype=float), (columns,))

    def change_of(theta):
        change = theta[2:].copy()
        change[:block_count] -= theta[0]  # a block's variable is its whole weight: scale + change
        return change

    def loss(theta):
        scale, shift, change = theta[0], theta[1], change_of(theta)
        logit = scale * base_logit + shift + features @ change
        # log(1 + exp(-y'z)) with y' in {-1, 1}, computed stably
        signed = np.where(targets > 0, logit, -logit)
        value = np.logaddexp(0, -signed).sum()
        residual = 1.0 / (1.0 + np.exp(-logit)) - targets  # d loss / d logit
        value += 0.5 * (SHIFT_PENALTY * shift**2 + (penalty * change) @ change) + 0.5 * scale_penalty * (scale - 1) ** 2
        by_change = features.T @ residual + penalty * change
        by_scale = residual @ base_logit + scale_penalty * (scale - 1) - by_change[:block_count].sum()
        return value, np.concatenate([[by_scale, residual.sum() + SHIFT_PENALTY * shift], by_change])

    start = np.concatenate([[1.0, 0.0], np.ones(block_count), np.zeros(columns - block_count)])
    bounds = [(None if block_count else 0.0, None), (None, None)]
    bounds += [(0.0, None)] * block_count + [(None, None)] * (columns - block_count)
    found = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 500})
    return float(found.x[0]), float(found.x[1]), change_of(found.x)
