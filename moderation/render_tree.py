"""A reply tree as indented text a person can read in a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from moderation.completeness import count_gap_reason
from moderation.safe_text import printable
from moderation.thread import Comment, Thread

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
    for comment in thread.preorder():
        yield from _render_comment(comment, width, excerpt)
    yield ""


def _render_comment(comment: Comment, width: int, excerpt: int) -> Iterator[str]:
    indent = "  " * min(comment.depth - 1, _MAX_INDENT_LEVELS) + "   "
    marks = []
    if comment.status != "visible":
        marks.append(comment.status)
    if comment.orphan:
        marks.append("orphan" + (f" of {comment.source_parent_id}" if comment.source_parent_id else ""))
    when = comment.posted_at.strftime("%Y-%m-%d %H:%M %Z").strip() if comment.posted_at else ""
    head = f"{indent}{comment.path} {' '.join(printable(comment.author).split()) or '(no name)'}"
    if when:
        head += f" · {when}"
    if comment.id != comment.path:
        head += f" · #{comment.id}"
    if marks:
        head += " [" + ", ".join(marks) + "]"
    yield head
    text = " ".join(printable(comment.text).split())
    if len(text) > excerpt:
        text = text[: excerpt - 1].rstrip() + "…"
    body_indent = indent + "  "
    for line in textwrap.wrap(text, width=max(width - len(body_indent), 30)) or [""]:
        yield body_indent + line
