"""How close the default model's corpus comes to real comment sections (Kaggle's train.csv).

Run from the project root:  .venv/bin/python benchmarks/corpus_realism.py [--corpus DIR]

Everything is computed from train.csv at run time and only numbers are printed: no word or text of
it is written anywhere. Measures, for the corpus (all of it, the hand-written part, the generated part)
beside train.csv itself:
- Kaggle insult words known: the words of train.csv's insults that mark insults there (in at least
  MIN_INSULT_DOCUMENTS insults and at least INSULT_WORD_RATIO times as common in insults as in the
  other comments, add-one smoothed), and the share of them the corpus uses (anywhere / in its insults);
- distinct words, and distinct word 1-, 2-, 3-grams per n-gram on equal samples (SAMPLE_COMMENTS
  comments of each set, drawn with a fixed seed), so larger sets are not favoured;
- near-duplicate rate (training/corpus_shape.py: share of comments with a near duplicate).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from random import Random

from kaggle_train import load_train

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
from corpus_shape import distinct_ngram_ratio, near_duplicate_rate, vocabulary, words  # noqa: E402

MIN_INSULT_DOCUMENTS = 3  # a word in fewer of train.csv's insults is too rare to call it an insult word
INSULT_WORD_RATIO = 3.0  # how much more common in insults than in the other comments (document rates)
SAMPLE_SEED = 13
SAMPLE_COMMENTS = 800  # fewer than the smallest set measured (the old hand-written part: 863)


def kaggle_insult_words(texts: list[str], labels) -> set[str]:
    insult_documents, other_documents = Counter(), Counter()
    insults = int(sum(labels))
    others = len(texts) - insults
    for text, label in zip(texts, labels, strict=True):
        (insult_documents if label else other_documents).update(set(words(text)))
    return {
        word
        for word, count in insult_documents.items()
        if count >= MIN_INSULT_DOCUMENTS
        and (count + 1) / (insults + 1) >= INSULT_WORD_RATIO * (other_documents[word] + 1) / (others + 1)
    }


def describe(texts: list[str], insult_words: set[str], insult_texts: list[str]) -> dict:
    sample = Random(SAMPLE_SEED).sample(texts, min(SAMPLE_COMMENTS, len(texts)))
    known = vocabulary(texts)
    return {
        "comments": len(texts),
        "distinct_words": len(known),
        "kaggle_insult_words_known": round(len(insult_words & known) / len(insult_words), 3),
        "kaggle_insult_words_in_its_insults": round(
            len(insult_words & vocabulary(insult_texts)) / len(insult_words), 3
        ),
        "distinct_ngrams_per_ngram_equal_sample": {n: round(distinct_ngram_ratio(sample, n)[1], 3) for n in (1, 2, 3)},
        "near_duplicate_rate": round(near_duplicate_rate(texts), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus", help="folder of *.jsonl")
    arguments = parser.parse_args()
    texts, labels = load_train()
    insult_words = kaggle_insult_words(texts, labels)
    records = [
        json.loads(line)
        for path in sorted(arguments.corpus.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    parts = {
        "corpus": records,
        "hand-written": [r for r in records if r["source"].startswith("handwritten:")],
        "generated": [r for r in records if r["source"].startswith("generated:")],
    }
    results = {"kaggle_insult_words": len(insult_words)}
    kaggle_insults = [t for t, label in zip(texts, labels, strict=True) if label]
    results["train.csv"] = describe(texts, insult_words, kaggle_insults)
    for name, rows in parts.items():
        insults = [r["text"] for r in rows if r["labels"]["insult"]]
        results[name] = describe([r["text"] for r in rows], insult_words, insults)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
