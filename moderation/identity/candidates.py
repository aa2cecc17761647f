"""Which pairs of names are worth comparing at all, found without comparing every pair.

A big dump has tens of thousands of names; comparing all pairs is quadratic. Pairs are proposed only
by blocks: names sharing an identity key, names sharing a name-blocking key (then checked with
rapidfuzz), and names posting close together in one thread (each comment against a few neighbours).
"""

from __future__ import annotations

from datetime import timedelta

from moderation.identity.names import SIMILAR_NAME, blocking_keys, name_similarity
from moderation.identity.profiles import Appearance, Run

# A name block larger than this is a common word ("john"), not evidence; its pairs are skipped.
MAX_NAME_BLOCK = 60
CLOSE_IN_TIME = timedelta(minutes=45)
NEIGHBOURS = 6  # earlier comments of a thread each comment is paired with


def pair(first: str, second: str) -> tuple[str, str]:
    return (first, second) if first <= second else (second, first)


def similar_name_pairs(run: Run) -> set[tuple[str, str]]:
    blocks: dict[str, list[str]] = {}
    for name, profile in run.profiles.items():
        if profile.signed is None:
            for key in blocking_keys(name):
                blocks.setdefault(key, []).append(name)
    found: set[tuple[str, str]] = set()
    for names in blocks.values():
        if len(names) < 2 or len(names) > MAX_NAME_BLOCK:
            continue
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                key = pair(first, second)
                if key not in found and name_similarity(first, second) >= SIMILAR_NAME:
                    found.add(key)
    return found


def close_in_thread_pairs(run: Run) -> dict[tuple[str, str], set[str]]:
    """Pairs posting near each other in a thread -> the threads where they did."""
    by_thread: dict[str, list[tuple[Appearance, str]]] = {}
    for name, profile in run.profiles.items():
        for appearance in profile.appearances:
            by_thread.setdefault(appearance.thread_id, []).append((appearance, name))
    found: dict[tuple[str, str], set[str]] = {}
    for thread_id, entries in by_thread.items():
        timed = all(a.posted_at is not None for a, _ in entries)
        entries.sort(key=lambda entry: (entry[0].posted_at, entry[0].order) if timed else entry[0].order)
        for position, (appearance, name) in enumerate(entries):
            seen = 0
            for earlier, other in reversed(entries[max(0, position - 4 * NEIGHBOURS) : position]):
                if timed and appearance.posted_at - earlier.posted_at > CLOSE_IN_TIME:
                    break
                if other == name:
                    continue
                key = (name, other) if name <= other else (other, name)  # pair(), inlined: the hot loop
                found.setdefault(key, set()).add(thread_id)
                seen += 1
                if seen >= NEIGHBOURS:
                    break
    return found
