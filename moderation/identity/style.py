"""Writing-style similarity between two names' texts, after the PAN authorship-verification baseline.

Each name's comments become one document of character 2-4-grams (case kept: capitals, "..." and
"!!" are habits), weighted by TF-IDF over the run; two names compare by cosine. A raw cosine means
little on its own (one topic raises every cosine in a thread), so it is calibrated against the
cosines of random pairs of the same run, and shrunk toward "no information" when either side has
written little.
"""

from __future__ import annotations

import random

import numpy as np

from moderation.identity.char_ngrams import CharTfidfVectorizer

# Below this many characters on either side a style match is barely evidence (PAN texts are ~20k).
RELIABLE_CHARACTERS = 600
_BACKGROUND_PAIRS = 400
# Fewer distinct random pairs than this (a run of two or three names) cannot measure the run's cosines:
# hand-set stand-ins for their (mean, spread) are used instead.
_MIN_BACKGROUND_PAIRS = 5
_UNMEASURED_BACKGROUND = (0.1, 0.1)
# The spread's floor: where every random pair scores alike, a tiny spread would turn small differences
# into large z-scores.
_MIN_SPREAD = 0.02
# z-scores are clipped to this range and divided by its top, so evidence runs -0.5..1 (STYLE_RANGE).
_Z_RANGE = (-2.0, 4.0)
# The least and most `StyleComparer.evidence` can be: z clipped to -2..4, over 4, times reliability <= 1.
STYLE_RANGE = (_Z_RANGE[0] / _Z_RANGE[1], 1.0)


class StyleComparer:
    """Fit once on every name's text in a run; then compare any two names cheaply."""

    def __init__(self, documents: dict[str, str], *, seed: int = 13) -> None:
        self.names = list(documents)
        self._row = {name: row for row, name in enumerate(self.names)}
        self._lengths = {name: len(text) for name, text in documents.items()}
        self._cache: dict[tuple[str, str], float] = {}
        if len(self.names) < 2:
            self._matrix = None
            self._mean, self._spread = 0.0, 1.0
            return
        vectorizer = CharTfidfVectorizer(  # scikit-learn's TfidfVectorizer, counted in numpy
            analyzer="char",
            ngram_range=(2, 4),
            lowercase=False,
            sublinear_tf=True,
            max_features=200_000,
            dtype=np.float32,
        )
        self._matrix = vectorizer.fit_transform(documents.values())  # rows are L2-normalised
        self._mean, self._spread = self._background(random.Random(seed))

    def _background(self, rng: random.Random) -> tuple[float, float]:
        count = len(self.names)
        pairs = sorted({tuple(sorted(rng.sample(range(count), 2))) for _ in range(_BACKGROUND_PAIRS)})
        if len(pairs) < _MIN_BACKGROUND_PAIRS:
            return _UNMEASURED_BACKGROUND
        # All pairs in one sparse product: row by row this cost ~70 ms per thread, whatever its size.
        left = self._matrix[[a for a, _ in pairs]]
        right = self._matrix[[b for _, b in pairs]]
        cosines = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        return float(np.mean(cosines)), max(float(np.std(cosines)), _MIN_SPREAD)

    def _cosine_rows(self, a: int, b: int) -> float:
        return float(self._matrix[a].multiply(self._matrix[b]).sum())

    def prepare(self, pairs: list[tuple[str, str]], batch: int = 20_000) -> None:
        """Compute the cosines of many pairs in a few sparse operations instead of one each."""
        if self._matrix is None:
            return
        for begin in range(0, len(pairs), batch):
            chunk = pairs[begin : begin + batch]
            left = self._matrix[[self._row[a] for a, _ in chunk]]
            right = self._matrix[[self._row[b] for _, b in chunk]]
            values = np.asarray(left.multiply(right).sum(axis=1)).ravel()
            self._cache.update(zip(chunk, (float(v) for v in values), strict=True))

    def cosine(self, first: str, second: str) -> float:
        if self._matrix is None:
            return 0.0
        cached = self._cache.get((first, second))
        return cached if cached is not None else self._cosine_rows(self._row[first], self._row[second])

    def evidence(self, first: str, second: str) -> float:
        """-0.5..1: how much more alike than two random names of this run, weighted by text length."""
        if self._matrix is None:
            return 0.0
        z = (self.cosine(first, second) - self._mean) / self._spread
        reliability = style_reliability(self._lengths[first], self._lengths[second])
        low, high = _Z_RANGE
        return reliability * min(max(z, low), high) / high  # np.clip on one number cost a tenth of the linker


def style_reliability(first_length: int, second_length: int) -> float:
    """0..1: how far a style match between texts of these lengths can count (the shorter one decides)."""
    return min(1.0, min(first_length, second_length) / RELIABLE_CHARACTERS)
