"""Measures of a corpus's shape: near duplicates, distinct n-grams, vocabulary.

Shared by tests/test_training_corpus.py (which holds the corpus to limits) and
benchmarks/corpus_realism.py (which compares it with real comments). Standard library, numpy and
scikit-learn only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

# Two comments are near duplicates when the Jaccard similarity of their sets of word 4-grams
# ("shingles", after lower-casing and dropping punctuation) reaches this. 0.5 means half of what the
# two say together is said word for word by both: a comment and its copy with a word changed or a
# sentence added. Chosen by reading pairs around it, not on any data set's numbers.
SHINGLE_WORDS = 4
NEAR_DUPLICATE_JACCARD = 0.5

_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lower-case word tokens, apostrophes kept inside words ("don't")."""
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The word `size`-grams of a text; a shorter text is one shingle of all its words."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def near_duplicate_pairs(texts: list[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[int, int, float]]:
    """(i, j, jaccard) for every pair i < j of texts whose shingle sets overlap by at least `threshold`.

    One sparse product of the binary text-by-shingle matrix gives every pair's shared shingle count.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=shingles, binary=True)
    matrix = vectorizer.fit_transform(texts).astype(np.int32).tocsr()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    shared = (matrix @ matrix.T).tocoo()
    upper = shared.row < shared.col
    rows, cols, both = shared.row[upper], shared.col[upper], shared.data[upper]
    jaccard = both / (sizes[rows] + sizes[cols] - both)
    keep = jaccard >= threshold
    return [(int(i), int(j), float(s)) for i, j, s in zip(rows[keep], cols[keep], jaccard[keep], strict=True)]


def near_duplicate_rate(texts: list[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> float:
    """Share of texts that have at least one near duplicate among the others."""
    if not texts:
        return 0.0
    involved = {index for i, j, _ in near_duplicate_pairs(texts, threshold) for index in (i, j)}
    return len(involved) / len(texts)


def distinct_ngram_ratio(texts: Iterable[str], n: int) -> tuple[int, float]:
    """(distinct word n-grams, distinct / all word n-grams): 1.0 means no n-gram is ever repeated."""
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in texts:
        tokens = words(text)
        grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        total += len(grams)
        seen.update(grams)
    return len(seen), (len(seen) / total if total else 0.0)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every word the texts use."""
    known: set[str] = set()
    for text in texts:
        known.update(words(text))
    return known
