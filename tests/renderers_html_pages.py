"""Turn a tree spec (tests/tree_specs.py) into a saved WordPress or Blogger page, for round-trip tests.

Text is escaped the way WordPress and Blogger escape it, so whatever a reader typed ("<script>",
"&amp;") must come back from the parser as the same plain text.
"""

from __future__ import annotations

import re
from datetime import timezone
from html import escape

from hypothesis import strategies as st
from tree_specs import SpecComment, children_of

PAGE_URL = "https://news.example/2021/03/04/story/"

_SPACED_DASH_AT_AN_EDGE = re.compile(r"^-+\s|\s-+$")
# HTML collapses runs of spaces, so the names a page can carry are single-spaced.
single_spaced_names = (
    st.text(
        st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ._-'"), min_size=1, max_size=20
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and not s[0].isdigit())
    # A dash spaced off at either end is byline chrome to the parser ("- Ben", "Ben -": comment_parts'
    # _NAME_EDGES), so a page cannot carry such a name unchanged.
    .filter(lambda s: not _SPACED_DASH_AT_AN_EDGE.search(s))
)


def shown_time(spec_comment: SpecComment) -> str:
    """The date as WordPress and Blogger print it by default ("March 4, 2021 at 9:07 am"), in UTC."""
    moment = spec_comment.posted_at.astimezone(timezone.utc)
    hour = moment.hour % 12 or 12
    return f"{moment:%B} {moment.day}, {moment.year} at {hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def paragraphs_html(text: str) -> str:
    """wpautop's shape: blank lines make paragraphs, single newlines <br />."""
    paragraphs = [part for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
    return "\n".join("<p>" + "<br />\n".join(escape(line) for line in part.split("\n")) + "</p>" for part in paragraphs)


def _page(title: str, comments_html: str, count: int) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-US"><head><meta charset="UTF-8">'
        f'<title>{escape(title)} &#8211; News</title><link rel="canonical" href="{PAGE_URL}"></head>\n'
        f'<body class="single"><article class="post"><h1 class="entry-title">{escape(title)}</h1>'
        '<div class="entry-content"><p>The story.</p></div></article>\n'
        f'<div id="comments" class="comments-area"><h2 class="comments-title">{count} thoughts on '
        f"&ldquo;{escape(title)}&rdquo;</h2>\n{comments_html}\n</div></body></html>\n"
    )


def render_wordpress(spec: list[SpecComment], markup: str = "html5", style: str = "ul") -> str:
    """The page wp_list_comments prints: markup "html5" or "xhtml", replies in ul/ol.children or nested divs."""
    children = children_of(spec)
    container = "div" if style == "div" else "ol"
    lines = [f'<{container} class="{"comment-list" if markup == "html5" else "commentlist"}">']

    def open_item(position: int, depth: int) -> None:
        comment = spec[position]
        number = 100 + position
        tag = "div" if style == "div" else "li"
        parent_class = " parent" if children[position] else ""
        lines.append(f'<{tag} id="comment-{number}" class="comment even depth-{depth}{parent_class}">')
        name_tag = "b" if markup == "html5" else "cite"
        name = f'<{name_tag} class="fn">{escape(comment.author)}</{name_tag}>'
        if markup == "html5":
            lines.append(
                f'<article id="div-comment-{number}" class="comment-body"><footer class="comment-meta">'
                f'<div class="comment-author vcard">{name} <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="{PAGE_URL}#comment-{number}">'
                f'<time datetime="{comment.posted_at.isoformat()}">{shown_time(comment)}</time></a></div></footer>'
                f'<div class="comment-content">{paragraphs_html(comment.text)}</div>'
                f'<div class="reply"><a class="comment-reply-link" href="?replytocom={number}#respond" '
                f'data-commentid="{number}">Reply</a></div></article>'
            )
        else:
            body_open = "" if style == "div" else f'<div id="div-comment-{number}" class="comment-body">'
            body_close = "" if style == "div" else "</div>"
            lines.append(
                f'{body_open}<div class="comment-author vcard">{name} <span class="says">says:</span></div>\n'
                f'<div class="comment-meta commentmetadata"><a href="{PAGE_URL}#comment-{number}">'
                f"{shown_time(comment)}</a></div>\n{paragraphs_html(comment.text)}\n"
                f'<div class="reply"><a class="comment-reply-link" href="?replytocom={number}#respond">Reply</a>'
                f"</div>{body_close}"
            )

    def walk(position: int, depth: int) -> None:
        # Recursion is fine here: specs are at most a few dozen comments.
        open_item(position, depth)
        if children[position]:
            if style != "div":
                lines.append(f'<{style} class="children">')
            for child in children[position]:
                walk(child, depth + 1)
            if style != "div":
                lines.append(f"</{style}>")
        lines.append("</div>" if style == "div" else "</li>")

    for position, comment in enumerate(spec):
        if comment.parent is None:
            walk(position, 1)
    lines.append(f"</{container}>")
    return _page("Council vote", "\n".join(lines), len(spec))


def _blogger_item(spec: list[SpecComment], position: int, replies_html: str = "") -> str:
    comment = spec[position]
    number = 9000 + position
    millis = int(comment.posted_at.timestamp() * 1000)
    content = escape(comment.text).replace("\n", "<br />\n")
    return (
        f'<li class="comment" id="c{number}"><div class="comment-block"><div class="comment-header">'
        f'<cite class="user">{escape(comment.author)}</cite><span class="icon user "></span>'
        f'<span class="datetime secondary-text"><a rel="nofollow" href="{PAGE_URL}?showComment={millis}#c{number}">'
        f"{shown_time(comment)}</a></span></div>"
        f'<p class="comment-content">{content}</p>'
        f'<span class="comment-actions secondary-text"><a class="comment-reply" data-comment-id="{number}">Reply</a>'
        f"</span></div>{replies_html}</li>"
    )


def render_blogger(spec: list[SpecComment]) -> str:
    """Blogger's threaded layout; the spec must be at most two levels deep."""
    children = children_of(spec)
    items = []
    for position, comment in enumerate(spec):
        if comment.parent is not None:
            continue
        replies = ""
        if children[position]:
            number = 9000 + position
            replies = (
                f'<div class="comment-replies"><div id="c{number}-rt" class="comment-thread inline-thread">'
                f'<ol id="c{number}-ra" class="thread-chrome thread-expanded"><div>'
                + "".join(_blogger_item(spec, child) for child in children[position])
                + f'</div><div id="c{number}-continue" class="continue"><a class="comment-reply">Reply</a></div>'
                "</ol></div></div>"
            )
        items.append(_blogger_item(spec, position, replies))
    holder = (
        f'<h4 id="comment-post-message">{len(spec)} comments:</h4><div id="comment-holder">'
        '<div class="comment-thread toplevel-thread"><ol id="top-ra">' + "\n".join(items) + "</ol></div></div>"
    )
    return _blogger_page(holder)


def render_blogger_classic(spec: list[SpecComment]) -> str:
    """Blogger's classic flat layout (dl#comments-block); every comment is top level."""
    entries = []
    for position, comment in enumerate(spec):
        number = 9000 + position
        millis = int(comment.posted_at.timestamp() * 1000)
        entries.append(
            f"<dt class='comment-author' id='c{number}'><a name='c{number}'></a>{escape(comment.author)} said...</dt>\n"
            f"<dd class='comment-body'><p>{escape(comment.text).replace(chr(10), '<br />')}</p></dd>\n"
            "<dd class='comment-footer'><span class='comment-timestamp'>"
            f"<a href='{PAGE_URL}?showComment={millis}#c{number}' "
            f"title='comment permalink'>{shown_time(comment)}</a></span></dd>"
        )
    return _blogger_page(f"<h4>{len(spec)} comments:</h4><dl id='comments-block'>\n" + "\n".join(entries) + "\n</dl>")


def _blogger_page(comments_html: str) -> str:
    return (
        "<!DOCTYPE html>\n<html><head><meta content='blogger' name='generator'/><title>Blog: Water rates</title>"
        "</head><body><div class='post hentry'><h3 class='post-title entry-title'>Water rates</h3>"
        "<div class='post-body entry-content'>The rates went up.</div></div>"
        f"<div class='comments' id='comments'>{comments_html}</div></body></html>\n"
    )
