"""`--threshold LABEL=NUMBER`: one flagging threshold overridden, for every command that flags comments.

A model's thresholds are chosen on its training data's out-of-fold scores; on another site's comments
the best one may lie elsewhere (docs/benchmarks.md), so a moderator can trade recall for precision
without retraining.
"""

from __future__ import annotations

import click


def threshold_option(function):
    return click.option(
        "--threshold",
        "thresholds",
        multiple=True,
        metavar="LABEL=NUMBER",
        help="Flag LABEL from this probability on, instead of the model's threshold (repeatable), e.g. insult=0.7.",
    )(function)


def parse_thresholds(values: tuple[str, ...]) -> dict[str, float]:
    """LABEL=NUMBER pairs, each number from 0 to 1; anything else is a usage error naming the value."""
    thresholds: dict[str, float] = {}
    for value in values:
        label, sep, number = value.partition("=")
        try:
            threshold = float(number)
        except ValueError:
            threshold = -1.0
        if not sep or not label.strip() or not 0.0 <= threshold <= 1.0:
            raise click.BadParameter(
                f"{value!r}: expected LABEL=NUMBER with a number from 0 to 1", param_hint="--threshold"
            )
        thresholds[label.strip()] = threshold
    return thresholds


def check_labels(labels, model_labels) -> None:
    """A usage error for a label the model does not have."""
    for label in labels:
        if label not in model_labels:
            raise click.BadParameter(f"unknown label {label!r} (the model has: {', '.join(model_labels)})")


def with_overrides(model, overrides: dict[str, float]) -> dict[str, float]:
    """The model's thresholds with the parsed --threshold overrides applied (parse before loading the model,
    so that a typo fails at once)."""
    check_labels(overrides, model.labels)
    return {**model.thresholds, **overrides}
