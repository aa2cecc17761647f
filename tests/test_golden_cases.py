"""Golden cases: every dump in tests/cases/ parses to exactly the tree in its .expected.json.

A case is a pair `NAME.EXT` + `NAME.expected.json` (the moderation.threads/1 document, with
source.path relative to tests/cases). Adding a regression case is adding two files.
Set UPDATE_GOLDEN=1 to write missing expected files; read them before committing.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import CASES
from threads_document import threads_document

from moderation.parsing import parse_path

CASE_FILES = sorted(
    path
    for path in CASES.rglob("*")
    if path.is_file() and not path.name.endswith(".expected.json") and not path.name.startswith(".")
)


def expected_path(case):
    return case.with_name(case.name.split(".")[0] + ".expected.json")


def rendered(case) -> dict:
    document = threads_document(parse_path(case))
    for thread in document["threads"]:
        thread["source"]["path"] = case.relative_to(CASES).as_posix()
    return document


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.relative_to(CASES).as_posix())
def test_golden_case(case):
    expected_file = expected_path(case)
    actual = rendered(case)
    if not expected_file.exists():
        if os.environ.get("UPDATE_GOLDEN"):
            expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            pytest.skip(f"wrote {expected_file.name}; review it")
        pytest.fail(f"{case.name} has no {expected_file.name}")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


def test_there_are_golden_cases():
    assert CASE_FILES, "tests/cases/ holds no cases"
