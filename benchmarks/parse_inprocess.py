"""CPU seconds of `moderate parse --format json`'s work in one process, without the stage wrappers of
parse_stages.py (each wrapper is a call per thread that moves where the time is counted).

Usage: PYTHONPATH=CODE python -P benchmarks/parse_inprocess.py DUMP

Reads DUMP (format detected), writes the JSON document to /dev/null with the collector paused, as the
command does, and prints the import and run CPU seconds. Alternate two code trees (PYTHONPATH) on
the same file; on a loaded machine compare runs of the same loop only.
"""

from __future__ import annotations

import gc
import os
import sys
import time

started = time.process_time()
from moderation.parsing import Source, iter_source_threads  # noqa: E402
from moderation.serialize import threads_json_chunks  # noqa: E402


def main() -> None:
    imported = time.process_time()
    gc.disable()
    with open(os.devnull, "wb") as sink:
        for chunk in threads_json_chunks(iter_source_threads(Source.from_path(sys.argv[1]), None)):
            sink.write(chunk)
    code = os.environ.get("PYTHONPATH", "this checkout")
    print(f"{code}: import {imported - started:.2f} CPU s, run {time.process_time() - imported:.2f} CPU s")


if __name__ == "__main__":
    main()
