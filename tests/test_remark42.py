"""The Remark42 backup reader: JSON lines, the site's metadata first, one thread per page."""

from __future__ import annotations

import gzip
import json

import pytest

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.source import Source

META = {"version": 1, "users": [], "posts": [{"url": "https://quay.example/a", "read_only": False}]}


def comment(comment_id, pid="", url="https://quay.example/a", **fields) -> dict:
    record = {
        "id": comment_id,
        "pid": pid,
        "text": f"<p>words of {comment_id}</p>",
        "user": {"name": f"name {comment_id}", "id": f"github_{comment_id}", "ip": "0a0b", "admin": False},
        "locator": {"site": "quay", "url": url},
        "score": 0,
        "votes": {},
        "time": "2021-05-06T07:08:09Z",
    }
    record.update(fields)
    return record


def backup(*records, meta=META) -> bytes:
    lines = ([json.dumps(meta)] if meta is not None else []) + [json.dumps(record) for record in records]
    return ("\n".join(lines) + "\n").encode()


def test_a_gzipped_backup_is_detected_and_read_per_page():
    data = gzip.compress(backup(comment("a1"), comment("a2", pid="a1"), comment("b1", url="https://quay.example/b")))
    assert detect_format(Source.from_bytes(data)) == "remark42"
    threads = parse_bytes(data)
    assert [(t.id, [(c.id, c.parent_id, c.depth) for c in t.comments]) for t in threads] == [
        ("https://quay.example/a", [("a1", None, 1), ("a2", "a1", 2)]),
        ("https://quay.example/b", [("b1", None, 1)]),
    ]
    assert threads[0].comments[0].text == "words of a1"


def test_comment_lines_without_the_metadata_line_are_recognised():
    assert detect_format(Source.from_bytes(backup(comment("a1"), meta=None))) == "remark42"


def test_deleted_comment_kept_without_the_placeholder_account_as_identity():
    gone = comment("a2", pid="a1", text="", delete=True, user={"name": "deleted", "id": "deleted", "ip": ""})
    other_gone = comment("a3", pid="a1", text="", delete=True, user={"name": "deleted", "id": "deleted", "ip": ""})
    (thread,) = parse_bytes(backup(comment("a1"), gone, other_gone), "remark42")
    deleted = [c for c in thread.comments if c.status == "deleted"]
    assert [c.id for c in deleted] == ["a2", "a3"]
    assert all(c.author_key is None and not c.identity_keys for c in deleted)


def test_admin_is_staff_and_go_times_keep_their_offset():
    admin = comment(
        "a1", user={"name": "Desk", "id": "email_x", "admin": True}, time="2021-05-06T07:08:09.987654321+02:00"
    )
    (thread,) = parse_bytes(backup(admin), "remark42")
    (read,) = thread.comments
    assert read.role == "admin"
    assert read.posted_at.isoformat() == "2021-05-06T07:08:09.987654+02:00"


def test_lines_that_are_no_comment_are_counted_in_a_warning():
    data = backup(comment("a1")) + b"{broken\n" + json.dumps({"id": "x"}).encode() + b"\n"
    (thread,) = parse_bytes(data, "remark42")
    assert [c.id for c in thread.comments] == ["a1"]
    assert any("2 lines" in warning and "line 3, 4" in warning for warning in thread.warnings)


def test_a_backup_holding_no_comment_is_refused():
    with pytest.raises(ParseError, match="Remark42 backup holding no comment"):
        parse_bytes(backup(), "remark42")
