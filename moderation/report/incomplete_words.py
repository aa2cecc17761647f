"""The words every report format uses for a thread read only in part, so they say the same thing."""

from __future__ import annotations

INCOMPLETE_HEADLINE = "INCOMPLETE: comments exist that this dump does not hold; nothing here clears them"


def incomplete_headline(summary: dict) -> str:
    """ "INCOMPLETE: 2 of 7 threads were not read whole; ..." for the top of a report or its summary."""
    count, total = summary["incomplete_threads"], summary["threads"]
    verb = "was" if count == 1 else "were"
    noun = "thread" if total == 1 else "threads"
    return f"INCOMPLETE: {count} of {total} {noun} {verb} not read whole; their unread comments are not in this report"
