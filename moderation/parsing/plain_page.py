"""A page copied as plain text with no comment section we recognise: an article, zero comments.

Tried last. The first non-empty line is the title; the rest is the article body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    yield thread


def page_thread_id(source) -> str:
    """Pages carry no thread id of their own: the file name stands in."""
    return Path(source.name).stem if source.name != "-" else "stdin"
