"""How each command's time grows on the worst-case shapes of issue #18, from 10k to 40k comments.

Usage: python benchmarks/worst_case_benchmark.py [--small 10000] [--large 40000] [--commands parse,report,report-html]

For each shape, a Reddit NDJSON dump of SMALL and of LARGE comments is written, and each command runs
on both as a whole process (`moderate parse --format json`, `moderate report --format json`, output to
a temporary file). Linear work gives a time ratio near LARGE / SMALL (4); quadratic work near its square
(16). An ordinary thread of the same sizes runs beside them in the same run, as the yardstick. Prints one
JSON line per shape and command; results go to docs/benchmarks.md ("## Worst cases") by hand.

Shapes:
- ordinary: replies spread over a bushy tree, a few names mentioned;
- shared_ids: every other comment carries one id, and the replies name it as their parent;
- unresolved_mentions: every comment "@names" someone who never posted;
- insults_at_authors: every comment insults an earlier author by "@name";
- deep_chain: each comment replies to the one before (one chain SIZE deep).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODERATE = str(Path(sys.executable).parent / "moderate")


def _record(number: int, parent: str, author: str, body: str, comment_id: str | None = None) -> str:
    return json.dumps(
        {
            "id": comment_id or f"c{number}",
            "parent_id": parent,
            "link_id": "t3_worst",
            "author": author,
            "body": body,
            "created_utc": 1_700_000_000 + number,
        }
    )


def dump_lines(shape: str, size: int) -> list[str]:
    lines = []
    for n in range(size):
        author = f"reader{n % 500}"
        if shape == "ordinary":
            parent = "t3_worst" if n % 10 == 0 else f"t1_c{n - 1 - (n % 7)}" if n > 7 else "t3_worst"
            lines.append(_record(n, parent, author, f"I read the minutes of meeting {n}; @reader{n % 13} agrees."))
        elif shape == "shared_ids":
            shared = n % 2 == 0
            lines.append(
                _record(n, "t3_worst" if shared else "t1_same", author, f"comment {n}", "same" if shared else None)
            )
        elif shape == "unresolved_mentions":
            lines.append(_record(n, "t3_worst", author, f"@nobody{n} and @ghost{n} are not here, comment {n}"))
        elif shape == "insults_at_authors":
            target = f"reader{(n - 1) % 500}"
            lines.append(_record(n, "t3_worst", author, f"@{target} you are a clueless idiot and a liar, {n}"))
        elif shape == "deep_chain":
            parent = "t3_worst" if n == 0 else f"t1_c{n - 1}"
            lines.append(_record(n, parent, author, f"no, you are wrong about point {n}"))
        else:
            raise ValueError(shape)
    return lines


SHAPES = ("ordinary", "shared_ids", "unresolved_mentions", "insults_at_authors", "deep_chain")
COMMANDS = {
    "parse": ["parse", "--format", "json"],
    "report": ["report", "--format", "json", "--jobs", "1"],
    "report-html": ["report", "--format", "html", "--jobs", "1"],
}


def timed(command: list[str], dump: Path, out: Path) -> float:
    started = time.perf_counter()
    with out.open("wb") as sink:
        result = subprocess.run([MODERATE, *command, str(dump)], stdout=sink, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1, 3):
        sys.exit(f"{command[0]} failed on {dump.name} ({result.returncode}): {result.stderr.decode()[-300:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=40_000)
    parser.add_argument("--commands", default="parse,report")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for shape in args.shapes.split(","):
            for name in args.commands.split(","):
                seconds = {}
                for size in (args.small, args.large):
                    dump = folder / f"{shape}-{size}.ndjson"
                    if not dump.exists():
                        dump.write_text("\n".join(dump_lines(shape, size)) + "\n", encoding="utf-8")
                    seconds[size] = timed(COMMANDS[name], dump, folder / "out")
                ratio = seconds[args.large] / seconds[args.small]
                print(
                    json.dumps(
                        {
                            "shape": shape,
                            "command": name,
                            f"seconds_{args.small}": round(seconds[args.small], 2),
                            f"seconds_{args.large}": round(seconds[args.large], 2),
                            "ratio": round(ratio, 2),
                            "linear_ratio": args.large / args.small,
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
