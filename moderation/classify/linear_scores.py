"""Scoring for the project's own binary linear classifiers: a sigmoid over one linear score."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


class LinearScores:
    """Mixin: decision_function, predict_proba and predict from fitted `coef_`, `intercept_`, `classes_`."""

    def decision_function(self, X):
        return np.asarray(sp.csr_matrix(X) @ self.coef_.ravel()).ravel() + self.intercept_[0]

    def predict_proba(self, X):
        positive = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - positive, positive])

    def predict(self, X):
        return self.classes_[(self.decision_function(X) > 0).astype(int)]
