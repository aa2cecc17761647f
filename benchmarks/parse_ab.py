"""Old code against new: `moderate parse` as whole processes, alternating, CPU seconds, outputs compared.

Usage (from the project root):
    .venv/bin/python benchmarks/parse_ab.py OLD_TREE [--rounds 2] [--formats json,tree] DUMP...

OLD_TREE is a folder holding the old `moderation` package (e.g. `git archive main moderation | tar -x
-C /tmp/old`); the new code is this checkout, or the folder given by --new (a snapshot taken the
same way, so that editing the checkout does not change a run in progress). Each round runs, for
every dump and format, the old then the new code as `taskset -c 0 python -P -c 'moderation.cli.main()'
parse --format F DUMP > file` (the code chosen by PYTHONPATH, one venv), and prints CPU seconds
(user + system, from wait4) and peak memory of each process, comments per CPU-second, and whether
the two outputs are the same bytes. On a shared machine CPU time is the measure: wall time depends
on the other processes.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import sys
import tempfile
from pathlib import Path

from command_benchmark import timed

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "from moderation.cli import main; main()"


def run(code_root: Path, arguments: list[str], output: Path) -> dict:
    """One whole `moderate` process on one core with the package from `code_root`; CPU s and peak MiB."""
    environment = dict(os.environ, PYTHONPATH=str(code_root))
    command = ["taskset", "-c", "0", sys.executable, "-P", "-c", ENTRY, *arguments]  # -P: not the cwd's package
    measured = timed(command, output, env=environment, worked=(0,))
    return {"cpu": round(measured["cpu"], 2), "peak_mib": measured["peak_rss_mib"]}


def comment_count(dump: Path) -> int:
    """Comments in an NDJSON dump (its lines) or a WXR export (its comment elements)."""
    with dump.open("rb") as stream:
        if dump.suffix == ".xml":
            return sum(line.count(b"<wp:comment>") for line in stream)
        return sum(1 for line in stream if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="folder holding the old moderation package")
    parser.add_argument("dumps", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--formats", default="json,tree")
    parser.add_argument("--new", type=Path, default=ROOT, help="folder holding the new moderation package")
    args = parser.parse_args()
    counts = {dump: comment_count(dump) for dump in args.dumps}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for round_number in range(1, args.rounds + 1):
            for dump in args.dumps:
                for output_format in args.formats.split(","):
                    arguments = ["parse", "--format", output_format, str(dump)]
                    old_output, new_output = folder / "old", folder / "new"
                    old = run(args.old.resolve(), arguments, old_output)
                    new = run(args.new.resolve(), arguments, new_output)
                    same = filecmp.cmp(old_output, new_output, shallow=False)
                    row = {
                        "round": round_number,
                        "dump": dump.name,
                        "format": output_format,
                        "comments": counts[dump],
                        "old": old,
                        "new": new,
                        "old_per_cpu_s": round(counts[dump] / old["cpu"]),
                        "new_per_cpu_s": round(counts[dump] / new["cpu"]),
                        "speed_up": round(old["cpu"] / new["cpu"], 2),
                        "same_bytes": same,
                        "load": round(os.getloadavg()[0], 1),
                    }
                    print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
