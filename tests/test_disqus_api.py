"""Disqus API answers saved as JSON, and a frame's thread data saved alone."""

from __future__ import annotations

import json

from moderation.parsing import detect_format, disqus_api, parse_bytes
from moderation.parsing.source import Source


def post(post_id, parent=None, thread="t1", **fields) -> dict:
    author = {"name": f"n{post_id}", "username": f"u{post_id}"}
    record = {"id": str(post_id), "parent": parent, "thread": thread, "forum": "quay", "message": f"<p>m{post_id}</p>",
              "createdAt": "2021-01-01T00:00:00", "author": author}  # fmt: skip
    record.update(fields)
    return record


def test_an_api_page_is_read_per_thread_and_a_last_page_is_complete():
    answer = {"cursor": {"hasNext": False}, "code": 0, "response": [post(1), post(2, 1), post(3, thread="t2")]}
    data = json.dumps(answer).encode()
    assert detect_format(Source.from_bytes(data)) == "disqus-json"
    first, second = parse_bytes(data)
    assert [(c.id, c.parent_id) for c in first.comments] == [("1", None), ("2", "1")]
    assert (second.id, first.incomplete, second.incomplete) == ("t2", False, False)


def test_saved_thread_data_reads_as_its_frame_would():
    data = json.dumps(
        {"response": {"thread": {"id": "t9", "title": "Pier", "posts": 1}, "posts": [post(5, thread="t9")]}}
    )
    (thread,) = parse_bytes(data.encode())
    assert (thread.id, thread.title, thread.source_format, [c.id for c in thread.comments]) == (
        "t9", "Pier", "disqus-json", ["5"],
    )  # fmt: skip


def test_a_pretty_printed_answer_is_recognised():
    answer = {"cursor": {"hasNext": True}, "code": 0, "response": [post(1)]}
    assert detect_format(Source.from_bytes(json.dumps(answer, indent=4).encode())) == "disqus-json"


def test_other_api_answers_are_not_disqus():
    assert disqus_api.sniff(Source.from_bytes(b'{"code": 0, "response": [{"name": "forum"}]}')) == 0
