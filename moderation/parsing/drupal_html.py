"""A saved Drupal page: `article.comment` (Drupal 8+) or `div.comment` (Drupal 7) blocks.

Drupal does not nest a reply inside its parent: the replies follow the parent in a sibling
`div.indented`. Each comment's id is the `<a id="comment-N">` anchor just before it (or its own
id / data attribute). Name (`.username`, `.comment__author`), date (`.submitted`, `.comment__time`,
`time[datetime]`) and text are read by the shared comment-part rules; a subject the commenter wrote (not
Drupal's default, the body's first words) is the text's first line (comment_subjects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import assemble_thread
from moderation.parsing.comment_parts import raw_comment, read_parts
from moderation.parsing.comment_subjects import subject_text, with_subject
from moderation.parsing.html_text import (
    classes,
    html_to_text,
    looks_like_html,
    split_items,
)
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_signs import note_missing_comment_section
from moderation.parsing.page_start import start_page
from moderation.parsing.script_comments import mark_script_comments
from moderation.thread import Thread

FORMAT = "drupal-html"
DESCRIPTION = "a saved Drupal page (article.comment / div.comment blocks, div.indented replies)"

_COMMENT_ANCHOR = re.compile(r"^comment-(\d+)$")
_ITEM_XPATH = (
    "//*[self::article or self::div][contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"
    "[.//*[contains(@class, 'username') or contains(@class, 'submitted') or contains(@class, 'comment__author')"
    " or contains(@class, 'comment__meta')]]"
)
# Drupal's marks, found only in markup: inside a tag (a generator meta, the settings script's selector,
# file URLs under /sites/<host>/files/, Drupal 7's sioct:Comment type) or inside a script (Drupal 7's
# "jQuery.extend(Drupal.settings", often after "<!--//--><![CDATA["). Text cannot hold a bare "<", so a
# comment that writes "Drupal.settings" or a files path does not make a Disqus or WordPress page read as
# Drupal (it did, with 0 comments).
_DRUPAL_IN_MARKUP = re.compile(
    r'<[^<>]*(?:content="drupal|drupal-settings-json|/sites/[\w.-]+/files/|typeof="sioc:post sioct:comment")'
    r"|<script[^<>]*>(?:[^<]|<(?!/script))*?drupal\.settings"
)


_COMMENT_PAGER_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' comment-wrapper ') or @id='comments']"
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' pager ')]//a[contains(@href, 'page=')]"
)


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    lower = page_markup(head)  # data scripts (JSON-LD) left out: they can quote a comment
    if _DRUPAL_IN_MARKUP.search(lower):
        # Above wordpress-html, whose "comment-N id" test Drupal's anchors also meet.
        return 90 if "indented" in lower or "comment__" in lower or "comment-wrapper" in lower else 60
    return 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, dates = start_page(source, options, "//h1")
    items = document.xpath(_ITEM_XPATH)
    item_set = set(items)
    own_by_item, _ = split_items(items)
    body = document.xpath("//*[contains(@class, 'field-name-body') or contains(@class, 'field--name-body')]")
    thread.body = next((text for text in (html_to_text(element) for element in body) if text), None)
    position_of = {item: position for position, item in enumerate(items)}
    refs = [_comment_id(item) or f"drupal-{position + 1}" for position, item in enumerate(items)]
    subjects = [subject_text(own_by_item[item]) for item in items]
    raw_comments = []
    for position, item in enumerate(items):
        parts = read_parts(item, own_by_item[item], item_set, dates)
        parent = _parent_comment(item, item_set)
        parent_subject = subjects[position_of[parent]] if parent is not None else None
        parts.text = with_subject(subjects[position], parts.text, (thread.title, parent_subject))
        raw_comments.append(
            raw_comment(
                parts,
                refs[position],
                refs[position_of[parent]] if parent is not None else None,
                not refs[position].startswith("drupal-"),
            )
        )
    assemble_thread(thread, raw_comments)
    # Drupal shows 50 comments a page by default; its pager in the comment section means more pages.
    if document.xpath(_COMMENT_PAGER_XPATH):
        thread.mark_unread("the comments have more pages (Drupal's comment pager): only one page is in this dump")
    mark_script_comments(thread, document)
    note_missing_comment_section(thread, document)
    yield thread


def _comment_id(item) -> str | None:
    """comment-N from the anchor before the comment, its own id, or its data attribute."""
    candidates = [item.get("id") or ""]
    previous = item.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and previous.tag == "a":
        candidates.insert(0, previous.get("id") or previous.get("name") or "")
    for candidate in candidates:
        match = _COMMENT_ANCHOR.match(candidate.strip())
        if match:
            return f"comment-{match.group(1)}"
    cid = item.get("data-comment-id")
    return f"comment-{cid}" if cid and cid.isdigit() else None


def _parent_comment(item, item_set: set):
    """The comment a reply answers: the last comment before the `div.indented` that holds it."""
    for ancestor in item.iterancestors():
        if ancestor in item_set:
            return ancestor
        if "indented" in classes(ancestor):
            previous = ancestor.getprevious()
            while previous is not None:
                if previous in item_set:
                    return previous
                previous = previous.getprevious()
            return None
    return None
