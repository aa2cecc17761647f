"""The n-grams behind a flag, for many flagged texts at once.

`Model.explain` featurizes one text per call, and per-call overhead of the featurizers dominated a
large report; here each feature block is computed once per batch and the contributions (coefficient x
feature value, positive only) are read row by row, giving the same n-grams as `Model.explain`.
"""

from __future__ import annotations

from collections.abc import Sequence


def explain_many(model, label: str, texts: Sequence[str], top: int = 5) -> list[list[str]]:
    """For each text, the names of the features that raised `label`'s score most, best first."""
    texts = list(texts)
    if not texts or top <= 0:
        return [[] for _ in texts]
    pipeline = getattr(model, "pipelines", {}).get(label) if hasattr(model, "pipelines") else None
    featurizer = _feature_union(pipeline)
    if featurizer is None:
        return [model.explain(text, label, top) for text in texts]
    from moderation.classify.explain import _names_for, linear_coefficients

    coefficients = linear_coefficients(pipeline.named_steps["classifier"])
    found: list[dict[str, float]] = [{} for _ in texts]
    offset = 0
    for name, transformer in featurizer.transformer_list:
        block = transformer.transform(texts).tocsr()
        indptr, indices, data = block.indptr, block.indices, block.data
        for row, text in enumerate(texts):
            start, end = indptr[row], indptr[row + 1]
            if start == end:
                continue
            names = None
            totals = found[row]
            for column, value in zip(indices[start:end], data[start:end], strict=True):
                contribution = float(coefficients[offset + column] * value)
                if contribution <= 0:
                    continue
                if names is None:
                    names = _names_for(name, transformer, text)
                feature = names(int(column))
                if feature:
                    totals[feature] = totals.get(feature, 0.0) + contribution
        offset += block.shape[1]
    return [[feature for feature, _ in sorted(totals.items(), key=lambda item: -item[1])[:top]] for totals in found]


def _feature_union(pipeline):
    steps = getattr(pipeline, "named_steps", None)
    if not steps or "features" not in steps or "classifier" not in steps:
        return None
    featurizer = steps["features"]
    return featurizer if hasattr(featurizer, "transformer_list") else None
