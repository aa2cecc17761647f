"""The anchor every command benchmark is compared with: alt-profanity-check as a whole process.

Usage: python benchmarks/profanity_anchor.py COMMENTS.csv [--text-column Comment] > scores.txt

What a user of that package runs: load the package, read the CSV, predict_prob on every comment,
write one line per comment. Timed from outside (benchmarks/command_benchmark.py) like our commands.
"""

from __future__ import annotations

import argparse
import csv
import sys

from profanity_check import predict_prob


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv_file")
    parser.add_argument("--text-column", default="Comment")
    args = parser.parse_args()
    with open(args.csv_file, encoding="utf-8", newline="") as stream:
        texts = [row[args.text_column] for row in csv.DictReader(stream)]
    scores = predict_prob(texts)
    sys.stdout.write("".join(f"{score:.4f}\n" for score in scores))


if __name__ == "__main__":
    main()
