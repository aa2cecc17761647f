"""A site's labels as an adjustment of the built-in model: a second-stage logistic regression on top of it.

The site model's log-odds for a comment are

    a * (built-in log-odds) + b + delta . x + gamma . s

where x are the built-in model's own features, s the site's word and character n-grams (fitted on the
site's labelled texts), and a, b, delta, gamma are fitted on the site's labels only, each pulled towards
"no change" (a = 1, everything else 0) by an L2 penalty. The penalty on the change (delta, gamma) is
chosen by cross-validation on the labels themselves: while they cannot show that changing the built-in
model's words helps, only a and b are fitted, which leaves its ranking as it is (a few labels must not
make it worse); once they can, the change is fitted with a fixed penalty against the labels' summed
loss, so the site's weight keeps growing with its label count. The result is again one linear model
over one feature union (the built-in blocks, then the site's), so scoring, explanations and model files
work as for any other model. docs/benchmarks.md ("Review loop") measures it.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

# The L2 penalties on the change (delta, gamma) the site's labels choose among, strongest first, by
# cross-validation on the labels themselves (choose_penalty); math.inf fits only the scale and shift,
# which leaves the built-in model's ranking as it is: the choice while the labels cannot show that
# changing its words helps (docs/benchmarks.md, "Review loop", benchmarks/review_loop_proxy.py).
PENALTY_CHOICES = (math.inf, 1.0)
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


def adjust_pipeline(
    base_pipeline,
    texts,
    targets,
    penalty: float | None = None,
    scale_penalty: float = SCALE_PENALTY,
    site_ngrams: bool = SITE_NGRAMS,
):
    """A copy of `base_pipeline` (features, binary linear classifier) adjusted to the site's labels, and
    the penalty on the change (chosen by choose_penalty unless given; math.inf: scale and shift only)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    texts = list(texts)
    targets = np.asarray(targets, dtype=float)
    featurizer = base_pipeline.named_steps["features"]
    classifier = base_pipeline.named_steps["classifier"]
    base_coef = np.asarray(classifier.coef_, dtype=float).ravel()
    base_intercept = float(np.asarray(classifier.intercept_).ravel()[0])
    base_features = sp.csr_matrix(featurizer.transform(texts))
    base_logit = np.asarray(base_features @ base_coef).ravel() + base_intercept
    site_blocks = []
    if site_ngrams:
        try:
            site_blocks = site_featurizer(featurizer, texts)
        except ValueError:  # too few texts to keep any n-gram
            site_blocks = []
    weights = featurizer.transformer_weights or {}
    site_features = [
        sp.csr_matrix(block.transform(texts)) * weights.get(name.removeprefix("site_"), 1.0)
        for name, block in site_blocks
    ]
    features = sp.hstack([base_features, *site_features]).tocsr()
    active = np.unique(features.indices)
    if penalty is None:
        penalty = choose_penalty(base_logit, features[:, active], targets, scale_penalty=scale_penalty)
    scale, shift, change = fit_adjustment(base_logit, features[:, active], targets, penalty, scale_penalty)
    coef = np.concatenate([scale * base_coef, np.zeros(features.shape[1] - len(base_coef))])
    coef[active] += change
    adjusted = LogisticRegression()
    adjusted.classes_ = np.array([0, 1])
    adjusted.coef_ = coef.reshape(1, -1)
    adjusted.intercept_ = np.array([scale * base_intercept + shift])
    adjusted.n_features_in_ = len(coef)
    union = FeatureUnion(
        [*featurizer.transformer_list, *site_blocks],
        transformer_weights={
            **weights,
            **{n: weights[n.removeprefix("site_")] for n, _ in site_blocks if n.removeprefix("site_") in weights},
        }
        or None,
    )
    return Pipeline([("features", union), ("classifier", adjusted)]), penalty


def choose_penalty(
    base_logit, features, targets, choices=PENALTY_CHOICES, folds: int = CHOICE_FOLDS, scale_penalty=SCALE_PENALTY
) -> float:
    """The penalty on the change whose adjustments, each fitted without one fold of the site's labels,
    give that fold the lowest log loss; ties go to the stronger penalty. Too few labels of a class to
    fold them: the strongest choice."""
    from sklearn.model_selection import StratifiedKFold

    targets = np.asarray(targets)
    folds = min(folds, int(np.bincount(targets.astype(int), minlength=2).min()))
    if folds < 2:
        return choices[0]
    losses = np.zeros(len(choices))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(targets)), targets):
        for place, penalty in enumerate(choices):
            scale, shift, change = fit_adjustment(
                base_logit[train], features[train], targets[train], penalty, scale_penalty
            )
            logit = scale * base_logit[test] + shift + (features[test] @ change if len(change) else 0.0)
            signed = np.where(targets[test] > 0, logit, -logit)
            losses[place] += np.logaddexp(0, -signed).sum()
    return choices[int(np.argmin(losses))]  # argmin takes the first (strongest) of equal losses


def fit_adjustment(base_logit, features, targets, penalty: float, scale_penalty: float = SCALE_PENALTY):
    """(a, b, per-column change) minimising the labels' log loss plus the pull towards no change
    (`penalty` on the change, math.inf for none; SHIFT_PENALTY on b, `scale_penalty` on a - 1).

    The change is fitted in the span of the labelled rows (the optimum lies there: the loss sees the
    change only through those rows and its penalty is plain L2), so the optimiser handles at most one
    variable per label instead of one per active column: the same optimum, 10x faster at 200 labels.
    """
    if features.shape[1] == 0 or math.isinf(penalty):
        scale, shift, _ = _fit_adjustment(base_logit, np.zeros((len(base_logit), 0)), targets, 1.0, scale_penalty)
        return scale, shift, np.zeros(features.shape[1])
    gram = features @ features.T
    gram = gram.toarray() if sp.issparse(gram) else np.asarray(gram)
    values, vectors = np.linalg.eigh(gram)
    kept = values > _RANK_TOLERANCE * max(float(values.max()), _RANK_TOLERANCE)
    roots, vectors = np.sqrt(values[kept]), vectors[:, kept]
    scale, shift, reduced = _fit_adjustment(base_logit, vectors * roots, targets, penalty, scale_penalty)
    change = features.T @ (vectors @ (reduced / roots))
    return scale, shift, np.asarray(change).ravel()


# Eigenvalues of the labelled rows' Gram matrix below this share of the largest are taken as zero.
_RANK_TOLERANCE = 1e-10


def _fit_adjustment(base_logit, features, targets, penalty: float, scale_penalty: float):
    """fit_adjustment on any feature matrix, one variable per column (L-BFGS)."""
    from scipy.optimize import minimize

    columns = features.shape[1]

    def loss(theta):
        scale, shift, change = theta[0], theta[1], theta[2:]
        logit = scale * base_logit + shift + features @ change
        # log(1 + exp(-y'z)) with y' in {-1, 1}, computed stably
        signed = np.where(targets > 0, logit, -logit)
        value = np.logaddexp(0, -signed).sum()
        residual = 1.0 / (1.0 + np.exp(-logit)) - targets  # d loss / d logit
        value += 0.5 * (SHIFT_PENALTY * shift**2 + penalty * change @ change) + 0.5 * scale_penalty * (scale - 1) ** 2
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
