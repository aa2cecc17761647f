"""A Disqus frame fetched without running its script: its posts only in the thread-data JSON.

Frames here are written for the test, in our own words, in the shape Disqus's frame carries.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.disqus_thread_data import MORE_POSTS_UNREAD
from moderation.parsing.source import Source


def post(ref, parent, name, message, created, username="", **flags):
    author = {"name": name, "username": username, "isAnonymous": not username}
    return {"id": ref, "parent": parent, "author": author, "message": message, "createdAt": created, **flags}


POSTS = [
    post("9001", None, "Wren", "<p>The new timetable skips <a href='https://bus.example/14'>line 14</a>.</p>",
         "2022-09-01T07:30:00", username="wren_k"),
    post("9002", 9001, "Ike", "<p>It runs on weekends only.</p>", "2022-09-01T08:00:00"),
    post("9003", None, "", "", "2022-09-02T09:00:00", isDeleted=True),
    post("9004", None, "Spammy", "<p>cheap watches</p>", "2022-09-02T10:00:00", isSpam=True),
]  # fmt: skip


def raw_frame(posts, has_next=False, declared=None) -> bytes:
    thread = {"id": "555", "link": "https://paper.example/timetable", "clean_title": "New bus timetable"}
    if declared is not None:
        thread["posts"] = declared
    data = {"code": 0, "cursor": {"hasNext": has_next, "next": "1:0:0"}, "response": {"thread": thread, "posts": posts}}
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Disqus Comments</title></head><body>"
        "<div id='layout' data-tracking-area='layout'></div>"
        f'<script type="text/json" id="disqus-threadData">{json.dumps(data)}</script>'
        "<script src='https://c.disquscdn.com/next/embed/lounge.load.js'></script></body></html>"
    ).encode()


def test_a_raw_frame_is_read_as_disqus_html():
    assert detect_format(Source.from_bytes(raw_frame(POSTS), name="embed.html")) == "disqus-html"


def test_posts_become_comments_with_parents_authors_and_times():
    (thread,) = parse_bytes(raw_frame(POSTS, declared=4), "disqus-html")
    assert thread.title == "New bus timetable" and thread.url == "https://paper.example/timetable"
    by_id = {comment.id: comment for comment in thread.comments}
    assert list(by_id) == ["9001", "9002", "9003", "9004"]
    assert by_id["9002"].parent_id == "9001" and by_id["9002"].depth == 2
    assert by_id["9001"].author == "Wren" and by_id["9001"].author_key is not None
    assert by_id["9002"].author_key is None  # a guest's name is no account
    assert by_id["9001"].posted_at == datetime(2022, 9, 1, 7, 30, tzinfo=timezone.utc)
    assert by_id["9001"].text == "The new timetable skips line 14."
    assert by_id["9001"].links == ("https://bus.example/14",)
    assert (by_id["9003"].status, by_id["9004"].status) == ("deleted", "spam")
    assert thread.declared_comment_count == 4 and not thread.unread


def test_more_posts_than_the_first_page_mark_the_thread_unread():
    (thread,) = parse_bytes(raw_frame(POSTS[:2], has_next=True), "disqus-html")
    assert len(thread.comments) == 2 and thread.unread == [MORE_POSTS_UNREAD]


def test_thread_data_that_is_not_disqus_json_gives_no_comments():
    page = raw_frame(POSTS).replace(b'{"code": 0', b'{"code": [0')
    (thread,) = parse_bytes(page, "disqus-html")
    assert thread.comments == []


def test_odd_posts_are_passed_over():
    odd = [{"id": True}, "text", {"parent": 1}, post(7, None, "  Ada  ", "<p>Fine.</p>", "not a date")]
    (thread,) = parse_bytes(raw_frame(odd), "disqus-html")
    assert [(c.id, c.author, c.posted_at) for c in thread.comments] == [("7", "Ada", None)]


def test_a_rendered_frame_is_not_read_twice():
    rendered = (
        b"<ul id='post-list'><li class='post' id='post-9001'><div class='post-body'>"
        b"<span class='author'>Wren</span><div class='post-message'><p>Rendered.</p></div></div></li></ul>"
    )
    page = raw_frame(POSTS).replace(b"<div id='layout' data-tracking-area='layout'></div>", rendered)
    (thread,) = parse_bytes(page, "disqus-html")
    assert [(c.id, c.text) for c in thread.comments] == [("9001", "Rendered.")]
