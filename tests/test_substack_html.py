"""The saved Substack page reader: nesting by div.comment, ids from anchors, badges, folded replies."""

from __future__ import annotations

from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.source import Source

CASE = CASES / "substack-html" / "post_with_folded_replies.html"


def comment(comment_id: int, text: str, replies: str = "", name: str = "A Reader", meta_extra: str = "") -> str:
    listing = f'<div class="comment-list"><div class="comment-list-items">{replies}</div></div>' if replies else ""
    return (
        f'<div class="comment"><div class="comment-anchor" id="comment-{comment_id}"></div>'
        f'<div class="comment-content"><div class="comment-meta"><span class="commenter-name">{name}</span>'
        f'{meta_extra}<span><a href="/p/x/comment/{comment_id}">Nov 3</a></span></div>'
        f'<div class="comment-body"><p><span>{text}</span></p></div>'
        "<div><button>Reply</button><button>Share</button></div></div>"
        f"{listing}</div>"
    )


def page(items: str, after: str = "") -> bytes:
    return (
        "<html><head><title>A post</title></head><body><h1>A post</h1>"
        '<div id="discussion"><div class="comments-page">'
        f'<div class="comment-list-items">{items}</div>{after}</div></div>'
        '<div class="footer"><a href="/archive">Load more posts</a></div></body></html>'
    ).encode()


def test_detected_as_substack_html():
    assert detect_format(Source.from_bytes(page(comment(1, "hello")))) == "substack-html"


def test_replies_nest_under_their_comment_and_keep_substack_ids():
    deep = comment(3, "third")
    data = page(comment(1, "first", comment(2, "second", deep)) + comment(4, "fourth"))
    (thread,) = parse_bytes(data)
    assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [
        ("1", None, 1),
        ("2", "1", 2),
        ("3", "2", 3),
        ("4", None, 1),
    ]
    assert thread.comments[0].text == "first" and not thread.incomplete


def test_chrome_is_not_text_and_a_yearless_date_is_not_guessed():
    (thread,) = parse_bytes(page(comment(1, "just the words")))
    assert thread.comments[0].text == "just the words"
    assert thread.comments[0].posted_at is None  # "Nov 3" names no year


def test_author_badge_gives_the_post_author_role_and_stays_out_of_the_name():
    badge = '<span class="comment-author-badge">Author</span>'
    (thread,) = parse_bytes(page(comment(1, "from the writer", name="Pier Notes", meta_extra=badge)))
    assert thread.comments[0].author == "Pier Notes" and thread.comments[0].role == "post_author"


def test_folded_replies_mark_the_thread_incomplete_but_the_sites_own_load_more_does_not():
    folded = page(comment(1, "a"), after='<button class="collapsed-reply">3 more replies</button>')
    (thread,) = parse_bytes(folded)
    assert thread.incomplete and "3 more replies" in thread.unread[0]
    (whole,) = parse_bytes(page(comment(1, "a")))
    assert not whole.incomplete


def test_golden_page_holds_deleted_comment_in_place():
    (thread,) = parse_bytes(CASE.read_bytes())
    deleted = [c for c in thread.comments if c.status == "deleted"]
    assert len(deleted) == 1 and deleted[0].text == "" and deleted[0].parent_id == "71100201"
    assert thread.incomplete and len(thread.comments) == 5


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(CASE.read_bytes())))
def test_a_truncated_page_keeps_fewer_comments_or_is_refused(cut):
    data = CASE.read_bytes()[:cut]
    try:
        threads = parse_bytes(data, "substack-html")
    except ParseError as error:
        assert str(error)
        return
    assert sum(len(t.comments) for t in threads) <= 5


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(noise=st.text(max_size=300))
def test_hostile_text_inside_the_widget_gives_a_thread(noise):
    data = page(comment(1, noise.replace("<", "&lt;"), name=noise[:20].replace("<", "&lt;")))
    (thread,) = parse_bytes(data, "substack-html")
    assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))
