"""What working out "aimed at" costs: dynamics.insult_targets on worst-case threads, every comment flagged.

Run from the project root:  .venv/bin/python benchmarks/aimed_at_cost.py [--sizes 10000,40000]

Shapes (one thread each, Reddit NDJSON parsed in process; the parse is not timed):
- insults_at_authors: every comment a top-level "@readerN you ..." (issue #18's shape);
- deep_chain: one reply chain, each "no, you are wrong";
- named: every reply opens with an earlier reader's name ("readerN, you ...") under someone else;
- quoting: every reply quotes a sentence of a comment 3 earlier by someone else (the quote search's
  worst case: nothing matches before it looks back);
- group: every reply says "the lot of you".
Prints CPU seconds (process time) per shape and size; linear work grows about 4x from 10k to 40k.
Run it with PYTHONPATH pointing at an older checkout's package to time that one the same way.
"""

from __future__ import annotations

import argparse
import json
import time

from moderation.parsing import parse_bytes
from moderation.report.dynamics import insult_targets


def _record(number: int, parent: str, author: str, body: str) -> str:
    return json.dumps(
        {
            "id": f"c{number}",
            "parent_id": parent,
            "link_id": "t3_cost",
            "author": author,
            "body": body,
            "created_utc": 1_700_000_000 + number,
        }
    )


def dump(shape: str, size: int) -> bytes:
    lines = [json.dumps({"kind": "t3", "data": {"id": "cost", "name": "t3_cost", "title": "cost"}})]
    for n in range(size):
        author = f"reader{n % 500}"
        parent = "t3_cost" if n == 0 else f"t1_c{n - 1}"
        if shape == "insults_at_authors":
            body, parent = f"@reader{(n - 1) % 500} you are a clueless idiot and a liar, {n}", "t3_cost"
        elif shape == "deep_chain":
            body = f"no, you are wrong about point {n}"
        elif shape == "named":
            body = f"reader{(n - 7) % 500}, you are a clueless idiot about point {n}."
        elif shape == "quoting":
            body = f"> the figures for ward {n - 3} were never published in full\n\nwhat an idiot, {n}"
            if n % 2:
                body = f"the figures for ward {n} were never published in full, you idiot"
        elif shape == "group":
            body = f"you are wrong about point {n}, the lot of you"
        else:
            raise ValueError(shape)
        lines.append(_record(n, parent, author, body))
    return ("\n".join(lines) + "\n").encode()


SHAPES = ("insults_at_authors", "deep_chain", "named", "quoting", "group")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,40000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    args = parser.parse_args()
    for shape in args.shapes.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            thread = parse_bytes(dump(shape, size), "reddit")[0]
            best = float("inf")
            for _ in range(args.repeat):
                start = time.process_time()
                insult_targets(thread, thread.comments)
                best = min(best, time.process_time() - start)
            print(json.dumps({"shape": shape, "comments": size, "cpu_s": round(best, 3)}), flush=True)


if __name__ == "__main__":
    main()
