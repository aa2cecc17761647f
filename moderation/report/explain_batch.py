"""The reasons behind a flag, for many flagged texts at once.

`Model.explain` featurizes one text per call, and per-call overhead of the featurizers dominated a
large report; here each feature block is computed once per batch (`explain.explain_texts`), giving the
same reasons as `Model.explain`.
"""

from __future__ import annotations

from collections.abc import Sequence


def explain_many(model, label: str, texts: Sequence[str], top: int = 5) -> list[list[str]]:
    """For each text, the words, phrases and named features that raised `label`'s score most, best first."""
    texts = list(texts)
    if not texts or top <= 0:
        return [[] for _ in texts]
    pipeline = getattr(model, "pipelines", {}).get(label) if hasattr(model, "pipelines") else None
    if _feature_union(pipeline) is None:
        return [model.explain(text, label, top) for text in texts]
    from moderation.classify.explain import explain_texts

    return explain_texts(pipeline, texts, top)


def _feature_union(pipeline):
    steps = getattr(pipeline, "named_steps", None)
    if not steps or "features" not in steps or "classifier" not in steps:
        return None
    featurizer = steps["features"]
    return featurizer if hasattr(featurizer, "transformer_list") else None
