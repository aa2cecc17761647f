"""alt-profanity-check read as plain arrays (profanity_arrays.py) scores as the package does, to the bit."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.classify import profanity_arrays, profanity_feature

TEXTS = [
    "You are an idiot and a fool",
    "what a stupid fucking policy",
    "thanks for the thoughtful article",
    "",
    "the and of",
    "SHUT UP you moron!!! go away",
    "ꙮꙮseparatorꙮꙮ you idiot",  # the separator word: the package's own vectorizer reads this batch
]


@pytest.fixture
def package():
    if not profanity_feature.profanity_available():
        pytest.skip("alt-profanity-check is not installed")
    return profanity_feature.profanity_model()


def test_arrays_give_the_packages_probabilities_and_weights_to_the_bit(package):
    from moderation.classify.explain import linear_coefficients

    vectorizer, model = package
    arrays = profanity_arrays.from_package(vectorizer, model)
    assert arrays is not None, "the installed package's model is the calibrated linear model the arrays hold"
    tfidf = vectorizer.transform(TEXTS)
    assert np.array_equal(arrays.probabilities(tfidf), model.predict_proba(tfidf)[:, 1])
    assert np.array_equal(arrays.coefficients, linear_coefficients(model))
    assert list(arrays.vocabulary.items()) == list(vectorizer.vocabulary_.items())
    assert np.array_equal(profanity_feature.word_tfidf(arrays, TEXTS).toarray(), tfidf.toarray())


def test_arrays_written_and_read_back_are_the_same(package, tmp_path):
    arrays = profanity_arrays.from_package(*package)
    path = tmp_path / "profanity.npz"
    profanity_arrays.write_arrays(arrays, path)
    read = profanity_arrays.read_arrays(path)
    assert list(read.vocabulary.items()) == list(arrays.vocabulary.items())
    assert read.stop_words == arrays.stop_words and read.token_pattern == arrays.token_pattern
    assert read.plain == arrays.plain
    for name in ("idf", "coefs", "intercepts", "sigmoid_a", "sigmoid_b", "coefficients"):
        assert np.array_equal(getattr(read, name), getattr(arrays, name)), name
    tfidf = package[0].transform(TEXTS)
    assert np.array_equal(read.probabilities(tfidf), arrays.probabilities(tfidf))


def test_a_damaged_cache_file_is_read_as_absent(package, tmp_path):
    path = tmp_path / "profanity.npz"
    path.write_bytes(b"not a zip file")
    assert profanity_arrays.read_arrays(path) is None
    assert profanity_arrays.read_arrays(tmp_path / "missing.npz") is None
    whole = tmp_path / "whole.npz"
    profanity_arrays.write_arrays(profanity_arrays.from_package(*package), whole)
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # cut short: a zip without its directory
    assert profanity_arrays.read_arrays(path) is None
    arrays = profanity_arrays.from_package(*package)
    arrays.coefs = arrays.coefs[:, :-1]  # weights that do not cover the vocabulary
    profanity_arrays.write_arrays(arrays, path)
    assert profanity_arrays.read_arrays(path) is None


def test_the_scorer_is_cached_and_read_back_without_the_packages_pickles(package, tmp_path, monkeypatch):
    monkeypatch.setenv("MODERATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(profanity_feature, "_scorer", None)
    built = profanity_feature.profanity_scorer()
    cached = list(tmp_path.glob("profanity-check-*.npz"))
    assert len(cached) == 1, "the first run caches the arrays"

    def no_pickles():
        raise AssertionError("the package's pickles were loaded though the arrays are cached")

    monkeypatch.setattr(profanity_feature, "_scorer", None)
    monkeypatch.setattr(profanity_feature, "profanity_model", no_pickles)
    read = profanity_feature.profanity_scorer()
    tfidf = package[0].transform(TEXTS[:-1])
    assert np.array_equal(read.probabilities(tfidf), built.probabilities(tfidf))


def test_a_model_of_another_kind_is_not_read_as_arrays(package):
    vectorizer, _ = package

    class Other:
        classes_ = np.array([0, 1])
        calibrated_classifiers_ = []

    assert profanity_arrays.from_package(vectorizer, Other()) is None


def test_a_package_model_the_arrays_do_not_hold_is_used_as_it_is(package, tmp_path, monkeypatch):
    vectorizer, model = package
    monkeypatch.setenv("MODERATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(profanity_feature, "_scorer", None)
    monkeypatch.setattr(profanity_feature, "from_package", lambda vectorizer, model: None)
    scorer = profanity_feature.profanity_scorer()
    assert not list(tmp_path.glob("profanity-check-*.npz"))
    tfidf = profanity_feature.word_tfidf(scorer, TEXTS)
    assert np.array_equal(tfidf.toarray(), vectorizer.transform(TEXTS).toarray())
    assert np.array_equal(scorer.probabilities(tfidf), model.predict_proba(tfidf)[:, 1])
    assert profanity_feature.profane_words_many(["you idiot"]) == [["idiot"]]
