"""Insults aimed at someone outside the thread: an office, an institution, an absent group.

Kaggle's non-insults score high when they swear at people who are not in the conversation ("the
senator is a lying bastard", "these banks are greedy pigs"), and the n-grams cannot tell them from the
same words said to a participant. This block marks a comment where an insult word's nearest person
reference before it, in its clause, names a third party from our own list (offices, institutions,
absent groups, people in one's own life); our corpus's hard negatives teach its (negative) weight.
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from moderation.classify.text_features import (
    _TARGETED_ADDRESSEES,
    MORE_NEGATIVE_WORDS,
    _lowered_batch,
    trie_alternation,
)

# Words of the package's negative list, plus the words alt-profanity-check's linear model weighs at
# least this much (about 150 words: "idiot" 6.2, "liar" 2.6; "clown" 0.85 is not among them): the
# insult words this block looks for. Measured at 2.0 only (docs/benchmarks.md, issue 13 fourth round).
LEXICON_WEIGHT = 2.0
# Third parties a comment section talks about but never talks to (our own list, written from the
# kinds issue 13 names: politicians, officials, companies, absent groups, people in one's own life).
ABSENT_TARGETS = frozenset(
    """
    president senator senators minister ministers mayor governor premier chancellor government
    council councillor councillors councilman politician politicians congress parliament party
    democrats republicans tories labour liberals conservatives leftists ceo ceos company companies
    corporation corporations bank banks police cops judge judges ref referee refs coach manager
    players team club owner owners board celebrity celebrities media administration officials
    bureaucrats lawyers landlords developers protesters voters fans people folks whoever anyone
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Person references that end the search: whoever comes nearer to the insult word is its target.
_PRONOUNS = frozenset("he she they him her them his their hers theirs himself herself themselves".split())  # noqa: SIM905
_WORD = re.compile(r"@\w+|[a-z']+|\^")
_CLAUSE_END = re.compile(r"[.!?;\n\0]")
_cues: list[re.Pattern] = []
_insult_words: list[frozenset[str]] = []


def _cue_pattern() -> re.Pattern:
    if not _cues:
        targets = trie_alternation(ABSENT_TARGETS, not_after="[a-z'@]")
        _cues.append(re.compile(rf"(?:{targets})(?![a-z'])"))
    return _cues[0]


def insult_words() -> frozenset[str]:
    """MORE_NEGATIVE_WORDS and the profanity model's words weighing at least LEXICON_WEIGHT."""
    if not _insult_words:
        from moderation.classify.profanity_lexicon import word_weights

        heavy = {word for word, weight in word_weights().items() if weight >= LEXICON_WEIGHT}
        _insult_words.append(frozenset(MORE_NEGATIVE_WORDS | heavy))
    return _insult_words[0]


def _aimed_after(clause: str, insults: frozenset[str], stops: frozenset[str]) -> bool:
    """Whether an insult word follows before any other person reference (one of `stops`, "@name", "^")."""
    for word in _WORD.findall(clause):
        if word in insults:
            return True
        if word in stops or word[0] in "@^":
            return False
    return False


class AbsentTargeting(TransformerMixin, BaseEstimator):
    """One column (0/1): an insult word whose nearest person reference is a third party (ABSENT_TARGETS).

    "The mayor is a clueless buffoon", "those banks are greedy pigs": abuse of someone outside the
    thread, which Kaggle's definition (and ours) does not call an insult. "you think the mayor is an
    idiot" counts too (the mayor is nearer); "he is an idiot" does not (a pronoun may be a participant).
    """

    width = 1  # columns out; a stack counts them to route this block to its stacker
    reasons = ("insulting word aimed at someone outside the thread",)

    def fit(self, X, y=None):
        insult_words()
        self.n_features_out_ = self.width
        return self

    def transform(self, X):
        found = np.zeros(len(X), dtype=bool)
        if not len(X):
            return sp.csr_matrix(found.reshape(-1, 1).astype(np.float64))
        joined, starts = _lowered_batch(X)
        text_starts = starts.tolist()
        insults = insult_words()
        # A person reference nearer than the third party ends the search: "you", a pronoun, another third party.
        stops = _TARGETED_ADDRESSEES | _PRONOUNS | ABSENT_TARGETS
        for match in _cue_pattern().finditer(joined):
            row = bisect.bisect_right(text_starts, match.start()) - 1
            if found[row]:
                continue
            end = _CLAUSE_END.search(joined, match.end())
            if _aimed_after(joined[match.end() : end.start() if end else len(joined)], insults, stops):
                found[row] = True
        return sp.csr_matrix(found.reshape(-1, 1).astype(np.float64))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["insult word aimed at a third party"], dtype=object)
