"""A saved page whose comments no reader takes is never "0 comments" and complete.

The layout below puts its comments in blocks with no comment class (only their bylines carry one),
so no parser reads them; the page's text still shows a name and date with "Reply" under each.
"""

from __future__ import annotations

from moderation.parsing import parse_bytes

BLOCK = """
<li class="entry" id="entry-{n}">
  <header class="comment__header"><span class="who">{name}</span> <span class="dot">•</span>
    <a class="ago" href="#entry-{n}">{date}</a></header>
  <div class="words"><p>{text}</p></div>
  <menu><li><a href="#">Reply</a></li></menu>
</li>"""
COMMENTS = [
    ("Wren", "March 3, 2022 at 9:15 am", "The bins were not collected again."),
    ("Oskar", "March 3, 2022 at 11:40 am", "Same on our street."),
    ("Fay", "March 4, 2022 at 8:05 am", "They said Thursday now."),
]


def page(blocks: str, sidebar: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Bin day</title></head><body>"
        "<article><h1>Bin day moves</h1><p>Collections move to Thursday.</p></article>"
        f"<ul class='stream'>{blocks}</ul>{sidebar}</body></html>"
    ).encode()


def test_unread_blocks_mark_the_page_incomplete_not_bylines_as_comments():
    blocks = "".join(
        BLOCK.format(n=n, name=name, date=date, text=text) for n, (name, date, text) in enumerate(COMMENTS)
    )
    [thread] = parse_bytes(page(blocks), name="bins.html")
    assert [comment.text for comment in thread.comments] == []  # never the bylines' "•" as three comments
    assert thread.incomplete
    assert any("Reply" in reason for reason in thread.unread)


def test_an_article_with_a_sidebar_of_other_pages_comments_stays_complete():
    sidebar = (
        "<aside class='widget recent-comments'><h2>3 Comments</h2>"
        + "".join(f"<p>{name}</p><p>{date}</p><p>Reply</p>" for name, date, _ in COMMENTS)
        + "</aside>"
    )
    [thread] = parse_bytes(page("", sidebar), name="bins.html")
    assert not thread.comments
    assert not thread.incomplete


def article(after: str = "", generator: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Library hours</title>{generator}</head><body>"
        "<article><h1>Library opens on Sundays</h1><p>From May the branch opens noon to five.</p></article>"
        f"{after}</body></html>"
    ).encode()


NO_SECTION = "this page has no comment section: only the article was read"
SIDEBAR = (
    "<aside class='widget-area'><h2>Recent comments</h2><ul class='recentcomments'>"
    "<li>Ada on <a href='/b'>Pool closes</a></li></ul></aside>"
)


def test_a_page_with_no_comment_area_says_so():
    for body in ("", SIDEBAR, "<a href='#forum' name='forum' id='forum'></a>"):
        [thread] = parse_bytes(article(body))
        assert thread.comments == [] and not thread.incomplete
        assert NO_SECTION in thread.warnings, body


def test_an_empty_or_closed_comment_area_is_zero_comments_without_the_note():
    for body in (
        "<div id='comments'><h3>Leave a Reply</h3><form action='/wp-comments-post.php'>"
        "<textarea name='comment'></textarea></form></div>",
        "<div class='comments-area'><p class='no-comments'>Comments are closed.</p></div>",
        "<section><h3>Your thoughts</h3><form><textarea></textarea></form></section>",
    ):
        [thread] = parse_bytes(article(body))
        assert thread.comments == [] and NO_SECTION not in thread.warnings, body


def test_an_engine_page_with_no_forum_says_so_too():
    spip = "<meta name='generator' content='SPIP 3.2' />"
    [thread] = parse_bytes(article("<a href='#forum' name='forum' id='forum'></a>", spip))
    assert thread.source_format == "spip-html" and NO_SECTION in thread.warnings


def test_an_empty_comment_box_is_said_to_be_empty_not_absent():
    [thread] = parse_bytes(article("<div id='discussion-mount'></div>"))
    assert thread.comments == [] and not thread.incomplete
    assert NO_SECTION not in thread.warnings
    assert any(
        w.startswith("the comment area (#discussion-mount) is empty in this saved page") for w in thread.warnings
    )
