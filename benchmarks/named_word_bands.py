"""Which words the two word-naming reasons would name, by alt-profanity-check coefficient band.

Read to choose NAMED_WORD_WEIGHT (profanity_feature.py): for every comment of a CSV (Kaggle train.csv's
"Comment" column by default) it finds the strongest word aimed at "you" (AimedProfanity) and the words
whose term reaches PROFANE_TERM (the profanity reason), ignoring the floor, and prints per band of the
package's coefficient how often words of that band would be named and the most frequent of them. It
prints what the data holds; nothing of it is kept.

Usage: python benchmarks/named_word_bands.py [train.csv] [--column Comment] [--shown 40]
"""

from __future__ import annotations

import argparse
import collections
import csv

from moderation.classify.profanity_feature import PROFANE_TERM, profanity_scorer, word_tfidf
from moderation.classify.profanity_lexicon import AIMED_WINDOW, _strongest_aimed, word_weights
from moderation.classify.readable_text import readable_many

TRAIN = "/work/shared/data/kaggle-insults/train.csv"
BANDS = (0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, float("inf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=TRAIN)
    parser.add_argument("--column", default="Comment")
    parser.add_argument("--shown", type=int, default=40, help="words printed per band, most frequent first")
    args = parser.parse_args()
    with open(args.path, newline="", encoding="utf-8") as stream:
        texts = readable_many([row[args.column] for row in csv.DictReader(stream)])
    weights = word_weights()
    aimed: collections.Counter = collections.Counter()
    for text in texts:
        found = _strongest_aimed(text.replace("\0", " ").lower(), AIMED_WINDOW)
        if found:
            aimed[max(found, key=lambda item: item[1])[2]] += 1
    profanity = profanity_scorer()
    matrix = word_tfidf(profanity, texts).tocsr()
    terms = profanity.coefficients[matrix.indices] * matrix.data
    profane = collections.Counter(profanity.names[column] for column in matrix.indices[terms >= PROFANE_TERM])
    for title, counts in (("strongest word aimed at you", aimed), ("profane words (term >= PROFANE_TERM)", profane)):
        print(f"== {title}: {sum(counts.values())} named")
        for low, high in zip(BANDS, BANDS[1:], strict=False):
            band = sorted(((n, word) for word, n in counts.items() if low <= weights[word] < high), reverse=True)
            words = " ".join(f"{word}({weights[word]:.2f})" for _, word in band[: args.shown])
            print(f"{low}-{high}: {sum(n for n, _ in band)} named, {len(band)} words: {words}")


if __name__ == "__main__":
    main()
