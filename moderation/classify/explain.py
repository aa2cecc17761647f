"""Why a text scored high: the words, phrases and named features with the largest contribution.

A contribution is coefficient x feature value on the linear model's input. Character n-grams are
what the model weighs most, but "yo" or "e," tells a moderator nothing, so each character n-gram's
contribution is spread evenly over the word letters it covers ("u id": a third to "you", two thirds to
"idiot"), and a word n-gram's goes to its word or phrase. A word's reason is the sum of everything credited
to it, positive and negative: the words whose total raised the score most come first.

A batch is credited at once, each feature block in a few numpy passes over all its texts (one array of
n-gram spans, segment sums by bincount, one sort for the ranking): per text and per block, the same
steps cost about 1 ms each, more than scoring the text.
"""

from __future__ import annotations

import functools
import itertools
import re
import weakref
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from moderation.classify.model import found_rows
from moderation.classify.reason_names import NAMED_ENDINGS
from moderation.classify.text_features import WordNgramHasher, normalize_many
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


# Decimals to which reason totals are compared: far below any difference a moderator could see, far
# above the float noise of summing in another order (about 1e-16).
TIE_DECIMALS = 12


def explain_texts(pipeline, texts: Sequence[str], top: int = 5, known=None) -> list[list[str]]:
    """For each text, the words, phrases and named features that raised the score most, best first;
    the whole batch credited at once (Model.explain_many calls this). `known`: model.NamedBlocks of
    these texts, already computed."""
    texts = list(texts)
    if not texts or top <= 0:
        return [[] for _ in texts]
    credits = _credits(pipeline, texts, known)
    # Rounded: a batch sums a text's contributions in another order than the text alone, and float
    # noise must neither reorder equal totals nor make a zero total raise the score.
    rounded = np.round(credits.totals, TIE_DECIMALS)
    raising = rounded > 0
    rows, ids, totals = credits.rows[raising], credits.ids[raising], rounded[raising]
    first = credits.first[raising]
    order = np.lexsort((first, -totals, rows))  # per text, highest first; equal totals in the order first met
    return _picked(credits.names, rows[order], ids[order], len(texts), top, credits.label_of)


def _picked(
    names: list[str], rows: np.ndarray, ids: np.ndarray, count: int, top: int, label_of: dict[str, int] | None = None
) -> list[list[str]]:
    """The first `top` reasons worth showing of every text, given its raising labels ranked (`rows`
    sorted, `ids` best first per text). A lone punctuation mark ("," from ", ") and a word or phrase of
    function words only ("a", "and", "you are") are no reason a moderator can act on: they count in
    the score, but are not shown; nor is a plain word a named reason of the same text names ("idiot"
    beside "idiot aimed at you").

    Whether a label is shown, and the words a named reason names, are worked out once per label of
    the batch instead of once per text that has it; which labels each text shows is found in numpy."""
    present = np.flatnonzero(np.bincount(ids, minlength=len(names)))  # the labels met, without sorting them
    present_names = [names[i] for i in present.tolist()]
    shown = np.zeros(len(names), dtype=bool)
    shown[present] = np.fromiter(map(_shown, present_names), dtype=bool, count=len(present))
    naming = np.zeros(len(names), dtype=bool)
    naming[present] = np.fromiter(
        (name.endswith(NAMED_ENDINGS) for name in present_names), dtype=bool, count=len(present)
    )
    naming &= shown
    kept = np.flatnonzero(shown[ids])  # positions of shown labels, by text, best first
    naming_at = np.flatnonzero(naming[ids])
    if len(naming_at):
        label_of = label_of if label_of is not None else {name: number for number, name in enumerate(names)}
        kept = kept[~_named_elsewhere(names, label_of, rows, ids, naming, naming_at, kept)]
    kept_rows = rows[kept]
    place = np.arange(len(kept)) - np.searchsorted(kept_rows, kept_rows)  # the label's place among its text's
    chosen = kept[place < top]
    chosen_bounds = np.searchsorted(rows[chosen], np.arange(count + 1)).tolist()
    chosen_names = [names[i] for i in ids[chosen].tolist()]
    return [chosen_names[chosen_bounds[row] : chosen_bounds[row + 1]] for row in range(count)]


def _named_elsewhere(
    names: list[str],
    label_of: dict[str, int],
    rows: np.ndarray,
    ids: np.ndarray,
    naming: np.ndarray,
    naming_at: np.ndarray,
    kept: np.ndarray,
) -> np.ndarray:
    """Which of the `kept` labels are plain words a shown named reason of the same text names (for each
    named label of the batch, its words' label ids once; then one membership test of (text, label))."""
    named_ids = np.unique(ids[naming_at])
    words_of = [
        [label_of[word] for word in _named_words(names[label]) if word in label_of] for label in named_ids.tolist()
    ]
    word_counts = np.fromiter(map(len, words_of), dtype=np.int64, count=len(words_of))
    word_ids = np.fromiter(itertools.chain.from_iterable(words_of), dtype=np.int64, count=int(word_counts.sum()))
    word_starts = np.concatenate(([0], np.cumsum(word_counts)[:-1]))
    # Each occurrence of a named label, expanded to one (text, word label) pair per word it names.
    which = np.searchsorted(named_ids, ids[naming_at])
    per_occurrence = word_counts[which]
    total = int(per_occurrence.sum())
    before = np.cumsum(per_occurrence) - per_occurrence
    pair_words = word_ids[np.repeat(word_starts[which] - before, per_occurrence) + np.arange(total, dtype=np.int64)]
    width = len(names) + 1
    named_pairs = np.repeat(rows[naming_at], per_occurrence) * width + pair_words
    kept_ids = ids[kept]
    return np.isin(rows[kept] * width + kept_ids, named_pairs) & ~naming[kept_ids]


def reason_totals(pipeline, texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, every reason's summed contribution; together they make up the whole linear score
    (the decision function less the intercept)."""
    texts = list(texts)
    credits = _credits(pipeline, texts)
    totals: list[dict[str, float]] = [{} for _ in texts]
    for row, label, value in zip(credits.rows.tolist(), credits.ids.tolist(), credits.totals.tolist(), strict=True):
        totals[row][credits.names[label]] = value
    return totals


@functools.lru_cache(maxsize=1 << 16)
def _shown(label: str) -> bool:
    return (len(label) > 1 or label.isalnum()) and not function_words_only(label)


def _named_words(reason: str) -> list[str]:
    for suffix in NAMED_ENDINGS:
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


class _Labels:
    """Reason labels numbered in the order first met, so contributions can be summed as arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def id(self, label: str) -> int:
        found = self.ids.get(label)
        if found is None:
            found = self.ids[label] = len(self.names)
            self.names.append(label)
        return found

    def ids_of(self, labels: list[str], distinct: bool = False) -> np.ndarray:
        """The labels' ids, new labels numbered in the order met; `distinct`: no label is listed twice."""
        # New labels are numbered once each; the rest is one C-level lookup per label.
        ids, names = self.ids, self.names
        new = [label for label in (labels if distinct else dict.fromkeys(labels)) if label not in ids]
        ids.update(zip(new, range(len(names), len(names) + len(new)), strict=True))
        names.extend(new)
        return np.fromiter(map(ids.__getitem__, labels), dtype=np.int64, count=len(labels))


class _Credits:
    """Per (text, label) summed contribution: `rows[i]`, `names[ids[i]]`, `totals[i]`; `first[i]` orders
    the labels of a text as they were first credited (block by block, in text order). `label_of`: each
    name's id."""

    def __init__(self, labels: _Labels, rows, ids, totals, first) -> None:
        self.names, self.label_of = labels.names, labels.ids
        self.rows, self.ids, self.totals, self.first = rows, ids, totals, first


class _BatchWords:
    """The word tokens of a batch's normalized texts and their label ids, as the word n-grams' credits
    found them: the character n-grams' credits sum onto the same words, and take them from here rather
    than cutting and numbering them again (the one Python loop per word of both)."""

    def __init__(self) -> None:
        self.normalized: list[str] | None = None

    def keep(
        self, normalized: list[str], rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, ids: np.ndarray, private
    ):
        """Tokens found in the normalized texts joined by one separator each (starts, ends there), and
        the addresses found there (`_private_spans_of`, by text)."""
        self.normalized, self.rows, self.ids = normalized, rows, ids
        # Positions in the texts joined without a separator, as the character credits read them.
        self.starts, self.ends = starts - rows, ends - rows
        self.private = {
            row: [(low - row, high - row, mask) for low, high, mask in spans] for row, spans in private.items()
        }

    def of(self, normalized: list[str]):
        """(rows, starts, ends, label ids, addresses by text) of these texts' words, positions in the
        texts joined without a separator, or None if they were not kept."""
        if self.normalized is None or self.normalized != normalized:
            return None
        return self.rows, self.starts, self.ends, self.ids, self.private


def _credits(pipeline, texts: list[str], known=None) -> _Credits:
    featurizer = pipeline.named_steps["features"]
    coefficients = linear_coefficients(pipeline.named_steps["classifier"])
    labels = _Labels()
    words = _BatchWords()
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # rows, label ids, contributions
    offset = 0
    for _, transformer in featurizer.transformer_list:
        hasher = getattr(transformer, "named_steps", {}).get("ngrams")
        if hasher is None:
            block = known.get(transformer) if known is not None else None
            found = known.found(transformer) if block is not None else None
            if block is None or block.shape[0] != len(texts):
                block, found = transformer.transform(texts), None
            block = block.tocsr()
            block.sum_duplicates()
            if block.nnz:
                parts.append(_named_credits(transformer, texts, block, coefficients[offset:], labels, found))
            offset += block.shape[1]
            continue
        whole = known.whole(transformer) if known is not None else None
        if whole is not None and len(whole[2]) == len(texts):  # the scored batch's, read at these texts' rows
            weigh = _NgramShares(transformer, coefficients[offset:], *whole)
            spans = known.found(transformer)
        else:
            counts = known.get(transformer) if known is not None else None
            spans = known.found(transformer) if counts is not None else None
            if counts is None or counts.shape[0] != len(texts):
                counts, spans = hasher.transform(texts), None
            weigh = _NgramShares(transformer, coefficients[offset:], counts)
        if isinstance(hasher, WordNgramHasher):
            parts.append(_word_credits(hasher, texts, weigh, labels, words))
        else:
            parts.append(_character_credits(hasher, texts, weigh, labels, spans, words))
        offset += weigh.width
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Credits(labels, empty, empty, np.zeros(0), empty)
    rows, ids, values = (np.concatenate(column) for column in zip(*parts, strict=True))
    count = max(len(labels.names), 1)
    unique, inverse, _, first = _grouped(rows * count + ids)
    totals = np.bincount(inverse, weights=values, minlength=len(unique))
    return _Credits(labels, unique // count, unique % count, totals, first)


def _grouped(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """np.unique's (values, inverse, counts, first index), by one stable argsort: the keys come in
    long sorted runs, which it merges (several times faster than np.unique here)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    change = np.empty(len(keys), dtype=bool)
    change[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:])
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    return ordered[starts], inverse, np.diff(starts, append=len(keys)), order[starts]


class _NgramShares:
    """Each n-gram occurrence's equal share of its column's contribution in its text.

    `counts` are the block's n-gram counts for the texts (kept from scoring, or counted again); they
    go through the pipeline's own steps after "ngrams" (tf-idf), and each occurrence finds its
    column's count and weight by a table lookup instead of sorting the occurrences again.
    """

    def __init__(self, transformer, coefficients: np.ndarray, counts, weights=None, rows_of_texts=None) -> None:
        """`weights`: the counts' tf-idf, when scoring kept it; `rows_of_texts`: the row of `counts`
        (a whole scored batch's) of each text explained, when they are not its rows in order."""
        self.coefficients = coefficients
        self.counts = sp.csr_matrix(counts)
        if rows_of_texts is not None:  # only these texts' rows are ever read: the rest of the batch is left
            self.counts = self.counts[rows_of_texts]
            weights = sp.csr_matrix(weights)[rows_of_texts] if weights is not None else None
        self.width = self.counts.shape[1]
        if weights is None:
            weights = self.counts
            for _, step in transformer.steps[1:]:
                weights = step.transform(weights)
        self.weights = sp.csr_matrix(weights)
        same_entries = (
            self.weights.nnz == self.counts.nnz
            and np.array_equal(self.weights.indptr, self.counts.indptr)
            and np.array_equal(self.weights.indices, self.counts.indices)
        )
        self.values = self.weights.data if same_entries else None

    def __call__(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        positions = data_positions(self.counts, rows, columns)
        if self.values is not None:  # each stored entry's share once, then read by each occurrence
            entry_shares = self.coefficients[self.counts.indices]  # (coefficient x weight) / count, in place
            entry_shares *= self.values
            entry_shares /= self.counts.data
            return entry_shares[positions]
        # A step that drops or adds entries (not tf-idf): the weights are read one by one.
        values = np.asarray(self.weights[rows, columns]).ravel()
        return self.coefficients[columns] * values / self.counts.data[positions]


# Entries of the (row, column) -> position table `data_positions` fills for a slice of rows: 4 MiB
# of int32, small enough to stay in the CPU's cache. Measured on 2,200 flagged Kaggle comments
# (1.15M character n-grams, 21,610 columns; 2026-11-29): 17 ms, against 81 ms for sorting the
# occurrences to count them (docs/benchmarks.md, score).
LOOKUP_TABLE_ENTRIES = 1 << 20


# Pairs come in a few runs of ascending rows (one per n-gram length or word order); up to this many
# runs are read run by run, each already in row order, instead of sorting all pairs by row first.
MAX_ROW_RUNS = 16


def data_positions(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Where each (row, column) pair is in `matrix.data`; every pair must be stored in the matrix.

    Rows are taken a slice at a time: their entries are written into a dense table by
    (row in slice, column), which the pairs of those rows then read, with no sort and no search.
    Pairs given in a few runs of ascending rows (how the reasons list n-grams) are read in place;
    others are put in row order first."""
    width = max(matrix.shape[1], 1)
    per_slice = max(1, LOOKUP_TABLE_ENTRIES // width)
    index_type = np.int32 if matrix.nnz < 1 << 31 else np.int64
    breaks = np.flatnonzero(rows[1:] < rows[:-1]) + 1
    if len(breaks) < MAX_ROW_RUNS:
        order = None
        runs = [0, *breaks.tolist(), len(rows)]
    else:
        order = np.argsort(rows.astype(np.int16 if matrix.shape[0] < 1 << 15 else np.int64), kind="stable")
        rows, columns = rows[order], columns[order]
        runs = [0, len(rows)]
    starts = np.arange(0, matrix.shape[0] + per_slice, per_slice)
    bounds = [(np.searchsorted(rows[low:high], starts) + low).tolist() for low, high in itertools.pairwise(runs)]
    table = np.empty(per_slice * width, dtype=index_type)
    found = np.empty(len(rows), dtype=np.int64)
    indptr, indices = matrix.indptr, matrix.indices
    for slice_number, first in enumerate(starts[:-1].tolist()):
        last = min(first + per_slice, matrix.shape[0])
        begin, end = int(indptr[first]), int(indptr[last])
        local = np.repeat(np.arange(last - first, dtype=np.int64), np.diff(indptr[first : last + 1]))
        table[local * width + indices[begin:end]] = np.arange(begin, end, dtype=index_type)
        for run_bounds in bounds:
            low, high = run_bounds[slice_number], run_bounds[slice_number + 1]
            found[low:high] = table[(rows[low:high] - first) * width + columns[low:high]]
    if order is None:
        return found
    positions = np.empty(len(rows), dtype=np.int64)
    positions[order] = found
    return positions


def _named_credits(transformer, texts: list[str], block, coefficients: np.ndarray, labels: _Labels, found=None):
    """A named feature: its moderator-facing reason for each text, else its feature name. `found`: what
    the transformer found per text when it scored them (NamedBlocks.found), which its reasons name."""
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(block.indptr))
    fallback = getattr(transformer, "reasons", None) or _feature_names.get(transformer)
    if fallback is None:
        fallback = _feature_names[transformer] = transformer.get_feature_names_out()
    present = np.unique(rows).tolist()
    if hasattr(transformer, "reasons_for_many"):
        named = transformer.reasons_for_many([texts[row] for row in present], found_rows(found, present))
        per_text = dict(zip(present, named, strict=True))
    elif hasattr(transformer, "reasons_for"):
        per_text = {row: transformer.reasons_for(texts[row]) for row in present}
    else:
        per_text = {}
    names = [
        str((per_text.get(row) or fallback)[column])
        for row, column in zip(rows.tolist(), block.indices.tolist(), strict=True)
    ]
    return rows, labels.ids_of(names), coefficients[block.indices] * block.data


def _word_credits(hasher, texts: list[str], shares_of: _NgramShares, labels: _Labels, words: _BatchWords | None = None):
    """A word n-gram is its own reason ("you", "did you"): its share goes to the phrase. `words`: where
    the batch's tokens are kept for the character credits."""
    found = hasher.batch_grams(texts)
    token_ids = _token_ids(found, labels)
    private = _private_spans_of(found.joined, found.text_starts, separator=1)
    if words is not None:
        words.keep(normalize_many(texts, hasher.cleaning), found.rows, found.starts, found.ends, token_ids, private)
    rows, ids, shares = [], [], []
    for order, first, columns in found.grams:
        kept = columns >= 0
        first = first[kept]
        gram_rows = found.rows[first]
        gram_ids = token_ids[first] if order == 1 else _phrase_ids(token_ids, first, order, labels)
        if private:
            _mask_private(gram_ids, gram_rows, found.starts[first], found.ends[first + order - 1], private, labels)
        rows.append(gram_rows)
        ids.append(gram_ids)
        shares.append(columns[kept].astype(np.int64))
    if not rows:
        return _nothing()
    rows_all, columns_all = np.concatenate(rows), np.concatenate(shares)
    return rows_all, np.concatenate(ids), shares_of(rows_all, columns_all)


def _token_ids(found, labels: _Labels) -> np.ndarray:
    """Label ids of the batch's word tokens (`WordGrams`), numbered as `labels.ids_of` of every token cut
    from the text would number them, but each distinct token cut and looked up once: tokens are grouped
    by hash and length, and each is checked equal to its group's first, character by character (if a
    hash ever collides, every token is cut)."""
    starts, ends = found.starts, found.ends
    lengths = ends - starts
    key = (found.hashes.astype(np.uint64) << np.uint64(32)) | lengths.astype(np.uint64)
    _, first, group = np.unique(key, return_index=True, return_inverse=True)
    group = group.ravel()
    leader = first[group]  # the first token equal to each token
    if _same_characters(found.codes, starts, lengths, starts[leader]):
        met = np.sort(first)  # the distinct tokens, in the order first met
        names = [found.joined[start:end] for start, end in zip(starts[met].tolist(), ends[met].tolist(), strict=True)]
        ids_of_group = np.empty(len(first), dtype=np.int64)
        ids_of_group[group[met]] = labels.ids_of(names, distinct=True)
        return ids_of_group[group]
    tokens = [found.joined[start:end] for start, end in zip(starts.tolist(), ends.tolist(), strict=True)]
    return labels.ids_of(tokens)


def _same_characters(codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray, other_starts: np.ndarray) -> bool:
    """Whether each span `codes[starts[i] : starts[i] + lengths[i]]` equals the one as long at `other_starts[i]`."""
    differ = np.flatnonzero(starts != other_starts)
    if not len(differ):
        return True
    lengths = lengths[differ]
    total = int(lengths.sum())
    # Each character's place in its span, then its position in `codes` and in the other span.
    before = np.cumsum(lengths) - lengths
    offset = np.arange(total, dtype=np.int64) - np.repeat(before, lengths)
    here = np.repeat(starts[differ], lengths) + offset
    there = np.repeat(other_starts[differ], lengths) + offset
    return bool(np.array_equal(codes[here], codes[there]))


def _phrase_ids(token_ids: np.ndarray, first: np.ndarray, order: int, labels: _Labels) -> np.ndarray:
    """Label ids of the phrases of `order` tokens starting at `first`: each distinct phrase joined once."""
    key = token_ids[first]
    for step in range(1, order):
        if step > 1:  # numbered densely again, so the next step's key stays within 64 bits
            _, key = np.unique(key, return_inverse=True)
            key = key.ravel()
        key = key * (len(labels.names) + 1) + token_ids[first + step]
    # Numbering keeps the keys' order, so the phrases are listed in the same order as by the keys.
    _, where, inverse = np.unique(key, return_index=True, return_inverse=True)
    names, starts = labels.names, first[where]
    words = [[names[token] for token in token_ids[starts + step].tolist()] for step in range(order)]
    phrases = list(map(" ".join, zip(*words, strict=True)))
    return labels.ids_of(phrases)[inverse.ravel()]


def _character_credits(
    hasher, texts: list[str], shares_of: _NgramShares, labels: _Labels, spans=None, words: _BatchWords | None = None
):
    """Spread each character n-gram's share evenly over the word letters it covers, then sum per word;
    an n-gram that covers no letter ("!!") is its own reason. `spans`: the texts' n-gram spans, kept
    when they were scored (text_features.NgramSpans); `words`: their words, if the word credits kept them."""
    normalized, rows, columns, starts, ends = hasher.batch_spans(texts, spans)
    if not len(rows):
        return _nothing()
    shares = shares_of(rows, columns)
    joined = "".join(normalized)
    lengths = np.fromiter(map(len, normalized), dtype=np.int64, count=len(normalized))
    text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    in_word = _word_letters(codes)
    lowered = joined.lower()
    # The word credits' tokens are these words when the text is already lower case (normalized text
    # is, but for the rare character whose lower() is not lower case again): their numbering is reused.
    kept = words.of(normalized) if words is not None and lowered == joined else None
    if kept is not None:
        word_rows, word_starts, word_ends, word_ids, private = kept
    else:
        text_start = np.zeros(len(joined) + 1, dtype=bool)
        text_start[text_starts] = True
        # Words: runs of word letters, cut where a text starts.
        word_starts = np.flatnonzero(in_word & (text_start[:-1] | ~np.concatenate(([False], in_word[:-1]))))
        word_ends = np.flatnonzero(in_word & (text_start[1:] | ~np.concatenate((in_word[1:], [False])))) + 1
        word_rows = np.searchsorted(text_starts, word_starts, side="right") - 1
    # A text none of whose n-grams is a feature has no reasons here, not a zero for each word: a text
    # with a feature n-gram is one with a stored count.
    credited = (np.diff(shares_of.counts.indptr) > 0)[word_rows]
    word_starts, word_ends, word_rows = word_starts[credited], word_ends[credited], word_rows[credited]
    letters_before = np.concatenate(([0], np.cumsum(in_word)))
    letters = letters_before[ends] - letters_before[starts]
    covers = letters > 0
    # An n-gram that covers no letter adds 0.0 to its bins, which changes no sum, bit for bit: spreading
    # every n-gram spares picking the covering ones out of each array.
    density = np.divide(shares, letters, out=np.zeros(len(shares)), where=covers)
    size = len(joined) + 1
    change = np.bincount(starts, density, size) - np.bincount(ends, density, size)
    credit_before = np.concatenate(([0.0], np.cumsum(np.cumsum(change)[:-1] * in_word)))
    if kept is not None:
        word_ids = word_ids[credited]
    elif len(lowered) == len(joined):
        word_ids = labels.ids_of(
            [lowered[start:end] for start, end in zip(word_starts.tolist(), word_ends.tolist(), strict=True)]
        )
    else:  # lower() changed a length ("İ"): lower each word alone
        word_ids = labels.ids_of(
            [joined[start:end].lower() for start, end in zip(word_starts.tolist(), word_ends.tolist(), strict=True)]
        )
    marks = np.flatnonzero(~covers)
    mark_rows, mark_starts, mark_ends = rows[marks], starts[marks], ends[marks]
    mark_ids = _mark_ids(joined, codes, mark_starts, mark_ends, labels)
    if kept is None:
        private = _private_spans_of(joined, text_starts, separator=0)
    if private:
        _mask_private(word_ids, word_rows, word_starts, word_ends, private, labels)
        _mask_private(mark_ids, mark_rows, mark_starts, mark_ends, private, labels)
    return (
        np.concatenate((word_rows, mark_rows)),
        np.concatenate((word_ids, mark_ids)),
        np.concatenate((credit_before[word_ends] - credit_before[word_starts], shares[marks])),
    )


def _mark_ids(joined: str, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, labels: _Labels) -> np.ndarray:
    """Label ids of n-grams that cover no word letter ("!!", ", "): the n-gram stripped of spaces, or
    its repr if only spaces. Numbered as `labels.ids_of` of every mark would number them, but each
    distinct mark cut once: a mark's characters are all below U+00C0 (`_word_letters`), so up to
    MARK_KEY_CHARACTERS of them pack into one integer key, 8 bits each."""
    lengths = ends - starts
    if not len(starts) or int(lengths.max()) > MARK_KEY_CHARACTERS:
        marks = (joined[start:end] for start, end in zip(starts.tolist(), ends.tolist(), strict=True))
        return labels.ids_of([gram.strip() or repr(gram) for gram in marks])
    key = lengths.astype(np.uint64) << np.uint64(8 * MARK_KEY_CHARACTERS)
    for place in range(int(lengths.max())):
        inside = place < lengths
        character = codes[np.minimum(starts + place, len(codes) - 1)].astype(np.uint64)
        key |= np.where(inside, character, 0).astype(np.uint64) << np.uint64(8 * place)
    _, first, group = np.unique(key, return_index=True, return_inverse=True)
    group = group.ravel()
    met = np.sort(first)  # the distinct marks, in the order first met
    marks = (joined[start:end] for start, end in zip(starts[met].tolist(), ends[met].tolist(), strict=True))
    ids_of_group = np.empty(len(first), dtype=np.int64)
    ids_of_group[group[met]] = labels.ids_of([gram.strip() or repr(gram) for gram in marks])
    return ids_of_group[group]


# Characters of a mark packed into one 64-bit key by `_mark_ids` (8 bits each, the length above them):
# more than the longest character n-gram of our models (5).
MARK_KEY_CHARACTERS = 7


def _nothing():
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, np.zeros(0)


def _word_letters(codes: np.ndarray) -> np.ndarray:
    """Which characters _WORD matches: digits, letters a-z in either case, apostrophes, and U+00C0 on."""
    lower = codes | np.uint32(0x20)
    return ((codes >= 48) & (codes <= 57)) | ((lower >= 97) & (lower <= 122)) | (codes == 39) | (codes >= 0xC0)


def _private_spans_of(joined: str, text_starts: np.ndarray, separator: int) -> dict[int, list[tuple[int, int, str]]]:
    """private_spans of each text of the batch that may hold an address, by text, at their positions
    in `joined` (the texts joined by `separator` characters, 0 or 1)."""
    by_row: dict[int, list[tuple[int, int, str]]] = {}
    hints = np.fromiter((m.start() for m in _ADDRESS_HINT.finditer(joined)), dtype=np.int64)
    if not len(hints):
        return by_row
    text_ends = np.append(text_starts[1:] - separator, len(joined))
    for row in np.unique(np.searchsorted(text_starts, hints, side="right") - 1).tolist():
        start = int(text_starts[row])
        spans = private_spans(joined[start : int(text_ends[row])])
        if spans:
            by_row[row] = [(low + start, high + start, mask) for low, high, mask in spans]
    return by_row


# What every address private_spans finds holds: an "@", two colons with only hex digits between (IPv6),
# or digits between three dots (IPv4).
_ADDRESS_HINT = re.compile(r"@|:[0-9A-Fa-f]*:|\d\.\d{1,3}\.\d")


def _mask_private(ids: np.ndarray, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, private, labels) -> None:
    """ "[e-mail]" or "[ip]" for the spans that touch an address: a reason never shows a piece of one."""
    for index in np.flatnonzero(np.isin(rows, list(private))).tolist():
        mask = _private_part(int(starts[index]), int(ends[index]), private[int(rows[index])])
        if mask is not None:
            ids[index] = labels.id(mask)


def _private_part(start: int, end: int, private: list[tuple[int, int, str]]) -> str | None:
    """The placeholder of the first address the span touches, if any."""
    return next((mask for low, high, mask in private if start < high and low < end), None)
