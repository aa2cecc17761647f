"""The Reddit parser: /comments/ID.json listings and Reddit/Pushshift NDJSON dumps."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path

import msgspec
import pytest
from conftest import SHARED, require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import JSON_TOKENS, mutate
from renderers_json_formats import render_reddit_listing, render_reddit_ndjson
from threads_document import threads_document
from tree_specs import assert_same_tree, comment_trees

from moderation.author_keys import identity_keys, user_id_keys
from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes, parse_path, reddit
from moderation.parsing.source import Source

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
REAL_EXPORTS = SHARED / "data" / "real-exports"
LABELLED = SHARED / "data" / "labelled-threads"
# The sample listing's sister with Reddit's "more" stubs left in: an incomplete thread, kept out of
# sample_threads/ so that the README's first `moderate report sample_threads/` is read whole.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reddit"
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line(**fields) -> str:
    record = {"author": "reader", "body": "text", "created_utc": 1_600_000_000, "link_id": "t3_abc"}
    record.update(fields)
    return json.dumps(record)


def ndjson(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def by_id(thread):
    return {comment.id: comment for comment in thread.comments}


# -- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'[{"kind": "Listing", "data": {"children": []}}]', "reddit"),
        (b'{"kind": "Listing", "data": {"children": []}}', "reddit"),
        (ndjson(line(id="a", parent_id="t3_abc")), "reddit"),
        (ndjson('{"kind": "t1", "data": {"id": "a", "parent_id": "t3_x", "link_id": "t3_x", "body": "hi"}}'), "reddit"),
        (b'{"schema": "moderation.threads/1", "threads": []}', "json"),
    ],
)
def test_detects_reddit_dumps_and_leaves_our_own_json_alone(data, expected):
    assert detect_format(Source.from_bytes(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        b'{"name": "x", "items": [1, 2]}',
        b"[1, 2, 3]",
        b'[{"title": "a list of posts"}]',
        b'{"reply_to": null, "conversation_id": "c"}',
    ],
)
def test_other_json_is_not_reddit(data):
    assert reddit.sniff(Source.from_bytes(data)) == 0


def test_sniff_reads_a_first_line_longer_than_the_head_sample():
    long_line = line(id="a", parent_id="t3_abc", body="x" * 70_000)
    assert detect_format(Source.from_bytes(ndjson(long_line, long_line))) == "reddit"


# -- listing -----------------------------------------------------------------------------------


def test_listing_keeps_every_comment_nesting_and_unloaded_counts():
    [thread] = parse_path(FIXTURES / "listing_with_more_stubs.json")
    assert thread.id == "17ebl1b"
    assert thread.title == "Council votes to cut Eastbrook library hours to three days a week"
    assert thread.url.startswith("https://www.reddit.com/r/eastbrook/comments/17ebl1b/")
    assert "Mill Street & Carver Lane" in thread.body  # &amp; decoded once
    assert thread.declared_comment_count == 28
    assert 15 <= len(thread.comments) <= 25 and thread.max_depth == 4
    comments = by_id(thread)
    assert comments["k1d"].path == "1.1.1.1" and comments["k1d"].parent_id == "k1c"
    assert comments["k1c"].text.endswith("under <Agendas>.")
    assert comments["k5a"].status == "deleted" and comments["k5a"].author == "[deleted]"
    assert comments["k5b"].parent_id == "k5a"
    assert thread.unread == [
        "'more' stub under k3a: 3 replies not in this dump",
        "'more' stub at top level: 5 replies not in this dump",
    ]
    assert thread.incomplete and set(thread.unread) <= set(thread.warnings)
    assert not any(comment.orphan for comment in thread.comments)


def test_listing_comment_whose_parent_was_not_loaded_is_an_orphan():
    """A listing saved from a single comment's permalink starts below the submission."""
    comment = {
        "kind": "t1",
        "data": {"id": "b", "parent_id": "t1_a", "link_id": "t3_abc", "author": "x", "body": "hi", "replies": ""},
    }
    data = json.dumps(
        [{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": [comment]}}]
    )
    [thread] = parse_bytes(data.encode())
    assert thread.id == "abc"
    assert thread.comments[0].orphan and thread.comments[0].source_parent_id == "a"


def test_continue_this_thread_stub_marks_the_thread_unread():
    stub = {"kind": "more", "data": {"count": 0, "id": "_", "parent_id": "t1_a", "children": []}}
    comment = {
        "kind": "t1",
        "data": {
            "id": "a",
            "parent_id": "t3_abc",
            "link_id": "t3_abc",
            "author": "x",
            "body": "hi",
            "replies": {"kind": "Listing", "data": {"children": [stub]}},
        },
    }
    data = json.dumps([{"kind": "Listing", "data": {"children": [comment]}}])
    [thread] = parse_bytes(data.encode())
    assert [c.id for c in thread.comments] == ["a"]
    assert thread.unread == ["'continue this thread' under a: deeper replies not in this dump"]
    assert thread.warnings == thread.unread


def test_listing_that_is_not_json_is_a_parse_error():
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_bytes(b'[{"kind": "Listing", "data": {"children": [', "reddit")


# -- NDJSON ------------------------------------------------------------------------------------


def test_sample_ndjson_gives_one_thread_per_submission_in_order_of_appearance():
    threads = parse_path(SAMPLES / "comments.ndjson")
    assert [t.id for t in threads] == ["1a2b3c", "1a2b9z"]
    buses, water = threads
    assert buses.title == "Harbour Road bus lane to open in March despite traders' objections"
    assert buses.body is None and buses.declared_comment_count == 12
    assert water.body.startswith("Gazette summary: the fine covers 31 spills between 2021 & 2023.")
    assert 20 <= len(buses.comments) + len(water.comments) <= 30
    assert all(c.id.startswith("d") for c in buses.comments) and all(c.id.startswith("w") for c in water.comments)
    orphan = by_id(buses)["d11"]
    assert orphan.orphan and orphan.source_parent_id == "zz99" and orphan.depth == 1
    assert by_id(buses)["d12"].parent_id == "d11"  # replies to an orphan stay under it


def test_ids_lose_their_type_prefix_and_parents_resolve():
    data = ndjson(
        line(id="b", parent_id="t1_a", created_utc=1_600_000_060),
        line(id="a", parent_id="t3_abc"),
        line(name="t1_c", parent_id="t1_b", created_utc="1600000120.5"),
    )
    [thread] = parse_bytes(data)
    assert thread.id == "abc"
    assert [(c.id, c.parent_id, c.path) for c in thread.comments] == [
        ("a", None, "1"),
        ("b", "a", "1.1"),
        ("c", "b", "1.1.1"),
    ]
    assert thread.comments[2].posted_at == datetime(2020, 9, 13, 12, 28, 40, 500000, tzinfo=timezone.utc)


def test_interleaved_ndjson_threads_read_as_the_same_records_in_a_json_array():
    """NDJSON keeps each comment's line and builds it when its thread is assembled; an array of the
    same records builds each comment as read. Both give the same threads: ids, orphan warnings and
    the handles of comments without an id (numbered in the order read) included."""
    records = [
        {"id": "a", "parent_id": "t3_one", "link_id": "t3_one", "author": "x", "body": "first", "created_utc": 5},
        {"parent_id": "t3_two", "link_id": "t3_two", "author": "y", "body": "no id, thread two"},
        {"id": "b", "link_id": "t3_one", "author": "z", "body": "no parent", "created_utc": 4},
        {"kind": "t1", "data": {"id": "c", "parent_id": "t1_a", "link_id": "t3_one", "body": "wrapped reply"}},
        {"title": "Thread two", "id": "two", "num_comments": 9},
        {"link_id": "t3_one", "author": "w", "body": "no id, no parent"},
        {"id": "d", "parent_id": "t1_zz", "link_id": "t3_two", "author_fullname": "t2_q", "body": "orphan"},
        {"name": "t1_e", "parent_id": "t3_three", "body": "thread from its parent", "spam": True},
    ]
    from_lines = parse_bytes(ndjson(*map(json.dumps, records)), "reddit")
    from_array = parse_bytes(json.dumps(records).encode(), "reddit")
    assert [t.id for t in from_lines] == ["one", "two", "three"]
    assert threads_document(from_lines) == threads_document(from_array)
    assert "comment '(no id 2)' names no parent; kept at top level as an orphan" in from_lines[0].warnings


HOSTILE_LINES = [
    b'{"id": "a", "id": "b", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "repeated id: the last counts"}',
    b'{"id": "c", "parent_id": "t1_b", "link_id": "t3_abc", "body": "caf\xc3\xa9", "x": "\xff bad byte elsewhere"}',
    b'{"id": "d", "parent_id": "t1_b", "link_id": "t3_abc", "body": "caf\xe9 in cp1252"}',
    b'{"id": "e", "parent_id": "t1_b", "link_id": "t3_abc", "body": "deep", "x": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    b'{"id": "f", "parent_id": "t1_b", "link_id": "t3_abc", "body": "deeper", "x": ' + b"[" * 1030 + b"]" * 1030 + b"}",
    b'\xef\xbb\xbf{"id": "g", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "after a BOM"}',
    b'{"id": "h", "parent_id": "t3_abc", "link_id": "t3_abc", "b\\u006fdy": "escaped key", "created_utc": 1e3}',
    b'{"id": "i", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "big", "created_utc": 123456789012345678901234}',
    b'{"id": "j", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "lone \\ud800 surrogate"}',
    b'{"id": "k", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "pair \\ud83d\\ude00", "spam": true}\r',
    b'{"id": "l", "parent_id": "t3_abc", "link_id": "t3_abc", "body": null, "author": "[deleted]", "created": 7}',
    b'{"id": 5, "parent_id": "t1_l", "link_id": "t3_abc", "body": "numeric id", "distinguished": "moderator"}',
    b'{"id": "m", "parent_id": "t1_l", "link_id": "t3_abc", "body": 3, "is_submitter": true, "created_utc": NaN}',
    b'{"id": "n", "parent_id": "b", "link_id": "t3_abc", "body": "a bare parent id", "created_utc": 9}',
    b'["not", "an", "object"]',
    b'{"id": "o", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "an author out of range", "author": 1e999}',
    b'{"id": "p", "parent_id": "t3_abc", "link_id": "t3_abc", "body": 1e999}',
    b'{"id": "q", "parent_id": "t1_b", "link_id": "t3_abc", "body": "new name", "author": "n", "author_fullname": "2"}',
    b'{"id": "r", "parent_id": "t1_b", "link_id": "t3_abc", "body": "", "author": null, "author_fullname": "2"}',
    # The fields the common line's inline build reads, each way it can go.
    b'{"id": "s", "parent_id": "t1_b", "link_id": "t3_abc", "body": "[removed]", "distinguished": "admin"}',
    b'{"id": "t", "parent_id": "t1_abc", "link_id": "t3_abc", "body": "a &amp; b\\r\\nc ", "created_utc": 2.5}',
    b'{"id": "u", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "", "author": "[deleted]", "created": "8"}',
    b'{"id": "v", "parent_id": "t1_b", "link_id": "t3_other", "body": "another thread\'s link"}',
    b'{"id": "t1_w", "parent_id": "t1_b", "link_id": "t3_abc", "body": "a prefixed id"}',
]


@pytest.mark.parametrize("raw", HOSTILE_LINES)
def test_lines_read_by_msgspec_give_what_orjson_gave(raw, monkeypatch):
    """msgspec reads the common comment line (reddit._comment_line); whatever it reads must come out
    as the general path (orjson, then json) reads it: a line mixed into a dump, both ways."""
    data = (
        ndjson(
            json.dumps({"id": "a0", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "x", "created_utc": 1}),
            json.dumps({"id": "b", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "y", "created_utc": 2}),
        )
        + raw
        + b"\n"
        + ndjson(json.dumps({"id": "z", "parent_id": "t1_b", "link_id": "t3_abc", "body": "last"}))
    )
    with_msgspec = threads_document(parse_bytes(data, "reddit"))

    def refuse(line):
        raise msgspec.DecodeError("msgspec off: every line goes the general way")

    monkeypatch.setattr(reddit, "_decode_comment_line", refuse)  # both reads: the sorting one and the building one
    assert with_msgspec == threads_document(parse_bytes(data, "reddit"))


def test_comments_built_from_runs_equal_the_general_path_field_by_field(monkeypatch):
    """The common lines' comments are built inline from runs of lines (`_Dump._build_held`, its own
    copy of RawComment's __init__): every field set, and each equal to what `add_comment` builds."""
    from dataclasses import fields

    data = ndjson(
        line(id="a", parent_id="t3_abc", author_fullname="t2_x", body=" padded &amp; \r\n"),
        line(id="b", parent_id="t1_a", author="[deleted]", body="[removed]", distinguished="moderator"),
        line(id="c", parent_id="t1_a", body="", author="[deleted]", created_utc=None, created=1.5),
        line(id="d", parent_id="t1_b", spam=True, is_submitter=True, author_fullname="t2_x"),
        line(id="e", parent_id="t3_abc", author=None, created_utc="12"),
    )
    [from_runs] = parse_bytes(data, "reddit")
    monkeypatch.setattr(reddit, "_decode_comment_line", lambda line: None)  # every line read whole
    [general] = parse_bytes(data, "reddit")
    for built, expected in zip(from_runs.comments, general.comments, strict=True):
        for field in fields(expected):
            assert getattr(built, field.name) == getattr(expected, field.name), field.name


def test_lines_held_apart_from_runs_keep_the_order_read():
    """Siblings with one time keep the order read, whether a line joined a run or was held on its own."""
    wrapped = json.dumps({"kind": "t1", "data": {"id": "w", "parent_id": "t3_abc", "link_id": "t3_abc", "body": "x"}})
    data = ndjson(
        line(id="a", parent_id="t3_abc"),  # the thread's first line: held on its own
        line(id="b", parent_id="t3_abc"),
        line(id="c", parent_id="t3_abc"),
        line(id=7, parent_id="t3_abc"),  # a numeric id: held on its own
        line(id="d", parent_id="t3_abc"),
        wrapped.replace('"body": "x"', '"body": "x", "created_utc": 1600000000'),
        line(id="e", parent_id="t3_abc"),
        line(id="f", parent_id="t3_abc"),
        line(id="g", parent_id="t3_abc"),
    )
    [thread] = parse_bytes(data, "reddit")
    assert [c.id for c in thread.comments] == ["a", "b", "c", "7", "d", "w", "e", "f", "g"]


def test_a_run_refused_whole_is_read_line_by_line(monkeypatch):
    monkeypatch.setattr(reddit, "_decode_comment_lines", lambda run: reddit._decode_comment_line(b"[]"))
    data = ndjson(line(id="a", parent_id="t3_abc"), line(id="b", parent_id="t1_a"), line(id="c", parent_id="t1_b"))
    [thread] = parse_bytes(data, "reddit")
    assert [c.path for c in thread.comments] == ["1", "1.1", "1.1.1"]


def test_msgspec_reads_valid_utf8_comment_lines_and_leaves_the_rest_to_orjson():
    assert reddit._comment_line(b'{"id": "a", "body": "caf\xc3\xa9", "skipped": [1, {"x": null}]}').body == "caf\u00e9"
    assert reddit._comment_line(b'{"id": "a", "body": "x", "skipped": "\xff"}') is None  # not UTF-8
    assert reddit._comment_line('{"id": "a", "body": "x"}') is None  # text: a UTF-16 input
    assert reddit._comment_line(b"[1]") is None


def test_siblings_are_ordered_by_time_not_by_line():
    data = ndjson(
        line(id="late", parent_id="t3_abc", created_utc=1_600_000_300),
        line(id="early", parent_id="t3_abc", created_utc=1_600_000_100),
    )
    assert [c.id for c in parse_bytes(data)[0].comments] == ["early", "late"]


def test_missing_parent_id_makes_an_orphan_with_a_warning():
    data = ndjson(line(id="a", parent_id="t3_abc"), line(id="b"))
    [thread] = parse_bytes(data)
    b = by_id(thread)["b"]
    assert b.orphan and b.parent_id is None and b.source_parent_id is None
    assert "comment 'b' names no parent; kept at top level as an orphan" in thread.warnings


def test_deleted_and_removed_bodies_are_deleted_placeholders():
    data = ndjson(
        line(id="a", parent_id="t3_abc", author="[deleted]", body="[deleted]"),
        line(id="b", parent_id="t3_abc", author="[deleted]", body="[removed]"),
        line(id="c", parent_id="t3_abc", author="[deleted]", body="account gone, words stay"),
        line(id="d", parent_id="t1_a", author="kept", body="reply to a deleted comment"),
    )
    comments = by_id(parse_bytes(data)[0])
    assert [comments[i].status for i in "abcd"] == ["deleted", "deleted", "visible", "visible"]
    assert comments["a"].author == "[deleted]" and comments["a"].text == "[deleted]"
    assert comments["d"].parent_id == "a"


def test_body_entities_are_decoded_exactly_once_and_markdown_kept():
    body = "&gt; quoted\n\nTom &amp;amp; Jerry &lt;3 **bold** &amp; more\r\n"
    [thread] = parse_bytes(ndjson(line(id="a", parent_id="t3_abc", body=body)))
    assert thread.comments[0].text == "> quoted\n\nTom &amp; Jerry <3 **bold** & more"


def test_author_fullname_is_hashed_as_user_id_and_never_kept_raw():
    [thread] = parse_bytes(ndjson(line(id="a", parent_id="t3_abc", author_fullname="t2_9zz")))
    comment = thread.comments[0]
    assert comment.identity_keys == identity_keys(user_id="t2_9zz")
    assert comment.author_key == identity_keys(user_id="t2_9zz")["user_id"]
    assert "t2_9zz" not in json.dumps(threads_document([thread]))


@pytest.mark.parametrize("value", ["t2_9zz", " t2_9zz ", "", "  ", "0", " 0", "127.0.0.1", "Ünï t2", "t2_\u2028"])
def test_user_id_keys_are_identity_keys_of_a_user_id(value):
    assert user_id_keys(value) == identity_keys(user_id=value)


def test_submission_lines_fill_the_thread_wherever_they_appear():
    data = ndjson(
        line(id="a", parent_id="t3_abc"),
        json.dumps(
            {"kind": "t3", "data": {"id": "abc", "title": "Q &amp; A", "selftext": "", "url": "https://news.example/x"}}
        ),
    )
    [thread] = parse_bytes(data)
    assert (thread.title, thread.url, thread.body) == ("Q & A", "https://news.example/x", None)


def test_bad_lines_are_skipped_counted_and_named():
    data = ndjson(line(id="a", parent_id="t3_abc"), "{not json", "", "[1, 2]", line(id="b", parent_id="t1_a"))
    [thread] = parse_bytes(data)
    assert [c.id for c in thread.comments] == ["a", "b"]
    assert thread.warnings[0].startswith(
        "2 lines of the file are not a Reddit comment or submission and were skipped (line 2, 4)"
    )


def test_many_bad_lines_are_counted_but_not_all_named():
    data = ndjson(line(id="a", parent_id="t3_abc"), *["oops"] * 30)
    warning = parse_bytes(data)[0].warnings[0]
    assert warning.startswith("30 lines") and "and 10 more" in warning


def test_no_valid_line_is_a_parse_error():
    with pytest.raises(ParseError, match="no line holds a Reddit comment"):
        parse_bytes(b"{oops\n{also not json\n", "reddit")


def test_lines_in_cp1252_are_still_read():
    data = (
        line(id="a", parent_id="t3_abc", body="caf\u00e9")
        .encode("utf-8")
        .replace(b"\\u00e9", "\u00e9".encode("cp1252"))
    )
    [thread] = parse_bytes(data + b"\n", "reddit")
    assert thread.comments[0].text == "caf\u00e9"


def test_utf16_ndjson_is_read():
    data = ndjson(line(id="a", parent_id="t3_abc", body="caf\u00e9 \u2028 ok")).decode("utf-8")
    [thread] = parse_bytes("\ufeff".encode("utf-16-le") + data.encode("utf-16-le"), "reddit")
    assert thread.comments[0].text == "caf\u00e9 \u2028 ok"


def test_comments_without_a_link_id_go_to_a_thread_named_for_the_file():
    [thread] = parse_bytes(ndjson(json.dumps({"id": "a", "parent_id": "t1_zz", "body": "hi"})), name="dump.ndjson")
    assert thread.id == "dump" and thread.comments[0].orphan


def test_hundred_thousand_deep_reply_chain_parses_without_recursion():
    depth = 100_000
    lines = [line(id="c0", parent_id="t3_abc")]
    lines += [line(id=f"c{n}", parent_id=f"t1_c{n - 1}", created_utc=1_600_000_000 + n) for n in range(1, depth)]
    [thread] = parse_bytes(ndjson(*lines))
    assert len(thread.comments) == depth and thread.max_depth == depth
    deepest = thread.comments[-1]
    assert deepest.id == f"c{depth - 1}"
    assert sum(1 for _ in thread.ancestors(deepest)) == depth - 1
    assert sum(1 for _ in thread.subtree(thread.comments[0])) == depth
    assert [c.index for c in thread.preorder()] == list(range(depth))


# -- properties --------------------------------------------------------------------------------


@PROPERTY
@given(spec=comment_trees())
def test_listing_round_trip(spec):
    [thread] = parse_bytes(render_reddit_listing(spec), "reddit")
    assert_same_tree(spec, thread)


@PROPERTY
@given(spec=comment_trees(), seed=st.integers(0, 1000))
def test_ndjson_round_trip_in_any_line_order(spec, seed):
    [thread] = parse_bytes(render_reddit_ndjson(spec, shuffle_seed=seed), "reddit")
    assert thread.title == "Council budget thread"
    assert_same_tree(spec, thread)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=600), st.integers(0, 2**32)))
def test_fuzzed_input_gives_threads_or_parse_error(data):
    if isinstance(data, int):
        rng = random.Random(data)
        sample = rng.choice(["reddit_thread.json", "comments.ndjson"])
        data = mutate((SAMPLES / sample).read_bytes(), rng, tokens=JSON_TOKENS)
    try:
        threads = parse_bytes(data, "reddit")
    except ParseError:
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))


@pytest.mark.parametrize(
    "data",
    [
        b'[{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"replies": {"kind": "Listing"}}}]}}]',
        b'[{"kind": "Listing", "data": {"children": [{"kind": "more", "data": {"count": true}}]}}]',
        b'[{"kind": "Listing"}, 3, null, {"kind": "t1", "data": 5}]',
        ndjson(
            json.dumps({"id": 7, "parent_id": ["t1_x"], "link_id": {}, "body": None, "author": 3, "created_utc": 1e999})
        ),
        ndjson(json.dumps({"body": "no ids at all", "created_utc": "yesterday"})),
        ndjson("[" * 100_000),
    ],
)
def test_hostile_shapes_never_crash(data):
    try:
        threads = parse_bytes(data, "reddit")
    except ParseError:
        return
    for thread in threads:
        for comment in thread.comments:
            assert comment.posted_at is None or comment.posted_at.tzinfo is not None


# -- /api/morechildren and "more" stubs -------------------------------------------------------


def morechildren(*things, errors=()) -> bytes:
    return json.dumps({"json": {"errors": list(errors), "data": {"things": list(things)}}}).encode()


def thing(comment_id, parent, **fields) -> dict:
    data = {"id": comment_id, "parent_id": parent, "link_id": "t3_abc", "author": "x", "body": "hi", "replies": ""}
    data.update(fields)
    return {"kind": "t1", "data": data}


def test_morechildren_response_is_detected_and_read_flat():
    data = morechildren(thing("b", "t1_a"), thing("c", "t1_b"), thing("d", "t3_abc"))
    assert detect_format(Source.from_bytes(data)) == "reddit"
    [thread] = parse_bytes(data)
    assert {c.id: c.parent_id for c in thread.comments} == {"b": None, "c": "b", "d": None}
    assert by_id(thread)["b"].orphan  # its parent came in an earlier response


def test_a_stub_without_link_id_joins_its_parents_thread():
    stub = {"kind": "more", "data": {"count": 4, "id": "z", "parent_id": "t1_d", "children": ["z", "y"]}}
    other = thing("q", "t3_other", link_id="t3_other")
    [first, second] = parse_bytes(morechildren(thing("d", "t3_abc"), other, stub))
    assert first.unread == ["'more' stub under d: 4 replies not in this dump"] and not second.unread


def test_morechildren_errors_are_kept_and_a_missing_things_list_refused():
    [thread] = parse_bytes(morechildren(thing("b", "t3_abc"), errors=[["RATELIMIT", "slow down", "ratelimit"]]))
    assert "RATELIMIT" in thread.warnings[0]
    with pytest.raises(ParseError, match="things"):
        parse_bytes(b'{"json": {"errors": [], "data": {}}}', "reddit")


def test_a_few_stubs_give_one_reason_each_and_stubs_under_one_parent_add_up():
    stubs = [("a", 3), (None, 739), ("a", 2), ("b", 0)]
    assert reddit.unread_reasons(stubs) == [
        "'more' stub under a: 5 replies not in this dump",
        "'more' stub at top level: 739 replies not in this dump",
        "'continue this thread' under b: deeper replies not in this dump",
    ]


def test_hundreds_of_stubs_are_summed_into_two_reasons_naming_the_first_places():
    stubs = [(None, 700)] + [(f"p{n}", 2) for n in range(300)] + [(f"q{n}", 0) for n in range(7)]
    more, deeper = reddit.unread_reasons(stubs)
    assert more == (
        "301 'more' stubs: 1300 replies not in this dump (700 at top level; "
        "under p0 (2), p1 (2), p2 (2), p3 (2), p4 (2) and 295 other comments)"
    )
    assert deeper.startswith("7 'continue this thread' links:") and "q0, q1" in deeper


def test_removed_and_deleted_bodies_say_who_deleted_them():
    data = "\n".join(
        [
            line(id="a", parent_id="t3_abc", body="[removed]", author="kept_name"),
            line(id="b", parent_id="t3_abc", body="[deleted]", author="[deleted]"),
            line(id="c", parent_id="t3_abc", body="", author="[deleted]"),
            line(id="d", parent_id="t3_abc", body="still here", author="[deleted]"),
        ]
    ).encode()
    comments = by_id(parse_bytes(data)[0])
    assert (comments["a"].status, comments["a"].deleted_by) == ("deleted", "moderator")
    assert (comments["b"].status, comments["b"].deleted_by) == ("deleted", "author")
    assert (comments["c"].status, comments["c"].deleted_by) == ("deleted", "author")
    assert (comments["d"].status, comments["d"].deleted_by) == ("visible", None)


def test_real_morechildren_response():
    [thread] = parse_path(require_shared(REAL_EXPORTS / "go-reddit" / "more.json"))
    assert thread.id == "123" and sorted(c.id for c in thread.comments) == ["def", "ghi", "jkl"]
    assert by_id(thread)["ghi"].parent_id == "def" and by_id(thread)["jkl"].parent_id is None
    assert thread.unread == ["'more' stub under jkl: 1 reply not in this dump"]


def test_real_listing_sums_its_many_stubs_and_keeps_the_top_level_one():
    [thread] = parse_path(require_shared(REAL_EXPORTS / "graw" / "thread.json"))
    assert len(thread.comments) == 199 and thread.declared_comment_count == 1655
    assert len(thread.unread) == 2 and thread.incomplete
    assert "739 at top level" in thread.unread[0] and "c9h8wz5" in thread.unread[0]


def test_labelled_dump_matches_its_truth():
    dump = require_shared(LABELLED / "reddit_marlowcounty.ndjson")
    truth = json.loads((LABELLED / "truth" / "reddit_marlowcounty.ndjson.json").read_text(encoding="utf-8"))
    [thread] = parse_path(dump)
    comments = by_id(thread)
    expected = truth["threads"][0]["comments"]
    id_of = {entry["n"]: entry["id"] for entry in expected}
    assert sorted(comments) == sorted(id_of.values())
    for entry in expected:
        comment = comments[entry["id"]]
        assert comment.author == entry["author"]
        assert " ".join(comment.text.split())[:40] == entry["text_start"]
        assert comment.orphan == bool(entry.get("orphan"))
        if not entry.get("orphan"):
            assert comment.parent_id == (id_of[entry["parent_n"]] if entry["parent_n"] else None)
        if entry.get("removed"):
            assert (comment.status, comment.deleted_by) == ("deleted", "moderator")
        elif entry.get("is_deleted"):
            assert (comment.status, comment.deleted_by) == ("deleted", "author")
        else:
            assert comment.status == "visible"


def test_a_dump_without_its_submission_takes_headline_and_address_from_a_comment():
    line = (
        '{"id": "k1", "parent_id": "t3_abc", "link_id": "t3_abc", "author": "a", "body": "hi", '
        '"link_title": "Bridge closes &amp; reopens", "permalink": "/r/Town/comments/abc/bridge_closes/k1/"}'
    )
    [thread] = parse_bytes(line.encode(), "reddit")
    assert thread.title == "Bridge closes & reopens"
    assert thread.url == "https://www.reddit.com/r/Town/comments/abc/bridge_closes/"
