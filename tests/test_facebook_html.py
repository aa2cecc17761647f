"""The Facebook comments plugin frame reader: blocks, one level of replies, Unix times, folded parts."""

from __future__ import annotations

from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes
from moderation.parsing.source import Source

CASE = CASES / "facebook-html" / "plugin_frame_folded.html"


def block(comment_id: int, name: str, text: str, replies: str = "", utime: str = "1700000000", top=True) -> str:
    kind = "_3-8y _5nz1 clearfix" if top else "_3-8y clearfix"
    nested = f'<div class="_44ri _2pis">{replies}</div>' if replies else ""
    return (
        f'<div class="{kind}"><div><div class="_3-8m"><a class=" UFICommentActorName" href="#">{name}</a>'
        f'<div class="_30o4"><span class="_5mdd"><span>{text}</span></span></div></div>'
        '<div><a role="button">Like</a> · <a role="button">Reply</a> · '
        f'<a href="https://news.example/a?comment_id={comment_id}"><abbr data-utime="{utime}">2y</abbr></a></div>'
        f"{nested}</div></div>"
    )


def frame(blocks: str, after: str = "") -> bytes:
    return (
        '<html id="facebook"><head><title>Facebook Social Plugin</title></head><body>'
        f'<div class="_4k-6">{blocks}</div>{after}</body></html>'
    ).encode()


def test_detected_as_facebook_html():
    assert detect_format(Source.from_bytes(frame(block(1, "Ana", "hi")))) == "facebook-html"


def test_replies_nest_under_their_comment_with_unix_times_in_utc():
    reply = block(2, "Bo", "a reply", top=False, utime="1700003600")
    (thread,) = parse_bytes(frame(block(1, "Ana", "first", reply) + block(3, "Cy", "second")))
    assert [(c.id, c.parent_id, c.author) for c in thread.comments] == [
        ("1", None, "Ana"),
        ("2", "1", "Bo"),
        ("3", None, "Cy"),
    ]
    assert thread.comments[1].posted_at.isoformat() == "2023-11-14T23:13:20+00:00"
    assert thread.comments[0].text == "first" and thread.url == "https://news.example/a"
    assert thread.title is None and not thread.incomplete


def test_junk_times_are_no_date():
    (thread,) = parse_bytes(frame(block(1, "Ana", "x", utime="0") + block(2, "Bo", "y", utime="soon")))
    assert [c.posted_at for c in thread.comments] == [None, None]


def test_load_more_and_collapsed_replies_mark_the_thread_incomplete():
    (thread,) = parse_bytes(frame(block(1, "Ana", "x"), after="<button>Load 10 more comments</button>"))
    assert thread.incomplete and "Load 10 more comments" in thread.unread[0]


def test_golden_frame_badge_and_folds():
    (thread,) = parse_bytes(CASE.read_bytes())
    roles = {c.author: c.role for c in thread.comments}
    assert roles["Lakeview Courier"] == "post_author" and roles["Ruth Okafor"] is None
    assert thread.incomplete and len(thread.comments) == 4
    assert all("Reply" not in c.text and "Top fan" not in c.text for c in thread.comments)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(CASE.read_bytes())))
def test_a_truncated_frame_keeps_fewer_comments_or_is_refused(cut):
    try:
        threads = parse_bytes(CASE.read_bytes()[:cut], "facebook-html")
    except ParseError as error:
        assert str(error)
        return
    assert sum(len(t.comments) for t in threads) <= 4


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(noise=st.text(max_size=200), utime=st.text(max_size=24))
def test_hostile_values_inside_a_block_give_a_thread(noise, utime):
    safe = noise.replace("<", "&lt;").replace("&", "&amp;")
    data = frame(block(1, safe[:20], safe, utime=utime.replace('"', "").replace("<", "").replace("&", "")))
    (thread,) = parse_bytes(data, "facebook-html")
    assert all(c.posted_at is None or c.posted_at.tzinfo is not None for c in thread.comments)
