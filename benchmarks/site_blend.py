"""Round 10's blend for many site labels (issue #14), measured and not shipped: the benchmarks' own code.

The adjustment (moderation/classify/site_adjustment.py) keeps the built-in model's word weights and adds
the site's words under a fixed pull towards zero; with thousands of labels it stops learning (every one
of train.csv's 3,157 pool labels lifted it by 0.010). A model of the site's labels alone, on the same
feature union, learns what they hold but needs many. Their log-odds are blended, (1 - w) * adjusted +
w * site-only, with w chosen by cross-validation on the site's labels (lowest out-of-fold log loss): few
labels keep w at 0, thousands move it towards the site's model. Both are linear in one feature union, so
the blend would be one linear model too (its coefficients the same blend). docs/benchmarks.md ("Review
loop", round 10): it lifts the test file's ceiling (0.9185 -> 0.9236 with every pool label) but not the
later-by-date proxy's, and through the loop it lost at 100 and 500 queued labels there, so the package
does not use it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# The blend weights tried (w of the site-only model); ties go to the smaller.
BLEND_WEIGHTS = tuple(np.round(np.linspace(0.0, 1.0, 11), 2))
# The site-only logistic regression's C (scikit-learn's: inverse L2 strength against the summed loss).
SITE_MODEL_C = 10.0
# Folds of the cross-validation that picks w (stratified; fewer when a class has fewer labels, none under 2).
BLEND_FOLDS = 5
# Labels of each class the site needs before w may leave 0: with a handful of insults the folds' log loss
# swings (on train.csv 4 insults among 50 queued labels chose w = 0.4 and lost 0.006 ROC AUC).
BLEND_MIN_CLASS = 25


def fit_site_model(features, targets, c: float = SITE_MODEL_C, stacker_columns: int | None = None):
    """Coefficients and intercept of a model of the site's labels alone: a logistic regression (liblinear,
    L2), or with `stacker_columns` `moderate train`'s stack (its last columns to the stacker only)."""
    from sklearn.linear_model import LogisticRegression

    targets = np.asarray(targets).astype(int)
    if stacker_columns is None:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=3000)
    else:
        from moderation.classify.linear_stack import LinearStack

        model = LinearStack(C=c, stacker_columns=stacker_columns)
    model.fit(features, targets)
    return np.asarray(model.coef_).ravel().astype(float), float(np.asarray(model.intercept_).ravel()[0])


def choose_blend_weight(adjusted_logit, site_logit, targets, weights=BLEND_WEIGHTS) -> float:
    """The w whose blend (1 - w) * adjusted + w * site gives the lowest log loss (the smaller w of ties)."""
    targets = np.asarray(targets)
    adjusted_logit, site_logit = np.asarray(adjusted_logit), np.asarray(site_logit)
    losses = []
    for weight in weights:
        logit = (1 - weight) * adjusted_logit + weight * site_logit
        signed = np.where(targets > 0, logit, -logit)
        losses.append(float(np.logaddexp(0, -signed).sum()))
    return float(weights[int(np.argmin(np.round(losses, 9)))])


def blend_weight_by_cv(
    fit_adjusted: Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]],
    features,
    targets,
    folds: int = BLEND_FOLDS,
    c: float = SITE_MODEL_C,
    weights=BLEND_WEIGHTS,
    stacker_columns: int | None = None,
    min_class: int = BLEND_MIN_CLASS,
) -> float:
    """w chosen on out-of-fold log-odds of the site's labels. `fit_adjusted(train_rows)` fits the
    adjustment on those rows and returns a function of row positions giving its log-odds; `features`:
    the site-only model's rows (one per label). Fewer than `min_class` labels of a class: 0."""
    from sklearn.model_selection import StratifiedKFold

    targets = np.asarray(targets).astype(int)
    fewest = int(np.bincount(targets, minlength=2).min())
    folds = min(folds, fewest)
    if folds < 2 or fewest < min_class:
        return 0.0
    adjusted_oof = np.zeros(len(targets))
    site_oof = np.zeros(len(targets))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(targets)), targets):
        adjusted_oof[test] = fit_adjusted(train)(test)
        coef, intercept = fit_site_model(features[train], targets[train], c, stacker_columns)
        site_oof[test] = np.asarray(features[test] @ coef).ravel() + intercept
    return choose_blend_weight(adjusted_oof, site_oof, targets, weights)
