"""Issue 13: how the built-in model combines what it knows, and its threshold (insult only).

Run from the project root:  .venv/bin/python benchmarks/structure_experiments.py [--only NAME] [--cache DIR]

The default model's featurizer is fitted on our corpus once and every block of the corpus, Kaggle
train.csv (the development set) and the labelled threads is cached (--cache, default a folder under
the system's temporary directory), so each variant costs only its own fits. A variant is a way to
combine the blocks: the logistic regression with other weights, penalties or product columns; a
second stage fitted on the corpus's OUT-OF-FOLD block scores (never on Kaggle or the threads); the
stack of `moderate train`, member by member. Each is compared with the base (today's default model)
on the same rows: ROC AUC and the paired bootstrap (RESAMPLES resamples) on train.csv and on the
threads; then the thresholds: the corpus's own (best F0.5 on its out-of-fold scores, as shipped) and
the one train.csv would choose for precision 0.7, each measured on train.csv and the threads.
Never reads test_with_solutions.csv.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import paired_scores
import scipy.sparse as sp
from default_model_real import TARGET_PRECISION, at_threshold, best_f1, precision_threshold, thread_comments
from kaggle_train import load_train
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moderation.classify.default_model import THRESHOLD_BETA, corpus_files, default_settings  # noqa: E402
from moderation.classify.metrics import best_fbeta_threshold  # noqa: E402
from moderation.classify.pipeline import build_featurizer  # noqa: E402
from moderation.classify.text_features import SecondPersonCount  # noqa: E402
from moderation.datasets import load_many  # noqa: E402

RESAMPLES = 300
FOLDS = 3  # as the default model's threshold (default_model.train_default_model)
PARTS = ("corpus", "kaggle", "threads")
CATEGORY_FOLDS = 3  # the cheaper grouping tried: whole categories in 3 folds (GroupKFold)


class Data:
    """The cached blocks of each part, the targets, and each corpus row's file (its category)."""

    def __init__(self, cache: Path):
        cache.mkdir(parents=True, exist_ok=True)
        per_file = []
        for path in corpus_files():
            per_file += [(e, path.stem) for e in load_many([path])]
        everything = list(dict.fromkeys(e.text for e, _ in per_file))
        chosen = [(e, name) for e, name in per_file if "insult" in e.labels]
        texts = {"corpus": [e.text for e, _ in chosen]}
        self.targets = {"corpus": np.array([e.labels["insult"] for e, _ in chosen])}
        self.category = np.array([name for _, name in chosen])
        texts["kaggle"], self.targets["kaggle"] = load_train()
        texts["threads"], self.targets["threads"] = thread_comments()
        self.texts = texts
        # Every word n-gram is cached, the address-only ones too (default-11 leaves them out; the
        # variants of joint_threshold_experiments.py drop their columns from these blocks).
        featurizer = build_featurizer(replace(default_settings(), address_ngrams=True))
        self.names = [name for name, _ in featurizer.transformer_list] + ["addressing"]
        self.blocks: dict[str, dict[str, sp.csr_matrix]] = {part: {} for part in PARTS}
        stored = cache / "blocks.npz"
        if stored.exists():
            with np.load(stored, allow_pickle=False) as saved:
                for part in PARTS:
                    for name in self.names:
                        self.blocks[part][name] = _matrix(saved, f"{part}/{name}")
            return
        featurizer.fit(everything)
        transformers = dict(featurizer.transformer_list)
        transformers["addressing"] = SecondPersonCount().fit(everything)
        arrays = {}
        for part in PARTS:
            for name in self.names:
                block = sp.csr_matrix(transformers[name].transform(texts[part]))
                self.blocks[part][name] = block
                arrays.update(_arrays(block, f"{part}/{name}"))
            print(f"cached {part}", flush=True)
        np.savez(stored, **arrays)

    def stacked(self, part: str, names) -> sp.csr_matrix:
        return sp.hstack([self.blocks[part][name] for name in names]).tocsr()

    def dense(self, part: str, names) -> np.ndarray:
        return np.hstack([self.blocks[part][name].toarray() for name in names])


def _arrays(block: sp.csr_matrix, key: str) -> dict[str, np.ndarray]:
    return {
        f"{key}:data": block.data,
        f"{key}:indices": block.indices,
        f"{key}:indptr": block.indptr,
        f"{key}:shape": np.array(block.shape),
    }


def _matrix(saved, key: str) -> sp.csr_matrix:
    return sp.csr_matrix(
        (saved[f"{key}:data"], saved[f"{key}:indices"], saved[f"{key}:indptr"]), shape=tuple(saved[f"{key}:shape"])
    )


NGRAMS = ("words", "chars")
DENSE = ("second_person", "profanity", "aimed_profanity", "reader_targeting")
SHIPPED = NGRAMS + DENSE


def out_of_fold(fit_score, data: Data, groups: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """Corpus scores, each row by a fit that never saw it (FOLDS stratified folds, or by group)."""
    targets = data.targets["corpus"]
    scores = np.zeros(len(targets))
    if groups is None:
        splits = StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(targets, targets)
    else:
        splits = ((np.flatnonzero(groups != g), np.flatnonzero(groups == g)) for g in np.unique(groups))
    for train, test in splits:
        scores[test] = fit_score(train, test)
    return scores


# ---- variants: each returns (kaggle scores, thread scores, corpus out-of-fold scores or None) -----------


def logistic(
    data: Data,
    names=SHIPPED,
    C=3.0,
    weights: dict | None = None,
    extra=None,
    class_weight=None,
    oof=True,
    generated_weight=1.0,
):
    """The default model's logistic regression over these blocks (each scaled by `weights`), with
    `extra(part) -> columns` appended; the generated part's rows weighted `generated_weight`."""

    def features(part):
        blocks = [data.blocks[part][n] * (weights or {}).get(n, 1.0) for n in names]
        if extra is not None:
            blocks.append(sp.csr_matrix(extra(part)))
        return sp.hstack(blocks).tocsr()

    X = {part: features(part) for part in PARTS}
    y = data.targets["corpus"]

    sample_weight = np.where(data.category == "generated", generated_weight, 1.0)

    def fitted(rows):
        model = LogisticRegression(C=C, max_iter=3000, solver="liblinear", class_weight=class_weight)
        return model.fit(X["corpus"][rows], y[rows], sample_weight=sample_weight[rows])

    model = fitted(np.arange(len(y)))
    corpus = None
    if oof:
        corpus = out_of_fold(lambda train, test: fitted(train).predict_proba(X["corpus"][test])[:, 1], data)
    return model.predict_proba(X["kaggle"])[:, 1], model.predict_proba(X["threads"])[:, 1], corpus


def block_scores(data: Data, C=3.0, groups=None, names=SHIPPED):
    """Per part, the first stage's score of each n-gram block (its share of the log-odds) and every dense
    column as it is: the corpus's out of fold, Kaggle's and the threads' from the fit on the whole corpus."""
    X = {part: data.stacked(part, names) for part in PARTS}
    widths = [data.blocks["corpus"][n].shape[1] for n in names]
    bounds = np.cumsum([0, *widths])
    y = data.targets["corpus"]

    def scores(model, matrix):
        coef = model.coef_.ravel()
        columns = []
        for name, low, high in zip(names, bounds[:-1], bounds[1:], strict=True):
            if name in NGRAMS:
                columns.append(np.asarray(matrix[:, low:high] @ coef[low:high]).ravel())
        dense = [matrix[:, low:high].toarray() for name, low, high in zip(names, bounds[:-1], bounds[1:], strict=True)
                 if name not in NGRAMS]  # fmt: skip
        return np.column_stack([*columns, *dense])

    def fitted(rows):
        return LogisticRegression(C=C, max_iter=3000, solver="liblinear").fit(X["corpus"][rows], y[rows])

    corpus = None
    result = {}
    oof = None
    targets = y
    if groups is None:
        splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(targets, targets))
    else:
        splits = [(np.flatnonzero(groups != g), np.flatnonzero(groups == g)) for g in np.unique(groups)]
    for train, test in splits:
        part_scores = scores(fitted(train), X["corpus"][test])
        if oof is None:
            oof = np.zeros((len(y), part_scores.shape[1]))
        oof[test] = part_scores
    corpus = oof
    whole = fitted(np.arange(len(y)))
    result = {"corpus": corpus, "kaggle": scores(whole, X["kaggle"]), "threads": scores(whole, X["threads"])}
    return result


def second_stage(data: Data, stage_scores: dict, make, kind="logistic", C=1.0):
    """A model over the first stage's block scores (fitted on the corpus's out-of-fold scores)."""
    y = data.targets["corpus"]
    features = {part: make(stage_scores[part]) for part in PARTS}

    def model():
        if kind == "logistic":
            return LogisticRegression(C=C, max_iter=5000)
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)

    fitted = model().fit(features["corpus"], y)
    corpus = out_of_fold(lambda train, test: model().fit(features["corpus"][train], y[train]).predict_proba(
        features["corpus"][test])[:, 1], data)  # fmt: skip
    if kind == "logistic":
        print(f"{'':34s} second-stage weights {np.round(fitted.coef_.ravel(), 2).tolist()}", flush=True)
    return fitted.predict_proba(features["kaggle"])[:, 1], fitted.predict_proba(features["threads"])[:, 1], corpus


def stack(data: Data, members=("lr", "nblr", "nb"), addressing=True, stacker_dense=True, C=3.0):
    """`moderate train`'s stack, member by member (LinearStack with chosen members)."""
    from moderation.classify.linear_stack import LinearStack
    from moderation.classify.naive_bayes import MultinomialNaiveBayes
    from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression

    class Chosen(LinearStack):
        def _named_members(self):
            every = {
                "lr": ("logistic regression", LogisticRegression(C=self.C, max_iter=3000, solver="liblinear")),
                "nblr": ("NB-LR", NaiveBayesLogisticRegression(C=self.nb_C)),
                "nb": ("naive Bayes", MultinomialNaiveBayes(alpha=self.naive_bayes_alpha)),
            }
            return [every[m] for m in members]

    dense = DENSE + (("addressing",) if addressing else ())
    names = NGRAMS + dense
    X = {part: data.stacked(part, names) for part in PARTS}
    columns = sum(data.blocks["corpus"][n].shape[1] for n in dense) if stacker_dense else 0
    model = Chosen(C=C, stacker_columns=columns).fit(X["corpus"], data.targets["corpus"])
    weights = model.weights_by_part([f"c{i}" for i in range(columns)])
    print(f"{'':34s} stack weights { ({k: round(v, 2) for k, v in weights.items()}) }", flush=True)
    return model.predict_proba(X["kaggle"])[:, 1], model.predict_proba(X["threads"])[:, 1], None


def grouped_stack(data: Data, members=("lr", "nblr"), C=3.0, nb_C=10.0, groups="category", dense_in_lr=False):
    """A stack whose stacker weighs the members' scores out of category: each category's rows scored by
    members fitted without that category (a new kind of comment, as real comments are to our corpus).
    `dense_in_lr`: the logistic member also gets the dense columns (as the default model's)."""
    from moderation.classify.naive_bayes import MultinomialNaiveBayes
    from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression

    every = {
        "lr": lambda: LogisticRegression(C=C, max_iter=3000, solver="liblinear"),
        "nblr": lambda: NaiveBayesLogisticRegression(C=nb_C),
        "nb": lambda: MultinomialNaiveBayes(alpha=0.1),
    }
    ngrams = {part: data.stacked(part, NGRAMS) for part in PARTS}
    full = {part: data.stacked(part, SHIPPED) for part in PARTS}
    dense = {part: data.dense(part, DENSE) for part in PARTS}
    y = data.targets["corpus"]

    def inputs(member):
        return full if (member == "lr" and dense_in_lr) else ngrams

    if groups == "category folds":  # a few folds of whole categories (cheaper than one per category)
        from sklearn.model_selection import GroupKFold

        splits = list(GroupKFold(CATEGORY_FOLDS).split(y, y, data.category))
    elif groups == "category":
        splits = [(np.flatnonzero(data.category != g), np.flatnonzero(data.category == g))
                  for g in np.unique(data.category)]  # fmt: skip
    else:
        splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(y, y))
    oof = np.zeros((len(y), len(members)))
    for train, test in splits:
        for column, member in enumerate(members):
            X = inputs(member)["corpus"]
            oof[test, column] = every[member]().fit(X[train], y[train]).decision_function(X[test])
    stacker = LogisticRegression(C=1.0, max_iter=5000).fit(np.hstack([oof, dense["corpus"]]), y)
    weights = stacker.coef_.ravel()
    print(f"{'':34s} stacker weights {np.round(weights, 2).tolist()}", flush=True)
    fitted = [every[m]().fit(inputs(m)["corpus"], y) for m in members]

    def score(part):
        columns = [f.decision_function(inputs(m)[part]) for f, m in zip(fitted, members, strict=True)]
        logit = np.column_stack([*columns, dense[part]]) @ weights + stacker.intercept_[0]
        return 1 / (1 + np.exp(-logit))

    return score("kaggle"), score("threads"), None


# ---- reporting ---------------------------------------------------------------------------------------


def report(name: str, data: Data, result, base) -> None:
    kaggle, threads, corpus = result
    tk, tt = data.targets["kaggle"], data.targets["threads"]
    gain, spread, above = paired_scores.paired_bootstrap(tk, base[0], kaggle, RESAMPLES)
    t_gain, t_spread, t_above = paired_scores.paired_bootstrap(tt, base[1], threads, RESAMPLES)
    line = (
        f"{name:34s} train.csv {roc_auc_score(tk, kaggle):.4f} ({gain:+.4f} ± {spread:.4f}, {above:.0%})"
        f"  threads {roc_auc_score(tt, threads):.4f} ({t_gain:+.4f} ± {t_spread:.4f}, {t_above:.0%})"
    )
    print(line, flush=True)
    lines = []
    for beta in (THRESHOLD_BETA, 1.0) if corpus is not None else ():
        own = best_fbeta_threshold(data.targets["corpus"], corpus, beta)
        k, t = at_threshold(tk, kaggle, own), at_threshold(tt, threads, own)
        lines.append(
            f"corpus F{beta:g} {own:.3f}: train P/R {k['precision']:.3f}/{k['recall']:.3f}"
            f"  threads P/R/F1 {t['precision']:.3f}/{t['recall']:.3f}/{t['f1']:.3f}"
        )
    chosen = precision_threshold(tk, kaggle, TARGET_PRECISION)
    k, t = at_threshold(tk, kaggle, chosen), at_threshold(tt, threads, chosen)
    best = best_f1(tt, threads)
    lines.append(
        f"train P0.7 {chosen:.3f}: train R {k['recall']:.3f}  threads P/R/F1 {t['precision']:.3f}/{t['recall']:.3f}"
        f"/{t['f1']:.3f}  threads best F1 {best['f1']:.3f} at {best['threshold']:.3f}"
    )
    for text in lines:
        print(f"{'':34s} {text}", flush=True)


def products(scores: np.ndarray) -> np.ndarray:
    """Block scores and their interactions: language (n-gram log-odds, profanity) x aim (targeting columns).

    Columns of `scores`: words, chars, you+negative(log), you+negative, you are a, profanity, aimed weight,
    aimed clause, negative+address, dismissal."""
    language = scores[:, 0] + scores[:, 1]
    profanity = scores[:, 5]
    aim = np.max(scores[:, [3, 4, 8, 9]], axis=1)
    aimed = np.maximum(aim, scores[:, 7])
    return np.column_stack([scores, language * aim, profanity * aimed, profanity * (1 - aimed), language * aimed])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only variants whose name contains one of these (a|b)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "moderation-structure")
    parser.add_argument("--save", type=Path, help="save each variant's train.csv and thread scores here (.npz)")
    arguments = parser.parse_args()
    data = Data(arguments.cache)
    print(f"corpus {len(data.targets['corpus'])} rows, kaggle {len(data.targets['kaggle'])}, threads "
          f"{len(data.targets['threads'])}", flush=True)  # fmt: skip
    base = logistic(data)
    report("base (default-8 logistic, C=3)", data, base, base)
    stage = {}

    def staged(key, **options):
        if key not in stage:
            stage[key] = block_scores(data, **options)
        return stage[key]

    def profanity_times(part: str, columns=("second_person",)):
        p = data.blocks[part]["profanity"].toarray()
        aimed = np.max(data.dense(part, columns), axis=1, keepdims=True) > 0
        return p * aimed

    variants = {
        "C=0.3": lambda: logistic(data, C=0.3),
        "C=0.5": lambda: logistic(data, C=0.5),
        "C=1": lambda: logistic(data, C=1.0),
        "C=2": lambda: logistic(data, C=2.0),
        "C=1, chars x0.7": lambda: logistic(data, C=1.0, weights={"chars": 0.7}),
        "C=1, dense x2": lambda: logistic(data, C=1.0, weights={n: 2.0 for n in DENSE}),
        "generated x0.5": lambda: logistic(data, generated_weight=0.5),
        "generated x2": lambda: logistic(data, generated_weight=2.0),
        "C=1, generated x0.5": lambda: logistic(data, C=1.0, generated_weight=0.5),
        "C=2, generated x0.5": lambda: logistic(data, C=2.0, generated_weight=0.5),
        "C=1, generated x0.3": lambda: logistic(data, C=1.0, generated_weight=0.3),
        "grouped stack: LR + NB-LR": lambda: grouped_stack(data),
        "grouped stack: LR(C=1) + NB-LR": lambda: grouped_stack(data, C=1.0),
        "grouped stack: LR(dense) + NB-LR": lambda: grouped_stack(data, dense_in_lr=True),
        "grouped stack: LR only": lambda: grouped_stack(data, members=("lr",)),
        "grouped stack in category folds: LR + NB-LR": lambda: grouped_stack(data, groups="category folds"),
        "C=10": lambda: logistic(data, C=10.0),
        "balanced classes": lambda: logistic(data, class_weight="balanced"),
        "dense blocks x2": lambda: logistic(data, weights={n: 2.0 for n in DENSE}),
        "dense blocks x4": lambda: logistic(data, weights={n: 4.0 for n in DENSE}),
        "chars x0.7": lambda: logistic(data, weights={"chars": 0.7}),
        "words x0.7": lambda: logistic(data, weights={"words": 0.7}),
        "+ profanity x any aim": lambda: logistic(
            data, extra=lambda part: profanity_times(part, ("second_person", "reader_targeting"))
        ),
        "+ profanity x not aimed": lambda: logistic(
            data,
            extra=lambda part: (
                data.blocks[part]["profanity"].toarray()
                - profanity_times(part, ("second_person", "reader_targeting", "aimed_profanity"))
            ),
        ),
        "+ speaks to you": lambda: logistic(data, extra=lambda part: data.blocks[part]["addressing"].toarray()),
        "+ profanity x no 'you'": lambda: logistic(
            data,
            extra=lambda part: (
                data.blocks[part]["profanity"].toarray() * (data.blocks[part]["addressing"].toarray() == 0)
            ),
        ),
        "stage 2: LR on block scores": lambda: second_stage(data, staged("oof"), lambda s: s),
        "stage 2: LR + products": lambda: second_stage(data, staged("oof"), products),
        "stage 2: HGB on block scores": lambda: second_stage(data, staged("oof"), lambda s: s, kind="hgb"),
        "stage 2: HGB + products": lambda: second_stage(data, staged("oof"), products, kind="hgb"),
        "stage 2 by category: LR": lambda: second_stage(data, staged("cat", groups=data.category), lambda s: s),
        "stage 2 by category: LR + products": lambda: second_stage(data, staged("cat", groups=data.category), products),
        "stage 2 by category: HGB": lambda: second_stage(
            data, staged("cat", groups=data.category), lambda s: s, kind="hgb"
        ),
        "stack (moderate train)": lambda: stack(data),
        "stack: LR only, dense at stacker": lambda: stack(data, members=("lr",)),
        "stack: LR + NB-LR": lambda: stack(data, members=("lr", "nblr")),
        "stack: LR + NB": lambda: stack(data, members=("lr", "nb")),
        "stack: without 'you' count": lambda: stack(data, addressing=False),
        "stack: dense in members": lambda: stack(data, stacker_dense=False),
    }
    saved = {"base_kaggle": base[0], "base_threads": base[1]}
    for name, run in variants.items():
        if arguments.only and not any(part in name for part in arguments.only.split("|")):
            continue
        result = run()
        report(name, data, result, base)
        saved[f"{name}_kaggle"], saved[f"{name}_threads"] = result[0], result[1]
    if arguments.save:
        np.savez(arguments.save, **saved)


if __name__ == "__main__":
    main()
