"""alt-profanity-check's word weights as a lexicon, aimed at participants.

The package's linear model was fitted on about 200,000 real comments, so its weight for each of
about 15,000 words knows words our corpus never wrote. Used as a lexicon they let an unseen word of
abuse still count, and more so where it is aimed at a participant: "you are shit" is an insult,
"this policy is shit" is not, though the whole-text probability of both is high.
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.classify.profanity_feature import named_word, per_scorer, profanity_scorer, word_tfidf
from moderation.classify.reason_names import AIMED_AT_YOU, NOT_SHOWN
from moderation.classify.text_features import _SECOND_PERSON as SECOND_PERSON
from moderation.classify.text_features import _lowered_batch, trie_alternation

# A word is aimed at a participant when it comes within this many words after "you", "your", "u"...
# ("you are a complete idiot": idiot is 5 words on). Measured on train.csv (docs/benchmarks.md).
AIMED_WINDOW = 5
# The package's strongest words weigh 5-11 ("idiot" 6.3, "fuck" 11.1): dividing by this keeps the
# columns near the 0-1 range of the other dense features, so the logistic's penalty treats them alike.
WEIGHT_SCALE = 5.0
# The clause column's reason ("abusive clause aimed at you") is shown from this clause probability on:
# alt-profanity-check's own decision point (its predict() calls a text offensive from 0.5). Below it the
# clause is not abusive by the package's own reading; on k8.csv 624 of the 704 clause reasons shown
# before this rule had a clause probability below it (median 0.036; docs/benchmarks.md, Classifier / reasons).
CLAUSE_SHOWN = 0.5
_YOU = trie_alternation(SECOND_PERSON, not_after=r"\w")  # "\b" before its first letter
# A clause ends at one of these; "you ..." up to its end is the part of the comment aimed at someone.
_CLAUSE = re.compile(rf"(?:{_YOU})\b[^.!?;\n\0]*")
_WORD = r"[^\W_]+(?:'[^\W_]+)?"
_WORDS = re.compile(_WORD)
_windows: dict[int, re.Pattern] = {}
_lexicons: dict[int, tuple] = {}


def word_weights() -> dict[str, float]:
    """alt-profanity-check's weight of each word of its vocabulary (its linear model's coefficient)."""
    return per_scorer(_lexicons, profanity_scorer(), _built_weights)


def _built_weights(profanity) -> dict[str, float]:
    coefficients = profanity.coefficients
    return {word: float(coefficients[column]) for word, column in profanity.vocabulary.items()}


def _window_pattern(window: int) -> re.Pattern:
    """A second-person word, capturing the `window` words after it (a lookahead: windows overlap)."""
    if window not in _windows:
        _windows[window] = re.compile(rf"(?:{_YOU})\b(?=((?:(?:[^\w\0]|_)+{_WORD}){{0,{window}}}))")
    return _windows[window]


def _strongest_aimed(joined: str, window: int) -> list[tuple[int, float, str]]:
    """(position, weight, word) of the strongest word within `window` words after each second-person
    word of `joined`, where that word weighs above 0."""
    weight_of = word_weights().get
    words_in = _WORDS.findall
    found = []
    for match in _window_pattern(window).finditer(joined):
        # The greatest (weight, word) pair, as max() of the pairs gives it, without building them.
        best, best_word = 0.0, ""
        for word in words_in(match.group(1)):
            if word in SECOND_PERSON:
                continue
            weight = weight_of(word, 0.0)
            if weight > best or (weight == best and word > best_word):
                best, best_word = weight, word
        if best > 0:
            found.append((match.start(), best, best_word))
    return found


class AimedProfanity(TransformerMixin, BaseEstimator):
    """Two columns from alt-profanity-check's knowledge of real comments, aimed at participants.

    - the strongest word weight within `window` words after a second-person word;
    - the package's probability for the second-person clauses alone ("you ... ." up to the clause's
      end; 0 without one), so the same word counts where it is said to someone.

    (The strongest word weight anywhere lost on train.csv: our corpus teaches that unaimed profanity
    is no insult, and the whole-text probability already carries it.)
    """

    width = 2  # columns out; a stack counts them to route this block to its stacker
    reasons = ("abusive word aimed at you", "abusive clause aimed at you")

    def __init__(self, window: int = AIMED_WINDOW):
        self.window = window

    def fit(self, X, y=None):
        word_weights()
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        return self.transform_keeping(X)[0]

    def transform_keeping(self, X) -> tuple[sp.csr_matrix, list[tuple[str, float]]]:
        """The columns, and of each text the strongest word aimed at "you" ("" for none) with its
        clause probability: a flag's reasons name them (NamedBlocks) without scanning the text again."""
        values = np.zeros((len(X), self.width))
        if not len(X):
            return sp.csr_matrix(values), []
        joined, starts = _lowered_batch(X)
        aimed = _strongest_aimed(joined, self.window)
        strongest: dict[int, tuple[float, str]] = {}
        if aimed:
            positions, weights, words = zip(*aimed, strict=True)
            rows = np.searchsorted(starts, np.array(positions), side="right") - 1
            np.maximum.at(values[:, 0], rows, np.array(weights) / WEIGHT_SCALE)
            for row, weight, word in zip(rows.tolist(), weights, words, strict=True):
                if row not in strongest or weight > strongest[row][0]:  # the first of equals, as max() keeps
                    strongest[row] = (weight, word)
        values[:, 1] = _clause_probabilities(joined, starts)
        words = [strongest[row][1] if row in strongest else "" for row in range(len(X))]
        return sp.csr_matrix(values), list(zip(words, values[:, 1].tolist(), strict=True))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["aimed profanity weight", "aimed clause profanity"], dtype=object)

    def reasons_for(self, text: str) -> tuple[str, ...]:
        """The reasons for one text, naming the strongest word aimed at "you" ("scumbag aimed at you")."""
        return self.reasons_for_many([text])[0]

    def reasons_for_many(self, texts: list[str], found: list | None = None) -> list[tuple[str, ...]]:
        """`reasons_for` of every text; `found`: their strongest words and clause probabilities, kept
        when they were scored.

        A strongest word below NAMED_WORD_WEIGHT ("business" after "you") is no abusive word, unless it is
        a threat word ("die"; `named_word`): it is not named, and its weight column is not shown (it still
        counts in the score), for "abusive word aimed at you" would send a moderator looking for a word
        that is not there. The clause column is
        shown as "abusive clause aimed at you" only where the package calls the clause offensive
        (CLAUSE_SHOWN); elsewhere it too counts unshown."""
        found = found if found is not None else self.transform_keeping(texts)[1]
        weight_of = word_weights().get
        reasons = []
        for word, clause in found:
            if word and named_word(word, weight_of(word, 0.0)):
                reasons.append((f"{word}{AIMED_AT_YOU}",) * 2)
            else:
                reasons.append((NOT_SHOWN, self.reasons[1] if clause >= CLAUSE_SHOWN else NOT_SHOWN))
        return reasons


def _clause_probabilities(joined: str, starts: np.ndarray) -> np.ndarray:
    """Per text of the NUL-joined batch, alt-profanity-check's probability of its second-person clauses
    read as one text; 0 for a text without one."""
    clauses: dict[int, list[str]] = {}
    text_starts = starts.tolist()
    for match in _CLAUSE.finditer(joined):
        clauses.setdefault(bisect.bisect_right(text_starts, match.start()) - 1, []).append(match.group())
    probabilities = np.zeros(len(starts))
    if clauses:
        profanity = profanity_scorer()
        rows = list(clauses)
        texts = [" ".join(clauses[row]) for row in rows]
        probabilities[rows] = profanity.probabilities(word_tfidf(profanity, texts))
    return probabilities
