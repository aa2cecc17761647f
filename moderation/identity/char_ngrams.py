"""scikit-learn's character n-gram TF-IDF with its counting done in numpy: the same matrix, faster.

The linker's writing-style model (style.py) fits a `TfidfVectorizer(analyzer="char")` on every
name's text of a thread. scikit-learn slices and counts each n-gram in Python (about 0.3 µs each, a
million per 1,000-comment thread); here the n-grams of all documents are numbered at once in numpy.
Only the counting step (`_count_vocab`) is replaced, and it returns exactly what scikit-learn's does
(the vocabulary in first-seen order, counts with sorted indices), so sorting, pruning and weighting
stay scikit-learn's own and the matrix is identical bit for bit (tests/test_identity_char_ngrams.py).
Anything it does not handle (other analyzers, a fixed vocabulary, a huge alphabet) goes to
scikit-learn unchanged.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import text as sklearn_text
from sklearn.feature_extraction.text import TfidfVectorizer

# Longest n-grams counted here (scikit-learn counts longer ones itself).
_MAX_DIGITS = 4
# n-grams are renumbered through a table of this many entries at most (4 bytes each: 4 MiB, a small
# share of a report's memory), else by sorting.
_TABLE_LIMIT = 1 << 20

_align = getattr(sklearn_text, "_align_api_if_sparse", lambda matrix: matrix)


class CharTfidfVectorizer(TfidfVectorizer):
    """`TfidfVectorizer` for `analyzer="char"` documents held as str, counted in numpy."""

    def _count_vocab(self, raw_documents, fixed_vocab):
        documents = list(raw_documents)
        counted = None
        if not fixed_vocab and self._plain_char_analyzer() and all(isinstance(d, str) for d in documents):
            counted = char_ngram_counts(
                [self._white_spaces.sub(" ", d) for d in documents], self.ngram_range, self.dtype
            )
        if counted is None:
            return super()._count_vocab(documents, fixed_vocab)
        vocabulary, matrix = counted
        return vocabulary, _align(matrix)

    def _plain_char_analyzer(self) -> bool:
        """Only the analyzer whose n-grams are plain slices of the text (after whitespace runs
        become one space) is counted here."""
        return (
            self.analyzer == "char"
            and self.preprocessor is None
            and not self.lowercase
            and self.strip_accents is None
            and self.input == "content"
            and self.ngram_range[0] >= 2
            and self.ngram_range[1] <= _MAX_DIGITS
        )


def char_ngram_counts(texts: list[str], ngram_range: tuple[int, int], dtype) -> tuple[dict, sp.csr_array] | None:
    """(vocabulary, counts) as scikit-learn's `_count_vocab` builds them for these texts (already
    whitespace-normalised): terms numbered in the order first seen (text by text, n by n, left to
    right), a CSR array of counts with sorted indices. None when the texts have no n-gram."""
    low, high = ngram_range
    joined = "".join(texts)
    if not joined:
        return None
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    characters = np.zeros(int(codes.max()) + 1, dtype=np.int32)
    characters[codes] = 1
    numbers = np.cumsum(characters, dtype=np.int32)
    base = int(numbers[-1])
    ids = (numbers[codes] - 1).astype(np.int64)  # each character's number among the distinct ones
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    text_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    text_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    room = text_start[text_of] + lengths[text_of] - np.arange(len(joined), dtype=np.int64)  # characters left
    # scikit-learn's order of n-grams: text by text; within a text all bigrams left to right, then
    # trigrams... `block_first[text, n - low]` is where each such run starts.
    sizes = np.arange(low, high + 1, dtype=np.int64)
    per_block = np.maximum(lengths[:, None] - sizes[None, :] + 1, 0)
    total = int(per_block.sum())
    if total == 0:
        return None
    block_first = (np.cumsum(per_block.ravel()) - per_block.ravel()).reshape(per_block.shape)
    term_at = np.empty(total, dtype=np.int64)  # each n-gram's term, in scikit-learn's order
    where_at = np.empty(total, dtype=np.int64)  # and where it starts in `joined`
    size_at = np.empty(total, dtype=np.int64)
    prefix = ids  # the number of the (n-1)-gram starting at each position, n-grams numbered by n
    count = base
    terms = 0
    for n in range(2, high + 1):
        span = len(joined) - n + 1
        if span <= 0:
            break
        keys = prefix[:span] * base + ids[n - 1 : n - 1 + span]
        prefix, count = _renumber(keys, count * base)
        if n < low:
            continue
        starts = np.flatnonzero(room[:span] >= n)
        if len(starts) == 0:
            continue
        order = block_first[text_of[starts], n - low] + starts - text_start[text_of[starts]]
        term_at[order] = terms + prefix[starts]
        where_at[order] = starts
        size_at[order] = n
        terms += count
    seen = np.full(terms, total, dtype=np.int64)
    np.minimum.at(seen, term_at, np.arange(total, dtype=np.int64))
    used = np.flatnonzero(seen < total)  # numbers of n-grams that only crossed from one text to the next
    by_first_seen = used[np.argsort(seen[used])]
    column_of = np.full(terms, -1, dtype=np.int64)
    column_of[by_first_seen] = np.arange(len(by_first_seen), dtype=np.int64)
    index_type = np.int32 if total <= np.iinfo(np.int32).max else np.int64
    indptr = np.concatenate(([0], np.cumsum(per_block.sum(axis=1))))
    matrix = sp.csr_array(
        (np.ones(total, dtype=dtype), column_of[term_at].astype(index_type), indptr.astype(index_type)),
        shape=(len(texts), len(by_first_seen)),
    )
    # Each row's indices sorted by two counting sorts (to columns and back, both linear), far
    # cheaper than sorting every row; then repeated n-grams are added up.
    matrix = matrix.tocsc().tocsr()
    matrix.sum_duplicates()
    first = seen[by_first_seen]
    vocabulary = {
        joined[start : start + size]: column
        for column, (start, size) in enumerate(zip(where_at[first].tolist(), size_at[first].tolist(), strict=True))
    }
    return vocabulary, matrix


def _renumber(keys: np.ndarray, space: int) -> tuple[np.ndarray, int]:
    """Keys (0 <= key < space) renumbered 0..distinct-1, in key order: by a table when the space is
    small enough to hold, else by sorting."""
    if space <= _TABLE_LIMIT:
        table = np.zeros(space, dtype=np.int32)
        table[keys] = 1
        numbers = np.cumsum(table, dtype=np.int32)
        return (numbers[keys] - 1).astype(np.int64), int(numbers[-1])
    distinct_keys, numbers = np.unique(keys, return_inverse=True)
    return numbers.ravel(), len(distinct_keys)
