"""Compare the reasons of two `moderate score` outputs of the same input (before/after a reasons change).

Checks that scores and flags are identical line for line, counts the reasons shown by kind (the named
ones: "<words> aimed at you", "<words> (profanity)", "<words> (violence)"; the generic ones by their
text; everything else as words and phrases), counts the lines whose reasons changed, and prints a
seeded sample of changed lines to read.

Usage: python benchmarks/reason_names_ab.py before.jsonl after.jsonl [--sample 20] [--seed 12]
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys

from moderation.classify.profanity_feature import ProfanityProbability
from moderation.classify.profanity_lexicon import AimedProfanity
from moderation.classify.reason_names import AIMED_AT_YOU, PROFANE_WORDS, VIOLENCE_NAMED

GENERIC = frozenset(AimedProfanity.reasons + ProfanityProbability.reasons)


def kind(reason: str) -> str:
    if reason in GENERIC:
        return reason
    if reason.endswith(AIMED_AT_YOU):
        return f"<words>{AIMED_AT_YOU}"
    if reason.endswith(PROFANE_WORDS):
        return f"<words>{PROFANE_WORDS}"
    if reason.endswith(VIOLENCE_NAMED):
        return f"<words>{VIOLENCE_NAMED}"
    return "other (words, phrases)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    with open(args.before, encoding="utf-8") as first, open(args.after, encoding="utf-8") as second:
        pairs = [(json.loads(a), json.loads(b)) for a, b in zip(first, second, strict=True)]
    if any(a["scores"] != b["scores"] or a["flags"] != b["flags"] for a, b in pairs):
        sys.exit("scores or flags differ: the two outputs are not of the same scoring")
    counts = {side: collections.Counter() for side in (0, 1)}
    for pair in pairs:
        for side, line in enumerate(pair):
            counts[side].update(kind(reason) for reasons in line["why"].values() for reason in reasons)
    print("| reason | before | after |\n|---|---|---|")
    for name in sorted(set(counts[0]) | set(counts[1])):
        print(f"| {name} | {counts[0][name]:,} | {counts[1][name]:,} |")
    print(f"| all shown | {sum(counts[0].values()):,} | {sum(counts[1].values()):,} |")
    changed = [(number, a["why"], b["why"]) for number, (a, b) in enumerate(pairs, 1) if a["why"] != b["why"]]
    print(f"\nlines with reasons: {sum(1 for a, _ in pairs if a['why']):,}; changed: {len(changed):,}")
    for number, before, after in random.Random(args.seed).sample(changed, min(args.sample, len(changed))):
        print(f"\nline {number}\n  before {before}\n  after  {after}")


if __name__ == "__main__":
    main()
