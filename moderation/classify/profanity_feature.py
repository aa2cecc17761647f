"""The probability of the `alt-profanity-check` package as one extra feature column.

The package's own model is loaded from the installed package at run time, never pickled into ours,
so our model files stay small and follow the installed package.
"""

from __future__ import annotations

import contextlib
import itertools

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.classify.profanity_arrays import from_package, package_key, read_arrays, token_regex, write_arrays
from moderation.classify.reason_names import PROFANE_WORDS, VIOLENCE_NAMED
from moderation.classify.threat_words import THREAT_WORDS
from moderation.errors import ModelError, ModerationError

_loaded: tuple | None = None
_scorer = None
# Joins a batch into one string; a word token of its own, with spaces so no token crosses it.
_SEPARATOR_WORD = "ꙮꙮseparatorꙮꙮ"
_SEPARATOR = f" \n{_SEPARATOR_WORD}\n "
_lookups: dict[int, tuple] = {}
_threat_columns: dict[int, tuple] = {}


def per_scorer(cache: dict[int, tuple], profanity, build):
    """`build(profanity)`, computed once per scorer object: kept under its id beside the object itself, so a
    later scorer that reuses a freed one's id (tests swap scorers) is never served the old one's value."""
    kept = cache.get(id(profanity))
    if kept is None or kept[0] is not profanity:
        kept = cache[id(profanity)] = (profanity, build(profanity))
    return kept[1]


def word_tfidf(profanity, texts: list[str]):
    """The package's TfidfVectorizer output for `texts`, computed for the whole batch at once;
    `profanity`: the package's arrays (`profanity_scorer`).

    The same numbers as `vectorizer.transform(texts)` (one regex scan and one vocabulary lookup per
    token in C instead of scikit-learn's Python loop per token). Measured 2026-11-29 on Kaggle train.csv
    repeated to 19,735 comments (CPU s, best of 3, load about 5): 0.24 s against the vectorizer's own
    0.32 s (1.4x), largest difference 2e-16; kept because the score path runs it on every comment.
    Falls back to the package's vectorizer itself when its settings are not the plain word unigrams this
    reproduces, or when a text contains the separator word.
    """
    lookup = _vocabulary_lookup(profanity)
    if lookup is None or any(_SEPARATOR_WORD in text for text in texts):
        return profanity_model()[0].transform(texts)
    pattern, vocabulary = lookup
    tokens = pattern.findall(_SEPARATOR.join(texts).lower())
    ids = np.fromiter(map(vocabulary.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
    rows = np.cumsum(ids == -2)
    known = ids >= 0
    counts = sp.csr_matrix((np.ones(int(known.sum())), (rows[known], ids[known])), shape=(len(texts), profanity.width))
    counts.sum_duplicates()
    weighted = counts.multiply(profanity.idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)


def _vocabulary_lookup(profanity):
    """(token regex, vocabulary with the separator as -2), or None for settings this does not copy."""
    return per_scorer(_lookups, profanity, _built_lookup)


def _built_lookup(profanity):
    if not profanity.plain:
        return None
    vocabulary = dict(profanity.vocabulary)
    for stop_word in profanity.stop_words:
        vocabulary.pop(stop_word, None)  # removed before the vocabulary lookup in scikit-learn
    vocabulary[_SEPARATOR_WORD] = -2
    return token_regex(profanity), vocabulary


def profanity_scorer():
    """alt-profanity-check as plain arrays (profanity_arrays.py), loaded once per process: read from the
    cache folder, else read from the package's pickles and cached for the next run. A package whose
    model is not the calibrated linear model those arrays hold is used as it is (`_PackageModel`)."""
    global _scorer
    if _scorer is None:
        from moderation.classify.default_model import cache_dir, unsafe_cache

        key = package_key()
        if key is None:
            profanity_model()  # not installed: its clear ModelError
        path = cache_dir() / f"profanity-check-{key}.npz"
        trusted = unsafe_cache(path) is None  # another user's file must not decide what is flagged
        arrays = read_arrays(path) if trusted else None
        if arrays is None:
            vectorizer, model = profanity_model()
            arrays = from_package(vectorizer, model)
            if arrays is not None and trusted:
                with contextlib.suppress(OSError, ModerationError):  # unwritable: read the package again next run
                    write_arrays(arrays, path)
        _scorer = arrays if arrays is not None else _PackageModel(*profanity_model())
    return _scorer


class _PackageModel:
    """The package's own objects behind ProfanityArrays' reading interface."""

    def __init__(self, vectorizer, model) -> None:
        from moderation.classify.explain import linear_coefficients

        self.model = model
        self.vocabulary = dict(vectorizer.vocabulary_)
        self.stop_words = tuple(vectorizer.get_stop_words() or ())
        self.plain = False  # word_tfidf then uses the vectorizer itself
        self.idf = vectorizer.idf_
        self.width = len(vectorizer.idf_)
        self.coefficients = linear_coefficients(model)
        self.names = {column: word for word, column in self.vocabulary.items()}

    def probabilities(self, tfidf) -> np.ndarray:
        return self.model.predict_proba(tfidf)[:, 1]


def profanity_model() -> tuple:
    """(vectorizer, model) of alt-profanity-check, loaded once per process."""
    global _loaded
    if _loaded is None:
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # its pickles name the scikit-learn they were built with
                from profanity_check import profanity_check as package
        except Exception:  # noqa: BLE001 - missing, or its pickles do not load with this scikit-learn
            raise ModelError(
                "this model uses the alt-profanity-check package, which is not installed or does not load "
                "with this scikit-learn (pip install -U alt-profanity-check, or retrain without it)"
            ) from None
        _loaded = (package.vectorizer, package.model)
    return _loaded


def profanity_available() -> bool:
    """Whether alt-profanity-check is installed and loads with this scikit-learn."""
    try:
        profanity_scorer()
    except Exception:  # noqa: BLE001 - a broken pickle of the package counts as absent
        return False
    return True


class ProfanityProbability(TransformerMixin, BaseEstimator):
    """One column: alt-profanity-check's probability that the text is offensive."""

    width = 1  # columns out; a stack counts them to route this block to its stacker
    reasons = ("profanity (alt-profanity-check)",)  # what a flag's reasons call it (explain.py)

    def fit(self, X, y=None):
        profanity_scorer()
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        return self.transform_keeping(X)[0]

    def transform_keeping(self, X) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The column, and the package's tf-idf rows it came from: naming a flag's profane words reads
        them (NamedBlocks) instead of vectorizing the text again."""
        profanity = profanity_scorer()
        if len(X) == 0:
            return sp.csr_matrix((0, 1)), sp.csr_matrix((0, profanity.width))
        matrix = word_tfidf(profanity, list(X))
        probabilities = profanity.probabilities(matrix)
        return sp.csr_matrix(np.asarray(probabilities, dtype=np.float64).reshape(-1, 1)), matrix

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["profanity-check probability"], dtype=object)

    def reasons_for(self, text: str) -> tuple[str, ...]:
        """The reason for one text, naming the words that raised alt-profanity-check's score most
        ("prat, idiot (profanity)"): a moderator sees which word it was, and the report marks it."""
        return self.reasons_for_many([text])[0]

    def reasons_for_many(self, texts: list[str], found=None) -> list[tuple[str, ...]]:
        """`reasons_for` of every text, the package's features computed once for the batch; `found`:
        the texts' tf-idf rows, kept when they were scored (`transform_keeping`)."""
        named = profane_words_many(texts, found)
        return [(f"{', '.join(words)}{_ending(words)}",) if words else self.reasons for words in named]


def _ending(words: list[str]) -> str:
    """ "(violence)" when every named word is a threat word, else "(profanity)" (abuse, or abuse and threat)."""
    return VIOLENCE_NAMED if all(word in THREAT_WORDS for word in words) else PROFANE_WORDS


# A word is named as profane when its own term of alt-profanity-check's linear score is at least this
# (coefficient x tf-idf weight; the model's words of abuse score above 1 in a short comment, ordinary
# words near 0): chosen on the package's own coefficients, not on any comment.
PROFANE_TERM = 0.5
PROFANE_WORDS_NAMED = 3
# ... and only when the package's coefficient for the word itself is at least this: a short comment gives
# any word a large tf-idf weight, so the term alone let ordinary words through ("die", "grow"). The same
# floor decides which word aimed at "you" a reason names (profanity_lexicon). Chosen by reading the words
# both reasons named over train.csv's comments in coefficient bands 0.5 wide (benchmarks/named_word_bands.py):
# from 2.5 up nearly every word is one of abuse or profanity; 2-2.5 mixes them about evenly with ordinary
# words of threat, health or body; below 2 most are ordinary. Only the words a reason names depend on it,
# never a feature value (docs/benchmarks.md, Classifier / reasons). Threat words (threat_words.py) are
# named below it, for the band that holds them is mostly ordinary words.
NAMED_WORD_WEIGHT = 2.5


def named_word(word: str, weight: float) -> bool:
    """Whether a reason may name this word of the package's vocabulary, of this coefficient: a word of
    abuse or profanity (NAMED_WORD_WEIGHT and up), or a threat word the package weighs above 0."""
    return weight >= NAMED_WORD_WEIGHT or (weight > 0 and word in THREAT_WORDS)


def threat_columns(profanity) -> np.ndarray:
    """Per column of the package's vocabulary, whether its word is a threat word (once per package)."""
    return per_scorer(_threat_columns, profanity, _built_threat_columns)


def _built_threat_columns(profanity) -> np.ndarray:
    columns = np.zeros(profanity.width, dtype=bool)
    columns[[column for word, column in profanity.vocabulary.items() if word in THREAT_WORDS]] = True
    return columns


def profane_words_many(texts: list[str], tfidf: sp.csr_matrix | None = None) -> list[list[str]]:
    """The words of each text that raise alt-profanity-check's score most, strongest first; one tf-idf
    matrix for the batch (`tfidf`, the texts' rows, when already computed), and only the terms that
    reach PROFANE_TERM, of words weighing NAMED_WORD_WEIGHT or more or of threat words, are sorted
    (a handful at most)."""
    profanity = profanity_scorer()
    found: list[list[str]] = [[] for _ in texts]
    if not texts:
        return found
    matrix = (tfidf if tfidf is not None else word_tfidf(profanity, list(texts))).tocsr()
    coefficients = profanity.coefficients[matrix.indices]
    terms = coefficients * matrix.data
    named = (coefficients >= NAMED_WORD_WEIGHT) | threat_columns(profanity)[matrix.indices]
    strong = np.flatnonzero((terms >= PROFANE_TERM) & named)
    if not len(strong):
        return found
    rows = np.repeat(np.arange(len(texts)), np.diff(matrix.indptr))[strong]
    columns = matrix.indices[strong]
    # Per text, strongest first; equal terms by the higher column, as sorting (term, column) pairs did.
    order = np.lexsort((-columns, -terms[strong], rows))
    names = profanity.names
    for row, column in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if len(found[row]) < PROFANE_WORDS_NAMED:
            found[row].append(names[column])
    return found
