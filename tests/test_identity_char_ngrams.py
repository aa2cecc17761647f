"""The style model's numpy-counted TF-IDF (identity/char_ngrams.py) is scikit-learn's, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PROJECT
from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from moderation.identity import char_ngrams
from moderation.identity.char_ngrams import CharTfidfVectorizer
from moderation.identity.profiles import collect
from moderation.parsing import expand_paths, parse_source

# The style model's settings (style.py).
SETTINGS = dict(
    analyzer="char", ngram_range=(2, 4), lowercase=False, sublinear_tf=True, max_features=200_000, dtype=np.float32
)
# Few characters, so that n-grams repeat; whitespace runs (scikit-learn folds them), astral and
# surrogate code points (one character each in Python, as in scikit-learn's slices).
_CHARACTERS = st.sampled_from(list("ab cA\n\t  xyz.!ı😀é") + ["\ud800"])
_DOCUMENTS = st.lists(st.text(_CHARACTERS, max_size=40), min_size=1, max_size=8)


def _fitted(vectorizer_class, documents, **settings):
    vectorizer = vectorizer_class(**{**SETTINGS, **settings})
    try:
        return vectorizer, vectorizer.fit_transform(documents), None
    except ValueError as error:  # no n-gram at all: both refuse alike
        return vectorizer, None, str(error)


def _assert_identical(documents, **settings):
    theirs, expected, expected_error = _fitted(TfidfVectorizer, documents, **settings)
    ours, found, error = _fitted(CharTfidfVectorizer, documents, **settings)
    assert error == expected_error
    if expected is None:
        return
    assert list(ours.vocabulary_.items()) == list(theirs.vocabulary_.items())
    assert type(found) is type(expected) and found.shape == expected.shape and found.dtype == expected.dtype
    assert np.array_equal(found.indptr, expected.indptr)
    assert np.array_equal(found.indices, expected.indices)  # same order within rows: same sums, same norms
    assert np.array_equal(found.data, expected.data)


@given(_DOCUMENTS)
def test_random_documents_give_scikit_learns_matrix(documents):
    _assert_identical(documents)


@given(_DOCUMENTS)
def test_the_sorting_path_gives_the_same_matrix(documents):
    limit = char_ngrams._TABLE_LIMIT
    char_ngrams._TABLE_LIMIT = 4  # every n-gram renumbered by sorting, as for a huge alphabet
    try:
        _assert_identical(documents)
    finally:
        char_ngrams._TABLE_LIMIT = limit


def test_other_settings_are_left_to_scikit_learn():
    documents = ["Same Words here", "same words HERE", "x"]
    _assert_identical(documents, lowercase=True)
    _assert_identical(documents, analyzer="char_wb")
    _assert_identical(documents, ngram_range=(1, 3))


def test_sample_threads_style_documents():
    threads = [thread for source in expand_paths([PROJECT / "sample_threads"]) for thread in parse_source(source)]
    run, _ = collect(threads)
    documents = ["\n".join(a.text for a in profile.appearances) for profile in run.profiles.values()]
    assert len(documents) > 10
    _assert_identical(documents)


@pytest.mark.slow
def test_a_large_flagged_dump_thread(tmp_path):
    """The report benchmark's dump shape (generated readers, 48% insults), made here with its generator."""
    import random
    import sys

    benchmarks = str(PROJECT / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from flagged_dump import SHARE, insult
        from parse_benchmark import generate_ndjson, sentence
    finally:
        sys.path.remove(benchmarks)
    path = tmp_path / "4000-flagged.ndjson"
    rng = random.Random(2)
    generate_ndjson(path, 4000, 4, rng, text=lambda r: insult(r) if r.random() < SHARE else sentence(r))
    threads = [thread for source in expand_paths([path]) for thread in parse_source(source)]
    run, _ = collect(threads)
    _assert_identical(["\n".join(a.text for a in profile.appearances) for profile in run.profiles.values()])
