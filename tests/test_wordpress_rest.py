"""WordPress REST API comments saved as a JSON array: one thread per post."""

from __future__ import annotations

import json

from moderation.parsing import detect_format, parse_bytes, wordpress_rest
from moderation.parsing.source import Source


def comment(comment_id, post=7, parent=0, **fields) -> dict:
    record = {"id": comment_id, "post": post, "parent": parent, "author": 0, "author_name": f"n{comment_id}",
              "date_gmt": "2022-05-01T10:00:00", "content": {"rendered": f"<p>c{comment_id}</p>"}, "type": "comment",
              "status": "approved"}  # fmt: skip
    record.update(fields)
    return record


def test_detected_and_read_per_post_with_utc_times_and_trash_deleted():
    data = json.dumps([comment(1), comment(2, parent=1, status="trash"), comment(3, post=8)], indent=2).encode()
    assert detect_format(Source.from_bytes(data)) == "wordpress-json"
    first, second = parse_bytes(data)
    assert [(c.id, c.parent_id, c.status) for c in first.comments] == [("1", None, "visible"), ("2", "1", "deleted")]
    assert first.comments[0].posted_at.isoformat() == "2022-05-01T10:00:00+00:00"
    assert second.id == "8"


def test_other_arrays_are_not_wordpress_comments():
    assert wordpress_rest.sniff(Source.from_bytes(b'[{"id": 1, "post": 2, "content": "text"}]')) == 0
