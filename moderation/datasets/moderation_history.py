"""The site's own moderation decisions as a label: what its moderators removed (1) against what they kept (0).

WXR trash and spam, Disqus isDeleted/isSpam, Blogger Atom trashed/spam and Commento flags keep the
comment's words, so they can be learned from. Reddit's "[removed]" and Blogger's removal notices keep
only the platform's notice: a decision without the words, left unknown. A comment its author deleted,
one still pending, and pingbacks/trackbacks are no moderator's judgement: unknown too.
"""

from __future__ import annotations

import re

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
    if comment.status == "deleted" and comment.deleted_by is None and not _NOTICE.match(comment.text):
        # A deleter the dump names (Reddit, Blogger) comes with a notice in place of the words.
        return 1
    return None
