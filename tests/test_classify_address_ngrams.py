"""The word n-grams that only address the reader ("you", "you are") are left out when asked (issue 13)."""

from __future__ import annotations

import numpy as np
from test_classify_features import ngrams_by_column

from moderation.classify.address_ngrams import address_buckets, address_ngrams
from moderation.classify.default_model import default_settings
from moderation.classify.pipeline import PipelineSettings, build_featurizer
from moderation.classify.text_features import WordNgramHasher

TEXTS = [
    "honestly you are an idiot today",
    "are you sure about your numbers",
    "you idiot",
    "thank you",
    "u r a clown again mate",
    "you're right",
]


def test_address_only_ngrams_are_left_out_and_every_other_ngram_kept():
    kept = WordNgramHasher(min_df=1, drop_address=True).fit(TEXTS)
    counted = set().union(*(ngrams_by_column(kept, text).values() for text in TEXTS))
    assert not counted & {"you", "you are", "are you", "your", "you're", "u"}
    # An address beside a word that says something stays: the targeting is in the pair.
    assert {"idiot", "you idiot", "an idiot", "are", "thank you", "you sure", "your numbers", "clown"} <= counted


def test_by_default_the_address_ngrams_are_counted_as_before():
    every = WordNgramHasher(min_df=1).fit(TEXTS)
    dropped = WordNgramHasher(min_df=1, drop_address=True).fit(TEXTS)
    assert {"you", "you are", "are you"} <= set(ngrams_by_column(every, TEXTS[0]).values()) | set(
        ngrams_by_column(every, TEXTS[1]).values()
    )
    assert set(dropped.buckets_) < set(every.buckets_)
    assert np.isin(address_buckets(every), dropped.buckets_).sum() == 0


def test_a_text_that_only_addresses_the_reader_has_no_word_features():
    hasher = WordNgramHasher(min_df=1, drop_address=True).fit(TEXTS + ["you", "are you", "you are"])
    assert hasher.transform(["you", "You...", "YOUR?", "you you"]).nnz == 0
    assert set(ngrams_by_column(hasher, "ARE YOU?").values()) == {"are"}


def test_address_ngrams_are_second_person_and_function_words_only():
    found = address_ngrams()
    assert "you" in found and "you are" in found and "of you" in found
    assert "idiot" not in found and "you idiot" not in found and "are" not in found and "the the" not in found


def test_the_built_in_model_leaves_them_out_and_moderate_train_keeps_them():
    def words(settings):
        return dict(build_featurizer(settings).transformer_list)["words"].named_steps["ngrams"]

    assert words(default_settings()).drop_address is True
    assert words(PipelineSettings()).drop_address is False
    assert PipelineSettings.from_dict(PipelineSettings().to_dict()).address_ngrams is True
