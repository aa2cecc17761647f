"""Blogger's threaded comments copied without list numbers (what Chrome copies from Contempo, Soho,
Emporio, Notable and Essential pages): each comment is its author's name over its shown date.

Those themes print a thread as: the top comment, its "Reply" (and "Delete" for the blog's admin),
a "Replies" toggle, the replies (each with "Delete" at most: Blogger nests two levels), then the
thread's own "Reply" link. So a comment after "Replies" and before that closing "Reply" is a reply,
whether or not the copy kept its indentation; an indented one is a reply too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone

from moderation.parsing.page_text import PageLine, parse_shown_time

_REPLIES_TOGGLE = "replies"  # the toggle above a thread's replies
_CLOSING_REPLY = "reply"  # the thread's own link under its replies (a top comment's button reads the same)
# Lines only Blogger's threaded layout prints (WordPress copies say "Reply" only): one of them, with
# two or more comments, says the copy is Blogger's.
BLOGGER_CUES = frozenset(
    ["replies", "reply delete", "delete reply", "delete", "add comment", "load more...", "post a comment"]
)
_MAX_NAME = 80  # a display name, never a sentence of a comment
_DATE_LOOKAHEAD = 2  # lines under a name searched for its date (a blank line may stand between)
_SENTENCE_ENDS = (".", "!", "?", ":", ";", ",")


@dataclass(slots=True)
class UnnumberedItem:
    line: PageLine
    reply: bool
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class UnnumberedSection:
    start: int
    end: int
    items: list[UnnumberedItem]
    cues: int  # lines only Blogger prints, seen in the section


def unnumbered_section(lines: list[PageLine], is_footer: Callable[[PageLine], bool]) -> UnnumberedSection | None:
    """The comments as name-over-date items, replies told by the "Replies" toggle or indentation."""
    items: list[UnnumberedItem] = []
    in_replies = False
    cues = 0
    start = end = len(lines)
    for position, line in enumerate(lines):
        if line.blank:
            if items:
                items[-1].lines.append("")
            continue
        folded = line.content.casefold()
        if folded in BLOGGER_CUES:
            cues += 1
        if items and is_footer(line):
            end = position
            break
        if items and folded == _REPLIES_TOGGLE:
            in_replies = True
            continue
        if _is_byline(lines, position):
            if not items:
                start = position
            reply = bool(items) and (in_replies or line.indent > items[0].line.indent)
            items.append(UnnumberedItem(line=line, reply=reply, lines=[line.content]))
            continue
        if in_replies and folded == _CLOSING_REPLY:
            in_replies = False  # the thread's own "Reply": its replies end here
            continue
        if items:
            items[-1].lines.append(line.content)
    if not items:
        return None
    for item in items:
        while item.lines and not item.lines[-1]:
            item.lines.pop()
    return UnnumberedSection(start=start, end=end, items=items, cues=cues)


def _is_byline(lines: list[PageLine], position: int) -> bool:
    """A short name line whose next non-blank line is a shown date ("February 10, 2024 at 9:05 AM")."""
    name = lines[position].content
    if len(name) > _MAX_NAME or name.endswith(_SENTENCE_ENDS) or name.casefold() in BLOGGER_CUES:
        return False
    if parse_shown_time(name, timezone.utc) is not None:
        return False
    for line in lines[position + 1 : position + 1 + _DATE_LOOKAHEAD]:
        if not line.blank:
            return parse_shown_time(line.content, timezone.utc) is not None
    return False
