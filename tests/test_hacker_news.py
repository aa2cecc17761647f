"""Hacker News items: Algolia's nested tree and the official API's flat items (array or lines)."""

from __future__ import annotations

import json

from moderation.parsing import detect_format, hacker_news, parse_bytes
from moderation.parsing.source import Source


def item(item_id, parent, **fields) -> dict:
    return {"id": item_id, "parent": parent, "by": f"u{item_id}", "text": f"t{item_id}", "time": 1600000000 + item_id,
            "type": "comment", **fields}  # fmt: skip


def test_flat_items_find_their_story_through_their_parents():
    story = {"id": 1, "type": "story", "by": "desk", "title": "Pier", "descendants": 2, "kids": [2], "time": 1600000000}
    items = [item(3, 2), story, item(2, 1, kids=[3])]
    for data in (json.dumps(items).encode(), "\n".join(map(json.dumps, items)).encode()):
        assert detect_format(Source.from_bytes(data)) == "hacker-news"
        (thread,) = parse_bytes(data)
        assert (thread.id, thread.title, thread.incomplete) == ("1", "Pier", False)
        assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [("2", None, 1), ("3", "2", 2)]


def test_a_comment_subtree_from_algolia_keeps_its_root_as_an_orphan():
    reply = {"id": 8, "type": "comment", "author": "b", "text": "y", "created_at_i": 2, "parent_id": 7, "story_id": 4}
    subtree = {"id": 7, "type": "comment", "author": "a", "text": "x", "created_at_i": 1, "parent_id": 5,
               "story_id": 4, "children": [dict(reply, children=[])]}  # fmt: skip
    (thread,) = parse_bytes(json.dumps(subtree).encode())
    assert thread.id == "4"
    assert [(c.id, c.depth, c.orphan) for c in thread.comments] == [("7", 1, True), ("8", 2, False)]


def test_other_json_with_ids_and_types_is_not_hacker_news():
    assert hacker_news.sniff(Source.from_bytes(b'[{"id": "a", "type": "comment"}]')) == 0
    wordpress_rest = {"id": 3, "post": 7, "parent": 0, "author_name": "A", "date_gmt": "2022-05-01T10:00:00",
                      "content": {"rendered": "<p>x</p>"}, "type": "comment"}  # fmt: skip
    assert hacker_news.sniff(Source.from_bytes(json.dumps([wordpress_rest]).encode())) == 0
