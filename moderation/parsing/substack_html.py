"""A Substack post saved as a page with its comments shown (the post, or its /comments page).

Substack's comment widget nests one `div.comment` per comment: its first child is the anchor whose
id is `comment-N` (N the comment's id), then `.comment-content` holding `.comment-meta` (the name,
then the date link to `/comment/N`, whose text is only "Nov 3" or "2h"; a full date sits in its
title when the page kept one) and `.comment-body`; the replies follow in a nested
`.comment-list` > `.comment-list-items`. Replies Substack folded away show as a `collapsed-reply`
button ("3 more replies"), a long section as "Load more": either marks the thread incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.html_text import has_class, html_to_text, looks_like_html
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_start import start_page
from moderation.plurals import counted
from moderation.thread import Thread

FORMAT = "substack-html"
DESCRIPTION = "a Substack post saved as a page with its comments (div.comment in .comment-list-items)"

_COMMENT_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"
_COMMENT_ID = re.compile(r"^comment-(\d+)$")
_PERMALINK_ID = re.compile(r"/comment/(\d+)")
# The badge Substack prints after the post author's name, in the widget's English.
_AUTHOR_BADGES = frozenset(("author", "post author"))
# What Substack shows in place of a deleted comment's text.
_DELETED_NOTICE = re.compile(
    r"^\s*(?:comment (?:deleted|removed)|this comment (?:was|has been) (?:deleted|removed))", re.I
)
# What the name slot of a deleted comment shows instead of a name.
_DELETED_NAMES = frozenset(("deleted", "unavailable"))
# A folded part: Substack's "N more replies" button, or the section's "Load more" at its end.
_FOLDED_TEXT = re.compile(r"^\s*(?:\d[\d,.]*\s+more\s+(?:repl(?:y|ies)|comments?)|load more|view more replies)\b", re.I)
_BUTTON_TAGS = frozenset(("button", "a"))
_MAX_FOLD_TEXT = 40  # a button's few words, never a comment's sentence
FOLDED_UNREAD = "the page shows Substack's folded replies or 'Load more' ({what}): those comments are not in this dump"


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    markup = page_markup(head)
    if "comment-list-items" in markup and "comment-body" in markup and "comment-content" in markup:
        return 92
    return 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, dates = start_page(source, options, "//h1")
    items = document.xpath(_COMMENT_XPATH)
    item_set = set(items)
    raw_comments = []
    refs = {}
    for position, item in enumerate(items):
        refs[item] = _ref(item, position)
    for item in items:
        content = _own_child(item, "comment-content")
        meta = _first_under(content, "comment-meta") if content is not None else None
        body = _first_under(content, "comment-body") if content is not None else None
        author, role = _author(meta)
        text = html_to_text(body) if body is not None else ""
        parent = _parent_comment(item, item_set)
        deleted = body is None or _DELETED_NOTICE.match(text) is not None
        if deleted and author and author.lower() in _DELETED_NAMES:
            author = None
        raw_comments.append(
            RawComment(
                ref=refs[item],
                parent_ref=refs[parent] if parent is not None else None,
                author=author or "Anonymous",
                text="" if deleted else text,
                own_id=not refs[item].startswith("~"),
                posted_at=_posted(meta, dates),
                status="deleted" if deleted else "visible",
                role=role,
            )
        )
    assemble_thread(thread, raw_comments)
    _mark_folded(thread, document)
    yield thread


def _own_child(item, name: str):
    for child in item:
        if isinstance(child.tag, str) and has_class(child, name):
            return child
    return None


def _first_under(element, name: str):
    for descendant in element.iter():
        if isinstance(descendant.tag, str) and has_class(descendant, name):
            return descendant
    return None


def _parent_comment(item, item_set: set):
    ancestor = item.getparent()
    while ancestor is not None:
        if ancestor in item_set:
            return ancestor
        ancestor = ancestor.getparent()
    return None


def _ref(item, position: int) -> str:
    """The comment's id from its anchor (`comment-N`), else from its date's permalink; else a handle."""
    for element in (item, *item[:1]):
        match = _COMMENT_ID.match(element.get("id") or "")
        if match:
            return match.group(1)
    content = _own_child(item, "comment-content")
    for link in content.iter("a") if content is not None else ():
        match = _PERMALINK_ID.search(link.get("href") or "")
        if match:
            return match.group(1)
    return f"~{position + 1}"


def _author(meta) -> tuple[str | None, str | None]:
    """The commenter's name (the meta's first piece of text) and the post author's role when badged."""
    if meta is None:
        return None, None
    pieces = [" ".join(html_to_text(child).split()) for child in meta if isinstance(child.tag, str)]
    pieces = [piece for piece in pieces if piece]
    named = _first_under(meta, "commenter-name")
    name = " ".join(html_to_text(named).split()) if named is not None else (pieces[0] if pieces else None)
    role = "post_author" if any(piece.lower() in _AUTHOR_BADGES for piece in pieces) else None
    if name and role and name.lower().endswith(tuple(f" {badge}" for badge in _AUTHOR_BADGES)):
        name = name.rsplit(" ", 1)[0]
    return name, role


def _posted(meta, dates):
    """The full date a page kept (`<time datetime>`, a title), else the shown text when it has a year."""
    if meta is None:
        return None
    for element in meta.iter():
        if not isinstance(element.tag, str):
            continue
        for shown in (element.get("datetime"), element.get("title")):
            stamp = dates.read(shown)
            if stamp is not None:
                return stamp
    for link in meta.iter("a"):
        if _PERMALINK_ID.search(link.get("href") or ""):
            return dates.read(html_to_text(link))
    return None


def _mark_folded(thread: Thread, document) -> None:
    """Folding buttons inside the comment widget only: the page's own "Load more" (its archive of
    posts) is no comment's. The text is asked first; the walk up only for the few that match (an XPath
    union over the buttons merged node sets for minutes on a 20,000-comment page)."""
    folded = []
    for button in document.iter():
        if button.tag not in _BUTTON_TAGS and button.get("role") != "button":
            continue
        text = " ".join(html_to_text(button).split())
        if not has_class(button, "collapsed-reply") and not (len(text) <= _MAX_FOLD_TEXT and _FOLDED_TEXT.match(text)):
            continue
        if _in_comment_widget(button):
            folded.append(text or "a folded reply")
    if folded:
        what = f"'{folded[0]}'" + (f" and {counted(len(folded) - 1, 'more')}" if len(folded) > 1 else "")
        thread.mark_unread(FOLDED_UNREAD.format(what=what))


def _in_comment_widget(element) -> bool:
    """Inside an element whose class names comments, and not inside a comment's own text."""
    inside = False
    for ancestor in element.iterancestors():
        names = ancestor.get("class") or ""
        if "comment-body" in names:
            return False
        inside = inside or "comment" in names
    return inside
