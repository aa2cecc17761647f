"""Where `moderate parse --format json` spends its CPU time on a Reddit NDJSON dump, stage by stage.

Usage: python benchmarks/parse_stages.py DUMP [--rounds 2]

Runs the parse and the JSON writer in this process, with the garbage collector paused as the command
runs it, and prints CPU seconds (process time, steady under load where wall time is not) for reading
plus the parser's records, assembling the trees, the per-thread finishing (mentions, declared
counts), and the writer's records plus orjson. Compare two versions of the code by running it with
PYTHONPATH pointing at each, alternating, on the same file.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

import moderation.parsing as parsing
import moderation.parsing.reddit as reddit
from moderation.parsing import Source, iter_source_threads
from moderation.serialize import threads_json_chunks


def timed(function, totals: dict, stage: str):
    """`function`, adding the CPU time of each call to totals[stage]."""

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[stage] += time.process_time() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    totals = {"assemble": 0.0, "finish": 0.0}
    reddit.assemble_thread = timed(reddit.assemble_thread, totals, "assemble")
    parsing._finish = timed(parsing._finish, totals, "finish")
    gc.disable()
    for _ in range(args.rounds):
        totals.update(assemble=0.0, finish=0.0)
        start = time.process_time()
        threads = list(iter_source_threads(Source.from_path(args.dump), "reddit"))
        parsed = time.process_time()
        written = sum(len(chunk) for chunk in threads_json_chunks(threads))
        done = time.process_time()
        comments = sum(len(thread.comments) for thread in threads)
        read = parsed - start - totals["assemble"] - totals["finish"]
        print(
            f"{comments} comments, {written / 1e6:.0f} MB JSON; CPU s: read+records {read:.2f}, "
            f"assemble {totals['assemble']:.2f}, finish {totals['finish']:.2f}, write {done - parsed:.2f}, "
            f"total {done - start:.2f} ({comments / (done - start):,.0f} comments/CPU-s, start-up excluded)"
        )
        del threads
        gc.collect()


if __name__ == "__main__":
    main()
