"""What `moderate report --staff NAME` adds to a run: the threads of a dump read as the report reads them,
alone (`plain`) or watched by StaffCheck with a name that matches nobody (`typo`, the worst case: every
author is noted for the whole run, and the nearest names are looked up at the end).

Run each mode as a whole process and compare CPU time (user+sys) and peak memory, alternating:
    /usr/bin/time -f '%U %S %M' .venv/bin/python benchmarks/staff_check_cost.py plain DUMP
    /usr/bin/time -f '%U %S %M' .venv/bin/python benchmarks/staff_check_cost.py typo DUMP
"""

from __future__ import annotations

import sys

from moderation.dump_input import iter_threads
from moderation.report.staff_names import StaffCheck


def main(mode: str, path: str) -> None:
    failures: list[str] = []
    threads = iter_threads([path], None, None, failures)
    check = None
    if mode == "typo":
        check = StaffCheck(["Nobody Hereatall"])
        threads = check.watch(threads)
    comments = sum(len(thread.comments) for thread in threads)
    lines = check.warnings() if check else []
    print(mode, comments, len(lines), lines[:1], file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
