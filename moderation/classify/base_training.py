"""Training on top of the built-in model: a site's own labels adjust the default model instead of replacing it.

Each label the site judged gets a second-stage model on the built-in one (site_adjustment.py): the
built-in log-odds, rescaled block by block (words, characters, hand-made columns), plus regularised
weights on the site's own word and character n-grams, fitted on the site's labels only. The built-in
model's own word weights stay as they are. A thousand labels outweigh the built-in model.
Labels the site did not judge keep the built-in model as it is.

Thresholds stay the built-in model's: the adjustment keeps its log-odds scale (the rescaling is pulled
towards 1), while a queue's labels are the hard comments near the threshold, not a sample of the site,
so a cut chosen on them runs low (docs/benchmarks.md, "Review loop"). Cross-validation on the site's
labels only measures (the model card's metrics, at that threshold).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import numpy as np
import scipy.sparse as sp

from moderation.classify.metrics import label_metrics
from moderation.classify.model import Model, library_versions
from moderation.classify.readable_text import read_as_the_model_reads
from moderation.classify.site_adjustment import (
    BLOCK_PENALTY,
    CHOICE_FOLDS,
    PENALTY_CHOICES,
    SCALE_PENALTY,
    SHIFT_PENALTY,
    SITE_NGRAMS,
    SITE_PENALTY,
    Strength,
    adjust_pipeline,
)
from moderation.classify.training import label_data, labels_in
from moderation.datasets import Example
from moderation.errors import ModerationError
from moderation.plurals import counted

BASES = ("default",)
# Folds of the cross-validation that measures the adjusted model on the site's labels (3, as the default model).
BASE_FOLDS = 3


def train_on_base(
    site_examples: Sequence[Example],
    base: str = "default",
    labels: Sequence[str] | None = None,
    folds: int = BASE_FOLDS,
    progress: Callable[[str], None] | None = None,
    site_files: Sequence[str] = (),
    site_sha256: str | None = None,
    base_model: Model | None = None,
) -> Model:
    """The built-in model with each label the site judged adjusted to the site's labels.

    `labels` limits the model to those labels (default: every label of the built-in model).
    `base_model` replaces the built-in model (benchmarks that load it once). `folds` < 2 skips the
    cross-validation that measures the result on the site's labels. `site_files` and `site_sha256`
    name and digest the site's data for the manifest.
    """
    from moderation.classify.default_model import load_default_model

    if base not in BASES:
        raise ModerationError(f"unknown base {base!r} (known: {', '.join(BASES)})")
    where = f"{', '.join(map(str, site_files[:3]))}{' and more' if len(site_files) > 3 else ''}: " if site_files else ""
    if not site_examples:
        raise ModerationError(
            f"{where}no labelled example of the site to train on top of the built-in model "
            "(a queue's rows with every label cell blank are not read: fill them with 1 or 0)"
        )
    if not any(example.labels for example in site_examples):
        raise ModerationError(f"{where}the site's data states no label (every label cell blank?)")
    say = progress or (lambda message: None)
    site_examples = read_as_the_model_reads(site_examples)
    model = base_model if base_model is not None else load_default_model(say)
    chosen = list(labels) if labels else model.labels
    stated = labels_in(site_examples)
    for label in [*chosen, *stated]:
        if label not in model.labels:
            raise ModerationError(
                f"the built-in model has no label {label!r} (its labels: {', '.join(model.labels)}); "
                "train a new label without --base"
            )
    pipelines, metrics, examples, adjustments = {}, {}, {}, {}
    for label in chosen:
        data = label_data(site_examples, label)
        counts = np.bincount(data.targets, minlength=2)
        built_in = (model.manifest.get("examples") or {}).get(label, {})
        if label not in stated or counts.min() == 0:
            if label in stated:
                say(f"{label}: the site's labels are all {int(counts.argmax())}: the built-in model is kept")
            pipelines[label] = model.pipelines[label]
            examples[label] = dict(built_in)
            continue
        if folds >= 2 and counts.min() >= folds:
            say(f"{label}: {folds}-fold cross-validation on the site's {counted(len(data.texts), 'label')}")
            probabilities = _out_of_fold(model.pipelines[label], data.texts, data.targets, folds)
            metrics[label] = label_metrics(data.targets, probabilities, model.thresholds[label])
        say(f"{label}: adjusting the built-in model to the site's {counted(len(data.texts), 'label')}")
        pipelines[label], strength = adjust_pipeline(model.pipelines[label], data.texts, data.targets)
        say(f"{label}: {_said(strength)}")
        classifier = pipelines[label].named_steps["classifier"]
        examples[label] = {
            "total": built_in.get("total", 0) + len(data.texts),
            "positive": built_in.get("positive", 0) + int(counts[1]),
            "site": len(data.texts),
            "site_positive": int(counts[1]),
        }
        adjustments[label] = {
            "columns": int(classifier.coef_.shape[1]),
            # None: not fitted (both None: only the scale and shift of the built-in log-odds)
            "block_penalty": _finite(strength.block),
            "change_penalty": _finite(strength.change),
            "site_penalty": _finite(_site_penalty(strength)),
        }
    if not adjustments:
        raise ModerationError("the site's labels hold no label with both a 1 and a 0 to learn from")
    thresholds = {label: model.thresholds[label] for label in chosen}
    base_data = model.manifest.get("training_data") or {}
    return Model(
        pipelines=pipelines,
        thresholds=thresholds,
        manifest={
            "format": model.manifest.get("format", "moderation.model/1"),
            "package": model.manifest.get("package", "moderation"),
            "labels": chosen,
            "thresholds": thresholds,
            "threshold_rule": "the built-in model's (the site's labels adjust scores on its log-odds scale)",
            "metrics": {"cross_validation_folds": folds if metrics else 0, "labels": metrics},
            "examples": examples,
            "settings": model.manifest.get("settings", {}),
            "site_adjustment": {
                "choices": [
                    {
                        "block_penalty": _finite(c.block),
                        "change_penalty": _finite(c.change),
                        "site_penalty": _finite(_site_penalty(c)),
                    }
                    for c in PENALTY_CHOICES
                ],
                "choice_folds": CHOICE_FOLDS,
                "block_penalty": BLOCK_PENALTY,
                "scale_penalty": SCALE_PENALTY,
                "shift_penalty": SHIFT_PENALTY,
                "site_ngrams": SITE_NGRAMS,
                "labels": adjustments,
            },
            "stack_weights": {},
            "versions": library_versions(),
            "training_data": {
                "sha256": site_sha256,
                "files": list(site_files),
                "sources": [
                    {
                        "name": f"built-in model ({base})",
                        "files": list(base_data.get("files") or []),
                        "sha256": base_data.get("sha256"),
                        "examples": (model.manifest.get("examples") or {}).get(chosen[0], {}).get("total"),
                        "role": "the starting model",
                    },
                    {
                        "name": "site labels",
                        "files": list(site_files),
                        "examples": len(site_examples),
                        "role": (
                            "a second-stage model on the built-in log-odds (site_adjustment.py: L2 penalty "
                            f"{BLOCK_PENALTY:g} on each block's scale, {SITE_PENALTY:g} on each site n-gram "
                            "weight, against the labels' summed log loss)"
                        ),
                    },
                ],
            },
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )


def _finite(penalty: float) -> float | None:
    return None if math.isinf(penalty) else penalty


def _site_penalty(strength: Strength) -> float:
    return strength.change if strength.site is None else strength.site


def _said(strength: Strength) -> str:
    """What `train` says about the adjustment the site's labels chose."""
    if math.isinf(strength.block) and math.isinf(strength.change) and math.isinf(_site_penalty(strength)):
        return "too few labels of a class to cross-validate: only the scale and shift of the built-in log-odds"
    parts = []
    if math.isfinite(strength.block):
        parts.append("the weight of the built-in model's blocks (words, characters, hand-made columns)")
    if math.isfinite(strength.change):
        parts.append("the weight of its words")
    if math.isfinite(_site_penalty(strength)):
        parts.append("the weight of the site's own words")
    return " and ".join(parts) + " adjusted to the site's labels"


def _out_of_fold(base_pipeline, texts: list[str], targets: np.ndarray, folds: int) -> np.ndarray:
    """Each site label scored by an adjustment fitted without it."""
    from sklearn.model_selection import StratifiedKFold

    probabilities = np.zeros(len(texts))
    base_features = sp.csr_matrix(base_pipeline.named_steps["features"].transform(texts))  # the same in every fold
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(texts, targets):
        pipeline, _ = adjust_pipeline(
            base_pipeline, [texts[i] for i in train], targets[train], base_features=base_features[train]
        )
        probabilities[test] = pipeline.predict_proba([texts[i] for i in test])[:, 1]
    return probabilities
