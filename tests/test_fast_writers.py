"""The fast writing path of `moderate parse` gives what the plain one gave (issue #15).

orjson must write the bytes json.dumps(indent=2, ensure_ascii=False) wrote, paths built from the
parent's must equal Comment.path, and the greedy wrap must equal textwrap.wrap.
"""

from __future__ import annotations

import io
import json
import textwrap
from datetime import datetime, timedelta, timezone

from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_specs import comment_trees

from moderation.assemble import RawComment, assemble_thread
from moderation.render_tree import shown_time, wrap_words
from moderation.serialize import SCHEMA, comments_to_dicts, thread_to_dict, write_threads_json
from moderation.thread import Mention, Thread, preorder_with_paths


def standard_library_document(threads: list[Thread]) -> bytes:
    """The document as the writer before orjson produced it."""
    parts = [f'{{"schema": "{SCHEMA}", "threads": [']
    for number, thread in enumerate(threads):
        parts.append(("," if number else "") + "\n" + json.dumps(thread_to_dict(thread), ensure_ascii=False, indent=2))
    parts.append("\n]}\n")
    return "".join(parts).encode("utf-8")


def thread_from_spec(spec, zone=timezone.utc) -> Thread:
    raw = [
        RawComment(
            ref=f"c{position}",
            parent_ref=None if comment.parent is None else f"c{comment.parent}",
            author=comment.author,
            text=comment.text,
            posted_at=comment.posted_at.astimezone(zone) if position % 3 else None,
            mentions=[Mention(text="@x", kind="name")] if position % 4 == 1 else (),
            identity_keys={"user_id": "user_id:00ff"} if position % 2 else None,
        )
        for position, comment in enumerate(spec)
    ]
    return assemble_thread(Thread(id="t", title="Ünïcode \u2028 title"), raw)


@settings(max_examples=60, deadline=None)
@given(spec=comment_trees(max_comments=25), zone=st.sampled_from([timezone.utc, timezone(timedelta(hours=-5))]))
def test_orjson_writes_the_bytes_the_standard_library_wrote(spec, zone):
    threads = [thread_from_spec(spec, zone), Thread(id="empty")]
    binary = io.BytesIO()
    write_threads_json(threads, binary)
    text = io.StringIO()
    write_threads_json(threads, text)
    expected = standard_library_document(threads)
    assert binary.getvalue() == expected
    assert text.getvalue().encode("utf-8") == expected


def test_a_lone_surrogate_is_written_escaped_not_lost():
    posted = datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc)  # orjson's native time: json needs text
    raw = [RawComment(ref="a", parent_ref=None, author="x", text="bad \ud800 end", posted_at=posted)]
    thread = assemble_thread(Thread(id="t"), raw)
    stream = io.BytesIO()
    write_threads_json([thread], stream)
    document = json.loads(stream.getvalue())
    assert document["threads"][0]["comments"][0]["text"] == "bad \ud800 end"
    assert document["threads"][0]["comments"][0]["posted_at"] == "2020-09-13T12:26:40+00:00"


@settings(max_examples=60, deadline=None)
@given(spec=comment_trees(max_comments=40))
def test_paths_built_from_the_parent_equal_comment_path(spec):
    thread = thread_from_spec(spec)
    assert [(comment, path) for comment, path in preorder_with_paths(thread)] == [
        (comment, comment.path) for comment in thread.preorder()
    ]


@settings(max_examples=60, deadline=None)
@given(spec=comment_trees(max_comments=40))
def test_the_json_records_walk_the_tree_in_preorder_with_each_comments_path(spec):
    thread = thread_from_spec(spec)
    assert [(record["id"], record["path"]) for record in comments_to_dicts(thread)] == [
        (comment.id, comment.path) for comment in thread.preorder()
    ]


def test_a_deep_chain_keeps_its_elided_paths_and_no_comment_anchors_itself():
    raw = [RawComment(ref=str(n), parent_ref=str(n - 1) if n else None, author="a", text="t") for n in range(60)]
    thread = assemble_thread(Thread(id="chain"), raw)
    assert [path for _, path in preorder_with_paths(thread)] == [comment.path for comment in thread.comments]
    assert [record["path"] for record in comments_to_dicts(thread)] == [comment.path for comment in thread.comments]
    assert "[" in thread.comments[-1].path  # the middle is elided
    # A comment anchoring itself is a reference cycle; the parse command runs with the collector paused.
    assert all(comment.path_anchor is not comment for comment in thread.comments)


@given(
    words=st.lists(st.text(alphabet="ab-é…x", min_size=1, max_size=45), max_size=40),
    width=st.integers(30, 97),
)
def test_greedy_wrap_equals_textwrap(words, width):
    text = " ".join(" ".join(words).split())
    assert wrap_words(text, width) == textwrap.wrap(text, width=width)


def test_times_written_by_orjson_read_as_isoformat_wrote_them():
    posted = datetime(2024, 2, 29, 23, 59, 1, 5, tzinfo=timezone.utc)
    raw = [RawComment(ref="a", parent_ref=None, author="x", text="t", posted_at=posted)]
    stream = io.BytesIO()
    write_threads_json([assemble_thread(Thread(id="t"), raw)], stream)
    assert json.loads(stream.getvalue())["threads"][0]["comments"][0]["posted_at"] == posted.isoformat()


ZONES = [
    timezone.utc,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-7), "PDT"),
    timezone(timedelta(0), ""),
]


@settings(max_examples=property_examples(200), deadline=None)
@given(moment=st.datetimes(timezones=st.one_of(st.none(), st.sampled_from(ZONES))))
def test_the_trees_spelled_out_time_is_strftimes(moment):
    assert shown_time(moment) == moment.strftime("%Y-%m-%d %H:%M %Z").strip()
