"""A saved SPIP page with its forum: `li.forum-fil` per message, replies in a nested `ul`.

SPIP prints no element ids: a message's number appears only in class names (`forum-texte-N`,
`forum-qui-N`, `forum-N`) or in its reply link (`id_forum=N`). Name, date (`abbr.date` with an ISO
title) and text are read by the shared comment-part rules; the message's own title (`forum-titre`) is its
text's first line (comment_subjects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import assemble_thread
from moderation.parsing.comment_parts import raw_comment, read_parts
from moderation.parsing.comment_subjects import subject_text, with_subject
from moderation.parsing.html_text import (
    classes,
    first_text,
    looks_like_html,
    split_items,
)
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_signs import note_missing_comment_section
from moderation.parsing.page_start import start_page
from moderation.parsing.script_comments import mark_script_comments
from moderation.thread import Thread

FORMAT = "spip-html"
DESCRIPTION = "a saved SPIP page with its forum (li.forum-fil messages)"

_FORUM_CLASS = re.compile(r"^forum(?:-(?:texte|qui|titre|message))?-(\d+)$")
_CRAYON_NAME = re.compile(r"^forum-qui-\d+$")
_FORUM_LINK = re.compile(r"[?&]id_forum=(\d+)")
_ITEM_XPATH = "//li[contains(concat(' ', normalize-space(@class), ' '), ' forum-fil ')]"


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    lower = page_markup(head)
    if "forum-fil" in lower:
        return 88
    if 'content="spip' in lower or "content='spip" in lower or "spip.php" in lower:
        return 20
    return 0


def parse(source, options) -> Iterator[Thread]:
    document, thread, dates = start_page(source, options, "//h1")
    items = document.xpath(_ITEM_XPATH)
    own_by_item, parent_by_item = split_items(items)
    item_set = set(items)
    body = document.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' texte ')]")
    thread.body = first_text(element for element in body if not any(a in item_set for a in element.iterancestors()))
    position_of = {item: position for position, item in enumerate(items)}
    refs = [_forum_id(own_by_item[item]) or f"forum-{position + 1}" for position, item in enumerate(items)]
    subjects = [subject_text(own_by_item[item]) for item in items]
    raw_comments = []
    for position, item in enumerate(items):
        parts = read_parts(item, own_by_item[item], item_set, dates)
        enclosing = parent_by_item.get(item)
        parent_subject = subjects[position_of[enclosing]] if enclosing is not None else None
        parts.text = with_subject(subjects[position], parts.text, (thread.title, parent_subject))
        raw_comments.append(
            raw_comment(
                parts,
                refs[position],
                refs[position_of[enclosing]] if enclosing is not None else None,
                not refs[position].startswith("forum-"),
                author=_crayon_name(own_by_item[item]),
            )
        )
    assemble_thread(thread, raw_comments)
    mark_script_comments(thread, document)
    note_missing_comment_section(thread, document)
    yield thread


def _crayon_name(own: list) -> str | None:
    """The name in SPIP's editable-field markup (`crayon forum-qui-N`), which skins print without `.fn`."""
    for element in own:
        if any(_CRAYON_NAME.match(name) for name in classes(element)):
            name = " ".join(element.text_content().split())
            if name:
                return name
    return None


def _forum_id(own: list) -> str | None:
    """The message number from a class name, else from its reply link."""
    for element in own:
        for name in classes(element):
            match = _FORUM_CLASS.match(name)
            if match:
                return match.group(1)
    for element in own:
        match = _FORUM_LINK.search(element.get("href") or "")
        if match:
            return match.group(1)
    return None
