"""The site's own moderation decisions as a label: what its moderators removed (1) against what they kept (0).

WXR trash and spam, Disqus isDeleted/isSpam, Blogger Atom trashed/spam and Commento flags keep the
comment's words, so they can be learned from, and so do a Reddit moderator's listing (`"removed": true`)
and Hacker News' dead items. Reddit's "[removed]" and Blogger's removal notices keep only the platform's
notice: a decision without the words, left unknown. A comment its author deleted, one still pending, and
pingbacks/trackbacks are no moderator's judgement: unknown too.
"""

from __future__ import annotations

import re

from moderation.parsing.blogger_notices import removal_notice
from moderation.thread import Comment

# The label name `moderate train` learns from a dump's moderation history.
HISTORY_LABEL = "removed"
# A platform's notice standing in for removed words (Blogger pages mark such a comment deleted without
# saying by whom): a decision without the words, so no label.
_NOTICE = re.compile(
    r"^\s*(\[(removed|deleted)\]|this (comment|post) (has been|was) (removed|deleted)\b)", re.IGNORECASE
)


def removal_label(comment: Comment) -> int | None:
    """1 removed by the site (spam, trash), 0 kept (visible), None when the dump does not say or keeps no words."""
    if comment.kind != "comment" or not comment.text.strip():
        return None
    if comment.status == "visible":
        return 0
    if comment.status == "spam":
        return 1
    if comment.status == "deleted" and comment.deleted_by != "author" and not _notice(comment.text):
        # Removed by the site (or by someone the dump does not name) with its words kept; a removal
        # that left only the platform's notice is matched above and stays unknown.
        return 1
    return None


def _notice(text: str) -> bool:
    """The platform's words in place of the comment's: Reddit's, Disqus', Blogger's (in its languages)."""
    return _NOTICE.match(text) is not None or removal_notice(text.strip())[0]
