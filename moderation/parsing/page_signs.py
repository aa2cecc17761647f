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


NO_COMMENT_SECTION = "this page has no comment section: only the article was read"
"""Said of a page that gave no comments and shows no trace of a comment area, so that its "0 comments"
is not read as a discussion that stayed quiet (or one we failed to read)."""

# Words in the id, class or name of a comment area, its form or its script, in the blog languages we read
# ("comments", "respond", "reply", SPIP's "forum", "Kommentare", "commentaires", "comentarios", "reactie").
_SECTION_WORDS = re.compile(r"comment|respond|reply|forum|discus|kommentar|comentari|reactie|antwort", re.I)
_NOT_SECTIONS = frozenset(("html", "head", "body", "meta", "link", "title", "style"))
_NAMING_ATTRIBUTES = ("id", "class", "name", "src")


def note_missing_comment_section(thread: Thread, document) -> None:
    """Warn that the page has no comment section when no comment was read, nothing marks the thread
    unread, and no element outside sidebars and widgets is a comment area, a comment form or its
    script (an empty link anchor named "forum", which SPIP prints on every article, is no area)."""
    if thread.comments or thread.incomplete:
        return
    if document.xpath("//form[.//textarea]"):
        return  # a form to write in: a comment form of some markup, even when nobody has commented
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_SECTIONS:
            continue
        names = " ".join(filter(None, (element.get(attribute) for attribute in _NAMING_ATTRIBUTES)))
        if not names or not _SECTION_WORDS.search(names):
            continue
        if element.tag == "a" and not len(element) and not (element.text or "").strip():
            continue
        if not outside_discussion(element):
            return
    thread.warnings.append(NO_COMMENT_SECTION)
