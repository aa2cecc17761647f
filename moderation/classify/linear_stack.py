"""Logistic regression, NB-LR and naive Bayes, stacked: a logistic regression weighs their out-of-fold scores.

All members are linear in the same features and the stacker is linear in their scores, so the
fitted stack is itself one linear model: `coef_` and `intercept_` are the combined weights, and
scoring block by block and explaining by coefficient x value work as for a plain logistic regression.
The stacker learns from out-of-fold scores, so it weighs the members by how they do on text they did
not see, not by how well they fit their training data. (The features it gets are already fitted, so
the held-out folds share the vocabulary and IDF weights; only the members' weights are refitted.)

The last `stacker_columns` features go to the stacker only, beside the members' scores. A dense signal
such as how often a comment says "you" gets little weight inside members that fit their training text
almost perfectly; next to their out-of-fold scores it gets the weight it earns on unseen text.

With `groups` (fit's argument: one per row, such as the file a corpus comment came from), each group's
rows are scored by members fitted without that group. A model trained on our corpus, whose comments recur
within a category (templates, near duplicates), scores other people's comments: held out by row, the
members look far better than they do on a new kind of comment, and the stacker then trusts their
n-grams over the dense columns (docs/benchmarks.md, issue 13 "structure").
"""

from __future__ import annotations

import hashlib

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin

from moderation.classify.linear_scores import LinearScores
from moderation.classify.naive_bayes import MultinomialNaiveBayes
from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression

# The members a stack may hold, by name, in the order they are stacked.
MEMBERS = ("logistic regression", "NB-LR", "naive Bayes")


def stable_fold(group, folds: int) -> int:
    """The fold a group is held out in: a hash of its name (sha256, not Python's salted `hash`), so a
    group keeps its fold whatever the sizes of the groups and whichever others there are (GroupKFold
    deals groups by size: a few more rows in one re-deal the others, docs/benchmarks.md, issue 13
    "second corpus round")."""
    digest = hashlib.sha256(str(group).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def _liblinear_logistic(C: float):
    """A member logistic regression, imported only to fit (sklearn.linear_model costs every start-up)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000, solver="liblinear")


class LinearStack(LinearScores, ClassifierMixin, BaseEstimator):
    """Binary classifier: logistic regression (C), NB-LR (nb_C) and multinomial naive Bayes (naive_bayes_alpha),
    or the `members` named, combined by a stacking logistic regression."""

    def __init__(
        self,
        C: float = 3.0,
        nb_C: float = 10.0,
        folds: int = 5,
        stack_C: float = 1.0,
        random_state: int = 0,
        stacker_columns: int = 0,
        naive_bayes_alpha: float = 0.1,
        members: tuple[str, ...] = MEMBERS,
        group_folds: int = 0,
    ):
        self.C = C
        self.nb_C = nb_C
        self.folds = folds
        self.stack_C = stack_C
        self.random_state = random_state
        self.stacker_columns = stacker_columns
        self.naive_bayes_alpha = naive_bayes_alpha
        self.members = members
        self.group_folds = group_folds

    def _named_members(self) -> list[tuple[str, object]]:
        unknown = [name for name in self.members if name not in MEMBERS]
        if unknown or not self.members:
            raise ValueError(f"unknown stack member {unknown[0] if unknown else None!r} (known: {', '.join(MEMBERS)})")
        every = {
            "logistic regression": lambda: _liblinear_logistic(self.C),
            "NB-LR": lambda: NaiveBayesLogisticRegression(C=self.nb_C),
            "naive Bayes": lambda: MultinomialNaiveBayes(alpha=self.naive_bayes_alpha),
        }
        return [(name, every[name]()) for name in MEMBERS if name in self.members]

    def _members(self) -> list:
        return [member for _, member in self._named_members()]

    def member_names(self) -> list[str]:
        """The members' names, in the order of `member_weights_`."""
        return [name for name, _ in self._named_members()]

    def fit(self, X, y, groups=None):
        """Fit the members and the stacker; with `groups`, the stacker learns from each group's rows as
        scored by members fitted without that group (when there are at least two groups)."""
        X = sp.csr_matrix(X)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(f"LinearStack is a binary classifier; the targets hold {len(self.classes_)} classes")
        if not 0 <= self.stacker_columns < X.shape[1]:
            raise ValueError(f"stacker_columns={self.stacker_columns} leaves the members no features of {X.shape[1]}")
        shared = X.shape[1] - self.stacker_columns
        X, extra = X[:, :shared], X[:, shared:].toarray()
        members = self._members()
        splits = self._splits(y, groups)
        if splits:
            out_of_fold = np.zeros((len(y), len(members)))
            for train, test in splits:
                for column, member in enumerate(self._members()):
                    out_of_fold[test, column] = member.fit(X[train], y[train]).decision_function(X[test])
            from sklearn.linear_model import LogisticRegression

            stacker = LogisticRegression(C=self.stack_C).fit(np.hstack([out_of_fold, extra]), y)
            weights = stacker.coef_.ravel()
            self.member_weights_, extra_weights = weights[: len(members)].copy(), weights[len(members) :].copy()
            stack_intercept = float(stacker.intercept_[0])
        else:  # too few examples of a class to score any member out of fold: the first member alone
            self.member_weights_ = np.eye(len(members))[0]
            extra_weights = np.zeros(self.stacker_columns)
            stack_intercept = 0.0
        coef = np.zeros((1, shared + self.stacker_columns))
        coef[0, shared:] = extra_weights
        intercept = stack_intercept
        for weight, member in zip(self.member_weights_, members, strict=True):
            member.fit(X, y)
            coef[:, :shared] += weight * np.asarray(member.coef_).reshape(1, -1)
            intercept += weight * float(member.intercept_[0])
        self.coef_, self.intercept_ = coef, np.array([intercept])
        return self

    def _splits(self, y: np.ndarray, groups) -> list[tuple[np.ndarray, np.ndarray]]:
        """(fit rows, scored rows) for the members' out-of-fold scores: one per group (or whole groups in
        `group_folds` folds by `stable_fold`, when set and every fold gets a group) whose other rows hold
        both classes, else `folds` stratified folds; [] when a class is too small to fold."""
        from sklearn.model_selection import StratifiedKFold

        if groups is not None:
            groups = np.asarray(groups)
            if len(groups) != len(y):
                raise ValueError(f"{len(groups)} groups for {len(y)} rows")
            distinct = np.unique(groups)
            if 2 <= self.group_folds < len(distinct):
                fold_of = {g: stable_fold(g, self.group_folds) for g in distinct}
                if len(set(fold_of.values())) == self.group_folds:  # else one fold per group
                    groups = np.array([fold_of[g] for g in groups])
                    distinct = np.arange(self.group_folds)
            splits = [(np.flatnonzero(groups != g), np.flatnonzero(groups == g)) for g in distinct]
            splits = [(train, test) for train, test in splits if len(np.unique(y[train])) == 2]
            if len(splits) >= 2:
                return splits
        smaller_class = int(np.bincount(np.searchsorted(self.classes_, y)).min())
        folds = min(self.folds, smaller_class)
        if folds < 2:
            return []
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        return list(splitter.split(np.zeros(len(y)), y))

    def weights_by_part(self, column_names: list[str]) -> dict[str, float]:
        """How the fitted stack weighs each member and each column its stacker alone sees (for the model card)."""
        if len(column_names) != self.stacker_columns:
            raise ValueError(f"{len(column_names)} names for {self.stacker_columns} stacker columns")
        weights = dict(zip(self.member_names(), map(float, self.member_weights_), strict=True))
        if self.stacker_columns:
            weights.update(zip(column_names, map(float, self.coef_.ravel()[-self.stacker_columns :]), strict=True))
        return weights
