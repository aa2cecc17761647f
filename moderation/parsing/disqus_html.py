"""Disqus's comment frame as a browser saves it (the iframe beside a saved page, or opened on its own).

Browsers save a page's frames as pages of their own; the Disqus frame holds the thread the article
only mounts. Its markup has kept one shape for years: `ul#post-list` of `li.post` (id `post-N`),
replies in a nested `ul.children`, the name in `.author`, the time in the title of `a.time-ago`
("Tuesday, June 6, 2017 4:05 PM"; the shown text is "7 years ago"), the text in `.post-message`.
The frame does not name the article: the thread's address comes from the comments' permalinks.
A frame fetched or saved without running its script has no `ul#post-list`, only the thread-data JSON
its script reads: its posts are read from there (disqus_thread_data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.disqus_thread_data import read_posts, thread_data, thread_head
from moderation.parsing.html_text import has_class, html_to_text, looks_like_html, split_items
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_start import start_page
from moderation.parsing.script_comments import mark_script_comments
from moderation.thread import Thread

FORMAT = "disqus-html"
DESCRIPTION = "Disqus's comment frame saved as a page (ul#post-list of li.post)"

_ITEM_XPATH = "//*[@id='post-list']//li[contains(concat(' ', normalize-space(@class), ' '), ' post ')]"
_POST_ID = re.compile(r"^post-(\d+)$")
_FRAME_TITLE = "Disqus Comments"  # the <title> of every Disqus frame: no article's
# What Disqus prints in place of a removed comment's text, in the frame's English.
_REMOVED_NOTICE = re.compile(r"^this comment (?:was|has been) (?:deleted|removed)", re.IGNORECASE)


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    markup = page_markup(head)
    if 'id="post-list"' in markup and "post-message" in markup:
        return 90
    # A frame fetched without running its script: its posts only in the thread data (above the generic
    # page reader, which would read the empty shell as a page with no text).
    return 85 if 'id="disqus-threaddata"' in markup else 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, dates = start_page(source, options, "//h1")
    items = document.xpath(_ITEM_XPATH)
    own_by_item, parent_by_item = split_items(items)
    refs = {item: _ref(item, position) for position, item in enumerate(items)}
    raw_comments = []
    for item in items:
        own = own_by_item[item]
        author = _first_text(own, "author")
        message = next((element for element in own if has_class(element, "post-message")), None)
        text = html_to_text(message) if message is not None else ""
        stamp = None
        for element in own:
            if element.tag == "a" and has_class(element, "time-ago"):
                stamp = dates.read(element.get("title"))
                if thread.url is None and "#comment-" in (element.get("href") or ""):
                    thread.url = element.get("href").split("#", 1)[0].strip() or None  # "#comment-9": no address
                break
        parent = parent_by_item.get(item)
        raw_comments.append(
            RawComment(
                ref=refs[item],
                parent_ref=refs[parent] if parent is not None else None,
                author=author or "Anonymous",
                text=text,
                own_id=_POST_ID.match(item.get("id") or "") is not None,
                posted_at=stamp,
                status="deleted" if message is None or _REMOVED_NOTICE.match(text) else "visible",
            )
        )
    data = thread_data(document)
    if data is not None:
        if thread.url is None or not thread.title or thread.title == _FRAME_TITLE:
            _thread_data_head(data, thread)
        if not items:
            raw_comments = read_posts(data, thread)
    assemble_thread(thread, raw_comments)
    mark_script_comments(thread, document)
    yield thread


def _thread_data_head(data: dict, thread: Thread) -> None:
    """The article's address and title from the frame's thread data: the permalinks are relative or
    absent in some saves, and the frame's own title is only "Disqus Comments"."""
    head = thread_head(data)
    link, title = head.get("link"), head.get("clean_title") or head.get("title")
    if thread.url is None and isinstance(link, str) and link.strip():
        thread.url = link.strip()
    if isinstance(title, str) and title.strip() and thread.title in (None, "", _FRAME_TITLE):
        thread.title = " ".join(title.split())


def _first_text(own: list, name: str) -> str | None:
    for element in own:
        if has_class(element, name):
            text = " ".join(html_to_text(element).split())
            if text:
                return text
    return None


def _ref(item, position: int) -> str:
    match = _POST_ID.match(item.get("id") or "")
    return match.group(1) if match else f"post-{position + 1}"
