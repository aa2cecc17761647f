"""Facebook's comments plugin frame as a browser saves it (the plugins/feedback.php frame beside a
news page, or opened on its own).

The frame's class names are generated, but a few have stayed put for years and are what scrapers key
on: each comment is a `div._3-8y` block, its author in `.UFICommentActorName` (a link to the profile,
or a span), its text in `span._5mdd`, its time in an `abbr` whose `data-utime` is the Unix time (the
shown text is only "2y"). Replies sit inside their comment's block (the plugin nests one level).
Folded parts show as "Load 10 more comments", "View 3 more replies" or a collapsed "2 Replies" link:
any of them marks the thread incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.html_text import has_class, html_to_text, looks_like_html, split_items
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_start import start_page
from moderation.plurals import counted
from moderation.thread import Thread

FORMAT = "facebook-html"
DESCRIPTION = "Facebook's comments plugin frame saved as a page (div._3-8y blocks, .UFICommentActorName)"

_ITEM_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' _3-8y ')]"
_ACTOR = "UFICommentActorName"
_TEXT = "_5mdd"
_COMMENT_ID = re.compile(r"[?&]comment_id=(\d+)")
_REPLY_ID = re.compile(r"[?&]reply_comment_id=(\d+)")
# Query parameters the plugin adds to the article's address in its time links, never the article's own.
_PLUGIN_PARAMETERS = frozenset(("comment_id", "reply_comment_id", "fb_comment_id", "comment_tracking"))
_FRAME_TITLE = re.compile(r"^\s*(?:facebook social plugin|facebook)\s*$", re.I)
# The plugin's folding links, in its English.
_FOLDED = re.compile(
    r"^(?:load \d[\d,]* more comments?|view \d[\d,]* more repl(?:y|ies)|\d[\d,]* repl(?:y|ies)|"
    r"view more replies|load more comments|view previous comments)$",
    re.I,
)
_AUTHOR_BADGES = frozenset(("author",))
_FOLDED_XPATH = "//a | //button | //*[@role='button']"
_MAX_FOLD_TEXT = 40  # a link's few words, never a comment's sentence
FOLDED_UNREAD = "the frame shows Facebook's folded comments ({what}): those comments are not in this dump"
# Unix times before this are no comment's (the plugin launched in 2010); a zero or junk value is no date.
_EARLIEST_UTIME = 1_262_304_000  # 2010-01-01


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    markup = page_markup(head)
    if _ACTOR.lower() in markup and (_TEXT in markup or "data-utime" in markup):
        return 90
    return 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, _dates = start_page(source, options, "//h1")
    if thread.title and _FRAME_TITLE.match(thread.title):
        thread.title = None  # the frame's own title names no article
    items = [item for item in document.xpath(_ITEM_XPATH) if _has_actor(item)]
    own_by_item, parent_by_item = split_items(items)
    refs = {item: _ref(own_by_item[item], position) for position, item in enumerate(items)}
    raw_comments = []
    for item in items:
        own = own_by_item[item]
        author = _author(own)
        body = next((element for element in own if has_class(element, _TEXT)), None)
        parent = parent_by_item.get(item)
        raw_comments.append(
            RawComment(
                ref=refs[item],
                parent_ref=refs[parent] if parent is not None else None,
                author=author or "Anonymous",
                text=html_to_text(body).strip() if body is not None else "",
                own_id=not refs[item].startswith("~"),
                posted_at=_posted(own),
                role="post_author" if _badged(own) else None,
            )
        )
        if thread.url is None:
            thread.url = _article_address(own)
    assemble_thread(thread, raw_comments)
    _mark_folded(thread, document)
    yield thread


def _has_actor(item) -> bool:
    return any(has_class(element, _ACTOR) for element in item.iter() if isinstance(element.tag, str))


def _author(own: list) -> str | None:
    for element in own:
        if has_class(element, _ACTOR):
            name = " ".join(html_to_text(element).split())
            if name:
                return name
    return None


def _badged(own: list) -> bool:
    """The plugin's "Author" badge beside the name: the page that owns the article is answering."""
    return any(
        element.tag == "span" and (element.text or "").strip().lower() in _AUTHOR_BADGES and not len(element)
        for element in own
    )


def _article_address(own: list) -> str | None:
    """The article's address from a comment's time link: the article's URL with the plugin's parameters
    (`comment_id=`, `reply_comment_id=`) taken out of its query; the article's own query stays
    ("story.php?p=41&comment_id=9" is the article "story.php?p=41")."""
    for element in own:
        href = (element.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and _COMMENT_ID.search(href):
            parts = urlsplit(href)
            kept = [pair for pair in parts.query.split("&") if pair.split("=", 1)[0] not in _PLUGIN_PARAMETERS]
            return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(pair for pair in kept if pair), ""))
    return None


def _posted(own: list) -> datetime | None:
    for element in own:
        value = element.get("data-utime")
        if value is None:
            continue
        try:
            seconds = int(value.strip())
        except ValueError:
            return None
        if seconds < _EARLIEST_UTIME or seconds > 2**40:
            return None
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    return None


def _ref(own: list, position: int) -> str:
    """The comment's id from its time link (`comment_id=`, or `reply_comment_id=` for a reply)."""
    for element in own:
        href = element.get("href") or ""
        match = _REPLY_ID.search(href) or _COMMENT_ID.search(href)
        if match:
            return match.group(1)
    return f"~{position + 1}"


def _mark_folded(thread: Thread, document) -> None:
    folded = []
    for element in document.xpath(_FOLDED_XPATH):
        text = " ".join(html_to_text(element).split())
        if len(text) <= _MAX_FOLD_TEXT and _FOLDED.match(text):
            folded.append(text)
    if folded:
        what = f"'{folded[0]}'" + (f" and {counted(len(folded) - 1, 'more')}" if len(folded) > 1 else "")
        thread.mark_unread(FOLDED_UNREAD.format(what=what))
