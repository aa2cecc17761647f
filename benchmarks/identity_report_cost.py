"""CPU time of the identity work inside `moderate report`: the name-change reading and the linker.

Usage: python benchmarks/identity_report_cost.py DUMP [--profile] [--limit N]

Parses DUMP, scores every comment with the built-in model (not timed), then times with
`time.process_time` the two identity steps the report runs per thread: `detected_scores` (the
name-change rules on every comment) and the linker (`find_aliases`, through the report's own
`_identity`). Run it with another checkout first on PYTHONPATH to compare code: the same process
reads the same threads and scores, so the two numbers are the code's difference.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from moderation.classify.default_model import load_default_model
from moderation.parsing import file_source, iter_source_threads
from moderation.report import thread_report
from moderation.report.thread_report import ReportSettings, detected_scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--profile", action="store_true", help="pyinstrument over the timed steps")
    parser.add_argument("--limit", type=int, default=0, help="only the first N threads")
    args = parser.parse_args()
    threads = list(iter_source_threads(file_source(args.dump)))
    if args.limit:
        threads = threads[: args.limit]
    model = load_default_model()
    settings = ReportSettings(thresholds=dict(model.thresholds))
    scored = [model.predict_proba([c.text for c in thread.comments]) for thread in threads]
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    reading = linking = 0.0
    for thread, scores in zip(threads, scored, strict=True):
        start = time.process_time()
        scores, readings = detected_scores(thread, {label: scores[label] for label in settings.labels})
        middle = time.process_time()
        flagged = [
            {
                "path": c.path,
                "id": c.id,
                "author": c.author,
                "labels": ["username_change"],
                "scores": {"username_change": float(scores["username_change"][c.index])},
                "text": c.text,
            }
            for c in thread.comments
            if scores["username_change"][c.index] >= settings.thresholds["username_change"]
        ]
        thread_report._identity(thread, readings, flagged, settings)
        linking += time.process_time() - middle
        reading += middle - start
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    comments = sum(len(t.comments) for t in threads)
    print(
        f"{comments} comments in {len(threads)} threads: name-change reading {reading:.2f} CPU s "
        f"({1000 * reading / comments:.3f} ms/comment), linker {linking:.2f} CPU s "
        f"({1000 * linking / comments:.3f} ms/comment)"
    )


if __name__ == "__main__":
    main()
