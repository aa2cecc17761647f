"""The disqus-text parser: a Disqus comment section copied as plain text, written in our own words."""

from __future__ import annotations

import contextlib
import random

import pytest
from conftest import CASES
from hypothesis import given, settings
from hypothesis import strategies as st
from mutation import TEXT_TOKENS, mutate
from tree_specs import SpecComment, assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.disqus_text import LOAD_MORE_UNREAD, MORE_REPLIES_UNREAD, NESTING_UNKNOWN, RELATIVE_AGES
from moderation.parsing.source import Source

WORDS = ["the", "bridge", "was", "closed", "again", "today", "nobody", "knew", "why", "council", "voted", "late"]
TEXT = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(lambda words: " ".join(words).capitalize() + "."),
    min_size=1,
    max_size=3,
).map("\n\n".join)
AGES = ["7 years ago", "a year ago", "3 days ago", "an hour ago"]
BUTTONS = ["△ ▽ • Reply • Share ›", "2 △ ▽ • Reply • Share ›", "− ⚑", "Reply", "3\nReply"]
CHROME_TOP = (
    "A quiet street\n\nThe article's own text.\n\n{count} Comments\nOur Paper\nLogin\nRecommend\nShare\n"
    "Sort by Best\nAvatar\nJoin the discussion…\n\n"
)


def _named(spec: list[SpecComment]) -> list[SpecComment]:
    """Unique names, so a reply's "→ Name" names exactly one earlier comment."""
    for position, comment in enumerate(spec):
        comment.author = f"Reader {position}"
    return spec


def render_old_style(spec: list[SpecComment], *, split_bylines: bool = False) -> str:
    """Old Disqus: "Name → Parent • age" bylines, button rows after each comment, no indentation."""
    parts = [CHROME_TOP.format(count=len(spec))]
    for position, comment in enumerate(spec):
        name = comment.author
        if comment.parent is not None:
            name += f" → {spec[comment.parent].author}"
        age = AGES[position % len(AGES)]
        byline = f"{name}\n•\n{age}" if split_bylines else f"{name} • {age}"
        parts.append(f"Avatar\n{byline}\n{comment.text}\n{BUTTONS[position % len(BUTTONS)]}\n")
    return "".join(parts)


def render_bare_bylines(spec: list[SpecComment]) -> str:
    """Newer Disqus: "Name" ("→", "Parent") and the age on lines of their own, no "•", "Reply" under each."""
    parts = ["A quiet street\n\nThe article.\n\nSort by Best\nAvatar\n\n"]
    for position, comment in enumerate(spec):
        arrow = f"\n→\n{spec[comment.parent].author}" if comment.parent is not None else ""
        parts.append(f"Avatar\n{comment.author}{arrow}\n{AGES[position % len(AGES)]}\n{comment.text}\n3\nReply\n")
    return "".join(parts)


def render_indented(spec: list[SpecComment]) -> str:
    """Newer Disqus copied with its indentation: no arrows, each reply one step right of its parent."""
    depth: list[int] = []
    parts = ["A quiet street\n\nThe article.\n\nSort by Best\n\n"]
    for position, comment in enumerate(spec):
        depth.append(0 if comment.parent is None else depth[comment.parent] + 1)
        pad = "    " * (depth[-1] + 1)
        body = "\n".join(pad + line if line else "" for line in comment.text.split("\n"))
        parts.append(f"{pad}{comment.author} • {AGES[position % len(AGES)]}\n{body}\n{pad}Reply\n")
    return "".join(parts)


def parse_page(text: str):
    [thread] = parse_bytes(text.encode("utf-8"), None, name="page.txt")
    assert thread.source_format == "disqus-text"
    return thread


@settings(deadline=None)
@given(spec=comment_trees(max_comments=12, text=TEXT).map(_named), split=st.booleans())
def test_round_trip_old_style_arrows(spec, split):
    thread = parse_page(render_old_style(spec, split_bylines=split)) if spec else None
    if thread is None:
        return
    assert_same_tree(spec, thread, check_time=False)
    assert all(comment.posted_at is None for comment in thread.comments)  # relative ages date nothing
    assert thread.declared_comment_count == len(spec)
    assert NESTING_UNKNOWN not in thread.warnings or all(c.parent is None for c in spec)


@settings(deadline=None)
@given(spec=comment_trees(max_comments=12, text=TEXT).filter(lambda spec: len(spec) >= 2).map(_named))
def test_round_trip_bare_bylines(spec):
    thread = parse_page(render_bare_bylines(spec))
    assert_same_tree(spec, thread, check_time=False)


def test_a_name_over_an_age_inside_a_comment_is_text():
    page = "Title\n\nAda • 2 days ago\nI went back\n2 days ago\nand it was shut.\nReply\nBen • a day ago\nOk.\nReply\n"
    thread = parse_page(page)
    assert [c.author for c in thread.comments] == ["Ada", "Ben"]
    assert thread.comments[0].text == "I went back\n2 days ago\nand it was shut."


@settings(deadline=None)
@given(spec=comment_trees(max_comments=12, text=TEXT).filter(bool))
def test_round_trip_indented_copy(spec):
    thread = parse_page(render_indented(spec))
    assert_same_tree(spec, thread, check_time=False)


@pytest.mark.parametrize("case", sorted((CASES / "disqus-text").glob("*.txt")), ids=lambda p: p.name)
def test_button_rows_and_chrome_never_in_text(case):
    [thread] = parse_bytes(case.read_bytes(), None, name=case.name)
    assert thread.comments
    for comment in thread.comments:
        for token in ("△", "▽", "Share ›", "⚑"):
            assert token not in comment.text, (case.name, comment.text)
        lines = set(comment.text.split("\n"))
        assert not lines & {"Avatar", "Reply", "−", "Sort by Best", "Load more comments", "Show more replies"}


def test_flat_copy_says_its_nesting_is_unknown():
    page = "Title\n\nAvatar\nAda • 2 days ago\nFirst.\nReply\nAvatar\nBen • a day ago\nSecond.\nReply\n"
    thread = parse_page(page)
    assert [c.depth for c in thread.comments] == [1, 1]
    assert NESTING_UNKNOWN in thread.warnings
    assert RELATIVE_AGES in thread.warnings


def test_load_more_and_show_more_replies_mark_the_thread_incomplete():
    page = "Title\n\nAda • 2 days ago\nFirst.\nShow more replies\nBen • a day ago\nSecond.\nLoad more comments\n"
    thread = parse_page(page)
    assert thread.unread == [MORE_REPLIES_UNREAD, LOAD_MORE_UNREAD]
    assert thread.incomplete


def test_reply_to_a_name_not_in_the_copy_is_top_level_and_said():
    page = "Title\n\nAda • 2 days ago\nFirst.\nReply\nBen → Zed • a day ago\nSecond.\nReply\n"
    thread = parse_page(page)
    assert [c.depth for c in thread.comments] == [1, 1]
    assert any("parent not shown" in warning for warning in thread.warnings)


def test_deleted_comment_is_kept_with_its_notice():
    page = "Title\n\nAvatar\nThis comment was deleted.\nAvatar\nAda • 2 days ago\nStill here.\nReply\n"
    thread = parse_page(page)
    assert [c.status for c in thread.comments] == ["deleted", "visible"]
    assert thread.comments[0].text == "This comment was deleted."


def test_a_bullet_inside_text_is_not_a_byline():
    page = "Title\n\nAda • 2 days ago\nMy list • eggs • milk\nReply\nBen • a day ago\nOk.\nReply\n"
    thread = parse_page(page)
    assert [c.text for c in thread.comments] == ["My list • eggs • milk", "Ok."]


@pytest.mark.parametrize("case", sorted((CASES / "disqus-text").glob("*.txt")), ids=lambda p: p.name)
def test_cases_are_detected_as_disqus_text(case):
    assert detect_format(Source.from_path(case)) == "disqus-text"


def test_other_text_formats_are_not_taken():
    for folder in ("wordpress-text", "blogger-text", "text"):
        for case in sorted((CASES / folder).glob("*.txt")):
            assert detect_format(Source.from_path(case)) != "disqus-text", case.name


VALID_DUMP = (CASES / "disqus-text" / "old_style_arrows.txt").read_bytes()


@settings(deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), edits=st.integers(min_value=1, max_value=40))
def test_mutated_dump_raises_only_parse_error(seed, edits):
    data = mutate(VALID_DUMP, random.Random(seed), edits=edits, tokens=TEXT_TOKENS)
    with contextlib.suppress(ParseError):
        parse_bytes(data, "disqus-text")


def test_a_repeated_byline_after_a_button_row_is_a_second_comment():
    page = (
        "2 Comments\nLogin\nSort by Best\n\n"
        "Ida Holm • 3 hours ago\nSame words.\n△ ▽ • Reply • Share ›\n\n"
        "Ida Holm • 3 hours ago\nSame words.\n△ ▽ • Reply • Share ›\n"
    )
    thread = parse_page(page)
    assert [(comment.author, comment.text) for comment in thread.comments] == [
        ("Ida Holm", "Same words."),
        ("Ida Holm", "Same words."),
    ]


def test_a_count_header_of_four_digits_or_more_is_the_declared_count():
    page = (
        "1200 Comments\nLogin\nSort by Best\n\nIda Holm • 3 hours ago\nFirst.\n△ ▽ • Reply • Share ›\n\n"
        "Bo Lund • 2 hours ago\nSecond.\n△ ▽ • Reply • Share ›\n"
    )
    assert parse_page(page).declared_comment_count == 1200


def _disqus_copy(*comments: tuple[str, str]) -> bytes:
    return "".join(
        f"Avatar\n{byline} • 2 years ago\n{text}\n△ ▽ • Reply • Share ›\n" for byline, text in comments
    ).encode()


def test_a_copy_opening_with_a_reply_to_someone_not_in_it_is_a_partial_selection():
    data = _disqus_copy(("Ana → Cy", "no, it closes at six"), ("Bo", "a new point"), ("Cy → Bo", "agreed"))
    (thread,) = parse_bytes(data)
    assert [c.parent_id is None for c in thread.comments] == [True, True, False]
    assert any("selection began inside a thread" in reason for reason in thread.unread)


def test_a_copy_opening_at_a_top_comment_or_indented_deeper_later_is_complete():
    (thread,) = parse_bytes(_disqus_copy(("Bo", "a point"), ("Ana → Bo", "a reply"), ("Cy → Ana", "another")))
    assert not thread.incomplete
    indented = b"Avatar\nBo \xe2\x80\xa2 2 years ago\na point\n  Avatar\n  Ana \xe2\x80\xa2 2 years ago\n  a reply\n"
    (thread,) = parse_bytes(indented + b"Avatar\nCy \xe2\x80\xa2 1 year ago\nnew\n")
    assert not thread.incomplete


def test_a_copy_opening_with_an_indented_reply_is_a_partial_selection():
    data = (
        "  Avatar\n  Ana • 2 years ago\n  a reply\n"
        "Avatar\nBo • 2 years ago\na point\n"
        "  Avatar\n  Cy • 1 year ago\n  more\n"
    )
    (thread,) = parse_bytes(data.encode())
    assert [c.author for c in thread.comments] == ["Ana", "Bo", "Cy"]
    assert thread.incomplete


def test_a_featured_comment_pinned_above_the_list_is_read_once():
    pinned = "Featured Comment\n" + _disqus_copy(("Ana", "the pinned words")).decode() + "\n2 Comments\nSort by Best\n"
    data = pinned.encode() + _disqus_copy(("Ana", "the pinned words"), ("Bo → Ana", "a reply"))
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text, c.parent_id is None) for c in thread.comments] == [
        ("Ana", "the pinned words", True),
        ("Bo", "a reply", False),
    ]


def test_a_featured_comment_missing_below_and_a_double_post_in_the_list_stay():
    pinned = "Featured Comment\n" + _disqus_copy(("Cy", "only up here")).decode() + "\n2 Comments\n"
    data = pinned.encode() + _disqus_copy(("Ana", "twice"), ("Ana", "twice"))
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text) for c in thread.comments] == [("Cy", "only up here"), ("Ana", "twice"), ("Ana", "twice")]
