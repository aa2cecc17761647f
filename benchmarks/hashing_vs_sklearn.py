"""Our numpy n-gram hashers against scikit-learn's HashingVectorizer on the same texts (transform CPU time).

Usage: .venv/bin/python benchmarks/hashing_vs_sklearn.py [--texts N]
Texts: Kaggle train.csv comments from ../shared (read in place) repeated to N, else our corpus.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sklearn.feature_extraction.text import HashingVectorizer

from moderation.classify.text_features import CharNgramHasher, WordNgramHasher, normalize
from moderation.datasets import load_examples

ROOT = Path(__file__).resolve().parent.parent
KAGGLE = ROOT.parent / "shared" / "data" / "kaggle-insults" / "train.csv"


def best_cpu(function, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    args = parser.parse_args()
    source = KAGGLE if KAGGLE.exists() else ROOT / "training" / "corpus" / "insult.jsonl"
    base = [example.text for example in load_examples(source)]
    texts = (base * (args.texts // len(base) + 1))[: args.texts]
    ours_chars = CharNgramHasher(ngram_range=(2, 4), bits=20, min_df=2).fit(texts)
    ours_words = WordNgramHasher(ngram_range=(1, 2), bits=20, min_df=2).fit(texts)
    theirs_chars = HashingVectorizer(
        analyzer="char", ngram_range=(2, 4), n_features=1 << 20, alternate_sign=False, norm=None,
        preprocessor=normalize,
    )  # fmt: skip
    theirs_words = HashingVectorizer(
        analyzer="word", ngram_range=(1, 2), n_features=1 << 20, alternate_sign=False, norm=None,
        token_pattern=r"(?u)\b\w+\b",
    )  # fmt: skip
    rows = [
        ("character 2-4-grams", ours_chars.transform, theirs_chars.transform),
        ("word 1-2-grams", ours_words.transform, theirs_words.transform),
    ]
    print(f"{len(texts):,} texts from {source.name}; transform CPU seconds, best of 3")
    print("| n-grams | ours | HashingVectorizer | ratio |")
    print("|---|---|---|---|")
    for name, ours, theirs in rows:
        ours_s, theirs_s = best_cpu(lambda f=ours: f(texts)), best_cpu(lambda f=theirs: f(texts))
        print(f"| {name} | {ours_s:.2f} | {theirs_s:.2f} | {theirs_s / ours_s:.1f}x |")


if __name__ == "__main__":
    main()
