"""Feature extractors for comment text, written as scikit-learn transformers.

`CharNgramHasher` counts character n-grams for a whole batch at once in numpy (no Python loop per
n-gram), which is where a word+char pipeline otherwise spends most of its scoring time. It keeps only
the hash buckets seen often enough in training, so the feature space stays compact, and it can name
the n-grams behind any column of a given text (for explanations).
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

_MASK64 = (1 << 64) - 1
_PRIME = 1_000_003
_MIX = 0x9E3779B97F4A7C15
_LENGTH_SALT = 0xD6E8FEB86659FD93


def normalize(text: str) -> str:
    """Lower case, runs of whitespace as one space: the form every feature reads."""
    return " ".join(text.lower().split())


def _bucket_of(gram: str, bits: int) -> int:
    """Python twin of the numpy hash in CharNgramHasher._hash_batch (used for explanations)."""
    value = 0
    for char in gram:
        value = (value * _PRIME + ord(char)) & _MASK64
    value ^= (len(gram) * _LENGTH_SALT) & _MASK64
    return ((value * _MIX) & _MASK64) >> (64 - bits)


class CharNgramHasher(TransformerMixin, BaseEstimator):
    """Counts of character n-grams of normalized text, one column per kept hash bucket.

    Parameters
    ----------
    ngram_range : n-gram lengths, inclusive.
    bits : the hash space is 2**bits buckets before pruning.
    min_df : a bucket is kept when at least this many training texts contain it.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), bits: int = 20, min_df: int = 2):
        self.ngram_range = ngram_range
        self.bits = bits
        self.min_df = min_df

    def _hash_batch(self, texts) -> tuple[np.ndarray, np.ndarray]:
        """(row, bucket) of every n-gram occurrence in the batch."""
        normalized = [normalize(text) for text in texts]
        lengths = np.fromiter((len(text) for text in normalized), dtype=np.int64, count=len(normalized))
        codes = np.frombuffer("".join(normalized).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        rows_of_position = np.repeat(np.arange(len(normalized), dtype=np.int64), lengths)
        rows, buckets = [], []
        low, high = self.ngram_range
        shift = np.uint64(64 - self.bits)
        with np.errstate(over="ignore"):
            value = np.zeros(len(codes), dtype=np.uint64)
            for n in range(1, high + 1):
                count = len(codes) - n + 1
                if count <= 0:
                    break
                value = value[:count] * np.uint64(_PRIME) + codes[n - 1 : n - 1 + count]
                if n < low:
                    continue
                same_row = rows_of_position[:count] == rows_of_position[n - 1 : n - 1 + count]
                hashed = value[same_row] ^ np.uint64((n * _LENGTH_SALT) & _MASK64)
                buckets.append((hashed * np.uint64(_MIX)) >> shift)
                rows.append(rows_of_position[:count][same_row])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        return np.concatenate(rows), np.concatenate(buckets)

    def fit(self, X, y=None):
        rows, buckets = self._hash_batch(X)
        pairs = np.unique(rows.astype(np.uint64) << np.uint64(self.bits) | buckets)
        kept, document_frequency = np.unique(pairs & np.uint64((1 << self.bits) - 1), return_counts=True)
        self.buckets_ = kept[document_frequency >= self.min_df].astype(np.int64)
        # A dense bucket -> column table: one gather per n-gram instead of a binary search.
        self.column_of_bucket_ = np.full(1 << self.bits, -1, dtype=np.int32)
        self.column_of_bucket_[self.buckets_] = np.arange(len(self.buckets_), dtype=np.int32)
        self.n_features_out_ = len(self.buckets_)
        return self

    def transform(self, X):
        rows, buckets = self._hash_batch(X)
        columns = self.column_of_bucket_[buckets.astype(np.int64)]
        known = columns >= 0
        # Sorting one packed (row, column) key and counting its runs is much cheaper than scipy's
        # COO -> CSR conversion with duplicate summing.
        keys = np.sort((rows[known] << np.int64(32)) | columns[known].astype(np.int64))
        if len(keys):
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
            unique_keys = keys[starts]
        else:
            counts, unique_keys = np.zeros(0), np.zeros(0, dtype=np.int64)
        unique_rows = unique_keys >> np.int64(32)
        indptr = np.zeros(len(X) + 1, dtype=np.int64)
        np.cumsum(np.bincount(unique_rows, minlength=len(X)), out=indptr[1:])
        return sp.csr_matrix(
            (counts, (unique_keys & np.int64(0xFFFFFFFF)).astype(np.int32), indptr),
            shape=(len(X), len(self.buckets_)),
        )

    def ngrams_by_column(self, text: str) -> dict[int, str]:
        """The n-grams of `text` behind each column it activates (for explanations)."""
        normalized = normalize(text)
        found: dict[int, str] = {}
        low, high = self.ngram_range
        for n in range(low, high + 1):
            for start in range(len(normalized) - n + 1):
                gram = normalized[start : start + n]
                bucket = _bucket_of(gram, self.bits)
                column = int(self.column_of_bucket_[bucket])
                if column >= 0:
                    found.setdefault(column, gram)
        return found

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char:{int(b):x}" for b in self.buckets_], dtype=object)


# Words that make "you ..." an attack. Our own short list, aimed at participants' intelligence,
# character and worth; profanity itself is left to the n-grams and the profanity-check feature.
NEGATIVE_WORDS = frozenset(
    """
    idiot idiots idiotic moron morons moronic stupid stupidity dumb dumbass dense fool fools foolish
    ignorant imbecile cretin retard retarded loser losers pathetic clown clowns troll trolls liar liars
    coward cowardly hypocrite hypocrites scum pig pigs dog rat worm filth filthy disgusting disgrace ugly
    fat lazy useless worthless brainless clueless gutless spineless nutjob nut nuts crazy insane delusional
    sick twisted jerk ass asshole arse arsehole bastard bitch dick dickhead douche douchebag prick twat
    wanker tool creep freak garbage trash joke sad idiocy ignorance shut fuck fucking fucked suck sucks shit
    shithead crap bigot racist nazi sheep sheeple hack shill naive childish immature illiterate uneducated
    simpleton dolt dimwit halfwit nitwit numbskull twit buffoon lowlife degenerate
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_SECOND_PERSON = frozenset({"you", "your", "u", "ur", "youre", "you're", "yourself", "ya", "yours", "thou"})
_WORD = re.compile(r"[a-z']+")


class SecondPersonTargeting(TransformerMixin, BaseEstimator):
    """How strongly a comment aims a negative word at "you": an insult to a participant.

    Columns: negative words within `window` tokens after a second-person word (log-scaled), any such
    pairing (0/1), and "you are a(n)/such a" or "what is wrong with you" phrasing (0/1).
    """

    def __init__(self, window: int = 3):
        self.window = window

    def fit(self, X, y=None):
        self.n_features_out_ = 3
        return self

    def transform(self, X):
        values = np.zeros((len(X), 3), dtype=np.float64)
        for row, text in enumerate(X):
            lowered = text.lower()
            tokens = _WORD.findall(lowered)
            hits = 0
            for index, token in enumerate(tokens):
                if token in _SECOND_PERSON:
                    hits += any(t in NEGATIVE_WORDS for t in tokens[index + 1 : index + 1 + self.window])
            values[row, 0] = np.log1p(hits)
            values[row, 1] = float(hits > 0)
            values[row, 2] = float(
                "wrong with you" in lowered
                or "you are such a" in lowered
                or "you're such a" in lowered
                or "you are a " in lowered
                or "you're a " in lowered
                or "you are an " in lowered
            )
        return sp.csr_matrix(values)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["you+negative(log)", "you+negative", "you are a/what is wrong with you"], dtype=object)


_TOKEN = re.compile(r"[a-z0-9']+")


def words_after_you(text: str, window: int = 3) -> list[str]:
    """'you>word' for each word within `window` tokens after a second-person word.

    A learned generalisation of SecondPersonTargeting: the model weighs which words aimed at "you"
    are insults, instead of trusting a fixed list.
    """
    tokens = _TOKEN.findall(text.lower())
    found = []
    for index, token in enumerate(tokens):
        if token in _SECOND_PERSON:
            found.extend("you>" + word for word in tokens[index + 1 : index + 1 + window] if word not in _SECOND_PERSON)
    return found


class TextShape(TransformerMixin, BaseEstimator):
    """Length and shouting: TF-IDF rows are length-normalised, so these are otherwise lost.

    Columns: log length in characters / 10, share of letters in capitals, "!" per 100 characters (capped at 1).
    """

    def fit(self, X, y=None):
        self.n_features_out_ = 3
        return self

    def transform(self, X):
        values = np.zeros((len(X), 3), dtype=np.float64)
        for row, text in enumerate(X):
            letters = sum(c.isalpha() for c in text) or 1
            values[row] = (
                np.log1p(len(text)) / 10,
                sum(c.isupper() for c in text) / letters,
                min(1.0, text.count("!") * 100 / max(len(text), 1)),
            )
        return sp.csr_matrix(values)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["length", "capitals", "exclamations"], dtype=object)


_SLANG = {"u": "you", "ur": "your", "r": "are", "ya": "you", "urself": "yourself", "youre": "you're", "yr": "your"}
_REPEATS = re.compile(r"(\w)\1{2,}")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SLANG_WORD = re.compile(r"\b(" + "|".join(_SLANG) + r")\b")


def normalize_words(text: str) -> str:
    """Lower case; links to one token; 'soooo' -> 'soo'; chat spellings to words ("u r" -> "you are")."""
    text = _URL.sub(" httplink ", text.lower())
    text = _REPEATS.sub(r"\1\1", text)
    return _SLANG_WORD.sub(lambda match: _SLANG[match.group(1)], text)
