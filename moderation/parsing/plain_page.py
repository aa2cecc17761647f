"""A page copied as plain text with no comment section we recognise: an article, zero comments.

Tried last. The first non-empty line is the title; the rest is the article body. Zero comments is
not an all-clear when the page shows signs of comments (a count header, comment pagination,
comment-shaped blocks): the thread is then marked unread with what was seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from moderation.completeness import count_gap_reason
from moderation.parsing.unread_signs import find_unread_signs
from moderation.standard_streams import is_dash
from moderation.thread import Thread

FORMAT = "text"
DESCRIPTION = "a plain-text page with no comment section (the article only)"


# A YAML mapping's line ("_id: 5f1c", "name: Ann"), or a line inside one (indented, a list item, a comment).
_YAML_KEY_LINE = re.compile(r"[A-Za-z_][\w.-]*:(?:\s|$)")
_YAML_INNER_LINE = re.compile(r"(?:\s|- |#)")
YAML_KEYS_AT_LEAST = 3  # a page's first lines may hold one or two "Label: value" lines, never only those


def sniff(source) -> int:
    head = source.head_text.lstrip()
    # Markup and data formats that no other parser took are not articles.
    if not head or head[0] in "<{[" or _is_yaml_data(head):
        return 0
    return 1


def _is_yaml_data(head: str) -> bool:
    """A YAML data file (a Staticman comment, a static site's data): key lines and what nests under them only.

    Read as a page it was an article of zero comments, exit 0, though it may hold a comment."""
    lines = [line for line in head.splitlines()[:40] if line.strip() and line.strip() != "---"]
    if not lines or not _YAML_KEY_LINE.match(lines[0]):
        return False
    keys = sum(1 for line in lines if _YAML_KEY_LINE.match(line))
    return keys >= YAML_KEYS_AT_LEAST and all(
        _YAML_KEY_LINE.match(line) or _YAML_INNER_LINE.match(line) for line in lines
    )


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
