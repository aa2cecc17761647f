"""A thread's warnings that are not unread comments are shown as notes from reading, not all as "repairs":
a reader's warning may say the comments came from a saved frame or that no comment section was found."""

from __future__ import annotations

import json

import pytest
from test_report_counts import WRITERS
from test_report_golden import rendered

from moderation.parsing import parse_path

NOTE = "the comments were read from the article's saved comment frame"


@pytest.fixture
def noted_thread(tmp_path):
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "quay",
                "title": "Quay lights",
                "comments": [{"id": "q1", "parent_id": None, "author": "Ines Pell", "text": "Lovely evening."}],
            }
        ],
    }
    path = tmp_path / "quay.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    threads = list(parse_path(path))
    threads[0].warnings.append(NOTE)
    return threads


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_readers_warning_is_a_note_not_a_repair(name, noted_thread):
    output = rendered(WRITERS[name], noted_thread)
    assert "note" in output.lower()
    assert "saved comment frame" in output
    assert "repaired" not in output.lower()
    assert "repairs made" not in output.lower()
