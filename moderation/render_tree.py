"""A reply tree as indented text a person can read in a terminal."""

from __future__ import annotations

import re
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
MIN_TEXT_WIDTH = 30  # columns a deep reply's text keeps however far it is indented

# What `printable` would change in a name or text whose whitespace is then collapsed to single spaces:
# its control characters but tab, newline and CR (it turns a CR into a newline; collapsing makes
# either a space). A string without them is shown as it is, with no per-string cleaning.
_CHANGED_WHEN_COLLAPSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What `printable` changes in a string shown as it is (an id): every control but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CLOCK = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]  # by minute of the day


def write_threads_tree(threads: Iterable[Thread], stream: IO[str]) -> None:
    """Every thread's tree, written a thread at a time (one write per line cost as much as the rendering)."""
    layout = _DepthLayout(LINE_WIDTH)
    for thread in threads:
        stream.write(_thread_text(thread, layout, EXCERPT_CHARACTERS))


class _DepthLayout(dict):
    """depth -> (head indent, text indent, text width), worked out once per depth instead of per comment."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, depth: int) -> tuple[str, str, int]:
        indent = "  " * min(depth - 1, _MAX_INDENT_LEVELS) + "   "
        body_indent = indent + "  "
        self[depth] = shape = (indent, body_indent, max(self.width - len(body_indent), MIN_TEXT_WIDTH))
        return shape


def _thread_text(thread: Thread, layout: _DepthLayout, excerpt: int) -> str:
    """One thread's text: a header, its repairs, then every comment in pre-order, a blank line after.

    Nothing unprintable reaches the terminal: the header's lines are made `printable`; a comment whose
    name, text and id hold no control character is shown as it is (`str.isprintable`, one pass in C,
    says so for nearly all); any other goes through `printable` as `_comment_lines` does.
    """
    parts = [printable(line) + "\n" for line in _header(thread)]
    header_parts = len(parts)
    try:
        _add_comments(parts, thread, layout, excerpt)
    except AttributeError:  # a name, text or id that is not a string (a hand-built thread): the general path
        del parts[header_parts:]
        for comment, path in preorder_with_paths(thread):
            parts.extend(line + "\n" for line in _comment_lines(comment, path, layout.width, excerpt))
    parts.append("\n")
    return "".join(parts)


def _add_comments(parts: list[str], thread: Thread, layout: _DepthLayout, excerpt: int) -> None:
    """Each comment's lines, as `_comment_lines` gives them, without its per-string cleaning where
    there is nothing to clean. This runs once per comment of a million-comment dump: one loop, no call
    per comment but the string methods."""
    append = parts.append
    days: dict[int, str] = {}  # a day's ordinal -> "2020-09-13 "
    zones: dict[str | None, tuple[str, bool]] = {}  # tzname -> (its shown suffix, whether it needs cleaning)
    for comment, path in preorder_with_paths(thread):
        name, text, comment_id = comment.author, comment.text, comment.id
        if name.isprintable():  # no control character, no whitespace but plain spaces
            if "  " in name or name.startswith(" ") or name.endswith(" "):
                name = " ".join(name.split())
        elif _CHANGED_WHEN_COLLAPSED.search(name) is None:
            name = " ".join(name.split())
        else:
            name = None
        if text.isprintable():
            if "  " in text or text.startswith(" ") or text.endswith(" "):
                text = " ".join(text.split())
        elif _CHANGED_WHEN_COLLAPSED.search(text) is None:
            text = " ".join(text.split())
        else:
            text = None
        if name is None or text is None or (not comment_id.isprintable() and _CONTROL.search(comment_id)):
            parts.extend(line + "\n" for line in _comment_lines(comment, path, layout.width, excerpt))
            continue
        indent, body_indent, text_width = layout[comment.depth]
        needs_cleaning = False
        moment = comment.posted_at
        if moment is None:
            when = ""
        elif moment.year < 1000:
            when = f" · {shown_time(moment)}"
            needs_cleaning = True
        else:
            day = days.get(ordinal := moment.toordinal())
            if day is None:
                days[ordinal] = day = f"{moment.year}-{moment.month:02d}-{moment.day:02d} "
            zone = moment.tzname()
            shown_zone = zones.get(zone)
            if shown_zone is None:
                suffix = f" {zone}".rstrip() if zone else ""  # shown_time's strip, the day being digits first
                zones[zone] = shown_zone = (suffix, _CONTROL.search(suffix) is not None)
            when = f" · {day}{_CLOCK[moment.hour * 60 + moment.minute]}{shown_zone[0]}"
            needs_cleaning = shown_zone[1]
        head = f"{indent}{path} {name or '(no name)'}{when}"
        if comment_id != path:
            head = f"{head} · #{comment_id}"
        if comment.status != "visible" or comment.orphan:
            head += f" [{', '.join(_marks(comment))}]"
            needs_cleaning = True
        if needs_cleaning:
            head = printable(head)
        if len(text) > excerpt:
            text = text[: excerpt - 1].rstrip() + "…"
        if len(text) <= text_width:
            append(f"{head}\n{body_indent}{text}\n")
        else:
            append(f"{head}\n" + "".join(f"{body_indent}{line}\n" for line in wrap_words(text, text_width)))


def _marks(comment: Comment) -> list[str]:
    marks = []
    if comment.status != "visible":
        marks.append(comment.status)
    if comment.orphan:
        marks.append("orphan" + (f" of {comment.source_parent_id}" if comment.source_parent_id else ""))
    return marks


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


def _comment_lines(comment: Comment, path: str, width: int, excerpt: int) -> list[str]:
    """A comment's lines, every piece made `printable`: the general path, for a comment whose name, text
    or id holds a control character. Its head line is cleaned whole (its id and orphan mark come from the
    dump); its text is cleaned before it is wrapped."""
    indent = "  " * min(comment.depth - 1, _MAX_INDENT_LEVELS) + "   "
    head = f"{indent}{path} {' '.join(printable(comment.author).split()) or '(no name)'}"
    if comment.posted_at:
        when = shown_time(comment.posted_at)
        if when:
            head += f" · {when}"
    if comment.id != path:
        head += f" · #{comment.id}"
    marks = _marks(comment)
    if marks:
        head += " [" + ", ".join(marks) + "]"
    text = " ".join(printable(comment.text).split())
    if len(text) > excerpt:
        text = text[: excerpt - 1].rstrip() + "…"
    body_indent = indent + "  "
    wrapped = wrap_words(text, max(width - len(body_indent), MIN_TEXT_WIDTH))
    return [printable(head), *([body_indent + line for line in wrapped] or [body_indent])]


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
