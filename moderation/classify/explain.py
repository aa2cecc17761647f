"""Why a text scored high: the inputs with the largest coefficient x feature value."""

from __future__ import annotations

import weakref

import numpy as np

# Vocabulary-wide name arrays are costly to build; keep one per fitted transformer.
_feature_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def linear_coefficients(classifier) -> np.ndarray:
    """The weight vector of a fitted linear classifier, calibrated or not."""
    if hasattr(classifier, "coef_"):
        return np.asarray(classifier.coef_).ravel()
    calibrated = getattr(classifier, "calibrated_classifiers_", None)
    if calibrated:
        return np.mean([np.asarray(c.estimator.coef_).ravel() for c in calibrated], axis=0)
    raise TypeError(f"{type(classifier).__name__} is not a linear model")


def top_contributions(pipeline, text: str, top: int = 5) -> list[str]:
    """Names of the features that raised the score most, best first (positive contributions only)."""
    featurizer = pipeline.named_steps["features"]
    coefficients = linear_coefficients(pipeline.named_steps["classifier"])
    found: dict[str, float] = {}
    offset = 0
    for name, transformer in featurizer.transformer_list:
        values = transformer.transform([text]).tocsr()
        width = values.shape[1]
        names = _names_for(name, transformer, text)
        for column, value in zip(values.indices, values.data, strict=False):
            contribution = float(coefficients[offset + column] * value)
            label = names(int(column))
            if contribution > 0 and label:
                found[label] = found.get(label, 0.0) + contribution
        offset += width
    ranked = sorted(found.items(), key=lambda item: -item[1])
    return [label for label, _ in ranked[:top]]


def _names_for(name: str, transformer, text: str):
    steps = getattr(transformer, "named_steps", {})
    if "ngrams" in steps:
        by_column = steps["ngrams"].ngrams_by_column(text)
        return lambda column: by_column.get(column, "").strip()
    feature_names = _feature_names.get(transformer)
    if feature_names is None:
        feature_names = _feature_names[transformer] = transformer.get_feature_names_out()
    return lambda column: str(feature_names[column])
