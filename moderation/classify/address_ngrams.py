"""Word n-grams that only say whom a comment speaks to ("you", "you are", "are you", "your").

Our corpus's insults speak to the reader far more often than its other comments do, so a logistic
regression fitted on it makes "you" its strongest insult word (default-10 weighed the unigram 6.7, "idiot"
2.5): a comment of one word, "you", scored 1.0. Real comment sections are full of replies that say "you"
without insulting anyone, and those replies ranked above the blog threads' subtle insults (issue 13,
"features, structure and threshold": docs/benchmarks.md). Whom an insult is aimed at is read by the
targeting columns, which need an insulting word next to the address; the n-grams that are nothing but
the address are left out of the word block, so the word block no longer counts "you" as an insult.

Our own lists: the second-person words, and the function words they are said with. Character n-grams
keep their "you" (it shares them with other words; left out too, they lost: the same docs), so the
lone word still scores high: what moved is how replies that say "you" rank against insults.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SECOND_PERSON_WORDS = frozenset(
    "you your yours yourself yourselves you're youre you've you'll you'd u ur ya yall y'all".split()  # noqa: SIM905
)
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those and or but so if then than to of in on at for with by from as about
    is are was were be been being am do does did have has had will would can could should shall may might
    must not no i me my we us our they them their he him his she her it its who what which how why when
    where all both each some any just really very too also here there
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def address_ngrams(orders: Iterable[int] = (1, 2)) -> list[str]:
    """Every unigram and bigram (of those `orders`) made only of second-person and function words that
    holds at least one second-person word."""
    vocabulary = sorted(SECOND_PERSON_WORDS | FUNCTION_WORDS)
    found = []
    if 1 in orders:
        found += sorted(SECOND_PERSON_WORDS)
    if 2 in orders:
        found += [f"{a} {b}" for a in vocabulary for b in vocabulary if SECOND_PERSON_WORDS & {a, b}]
    return found


def address_buckets(hasher) -> np.ndarray:
    """The hash buckets a WordNgramHasher gives the address n-grams (each n-gram's own, not its parts')."""
    low, high = hasher.ngram_range
    texts = address_ngrams(range(low, min(high, 2) + 1))
    grams = hasher._grams(texts)
    buckets = []
    for order, first, hashed in grams.grams:
        whole = np.array([len(texts[row].split()) == order for row in grams.rows[first]], dtype=bool)
        buckets.append(np.asarray(hashed)[whole].astype(np.int64))
    return np.unique(np.concatenate(buckets)) if buckets else np.zeros(0, dtype=np.int64)
