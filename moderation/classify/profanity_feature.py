"""The probability of the `alt-profanity-check` package as one extra feature column.

The package's own model is loaded from the installed package at run time, never pickled into ours,
so our model files stay small and follow the installed package.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.errors import ModelError

_loaded: tuple | None = None


def profanity_model() -> tuple:
    """(vectorizer, model) of alt-profanity-check, loaded once per process."""
    global _loaded
    if _loaded is None:
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # its pickles name the scikit-learn they were built with
                from profanity_check import profanity_check as package
        except Exception:  # noqa: BLE001 - missing, or its pickles do not load with this scikit-learn
            raise ModelError(
                "this model uses the alt-profanity-check package, which is not installed or does not load "
                "with this scikit-learn (pip install -U alt-profanity-check, or retrain without it)"
            ) from None
        _loaded = (package.vectorizer, package.model)
    return _loaded


def profanity_available() -> bool:
    """Whether alt-profanity-check is installed and loads with this scikit-learn."""
    try:
        profanity_model()
    except Exception:  # noqa: BLE001 - a broken pickle of the package counts as absent
        return False
    return True


class ProfanityProbability(TransformerMixin, BaseEstimator):
    """One column: alt-profanity-check's probability that the text is offensive."""

    def fit(self, X, y=None):
        profanity_model()
        self.n_features_out_ = 1
        return self

    def transform(self, X):
        vectorizer, model = profanity_model()
        if len(X) == 0:
            return sp.csr_matrix((0, 1))
        probabilities = model.predict_proba(vectorizer.transform(list(X)))[:, 1]
        return sp.csr_matrix(np.asarray(probabilities, dtype=np.float64).reshape(-1, 1))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["profanity-check probability"], dtype=object)
