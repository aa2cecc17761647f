"""Logistic regression on naive-Bayes-scaled features (NB-LR, Wang & Manning 2012).

Each column is multiplied by its log-count ratio between the classes before the linear fit, which
lets a strong model be trained on few examples of short text.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin

from moderation.classify.linear_scores import LinearScores


class NaiveBayesLogisticRegression(LinearScores, ClassifierMixin, BaseEstimator):
    """Binary classifier; `coef_` is given on the unscaled features so explanations stay direct."""

    def __init__(self, C: float = 4.0, alpha: float = 1.0):
        self.C = C
        self.alpha = alpha

    def fit(self, X, y):
        from sklearn.linear_model import LogisticRegression  # only to fit: loading a model never needs it

        X = sp.csr_matrix(X)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        positive = np.asarray(X[y == self.classes_[-1]].sum(axis=0)).ravel() + self.alpha
        negative = np.asarray(X[y != self.classes_[-1]].sum(axis=0)).ravel() + self.alpha
        self.ratio_ = np.log((positive / positive.sum()) / (negative / negative.sum()))
        scaled = X.multiply(self.ratio_).tocsr()
        self.model_ = LogisticRegression(C=self.C, max_iter=3000, solver="liblinear").fit(scaled, y)
        self.coef_ = self.model_.coef_ * self.ratio_
        self.intercept_ = self.model_.intercept_
        return self
