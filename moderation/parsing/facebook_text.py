"""Facebook's comments plugin copied as text (select all inside the comment frame, paste into a file).

Each comment copies as its name, a line under it when Facebook shows one (a badge such as "Top fan"
or "Author", or the commenter's "Works at ..."), the text, then one action line: "Like · Reply",
the like count when there are likes, and the age ("2y", "5h"), sometimes "· Edited". That action
line ends every comment and is what this reader keys on. The ages give no date, and the copy keeps
no indentation, so replies cannot be told from comments: every comment is read at the top level and
the thread says so. "Load 10 more comments" and "View 3 more replies" mark folded parts: the thread
is incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.page_text import join_body, page_lines
from moderation.parsing.plain_page import page_thread_id
from moderation.thread import Thread

FORMAT = "facebook-text"
DESCRIPTION = "Facebook's comments plugin copied as text (name, text, then 'Like · Reply · 2y')"

# "Like · Reply · 3 · 2y", "Like · Reply · 5h · Edited", "Like · Reply · Mark as spam · 1w".
_ACTIONS = re.compile(r"^like\s*·\s*reply(?:\s*·\s*[^·]{1,24})*$", re.I)
_AGE = re.compile(r"(?:^|·)\s*\d{1,3}\s?(?:[smhdwy]|mins?|hrs?|yrs?)\s*(?:·|$)", re.I)
# A line Facebook shows under the name: a badge, or where the commenter works, studied or lives.
_BADGES = frozenset(("top fan", "author", "moderator", "admin", "most relevant"))
_PROFILE_LINE = re.compile(r"^(?:works at|worked at|studied at|studies at|lives in) [^.!?]{1,50}$", re.I)
_STAFF_BADGES = frozenset(("author", "moderator", "admin"))
_ROLE_BY_BADGE = {"author": "post_author", "moderator": "moderator", "admin": "admin"}
_FOLDED = re.compile(
    r"^(?:load \d[\d,]* more comments?|view \d[\d,]* more repl(?:y|ies)|\d[\d,]* repl(?:y|ies)|"
    r"view more replies|load more comments|view previous comments)$",
    re.I,
)
# The frame's own lines above and below the comments.
_FRAME_CHROME = re.compile(
    r"^(?:\d[\d,]* comments?|sort by|top|newest|oldest|add a comment\.\.\.|facebook comments plugin|"
    r"post|also post on facebook|posting as .*|log in to comment)$",
    re.I,
)
_SNIFF_MIN_COMMENTS = 2
_SNIFF_SURE = 85  # no other copy ends comments with "Like · Reply · 2y"

NESTING_UNKNOWN = (
    "nesting unknown: a copy of Facebook's comments plugin keeps no indentation, so every comment is read as top level"
)
NO_DATES = "the copy shows only ages ('2y', '5h'), so no comment has a date"
FOLDED_UNREAD = "the copy shows Facebook's folded comments ({what}): those comments are not in this dump"


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    rows = sum(1 for line in page_lines(source.head_text) if _is_actions(line.content))
    return _SNIFF_SURE if rows >= _SNIFF_MIN_COMMENTS else 0


def parse(source, options) -> Iterator[Thread]:
    lines = [line.content for line in page_lines(source.text())]
    thread = Thread(id=page_thread_id(source))
    declared = next((line for line in lines if re.fullmatch(r"\d[\d,]* comments?", line, re.I)), None)
    if declared is not None:
        thread.declared_comment_count = int(re.sub(r"\D", "", declared))
    raw_comments: list[RawComment] = []
    folded: list[str] = []
    block: list[str] = []
    for line in lines:
        if _FOLDED.match(line):
            folded.append(line)
            continue
        if _is_actions(line):
            if not raw_comments:
                block = _after_frame_chrome(block, thread)
            comment = _comment(block, len(raw_comments))
            if comment is not None:
                raw_comments.append(comment)
            block = []
            continue
        if not block and _FRAME_CHROME.match(line):
            continue
        block.append(line)
    if raw_comments:
        thread.warnings.extend((NESTING_UNKNOWN, NO_DATES))
    if folded:
        thread.mark_unread(FOLDED_UNREAD.format(what=f"'{folded[0]}'"))
    assemble_thread(thread, raw_comments)
    yield thread


def _after_frame_chrome(block: list[str], thread: Thread) -> list[str]:
    """The first comment's lines: a copy of the page around the plugin holds the article above the frame's
    own lines ("4 comments", "Add a comment..."); that part is the thread's title and body, not a comment."""
    # The last chrome line with a name and a text line still under it: a one-word comment "Top" is no chrome.
    chrome = [index for index, line in enumerate(block) if line and _FRAME_CHROME.match(line)]
    last_chrome = next((index for index in reversed(chrome) if sum(map(bool, block[index + 1 :])) >= 2), None)
    if last_chrome is None:
        return block
    above = [line for line in block[:last_chrome] if not (line and _FRAME_CHROME.match(line))]
    if any(above):
        title = next(line for line in above if line)
        thread.title = thread.title or title
        body = join_body(above[above.index(title) + 1 :])
        thread.body = thread.body or body or None
    return block[last_chrome + 1 :]


def _is_actions(line: str) -> bool:
    return bool(_ACTIONS.match(line)) and bool(_AGE.search(line))


def _comment(block: list[str], position: int) -> RawComment | None:
    filled = [line for line in block if line]
    while filled and _FRAME_CHROME.match(filled[0]):
        filled = filled[1:]
    if not filled:
        return None
    first = next(index for index, line in enumerate(block) if line == filled[0])
    rest = block[first + 1 :]
    role = None
    # A profile line is skipped only with text after it: a comment's own words are never taken for one.
    while rest and (not rest[0] or rest[0].lower() in _BADGES or (_PROFILE_LINE.match(rest[0]) and any(rest[1:]))):
        if rest[0].lower() in _STAFF_BADGES:
            role = _ROLE_BY_BADGE[rest[0].lower()]
        rest = rest[1:]
    return RawComment(
        ref=f"~{position + 1}",
        parent_ref=None,
        author=filled[0],
        text=join_body(rest),
        own_id=False,
        role=role,
    )
