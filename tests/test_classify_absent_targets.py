"""AbsentTargeting: insult words aimed at someone outside the thread, not at a participant."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.classify.absent_targets import AbsentTargeting, insult_words
from moderation.classify.pipeline import PipelineSettings, build_featurizer, stacker_columns


@pytest.mark.parametrize(
    ("text", "aimed_away"),
    [
        ("The mayor is a clueless buffoon.", 1),
        ("Those banks are greedy pigs", 1),
        ("You know the senator is a liar, right?", 1),  # the senator is nearer to "liar" than "you"
        ("The council is fine. You are a dimwit.", 0),  # the clause ends before the insult
        ("The referee said you are an idiot", 0),  # "you" comes nearer to the insult
        ("The minister said he is a fool", 0),  # a pronoun may be a participant: it stops the search
        ("Honestly you are a buffoon", 0),
        ("The police did a fine job tonight", 0),  # a third party, no insult word
        ("The president\0 idiot", 0),  # no match crosses from one text into the next
    ],
)
def test_an_insult_word_counts_when_its_nearest_person_is_a_third_party(text, aimed_away):
    texts = text.split("\0")
    values = AbsentTargeting().fit(texts).transform(texts).toarray()
    assert values.shape == (len(texts), 1)
    assert values[0, 0] == aimed_away


def test_the_profanity_models_heavy_words_are_insult_words():
    words = insult_words()
    assert {"idiot", "bastard", "fuck"} <= words  # the package's list and alt-profanity-check's weights
    assert "policy" not in words and "senator" not in words


def test_an_empty_batch_gives_no_rows():
    assert AbsentTargeting().fit([]).transform([]).shape == (0, 1)


def test_the_block_joins_the_featurizer_and_the_stackers_columns_only_when_asked():
    on = PipelineSettings(absent_targeting=True)
    names = [name for name, _ in build_featurizer(on).transformer_list]
    assert "absent_targeting" in names
    assert "absent_targeting" not in [name for name, _ in build_featurizer(PipelineSettings()).transformer_list]
    assert stacker_columns(on) == stacker_columns(PipelineSettings()) + AbsentTargeting.width


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(["the mayor", "idiot", "you", "he", "banks", "are", ".", ",", "\0", "x"])).map(
            " ".join
        ),
        max_size=6,
    )
)
def test_a_batch_equals_each_text_alone(texts):
    block = AbsentTargeting().fit(texts)
    alone = np.vstack([block.transform([text]).toarray() for text in texts]) if texts else np.zeros((0, 1))
    assert np.array_equal(block.transform(texts).toarray(), alone)
