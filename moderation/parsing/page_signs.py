"""A saved page that gave no comments, checked for the signs of comments a reader would see in its text.

The page parsers read the layouts they know and the generic detector the repeated blocks it can
vouch for; a layout neither reads (a comment frame's markup, a theme whose blocks carry no comment
class) gave "0 comments", which reads as an all-clear. The page's visible text is searched for the
same signs as a page copied as text (a count header, comment pagination, "NAME says:" blocks,
"Reply" under a date): any of them marks the thread unread. Widgets, sidebars and navigation, which
show other pages' comments and counts, are left out of that text.
"""

from __future__ import annotations

import re

from moderation.parsing.generic_comments import marked_comment_blocks
from moderation.parsing.html_text import html_to_text
from moderation.parsing.page_regions import is_elsewhere, outside_discussion
from moderation.parsing.unread_signs import find_unread_signs
from moderation.thread import Thread


def mark_unread_comment_signs(thread: Thread, document) -> None:
    """Mark a page thread with no comments unread when its text shows comments all the same."""
    if thread.comments or thread.incomplete:
        return
    body = document.find("body")
    text = html_to_text(body if body is not None else document, skip=is_elsewhere)
    signs = find_unread_signs([line.strip() for line in text.splitlines()])
    if thread.declared_comment_count is None and signs.declared_count:
        thread.declared_comment_count = signs.declared_count  # the gap is said by the declared-count check
    for reason in signs.reasons:
        thread.mark_unread(reason)
    if signs.reasons:
        return
    blocks = marked_comment_blocks(document)
    if blocks is not None:
        thread.mark_unread(
            f"the page shows {blocks[0]} blocks marked as comments ({blocks[1]}) in a layout no reader here knows:"
            " they were not read"
        )
        return
    area = _unread_comment_area(document)
    if area is not None:
        thread.mark_unread(
            f"the comment area ({area}) holds text in a layout no reader here knows: its comments were not read"
        )


# Text in a comment area that was read as no comments: at least this many separate pieces of a few words
# each and as many dates (two entries of a list of comments; a comment policy or the form's notes are not).
_MIN_TEXT_PIECES = 2
_MIN_PIECE_WORDS = 4
# Each comment shows when it was written: a year or a clock time per entry, which a comment policy or a
# "comments are closed" note does not.
_DATE_LIKE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:h]\d{2}\b")
_AREA_WORDS = re.compile(r"comment|kommentar|comentari|commentaire|reactie|discussion", re.I)
_NOT_AREA_TEXT = frozenset(("form", "script", "style", "noscript", "h1", "h2", "h3", "h4", "h5", "h6", "button"))


def _unread_comment_area(document) -> str | None:
    """The page's comment area (`#comments`...), outside sidebars, when it holds pieces of text that were
    read as no comments (a layout neither a reader nor the generic detector knows: Dotclear's dt/dd list)."""
    for element in document.iter("div", "section", "ol", "ul", "dl"):
        names = f"{element.get('id') or ''} {element.get('class') or ''}"
        if not _AREA_WORDS.search(names) or outside_discussion(element):
            continue
        pieces = dated = 0
        stack = [element]
        while stack and (pieces < _MIN_TEXT_PIECES or dated < _MIN_TEXT_PIECES):
            node = stack.pop()
            if not isinstance(node.tag, str) or node.tag in _NOT_AREA_TEXT:
                continue
            if len((node.text or "").split()) >= _MIN_PIECE_WORDS:
                pieces += 1
            dated += len(_DATE_LIKE.findall(f"{node.text or ''} {node.tail or ''}"))
            stack.extend(node)
        if pieces >= _MIN_TEXT_PIECES and dated >= _MIN_TEXT_PIECES:
            return f"#{element.get('id')}" if element.get("id") else f".{' '.join(element.get('class').split())}"
    return None


NO_COMMENT_SECTION = "this page has no comment section: only the article was read"
"""Said of a page that gave no comments and shows no trace of a comment area, so that its "0 comments"
is not read as a discussion that stayed quiet (or one we failed to read)."""

# Words in the id, class or name of a comment area, its form or its script, in the blog languages we read
# ("comments", "respond", "reply", SPIP's "forum", "Kommentare", "commentaires", "comentarios", "reactie").
_SECTION_WORDS = re.compile(r"comment|respond|reply|forum|discus|kommentar|comentari|reactie|antwort", re.I)
_NOT_SECTIONS = frozenset(("html", "head", "body", "meta", "link", "title", "style"))
_NAMING_ATTRIBUTES = ("id", "class", "name", "src")
_CONTAINERS = frozenset(("div", "section", "ol", "ul", "aside", "article"))


def empty_comment_area(name: str) -> str:
    """What a page whose only comment area is an empty box is told (its comments, if any, come by script)."""
    return (
        f"the comment area ({name}) is empty in this saved page: if a script fills it, its comments are not in"
        " this file"
    )


def note_missing_comment_section(thread: Thread, document) -> None:
    """Say what a page that gave no comments (and nothing marks unread) holds instead: no comment section
    at all, or only empty comment boxes (a mount some script fills, or a closed discussion).

    A comment area is any element outside sidebars and widgets whose id, class, name or script address
    names comments, a form to write in, or a comment script; an empty link anchor named "forum" (SPIP
    prints one on every article) is none."""
    if thread.comments or thread.incomplete:
        return
    if document.xpath("//form[.//textarea]"):
        return  # a form to write in: a comment form of some markup, even when nobody has commented
    empty_boxes = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_SECTIONS:
            continue
        names = " ".join(filter(None, (element.get(attribute) for attribute in _NAMING_ATTRIBUTES)))
        if not names or not _SECTION_WORDS.search(names):
            continue
        if element.tag == "a" and not len(element) and not (element.text or "").strip():
            continue
        if outside_discussion(element):
            continue
        if element.tag in _CONTAINERS and not len(element) and not (element.text or "").strip():
            empty_boxes.append(element)
            continue
        return
    if empty_boxes:
        box = empty_boxes[0]
        thread.warnings.append(empty_comment_area(f"#{box.get('id')}" if box.get("id") else f".{box.get('class')}"))
    else:
        thread.warnings.append(NO_COMMENT_SECTION)
