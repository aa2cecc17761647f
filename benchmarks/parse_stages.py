"""Where `moderate parse --format json` spends its CPU time on a Reddit NDJSON dump, stage by stage.

Usage: python benchmarks/parse_stages.py DUMP [--rounds 2]

Runs the parse and the JSON writer in this process as the command does (the garbage collector
paused, each thread written as soon as it is assembled) and prints CPU seconds (process time, steady
under load where wall time is not) for: building each thread's comments from its held lines,
assembling the trees, the per-thread finishing (mentions, declared counts), the writer's records,
orjson, and the rest (reading the lines, freeing, writing). Compare two versions of the code by
running it with PYTHONPATH pointing at each (python -P), alternating, on the same file.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

import orjson

import moderation.parsing as parsing
import moderation.parsing.reddit as reddit
import moderation.serialize as serialize
from moderation.parsing import Source, iter_source_threads


def timed(owner, name: str, totals: dict, stage: str) -> None:
    """Replace owner.name by a wrapper adding the CPU time of each call to totals[stage]."""
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[stage] += time.process_time() - start

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    stages = ("build", "assemble", "finish", "records", "orjson")
    totals = dict.fromkeys(stages, 0.0)
    timed(reddit._Dump, "_build_held", totals, "build")
    timed(reddit, "assemble_thread", totals, "assemble")
    timed(parsing, "_finish", totals, "finish")
    timed(serialize, "thread_to_dict", totals, "records")
    timed(orjson, "dumps", totals, "orjson")
    gc.disable()
    for _ in range(args.rounds):
        totals.update(dict.fromkeys(stages, 0.0))
        start = time.process_time()
        written = 0
        with open(os.devnull, "wb") as sink:
            for chunk in serialize.threads_json_chunks(iter_source_threads(Source.from_path(args.dump), "reddit")):
                written += sink.write(chunk)
        total = time.process_time() - start
        rest = total - sum(totals.values())
        shown = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in totals.items())
        print(f"{written / 1e6:.0f} MB JSON; CPU s: {shown}, rest (read, free, write) {rest:.2f}, total {total:.2f}")
        gc.collect()


if __name__ == "__main__":
    main()
