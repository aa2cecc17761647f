"""`moderate score` of two checkouts, alternating in one loop with alt-profanity-check as the anchor.

Usage (from the project root; OLD is another checkout's folder, e.g. `git archive main | tar -x -C /tmp/old`):
    .venv/bin/python benchmarks/score_ab.py OLD COMMENTS.csv [--model MODEL] [--rounds 2] [--jobs 1,2]

Each round runs the anchor (benchmarks/profanity_anchor.py), then `moderate score` with the built-in
model (and with MODEL if given) from OLD and from this checkout (once per --jobs value), the code
chosen by PYTHONPATH in this virtualenv, and checks that every output is byte for byte OLD's. Prints
one JSON line per process: wall and CPU seconds (user + system, forked workers included), peak RSS.
Build the default model once before timing (MODERATION_CACHE_DIR): a run that builds it is no measure.
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
RUN = "from moderation.cli import main; import sys; sys.argv[0] = 'moderate'; main()"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other checkout's folder (holding moderation/)")
    parser.add_argument("comments", type=Path, help="a Kaggle-style CSV (Comment column)")
    parser.add_argument("--model", help="a model file from `moderate train`, timed beside the built-in model")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", default="1,2", help="--jobs values for this checkout (OLD runs as it is)")
    args = parser.parse_args()
    models = [("built-in", [])] + ([("trained", ["--model", args.model])] if args.model else [])
    anchor = [sys.executable, str(ROOT / "benchmarks" / "profanity_anchor.py"), str(args.comments)]
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for round_number in range(1, args.rounds + 1):
            _report(round_number, "anchor", timed(anchor, scratch / "anchor.txt"))
            for name, model in models:
                # -P: the package comes from PYTHONPATH, not from the folder the process runs in (the
                # project root, whose package would otherwise shadow OLD's).
                command = [sys.executable, "-P", "-c", RUN, "score", *model, str(args.comments)]
                expected = scratch / f"old-{name}.jsonl"
                _report(round_number, f"old, {name}", timed(command, expected, env=_code(args.old)))
                for jobs in args.jobs.split(","):
                    output = scratch / f"new-{name}-{jobs}.jsonl"
                    run = timed([*command, "--jobs", jobs], output, env=_code(ROOT))
                    _report(round_number, f"new --jobs {jobs}, {name}", run, same=filecmp.cmp(expected, output, False))


def _code(folder: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(folder.resolve())}


def _report(round_number: int, case: str, run: dict, **extra) -> None:
    result = {"round": round_number, "case": case, "wall_s": round(run["wall"], 2), "cpu_s": round(run["cpu"], 2)}
    result.update(peak_rss_mib=run["peak_rss_mib"], load_average=round(os.getloadavg()[0], 1), **extra)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
