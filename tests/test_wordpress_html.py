"""The saved WordPress page parser, and the HTML-to-text helper every page parser shares."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mutation import HTML_TOKENS, mutate
from renderers_html_pages import render_wordpress, single_spaced_names
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, detect_format, parse_bytes
from moderation.parsing.html_text import decode_page, html_to_text
from moderation.parsing.source import Source

SAMPLE = Path(__file__).resolve().parent.parent / "sample_threads" / "wordpress_page.html"
FORMAT = "wordpress-html"


def parse_one(html: str | bytes, **options):
    data = html.encode("utf-8") if isinstance(html, str) else html
    threads = parse_bytes(data, FORMAT, name="page.html", options=ParseOptions(**options))
    assert len(threads) == 1
    return threads[0]


def page(comments_html: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><ol class='comment-list'>{comments_html}</ol></body></html>"


def item(number: int, name: str, content_html: str, children: str = "", extra_classes: str = "") -> str:
    return (
        f'<li id="comment-{number}" class="comment {extra_classes}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{name}</b> '
        f'<span class="says">says:</span></div></footer><div class="comment-content">{content_html}</div>'
        f'<div class="reply"><a class="comment-reply-link" data-commentid="{number}">Reply</a></div></article>'
        f"{children}</li>"
    )


# --- text ---------------------------------------------------------------------------------------


def _fragment(html: str):
    import lxml.html

    return lxml.html.fragment_fromstring(html, create_parent="div", parser=lxml.html.HTMLParser(huge_tree=True))


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>line<br>next<br/>last</p>", "line\nnext\nlast"),
        ("<p>a   lot\n of\tspace</p>", "a lot of space"),
        ("<p>Tom &amp;amp; Jerry &#8217;s</p>", "Tom &amp; Jerry ’s"),
        ("<p>x<script>alert(1)</script>y<style>p{}</style>z</p>", "xyz"),
        ('<p>see <a href="https://ex.test">the report</a>, page 4</p>', "see the report, page 4"),
        ("<p>a<!-- hidden -->b</p>", "ab"),
        ('<p>yes <img class="emoji" alt="😀" src="x.svg"> <img src="cat.jpg" alt="cat"></p>', "yes 😀"),
        ("  <p>  </p><p>only</p>  ", "only"),
        ("<blockquote>quoted</blockquote>reply", "quoted\n\nreply"),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(_fragment(html)) == text


def test_html_to_text_survives_thousands_of_nested_elements():
    assert html_to_text(_fragment("<span>" * 1500 + "deep" + "</span>" * 1500)) == "deep"


# --- decoding -----------------------------------------------------------------------------------


def test_declared_windows_1252_is_honoured_when_bytes_are_not_utf8():
    raw = b'<html><head><meta charset="windows-1252"></head><body>caf\xe9 \x93quoted\x94</body></html>'
    assert "café “quoted”" in decode_page(raw)


def test_declared_charset_other_than_the_fallback_is_honoured():
    raw = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250"></head>'
    assert "Wrocław" in decode_page(raw + b"<body>Wroc\xb3aw</body></html>")


def test_declared_charset_is_ignored_when_bytes_are_valid_utf8():
    raw = '<meta charset="iso-8859-1"><p>café</p>'.encode()
    assert "café" in decode_page(raw)


def test_undeclared_non_utf8_bytes_fall_back_to_cp1252():
    assert "naïve" in decode_page(b"<p>na\xefve</p>")


# --- structure ----------------------------------------------------------------------------------


def test_html5_nesting_gives_parents_and_reply_link_id_is_not_a_parent():
    reply = item(9, "Admin", "<p>Fixed.</p>")
    thread = parse_one(page(item(7, "Mara", "<p>Wrong?</p>", f'<ul class="children">{reply}</ul>')))
    assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [
        ("comment-7", None, 1),
        ("comment-9", "comment-7", 2),
    ]


def test_li_comment_wrapper_around_article_is_one_comment():
    html = page(
        '<li id="li-comment-5" class="comment depth-1"><article id="comment-5" class="comment">'
        '<footer><div class="comment-author vcard"><cite class="fn">Ed</cite></div></footer>'
        '<div class="comment-content"><p>Hi</p></div></article></li>'
    )
    thread = parse_one(html)
    assert [(c.id, c.author, c.text) for c in thread.comments] == [("comment-5", "Ed", "Hi")]


def test_empty_name_becomes_anonymous_and_url_name_keeps_its_text():
    html = page(item(1, "", "<p>a</p>") + item(2, '<a class="url" href="https://x.test">Bo</a>', "<p>b</p>"))
    assert [c.author for c in parse_one(html).comments] == ["Anonymous", "Bo"]


def test_registered_user_class_gives_an_identity_key():
    html = page(
        item(1, "Marcus", "<p>a</p>", extra_classes="byuser comment-author-marcus-webb") + item(2, "Marcus", "<p>b</p>")
    )
    first, second = parse_one(html).comments
    assert first.author_key and first.author_key.startswith("user_id:")
    assert second.author_key is None


def test_hostile_markup_in_a_comment_comes_out_as_plain_text():
    hostile = (
        '<p>hi<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">click</a> &lt;b&gt;bold&lt;/b&gt;</p>'
    )
    thread = parse_one(page(item(1, "X<script>alert(4)</script>", hostile)))
    comment = thread.comments[0]
    assert comment.text == "hi click <b>bold</b>"
    assert comment.author == "X"
    for found in ("alert", "onerror", "javascript"):
        assert found not in comment.text + comment.author


def test_pingback_is_kept_with_the_linking_site_as_author():
    html = page(
        '<li id="comment-3" class="pingback depth-1"><div class="comment-body">Pingback: '
        '<a href="https://other.test/p" class="url" rel="ugc external nofollow">Other &#8211; Blog</a> '
        '<span class="edit-link"><a class="comment-edit-link" href="/e">Edit</a></span></div></li>'
    )
    (comment,) = parse_one(html).comments
    assert (comment.author, comment.status, comment.kind) == ("Other – Blog", "visible", "pingback")
    assert comment.links == ("https://other.test/p",)
    assert "Pingback" not in comment.text  # the byline is not text


def test_pending_comment_drops_the_moderation_notice():
    html = page(
        '<li id="comment-4" class="comment depth-1"><article class="comment-body"><footer class="comment-meta">'
        '<div class="comment-author vcard"><b class="fn">Wes</b></div>'
        '<em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em></footer>'
        '<div class="comment-content"><p>First!</p></div></article></li>'
    )
    (comment,) = parse_one(html).comments
    assert (comment.status, comment.text) == ("pending", "First!")


def test_xhtml_date_is_read_in_the_default_timezone():
    html = page(
        '<li id="comment-1" class="comment depth-1"><div class="comment-body"><div class="comment-author vcard">'
        '<cite class="fn">Al</cite></div><div class="comment-meta commentmetadata"><a href="#comment-1">'
        'March 4, 2021 at 9:50 am</a>&nbsp;&nbsp;<a class="comment-edit-link" href="/e">(Edit)</a></div>'
        "<p>Text</p></div></li>"
    )
    zone = timezone(timedelta(hours=-5))
    (comment,) = parse_one(html, default_timezone=zone).comments
    assert comment.posted_at == datetime(2021, 3, 4, 9, 50, tzinfo=zone)
    assert comment.text == "Text"


def test_style_div_without_nesting_uses_depth_classes():
    def flat(number, depth):
        return f'<div id="comment-{number}" class="comment depth-{depth}"><b class="fn">N{number}</b>t{number}</div>'

    html = page(flat(1, 1) + flat(2, 2) + flat(3, 3) + flat(4, 2) + flat(5, 1) + flat(6, 2))
    parents = [c.parent_id for c in parse_one(html).comments]
    assert parents == [None, "comment-1", "comment-2", "comment-1", None, "comment-5"]


def chain_with_crowded_last_level(cap: int, crowd: int) -> str:
    inner = "".join(item(100 + n, f"Deep{n}", f"<p>d{n}</p>", extra_classes=f"depth-{cap}") for n in range(crowd))
    html = inner
    for depth in range(cap - 1, 0, -1):
        html = item(depth, f"L{depth}", f"<p>level {depth}</p>", f'<ul class="children">{html}</ul>', f"depth-{depth}")
    return html


def test_depth_cap_with_crowded_last_level_warns():
    thread = parse_one(page(chain_with_crowded_last_level(5, 3)))
    assert thread.max_depth == 5
    assert any("depth 5" in warning for warning in thread.warnings)


@pytest.mark.parametrize(
    ("cap", "crowd", "head_class", "warned"),
    [(5, 1, "", False), (4, 2, "", False), (4, 2, "thread-comments-depth-4", True)],
)
def test_depth_cap_warning_needs_a_known_cap_and_siblings(cap, crowd, head_class, warned):
    html = page(chain_with_crowded_last_level(cap, crowd)).replace("<body>", f'<body class="{head_class}">')
    thread = parse_one(html)
    assert any("may be deeper" in warning for warning in thread.warnings) is warned


def test_comment_navigation_warns_that_only_one_page_is_here():
    navigation = '<nav class="comment-navigation"><a href="/p/comment-page-1/#comments">Older Comments</a></nav>'
    thread = parse_one(page(item(1, "A", "<p>a</p>")).replace("</ol>", "</ol>" + navigation))
    assert any("only one page" in warning for warning in thread.warnings)
    assert not any("only one page" in warning for warning in parse_one(page(item(1, "A", "<p>a</p>"))).warnings)


@pytest.mark.parametrize(
    ("heading", "count"),
    [
        ("44 thoughts on &ldquo;Budget&rdquo;", 44),
        ("One thought on &ldquo;Budget&rdquo;", 1),
        ("12 Responses to &#8220;Budget&#8221;", 12),
        ("44 replies", 44),
        ("1,204 comments", 1204),
        ("Comments are closed", None),
    ],
)
def test_declared_count_from_comments_title(heading, count):
    html = page(item(1, "A", "<p>a</p>")).replace("<ol", f'<h2 class="comments-title">{heading}</h2><ol', 1)
    assert parse_one(html).declared_comment_count == count


def test_title_url_and_body_come_from_the_article():
    head = '<title>Site | Story</title><link rel="canonical" href="https://ex.test/story/">'
    head += '<meta property="og:title" content="OG">'
    html = page(item(1, "A", "<p>a</p>"), head).replace(
        "<body>", '<body><h1 class="entry-title">Story</h1><div class="entry-content"><p>Para 1</p><p>Para 2</p></div>'
    )
    thread = parse_one(html)
    assert (thread.title, thread.url, thread.body) == ("Story", "https://ex.test/story/", "Para 1\n\nPara 2")


# --- detection ----------------------------------------------------------------------------------


def sniffed(data: bytes) -> str:
    return detect_format(Source.from_bytes(data))


def test_sample_page_is_detected_and_parsed():
    assert sniffed(SAMPLE.read_bytes()) == FORMAT
    thread = parse_one(SAMPLE.read_bytes())
    assert len(thread.comments) == 25
    assert thread.declared_comment_count == 24  # the pending comment is not counted by WordPress
    assert thread.max_depth == 4
    assert [c.status for c in thread.comments].count("pending") == 1
    assert not thread.warnings
    hostile = next(c for c in thread.comments if c.author == "xX_quickfix_Xx")
    assert "<script>alert('owned')</script>" in hostile.text  # escaped in the page: it is what they typed


def test_plain_html_article_is_a_thread_with_no_comments():
    html = b"<!DOCTYPE html><html><head><title>Parking plan</title></head>"
    html += b"<body><h1>Parking plan</h1><p>Text.</p></body></html>"
    assert sniffed(html) == FORMAT
    thread = parse_one(html)
    assert (thread.title, thread.comments) == ("Parking plan", [])


@pytest.mark.parametrize(
    "data",
    [
        b'{"schema": "x"}',
        b"Just a line of text\n",
        b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">',
    ],
)
def test_non_html_is_not_claimed(data):
    from moderation.parsing import wordpress_html

    assert wordpress_html.sniff(Source.from_bytes(data)) == 0


# --- properties ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "style"), [("html5", "ul"), ("html5", "ol"), ("html5", "div"), ("xhtml", "ul"), ("xhtml", "div")]
)
@settings(deadline=None)
@given(spec=comment_trees(names=single_spaced_names))
def test_round_trip(markup, style, spec):
    thread = parse_one(render_wordpress(spec, markup, style))
    assert_same_tree(spec, thread, exact_text=False)
    assert thread.declared_comment_count == len(spec)


@settings(deadline=None)
@given(data=st.binary(max_size=3000))
def test_random_bytes_give_a_thread_or_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_bytes(data, FORMAT)


@settings(deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_pages_give_a_thread_or_parse_error(seed):
    rng = random.Random(seed)
    try:
        threads = parse_bytes(mutate(SAMPLE.read_bytes(), rng, tokens=HTML_TOKENS), FORMAT)
    except ParseError:
        return
    assert all(c.status in ("visible", "pending") for t in threads for c in t.comments)


@settings(deadline=None)
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_page_keeps_every_comment_before_the_cut(fraction):
    data = SAMPLE.read_bytes()
    cut = data[: int(len(data) * fraction)]
    try:
        thread = parse_one(cut)
    except ParseError:
        assert b"#comment-" not in cut  # only a cut before any HTML content may fail
        return
    ids = {c.id for c in thread.comments}
    finished = {f"comment-{number}" for number in range(4101, 4126) if f'#comment-{number}"'.encode() in cut}
    # A comment whose permalink was reached is in the tree (its text may be cut short).
    assert finished <= ids
