"""A flag's reasons: words and phrases of the text (not character fragments) that add up to its score."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from moderation.classify.explain import explain_texts, reason_totals
from moderation.classify.pipeline import PipelineSettings
from moderation.classify.text_features import CharNgramHasher, normalize
from moderation.classify.training import train_model
from moderation.datasets import load_examples

FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"
SMALL = PipelineSettings(profanity_feature=False, min_df=1)
TEXTS = [
    "You are a pathetic clown, what is the matter with you?!",
    "u r an idiot... and a troll",
    "That is the second handle you have tried on us, we know it is you.",
    "Thanks for the update on the library opening hours.",
]
WORD = re.compile(r"[0-9a-z'\u00c0-\U0010ffff]+")


@pytest.fixture(scope="module", params=["logistic", "stack"])
def model(request):
    settings = PipelineSettings(**{**SMALL.to_dict(), "model": request.param})
    return train_model(load_examples(FIXTURE_CORPUS), folds=0, settings=settings)


def top_contributions(pipeline, text: str, top: int = 5) -> list[str]:
    """One text's reasons, through the batched path the product uses."""
    return explain_texts(pipeline, [text], top)[0]


def _named_features(pipeline, text: str) -> set[str]:
    names = set()
    for _, transformer in pipeline.named_steps["features"].transformer_list:
        if "ngrams" not in getattr(transformer, "named_steps", {}):
            per_text = transformer.reasons_for(text) if hasattr(transformer, "reasons_for") else None
            names.update(per_text or getattr(transformer, "reasons", None) or transformer.get_feature_names_out())
    return names


def _linear_score(pipeline, text: str) -> float:
    """The decision function less the intercept: what the reasons share out."""
    features = pipeline.named_steps["features"].transform([text])
    return float((features @ np.ravel(pipeline.named_steps["classifier"].coef_))[0])


@pytest.mark.parametrize("label", ["insult", "username_change"])
def test_reasons_add_up_to_the_linear_score(model, label):
    pipeline = model.pipelines[label]
    for text, totals in zip(TEXTS, reason_totals(pipeline, TEXTS), strict=True):
        assert sum(totals.values()) == pytest.approx(_linear_score(pipeline, text), abs=1e-9)


@pytest.mark.parametrize("label", ["insult", "username_change"])
def test_reasons_are_whole_words_phrases_or_named_features(model, label):
    pipeline = model.pipelines[label]
    for text in TEXTS:
        named = _named_features(pipeline, text)
        words = WORD.findall(normalize(text))
        phrases = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
        for reason in top_contributions(pipeline, text, top=20):
            is_punctuation = not WORD.search(reason)
            assert reason in phrases or reason in named or is_punctuation, (reason, text)


def test_an_insulting_word_is_a_reason_of_its_own(model):
    reasons = top_contributions(model.pipelines["insult"], "You are a pathetic clown", top=10)
    assert "clown" in reasons, reasons
    assert not any(len(reason) < 3 and reason != "a" for reason in reasons), "no character fragments"


def test_a_named_signal_is_one_reason_in_plain_words_naming_the_words(model):
    """Targeting's count and its presence column are one signal to a moderator: one reason, summed,
    which names the words aimed at "you"."""
    pipeline = model.pipelines["insult"]
    (totals,) = reason_totals(pipeline, ["you are an idiot too, you moron"])
    assert "idiot, moron aimed at you" in totals
    assert not any("+" in reason or "(log)" in reason for reason in totals)


def test_reasons_never_show_a_piece_of_an_email_or_ip_address(model):
    """Crediting n-grams to whole words must not turn "janedoe1985@inbox.example" into a reason "janedoe1985"."""
    pipeline = model.pipelines["insult"]
    text = "you clown, write to janedoe1985@inbox.example or 203.0.113.77, you pathetic clown"
    (totals,) = reason_totals(pipeline, [text])
    assert {"[e-mail]", "[ip]"} <= set(totals)
    private = {"janedoe1985", "inbox", "example", "203", "113", "77"}
    assert not any(private & set(WORD.findall(reason)) for reason in totals), sorted(totals)
    assert sum(totals.values()) == pytest.approx(_linear_score(pipeline, text), abs=1e-9)


def test_a_character_ngram_credits_every_word_it_overlaps():
    """With character n-grams alone, "u i" and "u id" span two words: each word gets its letters' share."""
    chars = FeatureUnion(
        [("chars", Pipeline([("ngrams", CharNgramHasher((2, 4), min_df=1)), ("tfidf", TfidfTransformer())]))]
    )
    examples = load_examples(FIXTURE_CORPUS)
    texts, labels = [e.text for e in examples], [e.labels["insult"] for e in examples]
    pipeline = Pipeline([("features", chars), ("classifier", LogisticRegression())]).fit(texts, labels)
    (totals,) = reason_totals(pipeline, ["you idiot"])
    assert set(totals) == {"you", "idiot"}
    assert sum(totals.values()) == pytest.approx(_linear_score(pipeline, "you idiot"), abs=1e-9)
    assert set(top_contributions(pipeline, "you idiot")) <= {"you", "idiot"}


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_text_is_explained_without_error_and_adds_up(model, text):
    pipeline = model.pipelines["insult"]
    (totals,) = reason_totals(pipeline, [text])
    assert sum(totals.values()) == pytest.approx(_linear_score(pipeline, text), abs=1e-9)
    assert len(top_contributions(pipeline, text, top=5)) <= 5


BATCH_TEXTS = [
    "",
    "You IDIOT, mail me at jo.doe@example.org!!",
    "İstanbul  idiot ... u r a clown 10.0.0.1",
    "what ails you, fe80::1 says you moron",
    "   ",
    "ok",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.text(max_size=80), max_size=6))
def test_a_batch_is_explained_as_each_text_alone(model, extra):
    """Crediting the batch at once must not mix texts: every text gets what it gets on its own."""
    pipeline = model.pipelines["insult"]
    texts = BATCH_TEXTS + extra
    batch = reason_totals(pipeline, texts)
    for text, totals in zip(texts, batch, strict=True):
        (alone,) = reason_totals(pipeline, [text])
        assert totals.keys() == alone.keys()
        assert all(totals[label] == pytest.approx(alone[label], abs=1e-9) for label in alone)
    assert explain_texts(pipeline, texts, 5) == [explain_texts(pipeline, [text], 5)[0] for text in texts]


@pytest.mark.parametrize("runs", [1, 3, 40])
def test_data_positions_finds_each_pair_in_runs_or_in_any_order(runs):
    """Pairs in a few runs of ascending rows are read in place, more runs are sorted first: either way
    each (row, column) pair's position in the matrix's data, here against a plain dictionary."""
    import scipy.sparse as sp

    from moderation.classify import explain

    rng = np.random.default_rng(runs)
    matrix = sp.random(300, 5000, density=0.01, format="csr", random_state=runs)
    stored = np.repeat(np.arange(300), np.diff(matrix.indptr))
    where = {(row, column): position for position, (row, column) in enumerate(zip(stored, matrix.indices, strict=True))}
    picks = [np.sort(rng.integers(0, matrix.nnz, 500)) for _ in range(runs)]  # each run in row order
    chosen = np.concatenate(picks)
    rows, columns = stored[chosen], matrix.indices[chosen].astype(np.int64)
    found = explain.data_positions(matrix, rows, columns)
    assert found.tolist() == [where[pair] for pair in zip(rows.tolist(), columns.tolist(), strict=True)]
    assert np.array_equal(matrix.data[found], np.asarray(matrix[rows, columns]).ravel())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.text(max_size=60), max_size=5))
def test_character_credits_are_the_same_with_the_word_credits_words(model, extra):
    """The character credits reuse the words the word credits cut and numbered: the same rows, label
    names and contributions, in the same order, as cutting them again (capitals, "İ", apostrophes)."""
    from moderation.classify import explain

    pipeline = model.pipelines["insult"]
    texts = BATCH_TEXTS + ["İstanbul DON'T Straße ǅemal", "@you 10.0.0.1"] + extra
    steps = dict(pipeline.named_steps["features"].transformer_list)
    coefficients = explain.linear_coefficients(pipeline.named_steps["classifier"])
    word_width = steps["words"].named_steps["ngrams"].n_features_out_
    runs = []
    for share in (True, False):
        labels, words = explain._Labels(), explain._BatchWords()
        for name, offset in (("words", 0), ("chars", word_width)):
            hasher = steps[name].named_steps["ngrams"]
            weigh = explain._NgramShares(steps[name], coefficients[offset:], hasher.transform(texts))
            if name == "words":
                explain._word_credits(hasher, texts, weigh, labels, words if share else None)
            else:
                rows, ids, values = explain._character_credits(hasher, texts, weigh, labels, None, words)
        runs.append((rows.tolist(), [labels.names[i] for i in ids.tolist()], values.tolist()))
    assert runs[0] == runs[1]


def test_an_address_at_a_texts_start_is_masked_whatever_text_comes_before_it_in_the_batch(model):
    """The batch's texts are read one by one for addresses: a text ending in "1." before one starting
    with an IP address must not hide that address from the character credits (joined without a
    separator, "1.203.0" looked like the start of an address in the first text)."""
    pipeline = model.pipelines["insult"]
    texts = ["you clown, the answer is 1.", "203.0.113.77 is where you pathetic clown live"]
    batch = reason_totals(pipeline, texts)[1]
    (alone,) = reason_totals(pipeline, texts[1:])
    assert "[ip]" in batch and not {"203", "113", "77"} & {w for reason in batch for w in WORD.findall(reason)}
    assert batch.keys() == alone.keys()


def _labels_numbered_one_by_one(labels):
    from moderation.classify import explain

    numbered = explain._Labels()
    return numbered.ids_of(labels).tolist(), numbered.names


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(alphabet="ab'é İ\n.", max_size=30), min_size=1, max_size=6), collide=st.booleans())
def test_token_ids_number_each_token_as_cutting_every_token_would(texts, collide):
    """Tokens are cut once per distinct token (grouped by hash and length, checked character by
    character): the same ids and names as numbering every token cut from the text, also when every
    hash collides (then each group's check fails and every token is cut)."""
    from moderation.classify import explain
    from moderation.classify.text_features import WordNgramHasher

    found = WordNgramHasher(ngram_range=(1, 1), min_df=1).fit(texts).batch_grams(texts)
    if collide:
        found.hashes = np.zeros_like(found.hashes)
    tokens = [found.joined[s:e] for s, e in zip(found.starts.tolist(), found.ends.tolist(), strict=True)]
    labels = explain._Labels()
    ids = explain._token_ids(found, labels)
    assert (ids.tolist(), labels.names) == _labels_numbered_one_by_one(tokens)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(alphabet=" !?.,'\"-:\t", min_size=1, max_size=40), lengths=st.sampled_from([(1, 3), (2, 5), (8, 9)])
)
def test_mark_ids_number_each_mark_as_cutting_every_mark_would(text, lengths):
    """Marks (n-grams of no word letter) packed into integer keys get the ids and names of numbering
    every mark cut from the text, stripped (or its repr when only spaces); n-grams longer than
    MARK_KEY_CHARACTERS take the plain path."""
    from moderation.classify import explain

    starts = np.concatenate([np.arange(len(text) - n + 1) for n in range(lengths[0], lengths[1] + 1)]).astype(np.int64)
    ends = starts + np.concatenate([np.full(max(len(text) - n + 1, 0), n) for n in range(lengths[0], lengths[1] + 1)])
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    labels = explain._Labels()
    ids = explain._mark_ids(text, codes, starts, ends, labels)
    marks = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    assert (ids.tolist(), labels.names) == _labels_numbered_one_by_one([m.strip() or repr(m) for m in marks])


def test_a_named_reason_hides_its_words_in_its_own_text_only():
    """ "idiot" is left out beside "idiot aimed at you" in that text, but shown in a text where no named
    reason names it."""
    from moderation.classify.explain import _picked

    names = ["idiot", "idiot aimed at you", "clown", "fool, idiot (profanity)"]
    rows = np.array([0, 0, 0, 1, 1, 2, 2])
    ids = np.array([0, 1, 2, 0, 2, 3, 0])
    assert _picked(names, rows, ids, 3, 5) == [
        ["idiot aimed at you", "clown"],
        ["idiot", "clown"],
        ["fool, idiot (profanity)"],
    ]
