"""The Substack comment-JSON reader: nested children, deletions, folded replies, hostile records."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes, substack_json
from moderation.parsing.source import Source


def comment(comment_id, *children, **fields) -> dict:
    record = {
        "id": comment_id,
        "body": f"words of {comment_id}",
        "date": "2025-06-01T12:00:00.000Z",
        "ancestor_path": "",
        "post_id": 7,
        "name": f"reader {comment_id}",
        "user_id": comment_id * 10,
        "reactions": {},
        "deleted": False,
        "children_count": len(children),
        "children": list(children),
    }
    record.update(fields)
    return record


def response(*comments, **fields) -> bytes:
    return json.dumps({"comments": list(comments), **fields}).encode()


def test_detected_as_substack_json():
    assert detect_format(Source.from_bytes(response(comment(1)))) == "substack-json"


def test_other_json_with_a_comments_list_is_not_substack():
    commento = b'{"comments": [{"commentHex": "a", "parentHex": "root", "markdown": "x"}], "commenters": []}'
    assert substack_json.sniff(Source.from_bytes(commento)) == 0
    assert substack_json.sniff(Source.from_bytes(b'[{"id": 1, "body": "x", "children": []}]')) == 0


def test_children_become_replies_in_order_at_any_depth():
    chain = comment(99)
    for number in range(98, 0, -1):
        chain = comment(number, chain)
    (thread,) = parse_bytes(response(chain, comment(500)))
    assert [c.id for c in thread.comments][:3] == ["1", "2", "3"]
    assert thread.comments[98].depth == 99 and thread.comments[98].parent_id == "98"
    assert thread.comments[-1].id == "500" and thread.comments[-1].parent_id is None
    assert thread.id == "substack-post-7" and not thread.incomplete


def test_deleted_comment_keeps_its_place_and_its_replies():
    deleted = comment(2, comment(3), body=None, name=None, user_id=None, deleted=True)
    (thread,) = parse_bytes(response(comment(1, deleted)))
    by_id = {c.id: c for c in thread.comments}
    assert by_id["2"].status == "deleted" and by_id["2"].text == "" and by_id["2"].author == "Anonymous"
    assert by_id["3"].parent_id == "2" and by_id["3"].status == "visible"


def test_folded_replies_and_a_next_page_mark_the_thread_incomplete():
    folded = comment(1, comment(2), children_count=4)
    (thread,) = parse_bytes(response(folded))
    assert thread.incomplete and "3 replies folded away" in thread.unread[0]
    (paged,) = parse_bytes(response(comment(1), more=True))
    assert paged.incomplete and '"more": true' in paged.unread[0]


def test_same_user_id_gives_the_same_author_key_across_names():
    (thread,) = parse_bytes(response(comment(1, user_id=42, name="Old Name"), comment(2, user_id=42, name="New")))
    assert thread.comments[0].author_key == thread.comments[1].author_key is not None


def test_records_that_are_not_comments_are_skipped_and_said():
    (thread,) = parse_bytes(response(comment(1), "stray", {"body": "no id"}), "substack-json")
    assert [c.id for c in thread.comments] == ["1"]
    assert any("2 items" in warning for warning in thread.warnings)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(["id", "body", "date", "name", "user_id", "handle", "deleted", "children_count", "post_id"])
RECORDS = st.recursive(
    st.dictionaries(FIELDS, JSON_VALUES, max_size=6) | JSON_VALUES,
    lambda inner: st.builds(
        lambda record, kids: {**record, "children": kids},
        st.dictionaries(FIELDS, JSON_VALUES),
        st.lists(inner, max_size=3),
    ),
    max_leaves=10,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(comments=st.lists(RECORDS, max_size=5), more=JSON_VALUES)
def test_any_field_values_give_a_thread_or_a_parse_error(comments, more):
    data = json.dumps({"comments": comments, "more": more}).encode()
    try:
        threads = parse_bytes(data, "substack-json")
    except ParseError as error:
        assert str(error)
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))
        assert all(isinstance(c.author, str) and isinstance(c.text, str) for c in thread.comments)
        assert all(c.posted_at is None or c.posted_at.tzinfo is not None for c in thread.comments)


@settings(deadline=None)
@given(cut=st.integers(min_value=0, max_value=400))
def test_truncated_response_is_a_parse_error_or_fewer_comments(cut):
    data = response(comment(1, comment(2, comment(3))), comment(4))
    try:
        threads = parse_bytes(data[:cut], "substack-json")
    except ParseError:
        return
    assert sum(len(t.comments) for t in threads) <= 4
