"""Every golden case file cut short at evenly spaced points and read through the file path (format
forced, then detected): what each reader does with a dump that stops part-way.

A cut dump that loses comments must be refused or leave its thread marked incomplete; "warned" is
fewer comments with only a warning that lines were skipped; a "silent loss" (fewer comments, no mark,
no warning, exit 0) reads as an all-clear. Cuts a reader cannot see (a JSON-lines file
or a text copy cut between two comments) are counted, not hidden.

    .venv/bin/python benchmarks/cut_dumps.py [CUTS_PER_FILE]
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from moderation.errors import ParseError
from moderation.parsing import parse_path

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"
OUTCOMES = ("refused", "marked", "whole", "warned", "silent loss", "crash")


def outcome(path: Path, format_name: str | None, full: int) -> str:
    try:
        threads = parse_path(path, format_name)
    except ParseError:
        return "refused"
    except Exception:  # noqa: BLE001 - a crash is what this counts
        return "crash"
    count = sum(len(thread.comments) for thread in threads)
    if any(thread.incomplete for thread in threads):
        return "marked"
    if count >= full:
        return "whole"
    # Fewer comments and no mark, but a warning names lines or items skipped: said, though not as unread.
    return "warned" if any("skipped" in warning for thread in threads for warning in thread.warnings) else "silent loss"


def main(cuts: int) -> None:
    warnings.simplefilter("ignore")
    table: dict[str, Counter] = defaultdict(Counter)
    with tempfile.TemporaryDirectory() as folder:
        for case in sorted(path for path in CASES.glob("*/*") if not path.name.endswith(".expected.json")):
            format_name = case.parent.name
            data = case.read_bytes()
            full = sum(len(thread.comments) for thread in parse_path(case, format_name))
            if not full:
                continue
            cut_file = Path(folder) / case.name
            for step in range(1, cuts + 1):
                cut_file.write_bytes(data[: len(data) * step // (cuts + 1)])
                for forced in (format_name, None):
                    table[format_name][outcome(cut_file, forced, full)] += 1
    print("| format | " + " | ".join(OUTCOMES) + " |")
    print("|---|" + "---:|" * len(OUTCOMES))
    for format_name, counts in sorted(table.items()):
        print(f"| {format_name} | " + " | ".join(str(counts[name]) for name in OUTCOMES) + " |")
    total = sum(table.values(), Counter())
    print("| all | " + " | ".join(str(total[name]) for name in OUTCOMES) + " |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
