"""CLI commands of the classifier (placeholder until the classifier lands)."""

import click

from moderation.errors import ModelError


@click.command("train")
def train_command() -> None:
    """Train a model (not implemented yet)."""
    raise ModelError("train is not implemented yet")


@click.command("evaluate")
def evaluate_command() -> None:
    """Evaluate a model (not implemented yet)."""
    raise ModelError("evaluate is not implemented yet")


@click.command("score")
def score_command() -> None:
    """Score comments (not implemented yet)."""
    raise ModelError("score is not implemented yet")
