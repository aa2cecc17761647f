"""The classifier's feature extractors: numpy hashing matches the explanations, text cleaning, targeting."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.classify.metrics import best_fbeta_threshold
from moderation.classify.text_features import (
    _LENGTH_SALT,
    _MASK32,
    _MIX,
    _PAIR_PRIME,
    _PRIME,
    _WORD_SALTS,
    CharNgramHasher,
    ReaderTargeting,
    SecondPersonCount,
    SecondPersonTargeting,
    WordNgramHasher,
    normalize,
    trie_alternation,
)


def ngrams_by_column(hasher, text: str) -> dict[int, str]:
    """The first n-gram of `text` behind each column it activates, through the batch paths the explanations use."""
    found: dict[int, str] = {}
    if isinstance(hasher, WordNgramHasher):
        tokens = hasher.batch_grams([text])
        for order, first, columns in tokens.grams:
            for token, column in zip(first.tolist(), columns.tolist(), strict=True):
                if column >= 0:
                    words = [tokens.joined[tokens.starts[i] : tokens.ends[i]] for i in range(token, token + order)]
                    found.setdefault(column, " ".join(words))
        return found
    (normalized,), _, columns, starts, ends = hasher.batch_spans([text])
    for column, start, end in zip(columns.tolist(), starts.tolist(), ends.tolist(), strict=True):
        found.setdefault(column, normalized[start:end])
    return found


def _bucket_of(gram: str, bits: int) -> int:
    """The character hash written plainly, one n-gram at a time: the oracle for the numpy version."""
    value = 0
    for char in gram:
        value = (value * _PRIME + ord(char)) & _MASK32
    value ^= (len(gram) * _LENGTH_SALT) & _MASK32
    return ((value * _MIX) & _MASK32) >> (32 - bits)


_WORD_TOKEN = re.compile(r"[0-9a-z'\u00c0-\U0010ffff]+")


def _word_buckets(normalized: str, low: int, high: int, bits: int) -> list[int]:
    """The word hash written plainly, one n-gram at a time: the oracle for the numpy version."""
    hashes = []
    for token in _WORD_TOKEN.findall(normalized):
        value, power = 0, 1
        for char in token:
            value = (value + ord(char) * power) & _MASK32
            power = (power * _PRIME) & _MASK32
        hashes.append(value)
    buckets = []
    for order in range(low, high + 1):
        for first in range(len(hashes) - order + 1):
            value = hashes[first]
            for following in hashes[first + 1 : first + order]:
                value = (value * _PAIR_PRIME + following) & _MASK32
            buckets.append((((value ^ _WORD_SALTS[order - 1]) * _MIX) & _MASK32) >> (32 - bits))
    return buckets


COMMENTS = [
    "You are a stupid idiot, f*ck you",
    "what is the matter with you?? u r a moron",
    "Stuuupid IDIOT, read http://example.org/a?b=1 first",
    "Thanks for the update on the library opening hours.",
]
HASHERS = {
    "words 1-3 cleaned": lambda: WordNgramHasher(ngram_range=(1, 3), min_df=1, cleaning=("urls",)),
    "chars 1-5": lambda: CharNgramHasher(ngram_range=(1, 5), min_df=1),
    "chars 2-4 cleaned": lambda: CharNgramHasher(ngram_range=(2, 4), min_df=1, cleaning=("urls",)),
}
comment_text = st.text(alphabet=st.sampled_from(list("abcUR u'!.*@1\n ÉéİßЖ")), max_size=40)


@pytest.mark.parametrize("name", HASHERS)
@settings(max_examples=60, deadline=None)
@given(texts=st.lists(comment_text, min_size=1, max_size=4))
def test_explanations_name_exactly_the_columns_a_text_activates(name, texts):
    hasher = HASHERS[name]().fit(COMMENTS + texts)
    matrix = hasher.transform(texts).tocsr()
    for row, text in enumerate(texts):
        assert set(matrix[row].indices) == set(ngrams_by_column(hasher, text))


@pytest.mark.parametrize("name", [name for name in HASHERS if name.startswith("chars")])
def test_counts_are_the_ngram_occurrences_and_slicing_a_batch_changes_nothing(name):
    texts = COMMENTS + ["", "aaaa aaaa", "u r u r u r"]
    hasher = HASHERS[name]().fit(texts)
    hasher.rows_per_slice = len(texts)
    whole = hasher.transform(texts).toarray()
    low, high = hasher.ngram_range
    for row, text in enumerate(texts):
        normalized, expected = hasher._normalized(text), Counter()
        for n in range(low, high + 1):
            for start in range(len(normalized) - n + 1):
                gram = normalized[start : start + n]
                expected[int(hasher.column_of_bucket_[_bucket_of(gram, hasher.bits)])] += 1
        expected.pop(-1, None)
        assert {column: whole[row, column] for column in np.flatnonzero(whole[row])} == expected
        # The positions the explanations use: each span is an n-gram of the normalized text, in its column.
        (spanned,), _, columns, starts, ends = hasher.batch_spans([text])
        assert spanned == normalized and Counter(columns.tolist()) == expected
        for column, start, end in zip(columns.tolist(), starts.tolist(), ends.tolist(), strict=True):
            assert int(hasher.column_of_bucket_[_bucket_of(normalized[start:end], hasher.bits)]) == column
    hasher.rows_per_slice = 2
    assert np.array_equal(hasher.transform(texts).toarray(), whole)


@pytest.mark.parametrize("positions", [[0, 2, 5], [5, 2, 0], [1], [], [3, 4, 6]])
def test_spans_kept_when_scoring_are_those_of_the_chosen_texts_spanned_alone(positions):
    """What scoring keeps for the reasons (transform_keeping, NgramSpans.rows_at) is, for any texts of
    the batch in any order, what batch_spans finds for those texts alone, in the same order."""
    texts = COMMENTS[:5] + ["", "aaaa aaaa", "u r u r u r"]
    hasher = CharNgramHasher(ngram_range=(2, 4), min_df=1, cleaning=("urls",)).fit(texts)
    hasher.rows_per_slice = 3  # the batch counted in several slices
    counts, spans = hasher.transform_keeping(texts)
    assert np.array_equal(counts.toarray(), hasher.transform(texts).toarray())
    chosen = [texts[position] for position in positions]
    kept = hasher.batch_spans(chosen, spans.rows_at(positions))
    alone = hasher.batch_spans(chosen)
    assert kept[0] == alone[0]
    for kept_part, alone_part in zip(kept[1:], alone[1:], strict=True):
        assert kept_part.dtype == alone_part.dtype and kept_part.tolist() == alone_part.tolist()


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (1, 3), (2, 3)])
def test_word_counts_are_the_ngram_occurrences(ngram_range):
    texts = COMMENTS + ["", "u r u r u r", "don't   STOP, Élan ßtraße"]
    hasher = WordNgramHasher(ngram_range=ngram_range, min_df=1, cleaning=("urls",)).fit(texts)
    whole = hasher.transform(texts).toarray()
    for row, text in enumerate(texts):
        normalized = normalize(text, cleaning=("urls",))
        expected = Counter(
            int(hasher.column_of_bucket_[b]) for b in _word_buckets(normalized, *ngram_range, hasher.bits)
        )
        expected.pop(-1, None)
        assert {column: whole[row, column] for column in np.flatnonzero(whole[row])} == expected


def test_word_trigrams_are_counted_only_with_range_up_to_three():
    texts = ["you are a clown", "you are a star"]
    bigrams = WordNgramHasher(ngram_range=(1, 2), min_df=1).fit(texts)
    trigrams = WordNgramHasher(ngram_range=(1, 3), min_df=1).fit(texts)
    assert "you are a" in ngrams_by_column(trigrams, texts[0]).values()
    assert "you are a" not in ngrams_by_column(bigrams, texts[0]).values()
    assert trigrams.transform(texts).shape[1] == bigrams.transform(texts).shape[1] + 3  # two shared, "are a *"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("read www.example.org/x or https://example.org", "read url or url"),
        ("Stuuuupid  PEOPLE f*ck", "stuuuupid people f*ck"),
        ("Mr. Smith scored 100 goals, cool!!!", "mr. smith scored 100 goals, cool!!!"),
    ],
)
def test_cleaning_replaces_links_and_leaves_other_words_alone(raw, cleaned):
    assert normalize(raw, cleaning=("urls",)) == cleaned


def test_without_cleaning_the_text_is_only_lowered_and_spaced():
    assert normalize("  F*CK   this\n\nSTUUUPID www.example.org") == "f*ck this stuuupid www.example.org"


def test_a_hasher_pickled_before_the_cleaning_parameter_still_transforms():
    hasher = CharNgramHasher(ngram_range=(2, 3), min_df=1).fit(COMMENTS)
    del hasher.__dict__["cleaning"]  # as in an object unpickled from an older release
    assert hasher.transform(COMMENTS).nnz > 0


def test_targeting_reads_the_longer_word_list():
    texts = ["you scumbag", "you are a dipshit", "you idiot", "you said the bridge opens in may"]
    hits = SecondPersonTargeting().fit(texts).transform(texts).toarray()[:, 1]
    assert hits.tolist() == [1, 1, 1, 0]


@pytest.mark.parametrize(
    "text",
    [
        "honestly you are such a buffoon",
        "you're a complete and utter dunce",
        "you really are a total nitwit",
        "well you truly are just so very gullible",
        "you people are pathetic",
        "you guys are all such hypocrites",
        "you lot are a bunch of cowards",
        "all of you are wankers",
        "and the lot of you are clueless",
        "y'all are liars",
    ],
)
def test_targeting_skips_articles_intensifiers_and_plural_addressees(text):
    targeting = SecondPersonTargeting().fit([])
    assert targeting.transform([text]).toarray()[0, 1] == 1
    assert targeting.reasons_for(text)[0].endswith(" aimed at you"), "reasons follow the same matching"


@pytest.mark.parametrize(
    "text",
    [
        "you said the council cancelled the market because it was a fraud",  # five counted words between
        "you walked home past the sad old pier",  # words that count still fill the window
        "we are such a bunch of fools",  # no second person
    ],
)
def test_targeting_still_counts_other_words_in_the_window(text):
    assert SecondPersonTargeting().fit([]).transform([text]).toarray()[0, 1] == 0


def test_targeting_skipped_words_never_hide_a_negative_word():
    from moderation.classify.text_features import MORE_NEGATIVE_WORDS, TARGETING_SKIPPED_WORDS

    assert not TARGETING_SKIPPED_WORDS & MORE_NEGATIVE_WORDS


def test_second_person_count_counts_words_addressed_to_someone_not_lookalikes():
    texts = ["You and YOUR friend, u too. You're wrong", "Young youths in Utah", "", "thou art yourself\0you"]
    counts = np.expm1(SecondPersonCount().fit(texts).transform(texts).toarray().ravel())
    assert np.allclose(counts, [4, 0, 0, 3])


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(alphabet=st.sampled_from(list("you r\0İ.,'")), max_size=25), max_size=6))
def test_second_person_count_of_a_batch_equals_each_text_alone(texts):
    count = SecondPersonCount().fit(texts)
    alone = [count.transform([text]).toarray()[0, 0] for text in texts]
    assert np.allclose(count.transform(texts).toarray().ravel(), alone)


def test_f_half_threshold_is_stricter_than_f1():
    targets = np.array([0] * 6 + [1] * 7)
    probabilities = np.array([0.1, 0.2, 0.3, 0.55, 0.6, 0.65, 0.5, 0.51, 0.52, 0.7, 0.8, 0.9, 0.95])
    assert best_fbeta_threshold(targets, probabilities, 1.0) == best_fbeta_threshold(targets, probabilities) == 0.5
    assert best_fbeta_threshold(targets, probabilities, 0.5) == 0.7


@settings(max_examples=property_examples(100), deadline=None)
@given(texts=st.lists(st.text(alphabet=st.sampled_from(list("aBc fuCk yoU the'-_1Σς\nİß!")), max_size=30), max_size=6))
def test_batch_profanity_tfidf_equals_the_packages_vectorizer(texts):
    from moderation.classify.profanity_feature import profanity_available, profanity_model, profanity_scorer, word_tfidf

    if not profanity_available():
        pytest.skip("alt-profanity-check is not installed")
    vectorizer, _ = profanity_model()
    texts = texts + ["You are an idiot and a fool", "the and of", ""]
    expected, ours = vectorizer.transform(texts), word_tfidf(profanity_scorer(), texts)
    assert ours.shape == expected.shape
    assert abs(ours - expected).max() < 1e-12


def test_targeting_reasons_name_each_word_aimed_at_you_once():
    targeting = SecondPersonTargeting().fit([])
    reasons = targeting.reasons_for("You IDIOT. you are an idiot too, ur such a clown")
    assert reasons[:2] == ("idiot, clown aimed at you",) * 2
    assert targeting.reasons_for("the idiot senator") == SecondPersonTargeting.reasons
    assert targeting.reasons_for("you stupid-ass")[0] == "stupid-ass aimed at you", "the whole word, not its end"


@settings(max_examples=40, deadline=None)
@given(extra=st.lists(comment_text, max_size=4))
def test_targeting_reasons_of_a_scored_batch_are_those_of_each_text_read_alone(extra):
    """transform keeps the words it found aimed at "you" in its batch; reasons must not depend on that."""
    texts = ["You IDIOT. you are an idiot too", "ok you\0moron", "İ you clown", "the idiot senator", *extra]
    targeting = SecondPersonTargeting().fit([])
    alone = [targeting.reasons_for(text) for text in texts]
    block, found = targeting.transform_keeping(texts)
    assert (block != targeting.transform(texts)).nnz == 0
    assert targeting.reasons_for_many(texts, found) == alone
    assert targeting.reasons_for_many(texts[::-1], found[::-1]) == alone[::-1]


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Bunch of clowns, all of you.", [1, 0]),  # the insult before a plural address at the clause's end
        ("such a nitwit you are", [1, 0]),
        ("Idiots like you never read the report!", [0, 0]),  # "like you" does not end the clause
        ("Learn to read. It's on page two.", [0, 1]),  # a dismissal starts a clause
        ("thanks, but just go away", [0, 1]),
        ("I had to learn to read music for the choir", [0, 0]),  # mid-clause: not a dismissal
        ("The senator is a clown. Thank you all for coming", [0, 0]),  # the clause ends before the address
        ("clowns\0you", [0, 0]),  # no match crosses from one text into the next
    ],
)
def test_reader_targeting_reads_backwards_and_finds_dismissals(text, columns):
    texts = text.split("\0")
    values = ReaderTargeting().fit(texts).transform(texts).toarray()
    assert values[0].tolist() == columns


def test_reader_targeting_names_the_insult_before_the_address():
    targeting = ReaderTargeting().fit([])
    assert targeting.reasons_for("Liars, each of you.")[0] == "liars aimed at you"
    assert targeting.reasons_for("see you later") == ReaderTargeting.reasons


def test_reader_targeting_credits_a_dismissal_to_its_own_text_in_a_batch():
    # A dismissal that opens a text used to be counted for the text before it (its match began at the
    # separator between the two).
    texts = ["The cafe switched to oat milk.", "Grow up, degenerate", "please learn to read first"]
    values = ReaderTargeting().fit(texts).transform(texts).toarray()
    assert values[:, 1].tolist() == [0, 1, 1]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(
            st.sampled_from(["go away", "clowns", "all of you", "you", "learn to read", "please", ".", ",", "\0", "x"])
        ).map(" ".join),
        max_size=6,
    )
)
def test_reader_targeting_of_a_batch_equals_each_text_alone(texts):
    targeting = ReaderTargeting().fit(texts)
    alone = np.vstack([targeting.transform([text]).toarray() for text in texts]) if texts else np.zeros((0, 2))
    assert np.array_equal(targeting.transform(texts).toarray(), alone)


def longest_first(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@settings(max_examples=property_examples(100), deadline=None)
@given(
    st.lists(st.text("ab .'", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text("ab .'x", max_size=30),
)
def test_trie_alternation_matches_what_the_longest_first_alternation_matches(words, text):
    """The targeting patterns' word lists became tries for speed: every match, its span and the word
    captured, must stay the same, also where a word is a prefix of another and backtracking decides."""
    for shape in (r"\b({})\b", r"({})(?: a)?(?![a-z])", r"({})b"):
        old = [(m.span(), m.group(1)) for m in re.finditer(shape.format(longest_first(words)), text)]
        new = [(m.span(), m.group(1)) for m in re.finditer(shape.format(trie_alternation(words)), text)]
        assert new == old
        # not_after checks after the first letter what a lookbehind before the alternation checks.
        old = [m.span() for m in re.finditer(rf"(?<![a'])(?:{longest_first(words)})", text)]
        new = [m.span() for m in re.finditer(trie_alternation(words, not_after="[a']"), text)]
        assert new == old
