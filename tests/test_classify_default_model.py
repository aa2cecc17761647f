"""The default model: built once from the shipped corpus, cached by corpus hash and versions.

The tests of building, caching and using it run twice: in the default run on the fixture corpus
standing in for the shipped one (conftest's `stand_in_default_model`, built by the same code), and
as slow tests on the shipped corpus itself (conftest's `built_in_model`: its build is about a quarter
of the default run's CPU time; `.ci/run` runs the slow tests). The tests of rebuilding train on the
fixture corpus, in a cache of their own.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from moderation.classify import default_model
from moderation.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "classify"


@pytest.fixture(params=["stand-in", pytest.param("shipped", marks=pytest.mark.slow)])
def default_cache(request):
    """A cache and the default model built into it: from the fixture corpus standing in for the shipped
    one (set as this test's corpus and cache, so `moderate` finds it), or from the shipped corpus (slow)."""
    if request.param == "stand-in":
        return request.getfixturevalue("stand_in_corpus"), request.getfixturevalue("stand_in_default_model")
    return request.getfixturevalue("private_model_cache"), request.getfixturevalue("built_in_model")


def test_default_model_is_built_once_and_cached(default_cache, monkeypatch):
    """The model is saved under this corpus's key with its manifest; loading it again builds and writes
    nothing. Other models may share the cache (the session's other tests): only this key's files count."""
    cache, model = default_cache
    assert model.path == default_model.default_model_path() and model.path.parent == cache
    assert model.path.with_name(model.path.stem + ".manifest.json").exists()
    assert set(model.labels) == {"insult", "username_change"}
    before = {path: path.stat().st_mtime_ns for path in cache.iterdir()}

    def rebuilt(*args, **kwargs):
        raise AssertionError("the cached default model was rebuilt")

    monkeypatch.setattr(default_model, "train_default_model", rebuilt)
    again = default_model.load_default_model()
    assert again.path == model.path and set(again.labels) == set(model.labels)
    assert {path: path.stat().st_mtime_ns for path in cache.iterdir()} == before  # loaded, nothing written


def test_default_model_flags_an_insult_and_a_name_change(default_cache):
    _, model = default_cache
    texts = [
        "You are a clueless idiot, what is the matter with you?",
        "Apologies for the new username, I used to post here as Kestrel.",
        "The council meets on Tuesday to discuss the bus lanes.",
    ]
    scores = model.predict_proba(texts)
    assert scores["insult"][0] > scores["insult"][2]
    assert scores["username_change"][1] > scores["username_change"][2]


def test_score_without_model_uses_the_default_model(default_cache, tmp_path):
    data = tmp_path / "few.jsonl"
    data.write_text('{"text": "you utter moron"}\n{"text": "nice photos"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(data)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 2 and set(records[0]["scores"]) == {"insult", "username_change"}


def test_cache_key_follows_corpus_content_and_library_versions(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "corpus.jsonl", corpus / "a.jsonl")
    monkeypatch.setenv(default_model.CORPUS_ENV, str(corpus))
    first = default_model.cache_key(default_model.corpus_files())
    with open(corpus / "a.jsonl", "a", encoding="utf-8") as stream:
        stream.write('{"text": "one more", "labels": {"insult": 0}}\n')
    second = default_model.cache_key(default_model.corpus_files())
    assert first != second
    monkeypatch.setattr("sklearn.__version__", "0.0.1")
    assert default_model.cache_key(default_model.corpus_files()) != second


def test_cache_dir_honours_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(default_model.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_model.cache_dir() == tmp_path / "moderation"
    monkeypatch.setenv(default_model.CACHE_ENV, str(tmp_path / "x"))
    assert default_model.cache_dir() == tmp_path / "x"


def test_missing_corpus_is_a_model_error(monkeypatch, tmp_path):
    from moderation.errors import ModelError

    monkeypatch.setattr(default_model, "_corpus_candidates", lambda: [tmp_path / "nothing"])
    with pytest.raises(ModelError, match="no default training corpus"):
        default_model.corpus_files()


def test_without_profanity_check_no_model_trains_silently_without_that_feature(monkeypatch):
    """alt-profanity-check is a core dependency: a broken install is one clear error, not a weaker model."""
    from moderation.classify import profanity_feature
    from moderation.classify.training import train_model
    from moderation.datasets import load_examples
    from moderation.errors import ModelError

    assert default_model.default_settings().profanity_feature is True
    monkeypatch.setattr(profanity_feature, "_loaded", None)
    monkeypatch.setattr(profanity_feature, "_scorer", None)
    monkeypatch.setitem(sys.modules, "profanity_check", None)  # makes the import fail
    examples = load_examples(FIXTURES / "corpus.jsonl")
    with pytest.raises(ModelError, match="alt-profanity-check"):
        train_model(examples, labels=["insult"], folds=0)


def test_model_needing_profanity_check_without_it_is_one_clear_error(monkeypatch, tmp_path):
    from moderation.classify import profanity_feature
    from moderation.classify.model import load_model
    from moderation.classify.pipeline import PipelineSettings
    from moderation.classify.training import train_model
    from moderation.datasets import load_examples
    from moderation.errors import ModelError

    examples = load_examples(FIXTURES / "corpus.jsonl")
    model = train_model(examples, labels=["insult"], folds=0, settings=PipelineSettings())
    model.save(tmp_path / "m.joblib")
    monkeypatch.setattr(profanity_feature, "_loaded", None)
    monkeypatch.setattr(profanity_feature, "_scorer", None)
    monkeypatch.setitem(sys.modules, "profanity_check", None)
    with pytest.raises(ModelError, match="alt-profanity-check"):
        load_model(tmp_path / "m.joblib")


def test_damaged_cached_default_model_is_rebuilt(fixture_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(default_model.CACHE_ENV, str(tmp_path))
    cached = default_model.load_default_model().path
    cached.write_bytes(cached.read_bytes()[:100])
    with pytest.warns(default_model.ModelCacheWarning, match="refused, rebuilt"):
        model = default_model.load_default_model()
    assert set(model.labels) == {"insult", "username_change"}
    assert cached.stat().st_size > 1000
    assert default_model.load_default_model().manifest["weights_sha256"] == model.manifest["weights_sha256"]


@pytest.fixture
def fixture_corpus(monkeypatch):
    monkeypatch.setenv(default_model.CORPUS_ENV, str(FIXTURES))


def test_a_cache_other_users_can_write_is_never_unpickled(fixture_corpus, tmp_path, monkeypatch):
    """A pickle planted in a shared cache would run as whoever runs `moderate` next: not read, said once."""
    import joblib
    from test_classify_model import _Tripwire

    cache = tmp_path / "shared-cache"
    cache.mkdir()
    cache.chmod(0o777)
    monkeypatch.setenv(default_model.CACHE_ENV, str(cache))
    planted = default_model.default_model_path()
    joblib.dump(_Tripwire(), planted)
    with pytest.warns(default_model.ModelCacheWarning, match="writable by other users"):
        model = default_model.load_default_model()
    assert not _Tripwire.ran
    assert model.path is None and set(model.labels) == {"insult", "username_change"}


def test_an_unwritable_cache_gives_a_model_in_memory(fixture_corpus, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(default_model.CACHE_ENV, str(blocker / "cache"))
    with pytest.warns(default_model.ModelCacheWarning, match="built in memory"):
        model = default_model.load_default_model()
    assert model.path is None and model.predict_proba(["hello"])["insult"].shape == (1,)


def test_a_cached_model_that_does_not_match_its_manifest_is_rebuilt_with_a_warning(
    fixture_corpus, tmp_path, monkeypatch
):
    monkeypatch.setenv(default_model.CACHE_ENV, str(tmp_path))
    first = default_model.load_default_model()
    first.path.write_bytes(first.path.read_bytes() + b"tampered")
    with pytest.warns(default_model.ModelCacheWarning, match="refused, rebuilt"):
        again = default_model.load_default_model()
    assert again.path == first.path
    assert default_model.load_default_model().manifest["weights_sha256"] == again.manifest["weights_sha256"]


@pytest.mark.slow
def test_the_precision_and_recall_the_default_model_states_hold_on_real_comments(built_in_model, kaggle):
    """The model card and the report header restate these numbers: they must be what the model does."""
    from moderation.datasets import load_examples

    model = built_in_model
    if "expected" not in model.manifest:
        pytest.skip("the fixture corpus stands in for the shipped one: its model states no measured numbers")
    examples = load_examples(kaggle / "train.csv")
    insults = [e.labels["insult"] == 1 for e in examples]
    scores = model.predict_proba([e.text for e in examples])["insult"]
    flagged = [score >= model.thresholds["insult"] for score in scores]
    true_flags = sum(f and i for f, i in zip(flagged, insults, strict=True))
    stated = model.manifest["expected"]["insult"]
    assert abs(true_flags / sum(flagged) - stated["precision"]) <= 0.02
    assert abs(true_flags / sum(insults) - stated["recall"]) <= 0.02


def test_cache_key_follows_the_stated_expectation(monkeypatch):
    """A model cached before the expected numbers were re-measured would state the old ones in its card."""
    files = default_model.corpus_files()
    before = default_model.cache_key(files)
    remeasured = {"insult": {**default_model.EXPECTED_ON_REAL_COMMENTS["insult"], "precision": 0.01}}
    monkeypatch.setattr(default_model, "EXPECTED_ON_REAL_COMMENTS", remeasured)
    assert default_model.cache_key(files) != before


def test_every_shipped_category_has_a_fixed_fold_and_each_fold_holds_both_classes():
    files = default_model.corpus_files()
    insults_by_fold: dict[int, set[int]] = {}
    for path in files:
        assert path.stem in default_model.CATEGORY_FOLD, f"{path.name} has no fold in CATEGORY_FOLD"
        fold = default_model.category_fold(path.stem)
        labels = {json.loads(line)["labels"]["insult"] for line in path.read_text("utf-8").splitlines() if line.strip()}
        insults_by_fold.setdefault(fold, set()).update(labels)
    assert sorted(insults_by_fold) == list(range(default_model.CATEGORY_FOLDS))
    assert all(labels == {0, 1} for labels in insults_by_fold.values())
