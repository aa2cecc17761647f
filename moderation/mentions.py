"""Find where a comment points at another reader: "@Mara", "@9:50", "1:42 asked".

Blogger threads only two levels deep, so readers name the comment they answer in the text, by the
author's name or, for anonymous posters, by the time shown on it. Mentions resolve to the nearest
earlier comment that fits; one that fits none is kept with no target.
"""

from __future__ import annotations

import re

from moderation.thread import Comment, Mention, Thread

_AT_TIME = re.compile(r"(?<![\w@])@\s?(\d{1,2}:\d{2})(?:\s?([ap]\.?m\.?))?(?!\d)", re.IGNORECASE)
_LEADING_TIME = re.compile(r"^\W{0,3}(\d{1,2}:\d{2})(?:\s?([ap]\.?m\.?))?(?!\d)", re.IGNORECASE)
_TIME_VERB = re.compile(
    r"(?<![\w:])(\d{1,2}:\d{2})(?:\s?([ap]\.?m\.?))?\s+(?:asked|said|wrote|posted|commented|says|writes|asks)\b",
    re.IGNORECASE,
)
_AT_NAME = re.compile(r"(?<![\w@.])@(?!\s?\d{1,2}:\d)([^\s@,:;!?()]{1,40}(?:[ ][^\s@,:;!?()]{1,40}){0,2})")


def find_mentions(thread: Thread) -> None:
    """Fill each comment's mentions from its text, resolved against the comments before it."""
    seen_by_author: dict[str, int] = {}  # casefolded author -> index of their latest comment so far
    by_clock: dict[tuple[int, int], list[Comment]] = {}  # (hour % 12, minute) -> earlier comments then
    for comment in thread.preorder():
        text = comment.text
        # Most comments hold neither ":" nor "@": skip the patterns (a tenth of the parse time otherwise).
        found = _time_mentions(comment, by_clock) if ":" in text else []
        if "@" in text:
            found += _name_mentions(comment, seen_by_author, thread)
        if found:
            known = {(m.text, m.kind) for m in comment.mentions}
            comment.mentions = [*comment.mentions, *(m for m in found if (m.text, m.kind) not in known)]
        if comment.author:
            seen_by_author[comment.author.casefold()] = comment.index
        if comment.posted_at is not None:
            by_clock.setdefault((comment.posted_at.hour % 12, comment.posted_at.minute), []).append(comment)


def _time_mentions(comment: Comment, by_clock: dict[tuple[int, int], list[Comment]]) -> list[Mention]:
    mentions = []
    spans = set()
    for pattern in (_AT_TIME, _TIME_VERB, _LEADING_TIME):
        for match in pattern.finditer(comment.text):
            if match.span(1) in spans:
                continue
            spans.add(match.span(1))
            target = _comment_at_time(match.group(1), match.group(2), by_clock)
            mentions.append(Mention(text=match.group(0).strip(), kind="time", target=target))
    return mentions


def _comment_at_time(clock: str, meridiem: str | None, by_clock: dict[tuple[int, int], list[Comment]]) -> str | None:
    """The latest earlier comment shown at that time (12-hour clock unless am/pm says which half)."""
    hour, minute = (int(part) for part in clock.split(":"))
    if minute > 59 or hour > 23:
        return None
    for candidate in reversed(by_clock.get((hour % 12, minute), ())):
        if not meridiem:
            return candidate.id
        wanted = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
        if candidate.posted_at.hour == wanted:
            return candidate.id
    return None


def _name_mentions(comment: Comment, seen_by_author: dict[str, int], thread: Thread) -> list[Mention]:
    mentions = []
    for match in _AT_NAME.finditer(comment.text):
        words = match.group(1).rstrip(".'\"").split(" ")
        target, name = None, words[0].rstrip(".,'\"")
        # Longest run of words that names an earlier author: "@Dave K thanks" -> "Dave K".
        for length in range(len(words), 0, -1):
            candidate = " ".join(words[:length]).rstrip(".,'\"")
            index = seen_by_author.get(candidate.casefold())
            if index is not None and index != comment.index:
                target, name = thread.comments[index].id, candidate
                break
        if target is None:
            target = _by_first_name(name, seen_by_author, comment, thread)
        mentions.append(Mention(text="@" + name, kind="name", target=target))
    return mentions


def _by_first_name(name: str, seen_by_author: dict[str, int], comment: Comment, thread: Thread) -> str | None:
    """ "@Jolene" for "Jolene Carver": only when exactly one earlier author has that first name."""
    wanted = name.casefold()
    if len(wanted) < 2:
        return None
    matches = [
        index
        for author, index in seen_by_author.items()
        if index != comment.index and author.split(" ", 1)[0].rstrip(".,") == wanted
    ]
    return thread.comments[matches[0]].id if len(matches) == 1 else None
