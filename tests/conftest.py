"""Shared test set-up: a fixed salt so author keys are stable, a private model cache, the built-in
model (and a stand-in for it) built once per session, Hypothesis profiles, and the ../shared material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ["MODERATION_SALT"] = "tests-salt"

# One BLAS thread per process. The suite runs as two pytest-xdist workers on two cores: OpenBLAS's own
# threads (one per core by default) then wait for cores the other worker holds, spinning as they wait.
# test_site_adjustment.py took 5.4-6.6 CPU s that way and 1.5 CPU s with one thread (docs/benchmarks.md,
# "Test suite"). Set here, before anything imports numpy; the processes the tests start inherit it.
BLAS_THREADS = "1"
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, BLAS_THREADS)

# Property tests: the default run tries few examples per property, CI many. `.ci/run` runs the README's
# test command with the default profile, then the property tests (`-m hypothesis`) again with
# HYPOTHESIS_PROFILE=ci; `pytest --hypothesis-profile=ci` does the same by hand. Tests that state no
# max_examples take the profile's; the counts below are what each profile spends on those.
PROPERTY_EXAMPLES = {"dev": 25, "ci": 150}
for _name, _count in PROPERTY_EXAMPLES.items():
    settings.register_profile(
        _name, max_examples=_count, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# A property that asks for many examples of its own gets them in the CI profile, and a quarter of them (never
# fewer than the dev profile's) in the default run, which stays fast (the guide: <= 60 s on two cores).
DEFAULT_RUN_SHARE = 4


def property_examples(count: int) -> int:
    if os.environ.get("HYPOTHESIS_PROFILE", "dev") == "ci":
        return count
    return max(PROPERTY_EXAMPLES["dev"], count // DEFAULT_RUN_SHARE)


PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEEDS = SHARED / "seeds"
KAGGLE = SHARED / "data" / "kaggle-insults"
CASES = Path(__file__).resolve().parent / "cases"
# The small corpus (70 lines, both labels) the tests train on, and that stands in for the shipped one.
FIXTURE_CORPUS_DIR = Path(__file__).resolve().parent / "fixtures" / "classify"


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


@pytest.fixture(scope="session", autouse=True)
def private_model_cache(tmp_path_factory) -> Path:
    """The default-model cache of every test is one fresh folder of this session, never the user's:
    no test loads a model a past run left there, and the built-in model is built at most once per
    session (per xdist worker: `--dist loadfile` keeps the tests that need it on one)."""
    from moderation.classify.default_model import CACHE_ENV

    cache = tmp_path_factory.mktemp("model-cache")
    cache.chmod(0o700)  # the loader refuses a cache other users can write
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(cache))
        yield cache


@pytest.fixture(scope="session")
def built_in_model(private_model_cache):
    """The built-in model, built from the shipped corpus once per session into the private cache.

    The build is about a quarter of the default run's CPU time (docs/benchmarks.md, "Test suite"): a test
    that needs the shipped model itself is marked slow (`.ci/run` runs those too, in one session that
    builds it once); one that needs only the default-model path takes `stand_in_default_model`."""
    from moderation.classify.default_model import load_default_model

    return load_default_model()


@pytest.fixture(scope="session")
def stand_in_cache(tmp_path_factory) -> Path:
    """A cache folder of its own for the stand-in default model (the private cache keeps the shipped one)."""
    cache = tmp_path_factory.mktemp("stand-in-model-cache")
    cache.chmod(0o700)
    return cache


@pytest.fixture(scope="session")
def stand_in_default_model(stand_in_cache):
    """The default model built by the built-in model's own path (load_default_model: build, cache, load)
    from the fixture corpus in place of the shipped one, once per session: a second, not twenty."""
    from moderation.classify.default_model import CACHE_ENV, CORPUS_ENV, load_default_model

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CORPUS_ENV, str(FIXTURE_CORPUS_DIR))
        patch.setenv(CACHE_ENV, str(stand_in_cache))
        return load_default_model()


@pytest.fixture
def stand_in_corpus(monkeypatch, stand_in_cache, stand_in_default_model) -> Path:
    """For one test, `moderate` without --model finds the stand-in model (already built) as its default."""
    from moderation.classify.default_model import CACHE_ENV, CORPUS_ENV

    monkeypatch.setenv(CORPUS_ENV, str(FIXTURE_CORPUS_DIR))
    monkeypatch.setenv(CACHE_ENV, str(stand_in_cache))
    return stand_in_cache
