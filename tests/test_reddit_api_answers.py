"""Reddit records as the Pushshift and Arctic Shift APIs answer them: {"data": [...]}, flat records or
t1 things carrying their replies and "more" stubs (audit round 5: such answers were not read)."""

from __future__ import annotations

import json

from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.source import Source


def record(comment_id, parent, created=1600000000, **fields) -> dict:
    return dict(
        id=comment_id, parent_id=parent, link_id="t3_post", author=f"user_{comment_id}", body=f"said {comment_id}",
        created_utc=created, subreddit="quay", **fields,
    )  # fmt: skip


def thing(data, replies=()) -> dict:
    listing = {"kind": "Listing", "data": {"children": list(replies)}} if replies else ""
    return {"kind": "t1", "data": dict(data, replies=listing)}


def test_a_search_answer_of_flat_comments_is_one_thread():
    answer = {"data": [record("a", "t3_post"), record("b", "t1_a", 1600000100)], "metadata": {"total_results": 2}}
    data = json.dumps(answer).encode()
    assert detect_format(Source.from_bytes(data)) == "reddit"
    (thread,) = parse_bytes(data)
    assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [("a", None, 1), ("b", "a", 2)]


def test_a_tree_answer_keeps_nested_replies_and_its_more_stubs():
    more = {"kind": "more", "data": {"count": 4, "children": ["m1", "m2"], "parent_id": "t1_a", "id": "m1"}}
    tree = thing(record("a", "t3_post"), [thing(record("b", "t1_a")), more])
    for data in (json.dumps({"data": [tree]}).encode(), json.dumps([tree]).encode()):
        (thread,) = parse_bytes(data, "reddit")
        assert [(c.id, c.depth) for c in thread.comments] == [("a", 1), ("b", 2)]
        assert thread.incomplete and any("under a" in reason for reason in thread.unread)


def test_other_data_arrays_are_not_reddit():
    from moderation.parsing import reddit

    assert reddit.sniff(Source.from_bytes(b'{"data": [{"name": "x", "value": 3}]}')) == 0
