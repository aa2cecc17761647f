"""Speed and peak memory of `moderate report` on the large generated dump, with the default model.

Usage: python benchmarks/report_benchmark.py [--dump benchmarks/data/1000000-comments.ndjson]
       [--format json] [--jobs 2]

Runs the real command in a fresh process (the default model already cached: build it first with
any `moderate report`), writes the report to a temporary file, and prints comments/s, wall and CPU
time and peak resident memory of the command and its worker processes. Generate the dump with
benchmarks/parse_benchmark.py. Results go to docs/benchmarks.md ("## Report") by hand.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DUMP = ROOT / "benchmarks" / "data" / "1000000-comments.ndjson"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", type=Path, default=DEFAULT_DUMP)
    parser.add_argument("--format", default="json", choices=["text", "markdown", "json", "csv", "html"])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not args.dump.exists():
        sys.exit(f"{args.dump} is missing: run benchmarks/parse_benchmark.py first")
    comments = sum(1 for _ in args.dump.open("rb"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"report.{args.format}"
        command = [str(Path(sys.executable).parent / "moderate"), "report", str(args.dump), "--format", args.format]
        command += ["--jobs", str(args.jobs), "-o", str(out)]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        size = out.stat().st_size if out.exists() else 0
        threads = None
        if args.format == "json" and out.exists():
            with out.open(encoding="utf-8") as stream:
                threads = json.load(stream)["summary"]["threads"]
    if result.returncode not in (0, 1):
        sys.exit(f"report failed ({result.returncode}): {result.stderr.strip()}")
    print(
        json.dumps(
            {
                "dump": args.dump.name,
                "comments": comments,
                "threads": threads,
                "format": args.format,
                "jobs": args.jobs,
                "wall_seconds": round(wall, 1),
                "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                "comments_per_second": round(comments / wall),
                # ru_maxrss of children is the largest single process (the parser holds the dump)
                "peak_rss_mib_largest_process": round(usage.ru_maxrss / 1024),
                "report_bytes": size,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
