"""Blogger's notices, read the same way from saved pages and copied text: a removed comment's placeholder
and the "Load more..." stop of the threaded widget.

The notice stays as the comment's text (it is what the page shows); it says whether the author or a
blog administrator removed the comment, which a moderator reads differently.
"""

from __future__ import annotations

import re

_NOTICE = re.compile(
    r"\s*(?:this comment has been removed|este comentario ha sido eliminado|ce commentaire a été supprimé"
    r"|este comentário foi removido|questo commento è stato eliminato"
    r"|dieser kommentar wurde(?=\s+vo[nm]\s)|deze reactie is verwijderd)"
    r"(?:\s+(?:by|por|par|pelo|pela|dall'|dal|da|vom|von|door)\s*(?P<by>.+?))?\s*(?:entfernt)?\s*\.?\s*",
    re.IGNORECASE,
)
# "by the author", "vom Autor", "dall'autore"; "by a blog administrator", "von einem Blog-Administrator".
_BY_AUTHOR = re.compile(r"(?:(?:the|el|l'|o|de)\s*)?(?:author|autor|auteur|autore)", re.IGNORECASE)
_BY_ADMINISTRATOR = re.compile(
    r"(?:a|un|um|einem|een)\s+(?:blog[\s-]+)?(?:administrator|administrador|administrateur|amministratore|beheerder)"
    r"|(?:un\s+)?amministratore",
    re.IGNORECASE,
)


def removal_notice(text: str) -> tuple[bool, str | None]:
    """(is the whole text Blogger's removal notice, who removed it: "author", "moderator" or None)."""
    match = _NOTICE.fullmatch(text)
    if match is None:
        return False, None
    by = match.group("by") or ""
    if _BY_AUTHOR.match(by):
        return True, "author"
    if _BY_ADMINISTRATOR.match(by):
        return True, "moderator"
    return True, None


# Blogger's threaded comments stop at a "Load more..." link after the first batch (saved page or copied text).
LOAD_MORE_UNREAD = "the page ends at Blogger's 'Load more...': later comments are not in this dump"
