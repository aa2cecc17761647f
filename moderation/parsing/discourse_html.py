"""Discourse's embedded comments frame as a browser saves it (a blog that uses a Discourse forum for comments).

The frame (Discourse's embed/comments view) lists the topic's replies flat: `article.post` (id
`post-N`, class `deleted` when trashed), the time in the title of `a.post-date` ("September  2, 2023
7:12pm"; the shown text is "Sep '23"), the parent in `a.in-reply-to[data-link-to-post]`, the name in
`.cooked .username`, the text in `.cooked`. It shows at most the forum's embed limit: the footer then
says how many more replies the topic has ("12 more replies"), and the thread is incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.html_text import classes, html_to_text, looks_like_html
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_start import start_page
from moderation.thread import Thread

FORMAT = "discourse-html"
DESCRIPTION = "Discourse's embedded comments frame saved as a page (article.post with .cooked)"

_FRAME_HEADER = re.compile(r"<header\s+class=['\"]discourse['\"]", re.IGNORECASE)
_ITEM_XPATH = "//article[contains(concat(' ', normalize-space(@class), ' '), ' post ')][@id]"
_POST_ID = re.compile(r"^post-(\d+)$")
_MORE_REPLIES = re.compile(r"^(\d[\d,.]*)\s+more\s+repl(?:y|ies)$", re.IGNORECASE)
# Parts of .cooked that are the frame's, not the reader's: the name heading and the "N Replies" button.
_NOT_TEXT = frozenset(("username", "post-replies"))


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    markup = page_markup(head)
    return 90 if _FRAME_HEADER.search(markup) and "cooked" in markup else 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, dates = start_page(source, options, "//h1")
    raw_comments = []
    for position, item in enumerate(document.xpath(_ITEM_XPATH)):
        match = _POST_ID.match(item.get("id").strip())
        ref = match.group(1) if match else f"post-{position + 1}"
        cooked = next(iter(item.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' cooked ')]")), None)
        names = item.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' username ')]//a")
        dated = item.xpath(".//a[contains(concat(' ', normalize-space(@class), ' '), ' post-date ')]")
        parent = item.xpath(".//a[contains(concat(' ', normalize-space(@class), ' '), ' in-reply-to ')]")
        if dated and thread.url is None:
            thread.url = (dated[0].get("href") or "").rsplit("/", 1)[0] or None
        raw_comments.append(
            RawComment(
                ref=ref,
                parent_ref=(parent[0].get("data-link-to-post") or "").strip() or None if parent else None,
                author=" ".join(names[0].text_content().split()) if names else "Anonymous",
                text=html_to_text(cooked, skip=_frame_part) if cooked is not None else "",
                own_id=match is not None,
                posted_at=dates.read(dated[0].get("title")) if dated else None,
                status="deleted" if "deleted" in classes(item) else "visible",
            )
        )
    assemble_thread(thread, raw_comments)
    _mark_more_replies(thread, document)
    yield thread


def _frame_part(element) -> bool:
    return any(name in _NOT_TEXT for name in classes(element))


def _mark_more_replies(thread: Thread, document) -> None:
    for element in document.xpath("//footer//*[contains(concat(' ', normalize-space(@class), ' '), ' replies ')]"):
        text = " ".join(element.text_content().split())
        if _MORE_REPLIES.match(text):
            thread.mark_unread(
                f'the frame shows only the first replies ("{text}" on the forum): they are not in this page'
            )
            return
