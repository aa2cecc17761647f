"""Train a model from labelled examples: cross-validated metrics, thresholds, then the final fit."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from moderation.classify.metrics import best_fbeta_threshold, label_metrics
from moderation.classify.model import PACKAGE, Model, library_versions
from moderation.classify.pipeline import PipelineSettings, build_classifier, build_featurizer, build_pipeline
from moderation.classify.readable_text import read_as_the_model_reads
from moderation.datasets import Example
from moderation.errors import ModerationError
from moderation.plurals import counted

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LabelData:
    """The examples that state one label, with each one's sample weight and whether it sets the threshold."""

    texts: list[str]
    targets: np.ndarray
    weights: np.ndarray | None = None  # None: every example counts once
    sets_threshold: np.ndarray | None = None  # None: every example; else a boolean mask
    groups: np.ndarray | None = None  # a stack's stacker holds out one group at a time (None: folds)


def labels_in(examples: Iterable[Example]) -> list[str]:
    """Every label the data states, in first-seen order."""
    seen: dict[str, None] = {}
    for example in examples:
        for label in example.labels:
            seen.setdefault(label, None)
    return list(seen)


def label_data(
    examples: Sequence[Example],
    label: str,
    weights: Sequence[float] | None = None,
    sets_threshold: Sequence[bool] | None = None,
    groups: Sequence[str] | None = None,
) -> LabelData:
    chosen = [i for i, e in enumerate(examples) if label in e.labels]
    return LabelData(
        [examples[i].text for i in chosen],
        np.array([examples[i].labels[label] for i in chosen], dtype=int),
        None if weights is None else np.array([weights[i] for i in chosen], dtype=float),
        None if sets_threshold is None else np.array([bool(sets_threshold[i]) for i in chosen]),
        None if groups is None else np.array([str(groups[i]) for i in chosen]),
    )


def threshold_data(data: LabelData, probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The targets and out-of-fold probabilities the threshold is chosen on: the examples marked to set
    it when they hold both classes (a site's own labels, beside a base corpus), else all of them."""
    if data.sets_threshold is not None:
        chosen = data.sets_threshold
        if len(np.unique(data.targets[chosen])) == 2:
            return data.targets[chosen], probabilities[chosen]
    return data.targets, probabilities


def _fit_arguments(data: LabelData, settings: PipelineSettings, indexes=None, label: str | None = None) -> dict:
    """The classifier's sample weights (a logistic regression) or groups (a stack) for fit, when given."""
    arguments = {}
    if data.weights is not None:
        arguments["sample_weight"] = data.weights if indexes is None else data.weights[indexes]
    if data.groups is not None and settings.model_for(label) != "logistic":
        arguments["groups"] = data.groups if indexes is None else data.groups[indexes]
    return arguments


def files_sha256(inputs: Iterable[str | Path | bytes]) -> str:
    """One digest over the training inputs' bytes, in the order given: a file by its path, or bytes
    already read (standard input, which cannot be read twice)."""
    digest = hashlib.sha256()
    for given in inputs:
        digest.update(given if isinstance(given, bytes) else Path(given).read_bytes())
    return digest.hexdigest()


def cross_validated_probabilities(
    data: LabelData, settings: PipelineSettings, folds: int, seed: int = 0, label: str | None = None
) -> np.ndarray:
    """Out-of-fold probabilities: every example scored by a pipeline that never saw it."""
    from sklearn.model_selection import StratifiedKFold

    probabilities = np.zeros(len(data.texts))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(data.texts, data.targets):
        fit_arguments = {f"classifier__{k}": v for k, v in _fit_arguments(data, settings, train, label).items()}
        train_texts = [data.texts[i] for i in train]
        pipeline = build_pipeline(settings, label).fit(train_texts, data.targets[train], **fit_arguments)
        probabilities[test] = pipeline.predict_proba([data.texts[i] for i in test])[:, 1]
    return probabilities


def _no_features_named(train):
    """scikit-learn's refusal to fit on no features (texts that share no word or n-gram with another: every
    n-gram must occur in `min_df` texts) as one ModerationError saying what to do, not an internal error."""

    @functools.wraps(train)
    def named(examples, *args, **kwargs):
        try:
            return train(examples, *args, **kwargs)
        except ValueError as error:
            if "0 feature(s)" not in str(error):
                raise
            raise ModerationError(
                f"the {len(examples)} training texts share no word or character n-gram with one another "
                "(each must occur in at least two texts): train on more examples"
            ) from None

    return named


@_no_features_named
def train_model(
    examples: Sequence[Example],
    labels: Sequence[str] | None = None,
    folds: int = 5,
    settings: PipelineSettings | None = None,
    progress: Progress | None = None,
    data_sha256: str | None = None,
    data_files: Sequence[str] | None = None,
    threshold_beta: float = 1.0,
    weights: Sequence[float] | None = None,
    sets_threshold: Sequence[bool] | None = None,
    default_thresholds: dict[str, float] | None = None,
    groups: Sequence[str] | None = None,
) -> Model:
    """Fit one pipeline per label; thresholds maximise F-beta on out-of-fold predictions.

    `threshold_beta` 1 is F1; below 1 favours precision (the default model uses 0.5).
    `folds` < 2 skips cross-validation: thresholds then come from `default_thresholds`, else 0.5, and
    no metrics are recorded. `weights` (one per example) weigh examples in every fit (a logistic
    classifier only); `sets_threshold` marks the examples whose out-of-fold scores choose the threshold
    and give the metrics (see threshold_data). `groups` (one per example, such as its training file)
    make a stack's stacker weigh its members on each group as scored without it (LinearStack.fit);
    a logistic regression has no stacker and ignores them.
    """
    if settings is None:
        # alt-profanity-check is a core dependency: a model never trains silently without its column (a
        # broken install fails here with one clear ModelError instead of giving a weaker model).
        settings = PipelineSettings()
    say = progress or (lambda message: None)
    examples = read_as_the_model_reads(examples)
    stated = labels_in(examples)
    labels = list(labels) if labels else stated
    if not labels:
        raise ModerationError(
            "the training data states no labels (a plain CSV needs --label-column for each label column; "
            'a JSONL line needs a "labels" object such as {"insult": 1})'
        )
    missing = [label for label in labels if label not in stated]
    if missing:
        raise ModerationError(
            f"no example states label {missing[0]!r}; the data's labels: {', '.join(stated) or 'none'}"
        )
    if weights is not None and settings.model != "logistic":
        raise ModerationError(f"weighted training needs the logistic model, not {settings.model!r}")
    per_label = {label: label_data(examples, label, weights, sets_threshold, groups) for label in labels}
    for label, data in per_label.items():
        blank = len(examples) - len(data.texts)
        if blank:
            say(f"{label}: {blank} of {counted(len(examples), 'example')} skipped: no value for this label")
    for label, data in per_label.items():
        counts = np.bincount(data.targets, minlength=2) if len(data.targets) else np.zeros(2, int)
        if counts.min() < max(2, folds):
            raise ModerationError(
                f"label {label!r}: {counts[1]} positive and {counts[0]} negative examples; "
                f"need at least {max(2, folds)} of each"
            )
    metrics: dict[str, dict] = {}
    thresholds: dict[str, float] = {}
    for label, data in per_label.items():
        if folds >= 2:
            say(f"{label}: {folds}-fold cross-validation on {counted(len(data.texts), 'example')}")
            probabilities = cross_validated_probabilities(data, settings, folds, label=label)
            targets, probabilities = threshold_data(data, probabilities)
            thresholds[label] = best_fbeta_threshold(targets, probabilities, threshold_beta)
            metrics[label] = label_metrics(targets, probabilities, thresholds[label])
        else:
            thresholds[label] = (default_thresholds or {}).get(label, 0.5)
    say("fitting the shared features on every training text")
    all_texts = list(dict.fromkeys(e.text for e in examples))
    featurizer = build_featurizer(settings).fit(all_texts)
    pipelines = {}
    from sklearn.pipeline import Pipeline

    for label, data in per_label.items():
        say(f"{label}: fitting the final model on {counted(len(data.texts), 'example')}")
        classifier = build_classifier(settings, label).fit(
            featurizer.transform(data.texts), data.targets, **_fit_arguments(data, settings, label=label)
        )
        pipelines[label] = Pipeline([("features", featurizer), ("classifier", classifier)])
    manifest = {
        "format": "moderation.model/1",
        "package": PACKAGE,
        "labels": labels,
        "thresholds": thresholds,
        "threshold_rule": f"maximises {_f_name(threshold_beta)} on out-of-fold cross-validated probabilities"
        if folds >= 2
        else ("the base model's" if default_thresholds else "0.5") + " (no CV)",
        "metrics": {"cross_validation_folds": folds if folds >= 2 else 0, "labels": metrics},
        "examples": {
            label: {"total": len(d.texts), "positive": int(d.targets.sum())} for label, d in per_label.items()
        },
        "settings": settings.to_dict(),
        "stack_weights": {
            label: weights for label, p in pipelines.items() if (weights := stack_weights(featurizer, p[-1]))
        },
        "versions": library_versions(),
        "training_data": {"sha256": data_sha256, "files": list(data_files or [])},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return Model(pipelines=pipelines, thresholds=thresholds, manifest=manifest)


def stack_weights(featurizer, classifier) -> dict[str, float] | None:
    """A fitted LinearStack's weight for each member and each stacker-only column, by name; None otherwise."""
    from moderation.classify.linear_stack import LinearStack

    if not isinstance(classifier, LinearStack):
        return None
    names: list[str] = []
    for _, block in reversed(featurizer.transformer_list):
        if len(names) >= classifier.stacker_columns:
            break
        names = [str(name) for name in block.get_feature_names_out()] + names
    return classifier.weights_by_part(names[len(names) - classifier.stacker_columns :])


def _f_name(beta: float) -> str:
    return "F1" if beta == 1.0 else f"F{beta:g} (precision counts {1 / beta:g} times as much as recall)"
