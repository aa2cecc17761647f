"""Saved pages whose comments are not in the file, or are in a layout no reader takes, are never a quiet
"0 comments": comment services' mounts and frames, "See all responses" buttons, blocks marked as
comments that were not read, and a comment area holding dated text. Pages written in our own words.
"""

from __future__ import annotations

import pytest

from moderation.parsing import parse_bytes


def page(section: str, generator: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Ferry timetable | Bay Post</title>{generator}</head><body>"
        "<nav class='menu'><a href='/'>Home</a></nav>"
        "<article><h1 class='entry-title'>Ferry timetable changes in June</h1>"
        "<div class='entry-content'><p>The early ferry now leaves at six fifteen.</p></div></article>"
        f"{section}<footer><p>Bay Post</p></footer></body></html>"
    ).encode()


def read(section: str, generator: str = ""):
    [thread] = parse_bytes(page(section, generator), name="ferry.html")
    return thread


MOUNTS = {
    "Ghost comments": "<section class='article-comments'><script defer src='https://cdn.example.net/ghost/comments-ui@~0.17"
    "/umd/comments-ui.min.js' data-ghost-comments='https://bay.example.org/' data-key='k1'></script></section>",
    "FastComments": "<div id='fastcomments-widget'></div>",
    "Comentario": "<comentario-comments></comentario-comments>",
    "HTML Comment Box": "<div id='HCB_comment_box'>comments are loading...</div>",
    "Vanilla comments": "<div id='vanilla-comments'></div>",
    "Squarespace comments": "<div class='squarespace-comments' id='squarespace-comments'></div>",
    # utterances and giscus keep only their frame once their script ran
    "utterances": "<div class='utterances'><iframe class='utterances-frame' src='https://utteranc.es/utterances.html?"
    "repo=bay%2Fblog' title='Comments'></iframe></div>",
    "giscus": "<div class='giscus'><iframe class='giscus-frame' src='https://giscus.app/en/widget?repo=bay%2Fblog'>"
    "</iframe></div>",
}


@pytest.mark.parametrize("service", MOUNTS)
def test_a_comment_service_mount_marks_the_page_unread(service):
    thread = read(MOUNTS[service])
    assert not thread.comments
    assert thread.incomplete
    assert any(f"loaded by script ({service})" in reason for reason in thread.unread)


def test_a_frame_of_comments_saved_beside_the_page_is_named():
    thread = read("<div class='discussion'><iframe src='ferry_files/comments.html' title='Comments'></iframe></div>")
    assert thread.incomplete
    assert any("ferry_files/comments.html" in reason for reason in thread.unread)


def test_the_comment_forms_own_frame_is_no_comments():
    # Jetpack frames its reply box inside the comment form: the page has no comments yet, and says no more.
    form = (
        "<div id='comments' class='comments-area'><div id='respond' class='comment-respond'><h3>Leave a Reply</h3>"
        "<form id='commentform'><iframe title='Comment Form' name='jetpack_remote_comment'"
        " src='https://jetpack.example.com/jetpack-comment/?postid=2'></iframe></form></div></div>"
    )
    thread = read(form)
    assert not thread.comments
    assert not thread.incomplete


def test_a_see_all_responses_button_marks_the_page_unread():
    thread = read("<div class='responses'><button><span>See all responses</span></button></div>")
    assert thread.incomplete
    assert any("See all responses" in reason for reason in thread.unread)


def test_blocks_marked_as_comments_that_no_reader_takes_mark_the_page_unread():
    entries = "".join(
        f"<x-reply-comment author='{name}'><time datetime='2024-06-02T07:10:00Z'>3h ago</time>"
        f"<div slot='body'><p>{text}</p></div></x-reply-comment>"
        for name, text in (
            ("gull", "The six fifteen is too early for the school run."),
            ("kite", "It suits the shift workers."),
        )
    )
    thread = read(f"<div class='thread'>{entries}</div>")
    assert not thread.comments
    assert thread.incomplete
    assert any("2 blocks marked as comments (<x-reply-comment>)" in reason for reason in thread.unread)


def test_a_comment_area_holding_dated_entries_marks_the_page_unread():
    entries = "".join(
        f"<tr><td>{when}</td><td>{who}</td></tr><tr><td colspan='2'>{text}</td></tr>"
        for when, who, text in (
            ("2 June 2024 07:10", "Pia", "The early boat was full again this morning."),
            ("2 June 2024 08:45", "Ravi", "They added a second boat at seven on weekdays."),
        )
    )
    thread = read(f"<div id='comments'><h3>Comments</h3><table>{entries}</table></div>")
    assert not thread.comments
    assert thread.incomplete
    assert any("comment area (#comments)" in reason for reason in thread.unread)


def test_a_list_of_comment_rules_is_no_unread_comments():
    rules = (
        "<div id='comments' class='comments-area'><ul class='comment-rules'><li>Keep to the ferry service, please.</li>"
        "<li>Name calling gets a comment removed.</li><li>Links to shops are held for review.</li></ul>"
        "<p class='no-comments'>No comments yet.</p></div>"
    )
    thread = read(rules, generator="<meta name='generator' content='WordPress 6.4'>")
    assert not thread.comments
    assert not thread.incomplete


def test_a_comment_policy_without_comments_stays_complete():
    policy = (
        "<div id='comments' class='comments-area'><div class='comment-policy'><p>Please keep the discussion about the"
        " ferry service.</p><p>Posts that insult other readers are removed by the editors.</p></div>"
        "<p class='no-comments'>Comments are closed.</p></div>"
    )
    thread = read(policy, generator="<meta name='generator' content='WordPress 6.4'>")
    assert not thread.comments
    assert not thread.incomplete
