"""A saved page that gave no comments, checked for the signs of comments a reader would see in its text.

The page parsers read the layouts they know and the generic detector the repeated blocks it can
vouch for; a layout neither reads (a comment frame's markup, a theme whose blocks carry no comment
class) gave "0 comments", which reads as an all-clear. The page's visible text is searched for the
same signs as a page copied as text (a count header, comment pagination, "NAME says:" blocks,
"Reply" under a date): any of them marks the thread unread. Widgets, sidebars and navigation, which
show other pages' comments and counts, are left out of that text.
"""

from __future__ import annotations

from moderation.parsing.html_text import html_to_text
from moderation.parsing.page_regions import is_elsewhere
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
