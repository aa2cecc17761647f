"""Isso's JSON import format: a list of threads with flat comments, local times read in --timezone."""

from __future__ import annotations

import json
from datetime import timedelta, timezone

import pytest

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, detect_format, isso_json, parse_bytes
from moderation.parsing.source import Source


def isso(*threads) -> bytes:
    return json.dumps(list(threads)).encode()


def thread(thread_id, *comments, title="A page") -> dict:
    return {"id": thread_id, "title": title, "comments": list(comments)}


def comment(comment_id, created="2020-01-02 03:04:05", **fields) -> dict:
    record = {"id": comment_id, "author": f"name {comment_id}", "email": "", "website": "", "remote_addr": ""}
    record.update(created=created, text=f"text {comment_id}", **fields)
    return record


def test_detected_and_each_thread_read_in_time_order_flat_with_a_warning():
    data = isso(thread("/a/", comment(2, "2020-01-02 10:00:00"), comment(1, "2020-01-02 09:00:00")), thread("/b/"))
    assert detect_format(Source.from_bytes(data)) == "isso"
    first, second = parse_bytes(data)
    assert [(c.id, c.parent_id, c.depth) for c in first.comments] == [("1", None, 1), ("2", None, 1)]
    assert any("keeps no replies" in warning for warning in first.warnings)
    assert (second.id, second.comments, second.warnings) == ("/b/", [], [])


def test_created_is_a_local_time_read_in_the_zone_given():
    zone = timezone(timedelta(hours=2))
    (read,) = parse_bytes(isso(thread("/a/", comment(1))), "isso", options=ParseOptions(default_timezone=zone))
    assert read.comments[0].posted_at.isoformat() == "2020-01-02T03:04:05+02:00"


def test_the_unspecified_address_is_no_identity():
    (read,) = parse_bytes(isso(thread("/a/", comment(1, remote_addr="0.0.0.0"), comment(2, remote_addr="0.0.0.0"))))
    assert all(c.author_key is None and not c.identity_keys for c in read.comments)


@pytest.mark.parametrize("data", [b"[]", isso({"id": "/a/", "title": "no comments list"})])
def test_a_file_with_no_isso_thread_is_refused(data):
    with pytest.raises(ParseError):
        parse_bytes(data, "isso")


def test_other_json_lists_are_not_isso():
    assert isso_json.sniff(Source.from_bytes(b'[{"id": 1, "title": "t", "comments": 4}]')) == 0
