"""A reply tree as indented text a person can read in a terminal."""

from __future__ import annotations

import codecs
import re
import textwrap
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import IO

from moderation.completeness import count_gap_reason
from moderation.safe_text import HIDING_CHARACTERS, printable
from moderation.thread import Comment, Thread, preorder_with_paths

_MAX_INDENT_LEVELS = 12  # deeper replies keep this indent; their path still shows the depth
LINE_WIDTH = 100  # a wide terminal's columns
EXCERPT_CHARACTERS = 300  # of each comment's text; a tree is for finding the place, not for reading all
MIN_TEXT_WIDTH = 30  # columns a deep reply's text keeps however far it is indented

# What `printable` would change in a name or text whose whitespace is then collapsed to single spaces:
# its control characters but tab, newline and CR (it turns a CR into a newline; collapsing makes
# either a space), and the bidi and zero-width characters it removes. A string without them is shown as
# it is, with no per-string cleaning.
_CHANGED_WHEN_COLLAPSED = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{HIDING_CHARACTERS}]")
# What `printable` changes in a string shown as it is (an id): every control but tab and newline.
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{HIDING_CHARACTERS}]")
# A byte table: what str.isprintable refuses in ASCII (C0 controls, DEL) becomes NUL, the rest stays.
_ASCII_CONTROLS_TO_NUL = bytes(0 if byte < 0x20 or byte == 0x7F else byte for byte in range(256))
_CLOCK = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]  # by minute of the day
UTC = timezone.utc
# The tree's two marks that are not ASCII stand in its text as two control characters no piece of it
# holds (every piece is printable): a thread's text stays ASCII, so joining and encoding it is copying
# (encoding "·" and "…" char by char cost a tenth of the tree); the marks are put back in the bytes.
_DOT, _ELLIPSIS = "\x00", "\x01"  # for "·" and "…"
_DOT_BYTE, _ELLIPSIS_BYTE = _DOT.encode(), _ELLIPSIS.encode()
_DOT_UTF8, _ELLIPSIS_UTF8 = "·".encode(), "…".encode()
_UTC_SUFFIX = " " + UTC.tzname(None)


def write_threads_tree(threads: Iterable[Thread], stream: IO[str]) -> None:
    """Every thread's tree, written a thread at a time (one write per line cost as much as the rendering):
    as UTF-8 bytes to the buffer of a UTF-8 stream that is not a terminal, as text to any other."""
    layout = _DepthLayout(LINE_WIDTH)
    buffer = _utf8_buffer(stream)
    errors = getattr(stream, "errors", None) or "strict"  # the stream's own handling of a lone surrogate
    for thread in threads:
        text = _thread_text(thread, layout, EXCERPT_CHARACTERS)
        if buffer is not None:
            data = text.encode("utf-8", errors)
            buffer.write(data.replace(_DOT_BYTE, _DOT_UTF8).replace(_ELLIPSIS_BYTE, _ELLIPSIS_UTF8))
        else:
            stream.write(text.replace(_DOT, "·").replace(_ELLIPSIS, "…"))


def _utf8_buffer(stream: IO[str]):
    """The byte buffer under `stream` when it is a UTF-8 text stream that is not a terminal (emptied of
    any text written before), else None: a terminal keeps its line-buffered text stream."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    isatty = getattr(stream, "isatty", None)
    if buffer is None or not encoding or isatty is None or isatty() or codecs.lookup(encoding).name != "utf-8":
        return None
    stream.flush()
    return buffer


class _DepthLayout(dict):
    """depth -> (head indent, text indent, a newline and the text indent, text width), worked out once per
    depth instead of per comment."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, depth: int) -> tuple[str, str, str, int]:
        indent = "  " * min(depth - 1, _MAX_INDENT_LEVELS) + "   "
        body_indent = indent + "  "
        text_width = max(self.width - len(body_indent), MIN_TEXT_WIDTH)
        self[depth] = shape = (indent, body_indent, "\n" + body_indent, text_width)
        return shape


def _thread_text(thread: Thread, layout: _DepthLayout, excerpt: int) -> str:
    """One thread's text (its marks as `_DOT` and `_ELLIPSIS`): a header, its repairs, then every
    comment in pre-order, a blank line after.

    Nothing unprintable reaches the terminal: the header's lines are made `printable`, and so is every
    piece of a comment's lines that holds a control character (see `_comment_text`).
    """
    parts = [_marks_replaced(printable(line)) + "\n" for line in _header(thread)]
    header_parts = len(parts)
    try:
        _add_comments(parts, thread, layout, excerpt)
    except TypeError:  # a name, text or id that is not a string (a hand-built thread): the general path
        del parts[header_parts:]
        for comment, path in preorder_with_paths(thread):
            parts.extend(_marks_replaced(line) + "\n" for line in _comment_lines(comment, path, layout.width, excerpt))
    parts.append("\n")
    return "".join(parts)


def _marks_replaced(text: str) -> str:
    return text.replace("·", _DOT).replace("…", _ELLIPSIS)


def _add_comments(parts: list[str], thread: Thread, layout: _DepthLayout, excerpt: int) -> None:
    """Each comment's lines, as `_comment_lines` gives them. This runs once per comment of a
    million-comment dump, so the common comment is written here in one piece, with what it needs
    checked for the whole thread at once (`_plain_fields`); a comment that fails the check, or whose
    time's day or zone the thread has not shown before, goes through `_comment_text`, which also
    notes days and zones for the next."""
    append = parts.append
    all_plain = _plain_fields(thread.comments)
    shown_times = _ShownTimes()
    days, zones, clock = shown_times.days, shown_times.zones, _CLOCK
    for comment, path in preorder_with_paths(thread):
        moment = comment.posted_at
        if not (
            (all_plain or _plain_fields((comment,)))
            and moment is not None
            and (day := days.get(moment.toordinal())) is not None
            and (zone := _UTC_SUFFIX if moment.tzinfo is UTC else zones.get(moment.tzname())) is not None
            and comment.status == "visible"
            and not comment.orphan
        ):
            append(_marks_replaced(_comment_text(comment, path, layout, excerpt, shown_times)))
            continue
        indent, body_indent, line_break, text_width = layout[comment.depth]
        text, comment_id = comment.text, comment.id
        size = len(text)
        if size > excerpt:
            text = text[: excerpt - 1].rstrip() + _ELLIPSIS
            size = len(text)
        if size > text_width:
            cut = text.rfind(" ", 0, text_width + 1)  # two lines, as wrap_words fills them
            if cut > 0 and size - cut <= text_width + 1 and "-" not in text:
                text = f"{text[:cut]}{line_break}{text[cut + 1 :]}"
            else:
                text = line_break.join(wrap_words(text, text_width))
        when = clock[moment.hour * 60 + moment.minute]
        # "\x00" is _DOT, written as a literal: this f-string runs once per comment.
        if comment_id == path:
            append(f"{indent}{path} {comment.author} \x00 {day}{when}{zone}\n{body_indent}{text}\n")
        else:
            append(f"{indent}{path} {comment.author} \x00 {day}{when}{zone} \x00 #{comment_id}\n{body_indent}{text}\n")


def _plain_fields(comments: list[Comment] | tuple[Comment]) -> bool:
    """Whether every comment's name, text and id are shown as they are: printable (no control character,
    no whitespace but spaces), its name not empty (an empty text is shown as it is, alone), with no space
    at an end or two in a row (nothing to clean, nothing to collapse). A few passes in C over the whole
    thread's strings joined, instead of a dozen calls per comment."""
    texts = " ".join([comment.text for comment in comments])  # TypeError if one is not a string
    names = " ".join([comment.author for comment in comments])
    return (
        names != ""  # the one name of a thread, or of the comment checked alone, is empty: "(no name)"
        and "  " not in texts  # a space at either end of one text, two in a row or an empty one
        and "  " not in names
        and texts[:1] != " " != texts[-1:]
        and names[:1] != " " != names[-1:]
        and _printable(texts)
        and _printable(names)
        and _printable(" ".join([comment.id for comment in comments]))
    )


def _printable(text: str) -> bool:
    """`text.isprintable()`; ASCII text (most) in a fraction of the time, as bytes with its controls made NUL."""
    if text.isascii():
        return b"\0" not in text.encode().translate(_ASCII_CONTROLS_TO_NUL)
    return text.isprintable()


def _comment_text(comment: Comment, path: str, layout: _DepthLayout, excerpt: int, shown_times: _ShownTimes) -> str:
    """A comment's lines as `_comment_lines` gives them, `printable` called only on the pieces
    that hold something to clean."""
    name = _collapsed(comment.author)
    text = _collapsed(comment.text)
    comment_id = comment.id
    if name is None or text is None or (not comment_id.isprintable() and _CONTROL.search(comment_id)):
        return "".join(line + "\n" for line in _comment_lines(comment, path, layout.width, excerpt))
    indent, body_indent, line_break, text_width = layout[comment.depth]
    head = f"{indent}{path} {name or '(no name)'}"
    needs_cleaning = False
    moment = comment.posted_at
    if moment is not None:
        when = shown_times.plain(moment)
        if when is None:
            when = shown_time(moment)
            needs_cleaning = True
        head = f"{head} · {when}"
    if comment_id != path:
        head = f"{head} · #{comment_id}"
    if comment.status != "visible" or comment.orphan:
        head += f" [{', '.join(_marks(comment))}]"
        needs_cleaning = True
    if needs_cleaning:
        head = printable(head)
    if len(text) > excerpt:
        text = text[: excerpt - 1].rstrip() + "…"
    if len(text) > text_width:
        text = line_break.join(wrap_words(text, text_width))
    return f"{head}\n{body_indent}{text}\n"


def _collapsed(text: str) -> str | None:
    """`" ".join(printable(text).split())` for a name or text `printable` would not change once collapsed;
    None for one it would."""
    if text.isprintable():  # no control character, no whitespace but plain spaces
        if "  " in text or text.startswith(" ") or text.endswith(" "):
            return " ".join(text.split())
        return text
    if _CHANGED_WHEN_COLLAPSED.search(text) is None:
        return " ".join(text.split())
    return None


class _ShownTimes:
    """`shown_time` for the comments of one thread, from its days and zones worked out once."""

    def __init__(self) -> None:
        self.days: dict[int, str] = {}  # a day's ordinal -> "2020-09-13 "
        self.zones: dict[str | None, str | None] = {}  # tzname -> its shown suffix, None when it needs cleaning

    def plain(self, moment: datetime) -> str | None:
        """`shown_time(moment)`, or None when that holds a control character or the year is below 1000."""
        day = self.days.get(ordinal := moment.toordinal())
        if day is None:
            if moment.year < 1000:  # strftime's own width for such years depends on the C library
                return None
            self.days[ordinal] = day = f"{moment.year}-{moment.month:02d}-{moment.day:02d} "
        zone = moment.tzname()
        if zone in self.zones:
            suffix = self.zones[zone]
        else:
            suffix = f" {zone}".rstrip() if zone else ""  # shown_time's strip, the day being digits first
            self.zones[zone] = suffix = suffix if _CONTROL.search(suffix) is None else None
        if suffix is None:
            return None
        return f"{day}{_CLOCK[moment.hour * 60 + moment.minute]}{suffix}"


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
