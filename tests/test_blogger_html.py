"""The saved Blogger / Blogspot page parser: threaded and classic layouts."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from mutation import HTML_TOKENS, mutate
from renderers_html_pages import render_blogger, render_blogger_classic, single_spaced_names
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, blogger_html, detect_format, parse_bytes
from moderation.parsing.source import Source

SAMPLE = Path(__file__).resolve().parent.parent / "sample_threads" / "blogger_page.html"
FORMAT = "blogger-html"


def parse_one(html: str | bytes, **options):
    data = html.encode("utf-8") if isinstance(html, str) else html
    threads = parse_bytes(data, FORMAT, name="page.html", options=ParseOptions(**options))
    assert len(threads) == 1
    return threads[0]


def threaded(items_html: str) -> str:
    return (
        "<html><head><meta content='blogger' name='generator'/></head><body><div id='comments'>"
        "<div id='comment-holder'><div class='comment-thread toplevel-thread'><ol id='top-ra'>"
        f"{items_html}</ol></div></div></div></body></html>"
    )


def li(number: int, user_html: str, content_html: str, replies: list[str] = (), time_html: str = "") -> str:
    inline = ""
    if replies:
        inline = (
            f"<div class='comment-replies'><div id='c{number}-rt' class='comment-thread inline-thread'>"
            f"<ol id='c{number}-ra' class='thread-chrome'><div>{''.join(replies)}</div></ol></div></div>"
        )
    return (
        f"<li class='comment' id='c{number}'><div class='comment-block'><div class='comment-header'>"
        f"<cite class='user'>{user_html}</cite>{time_html}</div>"
        f"<p class='comment-content'>{content_html}</p></div>{inline}</li>"
    )


def test_replies_nest_under_their_top_level_comment():
    html = threaded(
        li(1, "Anonymous", "Source?", [li(2, "Anonymous", "Page 4."), li(3, "Ed", "See note.")]) + li(4, "Jo", "x")
    )
    thread = parse_one(html)
    assert [(c.id, c.parent_id) for c in thread.comments] == [("c1", None), ("c2", "c1"), ("c3", "c1"), ("c4", None)]
    assert [c.author for c in thread.comments] == ["Anonymous", "Anonymous", "Ed", "Jo"]


def test_profile_link_is_an_identity_key_and_anonymous_has_none():
    profile = "<a href='http://www.blogger.com/profile/0345192887612' rel='nofollow'>Ray</a>"
    same_profile = "<a href='https://www.blogger.com/profile/0345192887612/'>Ray D.</a>"
    thread = parse_one(threaded(li(1, profile, "a") + li(2, same_profile, "b") + li(3, "Anónimo", "c")))
    first, second, anonymous = thread.comments
    assert first.author_key and first.author_key == second.author_key
    assert first.author_key.startswith("profile_url:")
    assert "0345192887612" not in str(first.identity_keys)
    assert (anonymous.author, anonymous.author_key) == ("Anónimo", None)


def test_show_comment_epoch_wins_over_the_shown_text():
    stamp = "<span class='datetime'><a href='/p.html?showComment=1436773189444#c1'>July 13, 2015 at 2:39 AM</a></span>"
    (comment,) = parse_one(threaded(li(1, "Ed", "x", time_html=stamp))).comments
    assert comment.posted_at == datetime(2015, 7, 13, 7, 39, 49, 444000, tzinfo=timezone.utc)


def test_shown_text_is_read_in_the_default_timezone_without_an_epoch():
    stamp = "<span class='datetime'><a href='#c1'>January 20, 2020 at 9:30 AM</a></span>"
    zone = timezone(timedelta(hours=-6))
    (comment,) = parse_one(threaded(li(1, "Ed", "x", time_html=stamp)), default_timezone=zone).comments
    assert comment.posted_at == datetime(2020, 1, 20, 9, 30, tzinfo=zone)


def test_deleted_comment_stays_as_a_placeholder_for_its_replies():
    removed = "<span class='deleted-comment'>This comment has been removed by the author.</span>"
    thread = parse_one(threaded(li(1, "Ed", removed, [li(2, "Jo", "why delete?")])))
    deleted, reply = thread.comments
    assert (deleted.status, deleted.text) == ("deleted", "This comment has been removed by the author.")
    assert (reply.parent_id, reply.status) == ("c1", "visible")


def test_content_keeps_line_breaks_and_decodes_entities_once():
    (comment,) = parse_one(threaded(li(1, "Ed", "one &amp;amp; two<br /><br />three<br />four"))).comments
    assert comment.text == "one &amp; two\n\nthree\nfour"


def test_hostile_markup_comes_out_as_text():
    hostile = "hi<script>alert(1)</script> <img src=x onerror='alert(2)'> <a href='javascript:alert(3)'>click</a>"
    (comment,) = parse_one(threaded(li(1, "Ed", hostile))).comments
    assert comment.text == "hi click"


def classic(entries: str) -> str:
    return (
        f"<html><body><div id='comments'><h4>3 comments:</h4><dl id='comments-block'>{entries}</dl></div></body></html>"
    )


def test_classic_layout_is_flat_with_said_removed():
    html = classic(
        "<dt class='comment-author' id='c10'><a name='c10'></a>"
        "<a href='https://www.blogger.com/profile/77' rel='nofollow'>Mara</a> said...</dt>"
        "<dd class='comment-body'><p>First.</p></dd>"
        "<dd class='comment-footer'><span class='comment-timestamp'>"
        "<a href='?showComment=1579512600000#c10'>x</a></span></dd>"
        "<dt class='comment-author'><a name='c11'></a>Anonymous said...</dt>"
        "<dd class='comment-body'><span class='deleted-comment'>This comment has been removed by a blog administrator."
        "</span></dd>"
        "<dt class='comment-author'>Anonymous said…</dt><dd class='comment-body'><p>Third.</p></dd>"
    )
    thread = parse_one(html)
    assert [(c.id, c.author, c.parent_id, c.status) for c in thread.comments] == [
        ("c10", "Mara", None, "visible"),
        ("c11", "Anonymous", None, "deleted"),
        ("~3", "Anonymous", None, "visible"),  # no id of its own: its marked path
    ]
    assert thread.comments[0].author_key is not None
    assert thread.declared_comment_count == 3


@pytest.mark.parametrize(
    ("heading", "count"), [("12 comments:", 12), ("1 comment:", 1), ("No comments:", 0), ("3 comentarios:", 3)]
)
def test_declared_count_heading(heading, count):
    html = threaded(li(1, "Ed", "x")).replace("<div id='comments'>", f"<div id='comments'><h4>{heading}</h4>")
    assert parse_one(html).declared_comment_count == count


def test_sample_page():
    data = SAMPLE.read_bytes()
    assert detect_format(Source.from_bytes(data)) == FORMAT
    thread = parse_one(data)
    assert thread.title == "Board votes to close Pine Ridge Elementary"
    assert len(thread.comments) == thread.declared_comment_count == 18
    assert thread.max_depth == 2
    deleted = [c for c in thread.comments if c.status == "deleted"]
    assert [c.id for c in deleted] == ["c107", "c117"]
    assert [c.parent_id for c in thread.comments if c.id == "c118"] == ["c117"]
    assert len({c.author_key for c in thread.comments if c.author_key}) == 4


@pytest.mark.parametrize(
    ("head", "score"),
    [
        ("<html><head><meta content='blogger' name='generator'/></head>", 85),
        ("<html><body><div id='comment-holder'>", 85),
        ("<html><body><a href='https://x.blogspot.com/'>a blogspot link</a>", 40),
        ("<html><body><p>article</p>", 0),
        ('{"json": 1}', 0),
    ],
)
def test_sniff(head, score):
    assert blogger_html.sniff(Source.from_bytes(head.encode())) == score


@settings(max_examples=property_examples(100), deadline=None)
@given(spec=comment_trees(max_depth=2, names=single_spaced_names))
def test_round_trip_threaded(spec):
    assert_same_tree(spec, parse_one(render_blogger(spec)), exact_text=False)


@settings(max_examples=60, deadline=None)
@given(spec=comment_trees(max_depth=1, names=single_spaced_names.filter(lambda s: " " not in s)))
def test_round_trip_classic(spec):
    # One-word names: "NAME said..." cannot tell a name ending in "said" from the label.
    assert_same_tree(spec, parse_one(render_blogger_classic(spec)), exact_text=False)


@settings(max_examples=property_examples(100), deadline=None)
@given(data=st.binary(max_size=3000))
def test_random_bytes_give_a_thread_or_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_bytes(data, FORMAT)


@settings(max_examples=property_examples(100), deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_pages_give_a_thread_or_parse_error(seed):
    with contextlib.suppress(ParseError):
        parse_bytes(mutate(SAMPLE.read_bytes(), random.Random(seed), tokens=HTML_TOKENS), FORMAT)


@settings(max_examples=60, deadline=None)
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_page_keeps_every_comment_before_the_cut(fraction):
    data = SAMPLE.read_bytes()
    cut = data[: int(len(data) * fraction)]
    try:
        thread = parse_one(cut)
    except ParseError:
        assert b"showComment" not in cut  # only a cut before any comment may fail
        return
    reached = {f"c{number}" for number in range(101, 119) if f'#c{number}"'.encode() in cut}
    assert reached <= {c.id for c in thread.comments}


def test_exact_times_are_expressed_in_the_blogs_zone_so_shown_clocks_match():
    from zoneinfo import ZoneInfo

    thread = parse_one(SAMPLE.read_bytes(), default_timezone=ZoneInfo("America/Chicago"))
    by_id = {c.id: c for c in thread.comments}
    # The page shows "October 12, 2022 at 9:50 PM" for c103; the permalink's epoch is 02:50 UTC the next day.
    assert (by_id["c103"].posted_at.hour, by_id["c103"].posted_at.minute) == (21, 50)
    assert by_id["c103"].posted_at == datetime(2022, 10, 13, 2, 50, tzinfo=timezone.utc)
