"""Render a tree spec (tests/tree_specs.py) as a WordPress WXR or a Disqus XML export.

Both exports list comments in any order, so the renderers take the order to write them in.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from html import escape

from tree_specs import SpecComment

WXR_NAMESPACES = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "http://wordpress.org/export/1.2/",
}
_SITE_ZONE = timezone(timedelta(hours=-5))  # comment_date is site-local; the parser must prefer the GMT one


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_wxr(
    spec: list[SpecComment], *, version: str = "1.2", order: list[int] | None = None, post_id: int = 7
) -> bytes:
    """One post holding the spec's comments; comment ids are 100 + position, stored HTML-escaped as WordPress does."""
    order = list(range(len(spec))) if order is None else order
    comments = []
    for position in order:
        comment = spec[position]
        parent = 0 if comment.parent is None else 100 + comment.parent
        gmt = comment.posted_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        local = comment.posted_at.astimezone(_SITE_ZONE).strftime("%Y-%m-%d %H:%M:%S")
        comments.append(
            "<wp:comment>"
            f"<wp:comment_id>{100 + position}</wp:comment_id>"
            f"<wp:comment_author>{cdata(escape(comment.author))}</wp:comment_author>"
            f"<wp:comment_author_email>reader{position % 3}@example.test</wp:comment_author_email>"
            f"<wp:comment_author_IP>192.0.2.{position % 250}</wp:comment_author_IP>"
            f"<wp:comment_date>{local}</wp:comment_date>"
            f"<wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(escape(comment.text, quote=False))}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>"
            "</wp:comment>\n"
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:wp="{WXR_NAMESPACES[version]}">\n<channel><title>Test site</title>'
        f"<wp:wxr_version>{version}</wp:wxr_version>\n"
        f"<item><title>Council vote</title><link>https://news.example.test/?p={post_id}</link>"
        f"<content:encoded>{cdata('<p>The article.</p>')}</content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_type>post</wp:post_type>\n"
        + "".join(comments)
        + "</item>\n</channel>\n</rss>\n"
    )
    return document.encode("utf-8")


def render_disqus(spec: list[SpecComment], *, order: list[int] | None = None, thread_first: bool = True) -> bytes:
    """One thread; posts `p<position>` as HTML paragraphs with <br> line breaks, in the given order."""
    order = list(range(len(spec))) if order is None else order
    thread = (
        '<thread dsq:id="t1"><id>council-vote</id><link>https://news.example.test/council-vote</link>'
        "<title>Council vote</title><createdAt>2021-03-04T08:00:00Z</createdAt></thread>\n"
    )
    posts = []
    for position in order:
        comment = spec[position]
        message = "<p>" + escape(comment.text, quote=False).replace("\n", "<br>\n") + "</p>"
        parent = "" if comment.parent is None else f'<parent dsq:id="p{comment.parent}"/>'
        created = comment.posted_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        posts.append(
            f'<post dsq:id="p{position}"><id/><message>{cdata(message)}</message>'
            f"<createdAt>{created}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>"
            f"<author><name>{escape(comment.author)}</name><isAnonymous>true</isAnonymous></author>"
            f'<ipAddress>198.51.100.{position % 250}</ipAddress><thread dsq:id="t1"/>{parent}</post>\n'
        )
    body = thread + "".join(posts) if thread_first else "".join(posts) + thread
    document = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<category dsq:id="c1"><forum>newsblog</forum><title>General</title><isDefault>true</isDefault></category>\n'
        + body
        + "</disqus>\n"
    )
    return document.encode("utf-8")
