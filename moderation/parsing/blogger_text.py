"""A Blogger page copied as plain text: the article, then its comments in either Blogger layout.

Threaded layout: top-level comments are "  1. text", replies "    1. text" one level in, numbering restarting in
each thread (Blogger nests only two levels). Most commenters are anonymous, so there is often no
author line at all. Reply items share their indentation with the text of the comment above them;
only the numbering (each next item carries the next number) and the blank line before an item tell
them apart, so a comment that happens to contain "2. ..." keeps it as text.

Classic (unthreaded) layout: "NAME said..." items, read by `blogger_classic_text`. Threaded comments
copied without their list numbers (name over date, a "Replies" toggle): `blogger_unnumbered_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.blogger_classic_text import (
    SAID,
    ClassicSection,
    classic_section,
    declared_count,
    item_lines,
)
from moderation.parsing.blogger_notices import LOAD_MORE_UNREAD, removal_notice
from moderation.parsing.blogger_unnumbered_text import (
    ADD_COMMENT,
    LINK_LINES,
    LOAD_MORE,
    BloggerItem,
    unnumbered_section,
)
from moderation.parsing.page_text import (
    PageLine,
    article_parts,
    has_shown_time_shape,
    join_body,
    page_lines,
    parse_shown_time,
)
from moderation.parsing.plain_page import page_thread_id
from moderation.thread import Thread

FORMAT = "blogger-text"
DESCRIPTION = "a Blogger page copied as plain text (numbered comments and replies, or the classic 'NAME said...' list)"

ANONYMOUS = "Anonymous"
_ITEM = re.compile(r"(\d{1,9})[.)](?:\s+(.*))?")
_NAME_THEN_DATE = re.compile(
    r"(?P<name>.{1,80}?)\s+(?P<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}.*)",
    re.IGNORECASE,
)
_OPENS_INSIDE_THREAD = (
    "the copy opens with replies whose thread starts above it (no 'Reply' button under its first comment, "
    "or that comment indented past a later one): part of the page was selected"
)
# A threaded page cut short by Blogger's "Load more..." button holds only the comments loaded so far.
_LOAD_MORE = re.compile(LOAD_MORE, re.IGNORECASE)
_FOOTER = re.compile(
    rf"comments are moderated\b.*|post a comment|{ADD_COMMENT}|enter comment|(?:newer|older) post\b.*|home"
    # The same links in German and Dutch ("Neuerer Post Älterer Post Startseite" may share one line).
    r"|(?:neuerer|älterer) post\b.*|startseite|kommentar veröffentlichen"
    r"|(?:nieuwere|oudere) post\b.*|een reactie posten"
    r"|(?:nowszy|starszy) post\b.*|strona główna|opublikuj komentarz|dodaj komentarz"
    r"|(?:nyare|äldre) inlägg\b.*|startsida|publicera en kommentar"
    rf"|subscribe to: post comments.*|{LOAD_MORE}|note: only a member of this blog may post a comment\.?"
    r"|enter your comment\W*|comment as:.*",
    re.IGNORECASE,
)
# The post's date above its title: "Sunday, March 3, 2024", or "domingo, 3 de marzo de 2024" and
# "Sonntag, 3. März 2024" on blogs in other languages.
_DATE_HEADER = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s+)?[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4}"
    r"|(?:\w{3,12},\s+)?\d{1,2}\.?\s+(?:de\s+)?\w{3,10}\.?\s+(?:de\s+)?\d{4}",
    re.IGNORECASE,
)

_MAX_SECTION_TRIES = 20
# Lines under the list searched for "Load more..." (two non-blank ones: it may follow "Add comment").
_LOAD_MORE_LOOKAHEAD = 6
_COUNT_LOOKBACK = 4  # lines above the first comment searched for its count header
_GUESSED_NESTING = (
    "nesting was guessed: the comments carry no indentation, so replies were told only by restarted numbering"
)


@dataclass(slots=True)
class _Section:
    start: int
    end: int
    items: list[BloggerItem]
    guessed: bool
    first_number: int = 1  # a copy of part of the thread (a selection) may start at a later comment
    bylines: bool = False  # the copy kept each comment's name and time (the numbered items show them)


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    lines = page_lines(source.head_text)
    section = _comment_section(lines)
    classic = classic_section(lines, _is_footer)
    if classic is not None and (section is None or len(classic.items) > len(section.items)):
        return 60 if classic.declared_count is not None or len(classic.items) >= 2 else 0
    unnumbered = _unnumbered(lines, section)
    if unnumbered is not None:
        return 60 if unnumbered.cues else 0
    if section is None:
        return 0
    replies = sum(1 for item in section.items if item.reply)
    tops = len(section.items) - replies
    if replies and tops and not section.guessed:
        return 60
    after = next((line for line in lines[section.end :] if not line.blank), None)
    ends_in_footer = after is not None and _is_footer(after)
    with_author_lines = sum(1 for item in section.items if _author_line(item.lines, timezone.utc)[0] is not None)
    if tops >= 2 and (ends_in_footer or with_author_lines >= 2):
        return 50
    return 0


def parse(source, options) -> Iterator[Thread]:
    lines = page_lines(source.text())
    thread = Thread(id=page_thread_id(source))
    section = _comment_section(lines)
    classic = classic_section(lines, _is_footer)
    if classic is not None and (section is None or len(classic.items) > len(section.items)):
        yield _classic_thread(thread, lines, classic, options.default_timezone)
        return
    unnumbered = _unnumbered(lines, section)
    if unnumbered is not None:
        section = _Section(
            start=unnumbered.start,
            end=unnumbered.end,
            items=unnumbered.items,
            guessed=False,
        )
        if unnumbered.opens_inside_thread:
            thread.mark_unread(_OPENS_INSIDE_THREAD)
    if section is None:
        thread.title, thread.body = _article(lines)
        thread.warnings.append("no Blogger comments (numbered, or 'NAME said...') were found")
        yield thread
        return
    thread.title, thread.body = _article(lines[: section.start])
    thread.declared_comment_count = _count_above(lines, section.start)
    if section.guessed:
        thread.warnings.append(_GUESSED_NESTING)
    _note_load_more(thread, lines, section.end)
    if section.first_number > 1:
        thread.mark_unread(_starts_late(section.first_number))
    # A copy that lost every name and time shows none: a lone name over a date opening one comment is
    # that comment quoting another (its own byline is gone like all the others).
    quotes_only = not section.bylines and len(section.items) >= _MIN_ITEMS_FOR_LOST_BYLINES and unnumbered is None
    raw_comments = []
    top_ref = None
    for item in section.items:
        ref = f"line-{item.line.number + 1}"
        author, posted_at, text, status, deleted_by = _comment_fields(
            item.lines, options.default_timezone, quotes_only=quotes_only
        )
        raw_comments.append(
            RawComment(
                ref=ref,
                parent_ref=top_ref if item.reply else None,
                author=author,
                text=text,
                own_id=False,
                posted_at=posted_at,
                status=status,
                deleted_by=deleted_by,
            )
        )
        if not item.reply:
            top_ref = ref
    yield assemble_thread(thread, raw_comments)


def _classic_thread(thread: Thread, lines: list[PageLine], section: ClassicSection, zone: tzinfo) -> Thread:
    """Every classic comment is top level: the layout shows no replies."""
    thread.title, thread.body = _article(lines[: section.start])
    thread.declared_comment_count = section.declared_count
    raw_comments = []
    for item in section.items:
        posted_at, body = item_lines(item, zone)
        text, status, deleted_by = _text_and_status(body)
        raw_comments.append(
            RawComment(
                ref=f"line-{item.line.number + 1}",
                parent_ref=None,
                author=_author_name(item.author),
                text=text,
                own_id=False,
                posted_at=posted_at,
                status=status,
                deleted_by=deleted_by,
            )
        )
    return assemble_thread(thread, raw_comments)


def _unnumbered(lines: list[PageLine], numbered: _Section | None):
    """Name-over-date comments, when the copy has more of them than numbered ones (at least two)."""
    if numbered is not None and len(numbered.items) >= 2:
        return None
    section = unnumbered_section(lines, _is_footer)
    if section is None or len(section.items) < 2:
        return None
    return section


def _count_above(lines: list[PageLine], start: int) -> int | None:
    """A "34 comments:" header just above the comments (threaded pages print one too)."""
    for line in reversed(lines[max(0, start - _COUNT_LOOKBACK) : start]):
        if not line.blank:
            count = declared_count(line.content)
            if count is not None:
                return count
    return None


def _note_load_more(thread: Thread, lines: list[PageLine], end: int) -> None:
    """Blogger's "Load more..." under the list, or under its "Add comment" link (newer themes)."""
    after = [line for line in lines[end : end + _LOAD_MORE_LOOKAHEAD] if not line.blank][:2]
    if any(_LOAD_MORE.fullmatch(line.content) for line in after):
        thread.mark_unread(LOAD_MORE_UNREAD)


def _article(lines: list[PageLine]) -> tuple[str | None, str | None]:
    """Title and body. Blogger prints the blog's name, then the post's date, then its title."""
    non_blank = [position for position, line in enumerate(lines) if not line.blank][:12]
    for order, position in enumerate(non_blank[:-1]):
        if _DATE_HEADER.fullmatch(lines[position].content):
            return article_parts(lines[non_blank[order + 1] :])
    return article_parts(lines)


def _is_footer(line: PageLine) -> bool:
    return len(line.content) < 200 and bool(_FOOTER.fullmatch(line.content))


def _starts_late(first_number: int) -> str:
    earlier = "comment 1 is" if first_number == 2 else f"comments 1-{first_number - 1} are"
    return f"the copy starts at comment {first_number} (part of the thread was selected): {earlier} not in this dump"


def _comment_section(lines: list[PageLine]) -> _Section | None:
    """The run of numbered items that holds the most comments.

    Indented runs are tried first: an article's own numbered list sits at the margin. A page whose
    indentation was lost entirely falls back to runs at the margin. A copy with no item "1." (a
    selection starting further down the thread) is read from its first indented numbered item.
    """
    starts = [p for p, line in enumerate(lines) if _item_number(line) == 1]
    indented = [p for p in starts if lines[p].indent > 0]
    best = _selection_section(lines, indented)
    tried = 0
    resume_at = 0
    for start in indented or starts:
        if start < resume_at or tried >= _MAX_SECTION_TRIES:
            continue
        tried += 1
        section = _read_section(lines, start)
        resume_at = section.end if indented else 0
        if best is None or len(section.items) > len(best.items):
            best = section
    return best


def _selection_section(lines: list[PageLine], indented_starts: list[int]) -> _Section | None:
    """The comments of a copy that starts past item 1 (a selection from further down the thread): its
    first indented numbered item, numbered above 1 and standing left of (or level with) every "1."."""
    first = next((p for p, line in enumerate(lines) if line.indent > 0 and _item_number(line)), None)
    if first is None or _item_number(lines[first]) == 1:
        return None
    if any(lines[start].indent < lines[first].indent for start in indented_starts):
        return None
    return _read_section(lines, first, _item_number(lines[first]))


def _item_number(line: PageLine) -> int | None:
    match = _ITEM.fullmatch(line.content)
    return int(match.group(1)) if match and match.group(2) else None


def _read_section(lines: list[PageLine], start: int, first_number: int = 1) -> _Section:
    top_indent = lines[start].indent
    end = start
    while end < len(lines):
        line = lines[end]
        if not line.blank and (line.indent < top_indent or (line.indent == top_indent and _is_footer(line))):
            break
        end += 1
    while end > start and lines[end - 1].blank:
        end -= 1
    region = lines[start:end]
    flat = all(line.blank or line.indent <= top_indent for line in region)
    # Copies that kept no blank lines at all cannot use them to tell items from text.
    needs_blank_before = any(line.blank for line in region)
    items: list[BloggerItem] = []
    next_top, next_reply, reply_indent = first_number, 1, None
    guessed = False
    numbers = _candidate_numbers(region, needs_blank_before)
    bylines = _keeps_bylines(region, numbers)
    if bylines:
        # Every comment of such a copy opens with its name and time: a numbered line without them is a
        # list in a comment's text ("1. Soak the peel"), not a reply (Blogger's removal notice aside).
        numbers = [
            number if number is None or _opens_with_byline(region, position) or _is_notice(region[position]) else None
            for position, number in enumerate(numbers)
        ]
    for position, line in enumerate(region):
        number = numbers[position]
        text = _ITEM.fullmatch(line.content).group(2) if number is not None else None
        if flat and number is not None and number == next_top == next_reply and items:
            # "2." after "1. / 1." is top comment 2 or reply 2: if the next item is "2." again,
            # only a reply here leaves room for it.
            later = next((n for n in numbers[position + 1 :] if n is not None), None)
            if later == number:
                items.append(BloggerItem(line=line, reply=True, lines=[text]))
                next_reply += 1
                guessed = True
                continue
        if number is not None and line.indent <= top_indent and number == next_top:
            items.append(BloggerItem(line=line, reply=False, lines=[text]))
            next_top, next_reply = next_top + 1, 1
        elif (
            number is not None
            and items
            and number == next_reply
            and (line.indent > top_indent if not flat else True)
            and (reply_indent is None or line.indent == reply_indent)
        ):
            items.append(BloggerItem(line=line, reply=True, lines=[text]))
            next_reply += 1
            reply_indent = line.indent
            guessed = guessed or flat
        elif items:
            items[-1].lines.append(line.content)
    return _Section(start=start, end=end, items=items, guessed=guessed, first_number=first_number, bylines=bylines)


def _candidate_numbers(region: list[PageLine], needs_blank_before: bool) -> list[int | None]:
    """The item number each line could carry: numbered, and after a blank line when the copy has them,
    or right after Blogger's links that end a comment ("Reply", "Reply Delete", "Replies")."""
    numbers: list[int | None] = []
    previous_ends = True
    for line in region:
        numbers.append(_item_number(line) if (previous_ends or not needs_blank_before) else None)
        previous_ends = line.blank or line.content.casefold() in LINK_LINES
    return numbers


_MIN_BYLINES = 2  # numbered items opening with a name and time that say the copy kept every comment's
_MIN_ITEMS_FOR_LOST_BYLINES = 3  # comments, all but one without a byline: that one's byline is a quote
_MAX_BYLINE_NAME = 80
_BYLINE_DATE_LOOKAHEAD = 3  # lines under a numbered name searched for its time (a blank may stand between)


def _keeps_bylines(region: list[PageLine], numbers: list[int | None]) -> bool:
    """Whether the copy kept each comment's byline: two or more numbered items open with one."""
    found = 0
    for position, number in enumerate(numbers):
        if number is not None and _opens_with_byline(region, position):
            found += 1
            if found >= _MIN_BYLINES:
                return True
    return False


def _opens_with_byline(region: list[PageLine], position: int) -> bool:
    """A numbered line that is a name over a shown time, "NAME said...", or a name and date on one line
    (told by the date's shape: a long copy's every item asks, and reading each date costs)."""
    first = _ITEM.fullmatch(region[position].content).group(2)
    if len(first) > _MAX_BYLINE_NAME + 60:
        return False
    if has_shown_time_shape(first) or SAID.fullmatch(first):
        return True
    name_then_date = _NAME_THEN_DATE.fullmatch(first)
    if name_then_date and has_shown_time_shape(name_then_date.group("date")):
        return True
    if len(first) > _MAX_BYLINE_NAME:
        return False
    following = next(
        (line for line in region[position + 1 : position + 1 + _BYLINE_DATE_LOOKAHEAD] if not line.blank), None
    )
    return following is not None and has_shown_time_shape(following.content)


def _is_notice(line: PageLine) -> bool:
    return removal_notice(_ITEM.fullmatch(line.content).group(2))[0]


def _comment_fields(
    lines: list[str], zone: tzinfo, quotes_only: bool = False
) -> tuple[str, datetime | None, str, str, str | None]:
    """(author, posted_at, text, status, deleted_by) from an item's lines; with `quotes_only` (the copy
    lost every byline) a name and time opening the item are a quote, kept in its text."""
    author, posted_at, rest = (None, None, lines) if quotes_only else _author_line(lines, zone)
    text, status, deleted_by = _text_and_status(rest)
    return _author_name(author), posted_at, text, status, deleted_by


def _author_name(shown: str | None) -> str:
    """The name as shown; Blogger's localised "Anónimo"/"Anonym" stay as shown (they may be real names)."""
    return shown or ANONYMOUS


def _text_and_status(lines: list[str]) -> tuple[str, str, str | None]:
    """(text, status, deleted_by): Blogger's removal notice is kept as the text it shows."""
    text = join_body([line for line in lines if line.casefold() not in LINK_LINES])
    is_notice, deleted_by = removal_notice(text)
    return text, "deleted" if is_notice else "visible", deleted_by


def _author_line(lines: list[str], zone: tzinfo) -> tuple[str | None, datetime | None, list[str]]:
    """Take an author (and shown time) from the top of a comment when the copy kept one.

    Classic Blogger prints "NAME said..." with the time at the foot; threaded Blogger prints the
    name, then the time on its own line. Without either, the comment is anonymous.
    """
    if not lines:
        return None, None, lines
    first = lines[0]
    following = next((position for position in range(1, len(lines)) if lines[position]), None)
    said = SAID.fullmatch(first) if len(first) <= 120 else None
    if said:
        rest = lines[1:]
        posted_at = None
        if following is not None:
            posted_at = parse_shown_time(lines[following], zone)
            if posted_at is not None:
                rest = lines[following + 1 :]
        if posted_at is None:
            last = next((position for position in range(len(rest) - 1, -1, -1) if rest[position]), None)
            if last is not None:
                posted_at = parse_shown_time(rest[last], zone)
                if posted_at is not None:
                    rest = rest[:last]
        if any(rest):
            return said.group(1).strip(), posted_at, rest
    if len(first) <= 80 and following is not None:
        posted_at = parse_shown_time(lines[following], zone)
        if posted_at is not None:
            return first, posted_at, lines[following + 1 :]
    posted_at = parse_shown_time(first, zone)
    if posted_at is not None:
        return None, posted_at, lines[1:]
    name_then_date = _NAME_THEN_DATE.fullmatch(first) if len(first) <= 140 else None
    if name_then_date:
        posted_at = parse_shown_time(name_then_date.group("date"), zone)
        if posted_at is not None:
            return name_then_date.group("name").strip(), posted_at, lines[1:]
    return None, None, lines
