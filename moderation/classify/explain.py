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
    the whole batch credited at once (Model.explain_many calls this)."""
    texts = list(texts)
    if not texts or top <= 0:
        return [[] for _ in texts]
    credits = _credits(pipeline, texts)
    raising = credits.totals > 0
    rows, ids, totals = credits.rows[raising], credits.ids[raising], credits.totals[raising]
    first = credits.first[raising]
    order = np.lexsort((first, -totals, rows))  # per text, highest first; equal totals in the order first met
    names = credits.names
    ranked = [names[i] for i in ids[order].tolist()]
    bounds = np.searchsorted(rows[order], np.arange(len(texts) + 1)).tolist()
    return [_pick(ranked[bounds[row] : bounds[row + 1]], top) for row in range(len(texts))]


def reason_totals(pipeline, texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, every reason's summed contribution; together they make up the whole linear score
    (the decision function less the intercept)."""
    texts = list(texts)
    credits = _credits(pipeline, texts)
    totals: list[dict[str, float]] = [{} for _ in texts]
    for row, label, value in zip(credits.rows.tolist(), credits.ids.tolist(), credits.totals.tolist(), strict=True):
        totals[row][credits.names[label]] = value
    return totals


def _ranked(found: dict[str, float], top: int) -> list[str]:
    """`_pick` for one text's totals."""
    return _pick([label for label, value in sorted(found.items(), key=lambda item: -item[1]) if value > 0], top)


def _pick(raising: list[str], top: int) -> list[str]:
    """The first `top` reasons worth showing, of labels that raised the score, best first. A lone
    punctuation mark ("," from ", ") and a word or phrase of function words only ("a", "and", "you
    are") are no reason a moderator can act on: they count in the score, but are not shown."""
    # A plain word a named reason already names ("idiot" beside "idiot aimed at you") says nothing new.
    named = {word for label in raising if label.endswith(_NAMED) and _shown(label) for word in _named_words(label)}
    picked: list[str] = []
    for label in raising:
        if _shown(label) and (label not in named or _named_words(label)):
            picked.append(label)
            if len(picked) == top:
                break
    return picked


@functools.lru_cache(maxsize=1 << 16)
def _shown(label: str) -> bool:
    return (len(label) > 1 or label.isalnum()) and not function_words_only(label)


_NAMED = (AIMED_AT_YOU, PROFANE_WORDS)


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

    def ids_of(self, labels: list[str]) -> np.ndarray:
        return np.fromiter(map(self.id, labels), dtype=np.int64, count=len(labels))


class _Credits:
    """Per (text, label) summed contribution: `rows[i]`, `names[ids[i]]`, `totals[i]`; `first[i]` orders
    the labels of a text as they were first credited (block by block, in text order)."""

    def __init__(self, names: list[str], rows, ids, totals, first) -> None:
        self.names, self.rows, self.ids, self.totals, self.first = names, rows, ids, totals, first


def _credits(pipeline, texts: list[str]) -> _Credits:
    featurizer = pipeline.named_steps["features"]
    coefficients = linear_coefficients(pipeline.named_steps["classifier"])
    labels = _Labels()
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # rows, label ids, contributions
    offset = 0
    for _, transformer in featurizer.transformer_list:
        block = transformer.transform(texts).tocsr()
        block.sum_duplicates()
        block_rows = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(block.indptr))
        entries = _Block(block_rows, block.indices.astype(np.int64), coefficients[offset + block.indices] * block.data)
        offset += block.shape[1]
        if not len(block_rows):
            continue
        hasher = getattr(transformer, "named_steps", {}).get("ngrams")
        if hasher is None:
            parts.append(_named_credits(transformer, texts, entries, labels))
        elif isinstance(hasher, WordNgramHasher):
            parts.append(_word_credits(hasher, texts, entries, block.shape[1], labels))
        else:
            parts.append(_character_credits(hasher, texts, entries, block.shape[1], labels))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Credits(labels.names, empty, empty, np.zeros(0), empty)
    rows, ids, values = (np.concatenate(column) for column in zip(*parts, strict=True))
    keys = rows * max(len(labels.names), 1) + ids
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=values, minlength=len(unique))
    count = max(len(labels.names), 1)
    return _Credits(labels.names, unique // count, unique % count, totals, first)


class _Block:
    """A feature block's non-zero entries for the batch: row, column and contribution of each."""

    def __init__(self, rows: np.ndarray, columns: np.ndarray, contributions: np.ndarray) -> None:
        self.rows, self.columns, self.contributions = rows, columns, contributions

    def shares(self, rows: np.ndarray, columns: np.ndarray, width: int) -> np.ndarray:
        """Each occurrence's equal share of its column's contribution in its text."""
        keys = rows * width + columns
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        at = np.searchsorted(self.rows * width + self.columns, unique)  # CSR order: sorted keys
        return (self.contributions[at] / counts)[inverse.ravel()]


def _named_credits(transformer, texts: list[str], entries: _Block, labels: _Labels):
    """A named feature: its moderator-facing reason for each text, else its feature name."""
    fallback = getattr(transformer, "reasons", None) or _feature_names.get(transformer)
    if fallback is None:
        fallback = _feature_names[transformer] = transformer.get_feature_names_out()
    present = np.unique(entries.rows).tolist()
    if hasattr(transformer, "reasons_for_many"):
        per_text = dict(zip(present, transformer.reasons_for_many([texts[row] for row in present]), strict=True))
    elif hasattr(transformer, "reasons_for"):
        per_text = {row: transformer.reasons_for(texts[row]) for row in present}
    else:
        per_text = {}
    names = [
        str((per_text.get(row) or fallback)[column])
        for row, column in zip(entries.rows.tolist(), entries.columns.tolist(), strict=True)
    ]
    return entries.rows, labels.ids_of(names), entries.contributions


def _word_credits(hasher, texts: list[str], entries: _Block, width: int, labels: _Labels):
    """A word n-gram is its own reason ("you", "did you"): its share goes to the phrase."""
    found = hasher.batch_grams(texts)
    tokens = [found.joined[start:end] for start, end in zip(found.starts.tolist(), found.ends.tolist(), strict=True)]
    token_ids = labels.ids_of(tokens)
    private = _private_spans_of(found.joined, found.text_starts, separator=1)
    rows, ids, shares = [], [], []
    for order, first, columns in found.grams:
        kept = columns >= 0
        first = first[kept]
        gram_rows = found.rows[first]
        gram_ids = token_ids[first] if order == 1 else _phrase_ids(tokens, token_ids, first, order, labels)
        if private:
            _mask_private(gram_ids, gram_rows, found.starts[first], found.ends[first + order - 1], private, labels)
        rows.append(gram_rows)
        ids.append(gram_ids)
        shares.append(columns[kept].astype(np.int64))
    if not rows:
        return _nothing()
    rows_all, columns_all = np.concatenate(rows), np.concatenate(shares)
    return rows_all, np.concatenate(ids), entries.shares(rows_all, columns_all, width)


def _phrase_ids(tokens: list[str], token_ids: np.ndarray, first: np.ndarray, order: int, labels: _Labels) -> np.ndarray:
    """Label ids of the phrases of `order` tokens starting at `first`: each distinct phrase joined once."""
    key = token_ids[first]
    for step in range(1, order):
        _, key = np.unique(key * (len(labels.names) + 1) + token_ids[first + step], return_inverse=True)
        key = key.ravel()
    _, where, inverse = np.unique(key, return_index=True, return_inverse=True)
    phrases = [" ".join(tokens[start : start + order]) for start in first[where].tolist()]
    return labels.ids_of(phrases)[inverse.ravel()]


def _character_credits(hasher, texts: list[str], entries: _Block, width: int, labels: _Labels):
    """Spread each character n-gram's share evenly over the word letters it covers, then sum per word;
    an n-gram that covers no letter ("!!") is its own reason."""
    normalized, rows, columns, starts, ends = hasher.batch_spans(texts)
    if not len(rows):
        return _nothing()
    shares = entries.shares(rows, columns, width)
    joined = "".join(normalized)
    lengths = np.fromiter(map(len, normalized), dtype=np.int64, count=len(normalized))
    text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    in_word = _word_letters(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32))
    text_start = np.zeros(len(joined) + 1, dtype=bool)
    text_start[text_starts] = True
    # Words: runs of word letters, cut where a text starts.
    word_starts = np.flatnonzero(in_word & (text_start[:-1] | ~np.concatenate(([False], in_word[:-1]))))
    word_ends = np.flatnonzero(in_word & (text_start[1:] | ~np.concatenate((in_word[1:], [False])))) + 1
    letters_before = np.concatenate(([0], np.cumsum(in_word)))
    letters = letters_before[ends] - letters_before[starts]
    covers = letters > 0
    density = shares[covers] / letters[covers]
    size = len(joined) + 1
    change = np.bincount(starts[covers], density, size) - np.bincount(ends[covers], density, size)
    credit_before = np.concatenate(([0.0], np.cumsum(np.cumsum(change)[:-1] * in_word)))
    lowered = joined.lower()
    if len(lowered) == len(joined):
        words = [lowered[start:end] for start, end in zip(word_starts.tolist(), word_ends.tolist(), strict=True)]
    else:  # lower() changed a length ("İ"): lower each word alone
        words = [joined[start:end].lower() for start, end in zip(word_starts.tolist(), word_ends.tolist(), strict=True)]
    word_ids = labels.ids_of(words)
    word_rows = np.searchsorted(text_starts, word_starts, side="right") - 1
    mark_rows, mark_starts, mark_ends = rows[~covers], starts[~covers], ends[~covers]
    marks = (joined[start:end] for start, end in zip(mark_starts.tolist(), mark_ends.tolist(), strict=True))
    mark_ids = labels.ids_of([gram.strip() or repr(gram) for gram in marks])  # punctuation only ("!!")
    private = _private_spans_of("\n".join(normalized), text_starts, separator=0)
    if private:
        _mask_private(word_ids, word_rows, word_starts, word_ends, private, labels)
        _mask_private(mark_ids, mark_rows, mark_starts, mark_ends, private, labels)
    return (
        np.concatenate((word_rows, mark_rows)),
        np.concatenate((word_ids, mark_ids)),
        np.concatenate((credit_before[word_ends] - credit_before[word_starts], shares[~covers])),
    )


def _nothing():
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, np.zeros(0)


def _word_letters(codes: np.ndarray) -> np.ndarray:
    """Which characters _WORD matches: digits, letters a-z in either case, apostrophes, and U+00C0 on."""
    lower = codes | np.uint32(0x20)
    return ((codes >= 48) & (codes <= 57)) | ((lower >= 97) & (lower <= 122)) | (codes == 39) | (codes >= 0xC0)


def _private_spans_of(joined: str, text_starts: np.ndarray, separator: int) -> dict[int, list[tuple[int, int, str]]]:
    """private_spans of the batch by text; `joined` holds the texts joined by newlines (no address
    crosses one), positions are moved to texts joined by `separator` characters (0 or 1)."""
    by_row: dict[int, list[tuple[int, int, str]]] = {}
    spans = private_spans(joined)
    if not spans:
        return by_row
    newline_starts = text_starts + np.arange(len(text_starts)) * (1 - separator)
    for low, high, mask in spans:
        row = int(np.searchsorted(newline_starts, low, side="right")) - 1
        shift = row * (1 - separator)
        by_row.setdefault(row, []).append((low - shift, high - shift, mask))
    return by_row


def _mask_private(ids: np.ndarray, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, private, labels) -> None:
    """ "[e-mail]" or "[ip]" for the spans that touch an address: a reason never shows a piece of one."""
    for index in np.flatnonzero(np.isin(rows, list(private))).tolist():
        mask = _private_part(int(starts[index]), int(ends[index]), private[int(rows[index])])
        if mask is not None:
            ids[index] = labels.id(mask)


def _private_part(start: int, end: int, private: list[tuple[int, int, str]]) -> str | None:
    """The placeholder of the first address the span touches, if any."""
    return next((mask for low, high, mask in private if start < high and low < end), None)
