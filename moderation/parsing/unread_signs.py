"""Signs, in a page read as plain text with no comment section, that the page had comments all the same.

A page that yields no comments is an all-clear only if it showed none: a comment-count header
("12 Comments", "91 Ergänzungen"), comment pagination ("« Older Comments", "Load more comments") or
blocks shaped like comments ("NAME says:", "NAME said...", "Reply" under a date line, a forum's
"by NAME » DATE") mean that its comments were there and not read (lazy-loaded, hidden by the copy,
in a layout no parser knows).
Ordinary articles show none of these as lines of their own; a single "says:" line may be a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Lines longer than this are prose, never a header, a pager or a name line (and bound the regex work).
_MAX_SIGN_LINE = 120
# "NAME says:" and "Reply" blocks: one alone may be an article quoting someone, two are a pattern.
MIN_REPEATED_BLOCKS = 2
# A "Reply" link belongs to a comment when a date line stands this many lines above it, at most
# (name, date, text..., Reply: a short comment's body is one to three lines).
_REPLY_AFTER_DATE_WITHIN = 6

_NUMBER_WORDS = {
    "no": 0, "zero": 0, "keine": 0, "sin": 0, "aucun": 0, "one": 1, "ein": 1, "eine": 1, "un": 1,
    "une": 1, "uno": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# The word for comments in the count headers of blog themes, in the languages our users moderate.
_COMMENT_WORDS = (
    r"comments?|repl(?:y|ies)|responses?|thoughts?|kommentare?|kommentaren|ergänzungen|ergänzung|antworten|"
    r"antwort|reaktionen|comentarios?|respuestas?|coment[aá]rios?|commentaires?|réponses?|commenti|"
    r"risposte|reacties?|reactions?|réflexions?|kommentarer?|komentarzy?|komentarze|komentáře?|svar"
)
_COUNT = r"(?P<count>\d{1,3}(?:[,.]\d{3})*|\d+|[^\W\d_]{2,6})"
_COUNT_HEADER = re.compile(
    rf"(?:there\s+(?:are|is)\s+|es\s+gibt\s+|hay\s+)?{_COUNT}\s+(?:{_COMMENT_WORDS})"
    r"(?:\s+(?:on|to|for|zu|auf|en|sur|à|a|su|em|op|do|på|till)\b.{0,100})?\s*:?",
    re.IGNORECASE,
)
_COUNT_IN_BRACKETS = re.compile(rf"(?:{_COMMENT_WORDS})\s*[(\[]\s*(?P<count>\d{{1,6}})\s*[)\]]", re.IGNORECASE)

# One link to another page of comments, as WordPress themes and their translations print it.
_PAGE_LINK = (
    r"(?:[«‹←<]\s*)?(?:older|newer|previous|next|earlier|later|ältere|neuere|vorherige|nächste|"
    r"anteriores|siguientes|précédents|suivants)\s+(?:comments|kommentare|comentarios|commentaires)"
    r"(?:\s*[»›→>])?"
)
# The comment pagination WordPress prints: one link, or "« Previous Comments  Next Comments »" on a line.
_PAGE_LINKS = re.compile(rf"{_PAGE_LINK}(?:\s+{_PAGE_LINK})?", re.IGNORECASE)
_PAGER = re.compile(
    rf"{_PAGE_LINK}(?:\s+{_PAGE_LINK})?"
    r"|(?:load|show|view|see|read|display)\s+(?:all\s+|more\s+|\d{1,6}\s+more\s+|all\s+\d{1,6}\s+|\d{1,6}\s+)?"
    r"(?:comments|replies|responses)(?:\s*\(\d{1,6}\))?"
    r"|(?:mehr|weitere|alle)\s+(?:\d{1,6}\s+)?(?:kommentare|antworten)\s*(?:laden|anzeigen)?"
    r"|(?:cargar|ver)\s+más\s+(?:comentarios|respuestas)"
    r"|\d{1,6}\s+more\s+(?:comments|replies)",
    re.IGNORECASE,
)
_MAX_PAGE_LINKS_LINE = 80  # two links and their arrows, never a sentence
# A numbered comment pager ("« Previous 1 2 3 Next »", "‹ 1 … 4 5 ›"): two or more page numbers between a
# previous and a next link (a word or an arrow at either end).
_NUMBERED_PAGER = re.compile(
    r"(?:(?:[«‹←<]\s*)?(?:previous|prev|vorherige|anterior|précédent|precedente)|[«‹←<])?\s*"
    r"\d{1,4}(?:\s+(?:…|\.\.\.)?\s*\d{1,4})+\s*"
    r"(?:(?:next|nächste|siguiente|suivant|successivo|próximo)(?:\s*[»›→>])?|[»›→>])?",
    re.IGNORECASE,
)
_COMMENT_PAGE = re.compile(
    r"(?:comments?|kommentare|comentarios)\s*(?:page|seite|página)?\s*:?\s*(?:page\s+)?\d{1,4}\s+(?:of|von|de)\s+\d{1,4}",
    re.IGNORECASE,
)
_BARE_PAGE = re.compile(
    r"(?:page|seite|página)\s+(?P<page>\d{1,4})\s+(?:of|von|de)\s+(?P<pages>\d{1,4})", re.IGNORECASE
)
_SECTION_HEADING = re.compile(
    r"(?:reader\s+)?(?:comments|kommentare|comentarios|commentaires|commenti|responses|discussion|diskussion)\s*:?",
    re.IGNORECASE,
)

_SAYS = re.compile(
    r"\S.{0,60}?\s+(?:says|sagt|schreibt|dice|dijo|dit|écrit|scrive|zegt|pisze|mówi|skriver|säger)\s*:", re.IGNORECASE
)
_SAID = re.compile(r"\S.{0,60}?\s+(?:said|wrote)\s*(?:\.\.\.|…|:)", re.IGNORECASE)
# A forum post's byline, as phpBB and its kind print it: "by NAME » Sun Mar 03, 2024 9:12 am".
_FORUM_BYLINE = re.compile(r"(?:by|von|par|por|door|da)\s+\S.{0,40}?\s+»\s+.{0,40}?\d{1,2}:\d{2}.{0,12}", re.IGNORECASE)
_REPLY = re.compile(r"(?:reply|antworten|responder|répondre|rispondi|beantwoorden)\s*(?:↓|→)?", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?(?:\W|$)|\b\d+\s+(?:minutes?|hours?|days?|"
    r"weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
# A comment's date line is short and not a sentence: "4 days ago", "March 3, 2024 at 9:12 am".
_MAX_DATE_LINE = 50
_MAX_DATE_WORDS = 8


@dataclass
class UnreadSigns:
    """What the page shows of comments it did not give us: a declared count and why more exist."""

    declared_count: int | None = None
    reasons: list[str] = field(default_factory=list)


def find_unread_signs(lines: list[str]) -> UnreadSigns:
    """Scan stripped page lines (article and all) for signs of comments; one pass, short lines only."""
    signs = UnreadSigns()
    pager: str | None = None
    in_comment_section = False
    says = said = replies = forum = 0
    last_date = -_REPLY_AFTER_DATE_WITHIN - 1
    for position, line in enumerate(lines):
        if not line or len(line) > _MAX_SIGN_LINE:
            continue
        count = header_count(line)
        if count is not None:
            in_comment_section = True
            if signs.declared_count is None:
                signs.declared_count = count
            continue
        if _SECTION_HEADING.fullmatch(line):
            in_comment_section = True
            continue
        if pager is None and (
            _PAGER.fullmatch(line) or _COMMENT_PAGE.fullmatch(line) or (in_comment_section and _is_later_page(line))
        ):
            pager = line
            continue
        if _SAYS.fullmatch(line):
            says += 1
        elif _SAID.fullmatch(line):
            said += 1
        elif "»" in line and _FORUM_BYLINE.fullmatch(line):
            forum += 1
        elif _REPLY.fullmatch(line) and position - last_date <= _REPLY_AFTER_DATE_WITHIN:
            replies += 1
        elif _is_date_line(line):
            last_date = position
    if pager is not None:
        signs.reasons.append(f'the page links to more comments ("{pager}"); they are not in this dump')
    blocks = [
        (says, '"NAME says:"'),
        (said, '"NAME said..."'),
        (replies, '"Reply" under a name and date'),
        (forum, '"by NAME » DATE"'),
    ]
    for number, shape in blocks:
        if number >= MIN_REPEATED_BLOCKS:
            signs.reasons.append(
                f"the page shows {number} comment-like blocks ({shape}) that were not read as comments"
            )
    return signs


def is_page_link(line: str) -> bool:
    """Whether the line is a link (or two) to another page of comments: "← Older Comments"."""
    if len(line) > _MAX_PAGE_LINKS_LINE:
        return False
    line = line.strip()
    if not line or not (line[0] in _PAGER_ARROWS or line[0].isdigit() or _first_word(line) in _PAGER_FIRST_WORDS):
        return False  # a cheap first test: text readers ask it of nearly every line of a copy
    if _PAGE_LINKS.fullmatch(line) is not None:
        return True
    # Page numbers alone ("1 2 3") could be anything: a pager shows its previous or next link.
    return _NUMBERED_PAGER.fullmatch(line) is not None and not (line[0].isdigit() and line[-1].isdigit())


_PAGER_ARROWS = "«‹←<"
# The words a pager line can open with (_PAGE_LINK's and _NUMBERED_PAGER's), lower case.
_PAGER_FIRST_WORDS = frozenset(
    [
        "older", "newer", "previous", "next", "earlier", "later", "ältere", "neuere", "vorherige", "nächste",
        "anteriores", "siguientes", "précédents", "suivants", "prev", "anterior", "précédent", "precedente",
    ]
)  # fmt: skip


def _first_word(line: str) -> str:
    return line[:16].split(" ", 1)[0].casefold()


def header_count(line: str) -> int | None:
    """The number in a comment-count header in any of our users' languages ("12 Comments", "3 réponses à “X”")."""
    match = _COUNT_HEADER.fullmatch(line) or _COUNT_IN_BRACKETS.fullmatch(line)
    if match is None:
        return None
    count = match.group("count")
    digits = count.replace(",", "").replace(".", "")
    if digits.isdigit():
        return int(digits)
    return _NUMBER_WORDS.get(count.casefold())


def _is_later_page(line: str) -> bool:
    match = _BARE_PAGE.fullmatch(line)
    return match is not None and int(match.group("pages")) > 1


def _is_date_line(line: str) -> bool:
    return (
        len(line) <= _MAX_DATE_LINE
        and not line.endswith((".", "!", "?"))
        and len(line.split()) <= _MAX_DATE_WORDS
        and _DATE_LINE.search(line) is not None
    )
