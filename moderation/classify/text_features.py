"""Feature extractors for comment text, written as scikit-learn transformers.

`CharNgramHasher` counts character n-grams for a whole batch at once in numpy (no Python loop per
n-gram), which is where a word+char pipeline otherwise spends most of its scoring time. It keeps only
the hash buckets seen often enough in training, so the feature space stays compact, and it can name
the n-grams behind any column of a given text (for explanations), which scikit-learn's HashingVectorizer
cannot. Kept over HashingVectorizer by measurement (benchmarks/hashing_vs_sklearn.py, 20,000 Kaggle
comments, transform CPU s, best of 3, 2026-11-29): character 2-4-grams 0.52 s against 3.10 s (5.9x),
word 1-2-grams 0.18 s against 0.56 s (3.1x).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.classify.reason_names import AIMED_AT_YOU

# 32-bit arithmetic (wrapping) halves the memory traffic of 64-bit; buckets take only 20 bits anyway.
_MASK32 = (1 << 32) - 1
_PRIME = 16_777_619
_MIX = 0x9E3779B1
_LENGTH_SALT = 0x85EBCA6B


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def normalize(text: str, cleaning: tuple[str, ...] = ()) -> str:
    """Runs of whitespace as one space, lower case: the form every n-gram feature reads.

    `cleaning` may name "urls": each link becomes the word "url".
    """
    if "urls" in cleaning and ("://" in text or "www" in text or "WWW" in text):  # the check is cheaper than the regex
        text = _URL.sub(" url ", text)
    return " ".join(text.lower().split())


class _LastBatch:
    """What was derived from the last batch of texts, one batch per key, until another batch comes.

    Scoring reads one batch through every feature block, one after the other, and the reasons read
    its flagged texts right after; each block would otherwise derive the same thing from the batch
    again (its normalized texts, its lower-cased join). A kept batch is found by its texts (compared,
    not by identity), so a different batch is never served stale.
    """

    def __init__(self) -> None:
        self._kept: dict[object, tuple[list[str] | None, object]] = {}

    def get(self, key, texts: list[str]):
        """The value kept under `key` for exactly these texts, or None."""
        kept_texts, value = self._kept.get(key, (None, None))
        return value if kept_texts is not None and kept_texts == texts else None

    def last(self, key):
        """The value last kept under `key`, whatever its texts (for a value that can answer for any texts)."""
        return self._kept.get(key, (None, None))[1]

    def keep(self, key, texts: list[str] | None, value):
        self._kept[key] = (texts, value)
        return value


# Per cleaning, the last batch normalized as text -> normalized: its slices and the flagged texts the
# reasons read are served from it. And the last batch `_lowered_batch` joined.
_normalized = _LastBatch()
_lowered = _LastBatch()


def normalize_many(texts, cleaning: tuple[str, ...] = ()) -> list[str]:
    """`normalize` of each text; a batch normalized just before (or part of it) is not normalized again."""
    last = _normalized.last(cleaning)
    if last is not None:
        try:
            return [last[text] for text in texts]
        except KeyError:
            pass
    normalized = [normalize(text, cleaning) for text in texts]
    _normalized.keep(cleaning, None, dict(zip(texts, normalized, strict=True)))
    return normalized


class NgramSpans:
    """Where each kept character n-gram of a batch is: its text (row), column, start and end in the
    normalized texts joined without a separator, by length then position, as `_kept_spans` gives them.
    Kept when a batch is scored, so the reasons of its flagged texts need not hash them again.

    Held as scoring found them, one piece per n-gram length and slice of the batch, with rows and
    starts counted within the slice: keeping them costs scoring nothing, and only the flagged texts'
    n-grams are ever moved (`rows_at`)."""

    def __init__(self, normalized: list[str], pieces: list[tuple]) -> None:
        self.normalized = normalized
        # (n, the slice's first row, the slice's first position, rows, columns, starts), by n then slice.
        self.pieces = pieces

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, start, end) of every n-gram, rows and positions in the whole batch (int64)."""
        if not self.pieces:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        rows = np.concatenate(
            [rows + first_row if first_row else rows for _, first_row, _, rows, _, _ in self.pieces], dtype=np.int64
        )
        columns = np.concatenate([columns for _, _, _, _, columns, _ in self.pieces], dtype=np.int64)
        starts = np.concatenate(
            [starts + np.int64(first) if first else starts for _, _, first, _, _, starts in self.pieces], dtype=np.int64
        )
        lengths = np.repeat(
            np.array([n for n, *_ in self.pieces], dtype=np.int64), [len(piece[3]) for piece in self.pieces]
        )
        return rows, columns, starts, starts + lengths

    def rows_at(self, positions) -> NgramSpans:
        """The spans of the texts at `positions` only, in that order, as if those texts were spanned alone."""
        chosen = np.asarray(positions, dtype=np.int64)
        lengths = np.fromiter(map(len, self.normalized), dtype=np.int64, count=len(self.normalized))
        text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        new_row = np.full(len(self.normalized), -1, dtype=np.int64)
        new_row[chosen] = np.arange(len(chosen))
        new_text_starts = np.concatenate(([0], np.cumsum(lengths[chosen])[:-1]))
        # How far each chosen text's characters move when only the chosen texts are joined, by its new row.
        shift_of_new_row = new_text_starts - text_starts[chosen]
        taken = np.unique(chosen)  # the chosen texts in batch order
        pieces = []
        for n, first_row, first, rows, columns, starts in self.pieces:
            if not len(rows):
                continue
            # A piece's rows ascend (rows[-1] is its last): each chosen text's n-grams are one run of it,
            # found by binary search, and a slice with no chosen text is passed over.
            low, high = np.searchsorted(taken, (first_row, first_row + int(rows[-1]) + 1)).tolist()
            if low == high:
                continue
            local = (taken[low:high] - first_row).astype(rows.dtype)
            begin, end = np.searchsorted(rows, local, side="left"), np.searchsorted(rows, local, side="right")
            counts = end - begin
            kept = np.repeat(begin - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
            moved = new_row[taken[low:high]]
            shift = shift_of_new_row[moved] + first
            pieces.append(
                (
                    n,
                    0,
                    0,
                    np.repeat(moved.astype(np.int32), counts),
                    columns[kept],
                    starts[kept] + np.repeat(shift, counts),
                )
            )
        selected = NgramSpans([self.normalized[position] for position in chosen.tolist()], pieces)
        if len(chosen) > 1 and not bool(np.all(chosen[1:] > chosen[:-1])):  # texts reordered: positions too
            rows, columns, starts, ends = selected.arrays()
            n_of = ends - starts
            selected.pieces = []
            for n in np.unique(n_of).tolist():
                same = np.flatnonzero(n_of == n)
                order = same[np.argsort(starts[same], kind="stable")]
                selected.pieces.append((n, 0, 0, rows[order], columns[order], starts[order]))
        return selected


class CharNgramHasher(TransformerMixin, BaseEstimator):
    """Counts of character n-grams of normalized text, one column per kept hash bucket.

    Parameters
    ----------
    ngram_range : n-gram lengths, inclusive.
    bits : the hash space is 2**bits buckets before pruning.
    min_df : a bucket is kept when at least this many training texts contain it.
    """

    # Class-level default lets models pickled before this parameter existed still load and score.
    cleaning: tuple[str, ...] = ()
    # transform sorts the n-grams of this many texts at a time: small sorts stay in the CPU's cache
    # (measured: 64-128 rows about 20% faster than 4,096).
    rows_per_slice = 128

    def __init__(
        self,
        ngram_range: tuple[int, int] = (2, 5),
        bits: int = 20,
        min_df: int = 2,
        cleaning: tuple[str, ...] = (),
    ):
        self.ngram_range = ngram_range
        self.bits = bits
        self.min_df = min_df
        self.cleaning = cleaning

    def _normalized(self, text: str) -> str:
        return normalize(text, self.cleaning)

    def _hash_batch(self, texts) -> tuple[np.ndarray, np.ndarray]:
        """(row, bucket) of every n-gram occurrence in the batch, both int64."""
        rows, buckets = [], []
        rows_of_position, grams = self._ngrams(normalize_many(texts, self.cleaning))
        for _, hashed, inside in grams:
            buckets.append(hashed[inside])
            rows.append(rows_of_position[: len(inside)][inside])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows).astype(np.int64), np.concatenate(buckets).astype(np.int64)

    def _ngrams(self, normalized: list[str]):
        """The row of each position of the normalized texts joined without a separator, and per n-gram
        length n: (n, the bucket of the n-gram starting at each position, whether it stays in its text)."""
        lengths = np.fromiter((len(text) for text in normalized), dtype=np.int64, count=len(normalized))
        codes = np.frombuffer("".join(normalized).encode("utf-32-le"), dtype=np.uint32)
        rows_of_position = np.repeat(np.arange(len(normalized), dtype=np.int32), lengths)
        return rows_of_position, self._grams_of(codes, lengths)

    def _grams_of(self, codes: np.ndarray, lengths: np.ndarray):
        # An n-gram of length n starting at position i stays inside its text when room[i] >= n.
        room = (np.repeat(np.cumsum(lengths), lengths) - np.arange(len(codes), dtype=np.int64)).astype(np.int32)
        low, high = self.ngram_range
        shift = np.uint32(32 - self.bits)
        with np.errstate(over="ignore"):
            value = np.zeros(len(codes), dtype=np.uint32)
            for n in range(1, high + 1):
                count = len(codes) - n + 1
                if count <= 0:
                    break
                value = value[:count] * np.uint32(_PRIME) + codes[n - 1 : n - 1 + count]
                if n < low:
                    continue
                hashed = (value ^ np.uint32((n * _LENGTH_SALT) & _MASK32)) * np.uint32(_MIX)
                yield n, hashed >> shift, room[:count] >= n

    def _kept_spans(self, texts) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, start, end) of every n-gram occurrence whose bucket is a kept column, by length
        then position; start and end in the normalized texts joined without a separator."""
        found = list(self._kept_by_length(normalize_many(texts, self.cleaning)))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty.astype(np.int32), empty.astype(np.int32), empty, empty
        return (
            np.concatenate([rows for _, rows, _, _ in found]),
            np.concatenate([columns for _, _, columns, _ in found]),
            np.concatenate([where for _, _, _, where in found]),
            np.concatenate([where + n for n, _, _, where in found]),
        )

    def _slice_kept(self, texts: list[str], normalized: list[str]) -> list[tuple]:
        """What `_counted` counts of one slice of texts (given normalized too): `_kept_by_length`'s pieces."""
        return list(self._kept_by_length(normalized))

    def _kept_by_length(self, normalized: list[str]):
        """Per n-gram length n: (n, row, column, start) of each occurrence of a kept column, by position
        (start: in the normalized texts joined without a separator)."""
        rows_of_position, grams = self._ngrams(normalized)
        for n, hashed, inside in grams:
            column = self.column_of_bucket_[hashed]
            where = np.flatnonzero(inside & (column >= 0))
            yield n, rows_of_position[where], column[where], where

    def fit(self, X, y=None):
        rows, buckets = self._hash_batch(X)
        pairs = np.unique((rows << np.int64(self.bits)) | buckets)
        kept, document_frequency = np.unique(pairs & np.int64((1 << self.bits) - 1), return_counts=True)
        self.buckets_ = kept[document_frequency >= self.min_df].astype(np.int64)
        return self.index_buckets()

    def index_buckets(self):
        """Derive the lookup tables from the kept `buckets_` (after fit, or after loading them from a file)."""
        # A dense bucket -> column table: one gather per n-gram instead of a binary search.
        self.column_of_bucket_ = np.full(1 << self.bits, -1, dtype=np.int32)
        self.column_of_bucket_[self.buckets_] = np.arange(len(self.buckets_), dtype=np.int32)
        self.n_features_out_ = len(self.buckets_)
        return self

    def transform(self, X):
        return self._counted(list(X), keep_spans=False)[0]

    def transform_keeping(self, X) -> tuple[sp.csr_matrix, NgramSpans]:
        """The counts, and where each kept n-gram of the batch is (NgramSpans): a flag's reasons read
        them (NamedBlocks) instead of hashing the flagged texts again."""
        return self._counted(list(X), keep_spans=True)

    def _counted(self, texts: list[str], keep_spans: bool) -> tuple[sp.csr_matrix, NgramSpans | None]:
        normalized = normalize_many(texts, self.cleaning)
        column_bits = max(1, len(self.buckets_).bit_length())
        column_mask = np.uint32((1 << column_bits) - 1)
        # One (row, column) key packed in 32 bits sorts about twice as fast as in 64.
        rows_per_slice = min(self.rows_per_slice, 1 << (32 - column_bits))
        counts, columns, per_row = [], [], []
        spans: dict[int, list] = {}
        joined_before = 0  # characters of the slices before this one
        for first in range(0, len(texts), rows_per_slice):
            part = normalized[first : first + rows_per_slice]
            found = self._slice_kept(texts[first : first + rows_per_slice], part)
            if found:
                rows = np.concatenate([found_rows for _, found_rows, _, _ in found])
                found_columns = np.concatenate([found_columns for _, _, found_columns, _ in found])
            else:
                rows = found_columns = np.zeros(0, dtype=np.int32)
            # Sorting the packed keys and counting their runs is much cheaper than scipy's COO -> CSR
            # conversion with duplicate summing.
            keys = np.sort((rows.astype(np.uint32) << np.uint32(column_bits)) | found_columns.astype(np.uint32))
            if len(keys):
                change = np.empty(len(keys), dtype=bool)
                change[0] = True
                np.not_equal(keys[1:], keys[:-1], out=change[1:])
                starts = np.flatnonzero(change)
                counts.append(np.diff(starts, append=len(keys)).astype(np.float64))
                unique_keys = keys[starts]
                columns.append((unique_keys & column_mask).astype(np.int32))
                per_row.append(np.bincount(unique_keys >> np.uint32(column_bits), minlength=len(part)))
            else:
                per_row.append(np.zeros(len(part), dtype=np.int64))
            if keep_spans:
                for n, found_rows, found_columns, where in found:  # a slice's positions fit 32 bits: half the memory
                    piece = (n, first, joined_before, found_rows, found_columns, where.astype(np.int32))
                    spans.setdefault(n, []).append(piece)
                joined_before += sum(map(len, part))
        nonzero = int(sum(len(c) for c in counts))
        index_type = np.int32 if nonzero < 1 << 31 else np.int64
        indptr = np.zeros(len(texts) + 1, dtype=index_type)
        if per_row:
            np.cumsum(np.concatenate(per_row), out=indptr[1:])
        matrix = sp.csr_matrix(
            (
                np.concatenate(counts) if counts else np.zeros(0),
                np.concatenate(columns).astype(index_type) if columns else np.zeros(0, dtype=index_type),
                indptr,
            ),
            shape=(len(texts), len(self.buckets_)),
            copy=False,
        )
        kept = NgramSpans(normalized, [piece for n in sorted(spans) for piece in spans[n]]) if keep_spans else None
        return matrix, kept

    def batch_spans(self, texts, kept: NgramSpans | None = None):
        """The normalized texts, and the row, column, start and end of every kept n-gram of the batch,
        by length then position; positions in the texts joined without a separator (for explaining a
        whole batch at once). `kept`: these texts' spans, kept when they were scored."""
        normalized = normalize_many(texts, self.cleaning)
        if kept is not None and kept.normalized == normalized:
            return normalized, *kept.arrays()
        rows, columns, starts, ends = self._kept_spans(texts)
        return normalized, rows.astype(np.int64), columns.astype(np.int64), starts, ends

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char:{int(b):x}" for b in self.buckets_], dtype=object)


_WORD_SALTS = (0x27D4EB2F, 0x165667B1, 0x2545F491)  # unigrams, bigrams, trigrams
_PAIR_PRIME = 0x01000193


def _is_word_code(codes: np.ndarray) -> np.ndarray:
    """A word token's characters: digits, a-z, the apostrophe and every code point from U+00C0."""
    return ((codes >= 48) & (codes <= 57)) | ((codes >= 97) & (codes <= 122)) | (codes == 39) | (codes >= 0xC0)


@dataclass
class WordGrams:
    """A batch's word tokens, positions in `joined` (the normalized texts joined by newlines)."""

    joined: str
    text_starts: np.ndarray  # where each text starts in `joined`
    starts: np.ndarray  # each token's start and end
    ends: np.ndarray
    rows: np.ndarray  # each token's text
    grams: list  # (order, first token of each n-gram, its bucket or column)
    codes: np.ndarray  # the code points of `joined`
    hashes: np.ndarray  # each token's polynomial hash (uint32): equal tokens hash equal


class WordNgramHasher(CharNgramHasher):
    """Counts of word unigrams (and bigrams) of normalized text, hashed in numpy like the characters.

    Tokens are runs of letters, digits and apostrophes, one-letter tokens included ("u r": the one-letter
    words carry the insult). Replaces scikit-learn's word vectorizer, whose per-token Python loop
    was a third of the scoring time.
    """

    # Class-level default lets models pickled before this parameter existed still load and score.
    drop_address: bool = False

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 2),
        bits: int = 20,
        min_df: int = 2,
        cleaning: tuple[str, ...] = (),
        drop_address: bool = False,
    ):
        super().__init__(ngram_range=ngram_range, bits=bits, min_df=min_df, cleaning=cleaning)
        self.drop_address = drop_address

    def fit(self, X, y=None):
        """Keep the buckets of at least `min_df` texts; with `drop_address`, not those of the n-grams that
        only say whom a comment speaks to (address_ngrams.py: "you" alone is no insult)."""
        super().fit(X, y)
        if self.drop_address:
            from moderation.classify.address_ngrams import address_buckets

            self.buckets_ = self.buckets_[~np.isin(self.buckets_, address_buckets(self))]
            self.index_buckets()
        return self

    def _hash_batch(self, texts) -> tuple[np.ndarray, np.ndarray]:
        tokens = self._grams(texts)
        if not tokens.grams:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        rows = np.concatenate([tokens.rows[first] for _, first, _ in tokens.grams])
        buckets = np.concatenate([hashed for _, _, hashed in tokens.grams])
        return rows.astype(np.int64), buckets.astype(np.int64)

    def transform_keeping(self, X) -> tuple[sp.csr_matrix, None]:
        """The counts; nothing kept (the reasons read word n-grams by `batch_grams`)."""
        return self.transform(X), None

    def _slice_kept(self, texts: list[str], normalized: list[str]) -> list[tuple]:
        rows, buckets = self._hash_batch(texts)
        columns = self.column_of_bucket_[buckets]
        kept = columns >= 0
        return [(1, rows[kept], columns[kept], None)]

    def batch_spans(self, texts, kept=None):
        raise NotImplementedError("word n-grams are spanned by batch_grams")

    def _grams(self, texts) -> WordGrams:
        """The batch's tokens and, per n-gram order, each n-gram's first token and bucket."""
        normalized = normalize_many(texts, self.cleaning)
        joined = "\n".join(normalized)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        word = _is_word_code(codes)
        edges = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        text_starts = np.cumsum([0] + [len(text) + 1 for text in normalized[:-1]]) if normalized else np.zeros(0)
        text_starts = np.asarray(text_starts, dtype=np.int64)
        token_rows = np.searchsorted(text_starts, starts, side="right") - 1
        grams = []
        with np.errstate(over="ignore"):
            # Polynomial hash of every token at once from prefix sums: sum(c_i * P**(i - start)).
            powers = np.cumprod(np.full(len(codes), _PRIME, dtype=np.uint32), dtype=np.uint32)
            powers = np.concatenate(([np.uint32(1)], powers[:-1])) if len(codes) else powers
            inverse = np.uint32(pow(_PRIME, -1, 1 << 32))
            inverse_powers = np.cumprod(np.full(len(codes), inverse, dtype=np.uint32), dtype=np.uint32)
            inverse_powers = np.concatenate(([np.uint32(1)], inverse_powers[:-1])) if len(codes) else inverse_powers
            prefix = np.concatenate(([np.uint32(0)], np.cumsum(codes * powers, dtype=np.uint32)))
            token_hashes = (prefix[ends] - prefix[starts]) * inverse_powers[starts]
            low, high = self.ngram_range
            shift = np.uint32(32 - self.bits)
            if low <= 1 <= high:
                first = np.arange(len(token_hashes))
                grams.append((1, first, ((token_hashes ^ np.uint32(_WORD_SALTS[0])) * np.uint32(_MIX)) >> shift))
            if low <= 2 <= high and len(token_hashes) > 1:
                first = np.flatnonzero(token_rows[:-1] == token_rows[1:])
                pairs = token_hashes[first] * np.uint32(_PAIR_PRIME) + token_hashes[first + 1]
                grams.append((2, first, ((pairs ^ np.uint32(_WORD_SALTS[1])) * np.uint32(_MIX)) >> shift))
            if low <= 3 <= high and len(token_hashes) > 2:
                first = np.flatnonzero((token_rows[:-2] == token_rows[1:-1]) & (token_rows[1:-1] == token_rows[2:]))
                triples = (token_hashes[first] * np.uint32(_PAIR_PRIME) + token_hashes[first + 1]) * np.uint32(
                    _PAIR_PRIME
                ) + token_hashes[first + 2]
                grams.append((3, first, ((triples ^ np.uint32(_WORD_SALTS[2])) * np.uint32(_MIX)) >> shift))
        return WordGrams(joined, text_starts, starts, ends, token_rows, grams, codes, token_hashes)

    def batch_grams(self, texts) -> WordGrams:
        """`_grams` with buckets turned into columns (-1: not a feature), for explaining a whole batch."""
        tokens = self._grams(texts)
        tokens.grams = [(order, first, self.column_of_bucket_[hashed]) for order, first, hashed in tokens.grams]
        return tokens

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"word:{int(b):x}" for b in self.buckets_], dtype=object)


# Words that make "you ..." an attack (SecondPersonTargeting reads the longer list below, which won:
# docs/benchmarks.md, "How settings were chosen"). Our own short list, aimed at participants' intelligence,
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
# A longer list of our own: more names for people, their minds and their manners, crude words and
# compounds, and comparatives ("dumber"). Words that are also ordinary talk ("child", "hell") are left out.
MORE_NEGATIVE_WORDS = NEGATIVE_WORDS | frozenset(
    """
    scumbag scumbags dummy dumbo dumber dumbest stupider stupidest stupidly ignoramus imbeciles cretins
    retards bigots racists nazis cowards jerks assholes bastards bitches dicks pricks twats wankers creeps
    freaks fascist fascists commie moonbat wingnut whore slut skank cunt pussy cock cocksucker
    motherfucker dumbfuck fuckwit fuckface fucktard shitbag dipshit jackass dumbshit turd douchebags
    sucker wimp weakling pervert perv pedo pedophile psycho psychopath lunatic maniac nutcase wacko
    whacko kook crackpot moonbats vermin parasite parasites leech cockroach snake weasel dirtbag sleazebag
    sleazy slimeball slime hag witch cow bimbo airhead blockhead bonehead meathead knucklehead pinhead
    dunce braindead obnoxious arrogant smug pompous pretentious condescending dishonest fraud phony phoney
    traitor sellout bootlicker apologist uninformed misinformed gullible brainwashed mouthbreather
    neckbeard incel nerd dork failure embarrassment hopeless stink stinks stupid-ass ugly-ass fatass fatso
    whiny whining crybaby punk thug lame ridiculous laughable inbred hillbilly redneck yokel peasant
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_SECOND_PERSON = frozenset({"you", "your", "u", "ur", "youre", "you're", "yourself", "ya", "yours", "thou"})
# Whom SecondPersonTargeting reads an insult as aimed at: the second-person words plus plural forms that
# address a group ("y'all are clowns"). "you people", "you lot", "all of you" already start or end with "you".
_TARGETED_ADDRESSEES = _SECOND_PERSON | frozenset({"yall", "y'all", "youse"})
# Words that sit between "you" and an insult without changing whom it is aimed at, so they do not use up
# SecondPersonTargeting's window (issue 13: "you are such an idiot", "you're a complete and utter moron",
# "you people are pathetic" were missed because these filled it). Our own list: articles, copulas,
# intensifiers, "and"/"of", and the nouns of a plural address ("you people", "you guys", "you lot").
# Negations ("not", "never") are deliberately absent: they still count.
TARGETING_SKIPPED_WORDS = frozenset(
    """
    a an the such so really truly total totally complete completely absolute absolutely utter utterly
    and just very pure real right proper bloody damn freaking frigging all both two of bunch
    are were is be been being am
    people guys folks lot lads
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ADDRESSED_AS = re.compile(r"(?:wrong with you|y(?<!\w.)ou(?:'re| are) (?:such )?an? )")  # (?<!\w.): \b before y
_patterns: dict[tuple[int, bool], re.Pattern] = {}


def _targeting_pattern(window: int, naming: bool = False) -> re.Pattern:
    """A second-person word, then a negative word within `window` words not counting TARGETING_SKIPPED_WORDS;
    with `naming`, the negative word is the group "word" (for reasons; scoring leaves it uncaptured)."""
    key = (window, naming)
    if key not in _patterns:
        you = trie_alternation(_TARGETED_ADDRESSEES, not_after=r"\w")  # "\b" before a first letter
        negative = trie_alternation(MORE_NEGATIVE_WORDS)
        skip = trie_alternation(TARGETING_SKIPPED_WORDS)
        # Skipped words are taken possessively (*+, no backtracking): the two lists share no word, so a
        # skipped word can never be the insult, and the window counts only the other words.
        skipped = rf"(?:[^a-z'\0]+(?:{skip})(?![a-z']))*+"
        between = rf"{skipped}(?:[^a-z'\0]+[a-z']+{skipped}){{0,{window - 1}}}?"
        group = "?P<word>" if naming else "?:"
        _patterns[key] = re.compile(rf"(?:{you})\b{between}[^a-z'\0]+({group}{negative})\b")
    return _patterns[key]


def _lowered_batch(X) -> tuple[str, np.ndarray]:
    """The batch lower-cased and joined by NUL (which no match may cross), and where each text starts
    (read-only: the feature blocks of one batch share it).

    One regex scan over the whole batch: a Python loop per text or per token cost more than all the n-grams.
    """
    texts = list(X)
    kept = _lowered.get("joined", texts)
    if kept is not None:
        return kept
    joined = "\0".join(texts).lower()
    if joined.count("\0") != max(len(texts) - 1, 0):
        joined = "\0".join(text.lower().replace("\0", " ") for text in texts)
    # Text starts are read from the lowered string: lower() may change a text's length ("İ").
    starts = np.fromiter(
        itertools.chain((0,), (m.end() for m in _NUL.finditer(joined))), dtype=np.int64, count=len(texts) or 1
    )[: len(texts)]
    starts.flags.writeable = False
    return _lowered.keep("joined", texts, (joined, starts))


def _aimed_per_text(texts, rows: list[int], words: list[str]) -> list[dict[str, None] | None]:
    """The words found aimed at "you" in each text of a batch (in order, once each); None for a text
    with a NUL, which _lowered_batch made a space: not the text as reasons_for reads it."""
    aimed: dict[int, dict[str, None]] = {}
    for row, word in zip(rows, words, strict=True):
        aimed.setdefault(row, {})[word] = None
    return [None if "\0" in text else aimed.get(row, {}) for row, text in enumerate(texts)]


def _matches_per_text(pattern: re.Pattern, joined: str, starts: np.ndarray) -> np.ndarray:
    positions = np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)
    rows = np.searchsorted(starts, positions, side="right") - 1
    return np.bincount(rows, minlength=len(starts)).astype(np.float64)


class SecondPersonTargeting(TransformerMixin, BaseEstimator):
    """How strongly a comment aims a negative word at "you": an insult to a participant.

    Columns: negative words within `window` tokens after a second-person word (log-scaled), any such
    pairing (0/1), and "you are a(n)/such a" or "what is wrong with you" phrasing (0/1).
    """

    width = 3  # columns out; a stack counts them to route this block to its stacker
    # What a flag's reasons call each column (explain.py): the first two are one signal to a moderator;
    # reasons_for names the words.
    reasons = ("insulting word aimed at you", "insulting word aimed at you", "you are a... / what is wrong with you")

    def __init__(self, window: int = 3):
        self.window = window

    def fit(self, X, y=None):
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        return self.transform_keeping(X)[0]

    def transform_keeping(self, X) -> tuple[sp.csr_matrix, list]:
        """The columns, and the words found aimed at "you" in each text: a flag's reasons name them
        (NamedBlocks) without scanning the text again."""
        joined, starts = _lowered_batch(X)
        found = [(m.start(), m.group("word")) for m in _targeting_pattern(self.window, naming=True).finditer(joined)]
        positions = np.fromiter((position for position, _ in found), dtype=np.int64, count=len(found))
        rows = np.searchsorted(starts, positions, side="right") - 1
        hits = np.bincount(rows, minlength=len(starts)).astype(np.float64)
        aimed = _aimed_per_text(X, rows.tolist(), [word for _, word in found])
        addressed = _matches_per_text(_ADDRESSED_AS, joined, starts)
        columns = np.column_stack([np.log1p(hits), hits > 0, addressed > 0]).astype(np.float64)
        return sp.csr_matrix(columns), aimed

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["you+negative(log)", "you+negative", "you are a/what is wrong with you"], dtype=object)

    def reasons_for(self, text: str) -> tuple[str, ...]:
        """The reasons for one text, naming the words aimed at "you" ("idiot, moron aimed at you")."""
        return self.reasons_for_many([text])[0]

    def reasons_for_many(self, texts: list[str], found: list | None = None) -> list[tuple[str, ...]]:
        """`reasons_for` of every text; `found`: the words aimed at "you" kept when they were scored."""
        pattern = _targeting_pattern(self.window, naming=True)
        reasons = []
        for text, aimed in zip(texts, found or [None] * len(texts), strict=True):
            if aimed is None:
                aimed = dict.fromkeys(m.group("word") for m in pattern.finditer(text.lower()))
            named = f"{', '.join(aimed)}{AIMED_AT_YOU}"
            reasons.append((named, named, self.reasons[2]) if aimed else self.reasons)
        return reasons


_ADDRESSING = re.compile(
    r"(?=[uyt])\b(?:" + "|".join(sorted((re.escape(w) for w in _SECOND_PERSON), key=len, reverse=True)) + r")\b"
)


class SecondPersonCount(TransformerMixin, BaseEstimator):
    """How much a comment speaks to someone: log(1 + its second-person words), one column.

    The Kaggle definition of an insult needs a participant as its target. The n-gram models fit their
    training texts almost perfectly and so leave this little weight; a stacker that sees it beside their
    out-of-fold scores weighs it honestly (see LinearStack's `stacker_columns`).
    """

    width = 1  # columns out; a stack counts them to route this block to its stacker
    reasons = ("speaks to you",)

    def fit(self, X, y=None):
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        joined, starts = _lowered_batch(X)
        return sp.csr_matrix(np.log1p(_matches_per_text(_ADDRESSING, joined, starts)).reshape(-1, 1))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["speaks to you (count)"], dtype=object)


_NUL = re.compile("\0")


# Issue 13: what SecondPersonTargeting's forward window misses, from the kinds of insult it scored low on
# blog threads. Both lists are our own (written from those kinds, not taken from any data set).
# An address that ends its clause, read backwards: the insult comes first ("clowns, the lot of you",
# "what a moron you are", "idiots like you").
CLAUSE_FINAL_ADDRESSES = (
    "all of you", "the lot of you", "every one of you", "each of you", "the rest of you", "you people",
    "you lot", "you guys", "you all", "everyone here", "everybody here", "y'all", "yall", "the lot of ya",
    "all of ya", "you are", "you're", "like you", "you", "u", "ya",
)  # fmt: skip
# How many words may stand between the insult and that address: our choice (room for "bunch of clowns,
# the lot of you"), the only value measured (docs/benchmarks.md, issue 13 third round).
BACKWARD_WINDOW = 4
# Dismissals that tell the reader to go away, be quiet or learn something, at a clause's start ("sit
# down", "learn to read", "nobody asked"): insults without a word from any list.
DISMISSALS = (
    "go away", "get lost", "get a life", "get a clue", "get a grip", "get over yourself", "grow up",
    "grow a brain", "sit down", "shut up", "shut it", "cry more", "keep crying", "go cry", "cry about it",
    "learn to read", "learn to spell", "learn to think", "learn some", "learn how to read", "read a book",
    "educate yourself", "do your research", "do some research", "touch grass", "log off", "take a hike",
    "run along", "move along", "stay in your lane", "nobody asked", "no one asked", "who asked",
    "nobody cares", "no one cares", "take your meds", "get help", "go outside", "try harder",
    "stop embarrassing yourself", "bye", "buh bye", "cope", "seethe", "pipe down", "zip it", "go back to",
    "go play", "go troll", "crawl back", "back under your bridge", "get off the internet", "stop talking",
)  # fmt: skip
_CLAUSE_END = r"[ \t]*(?:[.!?;)\n\0]|$)"
# A dismissal starts a clause: after punctuation, a line break, or a softening word ("just", "now").
_CLAUSE_START = r"(?:^|[.!?;\n\0,]|\bnow|\bjust|\bplease|\bso|\boh|\bok|\bokay)[ \t\"']*"
_reader_patterns: dict[bool, tuple[re.Pattern, re.Pattern]] = {}


def trie_alternation(words, not_after: str | None = None) -> str:
    """The words as one regex shaped like a trie ("ban(?:k(?:s)?|kers)"...): the engine follows one
    branch per letter instead of trying every word at every position (about 1.8x less CPU here).
    Matches what the longest-first alternation matches: words that can match at one position are
    prefixes of one another, and the trie, like that alternation, tries the longer first.

    `not_after` (a one-character class, e.g. "[a-z]"): a match may not start right after such a
    character, as `(?<!not_after)` before the alternation says; checked after each first letter
    instead, so the pattern starts with literal letters, which the regex engine skips to in C
    (a leading lookaround makes it try every position)."""
    trie: dict = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    guard = "" if not_after is None else f"(?<!{not_after}.)"

    def branches(node: dict, after_first: str = "") -> str:
        parts = [re.escape(letter) + after_first + branches(child) for letter, child in sorted(node.items()) if letter]
        if not parts:
            return ""
        alternation = "(?:" + "|".join(parts) + ")" if len(parts) > 1 or "" in node else parts[0]
        return alternation + "?" if "" in node else alternation

    if not_after is not None and "" in trie:
        raise ValueError("an empty word has no first letter to check not_after at")
    return branches(trie, guard)


def _reader_targeting_patterns(naming: bool = False) -> tuple[re.Pattern, re.Pattern]:
    """(insult word before a clause-final address, dismissal at a clause's start); with `naming`, the
    insult word is the group "word" (for reasons)."""
    if naming not in _reader_patterns:
        group = "?P<word>" if naming else "?:"
        within_clause = r"[^a-z'.!?;\n\0]+"
        backward = re.compile(
            rf"\b({group}{trie_alternation(MORE_NEGATIVE_WORDS)})\b(?:{within_clause}[a-z']+){{0,{BACKWARD_WINDOW}}}?"
            rf"{within_clause}(?:{trie_alternation(CLAUSE_FINAL_ADDRESSES)}){_CLAUSE_END}"
        )
        dismissal = re.compile(rf"{_CLAUSE_START}(?:{trie_alternation(DISMISSALS)})\b")
        _reader_patterns[naming] = (backward, dismissal)
    return _reader_patterns[naming]


_reader_candidates: list[tuple[re.Pattern, re.Pattern]] = []
_CLAUSE_TERMINATORS = ".!?;\n\0"


def _reader_candidate_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Where ReaderTargeting's patterns can match: (an address then a clause's end, a dismissal phrase)."""
    if not _reader_candidates:
        addresses = trie_alternation(CLAUSE_FINAL_ADDRESSES, not_after="[a-z']")
        final_address = re.compile(rf"(?:{addresses}){_CLAUSE_END}")
        dismissal = re.compile(rf"(?:{trie_alternation(DISMISSALS, not_after='[a-z0-9_]')})\b")
        _reader_candidates.append((final_address, dismissal))
    return _reader_candidates[0]


def _backward_window(joined: str, match: re.Match) -> tuple[int, int]:
    """The clause that ends at this address: a backward match can only lie inside it."""
    clause_start = max(joined.rfind(mark, 0, match.start()) for mark in _CLAUSE_TERMINATORS) + 1
    return clause_start, match.end()


def _dismissal_window(joined: str, match: re.Match) -> tuple[int, int]:
    """From a little before the phrase's run of spaces and quotes (where its clause start can be) to its end."""
    lead = match.start()
    while lead > 0 and joined[lead - 1] in " \t\"'":
        lead -= 1
    return max(0, lead - len("please")), match.end()  # the longest word _CLAUSE_START reads


class ReaderTargeting(TransformerMixin, BaseEstimator):
    """Insults aimed at the reader that SecondPersonTargeting's forward window does not see.

    Columns (0/1): an insult word within BACKWARD_WINDOW words before an address that ends its clause
    ("bunch of clowns, all of you"); a dismissal of the reader at a clause's start ("go away", "learn
    to read"). Our corpus teaches the weights; the lists only say where to look.
    """

    width = 2  # columns out; a stack counts them to route this block to its stacker
    reasons = ("insulting word aimed at you", "tells you to go away")

    def fit(self, X, y=None):
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        joined, starts = _lowered_batch(X)
        backward, dismissal = _reader_targeting_patterns()
        final_address, dismissal_words = _reader_candidate_patterns()
        columns = []
        for pattern, candidates, window in (
            (backward, final_address, _backward_window),
            (dismissal, dismissal_words, _dismissal_window),
        ):
            # Cheap candidates first, then the whole pattern only around them: the same 0/1 as scanning
            # each text alone (a test checks), about 4x less CPU (the insult-word alternation is long).
            found = np.zeros(len(starts), dtype=bool)
            for match in candidates.finditer(joined):
                row = int(np.searchsorted(starts, match.start(), side="right")) - 1
                if not found[row] and pattern.search(joined, *window(joined, match)):
                    found[row] = True
            columns.append(found)
        return sp.csr_matrix(np.column_stack(columns).astype(np.float64))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["negative+address at clause end", "dismissal"], dtype=object)

    def reasons_for(self, text: str) -> tuple[str, ...]:
        """The reasons for one text, naming the insult words before the address ("clowns aimed at you")."""
        backward, _ = _reader_targeting_patterns(naming=True)
        aimed = dict.fromkeys(m.group("word") for m in backward.finditer(text.lower()))
        if not aimed:
            return self.reasons
        return (f"{', '.join(aimed)}{AIMED_AT_YOU}", self.reasons[1])
