"""A WordPress page copied as plain text: the article, a "44 replies" header, then "NAME says:" items.

Top-level comments are numbered ("  1. Mara says:"), replies are bullets ("    • Ed says:"), two
spaces of indentation per level. Copies often lose indentation, so items are found by their
"says:" line and markers, and the tree by indentation where it survives. Replies WordPress printed
beyond its depth cap stand as siblings at the last level; the text shows that, and so do we.
Pingbacks and trackbacks ("2. Pingback: Post title | Site") are items too, as in the HTML parser:
the author is the linking page's title, the text the whole line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.comment_parts import is_awaiting_note, is_badge, is_button_row
from moderation.parsing.cut_off_texts import trim_cut_offs
from moderation.parsing.more_comments_words import is_more_comments_button
from moderation.parsing.named_parents import NamedParents
from moderation.parsing.page_text import (
    PageLine,
    article_parts,
    is_relative_date,
    join_body,
    page_lines,
    parse_shown_time,
)
from moderation.parsing.page_text import declared_count as english_count_header
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.unread_signs import header_count, is_page_link
from moderation.parsing.wpdiscuz_text import is_label, is_tab, replies_toggle, reply_to
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "wordpress-text"
DESCRIPTION = "a WordPress page copied as plain text ('NAME says:' items, numbered threads, bullet replies)"

# WordPress's "says:" after the name, as its translations for the languages whose dates we read print it
# (en, de, fr, es, it, pt, nl, pl, sv; French sets a space before the colon).
# Twenty Eleven prints the past tense after the name and date: "Ann on March 4, 2024 at 9:12 am said:"
# ("sagte:", "dijo:", "zei:" in its translations).
_SAYS = re.compile(
    r"\s(?:says|said|sagt|sagte|dit|dice|dijo|ha detto|scrive|disse|diz|schreef|zegt|zei"
    r"|pisze|mówi|skriver|säger)\s?:$",
    re.IGNORECASE,
)
# English WordPress's word: its slash dates ("04/03/2024") are read month first, as US sites write them
# (a British site says "says:" too and cannot be told apart). Every other language above writes dates
# day first, so a copy whose items mostly say "sagt:", "dit :", "dice:"... has its slash dates read so.
_MONTH_FIRST_SAYS = ("says", "said")
_MAX_NAME = 100
_BULLETS = "•◦▪‣∙·○●"
_NUMBER_MARKER = re.compile(r"(\d{1,9})[.)]\s+")
# Firefox copies list bullets as "*", then "o", "+" for deeper levels; read only before "NAME says:"
# (in a comment's text such a line is more likely the writer's own list).
_FIREFOX_BULLET = re.compile(r"[*o+#]\s+(?=\S)")
_PING = re.compile(r"(?:Pingback|Trackback):\s*(\S.*)")
_REPLY_LINES = {"reply", "reply ↓", "↓ reply", "log in to reply", "reply to this comment", "reply ↵"}
_FOOTER = re.compile(
    r"comments are closed|leave a (?:reply|comment)(?: to .{1,100}?)?(?: cancel reply)?|cancel reply"
    r"|you must be logged in to post a comment|post comment|add a comment|join the conversation"
    r"|submit a comment|write a comment|post a comment"  # Divi's form heading, and others'
    r"|comment navigation"
    # The comment form's heading in WordPress's translations (de, fr, es, it, pt, nl), with its cancel link.
    r"|(?:schreibe einen kommentar|kommentar (?:verfassen|hinterlassen)|hinterlasse einen kommentar"
    r"|laisser un commentaire|laisser une réponse|deja una respuesta|deja un comentario|dejar un comentario"
    r"|lascia un commento|lascia una risposta|deixe um comentário|deixe uma resposta"
    r"|geef een reactie|laat een reactie achter|dodaj komentarz|skomentuj|lämna ett svar|lämna en kommentar)"
    r"(?: .{1,100}?)?(?: (?:antworten abbrechen|annuler la réponse|cancelar la respuesta|annulla risposta"
    r"|cancelar resposta|reactie annuleren|anuluj pisanie odpowiedzi|avbryt svar))?",
)
# Page chrome a copy starts with (theme accessibility link, menu button), never the post's title.
_CHROME = re.compile(
    r"skip to (?:the )?(?:main )?(?:content|navigation)|(?:primary |main )?menu|search|toggle navigation"
    r"|przejdź do (?:treści|zawartości)|hoppa till innehåll|meny|szukaj|sök"
)
# The post's byline or date, printed under its title by WordPress themes: the title is the line above.
_BYLINE = re.compile(
    r"(?:(?:posted|written|published)\s+)?by\s+[^.!?]{1,60}|(?:posted|published)\s+on\s+.{4,80}"
    # "Publié le …", "Pubblicato il …", "Publicado em …", "Geplaatst op …", "Veröffentlicht am …",
    # "Opublikowano 14 maja 2024 przez …", "Publicerat den 3 maj 2024 av …"
    r"|(?:publié|pubblicato|publicado|geplaatst|veröffentlicht)\s+(?:le|il|em|el|op|am)\s+.{4,80}"
    r"|opublikowano\s+.{4,80}|publicerat\s+(?:den\s+)?.{4,80}",
    re.I,
)
_DATE_ONLY = re.compile(
    r"(?:[a-z]{3,9},?\s+)?(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[a-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)
_TITLE_SEARCH_LINES = 30  # non-blank lines from the top searched for the byline (chrome + title + byline)
# Comment pagination: WordPress prints these links when the page shows only one page of comments.
_PAGINATION = re.compile(r"comment navigation|kommentar-navigation|navigation des commentaires")
_MAX_PAGINATION_LINE = 80  # a pager's links, never a sentence (text readers ask nearly every line)
_PAGINATION_UNREAD = "the page links to other pages of comments ('Older/Newer Comments') not in this dump"
NESTING_UNKNOWN = (
    "nesting unknown: the copy shows no list numbers, no indentation and no 'Reply to NAME', "
    "so every comment is read as top level"
)
_GUESSED_NESTING = (
    "nesting was guessed: some replies carry no indentation, so they were placed under the last numbered thread"
)


@dataclass(slots=True)
class _Item:
    """A comment header line and the lines under it, before the tree is read."""

    line: PageLine
    author: str
    marker: str  # "number", "bullet" or "none"
    body: list[PageLine] = field(default_factory=list)
    ping: str | None = None  # a pingback's or trackback's line, which is its text
    reply_to: str | None = None  # the parent's name a byline shows ("Reply to  Tom", wpDiscuz)
    folded_replies: bool = False  # ends in wpDiscuz's "View replies (2)": its replies may be collapsed
    shown_date: str | None = None  # the date a one-line byline carries ("Ann on March 4, 2024 at 9:12 am")


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    lines = page_lines(head)
    marked = sum(1 for line in lines if _header(line) is not None and _header(line)[1] != "none")
    if marked >= 2 or (marked == 1 and any(_count_header(line.content) is not None for line in lines)):
        return 80
    # Without "says:" (markers lost, or hidden by the theme) only a date line under a name marks an item.
    buttons = _button_layout(lines)
    dated = sum(1 for position in range(len(lines)) if _unmarked_byline(lines, position, buttons) is not None)
    return 50 if dated >= 2 else 0


def parse(source, options) -> Iterator[Thread]:
    lines = page_lines(source.text())
    thread = Thread(id=page_thread_id(source))
    items, header_position = _items(lines, thread)
    thread.title, thread.body = _article(lines[:header_position])
    if _opens_inside_a_comment(lines, items):
        thread.title = thread.body = None  # a selection's first lines are a comment's tail, not the article
    if header_position < len(lines):
        thread.declared_comment_count = _count_header(lines[header_position].content)
    if _paginated(lines, items):
        thread.mark_unread(_PAGINATION_UNREAD)
    else:
        _note_partial_selection(thread, items)
    load_more = _load_more(lines, items)
    if load_more is not None:
        thread.mark_unread(f'the page links to more comments ("{load_more}"); they are not in this dump')
    if not items:
        thread.warnings.append("no WordPress comment items ('NAME says:') were found")
    raw_comments = _raw_comments(items, thread, options.default_timezone, _writes_day_first(items))
    trim_cut_offs(raw_comments, thread)
    yield assemble_thread(thread, raw_comments)


def _article(lines: list[PageLine]) -> tuple[str | None, str | None]:
    """Title and body: the title stands above the byline or date; page chrome above it is dropped."""
    non_blank = [position for position, line in enumerate(lines) if not line.blank][:_TITLE_SEARCH_LINES]
    for meta in (_BYLINE, _DATE_ONLY):
        for order, position in enumerate(non_blank[1:], start=1):
            if meta.fullmatch(lines[position].content):
                above = non_blank[order - 1]
                if _DATE_ONLY.fullmatch(lines[above].content) and order >= 2:
                    above = non_blank[order - 2]  # a date between title and byline
                return article_parts(lines[above:])
    first = next((p for p in non_blank if not _CHROME.fullmatch(lines[p].content.casefold())), len(lines))
    return article_parts(lines[first:])


def _load_more(lines: list[PageLine], items: list[_Item]) -> str | None:
    """The "Load more comments" button ("Weitere Kommentare laden", "Ver 4 respuestas más") at the margin of
    the comment list, if the page shows one."""
    if not items:
        return None
    margin = items[0].line.indent
    for position, line in enumerate(lines):
        if line.indent > margin or not is_more_comments_button(line.content):
            continue
        if not _is_feedback_tab(lines, position):
            return line.content
    return None


def _opens_inside_a_comment(lines: list[PageLine], items: list[_Item]) -> bool:
    """Whether the copy's first line is indented past the numbered comments' margin: the end of a comment
    above the selection (an article starts at the margin)."""
    numbered = next((item for item in items if item.marker == "number"), None)
    first = next((line for line in lines if not line.blank), None)
    return numbered is not None and first is not None and first.indent > numbered.line.indent


def _note_partial_selection(thread: Thread, items: list[_Item]) -> None:
    """A copy of part of a numbered list (a selection made further down the page): it opens with a
    reply whose thread starts above the selection, or its first thread is numbered past 1."""
    numbered = [item for item in items if item.marker == "number"]
    if not numbered:
        return
    if items[0].marker == "bullet":
        thread.mark_unread(
            "the copy starts inside a thread (a reply comes first; part of the page was selected): "
            "its parent and the comments above it are not in this dump"
        )
        return
    first = int(_NUMBER_MARKER.match(numbered[0].line.content).group(1))
    if first > 1:
        earlier = "comment 1 is" if first == 2 else f"comments 1-{first - 1} are"
        thread.mark_unread(
            f"the copy starts at comment {first} (part of the page was selected): {earlier} not in this dump"
        )


def _is_feedback_tab(lines: list[PageLine], position: int) -> bool:
    """wpDiscuz's "View all comments" tab beside "Inline Feedbacks": it switches views, it loads nothing."""
    previous = _previous_non_blank(lines, position)
    return is_tab(lines[position].content) and previous is not None and is_tab(previous.content)


def _paginated(lines: list[PageLine], items: list[_Item]) -> bool:
    """Whether a comment-pagination link stands at the margin of the comment list (before or after it)."""
    if not items:
        return False
    margin = items[0].line.indent
    return any(line.indent <= margin and _is_pagination(line.content) for line in lines)


def _is_pagination(content: str) -> bool:
    """Comment pagination: "« Older Comments", "Newer Comments →", "Comment navigation" and translations."""
    if len(content) > _MAX_PAGINATION_LINE:
        return False
    return is_page_link(content) or (
        content[:1] in "cCkKnN" and bool(_PAGINATION.fullmatch(content.casefold().rstrip(".!")))
    )


def _writes_day_first(items: list[_Item]) -> bool:
    """Whether most items' "says:" word is in a language that writes numeric dates day first."""
    words = [says[0].strip(" :").casefold() for item in items if (says := _SAYS.search(item.line.content))]
    return sum(word not in _MONTH_FIRST_SAYS for word in words) * 2 > len(words)


def _header(line: PageLine) -> tuple[str, str] | None:
    """(author, marker) if the line is an item header "1. NAME says:" / "• NAME says:" / "NAME says:"."""
    found = _header_parts(line)
    return None if found is None else found[:2]


def _header_parts(line: PageLine) -> tuple[str, str, str | None] | None:
    """(author, marker, the date the line shows or None): "NAME on DATE said:" carries its date."""
    content = line.content
    if len(content) > _MAX_NAME + 80 or not content.endswith(":"):
        return None
    says = _SAYS.search(content)
    if says is None:
        return None
    content, marker = _without_marker(content[: says.start()])
    if marker == "none" and (firefox := _FIREFOX_BULLET.match(content)):
        content, marker = content[firefox.end() :], "bullet"
    name, shown = content.strip(), None
    if len(name) > _MAX_NAME or " " in name:
        name_and_date = _name_and_date(name)
        if name_and_date is not None:
            name, shown = name_and_date
    return (name, marker, shown) if name and len(name) <= _MAX_NAME else None


def _count_header(line: str) -> int | None:
    """The number in the comment-count header above the list, in English or another blog language."""
    count = english_count_header(line)
    return count if count is not None else header_count(line)


def _ping_header(line: PageLine) -> tuple[str, str, str] | None:
    """(linking page's title, marker, the line) if the line is a pingback or trackback item."""
    content, marker = _without_marker(line.content)
    ping = _PING.fullmatch(content)
    if ping is None:
        return None
    return ping.group(1).strip()[:_MAX_NAME], marker, content


def _without_marker(content: str) -> tuple[str, str]:
    number = _NUMBER_MARKER.match(content)
    if number:
        return content[number.end() :], "number"
    if content and content[0] in _BULLETS:
        return content[1:].lstrip(), "bullet"
    return content, "none"


def _hidden_says_header(content: str, buttons: str, opens: bool) -> tuple[str, str] | None:
    """A line with no "says:" (themes hide it, block themes never print it), trusted only when a date
    line follows (the caller checks). An unmarked one also needs the page's "Reply" buttons and must
    open a block (`opens`): the first item after the count header, or the line after the last item's
    buttons (any line, when the theme prints its buttons in the byline, above the text)."""
    name, marker = _without_marker(content)
    name = name.strip()
    if not name or len(name) > _MAX_NAME:
        return None
    if marker != "none":
        return name, marker
    if not buttons or not opens or name.endswith(_SENTENCE_ENDS):
        return None
    return None if is_button_row(name) else (name, marker)


def _opens_block(lines: list[PageLine], position: int, buttons: str) -> bool:
    """Whether the line may open a comment: it follows the last one's buttons, the count header or a
    comment pager (any line may, where the theme prints its buttons in the byline)."""
    if not buttons:
        return False
    if buttons == _IN_BYLINE:
        return True
    previous = _previous_non_blank(lines, position)
    if previous is not None and is_tab(previous.content):
        previous = _previous_non_blank(lines, position, skip=is_tab)  # wpDiscuz's tabs above its first comment
    return previous is not None and (
        is_button_row(previous.content)
        or _count_header(previous.content) is not None
        or replies_toggle(previous.content) is not None
        or _is_pagination(previous.content)  # "« Older Comments" above a later page's first comment
    )


def _unmarked_byline(lines: list[PageLine], position: int, buttons: str) -> tuple[str, str, str | None] | None:
    """(name, marker, shown date or None) of a byline without "says:": a name over a date line, or
    name and date on one line ("Ann on March 4, 2024 at 9:12 am", "Ann — 2 days ago")."""
    line = lines[position]
    header = _header_parts(line)
    if header is not None:
        dated = header[2] is not None or _next_is_date(lines, position) or _date_above(lines, position)
        return header if dated else None
    opens = _opens_block(lines, position, buttons)
    one_line = _name_and_date(line.content) if opens else None
    if one_line is not None:
        found = _hidden_says_header(one_line[0], buttons, opens)
        return None if found is None else (found[0], found[1], one_line[1])
    found = _hidden_says_header(line.content, buttons, opens)
    if found is None and opens and buttons and is_button_row(line.content):
        # A commenter named like a button ("Reply", "Like"): a button never stands right over a date.
        below = next((later for later in lines[position + 1 : position + 1 + _BYLINE_SPAN] if not later.blank), None)
        return (line.content, "none", None) if below is not None and _is_date_line(below.content) else None
    return (found[0], found[1], None) if found is not None and _next_is_date(lines, position) else None


# Words a one-line byline puts between the name and the date ("on", a dash, a bar or a dot), and
# between a date printed first and the name ("March 4, 2024 · Ann", "March 4, 2024 by Ann").
_NAME_DATE_JOINS = re.compile(r"\s+(?:on|am|le|el|il|em|op|[—–|·•-])\s+", re.IGNORECASE)
_DATE_NAME_JOINS = re.compile(r"\s+(?:by|von|par|por|di|door|[—–|·•-])\s+", re.IGNORECASE)
# "By Ann on ...", "Comment by Ann — ..." (and translations): the name is what follows.
_BY_PREFIX = re.compile(
    r"^(?:(?:comment|kommentar|commentaire|comentario|commento)\s+)?(?:by|von|par|por|di|door)\s+(?=\S)", re.IGNORECASE
)


def _name_and_date(content: str) -> tuple[str, str] | None:
    """("Ann", "March 4, 2024 at 9:12 am") from "Ann on March 4, 2024 at 9:12 am", "By Ann on ...", or
    "March 4, 2024 at 9:12 am · Ann"; else None."""
    if len(content) > _MAX_NAME + 60:
        return None
    for join in _NAME_DATE_JOINS.finditer(content):
        name, shown = _BY_PREFIX.sub("", content[: join.start()].strip()), content[join.end() :].strip()
        if name and not name.endswith(_SENTENCE_ENDS) and _is_date_line(shown):
            return name, shown
    for join in _DATE_NAME_JOINS.finditer(content):
        shown, name = content[: join.start()].strip(), content[join.end() :].strip()
        if name and len(name) <= _MAX_NAME and not name.endswith(_SENTENCE_ENDS) and _is_date_line(shown):
            return name, shown
    return _name_space_date(content)


_MAX_NAME_WORDS = 5  # a display name before its date with nothing between ("Kay Morrow June 3, 2024 at 7:12 pm")


def _name_space_date(content: str) -> tuple[str, str] | None:
    """("Kay Morrow", "June 3, 2024 at 7:12 pm") from a mobile theme's byline that sets the date right
    after the name; the date must be a whole date with its time (a day or age alone could end a sentence)."""
    if not _CLOCK.search(content):
        return None  # a cheap first test: the date this byline needs carries a time of day
    words = content.split(" ")
    if len(words) < 2 or _is_date_line(content):
        return None  # a date line alone ("May 2, 2024 at 9:00 am") names nobody
    for cut in range(1, min(len(words), _MAX_NAME_WORDS + 1)):
        name, shown = " ".join(words[:cut]), " ".join(words[cut:])
        if name.endswith(_SENTENCE_ENDS):
            return None
        if parse_shown_time(shown, timezone.utc) is not None:
            return name, shown
    return None


def _is_date_line(content: str) -> bool:
    return (
        parse_shown_time(content, timezone.utc) is not None
        or is_relative_date(content)
        or _DATE_ONLY.fullmatch(content) is not None
    )


def _shown_time(content: str, zone: tzinfo, day_first: bool) -> datetime | None:
    """A byline's date and time; a day alone ("March 4, 2024", as OceanWP shows it) is its midnight."""
    if _DATE_ONLY.fullmatch(content):
        return parse_shown_time(f"{content} 00:00", zone, day_first)
    return parse_shown_time(content, zone, day_first)


def _previous_non_blank(lines: list[PageLine], position: int, skip=None) -> PageLine | None:
    """The nearest non-blank line above `position` (walked by index: no copy of the page per line),
    past lines `skip` says to step over."""
    for earlier in range(position - 1, -1, -1):
        if not lines[earlier].blank and (skip is None or not skip(lines[earlier].content)):
            return lines[earlier]
    return None


_VOTE_COUNT = re.compile(r"[+−-]?\d{1,5}")
_SENTENCE_ENDS = ("!", "?", ":", ";", ",", "…")  # not ".": "Omar S." is a name
# "Reply" (or "Like", "Antworten"...) lines: two or more say the page's comments carry buttons.
_MIN_BUTTON_LINES = 2
_UNDER_TEXT, _IN_BYLINE = "under text", "in byline"  # where a page's comment buttons stand
_LAYOUT_SAMPLE = 50  # button lines looked at to tell where a theme prints them (one theme prints all alike)


def _button_layout(lines: list[PageLine]) -> str:
    """ "" when the page shows fewer than two button lines; else whether most stand right under a date
    line (the theme prints them in the byline, above the text: OceanWP) or under the text."""
    under_date = total = 0
    for position, line in enumerate(lines):
        if line.content and is_button_row(line.content):
            total += 1
            previous = _previous_non_blank(lines, position)
            under_date += previous is not None and _is_date_line(previous.content)
            if total >= _LAYOUT_SAMPLE:
                break
    if total < _MIN_BUTTON_LINES:
        return ""
    return _IN_BYLINE if under_date * 2 > total else _UNDER_TEXT


def _next_is_date(lines: list[PageLine], position: int) -> bool:
    """Whether a date line follows (past a badge such as "Post author" and wpDiscuz's "Reply to  NAME",
    each on a line of its own)."""
    extras = 0
    for line in lines[position + 1 : position + 1 + _BYLINE_SPAN]:
        if line.blank:
            continue
        if extras < _MAX_BYLINE_EXTRAS and _is_byline_extra(line.content):
            extras += 1
            continue
        return _is_date_line(line.content)
    return False


_BYLINE_SPAN = 6  # lines under a name searched for its date (blank lines, a badge, "Reply to  NAME")
_MAX_BYLINE_EXTRAS = 2  # a badge and a "Reply to  NAME" line


def _is_byline_extra(content: str) -> bool:
    """A line a byline may hold between name and date: a badge ("Post author", "Guest"), "Reply to  NAME"."""
    first_word = content.split(None, 1)[0].casefold() if content else ""
    if first_word not in _EXTRA_FIRST_WORDS:
        return False  # a cheap first test: the line under a name is nearly always its date
    return is_label(content) or is_badge(content) or reply_to(content) is not None


# First words of the lines `_is_byline_extra` reads: comment_parts' badges, wpDiscuz's labels, "Reply to"
# and its translations (a line starting otherwise is none of them).
_EXTRA_FIRST_WORDS = frozenset(
    [
        "post", "blog", "author", "autor", "autorin", "auteur", "admin", "moderator",
        "guest", "member", "administrator", "editor", "subscriber", "contributor", "gast", "mitglied", "invité",
        "membre", "invitado", "miembro",
        "in", "reply", "replying", "als", "antwort", "en", "respuesta", "risposta", "resposta", "em", "reactie",
    ]
)  # fmt: skip


def _is_footer(line: PageLine, top_indent: int) -> bool:
    """The page's own words after the list ("Comments are closed."), never indented under a comment."""
    if line.indent > top_indent or len(line.content) > 160:
        return False
    content = line.content.casefold().rstrip(".!…")
    return bool(_FOOTER.fullmatch(content) or is_more_comments_button(content) or _is_pagination(line.content))


def _items(lines: list[PageLine], thread: Thread) -> tuple[list[_Item], int]:
    """Cut the comment section into items; also say where the article ends (the count header)."""
    says_style = any(_header(line) is not None for line in lines)
    buttons = "" if says_style else _button_layout(lines)
    items: list[_Item] = []
    earlier = _EarlierBylines()
    first_position = None
    for position, line in enumerate(lines):
        if line.blank:
            if items:
                items[-1].body.append(line)
            continue
        if items and _is_footer(line, items[0].line.indent):
            break
        ping = _ping_header(line)
        if ping is not None and (ping[1] != "none" or _left_of_current_text(line, items)):
            item = _Item(line=line, author=ping[0], marker=ping[1], ping=ping[2])
        else:
            found = _item_header(lines, position, items, says_style, buttons)
            item = None if found is None else _Item(line=line, author=found[0], marker=found[1], shown_date=found[2])
            if item is not None and _quotes_earlier(lines, position, item, items, earlier):
                item = None
            if item is not None and item.shown_date is None and says_style:
                item.shown_date = _take_date_above(lines, position, items)
        if item is not None:
            if first_position is None:
                first_position = position
            items.append(item)
        elif items:
            items[-1].body.append(line)
    if first_position is None:
        # A page whose comments are all gone may still carry its header ("0 replies").
        headers = [position for position, line in enumerate(lines) if _count_header(line.content) is not None]
        return [], headers[-1] if headers else len(lines)
    return items, _header_position(lines, first_position)


def _byline_key(author: str, shown: str | None) -> tuple[str, str]:
    return author.casefold(), (shown or "").casefold()


def _item_date(item: _Item) -> str | None:
    """The date an item's byline shows: on its own line, or the first line under it."""
    if item.shown_date is not None:
        return item.shown_date
    return next((line.content for line in item.body if not line.blank), None)


class _EarlierBylines:
    """(name, date shown) of the items read so far, keyed only once a possible quote asks (most copies never do)."""

    def __init__(self) -> None:
        self.keys: set[tuple[str, str]] = set()
        self.keyed = 0  # items[:keyed] are in keys

    def holds(self, key: tuple[str, str], items: list[_Item]) -> bool:
        for item in items[self.keyed :]:
            self.keys.add(_byline_key(item.author, _item_date(item)))
        self.keyed = len(items)
        return key in self.keys


def _quotes_earlier(
    lines: list[PageLine], position: int, item: _Item, items: list[_Item], earlier: _EarlierBylines
) -> bool:
    """Whether an unmarked byline is a comment quoting an earlier one whole (its name and date, then its
    text, on lines of their own): it repeats an earlier comment's name and timed date, and does not stand
    where a comment may start (after the buttons that end the comment above, or the count header).
    A double post comes after its twin's buttons, so it stays a comment."""
    if item.marker != "none" or not items:
        return False
    previous = _previous_non_blank(lines, position)
    if previous is not None and (is_button_row(previous.content) or _count_header(previous.content) is not None):
        return False
    shown = item.shown_date
    if shown is None:
        following = next((line for line in lines[position + 1 : position + 5] if not line.blank), None)
        shown = None if following is None else following.content
    if shown is None or not _CLOCK.search(shown):
        return False  # a day alone: one person commenting twice a day is common
    return earlier.holds(_byline_key(item.author, shown), items)


_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}")  # a time of day in a shown date ("9:12 am", "09.12", "9h12")


def _item_header(
    lines: list[PageLine], position: int, items: list[_Item], says_style: bool, buttons: str = ""
) -> tuple[str, str, str | None] | None:
    """(author, marker, shown date on the byline's own line or None) if the line opens an item."""
    line = lines[position]
    if not says_style:
        return _unmarked_byline(lines, position, buttons)
    found = _header_parts(line)
    if found is None:
        return None
    if found[1] != "none" or not items:
        return found
    if _quoted_in_marked_copy(lines, position, items):
        return None
    # An unmarked "X says:" may be a sentence in a comment ("my doctor says:"): an item only when it
    # stands left of the current comment's text, carries a date, or a date line follows it.
    if found[2] is not None or _left_of_current_text(line, items) or _next_is_date(lines, position):
        return found
    above = _date_above(lines, position)
    own_date = next((body for body in items[-1].body if not body.blank), None)
    if above is not None and above is not own_date:
        return found  # the theme prints the date above the name (not the date of the comment above)
    return None


def _quoted_in_marked_copy(lines: list[PageLine], position: int, items: list[_Item]) -> bool:
    """An unmarked "X says:" at the current comment's text indentation with the lines under it level with
    it, in a copy whose items carry list numbers or bullets and indent their text under them: a byline the
    commenter quoted (from this page or another), not a comment. A reply whose bullet was lost indents its
    own date and text under its name."""
    current, line = items[-1], lines[position]
    if current.marker == "none" or items[0].marker == "none":
        return False
    body_indent = next((body.indent for body in current.body if not body.blank), None)
    if body_indent is None or body_indent <= current.line.indent or line.indent != body_indent:
        return False
    below = next((later for later in lines[position + 1 : position + 1 + _BYLINE_SPAN] if not later.blank), None)
    return below is not None and below.indent == line.indent


def _date_above(lines: list[PageLine], position: int) -> PageLine | None:
    """The date line standing right above a byline (themes that print the permalink date first)."""
    previous = _previous_non_blank(lines, position)
    return previous if previous is not None and _is_date_line(previous.content) else None


def _take_date_above(lines: list[PageLine], position: int, items: list[_Item]) -> str | None:
    """The date above a "NAME says:" line, taken out of the comment above it (whose body it ended)."""
    above = _date_above(lines, position)  # cheap first: above a byline usually stands "Reply"
    if above is None or _next_is_date(lines, position):
        return None
    if items:
        body = items[-1].body
        while body and body[-1].blank:
            body.pop()
        if body and body[-1] is above:
            body.pop()
    return above.content


def _left_of_current_text(line: PageLine, items: list[_Item]) -> bool:
    if not items:
        return False
    body_indent = next((body.indent for body in items[-1].body if not body.blank), None)
    return body_indent is not None and line.indent < body_indent


def _header_position(lines: list[PageLine], first_item: int) -> int:
    """The "44 replies" line just above the first item, or the first item itself when there is none."""
    seen = 0
    for position in range(first_item - 1, -1, -1):
        if lines[position].blank:
            continue
        if _count_header(lines[position].content) is not None:
            return position
        if is_tab(lines[position].content):
            continue  # wpDiscuz's tabs between its count header and the list
        seen += 1
        if seen >= 3:
            break
    return first_item


def _raw_comments(items: list[_Item], thread: Thread, zone: tzinfo, day_first: bool) -> list[RawComment]:
    depths = _depths(items, thread)
    bodies = [_body(item, zone, day_first) for item in items]  # also reads each byline's "Reply to  NAME"
    raw_comments = []
    open_chain: list[str] = []  # refs from the current top-level comment down to the last comment
    chain_of: dict[str, list[str]] = {}  # each comment's open chain (itself last), for "Reply to"
    named = NamedParents()
    unplaced = 0
    for item, shown_depth, (posted_at, text, pending) in zip(items, depths, bodies, strict=True):
        depth = min(shown_depth, len(open_chain) + 1)
        if depth < shown_depth:
            thread.warnings.append(
                f"the comment at line {item.line.number + 1} is indented deeper than the comment above it; "
                "nesting was guessed: it was placed one level below that comment"
            )
        del open_chain[depth - 1 :]
        if item.reply_to is not None and shown_depth == 1:
            # No indentation says where it goes: the byline's "Reply to  NAME" does (the nearest comment by
            # that name on the branch above, see named_parents).
            parent = named.find(item.reply_to)
            unplaced += parent is None
            open_chain = list(chain_of[parent]) if parent is not None else []
        ref = f"line-{item.line.number + 1}"
        raw_comments.append(
            RawComment(
                ref=ref,
                parent_ref=open_chain[-1] if open_chain else None,
                author=item.author or "Anonymous",
                text=text,
                own_id=False,
                posted_at=posted_at,
                status="pending" if pending else "visible",
            )
        )
        named.add(ref, item.author, open_chain[-1] if open_chain else None)
        open_chain.append(ref)
        chain_of[ref] = list(open_chain)
    if unplaced:
        thread.warnings.append(
            f"{counted(unplaced, 'reply', 'replies')} {noun_for(unplaced, 'names', 'name')} a parent not shown in "
            f"the copy ('Reply to NAME'): {noun_for(unplaced, 'it is', 'they are')} read as top level"
        )
    if _flat(items):
        thread.warnings.append(NESTING_UNKNOWN)
    folded = _folded_replies(items, raw_comments)
    if folded:
        thread.mark_unread(
            f"'View replies' toggles under {counted(folded, 'comment')} hide replies that are not in this dump"
        )
    return raw_comments


def _flat(items: list[_Item]) -> bool:
    """Whether the copy shows nothing of its nesting: no list markers, no indentation, no "Reply to"."""
    return (
        len(items) > 1
        and all(item.marker == "none" and item.reply_to is None for item in items)
        and len({item.line.indent for item in items}) == 1
    )


def _is_toggle_of(item: _Item, content: str) -> bool:
    """Whether a line under a comment is wpDiscuz's replies toggle (noted on the item when it shows a count)."""
    count = replies_toggle(content)
    item.folded_replies = item.folded_replies or bool(count)
    return count is not None


def _folded_replies(items: list[_Item], raw_comments: list[RawComment]) -> int:
    """Comments ending in wpDiscuz's "View replies (2)" with no reply of theirs after them: a collapsed
    thread copies without its replies."""
    folded = 0
    for position, item in enumerate(items):
        if not item.folded_replies:
            continue
        following = raw_comments[position + 1] if position + 1 < len(raw_comments) else None
        folded += following is None or following.parent_ref != raw_comments[position].ref
    return folded


def _depths(items: list[_Item], thread: Thread) -> list[int]:
    """Each item's level from its marker and indentation; a guess, with a warning, where both fail."""
    numbered = [item.line.indent for item in items if item.marker == "number"]
    if not numbered:
        # No numbered threads: the shallowest item marks the top level, deeper ones nest by indent.
        base = min((item.line.indent for item in items), default=0)
        level = _levels(items, base, thread)
        return [1 + level(item.line.indent) for item in items]
    base = min(numbered)
    level = _levels(items, base, thread)
    depths = []
    guessed = False
    seen_top = False
    for item in items:
        if item.marker == "number":
            depths.append(1)
            seen_top = True
        elif item.line.indent > base:
            levels_below_top = level(item.line.indent)
            depths.append(1 + (max(1, levels_below_top) if item.marker == "bullet" else levels_below_top))
        elif item.marker == "bullet" and seen_top:
            depths.append(2)
            guessed = True
        else:
            depths.append(1)
            guessed = guessed or item.marker == "bullet"
    if guessed:
        thread.warnings.append(_GUESSED_NESTING)
    return depths


def _levels(items: list[_Item], base: int, thread: Thread):
    """Levels below the top from indentation: each distinct indentation deeper than `base` that items
    show is one level, in order. Copies indent levels unevenly (the first reply sits past the top's
    list number, deeper ones a bullet's width apart), so a fixed step misreads deep replies. A gap
    much wider than the others is said: the level was guessed."""
    indents = sorted({item.line.indent for item in items if item.line.indent > base})
    gaps = [deeper - shallower for shallower, deeper in zip([base, *indents], indents, strict=False)]
    if gaps and max(gaps) > _UNEVEN_GAP * min(gaps):
        jump = indents[gaps.index(max(gaps))]
        line = next(item.line.number + 1 for item in items if item.line.indent == jump)
        thread.warnings.append(
            f"the comment at line {line} is indented deeper than one level below the comment above it; "
            "nesting was guessed: it was placed one level below that comment"
        )

    def level(indent: int) -> int:
        return bisect.bisect_right(indents, indent) if indent > base else 0

    return level


_UNEVEN_GAP = 2  # an indentation gap over twice the narrowest is no copy's uneven list markers: a jump


def _body(item: _Item, zone: tzinfo, day_first: bool) -> tuple[datetime | None, str, bool]:
    """(posted_at, text, awaiting moderation): a leading date line is the time (past a "Post author"
    badge); "Reply" links, button rows and WordPress's "awaiting moderation" note are not text."""
    lines = [line.content for line in item.body]
    posted_at = None
    first = next((position for position, line in enumerate(lines) if line), None)
    extras = []
    following = first
    while following is not None and len(extras) < _MAX_BYLINE_EXTRAS and _is_byline_extra(lines[following]):
        extras.append(lines[following])
        following = next((position for position in range(following + 1, len(lines)) if lines[position]), None)
    if extras and following is not None and _is_date_line(lines[following]):  # byline: badge, then the date
        lines, first = lines[following:], 0
        item.reply_to = next((name for extra in extras if (name := reply_to(extra)) is not None), None)
    if item.shown_date is not None:
        posted_at = _shown_time(item.shown_date, zone, day_first)
    elif first is not None:
        posted_at = _shown_time(lines[first], zone, day_first)
        if posted_at is not None or is_relative_date(lines[first]):
            lines = lines[first + 1 :]  # a relative date ("2 days ago") is byline, but dates nothing
            after = next((position for position, line in enumerate(lines) if line), None)
            if item.reply_to is None and after is not None and (named := reply_to(lines[after])) is not None:
                item.reply_to, lines = named, lines[after + 1 :]  # wpDiscuz prints it under the date too
    notes = [line for line in lines if line and is_awaiting_note(line)]
    kept = [line for line in lines if line.casefold() not in _REPLY_LINES and not (notes and line in notes)]
    while kept and (not kept[0] or is_button_row(kept[0])):
        kept.pop(0)  # buttons a theme prints in the byline, above the text
    last = next((line for line in reversed(lines) if line and replies_toggle(line) is None), "")
    buttons_seen = last.casefold() in _REPLY_LINES  # a "Reply" link left out above: a count over it is a vote
    while kept and (
        not kept[-1]
        or is_button_row(kept[-1])
        or _is_toggle_of(item, kept[-1])
        or (buttons_seen and _VOTE_COUNT.fullmatch(kept[-1]))
    ):
        # The buttons under a comment: "Reply", "Like", Jetpack's "Liked by 2 people", translated; and
        # the vote count standing just above them ("3", "+2").
        buttons_seen = buttons_seen or bool(kept[-1])
        kept.pop()
    if item.ping is not None:
        kept.insert(0, item.ping)
    return posted_at, join_body(kept), bool(notes)
