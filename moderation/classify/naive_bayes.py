"""Multinomial naive Bayes as a linear scorer, for the stack.

Naive Bayes counts how often each n-gram occurs in each class instead of fitting weights that
separate the training text, so it errs differently from the logistic members: on an n-gram seen
in a handful of insults it trusts the count, where a regularised fit may spread the weight
elsewhere. Its log-odds are linear in the features (log-count ratio per n-gram plus the log prior
ratio), so a stack that includes it is still one weight vector, and a flag's reasons are still
coefficient x value.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from moderation.classify.linear_scores import LinearScores


class MultinomialNaiveBayes(LinearScores, ClassifierMixin, BaseEstimator):
    """Binary classifier; `coef_` and `intercept_` are the model's log-odds (positive class over negative)."""

    def __init__(self, alpha: float = 0.1):
        self.alpha = alpha

    def fit(self, X, y):
        from sklearn.naive_bayes import MultinomialNB  # only to fit: loading a model never needs it

        model = MultinomialNB(alpha=self.alpha).fit(X, np.asarray(y))
        if len(model.classes_) != 2:
            classes = len(model.classes_)
            raise ValueError(f"MultinomialNaiveBayes is a binary classifier; the targets hold {classes} classes")
        self.classes_ = model.classes_
        log_probabilities = model.feature_log_prob_
        self.coef_ = (log_probabilities[1] - log_probabilities[0]).reshape(1, -1)
        self.intercept_ = np.array([model.class_log_prior_[1] - model.class_log_prior_[0]])
        return self
