"""A reply tree as indented text a person can read in a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO

from moderation.completeness import count_gap_reason
from moderation.safe_text import printable
from moderation.thread import Comment, Thread, preorder_with_paths

_MAX_INDENT_LEVELS = 12  # deeper replies keep this indent; their path still shows the depth
LINE_WIDTH = 100  # a wide terminal's columns
EXCERPT_CHARACTERS = 300  # of each comment's text; a tree is for finding the place, not for reading all


def _thread_lines(thread: Thread, width: int, excerpt: int) -> list[str]:
    """Lines for one thread: a header, its repairs, then every comment in pre-order. Every line is
    `printable`: no escape sequence from a title, name or comment reaches the terminal."""
    lines = [printable(line) for line in _header(thread)]
    for comment, path in preorder_with_paths(thread):
        _add_comment_lines(lines, comment, path, width, excerpt)
    lines.append("")
    return lines


def _header(thread: Thread) -> Iterator[str]:
    title = " ".join(printable(thread.title or thread.id).split())
    yield f"== {title}"
    yield f"   {thread.source_path} ({thread.source_format}) · thread {thread.id}"
    found = len(thread.comments)
    if thread.declared_comment_count is not None and thread.declared_comment_count != found:
        count = count_gap_reason(thread.declared_comment_count, found)
    else:
        count = f"{found} comment{'s' if found != 1 else ''}"
    if count not in thread.unread:
        yield f"   {count}"
    if thread.incomplete:
        yield "   INCOMPLETE: comments exist that this dump does not hold"
        for reason in thread.unread:
            yield f"   !! {reason}"
    for warning in thread.warnings:
        if warning not in thread.unread:
            yield f"   ! {warning}"


def _add_comment_lines(lines: list[str], comment: Comment, path: str, width: int, excerpt: int) -> None:
    """The comment's head line (made `printable` whole: its id and orphan mark come from the dump) and
    its text's lines, which are already printable: the text is cleaned before it is wrapped."""
    indent = "  " * min(comment.depth - 1, _MAX_INDENT_LEVELS) + "   "
    marks = []
    if comment.status != "visible":
        marks.append(comment.status)
    if comment.orphan:
        marks.append("orphan" + (f" of {comment.source_parent_id}" if comment.source_parent_id else ""))
    head = f"{indent}{path} {' '.join(printable(comment.author).split()) or '(no name)'}"
    if comment.posted_at:
        when = shown_time(comment.posted_at)
        if when:
            head += f" · {when}"
    if comment.id != path:
        head += f" · #{comment.id}"
    if marks:
        head += " [" + ", ".join(marks) + "]"
    lines.append(printable(head))
    text = " ".join(printable(comment.text).split())
    if len(text) > excerpt:
        text = text[: excerpt - 1].rstrip() + "…"
    body_indent = indent + "  "
    wrapped = wrap_words(text, max(width - len(body_indent), 30))
    if wrapped:
        lines.extend([body_indent + line for line in wrapped])
    else:
        lines.append(body_indent)


def shown_time(moment: datetime) -> str:
    """`moment.strftime("%Y-%m-%d %H:%M %Z").strip()`, spelled out: strftime cost a tenth of the tree."""
    if moment.year < 1000:  # strftime's own width for such years depends on the C library
        return moment.strftime("%Y-%m-%d %H:%M %Z").strip()
    zone = moment.tzname()
    day = f"{moment.year}-{moment.month:02d}-{moment.day:02d}"
    return f"{day} {moment.hour:02d}:{moment.minute:02d} {zone or ''}".strip()


def wrap_words(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width) for text already collapsed to single spaces, a line per step.

    textwrap's regular expressions cost more than the rest of the tree; they only matter for what
    greedy filling on spaces cannot do (breaking at hyphens, cutting words longer than a line),
    so such text still goes to textwrap.
    """
    if "-" in text:
        return textwrap.wrap(text, width=width)
    lines = []
    start, end = 0, len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)  # the line ends at the last space that fits
        if cut <= start:  # a word longer than a line: textwrap cuts it
            return textwrap.wrap(text, width=width)
        lines.append(text[start:cut])
        start = cut + 1
    if start < end:
        lines.append(text[start:])
    return lines


def write_threads_tree(threads: Iterable[Thread], stream: IO[str]) -> None:
    """Every thread's tree, written a thread at a time (one write per line cost as much as the rendering)."""
    for thread in threads:
        stream.write("\n".join(_thread_lines(thread, LINE_WIDTH, EXCERPT_CHARACTERS)) + "\n")
