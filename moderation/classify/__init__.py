"""Insult and username-change classifiers: train, evaluate and score comments.

The library functions (train_model, load_model, evaluate_model, score_examples, load_default_model)
do the work; moderation.classify.commands only wraps them for the CLI. scikit-learn is imported lazily.

A model file is plain arrays (model_arrays.py), which run no code when loaded; a joblib (pickle) file,
written only when asked for, does: load only joblib files you trust.
"""

from __future__ import annotations

__all__ = ["evaluate_model", "load_default_model", "load_model", "score_examples", "train_model"]


def __getattr__(name: str):
    if name == "train_model":
        from moderation.classify.training import train_model

        return train_model
    if name == "load_model":
        from moderation.classify.model import load_model

        return load_model
    if name in ("evaluate_model", "score_examples"):
        from moderation.classify import scoring

        return getattr(scoring, name)
    if name == "load_default_model":
        from moderation.classify.default_model import load_default_model

        return load_default_model
    raise AttributeError(name)
