"""Blogger's threaded comments copied without list numbers (what Chrome copies from Contempo, Soho,
Emporio, Notable and Essential pages): each comment is its author's name over its shown date.

Those themes print a thread as: the top comment, its "Reply" (and "Delete" for the blog's admin),
a "Replies" toggle, the replies (each with "Delete" at most: Blogger nests two levels), then the
thread's own "Reply" link. So a comment after "Replies" and before that closing "Reply" is a reply,
whether or not the copy kept its indentation; an indented one is a reply too. The links are read in
English, Spanish, Portuguese, French, Italian, German and Dutch ("Responder", "Respuestas"...). German
Blogger labels the button and the toggle alike ("Antworten"): that word right under the comment's own
button is the toggle, and once inside the replies it is the thread's closing link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone

from moderation.parsing.page_text import PageLine, parse_shown_time

# Blogger's links under comments, in English and the languages whose dates we read alike (es, pt, fr, it,
# de, nl, pl, sv).
REPLY_WORDS = frozenset(
    ["reply", "responder", "répondre", "rispondi", "antworten", "beantwoorden", "odpowiedz", "svara"]
)
_DELETE_WORDS = frozenset(
    ["delete", "eliminar", "excluir", "supprimer", "elimina", "löschen", "verwijderen", "usuń", "radera"]
)
# Above a thread's replies. German's toggle is its reply button's word: told apart by where it stands.
_REPLIES_TOGGLES = frozenset(
    ["replies", "respuestas", "respostas", "réponses", "risposte", "antworten", "antwoorden", "odpowiedzi", "svar"]
)
# Every line that is only Blogger's links: "Reply Delete", "Responder Eliminar", "Replies"...
LINK_LINES = (
    REPLY_WORDS
    | _DELETE_WORDS
    | _REPLIES_TOGGLES
    | {f"{reply} {delete}" for reply in REPLY_WORDS for delete in _DELETE_WORDS}
    | {f"{delete} {reply}" for reply in REPLY_WORDS for delete in _DELETE_WORDS}
)
ADD_COMMENT = (
    r"add comment|añadir comentario|adicionar comentário|ajouter un commentaire|aggiungi (?:un )?commento"
    r"|kommentar hinzufügen|reactie toevoegen|lägg till (?:en )?kommentar"
)
LOAD_MORE = (
    r"(?:load more|cargar más|carregar mais|charger la suite|carica altro|mehr laden|meer laden"
    r"|wczytaj więcej|załaduj więcej|läs in fler|ladda fler)\W*"
)
# Lines only Blogger's threaded layout prints (WordPress copies say "Reply" alone): one of them, with
# two or more comments, says the copy is Blogger's.
_CUE = re.compile(rf"{ADD_COMMENT}|{LOAD_MORE}|post a comment", re.IGNORECASE)
_MAX_NAME = 80  # a display name, never a sentence of a comment
_DATE_LOOKAHEAD = 2  # lines under a name searched for its date (a blank line may stand between)
_SENTENCE_ENDS = (".", "!", "?", ":", ";", ",")
_INITIAL_END = re.compile(r"(?:^|\s)\w{1,2}\.$")  # a name's closing initial or "Jr.", not a sentence's end


@dataclass(slots=True)
class BloggerItem:
    """A comment of a Blogger copy, numbered or not: its first line and the lines under it."""

    line: PageLine
    reply: bool
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class UnnumberedSection:
    start: int
    end: int
    items: list[BloggerItem]
    cues: int  # lines only Blogger prints, seen in the section
    opens_inside_thread: bool = False  # the copy's first comments are replies whose thread starts above it


def unnumbered_section(lines: list[PageLine], is_footer: Callable[[PageLine], bool]) -> UnnumberedSection | None:
    """The comments as name-over-date items, replies told by the "Replies" toggle or indentation."""
    items: list[BloggerItem] = []
    in_replies = False
    after_reply_button = False  # the last non-blank line was a comment's own reply button
    bylines: set[tuple[str, str]] = set()  # (name, date) of the comments read so far
    folded = previous_folded = ""  # this and the last non-blank line, casefolded
    cues = 0
    start = end = len(lines)
    buttons = 0  # comments' own reply buttons seen so far
    buttons_before_second = 0  # ... between the first comment and the second
    for position, line in enumerate(lines):
        if line.blank:
            if items:
                items[-1].lines.append("")
            continue
        previous_folded, folded = folded, line.content.casefold()
        if _is_cue(folded):
            cues += 1
        if items and is_footer(line):
            end = position
            break
        if items and not in_replies and _is_toggle(folded, after_reply_button):
            in_replies = True
            after_reply_button = False
            continue
        after_reply_button = _is_reply_button(folded)
        buttons += after_reply_button
        if _is_byline(lines, position) and not _quotes_earlier(
            key := _byline_key(lines, position), items, bylines, previous_folded
        ):
            bylines.add(key)
            if not items:
                start = position
            elif len(items) == 1:
                buttons_before_second = buttons
            reply = bool(items) and (in_replies or line.indent > items[0].line.indent)
            items.append(BloggerItem(line=line, reply=reply, lines=[line.content]))
            continue
        if in_replies and folded in REPLY_WORDS:
            in_replies = False  # the thread's own "Reply": its replies end here
            continue
        if items:
            items[-1].lines.append(line.content)
    if not items:
        return None
    for item in items:
        while item.lines and not item.lines[-1]:
            item.lines.pop()
    section = UnnumberedSection(start=start, end=end, items=items, cues=cues)
    section.opens_inside_thread = _opens_inside_thread(items, buttons, buttons_before_second)
    return section


def _opens_inside_thread(items: list[BloggerItem], buttons: int, buttons_before_second: int) -> bool:
    """Whether a selection began among a thread's replies: its first comment stands deeper than a later
    one, or (the copy kept the "Reply" buttons) it has none under it: only top comments do."""
    if len(items) < 2:
        return False
    if items[0].line.indent > min(item.line.indent for item in items):
        return True
    return buttons > 0 and buttons_before_second == 0


def _is_reply_button(folded: str) -> bool:
    """A comment's own button line: "Reply", or "Reply Delete" in the admin's view."""
    return folded in REPLY_WORDS or (folded in LINK_LINES and folded.split(" ")[0] in REPLY_WORDS)


def _is_toggle(folded: str, after_reply_button: bool) -> bool:
    """The "Replies" toggle; a word that is also a reply button ("Antworten") only right under that button."""
    return folded in _REPLIES_TOGGLES and (folded not in REPLY_WORDS or after_reply_button)


def _byline_key(lines: list[PageLine], position: int) -> tuple[str, str]:
    """(name, date) of a byline: its line and the next non-blank one (walked by index, no copy)."""
    date = next(lines[later].content for later in range(position + 1, len(lines)) if not lines[later].blank)
    return lines[position].content.casefold(), date.casefold()


def _quotes_earlier(
    key: tuple[str, str], items: list[BloggerItem], bylines: set[tuple[str, str]], previous: str
) -> bool:
    """Whether a name-over-date line pair is a comment quoting an earlier one whole: the same name and
    date as an earlier comment, not right after Blogger's links that end a comment (a double post is)."""
    if not items or previous in LINK_LINES or _CUE.fullmatch(previous):
        return False
    return key in bylines


def _is_cue(folded: str) -> bool:
    """A line only Blogger prints: its links beyond a lone "Reply", "Add comment", "Load more..."."""
    return (folded in LINK_LINES and folded not in REPLY_WORDS) or _CUE.fullmatch(folded) is not None


def _ends_sentence(name: str) -> bool:
    """Whether a line ends as a sentence does; an initial or abbreviation ("Marlene S.", "Jr.") does not."""
    return name.endswith(_SENTENCE_ENDS) and _INITIAL_END.search(name) is None


def _is_byline(lines: list[PageLine], position: int) -> bool:
    """A short name line whose next non-blank line is a shown date ("February 10, 2024 at 9:05 AM")."""
    name = lines[position].content
    if len(name) > _MAX_NAME or _ends_sentence(name):
        return False
    if name.casefold() in LINK_LINES:
        # Blogger's links never stand right over a date: a commenter named "Reply" or "Delete" does.
        following = lines[position + 1] if position + 1 < len(lines) else None
        return following is not None and parse_shown_time(following.content, timezone.utc) is not None
    if parse_shown_time(name, timezone.utc) is not None:
        return False
    for line in lines[position + 1 : position + 1 + _DATE_LOOKAHEAD]:
        if not line.blank:
            return parse_shown_time(line.content, timezone.utc) is not None
    return False
