"""Blogger Atom exports: the classic backup and Google Takeout's feed.atom (golden cases in
tests/cases/blogger-atom/ hold the full trees; these pin the rules and the real exports)."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest
from conftest import SHARED, require_shared

from moderation.parsing import Source, detect_format, parse_bytes, parse_path
from moderation.parsing.blogger_atom import numeric_id

REAL = SHARED / "data" / "real-exports"
KIND = (
    '<category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#{}"/>'
)


def feed(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:thr="http://purl.org/syndication/thread/1.0">' + "".join(entries) + "</feed>"
    ).encode()


def post(number: str, title: str = "Tide tables") -> str:
    return (
        f"<entry><id>tag:blogger.com,1999:blog-9.post-{number}</id>{KIND.format('post')}<title>{title}</title></entry>"
    )


def comment(number: str, on: str, body: str = "Hello", parent: str | None = None) -> str:
    related = (
        f'<link rel="related" href="https://www.blogger.com/feeds/9/{on}/comments/default/{parent}"/>' if parent else ""
    )
    return (
        f"<entry><id>tag:blogger.com,1999:blog-9.post-{number}</id>{KIND.format('comment')}"
        f'<content type="html">{body}</content><author><name>Reader {number}</name></author>{related}'
        f'<thr:in-reply-to ref="tag:blogger.com,1999:blog-9.post-{on}"/></entry>'
    )


def test_detected_and_never_taken_for_a_saved_blogger_page():
    assert detect_format(Source.from_bytes(feed(post("1")))) == "blogger-atom"


def test_ids_are_the_numeric_tails_of_blogger_uris():
    assert numeric_id("tag:blogger.com,1999:blog-5.post-42") == "42"
    assert numeric_id("https://www.blogger.com/feeds/5/7/comments/default/43") == "43"
    assert numeric_id("") is None


def test_a_related_link_makes_a_reply_and_escaped_html_is_decoded_once():
    data = feed(
        post("1"),
        comment("2", "1", "First &lt;b&gt;bold&lt;/b&gt; &amp;amp; &amp;lt;b&amp;gt;"),
        comment("3", "1", "Second", parent="2"),
    )
    [thread] = parse_bytes(data)
    first, second = thread.comments
    assert first.text == "First bold & <b>"  # a tag, then a typed one shown as text
    assert (second.id, second.parent_id, second.depth) == ("3", "2", 2)


def test_posts_without_comments_are_threads_and_comments_before_their_post_still_join_it():
    threads = parse_bytes(feed(comment("5", "2"), post("1"), post("2")))
    assert [(t.id, len(t.comments)) for t in threads] == [("1", 0), ("2", 1)]


@pytest.mark.parametrize(
    "fixture, comment_id, thread_id, author, text",
    [
        ("pelican/bloggerexport.xml", "5590533389087749201", "1858599377741856733", "Thomas Isidore Noël Sankara",
         "Mishka, always a pleasure to read your adventures!"),
        ("hakyll-convert/blogger-000-input.xml", "4418218280178244067", "7643416819140719600", "Minoru",
         "This is an example comment."),
    ],
)  # fmt: skip
def test_real_blogger_exports(fixture, comment_id, thread_id, author, text):
    threads = parse_path(require_shared(REAL / fixture))
    comments = [(t.id, c) for t in threads for c in t.comments]
    [(on, only)] = comments
    assert (only.id, on, only.author) == (comment_id, thread_id, author)
    assert only.text.startswith(text)
    assert any("draft" in warning for t in threads for warning in t.warnings)


@pytest.mark.slow
def test_the_real_blogger_export_gzipped_through_the_command(tmp_path):
    packed = tmp_path / "backup.atom.gz"
    packed.write_bytes(gzip.compress(require_shared(REAL / "hakyll-convert" / "blogger-000-input.xml").read_bytes()))
    done = subprocess.run(
        [sys.executable, "-c", "from moderation.cli import main; main()", "parse", "--format", "json", str(packed)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert '"source": {"path": "' in done.stdout.replace("\n", "") or "blogger-atom" in done.stdout
    assert "4418218280178244067" in done.stdout


POST_FEED_ID = "tag:blogger.com,1999:blog-7.post70..comments"


def _post_comment_feed(feed_id: str, title: str) -> bytes:
    # A post's own comment feed as a blog serves it: no post entry, comments naming the post by thr:in-reply-to.
    entry = (
        "<entry><id>tag:blogger.com,1999:blog-7.post-71</id><published>2021-02-03T10:00:00Z</published>"
        "<content type='html'>The bridge opened late.</content><author><name>Osian</name></author>"
        "<thr:in-reply-to href='http://ferrynotes.example/2021/02/bridge.html'"
        " ref='tag:blogger.com,1999:blog-7.post-70'/>"
        "</entry>"
    )
    return (
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'>"
        f"<id>{feed_id}</id><title type='text'>{title}</title>{entry}</feed>"
    ).encode()


@pytest.mark.parametrize(
    ("feed_id", "feed_title", "thread_title"),
    [
        # The post's title follows the blog's name, colons in it and all.
        (POST_FEED_ID, "Comments on Ferry Notes: Bridge: a late start", "Bridge: a late start"),
        # A title in another form is kept whole rather than guessed at.
        (POST_FEED_ID, "Ferry Notes - bridge", "Ferry Notes - bridge"),
    ],
)
def test_a_posts_comment_feed_names_its_post_and_misses_nothing(feed_id, feed_title, thread_title):
    (thread,) = parse_bytes(_post_comment_feed(feed_id, feed_title))
    assert (thread.id, thread.title, len(thread.comments)) == ("70", thread_title, 1)
    assert thread.warnings == [] and thread.url == "http://ferrynotes.example/2021/02/bridge.html"


def test_a_whole_blogs_comment_feed_still_says_the_post_is_not_in_it():
    (thread,) = parse_bytes(_post_comment_feed("tag:blogger.com,1999:blog-7.comments", "Ferry Notes"))
    assert thread.title is None and "which is not in the export" in thread.warnings[0]
