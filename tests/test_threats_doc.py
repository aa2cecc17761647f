"""docs/threats.md names, for each threat, tests that exist: the list cannot drift from the suite."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `test_file.py::test_name`, or `::test_name` meaning the file named last before it in the same row.
REFERENCE = re.compile(r"`(test_\w+\.py)?(?:::(test_\w+))?`")


def test_every_test_named_in_threats_md_exists():
    named = 0
    for row in (ROOT / "docs" / "threats.md").read_text(encoding="utf-8").splitlines():
        current = None
        for file_name, test_name in REFERENCE.findall(row):
            current = file_name or current
            assert current, f"a test named without its file: {row}"
            source = (ROOT / "tests" / current).read_text(encoding="utf-8")
            if test_name:
                assert re.search(rf"^def {test_name}\(", source, re.MULTILINE), f"{current}::{test_name}"
                named += 1
    assert named >= 30
