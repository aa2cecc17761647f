"""A fitted binary logistic regression read back from a plain-arrays model file.

Scoring reads only `coef_` and `intercept_` (model._logistic_by_blocks). Rebuilding scikit-learn's
LogisticRegression just to hold them imported sklearn.linear_model (with sklearn.metrics and
sklearn._loss) at every start-up of `moderate score` (docs/benchmarks.md, issue 15, twelfth stop).
This class holds the fitted attributes the file gives back and scores a fallback path with the same
operations as scikit-learn 1.x's LogisticRegression for two classes, so its numbers are bit-identical.
It cannot be fitted: training builds scikit-learn's own estimator (pipeline.build_classifier).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin


class FittedLogistic(ClassifierMixin, BaseEstimator):
    """coef_ (1, features), intercept_ (1,), classes_ (2,) of a fitted binary logistic regression."""

    def fit(self, X, y):
        """Refused: it holds a model read from a file (scikit-learn's Pipeline needs the method to exist)."""
        raise TypeError("a logistic regression read from a model file cannot be refitted: train a new model")

    def decision_function(self, X):
        """X @ coef_.T + intercept_, raveled (LinearClassifierMixin.decision_function)."""
        X = X.tocsr() if sp.issparse(X) else np.asarray(X)
        scores = X @ np.asarray(self.coef_).T
        if sp.issparse(scores):
            scores = scores.toarray()
        scores = scores + self.intercept_
        return scores.reshape(-1) if scores.ndim > 1 and scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """[1 - p, p] with p = expit(decision) (LinearClassifierMixin._predict_proba_lr, binary case)."""
        from scipy.special import expit

        positive = self.decision_function(X)
        expit(positive, out=positive)
        return np.stack([1 - positive, positive], axis=1)

    def predict(self, X):
        return np.asarray(self.classes_)[(self.decision_function(X) > 0).astype(int)]
