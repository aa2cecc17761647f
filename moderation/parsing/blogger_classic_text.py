"""Blogger's classic (unthreaded) comment layout copied as plain text.

The classic template prints "34 comments:", then per comment "NAME said..." at the margin, a blank
line, the body indented, and the shown time as the body's last indented line, straight above the
next "said..." line. Nothing is numbered and every comment is top level, so an item starts only
at a "said..." line that stands left of the current body or follows a time line: a body sentence
ending in "said..." stays text. Localised blogs print "dijo...", "sagte...", "a dit...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from moderation.parsing.page_text import PageLine, parse_shown_time

# "NAME said..." in the languages Blogger's classic template is most often seen in. The ellipsis (or
# colon) is part of the label: "Beautifully said" alone is a comment, not a name.
SAID = re.compile(
    r"(?P<name>.{1,80}?)\s+(?:said|wrote|dijo|escribió|sagte|schrieb|a dit|a écrit|disse|ha detto|zei|skrev)"
    r"\s*(?:\.\.\.|…|:)",
    re.IGNORECASE,
)
_MAX_SAID_LINE = 120
_MAX_TIME_LINE = 80
_QUOTE_LOOKAHEAD = 60  # lines searched for the quoting comment's own time after a quoted one's
# The classic count header, "34 comments:" (or "1 comment:", "34 comentarios:", "34 Kommentare:").
_COUNT = re.compile(
    r"(?P<count>\d{1,3}(?:[,.]\d{3})*|\d{1,7})\s+"
    r"(?:comments?|comentarios?|comentários?|kommentare?|commentaires?|commenti|commento|reacties|reactie|kommentarer)"
    r"\s*:",
    re.IGNORECASE,
)
# Blogs set to show the time alone ("6:40 PM") print no date: the line still ends the comment.
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
_TIME_ONLY = re.compile(_CLOCK, re.IGNORECASE)
# Dates the English date reader cannot read still end a comment when they are plainly a date and a
# time: "2/05/2023 19:15", "2 de mayo de 2023, 19:15", "2. Mai 2023 um 19:15" (posted_at stays unset).
_OTHER_DATE_TIME = re.compile(
    r"(?:\w+,?\s+)?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+(?:de\s+)?\w{3,10}\.?\s+(?:de\s+)?\d{4}),?"
    rf"\s+(?:(?:um|a las|à|alle|om|kl\.?)\s+)?{_CLOCK}",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ClassicItem:
    """One "NAME said..." comment: its header line, the author shown and the lines under it."""

    line: PageLine
    author: str
    body: list[PageLine] = field(default_factory=list)
    quotes: bool = False  # a "said..." line in the body: the comment may quote another whole comment

    def body_indent(self) -> int | None:
        return next((line.indent for line in self.body if not line.blank), None)

    def ends_in_time(self) -> bool:
        last = next((line for line in reversed(self.body) if not line.blank), None)
        return last is not None and is_time_line(last.content)


@dataclass(slots=True)
class ClassicSection:
    start: int  # the count header, or the first item when the page shows none
    end: int
    declared_count: int | None
    items: list[ClassicItem]


def declared_count(line: str) -> int | None:
    """The number in a classic "34 comments:" header, else None."""
    match = _COUNT.fullmatch(line) if len(line) <= 60 else None
    return int(re.sub(r"[,.]", "", match.group("count"))) if match else None


def said_author(line: str) -> str | None:
    """The name in a "NAME said..." line, else None."""
    match = SAID.fullmatch(line) if len(line) <= _MAX_SAID_LINE else None
    return match.group("name").strip() if match else None


def is_time_line(content: str) -> bool:
    if len(content) > _MAX_TIME_LINE:
        return False
    if _TIME_ONLY.fullmatch(content) or _OTHER_DATE_TIME.fullmatch(content):
        return True
    return parse_shown_time(content, timezone.utc) is not None


def classic_section(lines: list[PageLine], is_footer) -> ClassicSection | None:
    """The classic comment list, or None when the page has no "said..." items.

    Without a count header the first "said..." line could be a sentence of the article, so the
    section is kept only when its comments end in time lines, as every classic comment does.
    """
    header_at = next((p for p, line in enumerate(lines) if declared_count(line.content) is not None), None)
    start = 0 if header_at is None else header_at + 1
    first = next((p for p in range(start, len(lines)) if said_author(lines[p].content) is not None), None)
    if first is None:
        return None
    margin = lines[first].indent
    items: list[ClassicItem] = []
    end = len(lines)
    for position in range(first, len(lines)):
        line = lines[position]
        if line.blank:
            if items:
                items[-1].body.append(line)
            continue
        author = said_author(line.content)
        if author is not None and line.indent <= margin and (not items or _item_can_end(items[-1], line)):
            items.append(ClassicItem(line=line, author=author))
            continue
        ends = line.indent <= margin and (is_footer(line) or _left_of_body(items[-1], line) or items[-1].ends_in_time())
        if ends and not (items[-1].quotes and _time_before_next_item(lines, position, is_footer)):
            end = position
            break
        items[-1].quotes = items[-1].quotes or author is not None
        items[-1].body.append(line)
    if header_at is None and not all(item.ends_in_time() for item in items):
        return None
    return ClassicSection(
        start=first if header_at is None else header_at,
        end=end,
        declared_count=None if header_at is None else declared_count(lines[header_at].content),
        items=items,
    )


def _time_before_next_item(lines: list[PageLine], position: int, is_footer) -> bool:
    """Whether a time line comes before the next "said..." line or footer: text after a quoted comment's
    time is still the quoting comment's (Ann said... / Tom said... text time / Ann's text / Ann's time)."""
    for line in lines[position + 1 : position + 1 + _QUOTE_LOOKAHEAD]:
        if line.blank:
            continue
        if said_author(line.content) is not None or is_footer(line):
            return False
        if is_time_line(line.content):
            return True
    return False


def _item_can_end(item: ClassicItem, line: PageLine) -> bool:
    """A "said..." line starts the next comment when it stands left of this body or follows its time."""
    return _left_of_body(item, line) or item.ends_in_time()


def _left_of_body(item: ClassicItem, line: PageLine) -> bool:
    body_indent = item.body_indent()
    return body_indent is not None and line.indent < body_indent


def item_lines(item: ClassicItem, zone: tzinfo) -> tuple[datetime | None, list[str]]:
    """(posted_at, body lines): the last line is the shown time, not text."""
    contents = [line.content for line in item.body]
    last = next((p for p in range(len(contents) - 1, -1, -1) if contents[p]), None)
    if last is not None and is_time_line(contents[last]):
        return parse_shown_time(contents[last], zone), contents[:last]
    return None, contents
