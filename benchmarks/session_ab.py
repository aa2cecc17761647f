"""Did a session's changes slow what a moderator waits for? Old code against new, whole processes, beside the anchor.

Usage (from the project root; MODERATION_CACHE_DIR set and the built-in model built beforehand):
    .venv/bin/python benchmarks/session_ab.py OLD_TREE --pages PAGES_DIR [--new NEW_TREE] [--rounds 4]
        [--only parse-ndjson,report-20000-json,...] [--log runs.jsonl]

OLD_TREE and NEW_TREE hold a `moderation` package (`git archive COMMIT | tar -x -C DIR`; NEW_TREE defaults
to this checkout, a snapshot keeps edits out of a run in progress). PAGES_DIR holds the pages that
benchmarks/layout_pages.py (wordpress.html) and benchmarks/text_copy_pages.py (wordpress-copy-20000.txt)
write. Every round first runs the anchor (benchmarks/profanity_anchor.py on /work/tools/k8.csv), then each
case with the old and the new code, old first in odd rounds and new first in even ones, as
`python -P -c 'moderation.cli.main()' ARGS > file` from a scratch folder (the code chosen by PYTHONPATH,
one venv). Prints a JSON line per process (CPU s = user + system of the process and its reaped workers,
from wait4; peak RSS) and at the end, per case, the CPU seconds of each round, new / old per round and
whether both sides wrote the same stdout, stderr and exit status. Wall time is not reported: the machine
is shared, and the anchor's CPU shows how loaded a round was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
K8 = Path("/work/tools/k8.csv")  # the Kaggle test comments repeated 8 times (21,176 rows): the score benchmark file
ENTRY = "from moderation.cli import main; main()"


def cases(pages: Path) -> dict[str, list[str]]:
    """Case name -> `moderate` arguments: the commands issue #15 times, plus one saved page and one text copy."""
    return {
        "parse-ndjson-100k": ["parse", "--format", "json", str(DATA / "100000-comments.ndjson")],
        "parse-wxr-100k": ["parse", "--format", "json", str(DATA / "100000-export.xml")],
        "report-4000-text": ["report", str(DATA / "4000-flagged-0.48.ndjson")],
        "report-4000-json": ["report", "--format", "json", str(DATA / "4000-flagged-0.48.ndjson")],
        "report-20000-text": ["report", str(DATA / "20000-flagged-0.48.ndjson")],
        "report-20000-json": ["report", "--format", "json", str(DATA / "20000-flagged-0.48.ndjson")],
        "score-k8": ["score", str(K8)],
        "parse-wordpress-page": ["parse", "--format", "json", str(pages / "wordpress.html")],
        "parse-wordpress-copy": ["parse", "--format", "json", str(pages / "wordpress-copy-20000.txt")],
    }


def run(command: list[str], folder: Path, name: str, env: dict | None = None) -> dict:
    """One whole process, stdout and stderr to files in `folder`; CPU s, peak MiB, exit status."""
    stdout, stderr = folder / f"{name}.out", folder / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=folder, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    return {
        "cpu": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "exit": os.waitstatus_to_exitcode(status),
    }


def same_outputs(folder: Path, first: str, second: str) -> bool:
    return all(
        (folder / f"{first}{suffix}").read_bytes() == (folder / f"{second}{suffix}").read_bytes()
        for suffix in (".out", ".err")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="folder holding the old moderation package")
    parser.add_argument("--new", type=Path, default=ROOT, help="folder holding the new moderation package")
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--log", type=Path, help="append every JSON line here too")
    args = parser.parse_args()
    chosen = cases(args.pages)
    if args.only:
        chosen = {name: chosen[name] for name in args.only.split(",")}
    sides = {"old": args.old.resolve(), "new": args.new.resolve()}
    anchor = [sys.executable, str(ROOT / "benchmarks" / "profanity_anchor.py"), str(K8)]
    cpu: dict[tuple[str, str], list[float]] = {}
    anchors: list[float] = []
    differs: dict[str, bool] = {}
    log = args.log.open("a") if args.log else None
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for round_number in range(1, args.rounds + 1):
            anchor_run = run(anchor, folder, "anchor")
            anchors.append(anchor_run["cpu"])
            lines = [{"round": round_number, "case": "anchor", **anchor_run}]
            print(json.dumps(lines[-1]), flush=True)
            order = ("old", "new") if round_number % 2 else ("new", "old")
            for name, arguments in chosen.items():
                for side in order:
                    env = dict(os.environ, PYTHONPATH=str(sides[side]))
                    measured = run([sys.executable, "-P", "-c", ENTRY, *arguments], folder, f"{name}-{side}", env)
                    cpu.setdefault((name, side), []).append(measured["cpu"])
                    lines.append({"round": round_number, "case": name, "side": side, **measured})
                    print(json.dumps(lines[-1]), flush=True)
                old_exit, new_exit = lines[-2]["exit"], lines[-1]["exit"]
                differs[name] = differs.get(name, False) or not (
                    old_exit == new_exit and same_outputs(folder, f"{name}-old", f"{name}-new")
                )
            if log:
                log.write("".join(json.dumps(line) + "\n" for line in lines))
                log.flush()
    print(f"anchor CPU s: {' / '.join(f'{value:.2f}' for value in anchors)}")
    print("| case | old CPU s | new CPU s | new / old per round | median | same output |")
    print("|---|---|---|---|---|---|")
    for name in chosen:
        old, new = cpu[(name, "old")], cpu[(name, "new")]
        ratios = [n / o for o, n in zip(old, new, strict=True)]
        print(
            f"| {name} | {' / '.join(f'{v:.2f}' for v in old)} | {' / '.join(f'{v:.2f}' for v in new)} | "
            f"{' / '.join(f'{r:.3f}' for r in ratios)} | {statistics.median(ratios):.3f} | "
            f"{'no' if differs[name] else 'yes'} |"
        )


if __name__ == "__main__":
    main()
