"""The Commento parser: its JSON export, one thread per page."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import commento, detect_format, parse_bytes, parse_path
from moderation.parsing.source import Source

REAL_EXPORT = SHARED / "data" / "real-exports" / "remark42" / "commento.json"


def export(*comments, commenters=()) -> bytes:
    return json.dumps({"version": 1, "comments": list(comments), "commenters": list(commenters)}).encode()


def comment(hex_id, parent="root", page="/p", **fields) -> dict:
    record = {
        "commentHex": hex_id,
        "domain": "quay.example",
        "url": page,
        "commenterHex": "anonymous",
        "markdown": f"text of {hex_id}",
        "html": "",
        "parentHex": parent,
        "state": "approved",
        "creationDate": "2022-02-02T10:00:00Z",
        "deleted": False,
    }
    record.update(fields)
    return record


def test_detected_as_commento():
    assert detect_format(Source.from_bytes(export(comment("a")))) == "commento"


@pytest.mark.parametrize(
    "data",
    [
        b'{"schema": "moderation.threads/1", "threads": []}',
        b'{"version": 1, "posts": []}',
        b'[{"commentHex": "a", "parentHex": "root"}]',
    ],
)
def test_other_json_is_not_commento(data):
    assert commento.sniff(Source.from_bytes(data)) == 0


def test_real_export_groups_pages_and_resolves_commenters():
    threads = parse_path(require_shared(REAL_EXPORT))
    assert sum(len(thread.comments) for thread in threads) == 3
    assert len(threads) == 2
    reply = next(c for thread in threads for c in thread.comments if c.id.startswith("ea5f7bcd"))
    assert reply.author == "Saturnin Uf" and reply.text == "Great reply!"
    assert reply.parent_id.startswith("7d77e39f")
    anonymous = next(c for thread in threads for c in thread.comments if c.id.startswith("e706"))
    assert anonymous.author == "Anonymous" and anonymous.parent_id is None


def test_states_and_deletion_map_to_statuses():
    threads = parse_bytes(
        export(
            comment("a"),
            comment("b", state="unapproved"),
            comment("c", state="flagged"),
            comment("d", deleted=True, markdown="[deleted]"),
        )
    )
    statuses = {c.id: c.status for c in threads[0].comments}
    assert statuses == {"a": "visible", "b": "pending", "c": "spam", "d": "deleted"}


def test_html_is_read_only_when_the_markdown_is_empty():
    [thread] = parse_bytes(export(comment("a", markdown="", html="<p>one &amp; two</p><p>three</p>")))
    assert thread.comments[0].text == "one & two\n\nthree"


def test_go_dates_with_nanoseconds_and_the_zero_time():
    [thread] = parse_bytes(
        export(
            comment("a", creationDate="2022-02-02T10:00:00.123456789+01:00"),
            comment("b", creationDate="0001-01-01T00:00:00Z"),
        )
    )
    dates = {c.id: c.posted_at for c in thread.comments}
    assert dates["a"].isoformat() == "2022-02-02T10:00:00.123456+01:00"
    assert dates["b"] is None


def test_unknown_commenter_keeps_its_account_as_identity_and_is_warned_about():
    [thread] = parse_bytes(export(comment("a", commenterHex="ghost")))
    assert thread.comments[0].author == ""
    assert thread.comments[0].author_key.startswith("user_id:")
    assert any("commenter the export does not list" in warning for warning in thread.warnings)


@pytest.mark.parametrize(
    "data, message",
    [
        (b'{"version": 1, "comments": {}}', '"comments" list'),
        (b'{"version": 1, "comments": [1, "x"]', "invalid JSON"),
        (b'{"version": 1, "comments": [1, "x", {"markdown": "no id"}]}', "no Commento comment"),
    ],
)
def test_malformed_exports_are_one_line_errors(data, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(data, "commento")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    ["commentHex", "parentHex", "commenterHex", "markdown", "html", "url", "domain", "state", "creationDate", "deleted"]
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    comments=st.lists(st.dictionaries(FIELDS, JSON_VALUES) | JSON_VALUES, max_size=6),
    commenters=st.lists(
        st.dictionaries(st.sampled_from(["commenterHex", "name", "email", "link"]), JSON_VALUES) | JSON_VALUES,
        max_size=3,
    ),
)
def test_any_field_values_give_threads_or_a_parse_error(comments, commenters):
    data = json.dumps({"version": 1, "comments": comments, "commenters": commenters}).encode()
    try:
        threads = parse_bytes(data, "commento")
    except ParseError:
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))
        assert all(isinstance(c.author, str) and isinstance(c.text, str) for c in thread.comments)


def test_detected_when_the_head_sample_holds_only_commenters():
    people = [{"commenterHex": f"c{n}", "name": "x" * 200} for n in range(400)]
    data = json.dumps({"version": 1, "commenters": people, "comments": [comment("a")]}).encode()
    assert detect_format(Source.from_bytes(data)) == "commento"
    assert len(parse_bytes(data)[0].comments) == 1
