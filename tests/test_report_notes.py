"""A thread's warnings that are not unread comments are shown as notes from reading, not all as "repairs":
a reader's warning may say the comments came from a saved frame or that no comment section was found."""

from __future__ import annotations

import pytest
from test_report_counts import WRITERS, lone_insult  # noqa: F401 (a fixture)
from test_report_golden import rendered

NOTE = "the comments were read from the article's saved comment frame"


@pytest.fixture
def noted_thread(request):
    """The one-comment thread of test_report_counts with a reader's note that is no repair."""
    threads = request.getfixturevalue("lone_insult")
    threads[0].warnings.append(NOTE)
    return threads


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_readers_warning_is_a_note_not_a_repair(name, noted_thread):
    output = rendered(WRITERS[name], noted_thread)
    assert "note" in output.lower()
    assert "saved comment frame" in output
    assert "repaired" not in output.lower()
    assert "repairs made" not in output.lower()
