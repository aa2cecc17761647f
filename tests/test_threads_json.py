"""Our own moderation.threads/1 JSON reads back exactly what moderation.serialize wrote."""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import pytest
from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import JSON_TOKENS, mutate
from threads_document import threads_document
from tree_specs import comment_trees

from moderation.assemble import RawComment, assemble_thread
from moderation.errors import ParseError
from moderation.parsing import parse_bytes, parse_path, threads_json
from moderation.parsing.source import Source
from moderation.serialize import write_threads_json
from moderation.thread import Mention, Thread

JSON_CASES = sorted(path for path in (CASES / "json").glob("*.json") if not path.name.endswith(".expected.json"))
EXPECTED_FILES = sorted(CASES.rglob("*.expected.json"))


def written(threads: list[Thread]) -> bytes:
    stream = io.StringIO()
    write_threads_json(threads, stream)
    return stream.getvalue().encode("utf-8")


def read_back(threads: list[Thread]) -> list[Thread]:
    return list(threads_json.parse(Source.from_bytes(written(threads)), None))


def without_source(document: dict) -> dict:
    for thread in document["threads"]:
        thread.pop("source")
    return document


def test_there_are_json_cases_for_every_repair():
    assert {path.stem for path in JSON_CASES} >= {
        "tree_with_orphan",
        "cycle_broken",
        "duplicate_ids",
        "deleted_placeholder",
    }


@pytest.mark.parametrize("case", JSON_CASES, ids=lambda path: path.name)
def test_case_survives_write_and_read_unchanged(case):
    first = parse_path(case)
    second = parse_bytes(written(first), "json", name=str(case))
    assert threads_document(second) == threads_document(first)


@pytest.mark.parametrize("expected", EXPECTED_FILES, ids=lambda path: path.relative_to(CASES).as_posix())
def test_every_golden_tree_reads_back_as_written(expected):
    """Each .expected.json is our format too: reading one and writing it again changes nothing."""
    document = json.loads(expected.read_text(encoding="utf-8"))
    threads = parse_path(expected, "json")
    assert without_source(threads_document(threads)) == without_source(document)


def test_repairs_are_not_doubled_on_reading():
    [thread] = parse_path(CASES / "json" / "cycle_broken.json")
    [again] = read_back([thread])
    assert again.warnings == thread.warnings and len(thread.warnings) == 1


def test_documents_without_the_schema_are_refused():
    with pytest.raises(ParseError):
        parse_bytes(b'{"threads": []}', "json")
    with pytest.raises(ParseError):
        parse_bytes(b'{"schema": "moderation.threads/1", "threads": [{"comments": [1]}]}', "json")


@st.composite
def threads_with_repairs(draw) -> Thread:
    """A random tree as a parser would hand it over, with some parents dropped (orphans) and odd fields."""
    spec = draw(comment_trees(max_comments=30))
    dropped = set(draw(st.lists(st.integers(0, max(len(spec) - 1, 0)), max_size=3))) if spec else set()
    statuses = st.sampled_from(["visible", "visible", "visible", "deleted", "spam", "pending"])
    raw_comments = []
    for position, comment in enumerate(spec):
        if position in dropped:
            continue
        keyed = draw(st.booleans())
        raw_comments.append(
            RawComment(
                ref=f"c{position}",
                parent_ref=None if comment.parent is None else f"c{comment.parent}",
                author=comment.author,
                text=comment.text,
                author_key=f"user_id:{position:016x}" if keyed else None,
                identity_keys={"user_id": f"user_id:{position:016x}"} if keyed else {},
                posted_at=draw(st.none() | st.just(comment.posted_at)),
                status=draw(statuses),
                mentions=[Mention(text="@" + comment.author, kind="name", target=draw(st.none() | st.just("c0")))]
                if draw(st.booleans())
                else [],
                orphan=comment.parent is None and draw(st.integers(0, 9)) == 0,  # a parser that knew no parent
            )
        )
    thread = Thread(
        id=draw(st.text(min_size=1, max_size=12)),
        title=draw(st.none() | st.text(max_size=40)),
        url=draw(st.none() | st.just("https://gazette.example/story")),
        declared_comment_count=draw(st.none() | st.integers(0, 99)),
        body=draw(st.none() | st.text(max_size=80)),
    )
    return assemble_thread(thread, raw_comments)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(thread=threads_with_repairs())
def test_parse_of_write_is_the_same_thread(thread):
    [again] = read_back([thread])
    assert again == thread
    assert [c.path for c in again.comments] == [c.path for c in thread.comments]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32))
def test_mutated_documents_give_threads_or_parse_error(seed):
    rng = random.Random(seed)
    case = rng.choice(JSON_CASES)
    with contextlib.suppress(ParseError):
        parse_bytes(mutate(case.read_bytes(), rng, tokens=JSON_TOKENS), "json")


@settings(deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_threads_or_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_bytes(b'{"schema": "moderation.threads/1", "threads": [' + data, "json")


def test_a_long_chain_reads_back():
    raw = [RawComment(ref=str(n), parent_ref=str(n - 1) if n else None, author="a", text="t") for n in range(3000)]
    thread = assemble_thread(Thread(id="chain"), raw)
    [again] = read_back([thread])
    assert again == thread and again.max_depth == 3000


def test_case_files_are_our_format():
    for case in JSON_CASES:
        assert json.loads(Path(case).read_text(encoding="utf-8"))["schema"] == "moderation.threads/1"


def round_trip_of(pairs: list[tuple[str, str | None]]) -> tuple[Thread, Thread]:
    raw = [
        RawComment(ref=ref, parent_ref=parent, author="a", text=f"text {n}") for n, (ref, parent) in enumerate(pairs)
    ]
    thread = assemble_thread(Thread(id="t"), raw)
    [again] = read_back([thread])
    return thread, again


@given(
    pairs=st.lists(st.tuples(st.integers(0, 14), st.none() | st.integers(0, 14)), max_size=12, unique_by=lambda p: p[0])
)
@settings(deadline=None)
def test_any_parent_graph_with_unique_ids_reads_back(pairs):
    """Cycles, self-parents and missing parents: every repair survives a write and a read."""
    thread, again = round_trip_of([(f"c{ref}", None if parent is None else f"c{parent}") for ref, parent in pairs])
    assert again == thread


def test_two_orphans_sharing_an_id_keep_both_warnings():
    thread, again = round_trip_of([("c0", "c1"), ("c0", "c1")])
    assert again.warnings == thread.warnings


def test_self_parent_among_duplicate_ids_stays_an_orphan():
    thread, again = round_trip_of([("c0", None), ("c1", "c1"), ("c1", "c0")])
    assert [(c.id, c.parent_index, c.orphan) for c in again.comments] == [
        (c.id, c.parent_index, c.orphan) for c in thread.comments
    ]


def test_comments_without_ids_get_ids_no_reply_can_name():
    """A comment the document gives no id is not "its position": a reply naming "2" stays under the real "2"."""
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "t",
                "comments": [
                    {"id": "2", "parent_id": None, "author": "a", "text": "the real two"},
                    {"parent_id": None, "author": "b", "text": "no id"},
                    {"id": "9", "parent_id": "2", "author": "c", "text": "a reply to the real two"},
                ],
            }
        ],
    }
    [thread] = parse_bytes(json.dumps(document).encode(), "json")
    by_text = {c.text: c for c in thread.comments}
    assert by_text["a reply to the real two"].parent_id == "2"
    assert by_text["no id"].id.startswith("~") and not by_text["no id"].own_id


def test_labels_of_comments_without_ids_are_kept(tmp_path):
    from moderation.datasets import load_examples

    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "t",
                "comments": [
                    {"parent_id": None, "author": "a", "text": "you absolute clown", "labels": {"insult": 1}},
                    {"parent_id": None, "author": "b", "text": "thanks for the update", "labels": {"insult": 0}},
                ],
            }
        ],
    }
    path = tmp_path / "labelled.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert {e.text: e.labels for e in load_examples(path)} == {
        "you absolute clown": {"insult": 1},
        "thanks for the update": {"insult": 0},
    }
