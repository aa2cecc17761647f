"""A Reddit NDJSON dump in which about 40% of comments get flagged, for timing `moderate report`.

Usage: python benchmarks/flagged_dump.py [--comments 200000] [--threads 200] [--share 0.48]

Insults are built from our own short word lists ("you are a clueless clown ..."), never from any
data set, and mixed into the plain sentences of parse_benchmark.py; the default model flags nearly
five in six of them, so the report explains about 40% of the comments, as issue #15 asks.
Writes benchmarks/data/COMMENTS-flagged-SHARE.ndjson (git-ignored; reused when present).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from parse_benchmark import DATA, generate_ndjson, sentence

ADJECTIVES = ["stupid", "pathetic", "ignorant", "clueless", "dumb", "worthless", "brainless"]
NOUNS = ["idiot", "moron", "fool", "clown", "loser", "troll", "muppet"]
# Share of comments that open with an insult: the default model flags about five in six of them
# (measured: 33.5% of a 0.4 dump flagged), so 0.48 gives the 40% flagged that issue #15 asks for
# (measured: the 20,000-comment 0.48 dump flags 8,022, 40.1%).
SHARE = 0.48
OPENINGS = ["you are a {a} {n}", "shut up you {a} {n}", "what is wrong with you, you {a} {n}", "go away {n}"]


def insult(rng: random.Random) -> str:
    opening = rng.choice(OPENINGS).format(a=rng.choice(ADJECTIVES), n=rng.choice(NOUNS))
    return f"{opening.capitalize()}. {sentence(rng)}"


def flagged_dump(comments: int, threads: int, share: float = SHARE) -> Path:
    path = DATA / f"{comments}-flagged-{share:g}.ndjson"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        DATA.mkdir(exist_ok=True)
        rng = random.Random(2)
        generate_ndjson(path, comments, threads, rng, text=lambda r: insult(r) if r.random() < share else sentence(r))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=200)
    parser.add_argument("--share", type=float, default=SHARE)
    args = parser.parse_args()
    print(flagged_dump(args.comments, args.threads, args.share))


if __name__ == "__main__":
    main()
