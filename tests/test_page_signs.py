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
