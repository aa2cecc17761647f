"""Whether a thread holds every comment its source says exists: no output may pass a partial
thread off as an all-clear.

Formats record their own, more specific reasons with `Thread.mark_unread` (a "more" stub, a second
comment page); the rule here is the one every format shares: the dump declares more comments than
it holds.
"""

from __future__ import annotations

from moderation.plurals import counted
from moderation.thread import Thread


def count_gap_reason(declared: int, found: int) -> str:
    """ "the page says 91 comments; 74 are in this dump": the wording every output shows for a count gap."""
    verb = "is" if found == 1 else "are"
    return f"the page says {counted(declared, 'comment')}; {found} {verb} in this dump"


def mark_declared_gap(thread: Thread) -> None:
    """Mark the thread unread when its declared comment count exceeds the comments read.

    A format that already said why comments are missing (its reason is more specific: where they
    sit, how many each stub holds) is not told the same thing again in general words; the counts
    still show beside the thread. More comments than declared is not a gap (counts lag, or leave
    out pingbacks).
    """
    declared = thread.declared_comment_count
    found = len(thread.comments)
    if declared is None or declared <= found or thread.unread:
        return
    thread.mark_unread(count_gap_reason(declared, found))
