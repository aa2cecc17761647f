"""Issue 13, items 3-4: structures and features measured at the JOINT threshold (insult only).

Run from the project root:  .venv/bin/python benchmarks/joint_threshold_experiments.py [--only NAME] [--cache DIR]
                            or  ... joint_threshold_experiments.py --pair BEFORE.npz AFTER.npz

The number this moves: the threshold Kaggle train.csv chooses for precision 0.7 (one number; its
recall there must stay >= 0.6), and at it the labelled threads' insult precision / recall / F1 (goal
F1 >= 0.75), beside train.csv's and the threads' ROC AUC paired with the base (RESAMPLES resamples).
The base is the shipped built-in model's insult classifier (default-10: the category stack, LR +
NB-LR weighed on whole corpus files held out in 3 fixed folds (CATEGORY_FOLD), dense columns at the stacker),
fitted on the cached blocks of structure_experiments.Data (same featurizer, same rows): its scores
match the built model's. Every variant is fitted on the corpus only. Never reads the test file.
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
from default_model_real import TARGET_PRECISION, at_threshold, best_f1, precision_threshold
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from structure_experiments import FOLDS, NGRAMS, PARTS, Data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moderation.classify.address_ngrams import FUNCTION_WORDS  # noqa: E402
from moderation.classify.address_ngrams import SECOND_PERSON_WORDS as SECOND_PERSON  # noqa: E402
from moderation.classify.default_model import THRESHOLD_BETA, category_fold  # noqa: E402
from moderation.classify.linear_stack import LinearStack  # noqa: E402
from moderation.classify.metrics import best_fbeta_threshold  # noqa: E402
from moderation.classify.pipeline import CATEGORY_STACK_MEMBERS  # noqa: E402

RESAMPLES = 300
# The shipped dense blocks, in the featurizer's order (each goes to the stacker only).
DENSE = ("second_person", "profanity", "aimed_profanity", "reader_targeting", "absent_targeting")


def category_stack(data: Data, ngrams=NGRAMS, dense=DENSE, extra=None, C=3.0, nb_C=10.0, weights=None):
    """The built-in insult classifier on these blocks, `extra(part) -> columns` appended at the stacker;
    `weights` scale blocks by name. Returns (train.csv scores, thread scores, fitted stack)."""

    def features(part):
        blocks = [data.blocks[part][n] * (weights or {}).get(n, 1.0) for n in (*ngrams, *dense)]
        if extra is not None:
            blocks.append(sp.csr_matrix(extra(part)))
        return sp.hstack(blocks).tocsr()

    X = {part: features(part) for part in PARTS}
    columns = X["corpus"].shape[1] - sum(data.blocks["corpus"][n].shape[1] for n in ngrams)
    y = data.targets["corpus"]

    folds = np.array([category_fold(category) for category in data.category])  # as the built model's

    def fitted(rows):
        stack = LinearStack(C=C, nb_C=nb_C, stacker_columns=columns, members=CATEGORY_STACK_MEMBERS)
        return stack.fit(X["corpus"][rows], y[rows], groups=folds[rows])

    stack = fitted(np.arange(len(y)))
    # The shipped threshold's rule: best F0.5 on out-of-fold corpus scores, 3 stratified folds (seed 0) as
    # training.cross_validated_probabilities (here on blocks fitted once, so close to the built model's).
    corpus = np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(y, y):
        corpus[test] = fitted(train).predict_proba(X["corpus"][test])[:, 1]
    stack.corpus_threshold_ = best_fbeta_threshold(y, corpus, THRESHOLD_BETA)
    return stack.predict_proba(X["kaggle"])[:, 1], stack.predict_proba(X["threads"])[:, 1], stack


def joint(data: Data, kaggle: np.ndarray, threads: np.ndarray) -> dict[str, float]:
    """train.csv's precision-0.7 threshold and what it gives train.csv and the threads."""
    tk, tt = data.targets["kaggle"], data.targets["threads"]
    chosen = precision_threshold(tk, kaggle, TARGET_PRECISION)
    k, t = at_threshold(tk, kaggle, chosen), at_threshold(tt, threads, chosen)
    return {
        "threshold": chosen,
        "train_recall": k["recall"],
        **{f"threads_{m}": t[m] for m in ("precision", "recall", "f1")},
    }


def joint_bootstrap(data: Data, base, kaggle, threads, resamples: int = RESAMPLES, seed: int = 0):
    """The threads' F1 at the joint threshold, candidate minus base, over resamples of both files' rows
    (train.csv's rows choose the threshold, so they are resampled too): mean, sd, share above 0."""
    tk, tt = data.targets["kaggle"], data.targets["threads"]
    random = np.random.default_rng(seed)
    gains = []
    for _ in range(resamples):
        k = random.integers(0, len(tk), len(tk))
        t = random.integers(0, len(tt), len(tt))
        f1 = []
        for kaggle_scores, thread_scores in ((base[0], base[1]), (kaggle, threads)):
            chosen = precision_threshold(tk[k], kaggle_scores[k], TARGET_PRECISION)
            f1.append(at_threshold(tt[t], thread_scores[t], chosen)["f1"])
        gains.append(f1[1] - f1[0])
    gains = np.asarray(gains)
    return float(gains.mean()), float(gains.std()), float((gains > 0).mean())


def report(name: str, data: Data, result, base) -> None:
    kaggle, threads, stack = result
    tk, tt = data.targets["kaggle"], data.targets["threads"]
    gain, spread, above = paired_scores.paired_bootstrap(tk, base[0], kaggle, RESAMPLES)
    t_gain, t_spread, t_above = paired_scores.paired_bootstrap(tt, base[1], threads, RESAMPLES)
    j = joint(data, kaggle, threads)
    best = best_f1(tt, threads)
    j_gain, j_spread, j_above = joint_bootstrap(data, base, kaggle, threads)
    print(
        f"{name:40s} train.csv {roc_auc_score(tk, kaggle):.4f} ({gain:+.4f} ± {spread:.4f}, {above:.0%})"
        f"  threads {roc_auc_score(tt, threads):.4f} ({t_gain:+.4f} ± {t_spread:.4f}, {t_above:.0%})\n"
        f"{'':40s} joint {j['threshold']:.3f}: train R {j['train_recall']:.3f}  threads P/R/F1 "
        f"{j['threads_precision']:.3f}/{j['threads_recall']:.3f}/{j['threads_f1']:.3f}"
        f" ({j_gain:+.3f} ± {j_spread:.3f}, {j_above:.0%})"
        f"  (threads best F1 {best['f1']:.3f} at {best['threshold']:.3f})",
        flush=True,
    )
    if stack is not None:
        own = stack.corpus_threshold_
        k, t = at_threshold(tk, kaggle, own), at_threshold(tt, threads, own)
        print(f"{'':40s} corpus F{THRESHOLD_BETA:g} {own:.3f}: train P/R {k['precision']:.3f}/{k['recall']:.3f}"
              f"  threads P/R/F1 {t['precision']:.3f}/{t['recall']:.3f}/{t['f1']:.3f}", flush=True)  # fmt: skip
        print(f"{'':40s} members {np.round(stack.member_weights_, 2).tolist()}  stacker columns "
              f"{np.round(stack.coef_.ravel()[-stack.stacker_columns:], 2).tolist()}", flush=True)  # fmt: skip


def _hashers(data: Data):
    """The word and character hashers as the shipped featurizer fits them (same corpus texts)."""
    from moderation.classify.default_model import corpus_files, default_settings
    from moderation.classify.pipeline import build_featurizer
    from moderation.datasets import load_many

    texts = list(dict.fromkeys(e.text for e in load_many(corpus_files())))
    union = dict(build_featurizer(replace(default_settings(), address_ngrams=True)).transformer_list)
    return union["words"].named_steps["ngrams"].fit(texts), union["chars"].named_steps["ngrams"].fit(texts)


def address_columns(
    data: Data, every_function_word: bool = False, chars: bool = False, unigrams_only: bool = False
) -> dict[str, np.ndarray]:
    """Columns of the n-grams that only say whom a comment speaks to: word uni/bigrams made only of
    second-person and function words with at least one second-person word (every function-word-only
    n-gram with `every_function_word`), and with `chars` the character n-grams of 3+ letters inside a
    second-person word with its spaces."""
    words, characters = _hashers(data)
    vocabulary = sorted(SECOND_PERSON | FUNCTION_WORDS)
    pairs = [f"{a} {b}" for a in vocabulary for b in vocabulary]
    grams = words._grams(vocabulary + pairs)
    kept = []
    for order, first, buckets in grams.grams:
        for token, bucket in zip(first, buckets, strict=True):
            row = grams.rows[token]
            text = (vocabulary + pairs)[row]
            if len(text.split()) != order or (unigrams_only and order > 1):
                continue
            if every_function_word or SECOND_PERSON & set(text.split()):
                column = words.column_of_bucket_[bucket]
                if column >= 0:
                    kept.append(column)
    found = {"words": np.unique(kept)}
    if chars:
        probes = [f"a {word} b" for word in sorted(SECOND_PERSON)]
        normalized, rows, columns, starts, ends = characters.batch_spans(probes)
        joined = "".join(normalized)
        picked = [c for c, s, e in zip(columns, starts, ends, strict=True)
                  if e - s >= 3 and joined[s:e].strip(" ").replace("'", "").isalpha()
                  and "a " not in joined[s:e] and " b" not in joined[s:e]]  # fmt: skip
        found["chars"] = np.unique(picked)
    return found


def without_columns(data: Data, dropped: dict[str, np.ndarray]) -> Data:
    """The blocks with these n-gram columns dropped (rows renormalized, as if never counted)."""
    from sklearn.preprocessing import normalize

    copy = Data.__new__(Data)
    copy.__dict__.update(data.__dict__)
    copy.blocks = {part: dict(blocks) for part, blocks in data.blocks.items()}
    for name, columns in dropped.items():
        for part in PARTS:
            block = data.blocks[part][name].tocsc(copy=True)
            keep = np.ones(block.shape[1], dtype=bool)
            keep[columns] = False
            block = sp.csr_matrix(block.multiply(keep[None, :]))
            copy.blocks[part][name] = normalize(block)
    return copy


def scaled_columns(data: Data, columns: dict[str, np.ndarray], factor: float) -> Data:
    """The blocks with these n-gram columns scaled (a stronger penalty on their weights, in effect)."""
    copy = Data.__new__(Data)
    copy.__dict__.update(data.__dict__)
    copy.blocks = {part: dict(blocks) for part, blocks in data.blocks.items()}
    for name, chosen in columns.items():
        scale = np.ones(data.blocks["corpus"][name].shape[1])
        scale[chosen] = factor
        for part in PARTS:
            copy.blocks[part][name] = sp.csr_matrix(data.blocks[part][name] @ sp.diags(scale))
    return copy


def variants(data: Data) -> dict:
    def dense_of(part, name):
        return data.blocks[part][name].toarray()

    return {
        "LR member C=1": lambda: category_stack(data, C=1.0),
        "without AbsentTargeting": lambda: category_stack(data, dense=DENSE[:-1]),
        "address n-grams out (words)": lambda: category_stack(without_columns(data, address_columns(data))),
        "address n-grams out (words, chars)": lambda: category_stack(
            without_columns(data, address_columns(data, chars=True))
        ),
        "address n-grams out (words), LR C=1": lambda: category_stack(
            without_columns(data, address_columns(data)), C=1.0
        ),
        "address n-grams out (words), 'you' count at the stacker": lambda: category_stack(
            without_columns(data, address_columns(data)), dense=(*DENSE, "addressing")
        ),
        "address n-grams out (words, chars), 'you' count at the stacker": lambda: category_stack(
            without_columns(data, address_columns(data, chars=True)), dense=(*DENSE, "addressing")
        ),
        "address n-grams x0.3 (words)": lambda: category_stack(scaled_columns(data, address_columns(data), 0.3)),
        "address unigrams out (words)": lambda: category_stack(
            without_columns(data, {"words": address_columns(data, unigrams_only=True)["words"]})
        ),
        "function-word n-grams out (words)": lambda: category_stack(
            without_columns(data, address_columns(data, every_function_word=True))
        ),
    }


def pair_saved(before: Path, after: Path, resamples: int = 1000) -> None:
    """The joint numbers of two full builds (default_model_real.py --save-scores), paired."""
    runs = [np.load(path) for path in (before, after)]
    data = Data.__new__(Data)
    data.targets = {"kaggle": runs[0]["train_targets"], "threads": runs[0]["thread_targets"]}
    scores = [(run["train_scores"], run["thread_scores"]) for run in runs]
    for name, (kaggle, threads) in zip(("before", "after"), scores, strict=True):
        j = joint(data, kaggle, threads)
        print(f"{name}: joint {j['threshold']:.3f}: train R {j['train_recall']:.3f}  threads P/R/F1 "
              f"{j['threads_precision']:.3f}/{j['threads_recall']:.3f}/{j['threads_f1']:.3f}")  # fmt: skip
    gain, spread, above = joint_bootstrap(data, scores[0], *scores[1], resamples=resamples)
    print(f"threads F1 at the joint threshold, paired: {gain:+.3f} ± {spread:.3f} (above 0 in {above:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only variants whose name contains one of these (a|b)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "moderation-structure")
    parser.add_argument(
        "--pair",
        nargs=2,
        type=Path,
        metavar=("BEFORE", "AFTER"),
        help="pair two --save-scores files at the joint threshold",
    )
    arguments = parser.parse_args()
    if arguments.pair:
        pair_saved(*arguments.pair)
        return
    data = Data(arguments.cache)
    base = category_stack(data)
    report("base (default-10 category stack)", data, base, base)
    for name, run in variants(data).items():
        if arguments.only and not any(part in name for part in arguments.only.split("|")):
            continue
        report(name, data, run(), base)


if __name__ == "__main__":
    main()
