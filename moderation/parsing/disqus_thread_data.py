"""The thread data a Disqus frame carries as JSON (`script#disqus-threadData`), read as comments.

Disqus's frame page holds its first posts twice: rendered by script into `ul#post-list`, and as the
JSON that script reads (`{"response": {"thread": {...}, "posts": [...]}, "cursor": {...}}`, the
shape of its public API's posts). A frame fetched or saved without running its script has only the
JSON: its posts are the comments, with their ids, parents, names and UTC times. Disqus sends the
first page of posts (`cursor.hasNext` says more exist): the thread is then marked unread.
"""

from __future__ import annotations

import json
from datetime import timezone

from moderation.assemble import RawComment
from moderation.author_keys import primary_key, user_id_keys
from moderation.parsing.html_text import iso_time
from moderation.parsing.xml_stream import markup_links, markup_to_text
from moderation.thread import Thread

THREAD_DATA_XPATH = "//script[@id='disqus-threadData']"
MORE_POSTS_UNREAD = (
    "the Disqus frame's thread data holds only its first posts (Disqus loads the rest by script): "
    "export the thread from Disqus, or save the frame after 'Load more comments'"
)


def thread_data(document) -> dict | None:
    """The frame's thread-data JSON, when it reads as Disqus's (a dict with a `response` dict)."""
    for script in document.xpath(THREAD_DATA_XPATH):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            return None
        if isinstance(data, dict) and isinstance(data.get("response"), dict):
            return data
        return None
    return None


def thread_head(data: dict) -> dict:
    head = data["response"].get("thread")
    return head if isinstance(head, dict) else {}


def read_posts(data: dict, thread: Thread) -> list[RawComment]:
    """The posts in the thread data as comments; the thread marked unread when Disqus has more."""
    posts = data["response"].get("posts")
    if not isinstance(posts, list):
        return []
    comments = [comment for comment in (post_comment(post) for post in posts if isinstance(post, dict)) if comment]
    cursor = data.get("cursor")
    if comments and isinstance(cursor, dict) and cursor.get("hasNext") is True:
        thread.mark_unread(MORE_POSTS_UNREAD)
    count = thread_head(data).get("posts")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        thread.declared_comment_count = count
    return comments


def post_comment(post: dict) -> RawComment | None:
    """One post as Disqus's API writes it (also in a frame's thread data), or None without an id."""
    ref = _id(post.get("id"))
    if ref is None:
        return None
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    name = author.get("name") if isinstance(author.get("name"), str) else ""
    username = author.get("username") if isinstance(author.get("username"), str) else ""
    keys = user_id_keys(username) if username and author.get("isAnonymous") is not True else {}
    message = post.get("message") if isinstance(post.get("message"), str) else ""
    if post.get("isSpam") is True:
        status = "spam"
    elif post.get("isDeleted") is True:
        status = "deleted"
    elif post.get("isApproved") is False:  # held for moderation: only a moderator's API answer holds it
        status = "pending"
    else:
        status = "visible"
    created = post.get("createdAt")
    return RawComment(
        ref=ref,
        parent_ref=_id(post.get("parent")),
        author=" ".join(name.split()) or username.strip() or "Anonymous",
        text=markup_to_text(message),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=iso_time(created, timezone.utc) if isinstance(created, str) else None,  # Disqus writes UTC
        status=status,
        links=markup_links(message),
    )


def _id(value) -> str | None:
    """A post id as Disqus writes it: a string or a number (never a boolean)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return str(value).strip() or None
    return None
