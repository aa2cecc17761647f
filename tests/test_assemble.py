"""The tree assembler: placement, repairs, and walks that survive any depth."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

import pytest

from moderation.assemble import RawComment, assemble_thread
from moderation.thread import Thread, full_path


def raw(ref, parent=None, **fields):
    return RawComment(
        ref=ref, parent_ref=parent, author=fields.pop("author", f"author-{ref}"), text=f"text {ref}", **fields
    )


def build(comments, **options):
    return assemble_thread(Thread(id="t"), comments, **options)


def test_places_replies_under_parents_in_preorder_with_paths():
    thread = build([raw("1"), raw("2"), raw("3", "1"), raw("4", "3"), raw("5", "1")])
    assert [(c.id, c.parent_id, c.depth, c.path) for c in thread.comments] == [
        ("1", None, 1, "1"),
        ("3", "1", 2, "1.1"),
        ("4", "3", 3, "1.1.1"),
        ("5", "1", 2, "1.2"),
        ("2", None, 1, "2"),
    ]
    assert thread.warnings == []


def test_child_listed_before_its_parent_still_attaches():
    thread = build([raw("p2", "p1"), raw("p1")])
    assert [(c.id, c.parent_id) for c in thread.comments] == [("p1", None), ("p2", "p1")]


def test_missing_parent_makes_an_orphan_kept_at_top_level_with_a_warning():
    thread = build([raw("10"), raw("12", "11")])
    orphan = thread.comments[1]
    assert (orphan.id, orphan.parent_id, orphan.orphan, orphan.depth) == ("12", None, True, 1)
    assert orphan.source_parent_id == "11"
    assert len(thread.warnings) == 1 and "'11'" in thread.warnings[0]


def test_parent_cycle_is_cut_and_every_comment_kept():
    thread = build([raw("a", "b"), raw("b", "a"), raw("c", "a"), raw("d")])
    assert sorted(c.id for c in thread.comments) == ["a", "b", "c", "d"]
    cut = [c for c in thread.comments if c.orphan]
    assert len(cut) == 1 and cut[0].parent_id is None
    assert any("cycle" in warning for warning in thread.warnings)
    # The rest of the cycle hangs under the cut comment.
    by_id = {c.id: c for c in thread.comments}
    assert by_id["c"].parent_id == "a"


def test_self_parent_is_repaired():
    thread = build([raw("a", "a")])
    assert thread.comments[0].parent_id is None and thread.comments[0].orphan
    assert thread.warnings


def test_duplicate_ids_are_all_kept_and_replies_go_to_the_nearest_preceding():
    thread = build([raw("x"), raw("y", "x"), raw("x"), raw("z", "x")])
    assert len(thread.comments) == 4
    assert [(c.id, c.path) for c in thread.comments] == [("x", "1"), ("y", "1.1"), ("x", "2"), ("z", "2.1")]
    assert any("duplicate" in warning for warning in thread.warnings)


def test_comments_without_own_ids_take_their_marked_path():
    thread = build([raw("#0", own_id=False), raw("#1", "#0", own_id=False)])
    assert [(c.id, c.parent_id) for c in thread.comments] == [("~1", None), ("~1.1", "~1")]


@pytest.mark.parametrize(
    "own_ids",
    [
        ["2", "1.1"],  # real ids shaped like paths
        ["~2", "~1.1"],  # real ids shaped like marked paths
        ["~~~1.1", "2", "~2"],  # several marks deep
    ],
)
def test_generated_ids_never_equal_an_id_the_dump_gave(own_ids):
    """A comment with no id in a thread whose other comments have ids: every id stays unique, and a
    reply to a real id goes to that comment, not to a path-named one (issue #18)."""
    comments = [raw(own_ids[0])]
    comments += [raw(f"#{n}", own_ids[0], own_id=False) for n in range(3)]  # generated, under the first
    comments += [raw(f"#{n}", None, own_id=False) for n in range(3, 6)]  # generated, top level
    comments += [raw(ref) for ref in own_ids[1:]]
    comments += [raw(f"reply-to-{ref}", ref) for ref in own_ids[1:]]
    thread = build(comments)
    ids = [c.id for c in thread.comments]
    assert len(ids) == len(set(ids)), ids
    by_id = {c.id: c for c in thread.comments}
    for ref in own_ids[1:]:
        reply = by_id[f"reply-to-{ref}"]
        assert reply.parent_id == ref and thread.parent(reply).own_id


def test_time_order_sorts_siblings_by_posted_at():
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    comments = [
        raw("late", posted_at=start + timedelta(hours=2)),
        raw("early", posted_at=start),
        raw("undated"),
    ]
    assert [c.id for c in build(comments, sibling_order="time").comments] == ["early", "late", "undated"]
    assert [c.id for c in build(comments).comments] == ["late", "early", "undated"]


def test_walks_of_a_100000_deep_chain_never_recurse():
    depth = 100_000
    comments = [raw("0")] + [raw(str(n), str(n - 1)) for n in range(1, depth)]
    limit = sys.getrecursionlimit()
    thread = build(comments)
    assert sys.getrecursionlimit() == limit
    deepest = thread.comments[-1]
    assert deepest.depth == depth
    assert full_path(deepest) == ".".join(["1"] * depth)
    assert deepest.path == f"1.1.1.1.1.1.1.1.[{depth - 16} levels].1.1.1.1.1.1.1.1"
    assert sum(1 for _ in thread.ancestors(deepest)) == depth - 1
    assert sum(1 for _ in thread.subtree(thread.comments[0])) == depth
    assert sum(1 for _ in thread.preorder()) == depth
    assert thread.max_depth == depth


def test_children_parent_and_roots_agree():
    thread = build([raw("1"), raw("2", "1"), raw("3", "1"), raw("4")])
    first = thread.comments[0]
    assert [c.id for c in thread.children(first)] == ["2", "3"]
    assert thread.parent(thread.comments[1]) is first
    assert [c.id for c in thread.roots()] == ["1", "4"]


def test_a_raw_comment_sets_every_comment_field():
    """RawComment fills Comment's slots by hand for speed: a field added to Comment must be set there too."""
    from dataclasses import fields

    comment = raw("1")
    for field in fields(comment):
        getattr(comment, field.name)  # AttributeError when a slot was left unset


def test_placed_comments_are_the_parsed_objects():
    comments = [raw("1"), raw("2", "1")]
    thread = build(comments)
    assert thread.comments[0] is comments[0] and thread.comments[1] is comments[1]


def test_a_deep_chain_shows_the_ends_of_its_paths_and_counts_the_middle():
    """Output stays linear in a deep chain: a path names 8 levels from the root and 8 down to the comment."""
    from moderation.parsing import parse_bytes

    lines = [
        f'{{"id": "c{n}", "parent_id": "{"t3_x" if n == 0 else f"t1_c{n - 1}"}", "link_id": "t3_x", '
        f'"author": "a", "body": "b"}}'
        for n in range(40)
    ]
    [thread] = parse_bytes("\n".join(lines).encode(), "reddit")
    paths = [comment.path for comment in thread.comments]
    assert paths[16] == ".".join(["1"] * 17)  # whole up to 17 levels
    assert paths[17] == "1.1.1.1.1.1.1.1.[2 levels].1.1.1.1.1.1.1.1"
    assert paths[39] == "1.1.1.1.1.1.1.1.[24 levels].1.1.1.1.1.1.1.1"
    assert max(len(path) for path in paths) < 60
