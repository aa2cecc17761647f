"""A page copied as plain text with no comment section we recognise: an article, zero comments.

Tried last. The first non-empty line is the title; the rest is the article body. Zero comments is
not an all-clear when the page shows signs of comments (a count header, comment pagination,
comment-shaped blocks): the thread is then marked unread with what was seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from moderation.completeness import count_gap_reason
from moderation.parsing.unread_signs import find_unread_signs
from moderation.standard_streams import is_dash
from moderation.thread import Thread

FORMAT = "text"
DESCRIPTION = "a plain-text page with no comment section (the article only)"


def sniff(source) -> int:
    head = source.head_text.lstrip()
    # Markup and data formats that no other parser took are not articles.
    if not head or head[0] in "<{[":
        return 0
    return 1


def parse(source, options) -> Iterator[Thread]:
    lines = [line.rstrip() for line in source.text().splitlines()]
    non_empty = [line for line in lines if line.strip()]
    thread = Thread(id=page_thread_id(source), title=non_empty[0].strip() if non_empty else None)
    thread.body = "\n".join(lines).strip() or None
    signs = find_unread_signs([line.strip() for line in lines])
    thread.declared_comment_count = signs.declared_count
    if signs.declared_count:
        thread.mark_unread(count_gap_reason(signs.declared_count, 0))  # the count says most; it comes first
    for reason in signs.reasons:
        thread.mark_unread(reason)
    yield thread


def page_thread_id(source) -> str:
    """Pages carry no thread id of their own: the file name stands in."""
    return "stdin" if is_dash(source.name) else Path(source.name).stem
