"""Issue 13, items 3-4 (features and structure round on default-14): quick fits at the JOINT threshold.

Run from the project root:  .venv/bin/python benchmarks/feature_experiments.py [--only NAME] [--cache DIR]

The base is default-14's insult classifier (the category stack, address n-grams out of the word block,
the LR member at C=1, fixed CATEGORY_FOLD folds) fitted on the cached blocks of
structure_experiments.Data; every variant is fitted on the corpus only and reported as
joint_threshold_experiments.report does (ROC AUC of train.csv and the threads paired with the base,
the threads' P / R / F1 at train.csv's precision-0.7 threshold). Never reads the test file.

Variants: the stacker's and the NB-LR member's C; vocabulary caps (n-gram columns kept only when their
corpus document frequency is within a range: min_df / max_df on the cached blocks, rows renormalised);
and the best sentence: the LR member's n-gram score of a comment's highest-scoring sentence as a
stacker input beside the whole comment's (out of fold by category for the corpus, as the members').
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from default_model_real import TARGET_PRECISION, precision_threshold
from joint_threshold_experiments import (
    DENSE,
    address_columns,
    category_stack,
    report,
    without_columns,
)
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from structure_experiments import NGRAMS, PARTS, Data

from moderation.classify.default_model import INSULT_STACK_C, category_fold

# A sentence ends at ., ! or ? followed by space, or at a line break (a plain rule: comments are informal).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


# A clause ends at punctuation or a line break; one that says "you" is where a put-down aimed at the reader is.
CLAUSE_END = re.compile(r"[,.;:!?()]+|\n+|\s-+\s")
SECOND_PERSON_WORD = re.compile(r"\b(?:you|your|yours|yourself|yourselves|you're|youre|u|ur|ya)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    parts = [part for part in SENTENCE_END.split(text) if part.strip()]
    return parts or [text]


def second_person_clauses(text: str) -> list[str]:
    """The clauses that speak to someone ("you ..."); [""] when none does (the member's score of nothing)."""
    parts = [part for part in CLAUSE_END.split(text) if SECOND_PERSON_WORD.search(part)]
    return parts or [""]


def default_14(data: Data) -> Data:
    """The cached blocks as default-14 featurizes: the address n-grams out of the word block."""
    return without_columns(data, address_columns(data))


def document_frequency(data: Data, name: str) -> np.ndarray:
    block = data.blocks["corpus"][name]
    return np.bincount(block.indices, minlength=block.shape[1]) / block.shape[0]


def address_trigram_columns(data: Data) -> np.ndarray:
    """Word-block columns of the trigrams made only of second-person and function words with at least one
    second-person word ("you are a", "are you the"): default-14 left out such unigrams and bigrams only."""
    from joint_threshold_experiments import FUNCTION_WORDS, SECOND_PERSON, _hashers

    words, _ = _hashers(data)
    vocabulary = sorted(SECOND_PERSON | FUNCTION_WORDS)
    texts = [f"{a} {b} {c}" for a in vocabulary for b in vocabulary for c in vocabulary
             if SECOND_PERSON & {a, b, c}]  # fmt: skip
    grams = words._grams(texts)
    found = []
    for order, _first, buckets in grams.grams:
        if order == 3:
            columns = words.column_of_bucket_[np.asarray(buckets).astype(np.int64)]
            found.append(columns[columns >= 0])
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def capped(data: Data, low: int = 0, high: float = 1.0, names=NGRAMS) -> Data:
    """Columns seen in fewer than `low` corpus comments or in more than the share `high` of them dropped."""
    rows = data.blocks["corpus"]["words"].shape[0]
    dropped = {}
    for name in names:
        df = document_frequency(data, name)
        dropped[name] = np.flatnonzero((df * rows < low) | (df > high))
        print(f"  {name}: {len(dropped[name])} of {len(df)} columns dropped", flush=True)
    return without_columns(data, dropped)


class SentenceBlocks:
    """The n-gram blocks of every sentence of every comment (same fitted featurizer as Data's), with the
    address columns dropped as in default-14, and which comment each sentence came from."""

    def __init__(self, data: Data, cache: Path, split=sentences, name: str = "sentence"):
        stored = cache / f"{name}_blocks.npz"
        self.owner: dict[str, np.ndarray] = {}
        self.blocks: dict[str, sp.csr_matrix] = {}
        if stored.exists():
            with np.load(stored) as saved:
                for part in PARTS:
                    self.owner[part] = saved[f"{part}/owner"]
                    self.blocks[part] = sp.csr_matrix(
                        (saved[f"{part}/data"], saved[f"{part}/indices"], saved[f"{part}/indptr"]),
                        shape=tuple(saved[f"{part}/shape"]),
                    )
            return
        from moderation.classify.default_model import corpus_files, default_settings
        from moderation.classify.pipeline import build_featurizer
        from moderation.datasets import load_many

        everything = list(dict.fromkeys(e.text for e in load_many(corpus_files())))
        union = dict(build_featurizer(replace(default_settings(), address_ngrams=True)).transformer_list)
        fitted = {name: union[name].fit(everything) for name in NGRAMS}
        dropped = address_columns(data)["words"]
        arrays = {}
        for part in PARTS:
            grouped = [split(text) for text in data.texts[part]]
            self.owner[part] = np.repeat(np.arange(len(grouped)), [len(g) for g in grouped])
            flat = [s for group in grouped for s in group]
            blocks = []
            for name in NGRAMS:
                block = sp.csr_matrix(fitted[name].transform(flat))
                if name == "words":
                    keep = np.ones(block.shape[1], dtype=bool)
                    keep[dropped] = False
                    block = normalize(sp.csr_matrix(block.multiply(keep[None, :])))
                blocks.append(block)
            self.blocks[part] = sp.hstack(blocks).tocsr()
            matrix = self.blocks[part]
            arrays.update({f"{part}/owner": self.owner[part], f"{part}/data": matrix.data,
                           f"{part}/indices": matrix.indices, f"{part}/indptr": matrix.indptr,
                           f"{part}/shape": np.array(matrix.shape)})  # fmt: skip
            print(f"sentences of {part}: {len(flat)}", flush=True)
        np.savez(stored, **arrays)

    def best(self, part: str, model) -> np.ndarray:
        """Per comment, the highest decision value of its sentences."""
        scores = model.decision_function(self.blocks[part])
        best = np.full(self.owner[part].max() + 1, -np.inf)
        np.maximum.at(best, self.owner[part], scores)
        return best


def best_sentence_column(data: Data, sentences_: SentenceBlocks, C: float = INSULT_STACK_C, minus_whole=False):
    """extra(part) for category_stack: the LR member's best-sentence score (the corpus's out of fold by the
    category folds, as the members' scores the stacker sees), optionally minus the whole comment's."""
    y = data.targets["corpus"]
    X = sp.hstack([data.blocks["corpus"][n] for n in NGRAMS]).tocsr()
    folds = np.array([category_fold(c) for c in data.category])

    def member(rows):
        return LogisticRegression(C=C, max_iter=3000, solver="liblinear").fit(X[rows], y[rows])

    # The corpus rows Data keeps (insult-labelled) are in sentence order of data.texts["corpus"].
    corpus_best = np.zeros(len(y))
    whole = np.zeros(len(y))
    for fold in np.unique(folds):
        model = member(np.flatnonzero(folds != fold))
        rows = np.flatnonzero(folds == fold)
        corpus_best[rows] = sentences_.best("corpus", model)[rows]
        whole[rows] = model.decision_function(X[rows])
    full = member(np.arange(len(y)))
    columns = {"corpus": (corpus_best, whole)}
    for part in ("kaggle", "threads"):
        Xp = sp.hstack([data.blocks[part][n] for n in NGRAMS]).tocsr()
        columns[part] = (sentences_.best(part, full), full.decision_function(Xp))

    def extra(part):
        best, whole_ = columns[part]
        return ((best - whole_) if minus_whole else best)[:, None]

    return extra


def block_contributions(data: Data, stack, part: str) -> dict[str, np.ndarray]:
    """Each block's share of a fitted stack's log-odds on every row of one part (coefficient x value)."""
    names = (*NGRAMS, *DENSE)
    coef = stack.coef_.ravel()
    start, shares = 0, {}
    for name in names:
        block = data.blocks[part][name]
        shares[name] = np.asarray(block @ coef[start : start + block.shape[1]]).ravel()
        start += block.shape[1]
    return shares


def error_kinds(data: Data, base) -> None:
    """Mean block contributions and simple traits of the joint threshold's errors (default-14)."""
    kaggle, threads, stack = base
    chosen = precision_threshold(data.targets["kaggle"], kaggle, TARGET_PRECISION)
    scores = {"kaggle": kaggle, "threads": threads}
    sets = {
        "train.csv non-insults >= joint": ("kaggle", 0, True),
        "train.csv insults >= joint": ("kaggle", 1, True),
        "train.csv insults < joint": ("kaggle", 1, False),
        "threads insults < joint": ("threads", 1, False),
        "threads insults >= joint": ("threads", 1, True),
        "threads non-insults": ("threads", 0, None),
    }
    you = re.compile(r"\b(you|your|you're|yours|yourself|u|ur)\b", re.IGNORECASE)
    print(f"joint threshold {chosen:.3f}; mean log-odds share per block; traits", flush=True)
    for label, (part, target, above) in sets.items():
        rows = data.targets[part] == target
        if above is not None:
            rows &= (scores[part] >= chosen) if above else (scores[part] < chosen)
        shares = block_contributions(data, stack, part)
        texts = [t for t, r in zip(data.texts[part], rows, strict=True) if r]
        words = np.array([len(t.split()) for t in texts])
        many = np.mean([len(sentences(t)) >= 3 for t in texts])
        says_you = np.mean([bool(you.search(t)) for t in texts])
        profane = np.mean(data.blocks[part]["profanity"].toarray()[rows, 0] >= 0.5)
        cells = "  ".join(f"{n} {shares[n][rows].mean():+.2f}" for n in shares)
        print(f"{label:32s} n {rows.sum():4d}  {cells}\n{'':32s} median words {np.median(words):.0f}, 3+ sentences "
              f"{many:.0%}, says you {says_you:.0%}, profanity >= 0.5 {profane:.0%}", flush=True)  # fmt: skip


# default-14's featurizer where default-15's differs (word 1-3-grams): the base these quick fits pair with.
DEFAULT_14 = "word_ngrams=1,2"


def featurized_with(overrides: str):
    """Make Data (and the hashers the address columns come from) featurize with these PipelineSettings
    overrides ("char_ngrams=1,4;sublinear_tf=0"): patched where the benchmarks read default_settings."""
    import structure_experiments

    import moderation.classify.default_model as default_model

    shipped = default_model.default_settings
    values = {}
    for item in filter(None, overrides.split(";")):
        key, value = item.split("=")
        numbers = [int(v) for v in value.split(",")]
        values[key] = (
            tuple(numbers) if len(numbers) > 1 else (bool(numbers[0]) if key == "sublinear_tf" else numbers[0])
        )

    def settings():
        return replace(shipped(), **values)

    default_model.default_settings = settings
    structure_experiments.default_settings = settings


def category_stack_stacker_C(data: Data, stack_C: float, **kwargs):
    """category_stack with the stacker's own C (LinearStack's stack_C; shipped 1.0)."""
    import functools

    import joint_threshold_experiments

    shipped = joint_threshold_experiments.LinearStack
    joint_threshold_experiments.LinearStack = functools.partial(shipped, stack_C=stack_C)
    try:
        return category_stack(data, C=INSULT_STACK_C, **kwargs)
    finally:
        joint_threshold_experiments.LinearStack = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only variants whose name contains one of these (a|b)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "moderation-structure")
    parser.add_argument("--kinds", action="store_true", help="print the joint threshold's error kinds and stop")
    parser.add_argument("--settings", help="featurize with these overrides (k=v;k=v), paired with --base")
    parser.add_argument("--base", type=Path, help="default-14's quick-fit scores (.npz), saved when absent")
    arguments = parser.parse_args()
    featurized_with(f"{DEFAULT_14};{arguments.settings or ''}")
    raw = Data(arguments.cache)
    data = default_14(raw)
    base = category_stack(data, C=INSULT_STACK_C)
    if arguments.base and not arguments.base.exists():
        np.savez(arguments.base, kaggle=base[0], threads=base[1])
    if arguments.base:
        with np.load(arguments.base) as saved:
            shipped = (saved["kaggle"], saved["threads"], None)
        report(f"featurized with {arguments.settings}" if arguments.settings else "base", data, base, shipped)
        if arguments.settings and not arguments.only:  # with --only, its variants on these settings too
            return
    report(f"base ({arguments.settings or 'default-14'})", data, base, base)
    if arguments.kinds:
        error_kinds(data, base)
        return

    def stack(**kwargs):
        return lambda: category_stack(data, C=INSULT_STACK_C, **kwargs)

    def sentence(minus_whole=False, split=sentences, name="sentence"):
        def run():
            segments = SentenceBlocks(raw, arguments.cache, split, name)
            column = best_sentence_column(data, segments, minus_whole=minus_whole)
            return category_stack(data, C=INSULT_STACK_C, extra=column)

        return run

    variants = {
        "address trigrams out too": lambda: category_stack(
            without_columns(data, {"words": address_trigram_columns(raw)}), C=INSULT_STACK_C
        ),
        "NB-LR C=3": stack(nb_C=3.0),
        "NB-LR C=30": stack(nb_C=30.0),
        "min_df 3": lambda: category_stack(capped(data, low=3), C=INSULT_STACK_C),
        "min_df 5": lambda: category_stack(capped(data, low=5), C=INSULT_STACK_C),
        "max_df 0.5": lambda: category_stack(capped(data, high=0.5), C=INSULT_STACK_C),
        "max_df 0.2 (chars)": lambda: category_stack(capped(data, high=0.2, names=("chars",)), C=INSULT_STACK_C),
        "chars x0.7": stack(weights={"chars": 0.7}),
        "chars x0.5": stack(weights={"chars": 0.5}),
        "words x0.7": stack(weights={"words": 0.7}),
        "words x1.4": stack(weights={"words": 1.4}),
        "without the profanity probability at the stacker (aimed kept)": stack(
            dense=tuple(n for n in DENSE if n != "profanity")
        ),
        "stacker C=0.3": lambda: category_stack_stacker_C(data, 0.3),
        "stacker C=3": lambda: category_stack_stacker_C(data, 3.0),
        "best sentence at the stacker": sentence(),
        "best sentence minus whole at the stacker": sentence(minus_whole=True),
        "best 'you' clause at the stacker": sentence(split=second_person_clauses, name="clause"),
    }
    for name, run in variants.items():
        if arguments.only and not any(part in name for part in arguments.only.split("|")):
            continue
        report(name, data, run(), base)


if __name__ == "__main__":
    main()
