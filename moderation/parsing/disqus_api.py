"""Disqus's public API answers saved as JSON (`posts/list`, `threads/listPosts`, `forums/listPosts`):
{"cursor": {...}, "code": 0, "response": [posts]}; or the thread data a comment frame loads, saved
alone ({"response": {"thread": {...}, "posts": [...]}, "cursor": {...}}), read as the frame reader reads it.

Each post is read as a frame's thread data reads it (disqus_thread_data.post_comment: id, parent,
author, HTML message, UTC createdAt, deleted, spam, and held posts as pending). Posts are grouped by
their `thread`: an id, or (asked with `related=thread`) the thread itself, whose title, link and post
count are then the thread's. An answer is one page: `cursor.hasNext` marks every thread unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import assemble_thread
from moderation.errors import ParseError
from moderation.parsing.disqus_thread_data import post_comment, read_posts, thread_head
from moderation.parsing.json_document import first_array_object, read_json
from moderation.thread import Thread

FORMAT = "disqus-json"
DESCRIPTION = "Disqus API answer saved as JSON (posts/list, threads/listPosts: a page of posts)"

MORE_PAGES = "this file is one page of a Disqus API answer (cursor.hasNext): the next pages are not in it"
_RESPONSE_LIST = re.compile(r'"response"\s*:\s*\[')
_RESPONSE_THREAD = re.compile(r'"response"\s*:\s*\{\s*"(?:thread|posts)"\s*:')


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head.startswith("{"):
        return 0
    if _RESPONSE_THREAD.search(head, 0, 4000) and '"posts"' in head:
        return 90
    if '"code"' not in head[:4000]:
        return 0
    found = _RESPONSE_LIST.search(head, 0, 4000)
    if found is None:
        return 0
    first = first_array_object(head, found.end() - 1)
    return 95 if first is not None and "message" in first and ("thread" in first or "forum" in first) else 0


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if isinstance(document, dict) and isinstance(document.get("response"), dict):
        yield _frame_thread(document)
        return
    posts = document.get("response") if isinstance(document, dict) else None
    if not isinstance(posts, list):
        raise ParseError('a Disqus API answer is an object with a "response" list')
    threads: dict[str, Thread] = {}
    comments: dict[str, list] = {}
    for post in posts:
        if not isinstance(post, dict):
            continue
        comment = post_comment(post)
        if comment is None:
            continue
        thread = _thread_of(post.get("thread"), threads)
        comments.setdefault(thread.id, []).append(comment)
    if not comments:
        raise ParseError("a Disqus API answer holding no post")
    cursor = document.get("cursor")
    more = isinstance(cursor, dict) and cursor.get("hasNext") is True
    for thread_id, thread_comments in comments.items():
        thread = threads[thread_id]
        if more:
            thread.mark_unread(MORE_PAGES)
        yield assemble_thread(thread, thread_comments, sibling_order="time")


def _frame_thread(document: dict) -> Thread:
    head = thread_head(document)
    thread = _thread_of(head or None, {})
    comments = read_posts(document, thread)
    if not comments:
        raise ParseError("a Disqus thread data file holding no post")
    return assemble_thread(thread, comments, sibling_order="time")


def _thread_of(value, threads: dict[str, Thread]) -> Thread:
    """The thread a post names: an id, or the thread object `related=thread` puts in its place."""
    details = value if isinstance(value, dict) else {}
    raw_id = details.get("id") if details else value
    thread_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else "(no thread)"
    thread = threads.get(thread_id)
    if thread is None:
        thread = threads[thread_id] = Thread(id=thread_id)
    if details:
        thread.title = thread.title or (details.get("clean_title") or details.get("title") or None)
        thread.url = thread.url or (details.get("link") or None)
        count = details.get("posts")
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            thread.declared_comment_count = count
    return thread
