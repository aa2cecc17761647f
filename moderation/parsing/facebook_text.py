"""Facebook's comments plugin copied as text (select all inside the comment frame, paste into a file).

Each comment copies as its name, a line under it when Facebook shows one (a badge such as "Top fan"
or "Author", or the commenter's "Works at ..."), the text, then one action line: "Like · Reply",
the like count when there are likes, and the age ("2y", "5h"), sometimes "· Edited". That action
line ends every comment and is what this reader keys on. The ages give no date, and the copy keeps
no indentation, so replies cannot be told from comments: every comment is read at the top level and
the thread says so. "Load 10 more comments" and "View 3 more replies" mark folded parts: the thread
is incomplete. The plugin's translations (de, fr, es, it, pt, nl, pl, sv) are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.cut_off_texts import trim_cut_offs
from moderation.parsing.more_comments_words import is_more_comments_button, is_reply_count_link
from moderation.parsing.page_text import join_body, page_lines
from moderation.parsing.plain_page import page_thread_id
from moderation.thread import Thread

FORMAT = "facebook-text"
DESCRIPTION = "Facebook's comments plugin copied as text (name, text, then 'Like · Reply · 2y')"

# "Like · Reply · 3 · 2y", "Like · Reply · 5h · Edited", "Like · Reply · Mark as spam · 1w".
# The plugin translated: de "Gefällt mir · Antworten · 2 Wo.", fr "J’aime · Répondre · 5 j", es/pt
# "Me gusta/Curtir · Responder", it "Mi piace · Rispondi", nl "Vind ik leuk · Beantwoorden", pl "Lubię to! ·
# Odpowiedz · 4 tyg.", sv "Gilla · Svara · 2 v" (the languages the date readers know).
_LIKE_WORDS = r"like|gefällt mir|j[’']aime|me gusta|mi piace|curtir|gosto|vind ik leuk|lubię to!?|gilla"
_REPLY_WORDS = r"reply|antworten|répondre|responder|rispondi|beantwoorden|reageren|odpowiedz|svara"
_ACTIONS = re.compile(rf"^(?:{_LIKE_WORDS})\s*·\s*(?:{_REPLY_WORDS})(?:\s*·\s*[^·]{{1,24}})*$", re.I)
# An age: "2y", "5h", "2 Wo.", "4 tyg.", "1 sem", "3 år": a number and a short unit word.
_AGE = re.compile(r"(?:^|·)\s*\d{1,3}\s?[^\W\d_]{1,5}\.?\s*(?:·|$)", re.I)
# A line Facebook shows under the name: a badge, or where the commenter works, studied or lives.
# The staff badges in the languages of _ACTIONS.
_ROLE_BY_BADGE = {
    **dict.fromkeys(("author", "autor", "auteur", "autore", "författare"), "post_author"),
    **dict.fromkeys(("moderator", "modérateur", "moderador", "moderatore"), "moderator"),
    **dict.fromkeys(
        ("admin", "administrador", "amministratore", "beheerder", "administrator", "administratör"), "admin"
    ),
}
_STAFF_BADGES = frozenset(_ROLE_BY_BADGE)
_FAN_BADGES = (
    "top fan",
    "top-fan",
    "topfan",
    "toppfan",
    "fan assidu",
    "fan destacado",
    "fã destaque",
    "fan più attivo",
)
_BADGES = frozenset((*_STAFF_BADGES, *_FAN_BADGES, "most relevant", "najaktywniejszy fan"))
_PROFILE_LINE = re.compile(r"^(?:works at|worked at|studied at|studies at|lives in) [^.!?]{1,50}$", re.I)
# "4 comments" above the frame, and its translations.
_COUNT_WORDS = (
    r"\d[\d,.]* (?:comments?|kommentare?|commentaires?|comentarios?|commenti|commento|comentários?|reacties|reactie"
    r"|komentarz[ey]?|kommentarer?)"
)
_COUNT_HEADER = re.compile(_COUNT_WORDS, re.I)
# The frame's own lines above and below the comments, in the languages of _ACTIONS.
_FRAME_CHROME = re.compile(
    rf"^(?:{_COUNT_WORDS}|sort by|top|newest|oldest|add a comment\.\.\.|facebook comments plugin|"
    r"post|also post on facebook|posting as .*|log in to comment"
    r"|sortieren nach|trier par|ordenar por|ordina per|classificar por|sorteer op|sortuj według|sortera efter"
    r"|relevanteste|neueste|älteste|(?:les )?plus (?:pertinents|récents|anciens)|más (?:relevantes|recientes|antiguos)"
    r"|più (?:pertinenti|recenti)|meno recenti|mais (?:relevantes|recentes|antigos)|meest relevant|nieuwste|oudste"
    r"|najtrafniejsze|najnowsze|najstarsze|mest relevanta|nyaste|äldsta"
    r"|(?:kommentar hinzufügen|ajouter un commentaire|añade un comentario|aggiungi un commento"
    r"|adicione um comentário|voeg een reactie toe|dodaj komentarz|skriv en kommentar|lägg till en kommentar)"
    r"\s*(?:\.\.\.|…)"
    r"|.*facebook.*plug-?in.*|.*plug-?in.*facebook.*|wtyczka komentarzy.*)$",
    re.I,
)
_SNIFF_MIN_COMMENTS = 2
_SNIFF_SURE = 85  # no other copy ends comments with "Like · Reply · 2y"

NESTING_UNKNOWN = (
    "nesting unknown: a copy of Facebook's comments plugin keeps no indentation, so every comment is read as top level"
)
NO_DATES = "the copy shows only ages ('2y', '5h'), so no comment has a date"
FOLDED_UNREAD = "the copy shows Facebook's folded comments ({what}): those comments are not in this dump"


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    rows = sum(1 for line in page_lines(source.head_text) if _is_actions(line.content))
    return _SNIFF_SURE if rows >= _SNIFF_MIN_COMMENTS else 0


def parse(source, options) -> Iterator[Thread]:
    lines = [line.content for line in page_lines(source.text())]
    thread = Thread(id=page_thread_id(source))
    declared = next((line for line in lines if _COUNT_HEADER.fullmatch(line)), None)
    if declared is not None:
        thread.declared_comment_count = int(re.sub(r"\D", "", declared))
    raw_comments: list[RawComment] = []
    folded: list[str] = []
    block: list[str] = []
    for line in lines:
        if is_more_comments_button(line) or is_reply_count_link(line):
            folded.append(line)
            continue
        if _is_actions(line):
            if not raw_comments:
                block = _after_frame_chrome(block, thread)
            comment = _comment(block, len(raw_comments))
            if comment is not None:
                raw_comments.append(comment)
            block = []
            continue
        if not block and _FRAME_CHROME.match(line):
            continue
        block.append(line)
    if raw_comments:
        thread.warnings.extend((NESTING_UNKNOWN, NO_DATES))
    if folded:
        thread.mark_unread(FOLDED_UNREAD.format(what=f"'{folded[0]}'"))
    trim_cut_offs(raw_comments, thread)
    assemble_thread(thread, raw_comments)
    yield thread


def _after_frame_chrome(block: list[str], thread: Thread) -> list[str]:
    """The first comment's lines: a copy of the page around the plugin holds the article above the frame's
    own lines ("4 comments", "Add a comment..."); that part is the thread's title and body, not a comment."""
    # The last chrome line with a name and a text line still under it: a one-word comment "Top" is no chrome.
    chrome = [index for index, line in enumerate(block) if line and _FRAME_CHROME.match(line)]
    last_chrome = next((index for index in reversed(chrome) if sum(map(bool, block[index + 1 :])) >= 2), None)
    if last_chrome is None:
        return block
    above = [line for line in block[:last_chrome] if not (line and _FRAME_CHROME.match(line))]
    if any(above):
        title = next(line for line in above if line)
        thread.title = thread.title or title
        body = join_body(above[above.index(title) + 1 :])
        thread.body = thread.body or body or None
    return block[last_chrome + 1 :]


def _is_actions(line: str) -> bool:
    return bool(_ACTIONS.match(line)) and bool(_AGE.search(line))


def _comment(block: list[str], position: int) -> RawComment | None:
    filled = [line for line in block if line]
    while filled and _FRAME_CHROME.match(filled[0]):
        filled = filled[1:]
    if not filled:
        return None
    first = next(index for index, line in enumerate(block) if line == filled[0])
    rest = block[first + 1 :]
    role = None
    # A profile line is skipped only with text after it: a comment's own words are never taken for one.
    while rest and (not rest[0] or rest[0].lower() in _BADGES or (_PROFILE_LINE.match(rest[0]) and any(rest[1:]))):
        if rest[0].lower() in _STAFF_BADGES:
            role = _ROLE_BY_BADGE[rest[0].lower()]
        rest = rest[1:]
    return RawComment(
        ref=f"~{position + 1}",
        parent_ref=None,
        author=filled[0],
        text=join_body(rest),
        own_id=False,
        role=role,
    )
