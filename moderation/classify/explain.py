"""Why a text scored high: the words, phrases and named features with the largest contribution.

A contribution is coefficient x feature value on the linear model's input. Character n-grams are
what the model weighs most, but "yo" or "e," tells a moderator nothing, so each character n-gram's
contribution is spread evenly over the word letters it covers ("u id": a third to "you", two thirds to
"idiot"), and a word n-gram's goes to its word or phrase. A word's reason is the sum of everything credited
to it, positive and negative: the words whose total raised the score most come first.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence

import numpy as np

from moderation.classify.reason_names import AIMED_AT_YOU, PROFANE_WORDS
from moderation.classify.text_features import WordNgramHasher
from moderation.privacy import private_spans

# Vocabulary-wide name arrays are costly to build; keep one per fitted transformer.
_feature_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The word tokens of WordNgramHasher, found in text whose case may be kept (characters with capitals).
_WORD = re.compile(r"[0-9a-z'\u00c0-\U0010ffff]+", re.IGNORECASE)


def linear_coefficients(classifier) -> np.ndarray:
    """The weight vector of a fitted linear classifier, calibrated or not."""
    if hasattr(classifier, "coef_"):
        return np.asarray(classifier.coef_).ravel()
    calibrated = getattr(classifier, "calibrated_classifiers_", None)
    if calibrated:
        return np.mean([np.asarray(c.estimator.coef_).ravel() for c in calibrated], axis=0)
    raise TypeError(f"{type(classifier).__name__} is not a linear model")


def explain_texts(pipeline, texts: Sequence[str], top: int = 5) -> list[list[str]]:
    """For each text, the words, phrases and named features that raised the score most, best first;
    each feature block computed once for the batch (Model.explain_many calls this)."""
    texts = list(texts)
    if not texts or top <= 0:
        return [[] for _ in texts]
    return [_ranked(found, top) for found in reason_totals(pipeline, texts)]


def reason_totals(pipeline, texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, every reason's summed contribution; together they make up the whole linear score
    (the decision function less the intercept)."""
    featurizer = pipeline.named_steps["features"]
    coefficients = linear_coefficients(pipeline.named_steps["classifier"])
    totals: list[dict[str, float]] = [{} for _ in texts]
    offset = 0
    for _, transformer in featurizer.transformer_list:
        block = transformer.transform(texts).tocsr()
        for row, text in enumerate(texts):
            start, end = block.indptr[row], block.indptr[row + 1]
            if start == end:
                continue
            columns = block.indices[start:end]
            contributions = coefficients[offset + columns] * block.data[start:end]
            _credit(totals[row], transformer, text, columns, contributions)
        offset += block.shape[1]
    return totals


def _ranked(found: dict[str, float], top: int) -> list[str]:
    """The labels that raised the score most. A lone punctuation mark ("," from ", ") and a word or
    phrase of function words only ("a", "and", "you are") are no reason a moderator can act on: they
    count in the score, but are not shown."""
    raising = [
        (label, value)
        for label, value in found.items()
        if value > 0 and (len(label) > 1 or label.isalnum()) and not function_words_only(label)
    ]
    raising.sort(key=lambda item: -item[1])
    # A plain word a named reason already names ("idiot" beside "idiot aimed at you") says nothing new.
    named = {word for label, _ in raising for word in _named_words(label)}
    return [label for label, _ in raising if _named_words(label) or label not in named][:top]


def _named_words(reason: str) -> list[str]:
    for suffix in (AIMED_AT_YOU, PROFANE_WORDS):
        if reason.endswith(suffix):
            return reason.removesuffix(suffix).split(", ")
    return []


def function_words_only(reason: str) -> bool:
    """Whether every word of a reason is a function word (scikit-learn's English stop-word list)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = _WORD.findall(reason.lower())
    return bool(words) and all(word.strip("'") in ENGLISH_STOP_WORDS or word in _CONTRACTIONS for word in words)


# Contracted function words the stop-word list spells without the apostrophe part ("you're" -> "you", "re").
_CONTRACTIONS = frozenset({"you're", "you've", "you'll", "you'd", "i'm", "i've", "it's", "that's", "don't", "isn't"})


def _credit(totals: dict[str, float], transformer, text: str, active: np.ndarray, contributions: np.ndarray) -> None:
    """Add one block's contributions to a text's reasons: `contributions[i]` is column `active[i]`'s."""
    hasher = getattr(transformer, "named_steps", {}).get("ngrams")
    if hasher is None:  # a named feature: its moderator-facing reason for this text, else its feature name
        names = transformer.reasons_for(text) if hasattr(transformer, "reasons_for") else None
        names = names or getattr(transformer, "reasons", None) or _feature_names.get(transformer)
        if names is None:
            names = _feature_names[transformer] = transformer.get_feature_names_out()
        for column, contribution in zip(active.tolist(), contributions.tolist(), strict=True):
            label = str(names[column])
            totals[label] = totals.get(label, 0.0) + contribution
        return
    normalized, columns, starts, ends = hasher.ngram_spans(text)
    if not len(columns):
        return
    # Each occurrence of a column gets an equal share of the column's contribution.
    order = np.argsort(active)
    unique, inverse, counts = np.unique(columns, return_inverse=True, return_counts=True)
    shares = (contributions[order[np.searchsorted(active, unique, sorter=order)]] / counts)[inverse]
    private = private_spans(normalized)
    if isinstance(hasher, WordNgramHasher):  # a word n-gram is its own reason: "you", "did you"
        for share, start, end in zip(shares.tolist(), starts.tolist(), ends.tolist(), strict=True):
            label = _private_part(start, end, private) or hasher.gram_at(normalized, start, end)
            totals[label] = totals.get(label, 0.0) + share
        return
    _credit_characters(totals, normalized, shares, starts, ends, private)


def _private_part(start: int, end: int, private: list[tuple[int, int, str]]) -> str | None:
    """ "[e-mail]" or "[ip]" when the span touches an address: a reason never shows a piece of one."""
    return next((mask for low, high, mask in private if start < high and low < end), None)


def _credit_characters(totals: dict[str, float], normalized: str, shares, starts, ends, private) -> None:
    """Spread each character n-gram's share evenly over the word letters it covers, then sum per word."""
    words = [
        (m.start(), m.end(), _private_part(m.start(), m.end(), private) or m.group().lower())
        for m in _WORD.finditer(normalized)
    ]
    in_word = np.zeros(len(normalized) + 1, dtype=np.int64)
    for start, end, _ in words:
        in_word[start:end] = 1
    letters_before = np.concatenate(([0], np.cumsum(in_word[:-1])))
    letters = letters_before[ends] - letters_before[starts]
    covers = letters > 0
    density = shares[covers] / letters[covers]
    change = np.zeros(len(normalized) + 1)
    np.add.at(change, starts[covers], density)
    np.add.at(change, ends[covers], -density)
    credit_before = np.concatenate(([0.0], np.cumsum(np.cumsum(change)[:-1] * in_word[:-1])))
    for start, end, word in words:
        totals[word] = totals.get(word, 0.0) + float(credit_before[end] - credit_before[start])
    for share, start, end in zip(
        shares[~covers].tolist(), starts[~covers].tolist(), ends[~covers].tolist(), strict=True
    ):
        gram = normalized[start:end]  # punctuation only ("!!"): its own reason
        label = _private_part(start, end, private) or gram.strip() or repr(gram)
        totals[label] = totals.get(label, 0.0) + share
