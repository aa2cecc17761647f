"""A count and its noun, singular only for one: the one helper every output's counted words go through,
so no line says "1 comments" or "0 thread". Kept apart from the report's wording so that commands
which never build a report (aliases, review) use it without importing the report."""

from __future__ import annotations


def noun_for(number: int, noun: str, plural: str | None = None) -> str:
    """ "comment" for one, "comments" for any other number (0 too); `plural` where "s" is wrong ("replies")."""
    if number == 1:
        return noun
    return plural if plural is not None else f"{noun}s"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 thread", "2 threads", "0 threads": a count and its noun, plural only when it is not one."""
    return f"{number} {noun_for(number, noun, plural)}"
