"""The lines wpDiscuz (a WordPress comment plugin) adds to a page copied as plain text; and the
"In reply to NAME." line other themes print under a reply's byline.

Its comments are the block layout (name over date, text, "Reply"), with more around them: a role
label under the name ("Guest", "Author"), "Reply to  NAME" above a reply's date (the only sign of
nesting once the copy has lost its indentation), a vote count over "Reply", a "View replies (2)"
toggle under a thread, the list's tabs ("Inline Feedbacks", "View all comments", "Most Voted") and
"Load More Comments" at its foot. The WordPress text reader asks this module what such a line is.
"""

from __future__ import annotations

import re

# "Reply to  Tom Field" (wpDiscuz puts an icon and a no-break space around the words).
# Other themes print "In reply to Tom Field." or "Replying to Tom Field" under a reply's byline.
_REPLY_TO = re.compile(
    r"(?:(?:in\s+)?reply\s+to|replying\s+to|(?:als\s+)?antwort\s+auf|en\s+réponse\s+à|(?:en\s+)?respuesta\s+a"
    r"|(?:in\s+)?risposta\s+a|resposta\s+para|em\s+resposta\s+a|(?:als\s+)?reactie\s+op)"
    r"\s+(?P<name>[^\s:;!?,][^:;!?,]{0,59}?)\.?",
    re.IGNORECASE,
)
_MAX_REPLY_TO_LINE = 100  # the words and a display name, never a paragraph

# The role label wpDiscuz prints beside a name, as its English, German, French and Spanish packs say it.
_LABELS = frozenset(
    [
        "guest", "member", "author", "admin", "administrator", "editor", "subscriber", "contributor", "moderator",
        "gast", "mitglied", "autor", "invité", "membre", "auteur", "invitado", "miembro",
    ]
)  # fmt: skip
# "View replies (2)", "Hide replies", "View 2 replies": the toggle under a thread's first comment.
_REPLIES_TOGGLE = re.compile(
    r"(?:view|show|hide)\s+(?:(?P<count>\d{1,6})\s+)?repl(?:y|ies)(?:\s*\((?P<bracketed>\d{1,6})\))?",
    re.IGNORECASE,
)
# The list's tabs and sort links, above the first comment.
_TABS = frozenset(["inline feedbacks", "view all comments", "oldest", "newest", "most voted", "notify of"])


def reply_to(content: str) -> str | None:
    """The parent's name in a "Reply to  NAME" line, else None."""
    match = _REPLY_TO.fullmatch(content) if len(content) <= _MAX_REPLY_TO_LINE else None
    return match.group("name").strip() if match else None


def is_label(content: str) -> bool:
    """A role label on its own line under a name ("Guest", "Author")."""
    return content.strip().casefold() in _LABELS


def replies_toggle(content: str) -> int | None:
    """The reply count of a "View replies (2)" toggle (0 when it shows none), else None."""
    match = _REPLIES_TOGGLE.fullmatch(content.strip())
    if match is None:
        return None
    return int(match.group("count") or match.group("bracketed") or 0)


def is_tab(content: str) -> bool:
    """One of the list's tabs or sort links ("Inline Feedbacks", "Most Voted")."""
    return content.strip().casefold() in _TABS
