"""A Substack post's comments copied as text (select all on the post page, paste into a file).

The copy keeps each comment as a block: the name, the author's badge ("Author") when the writer
answers, the shown date ("Nov 3", "Nov 3, 2024", "2h"), "Edited" when it was, the text, then the
widget's buttons, each on its own line: the like count ("Like" / "Like (4)"), "Reply", "Share".
That button row ends every comment and is what this reader keys on. Indentation is lost in the
copy, so who answered whom is not known: every comment is read at the top level and the thread
says so. "N more replies" and "Load more" mark parts the page had folded away: the thread is
incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.cut_off_texts import trim_cut_offs
from moderation.parsing.more_comments_words import is_more_comments_button
from moderation.parsing.page_text import article_parts, join_body, page_lines
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.shown_dates import DateReader
from moderation.thread import Thread

FORMAT = "substack-text"
DESCRIPTION = "a Substack post's comments copied as text (name, date, text, then 'Reply' / 'Share')"

_LIKE = re.compile(r"^(?:like|liked|♡|❤)(?:\s*\(?\d[\d,]*\)?)?$|^(?:♡|❤)?\s*\d[\d,]*$", re.I)
_REPLY, _SHARE = "reply", "share"
# Shown dates: "2h", "35m", "3d", "1w" (recent), "Nov 3" (this year), "Nov 3, 2024" (earlier years).
_SHOWN_DATE = re.compile(
    r"^(?:\d{1,2}\s?[mhdw]|just now"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?)$",
    re.I,
)
_AUTHOR_BADGES = frozenset(("author", "post author"))
_EDITED = frozenset(("edited",))
_DELETED_NOTICE = re.compile(
    r"^(?:comment (?:deleted|removed)|this comment (?:was|has been) (?:deleted|removed))\.?$", re.I
)
_VOTE_COUNT = re.compile(r"\d{1,6}")
_BARE_LOAD_MORE = re.compile(r"^load more$", re.I)  # the section's own button; translated ones name comments
# The widget's own lines above the first comment (section heading, sort tabs, the empty form).
_SECTION_CHROME = frozenset(
    ("discussion about this post", "comments", "restacks", "top", "latest", "discussions", "write a comment...")
)
_MAX_HEADER_LINES = 4  # name, badge, date, "Edited": a header is never longer
_SNIFF_MIN_COMMENTS = 2
_SNIFF_SURE = 85  # above the WordPress copy's unmarked bylines (50): the Reply/Share row is Substack's own

NESTING_UNKNOWN = "nesting unknown: a Substack copy keeps no indentation, so every comment is read as top level"
FOLDED_UNREAD = "the copy shows Substack's folded replies or 'Load more' ({what}): those comments are not in this dump"


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    texts = [line.content.lower() for line in page_lines(source.head_text)]
    rows = sum(1 for _ in _row_ends(texts))
    shown_dates = sum(1 for text in texts if _SHOWN_DATE.match(text))
    return _SNIFF_SURE if min(rows, shown_dates) >= _SNIFF_MIN_COMMENTS else 0


def parse(source, options) -> Iterator[Thread]:
    lines = page_lines(source.text())
    texts = [line.content.lower() for line in lines]
    thread = Thread(id=page_thread_id(source))
    dates = DateReader(("en",), options.default_timezone)
    ends = list(_row_ends(texts))
    raw_comments: list[RawComment] = []
    folded: list[str] = []
    start = _section_start(texts, ends)
    thread.title, thread.body = article_parts(lines[:start])
    block_start = start
    for row_start, row_end in ends:
        block = [line.content for line in lines[block_start:row_start]]
        folded.extend(line for line in block if _is_folded(line))
        block = [line for line in block if not _is_folded(line) and line.lower() not in _SECTION_CHROME]
        block = _deleted_first(block, raw_comments, dates)
        comment = _comment(block, len(raw_comments), dates)
        if comment is not None:
            raw_comments.append(comment)
        block_start = row_end
    folded.extend(line.content for line in lines[block_start:] if _is_folded(line.content))
    if raw_comments:
        thread.warnings.append(NESTING_UNKNOWN)
    if folded:
        thread.mark_unread(FOLDED_UNREAD.format(what=f"'{folded[0]}'"))
    trim_cut_offs(raw_comments, thread)
    assemble_thread(thread, raw_comments)
    yield thread


def _is_folded(line: str) -> bool:
    """A button for replies or comments the copy does not hold ("3 more replies", "Load more", "Carica altri
    commenti")."""
    return bool(_BARE_LOAD_MORE.match(line)) or is_more_comments_button(line)


def _without_vote_counts(block: list[str]) -> list[str]:
    """The block without the bare counts under the last comment's buttons (OpenWeb-style rows print up
    and down votes after "Reply"/"Share"); a number right over a date is a commenter's name ("42")."""
    start = 0
    while start < len(block) and (not block[start] or _VOTE_COUNT.fullmatch(block[start])):
        following = next((line for line in block[start + 1 :] if line), None)
        if block[start] and (following is None or _SHOWN_DATE.match(following.lower())):
            break
        start += 1
    return block[start:]


def _row_ends(texts: list[str]) -> Iterator[tuple[int, int]]:
    """(first line, line after) of each button row: an optional like line, "Reply", "Share"."""
    position = 0
    while position < len(texts) - 1:
        if texts[position] == _REPLY and texts[position + 1] == _SHARE:
            first = position - 1 if position and _LIKE.match(texts[position - 1]) else position
            yield first, position + 2
            position += 2
        else:
            position += 1


def _section_start(texts: list[str], ends: list[tuple[int, int]]) -> int:
    """Where the comments begin: after the "Discussion about this post" heading, else before the first
    comment's header (the article keeps everything above it)."""
    for position, text in enumerate(texts):
        if text == "discussion about this post":
            return position + 1
    if not ends:
        return len(texts)
    first_row = ends[0][0]
    for position in range(max(0, first_row - 200), first_row):
        if _SHOWN_DATE.match(texts[position]):
            name = position - 1
            while name > 0 and (not texts[name] or texts[name] in _AUTHOR_BADGES):
                name -= 1
            return max(name, 0)
    return first_row


def _deleted_first(block: list[str], raw_comments: list[RawComment], dates: DateReader) -> list[str]:
    """A deleted comment keeps no buttons: its notice (and date) opens the next comment's block. Each is
    read as a deleted comment of its own and the rest of the block returned."""
    while True:
        filled = [index for index, line in enumerate(block) if line]
        if not filled or not _DELETED_NOTICE.match(block[filled[0]]):
            return block
        shown = None
        cut = filled[0] + 1
        if len(filled) > 1 and _SHOWN_DATE.match(block[filled[1]]):
            shown, cut = block[filled[1]], filled[1] + 1
        position = len(raw_comments)
        raw_comments.append(
            RawComment(
                ref=f"~{position + 1}",
                parent_ref=None,
                author="Anonymous",
                text="",
                own_id=False,
                posted_at=dates.read(shown),
                status="deleted",
            )
        )
        block = block[cut:]


def _comment(block: list[str], position: int, dates: DateReader) -> RawComment | None:
    while block and not block[0]:
        block = block[1:]
    if not block:
        return None
    block = _without_vote_counts(block)
    header = [line for line in block[: _MAX_HEADER_LINES + 2] if line]
    date_at = next((index for index, line in enumerate(header[:_MAX_HEADER_LINES]) if _SHOWN_DATE.match(line)), None)
    if date_at is None:
        author, shown, after = header[0], None, 1
    else:
        author, shown, after = header[0], header[date_at], date_at + 1
    role = "post_author" if any(line.lower() in _AUTHOR_BADGES for line in header[1 : after or 1]) else None
    # Skip the header lines (counted among the non-blank ones), then "Edited".
    seen, index = 0, 0
    while index < len(block) and seen < after:
        seen += bool(block[index])
        index += 1
    rest = block[index:]
    while rest and (not rest[0] or rest[0].lower() in _EDITED):
        rest = rest[1:]
    text = join_body(rest)
    deleted = _DELETED_NOTICE.match(text.strip()) is not None
    return RawComment(
        ref=f"~{position + 1}",
        parent_ref=None,
        author=author,
        text="" if deleted else text,
        own_id=False,
        posted_at=dates.read(shown),
        status="deleted" if deleted else "visible",
        role=role,
    )
