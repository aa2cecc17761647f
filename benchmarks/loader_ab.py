"""The one read-and-join path against the code before it: `score` and `report` as whole processes,
old and new alternating in one loop, CPU seconds, outputs compared byte for byte.

Usage (from the project root; OLD and NEW are folders holding a `moderation` package, e.g.
`git archive BASE moderation | tar -x -C /tmp/old`, and the same of HEAD for NEW, so editing the
checkout does not change a run in progress):
    .venv/bin/python benchmarks/loader_ab.py OLD NEW --score COMMENTS.csv --report DUMP [--rounds 5]

Each round runs every case twice, old then new in odd rounds and new then old in even ones, with the
code chosen by PYTHONPATH in this virtualenv (`python -P`: not the working folder's package). Prints
one JSON line per process (CPU = user + system of the process and its children, from wait4; peak
RSS), then per case the median CPU of each side and their ratio. Build the default model once
before timing (MODERATION_CACHE_DIR): a run that builds it is no measure.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from command_benchmark import timed

ENTRY = "from moderation.cli import main; import sys; sys.argv[0] = 'moderate'; main()"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--score", type=Path, required=True, help="a CSV `moderate score` reads")
    parser.add_argument("--report", type=Path, required=True, help="a dump `moderate report` reads")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = {"score": ["score", str(args.score)], "report": ["report", str(args.report)]}
    cpu: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for round_number in range(1, args.rounds + 1):
            sides = [("old", args.old), ("new", args.new)]
            for case, arguments in cases.items():
                for side, tree in sides if round_number % 2 else sides[::-1]:
                    output = scratch / f"{case}-{side}.out"
                    command = [sys.executable, "-P", "-c", ENTRY, *arguments]
                    run = timed(command, output, env={**os.environ, "PYTHONPATH": str(tree.resolve())})
                    cpu.setdefault((case, side), []).append(run["cpu"])
                    line = {"round": round_number, "case": case, "side": side, "cpu_s": round(run["cpu"], 2)}
                    line.update(wall_s=round(run["wall"], 2), peak_rss_mib=run["peak_rss_mib"])
                    print(json.dumps(line), flush=True)
                same = filecmp.cmp(scratch / f"{case}-old.out", scratch / f"{case}-new.out", shallow=False)
                if not same:
                    sys.exit(f"round {round_number}: {case} output differs between old and new")
    for case in cases:
        old, new = (statistics.median(cpu[(case, side)]) for side in ("old", "new"))
        summary = {"case": case, "old_median_cpu_s": round(old, 2), "new_median_cpu_s": round(new, 2)}
        print(json.dumps({**summary, "new_over_old": round(new / old, 3), "rounds": args.rounds}), flush=True)


if __name__ == "__main__":
    main()
