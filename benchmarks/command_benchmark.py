"""What a moderator waits for, timed as whole processes beside alt-profanity-check in the same round.

Usage (from the project root):
    .venv/bin/python benchmarks/command_benchmark.py [--rounds 3] [--only score,parse,report]
        [--parse-comments 1000000] [--report-comments 200000]

Each round runs the anchor (benchmarks/profanity_anchor.py: load alt-profanity-check, read the CSV,
predict_prob, write a line per comment) on the Kaggle test comments repeated to 20,000+, then:

- score:  `moderate score FILE` with its default reasons, built-in model, and with a model trained by
  `moderate train` on Kaggle's train.csv (trained once, cached in benchmarks/data/, git-ignored);
- parse:  `moderate parse --format json|tree` on the 1M-comment Reddit NDJSON dump of
  parse_benchmark.py, pinned to one core (taskset -c 0), output written to a file;
- report: `moderate report --jobs 2` on flagged_dump.py's dump (about 40% of comments flagged).

Every command's output goes to a file in a temporary folder; the repeated Kaggle CSV is written
there too and deleted afterwards (the shared data is never copied into the project). Prints one
JSON line per process, then the best round of each case with the anchor's number from that round.
The machine is shared: compare ratios, not absolute numbers, and run several rounds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flagged_dump import flagged_dump
from parse_benchmark import DATA, generate_ndjson

ROOT = Path(__file__).resolve().parent.parent
KAGGLE = ROOT.parent / "shared" / "data" / "kaggle-insults"
MODERATE = str(Path(sys.executable).parent / "moderate")
TRAINED_MODEL = DATA / "kaggle-train-model.joblib"
SCORE_COMMENTS = 20_000  # issue #15: the Kaggle test comments repeated to at least this many


# Exit statuses of a run that worked: 1 and 3 say a score or report found flags or incomplete threads.
WORKED = (0, 1, 3)


def timed(
    command: list[str], output: Path, cwd: Path = ROOT, env: dict | None = None, worked: tuple[int, ...] = WORKED
) -> dict:
    """Run one process with stdout to `output`; its wall time, CPU time (its children included) and peak RSS."""
    with output.open("wb") as stream:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.PIPE, cwd=cwd, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in worked:
        sys.exit(f"{' '.join(command)} failed ({code}): {stderr.strip()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mib": round(usage.ru_maxrss / 1024)}


def repeated_kaggle_test(folder: Path) -> tuple[Path, int]:
    with (KAGGLE / "test_with_solutions.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header, rows = next(reader), list(reader)
    copies = -(-SCORE_COMMENTS // len(rows))
    path = folder / f"kaggle-test-x{copies}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for _ in range(copies):
            writer.writerows(rows)
    return path, copies * len(rows)


def trained_model() -> Path:
    if not TRAINED_MODEL.exists():
        print(f"training {TRAINED_MODEL} on Kaggle train.csv (once) ...", file=sys.stderr)
        DATA.mkdir(exist_ok=True)
        subprocess.run(
            [MODERATE, "train", str(KAGGLE / "train.csv"), "-o", str(TRAINED_MODEL), "--cv", "0"], check=True
        )
    return TRAINED_MODEL


def parse_dump(comments: int) -> Path:
    path = DATA / f"{comments}-comments.ndjson"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        DATA.mkdir(exist_ok=True)
        generate_ndjson(path, comments, 1_000, random.Random(1))
    return path


def cases(only: set[str], args, scratch: Path, kaggle_file: Path, kaggle_count: int) -> list[tuple[str, list, int]]:
    """(name, command, comments) for every case asked for."""
    chosen = []
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    if "score" in only:
        chosen.append(("score, built-in model, reasons", [MODERATE, "score", str(kaggle_file)], kaggle_count))
        model = str(trained_model())
        chosen.append(
            (
                "score, Kaggle-trained model, reasons",
                [MODERATE, "score", "--model", model, str(kaggle_file)],
                kaggle_count,
            )
        )
    if "parse" in only:
        dump = parse_dump(args.parse_comments)
        for output_format in ("json", "tree"):
            command = [*one_core, MODERATE, "parse", "--format", output_format, str(dump)]
            chosen.append((f"parse --format {output_format}, one core", command, args.parse_comments))
    if "report" in only:
        dump = flagged_dump(args.report_comments, max(args.report_comments // 1_000, 1))
        command = [MODERATE, "report", str(dump), "--jobs", "2", "--format", "text", "-o", str(scratch / "report.txt")]
        chosen.append(("report --jobs 2, 40% flagged", command, args.report_comments))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="score,parse,report")
    parser.add_argument("--parse-comments", type=int, default=1_000_000)
    parser.add_argument("--report-comments", type=int, default=200_000)
    args = parser.parse_args()
    only = set(args.only.split(","))
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        kaggle_file, kaggle_count = repeated_kaggle_test(scratch)
        chosen = cases(only, args, scratch, kaggle_file, kaggle_count)
        anchor = [sys.executable, str(ROOT / "benchmarks" / "profanity_anchor.py"), str(kaggle_file)]
        for round_number in range(1, args.rounds + 1):
            anchor_run = timed(anchor, scratch / "anchor.txt")
            anchor_rate = kaggle_count / anchor_run["wall"]
            anchor_cpu_rate = kaggle_count / anchor_run["cpu"]
            for name, command, comments in chosen:
                run = timed(command, scratch / "out")
                result = {
                    "round": round_number,
                    "case": name,
                    "comments": comments,
                    "wall_s": round(run["wall"], 2),
                    "cpu_s": round(run["cpu"], 2),
                    "comments_per_s": round(comments / run["wall"]),
                    "comments_per_cpu_s": round(comments / run["cpu"]),
                    "peak_rss_mib": run["peak_rss_mib"],
                    "anchor_comments_per_s": round(anchor_rate),
                    "anchor_comments_per_cpu_s": round(anchor_cpu_rate),
                    "ratio_to_anchor": round(comments / run["wall"] / anchor_rate, 3),
                    "cpu_ratio_to_anchor": round(comments / run["cpu"] / anchor_cpu_rate, 3),
                    "load_average": round(os.getloadavg()[0], 1),
                }
                print(json.dumps(result), flush=True)
                if name not in best or result["comments_per_s"] > best[name]["comments_per_s"]:
                    best[name] = result
    print("best of", args.rounds, "rounds:")
    for result in best.values():
        print(json.dumps(result))


if __name__ == "__main__":
    main()
