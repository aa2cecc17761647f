"""Shared test set-up: a fixed salt so author keys are stable, and the ../shared material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["MODERATION_SALT"] = "tests-salt"

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEEDS = SHARED / "seeds"
KAGGLE = SHARED / "data" / "kaggle-insults"
CASES = Path(__file__).resolve().parent / "cases"


def require_shared(path: Path) -> Path:
    """Skip, with the reason, when the team's shared material is not beside the project."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the ../shared material (seed pages, Kaggle data) is not beside this checkout")
    return path


@pytest.fixture
def seeds() -> Path:
    return require_shared(SEEDS)


@pytest.fixture
def kaggle() -> Path:
    return require_shared(KAGGLE)


@pytest.fixture(scope="session")
def small_model_file(tmp_path_factory) -> Path:
    """A model trained by `moderate train` on the small fixture corpus (no cross-validation: quick)."""
    from click.testing import CliRunner

    from moderation.cli import cli

    path = tmp_path_factory.mktemp("small-model") / "fixture.joblib"
    corpus = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"
    result = CliRunner().invoke(cli, ["train", str(corpus), "-o", str(path), "--cv", "0"])
    assert result.exit_code == 0, result.output
    return path
