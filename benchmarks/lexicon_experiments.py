"""Issue 13 item 3: alt-profanity-check's word weights as features of the default model (insult only).

Run from the project root:  .venv/bin/python benchmarks/lexicon_experiments.py [--only NAME]

Fits the default model's insult pipeline (logistic regression, default settings) on our corpus once
per variant, with extra dense columns from moderation.classify.profanity_lexicon appended, and scores
Kaggle train.csv (the development set) and the labelled threads (to see kinds of failure, not to
tune). Each variant is compared with the base on the same rows: ROC AUC, and the paired bootstrap
(300 resamples of train.csv rows) of the difference, mean ± sd and how often it is above 0.
Never reads test_with_solutions.csv.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import paired_scores
from column_variants import fit_variant
from default_model_real import thread_comments
from kaggle_train import load_train
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moderation.classify.default_model import corpus_files, default_settings  # noqa: E402
from moderation.classify.pipeline import PipelineSettings, build_featurizer, build_pipeline  # noqa: E402
from moderation.classify.profanity_lexicon import AimedProfanity  # noqa: E402
from moderation.datasets import load_many  # noqa: E402

RESAMPLES = 300


def aimed_sum(texts: list[str]) -> np.ndarray:
    """log(1 + the summed weights of the words aimed at "you") / 2 (a candidate column)."""
    from moderation.classify.profanity_lexicon import _WORDS, SECOND_PERSON, WEIGHT_SCALE, _window_pattern, word_weights

    weights = word_weights()
    values = np.zeros(len(texts))
    for row, text in enumerate(texts):
        for match in _window_pattern(5).finditer(text.lower()):
            found = [weights.get(w, 0.0) for w in _WORDS.findall(match.group(1)) if w not in SECOND_PERSON]
            values[row] += sum(max(weight, 0.0) for weight in found) / WEIGHT_SCALE
    return np.log1p(values) / 2


def strongest(texts: list[str]) -> np.ndarray:
    """The strongest word weight anywhere in the text (a candidate column; lost)."""
    from moderation.classify.profanity_lexicon import _WORDS, WEIGHT_SCALE, word_weights

    weights = word_weights()
    return np.array(
        [max([weights.get(w, 0.0) for w in _WORDS.findall(t.lower())] + [0.0]) / WEIGHT_SCALE for t in texts]
    )


def clause_logit(texts: list[str]) -> np.ndarray:
    """The package's decision function for the second-person clauses (0 without one) / 5 (a candidate)."""
    from moderation.classify.profanity_feature import profanity_scorer, word_tfidf
    from moderation.classify.profanity_lexicon import _CLAUSE

    profanity = profanity_scorer()
    clauses = [" ".join(_CLAUSE.findall(t.lower())) for t in texts]
    spoken = [i for i, c in enumerate(clauses) if c]
    values = np.zeros(len(texts))
    probabilities = profanity.probabilities(word_tfidf(profanity, [clauses[i] for i in spoken]))
    values[spoken] = np.log(np.clip(probabilities, 1e-6, 1 - 1e-6) / np.clip(1 - probabilities, 1e-6, 1)) / 5 + 1
    return values


def paired_bootstrap(targets: np.ndarray, base: np.ndarray, variant: np.ndarray) -> tuple[float, float, float]:
    return paired_scores.paired_bootstrap(targets, base, variant, RESAMPLES)


def stack_transfer(corpus_texts, corpus_targets, kaggle_texts, kaggle_targets, thread_texts, thread_targets):
    """The stack (`moderate train`'s default) trained on our corpus, with and without the new block."""
    for aimed in (False, True):
        settings = replace(PipelineSettings(), aimed_profanity=aimed)
        pipeline = build_pipeline(settings).fit(corpus_texts, corpus_targets)
        kaggle = pipeline.predict_proba(kaggle_texts)[:, 1]
        threads = pipeline.predict_proba(thread_texts)[:, 1]
        print(
            f"stack, aimed profanity {aimed!s:5s} train.csv {roc_auc_score(kaggle_targets, kaggle):.4f}"
            f"  threads {roc_auc_score(thread_targets, threads):.4f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only variants whose name contains this")
    parser.add_argument("--C", type=float, default=3.0, help="the logistic regression's C")
    parser.add_argument("--stack", action="store_true", help="the stack of `moderate train` instead of the logistic")
    parser.add_argument("--generated-weight", type=float, default=1.0, help="sample weight of generated.jsonl")
    arguments = parser.parse_args()
    files = corpus_files()
    examples, weights = [], []
    for path in files:
        for example in load_many([path]):
            if "insult" in example.labels:
                examples.append(example)
                weights.append(arguments.generated_weight if path.name == "generated.jsonl" else 1.0)
    weights = np.array(weights)
    corpus_texts = [e.text for e in examples]
    corpus_targets = np.array([e.labels["insult"] for e in examples])
    kaggle_texts, kaggle_targets = load_train()
    thread_texts, thread_targets = thread_comments()

    if arguments.stack:
        stack_transfer(corpus_texts, corpus_targets, kaggle_texts, kaggle_targets, thread_texts, thread_targets)
        return
    # The base is the default model as it was before the block: the variants add its columns.
    featurizer = build_featurizer(replace(default_settings(), aimed_profanity=False)).fit(corpus_texts)
    base = {
        name: featurizer.transform(texts)
        for name, texts in (("corpus", corpus_texts), ("kaggle", kaggle_texts), ("threads", thread_texts))
    }
    extra = {}
    for window in (3, 5, 7):
        lexicon = AimedProfanity(window=window).fit(corpus_texts)
        extra[window] = {}
        for name, texts in (("corpus", corpus_texts), ("kaggle", kaggle_texts), ("threads", thread_texts)):
            aimed, clause = lexicon.transform(texts).toarray().T
            extra[window][name] = np.column_stack([aimed, strongest(texts), clause])
    for name, texts in (("corpus", corpus_texts), ("kaggle", kaggle_texts), ("threads", thread_texts)):
        extra[5][name] = np.column_stack([extra[5][name], aimed_sum(texts), clause_logit(texts)])

    def columns(window: int, chosen: list[int], scale: float = 1.0):
        return lambda name: extra[window][name][:, chosen] * scale

    variants = {
        "base": None,
        "aimed w5": columns(5, [0]),
        "anywhere": columns(5, [1]),
        "clause": columns(5, [2]),
        "aimed+clause w5": columns(5, [0, 2]),
        "all three w3": columns(3, [0, 1, 2]),
        "all three w5": columns(5, [0, 1, 2]),
        "all three w7": columns(7, [0, 1, 2]),
        "aimed sum+clause": columns(5, [3, 2]),
        "aimed+clause logit": columns(5, [0, 4]),
        "aimed+aimed sum+clause": columns(5, [0, 3, 2]),
        "all three w5 x2": columns(5, [0, 1, 2], 2.0),
        "all three w5 x0.5": columns(5, [0, 1, 2], 0.5),
    }
    scores = {}
    for name, make in variants.items():
        if arguments.only and arguments.only not in name and name != "base":
            continue
        kaggle, threads, _ = fit_variant(base, make, corpus_targets, arguments.C, sample_weight=weights)
        scores[name] = kaggle
        gain, spread, above = paired_bootstrap(kaggle_targets, scores["base"], kaggle)
        print(
            f"{name:22s} train.csv {roc_auc_score(kaggle_targets, kaggle):.4f}"
            f"  paired {gain:+.4f} ± {spread:.4f} (above 0 in {above:.0%})"
            f"  threads {roc_auc_score(thread_targets, threads):.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
