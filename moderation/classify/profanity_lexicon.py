"""alt-profanity-check's word weights as a lexicon, aimed at participants.

The package's linear model was fitted on about 200,000 real comments, so its weight for each of
about 15,000 words knows words our corpus never wrote. Used as a lexicon they let an unseen word of
abuse still count, and more so where it is aimed at a participant: "you are shit" is an insult,
"this policy is shit" is not, though the whole-text probability of both is high.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.classify.profanity_feature import profanity_model, word_tfidf
from moderation.classify.reason_names import AIMED_AT_YOU
from moderation.classify.text_features import _SECOND_PERSON as SECOND_PERSON

# A word is aimed at a participant when it comes within this many words after "you", "your", "u"...
# ("you are a complete idiot": idiot is 5 words on). Measured on train.csv (docs/benchmarks.md).
AIMED_WINDOW = 5
# The package's strongest words weigh 5-11 ("idiot" 6.3, "fuck" 11.1): dividing by this keeps the
# columns near the 0-1 range of the other dense features, so the logistic's penalty treats them alike.
WEIGHT_SCALE = 5.0
# A clause ends at one of these; "you ..." up to its end is the part of the comment aimed at someone.
_CLAUSE = re.compile(
    r"(?=[uyt])\b(?:" + "|".join(sorted(map(re.escape, SECOND_PERSON), key=len, reverse=True)) + r")\b[^.!?;\n\0]*"
)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\0")
_lexicons: dict[int, dict[str, float]] = {}


def word_weights() -> dict[str, float]:
    """alt-profanity-check's weight of each word of its vocabulary (its linear model's coefficient)."""
    from moderation.classify.explain import linear_coefficients

    vectorizer, model = profanity_model()
    key = id(model)
    if key not in _lexicons:
        coefficients = linear_coefficients(model)
        _lexicons[key] = {word: float(coefficients[column]) for word, column in vectorizer.vocabulary_.items()}
    return _lexicons[key]


def _token_weights(joined: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Per token of the NUL-joined batch: its text's row, its weight (0 when unknown or below 0),
    whether it is a second-person word; and the tokens."""
    tokens = _TOKEN.findall(joined)
    weights = word_weights()
    separator = np.fromiter((token == "\0" for token in tokens), dtype=bool, count=len(tokens))
    rows = np.cumsum(separator)
    weight = np.fromiter(map(weights.get, tokens, itertools.repeat(0.0)), dtype=np.float64, count=len(tokens))
    you = np.fromiter((token in SECOND_PERSON for token in tokens), dtype=bool, count=len(tokens))
    keep = ~separator
    words = [token for token, between in zip(tokens, separator, strict=True) if not between]
    return rows[keep], np.maximum(weight[keep], 0.0), you[keep], words


def _aimed(rows: np.ndarray, you: np.ndarray, window: int) -> np.ndarray:
    """Whether each token comes within `window` tokens after a second-person word of its own text."""
    positions = np.arange(len(rows))
    last_you = np.maximum.accumulate(np.where(you, positions, -1)) if len(rows) else positions
    # The last second-person word before this token (not the token itself).
    before = np.concatenate(([-1], last_you[:-1])) if len(rows) else positions
    close = (before >= 0) & (positions - before <= window)
    return close & (rows[np.maximum(before, 0)] == rows) & ~you


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
        texts = [text.lower().replace("\0", " ") for text in X]
        values = np.zeros((len(texts), self.width))
        if not texts:
            return sp.csr_matrix(values)
        joined = "\0".join(texts)
        rows, weight, you, _ = _token_weights(joined)
        aimed = _aimed(rows, you, self.window)
        np.maximum.at(values[:, 0], rows[aimed], weight[aimed] / WEIGHT_SCALE)
        values[:, 1] = self._clause_probabilities(texts)
        return sp.csr_matrix(values)

    @staticmethod
    def _clause_probabilities(texts: list[str]) -> np.ndarray:
        clauses = [" ".join(_CLAUSE.findall(text)) for text in texts]
        spoken = [index for index, clause in enumerate(clauses) if clause]
        probabilities = np.zeros(len(texts))
        if spoken:
            vectorizer, model = profanity_model()
            probabilities[spoken] = model.predict_proba(word_tfidf(vectorizer, [clauses[i] for i in spoken]))[:, 1]
        return probabilities

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["aimed profanity weight", "aimed clause profanity"], dtype=object)

    def reasons_for(self, text: str) -> tuple[str, ...]:
        """The reasons for one text, naming the strongest word aimed at "you" ("scumbag aimed at you")."""
        lowered = text.lower().replace("\0", " ")
        rows, weight, you, tokens = _token_weights(lowered)
        aimed = _aimed(rows, you, self.window) & (weight > 0)
        if not aimed.any():
            return self.reasons
        strongest = tokens[int(np.flatnonzero(aimed)[np.argmax(weight[aimed])])]
        named = f"{strongest}{AIMED_AT_YOU}"
        return (named, named)
