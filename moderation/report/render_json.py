"""The `moderation.report/1` document, written thread by thread so a long run never holds it whole.

Shape: {"schema", "generator", "model", "threads": [thread report...], "summary"}; fields may be
added, never renamed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO


def write_json_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    stream.write("{\n")
    for key, value in head.items():
        stream.write(f"  {json.dumps(key)}: {_indented(value)},\n")
    stream.write('  "threads": [')
    for number, report in enumerate(reports):
        stream.write(",\n    " if number else "\n    ")
        stream.write(_indented(report, 4))
    stream.write("\n  ],\n")
    stream.write(f'  "summary": {_indented(summary_of())}\n')
    stream.write("}\n")


def _indented(value, level: int = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * level)
