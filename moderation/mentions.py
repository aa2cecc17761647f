"""Find where a comment points at another reader: "@Mara", "@9:50", "1:42 asked".

Blogger threads only two levels deep, so readers name the comment they answer in the text, by the
author's name or, for anonymous posters, by the time shown on it. Mentions resolve to the nearest
earlier comment that fits; one that fits none is kept with no target.
"""

from __future__ import annotations

import re
from bisect import bisect_left

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
    earlier = EarlierComments(thread.comments, thread.shown_zone)
    for comment in thread.comments:  # already in pre-order: every comment after those it can answer
        text = comment.text
        # Most comments hold neither ":" nor "@": skip the patterns (a tenth of the parse time otherwise).
        found = _time_mentions(comment, earlier) if ":" in text else []
        if "@" in text:
            found += _name_mentions(comment, earlier)
        if found:
            known = {(m.text, m.kind) for m in comment.mentions}
            comment.mentions = [*comment.mentions, *(m for m in found if (m.text, m.kind) not in known)]


class EarlierComments:
    """Who posted what and when, for lookups restricted to the comments before a given one.

    Built on first use: most threads mention no one, and a million-comment dump should not pay for
    indexes it never reads.
    """

    def __init__(self, comments: list[Comment], shown_zone=None) -> None:
        self.comments = comments
        self.shown_zone = shown_zone  # readers quote the clock the page showed them
        self._by_author: dict[str, list[int]] | None = None
        self._by_first_name: dict[str, list[tuple[int, str]]] | None = None
        self._by_clock: dict[tuple[int, int], list[int]] | None = None

    def latest_by(self, folded_name: str, before: int) -> Comment | None:
        """The latest comment before `before` whose author is this name (casefolded)."""
        if self._by_author is None:
            self._by_author = {}
            for comment in self.comments:
                if comment.author:
                    self._by_author.setdefault(comment.author.casefold(), []).append(comment.index)
        indexes = self._by_author.get(folded_name, ())
        position = bisect_left(indexes, before)
        return self.comments[indexes[position - 1]] if position else None

    def only_author_with_first_name(self, first_name: str, before: int) -> str | None:
        """The one casefolded author name before `before` whose first word is this, or None (none or several).

        Indexed by first name with each author's first comment, so a dump full of "@names" that match
        no author stays linear instead of scanning every author per mention.
        """
        if self._by_first_name is None:
            self.latest_by("", before)  # builds the author index
            self._by_first_name = {}
            for name, indexes in self._by_author.items():
                self._by_first_name.setdefault(name.split(" ", 1)[0].rstrip(".,"), []).append((indexes[0], name))
            for firsts in self._by_first_name.values():
                firsts.sort()
        firsts = self._by_first_name.get(first_name, ())
        if len(firsts) == 0 or firsts[0][0] >= before:
            return None
        if len(firsts) > 1 and firsts[1][0] < before:
            return None
        return firsts[0][1]

    def shown(self, comment: Comment):
        """The comment's time on the page's clock."""
        return comment.posted_at.astimezone(self.shown_zone) if self.shown_zone else comment.posted_at

    def shown_at(self, hour12: int, minute: int, before: int) -> list[Comment]:
        """Comments before `before` shown at this 12-hour clock time, latest first."""
        if self._by_clock is None:
            self._by_clock = {}
            for comment in self.comments:
                if comment.posted_at is not None:
                    shown = self.shown(comment)
                    key = (shown.hour % 12, shown.minute)
                    self._by_clock.setdefault(key, []).append(comment.index)
        indexes = self._by_clock.get((hour12, minute), ())
        return [self.comments[i] for i in reversed(indexes[: bisect_left(indexes, before)])]


def _time_mentions(comment: Comment, earlier: EarlierComments) -> list[Mention]:
    mentions = []
    spans = set()
    for pattern in (_AT_TIME, _TIME_VERB, _LEADING_TIME):
        for match in pattern.finditer(comment.text):
            if match.span(1) in spans:
                continue
            spans.add(match.span(1))
            target = _comment_at_time(match.group(1), match.group(2), earlier, comment.index)
            mentions.append(Mention(text=match.group(0).strip(), kind="time", target=target))
    return mentions


def _comment_at_time(clock: str, meridiem: str | None, earlier: EarlierComments, before: int) -> str | None:
    """The latest earlier comment shown at that time (12-hour clock unless am/pm says which half)."""
    hour, minute = (int(part) for part in clock.split(":"))
    if minute > 59 or hour > 23:
        return None
    for candidate in earlier.shown_at(hour % 12, minute, before):
        if not meridiem:
            return candidate.id
        wanted = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
        if earlier.shown(candidate).hour == wanted:
            return candidate.id
    return None


def _name_mentions(comment: Comment, earlier: EarlierComments) -> list[Mention]:
    mentions = []
    for match in _AT_NAME.finditer(comment.text):
        found, name = named_comment(match.group(1).rstrip(".'\"").split(" "), earlier, comment.index)
        mentions.append(Mention(text="@" + name, kind="name", target=None if found is None else found.id))
    return mentions


def named_comment(words: list[str], earlier: EarlierComments, before: int) -> tuple[Comment | None, str]:
    """The latest comment before `before` by the author these words name, and the name as written.

    The longest run of words that names an earlier author wins ("Dave K thanks" -> "Dave K"); else the
    first word as a first name that exactly one earlier author has ("Jolene" for "Jolene Carver").
    """
    name = words[0].rstrip(".,'\"")
    for length in range(len(words), 0, -1):
        candidate = " ".join(words[:length]).rstrip(".,'\"")
        found = earlier.latest_by(candidate.casefold(), before)
        if found is not None:
            return found, candidate
    wanted = name.casefold()
    if len(wanted) < 2:
        return None, name
    author = earlier.only_author_with_first_name(wanted, before)
    return (None if author is None else earlier.latest_by(author, before)), name
