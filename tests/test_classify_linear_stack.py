"""The stacked logistic + NB-LR + naive Bayes classifier is one linear model equal to its stacked members."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from moderation.classify.linear_stack import LinearStack, stable_fold
from moderation.classify.model import Model
from moderation.classify.naive_bayes import MultinomialNaiveBayes
from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression
from moderation.classify.pipeline import PipelineSettings, build_pipeline


def _data(rows: int = 300, columns: int = 40, seed: int = 1):
    generator = np.random.default_rng(seed)
    X = sp.random(rows, columns, density=0.2, random_state=seed, format="csr")
    weights = generator.normal(size=columns)
    y = (X @ weights + generator.normal(scale=0.3, size=rows) > 0).astype(int)
    return X, y


def test_combined_weights_equal_the_stacker_over_its_members():
    X, y = _data()
    stack = LinearStack(C=2.0, nb_C=5.0, folds=4, naive_bayes_alpha=0.3).fit(X, y)
    members = [
        LogisticRegression(C=2.0, max_iter=3000, solver="liblinear").fit(X, y),
        NaiveBayesLogisticRegression(C=5.0).fit(X, y),
        MultinomialNaiveBayes(alpha=0.3).fit(X, y),
    ]
    member_scores = np.column_stack([m.decision_function(X) for m in members])
    combined = member_scores @ stack.member_weights_
    # The stack's decision differs from the weighted member scores only by the stacker's intercept.
    offset = stack.decision_function(X) - combined
    assert np.allclose(offset, offset[0])
    assert np.all(stack.member_weights_ != 0)
    probabilities = stack.predict_proba(X)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert ((probabilities[:, 1] > 0.5) == (stack.predict(X) == 1)).all()


def test_stacker_columns_reach_only_the_stacker():
    X, y = _data(seed=5)
    extra = np.where(y == 1, 1.0, 0.0) + np.random.default_rng(5).normal(scale=0.8, size=len(y))
    stack = LinearStack(folds=4, stacker_columns=1).fit(sp.hstack([X, extra.reshape(-1, 1)]), y)
    members = [
        LogisticRegression(C=3.0, max_iter=3000, solver="liblinear").fit(X, y),
        NaiveBayesLogisticRegression(C=10.0).fit(X, y),
        MultinomialNaiveBayes(alpha=0.1).fit(X, y),
    ]
    member_coef = sum(w * np.asarray(m.coef_).ravel() for w, m in zip(stack.member_weights_, members, strict=True))
    assert np.allclose(stack.coef_.ravel()[:-1], member_coef)  # the members never saw the extra column
    assert stack.coef_.ravel()[-1] > 0  # the stacker weighs it in the direction of the data
    with pytest.raises(ValueError, match="stacker_columns"):
        LinearStack(stacker_columns=X.shape[1]).fit(X, y)
    weights = stack.weights_by_part(["signal"])
    assert (
        list(weights) == ["logistic regression", "NB-LR", "naive Bayes", "signal"]
        and weights["signal"] == stack.coef_[0, -1]
    )
    with pytest.raises(ValueError, match="names"):
        stack.weights_by_part([])


def test_it_learns_the_direction_of_the_data():
    X, y = _data(seed=3)
    stack = LinearStack(folds=3).fit(X, y)
    assert (stack.predict(X) == y).mean() > 0.8


def test_too_few_positives_fall_back_to_the_logistic_member():
    X, y = _data(rows=60)
    y = np.zeros(60, dtype=int)
    y[:1] = 1
    stack = LinearStack(folds=5).fit(X, y)
    assert list(stack.member_weights_) == [1.0, 0.0, 0.0]
    plain = LogisticRegression(C=3.0, max_iter=3000, solver="liblinear").fit(X, y)
    assert np.allclose(stack.decision_function(X), plain.decision_function(X))


def test_one_class_is_refused_with_a_clear_error():
    X, _ = _data(rows=20)
    with pytest.raises(ValueError, match="binary"):
        LinearStack().fit(X, np.zeros(20, dtype=int))


def test_block_by_block_scoring_equals_the_pipeline():
    texts = [f"you are a {word} and a troll" for word in ("clown", "fool", "idiot", "joke")] * 5
    texts += [f"thanks for the {word} update" for word in ("road", "library", "school", "council")] * 5
    targets = np.array([1] * 20 + [0] * 20)
    settings = PipelineSettings(model="stack", profanity_feature=False, min_df=1)
    pipeline = build_pipeline(settings).fit(texts, targets)
    model = Model(pipelines={"insult": pipeline}, thresholds={"insult": 0.5}, manifest={})
    probe = ["you are a clown", "thanks for the road update", "a troll"]
    assert np.allclose(model.predict_proba(probe)["insult"], pipeline.predict_proba(probe)[:, 1])
    assert model.explain("you are a clown", "insult")
    assert pipeline.named_steps["features"].transformer_list[-1][0] == "addressing"


def test_the_stacker_gets_exactly_the_trailing_dense_blocks():
    texts = [f"you are a {word}, you troll" for word in ("clown", "fool", "idiot", "joke")] * 5
    texts += [f"thanks for the {word} update" for word in ("road", "library", "school", "council")] * 5
    settings = PipelineSettings(model="stack", profanity_feature=False, min_df=1)
    pipeline = build_pipeline(settings).fit(texts, np.array([1] * 20 + [0] * 20))
    stacker_blocks = ["second_person", "addressing"]
    blocks = pipeline.named_steps["features"].transformer_list
    assert [name for name, _ in blocks[-len(stacker_blocks) :]] == stacker_blocks
    widths = sum(part.transform(texts[:1]).shape[1] for _, part in blocks[-len(stacker_blocks) :])
    assert pipeline.named_steps["classifier"].stacker_columns == widths


def test_naive_bayes_scores_are_multinomial_naive_bayes_log_odds():
    from sklearn.naive_bayes import MultinomialNB

    X, y = _data(seed=7)
    ours = MultinomialNaiveBayes(alpha=0.1).fit(X, y)
    theirs = MultinomialNB(alpha=0.1).fit(X, y).predict_log_proba(X)
    assert np.allclose(ours.decision_function(X), theirs[:, 1] - theirs[:, 0])
    assert ((ours.predict(X) == 1) == (theirs[:, 1] > theirs[:, 0])).all()
    with pytest.raises(ValueError, match="binary"):
        MultinomialNaiveBayes().fit(X, np.ones(X.shape[0], dtype=int))


def _templated_groups(groups: int = 6, rows: int = 40, seed: int = 11):
    """Each group marks its positives with its own word (a template that recurs within it and nowhere
    else); one dense column carries a noisy signal that holds in every group."""
    generator = np.random.default_rng(seed)
    y = np.tile(np.arange(rows) % 2, groups)
    group = np.repeat(np.arange(groups), rows)
    template = np.zeros((len(y), groups))
    template[np.arange(len(y)), group] = y
    noise = generator.random((len(y), 5)) < 0.3
    signal = y + generator.normal(scale=0.8, size=len(y))
    return sp.csr_matrix(np.hstack([template, noise, signal.reshape(-1, 1)])), y, group


def test_held_out_groups_teach_the_stacker_not_to_trust_words_that_only_recur_within_a_group():
    X, y, group = _templated_groups()
    members = ("logistic regression", "NB-LR")
    by_rows = LinearStack(stacker_columns=1, members=members).fit(X, y)
    by_group = LinearStack(stacker_columns=1, members=members).fit(X, y, groups=group)
    # Held out by row, the template words look perfect; held out by group, they say nothing.
    assert by_group.member_weights_.sum() < by_rows.member_weights_.sum() / 3
    assert by_group.coef_[0, -1] > 2 * by_rows.coef_[0, -1]
    assert by_group.member_names() == ["logistic regression", "NB-LR"]


def _held_out_together(stack: LinearStack, y: np.ndarray, group: np.ndarray) -> set[frozenset]:
    return {frozenset(group[test]) for _, test in stack._splits(y, group)}


def test_a_group_keeps_its_fold_whatever_the_sizes_of_the_others():
    names = np.array([f"category_{number}.jsonl" for number in range(8)])
    sizes = np.array([40, 38, 36, 34, 32, 30, 28, 26])
    stack = LinearStack(group_folds=3)
    stack.classes_ = np.array([0, 1])
    layouts = []
    for grown in range(len(names)):  # a few more rows in one file at a time
        rows = sizes + 10 * (np.arange(len(names)) == grown)
        group = np.repeat(names, rows)
        layouts.append(_held_out_together(stack, np.arange(len(group)) % 2, group))
    assert all(layout == layouts[0] for layout in layouts)
    assert len(layouts[0]) == 3
    # A file added later joins a fold of its own (by its name) and moves none of the others.
    more = np.concatenate([names, ["category_new.jsonl"]])
    group = np.repeat(more, np.concatenate([sizes, [50]]))
    grown = _held_out_together(stack, np.arange(len(group)) % 2, group)
    assert {fold - {"category_new.jsonl"} for fold in grown} == layouts[0]


def test_group_folds_that_leave_a_fold_empty_hold_out_one_group_at_a_time():
    X, y, _ = _templated_groups(groups=3)
    group = np.repeat(["a", "b", "c"], len(y) // 3)
    assert {stable_fold(name, 3) for name in "abc"} == {1, 2}  # sha256: no group in fold 0
    assert _held_out_together(LinearStack(group_folds=3), y, group) == {frozenset(name) for name in "abc"}


def test_groups_that_cannot_be_held_out_fall_back_to_folds():
    X, y, _ = _templated_groups()
    one_group = LinearStack(stacker_columns=1).fit(X, y, groups=np.zeros(len(y)))
    plain = LinearStack(stacker_columns=1).fit(X, y)
    assert np.allclose(one_group.coef_, plain.coef_)
    with pytest.raises(ValueError, match="groups"):
        LinearStack().fit(X, y, groups=np.zeros(3))
    with pytest.raises(ValueError, match="unknown stack member"):
        LinearStack(members=("svm",)).fit(X, y)


def test_group_folds_hold_whole_groups_out_in_that_many_folds():
    X, y, group = _templated_groups(groups=6)
    stack = LinearStack(stacker_columns=1, group_folds=3)
    splits = stack._splits(y, group)
    assert len(splits) == 3
    for train, test in splits:  # no group is on both sides of a split
        assert not set(group[train]) & set(group[test])
    assert sorted(np.concatenate([test for _, test in splits])) == list(range(len(y)))
    # Held out in whole groups, the template words still earn little trust.
    by_rows = LinearStack(stacker_columns=1, members=("logistic regression", "NB-LR")).fit(X, y)
    folded = LinearStack(stacker_columns=1, members=("logistic regression", "NB-LR"), group_folds=3).fit(X, y, group)
    assert folded.member_weights_.sum() < by_rows.member_weights_.sum() / 2
    # As many folds as groups or more: one fold per group.
    assert len(LinearStack(group_folds=6)._splits(y, group)) == 6
