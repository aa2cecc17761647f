"""A reply tree as indented text a person can read in a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from typing import IO

from moderation.completeness import count_gap_reason
from moderation.safe_text import printable
from moderation.thread import Comment, Thread, preorder_with_paths

_MAX_INDENT_LEVELS = 12  # deeper replies keep this indent; their path still shows the depth


def render_thread_tree(thread: Thread, *, width: int = 100, excerpt: int = 300) -> Iterator[str]:
    """Lines for one thread: a header, its repairs, then every comment in pre-order. Every line is
    `printable`: no escape sequence from a title, name or comment reaches the terminal."""
    for line in _lines(thread, width, excerpt):
        yield printable(line)


def _lines(thread: Thread, width: int, excerpt: int) -> Iterator[str]:
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
    for comment, path in preorder_with_paths(thread):
        yield from _render_comment(comment, path, width, excerpt)
    yield ""


def _render_comment(comment: Comment, path: str, width: int, excerpt: int) -> Iterator[str]:
    indent = "  " * min(comment.depth - 1, _MAX_INDENT_LEVELS) + "   "
    marks = []
    if comment.status != "visible":
        marks.append(comment.status)
    if comment.orphan:
        marks.append("orphan" + (f" of {comment.source_parent_id}" if comment.source_parent_id else ""))
    when = comment.posted_at.strftime("%Y-%m-%d %H:%M %Z").strip() if comment.posted_at else ""
    head = f"{indent}{path} {' '.join(printable(comment.author).split()) or '(no name)'}"
    if when:
        head += f" · {when}"
    if comment.id != path:
        head += f" · #{comment.id}"
    if marks:
        head += " [" + ", ".join(marks) + "]"
    yield head
    text = " ".join(printable(comment.text).split())
    if len(text) > excerpt:
        text = text[: excerpt - 1].rstrip() + "…"
    body_indent = indent + "  "
    for line in wrap_words(text, max(width - len(body_indent), 30)) or [""]:
        yield body_indent + line


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
        stream.write("\n".join(render_thread_tree(thread)) + "\n")
