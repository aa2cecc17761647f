"""Mentions: names and shown times resolve to the nearest earlier comment that fits."""

from __future__ import annotations

from datetime import datetime, timezone

from moderation.assemble import RawComment, assemble_thread
from moderation.mentions import find_mentions
from moderation.thread import Thread


def thread_of(*comments):
    raws = [
        RawComment(ref=str(n), parent_ref=None, author=author, text=text, posted_at=posted)
        for n, (author, text, posted) in enumerate(comments, start=1)
    ]
    thread = assemble_thread(Thread(id="t"), raws)
    find_mentions(thread)
    return thread


def at(hour, minute):
    return datetime(2021, 3, 31, hour, minute, tzinfo=timezone.utc)


def test_name_mentions_resolve_to_the_latest_earlier_comment_by_that_author():
    thread = thread_of(
        ("Dave K", "first", None), ("Mara", "x", None), ("Dave K", "second", None), ("Ed", "@Dave K you again?", None)
    )
    [mention] = thread.comments[3].mentions
    assert (mention.text, mention.kind, mention.target) == ("@Dave K", "name", "3")


def test_first_name_resolves_only_when_unambiguous():
    thread = thread_of(("Jolene Carver", "a", None), ("Ed", "@Jolene no", None))
    assert thread.comments[1].mentions[0].target == "1"
    ambiguous = thread_of(("Jo Carver", "a", None), ("Jo Smith", "b", None), ("Ed", "@Jo no", None))
    assert ambiguous.comments[2].mentions[0].target is None


def test_time_mentions_are_not_also_names_and_resolve_by_shown_time():
    thread = thread_of(
        ("Anonymous", "Aid is aid.", at(9, 50)),
        ("Anonymous", "@9:50 no it is not", at(10, 2)),
        ("Anonymous", "1:42 asked who", at(14, 0)),
    )
    [mention] = thread.comments[1].mentions
    assert (mention.kind, mention.target) == ("time", "1")
    [unresolved] = thread.comments[2].mentions
    assert (unresolved.kind, unresolved.text, unresolved.target) == ("time", "1:42 asked", None)


def test_email_addresses_are_not_mentions():
    thread = thread_of(("Mara", "write to mara@example.test", None))
    assert not thread.comments[0].mentions
