"""A Disqus comment section copied as plain text (the embed selected in a browser and pasted).

The copy keeps only lines: per comment a byline (the name, "•", a relative age such as "7 years ago",
on one line or three; a reply's name is followed by "→ Parent"), the text, then the button row
("△ ▽ • Reply • Share ›", "− ⚑", a vote count). Around them sits the embed's chrome ("N Comments",
"Sort by Best", "Login", "Avatar", "Load more comments"). Chrome and buttons are never comment text.

Depth comes from what the copy shows: "→ Parent" names the parent (the latest earlier comment by that
name); failing that, indentation when the copy kept it. A copy with neither shows no nesting: every
comment is read as top level and the thread says its nesting is unknown. Relative ages date nothing
(the copy does not say when it was made), so such comments carry no posted_at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.parsing.cut_off_texts import trim_cut_offs
from moderation.parsing.named_parents import NamedParents
from moderation.parsing.page_text import (
    PageLine,
    article_parts,
    is_relative_date,
    join_body,
    page_lines,
    parse_shown_time,
)
from moderation.parsing.page_text import (
    declared_count as english_count_header,
)
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.unread_signs import header_count
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "disqus-text"
DESCRIPTION = "a Disqus comment section copied as plain text ('Name • 7 years ago' bylines, '△ ▽ • Reply • Share ›')"

_MAX_NAME = 80  # Disqus display names are at most 30 characters; the margin takes "Name → Other Name"
_ARROW = r"\s*[→➔➝]\s*"
# "Name • 7 years ago", "Name → Parent • 7 years ago", with Disqus's optional "edited" after the age.
_BYLINE = re.compile(rf"(?P<name>[^•]{{1,{_MAX_NAME}}}?)\s*•\s*(?P<age>[^•]{{1,80}}?)(?:\s*•?\s*edited)?")
_NAME_TO_PARENT = re.compile(rf"(?P<name>.{{1,{_MAX_NAME}}}?){_ARROW}(?P<parent>.{{1,{_MAX_NAME}}})")
_BADGE = re.compile(r"\s+(?:Mod|Moderator|Admin)$")
_EDITED = re.compile(r"\s*•?\s*edited$", re.IGNORECASE)
# Button rows: every token is a button word, a vote arrow or a count ("2 △ ▽ • Reply • Share ›", "− ⚑").
_BUTTON_TOKENS = frozenset(
    "△ ▽ ▲ ▼ • · › − - + ⚑ ⋯ … | reply share edit flag like upvote downvote report see more collapse expand".split()  # noqa: SIM905
    # The same buttons in the embed's de, fr, es, it, pt and nl translations.
    + "antworten teilen melden répondre partager signaler responder compartir reportar".split()  # noqa: SIM905
    + "rispondi condividi segnala compartilhar denunciar beantwoorden delen".split()  # noqa: SIM905
    + "odpowiedz udostępnij zgłoś svara dela rapportera anmäl".split()  # noqa: SIM905  (pl, sv)
)
_CHROME = re.compile(
    r"avatar|sort by (?:best|newest|oldest|top)|best|newest|oldest|\d*\s*recommend(?:ed)?\s*\d*"
    r"|comments|community|login|log in|share|tweet|subscribe|join the discussion\W*|start the discussion\W*"
    r"|(?:disqus[' ]*s?\s*)?privacy(?: policy)?|do not sell my data|add disqus to your site.*|powered by disqus"
    r"|log in with|or sign up with disqus\W*|name|email|password|what'?s disqus\??|favorite this discussion"
    r"|\d+\s+(?:people )?(?:online|following)|also on .{1,80}"
    # The embed's chrome in its de, fr, es, it, pl and sv translations.
    r"|anmelden|(?:beste|neueste|älteste) zuerst|diskussion beitreten\W*"
    r"|se connecter|meilleurs|rejoindre la discussion\W*"
    r"|iniciar sesión|mejores|únete a la discusión\W*|accedi|migliori|partecipa alla discussione\W*"
    r"|zaloguj się|najlepsze|najnowsze|najstarsze|dołącz do dyskusji\W*"
    r"|logga in|bästa|nyaste|äldsta|gå med i diskussionen\W*",
    re.IGNORECASE,
)
# Stops that leave comments unread: the end of the loaded batch, or a folded reply branch.
_LOAD_MORE = re.compile(
    r"(?:load more comments|mehr kommentare laden|charger plus de commentaires|cargar más comentarios"
    r"|carica altri commenti|carregar mais comentários|meer reacties laden"
    r"|wczytaj więcej komentarzy|załaduj więcej komentarzy|ladda fler kommentarer|visa fler kommentarer)\W*",
    re.IGNORECASE,
)
_MORE_REPLIES = re.compile(
    r"(?:show|see|load)\s+(?:\d+\s+)?more\s+repl(?:y|ies)\W*|continue this thread\W*"
    r"|(?:\d+\s+)?weitere antworten anzeigen\W*|afficher plus de réponses\W*|mostrar más respuestas\W*"
    r"|pokaż więcej odpowiedzi\W*|visa fler svar\W*",
    re.IGNORECASE,
)
_DELETED = re.compile(r"this comment (?:was|has been) (?:deleted|removed)(?: by (?P<by>.{1,60}?))?\.?", re.IGNORECASE)
_SPAM = re.compile(r"this comment (?:was|has been) (?:marked as spam|flagged as spam)\.?", re.IGNORECASE)
# Lines only a Disqus embed prints: vote arrows and flags, "Avatar", its sort menu and sign-up prompt.
_DISQUS_ONLY = re.compile(
    r".*[△▽⚑].*|avatar|sort by (?:best|newest|oldest)|join the discussion\W*|(?:disqus[' ]*s?\s*)?privacy policy"
    r"|add disqus to your site.*|powered by disqus",
    re.IGNORECASE,
)
# The heading over the comments a moderator pinned above the list ("Featured Comment", de/fr/es/it/pt/nl/pl/sv).
_FEATURED = re.compile(
    r"featured comments?|hervorgehobene kommentare?|commentaires? (?:mis en avant|en vedette)|comentarios? destacados?"
    r"|commenti in evidenza|commento in evidenza|comentários? em destaque|uitgelichte reacties?|wyróżnione komentarze"
    r"|wyróżniony komentarz|utvalda kommentarer|utvald kommentar",
    re.IGNORECASE,
)
_FEATURED_INITIALS = frozenset("FfHhCcUuWw")  # the headings' first letters: most lines are spared the pattern
_SORT_MENU = re.compile(
    r"sort by (?:best|newest|oldest|top)|(?:beste|neueste|älteste) zuerst|meilleurs|mejores|migliori|najlepsze|bästa",
    re.IGNORECASE,
)
_PENDING = re.compile(r"this comment is awaiting moderation\.?(?:\s*show comment\.?)?", re.IGNORECASE)

_SNIFF_SURE = 65  # above wordpress-text/blogger-text (50-60): their bylines have no "•"/"→" and no "△ ▽" rows
_SNIFF_MIN_BYLINES = 2
_MAX_BYLINE_PIECES = 5  # "Name", "→", "Parent", "•", "age"
_MAX_BYLINE_SPAN = 10  # lines searched for them, blank lines between pieces included
_COUNT_LOOKBACK = 4  # lines above the chrome searched for "N Comments" (the forum's name sits between)
LOAD_MORE_UNREAD = "the copy ends at Disqus's 'Load more comments': later comments are not in this dump"
OPENS_WITH_REPLY_UNREAD = (
    "the copy opens with a reply to {parent}, whose comment is not in it: the selection began inside a thread, "
    "and the comments above it are not in this dump"
)
OPENS_INDENTED_UNREAD = (
    "the copy opens with an indented reply: the selection began inside a thread, "
    "and the comments above it are not in this dump"
)
MORE_REPLIES_UNREAD = "the copy shows Disqus's 'Show more replies': folded replies are not in this dump"
NESTING_UNKNOWN = (
    "nesting unknown: the copy shows no 'Name → Parent' and no indentation, so every comment is read as top level"
)
RELATIVE_AGES = "ages are shown only relative ('7 years ago'): those comments carry no date"


@dataclass(slots=True)
class _Comment:
    line: PageLine
    author: str
    parent_name: str | None
    age: str | None
    body: list[str] = field(default_factory=list)
    status: str = "visible"
    bullet: bool = True  # the byline showed Disqus's "•" (newer copies print name and age alone)
    featured: bool = False  # shown under the embed's "Featured Comment" heading, above the list


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or head[0] in "<{[":
        return 0
    lines = page_lines(source.head_text)
    comments, _ = _read_comments(lines, Thread(id="sniff"))
    marked = sum(1 for comment in comments if comment.author and comment.bullet)
    unmarked = sum(1 for comment in comments if comment.author and not comment.bullet)
    if marked >= _SNIFF_MIN_BYLINES or (marked and any(_is_button_row(line.content) for line in lines)):
        return _SNIFF_SURE
    if unmarked >= _SNIFF_MIN_BYLINES and any(_DISQUS_ONLY.fullmatch(line.content) for line in lines):
        return _SNIFF_SURE
    return 0


def parse(source, options) -> Iterator[Thread]:
    lines = page_lines(source.text())
    thread = Thread(id=page_thread_id(source))
    comments, start = _read_comments(lines, thread)
    if not comments:
        thread.title, thread.body = article_parts(lines)
        thread.warnings.append("no Disqus comments ('Name • 7 years ago' bylines) were found")
        yield thread
        return
    start = _section_start(lines, start, thread)
    thread.title, thread.body = article_parts(lines[: _above_featured_heading(lines, start)])
    raw_comments = _raw_comments(comments, thread, options.default_timezone)
    trim_cut_offs(raw_comments, thread)
    yield assemble_thread(thread, raw_comments)


def _read_comments(lines: list[PageLine], thread: Thread) -> tuple[list[_Comment], int]:
    comments: list[_Comment] = []
    first = len(lines)
    position = 0
    boundary = True  # the last line closed a comment (buttons, chrome): a bare "Name" over an age may start one
    bylines: set[tuple[str, str]] = set()  # (name, age) of the comments read so far
    featured = False  # under the "Featured Comment" heading, until the list's own chrome
    while position < len(lines):
        line = lines[position]
        if line.content[:1] in _FEATURED_INITIALS and _FEATURED.fullmatch(line.content):
            featured, boundary = True, True
            position += 1
            continue
        byline = _byline_at(lines, position)
        bullet = byline is not None
        if byline is None and boundary:
            byline = _bare_byline_at(lines, position)
        if byline is not None and not boundary and _quotes_earlier(byline, comments, bylines):
            # A comment quoting an earlier one whole, byline and all: its lines are this comment's text.
            comments[-1].body.extend(quoted.content for quoted in lines[position : position + byline[3]])
            position += byline[3]
            continue
        if byline is not None:
            name, parent, age, used = byline
            first = min(first, position)
            comments.append(
                _Comment(line=line, author=name, parent_name=parent, age=age, bullet=bullet, featured=featured)
            )
            bylines.add(_byline_key(name, age))
            position += used
            boundary = False
            continue
        if not line.blank:
            boundary = _is_chrome(line.content)
            featured = featured and not _opens_list(line.content)
        if _DELETED.fullmatch(line.content) or _SPAM.fullmatch(line.content):
            first = min(first, position)
            status = "spam" if _SPAM.fullmatch(line.content) else "deleted"
            comments.append(
                _Comment(line=line, author="", parent_name=None, age=None, body=[line.content], status=status)
            )
            boundary = True
        elif _LOAD_MORE.fullmatch(line.content):
            thread.mark_unread(LOAD_MORE_UNREAD)
        elif _MORE_REPLIES.fullmatch(line.content):
            thread.mark_unread(MORE_REPLIES_UNREAD)
        elif comments and not _is_chrome(line.content):
            if _PENDING.fullmatch(line.content):
                comments[-1].status = "pending"
                comments[-1].body = [line.content]  # the notice is what the copy shows
            elif comments[-1].status == "visible":
                comments[-1].body.append(line.content)
        position += 1
    return _without_featured_copies(comments), first


def _above_featured_heading(lines: list[PageLine], start: int) -> int:
    """Where the article ends: above the "Featured Comment" heading when the comments open with it."""
    heading = next((position for position in range(start - 1, -1, -1) if not lines[position].blank), None)
    return heading if heading is not None and _FEATURED.fullmatch(lines[heading].content) else start


def _opens_list(content: str) -> bool:
    """The list's own head under the featured comments: its count ("3 Comments") or its sort menu."""
    return declared_count(content) is not None or _SORT_MENU.fullmatch(content) is not None


def _without_featured_copies(comments: list[_Comment]) -> list[_Comment]:
    """The list without the comments Disqus pins above it as "Featured": each is also in its place below
    (same name, age and text), and read there once."""
    if not any(comment.featured for comment in comments):
        return comments
    listed = {_featured_key(comment) for comment in comments if not comment.featured}
    return [comment for comment in comments if not (comment.featured and _featured_key(comment) in listed)]


def _featured_key(comment: _Comment) -> tuple[str, str | None, str]:
    return comment.author, comment.age, join_body(comment.body)


def _note_partial_selection(comments: list[_Comment], raw: list[RawComment], thread: Thread) -> None:
    """A copy opening with a reply (its "→ Parent" not in the copy, or indented past later top-level
    comments) was selected from inside a thread: the comments above the selection are not in it."""
    first = comments[0]
    if first.parent_name and raw[0].parent_ref is None:
        thread.mark_unread(OPENS_WITH_REPLY_UNREAD.format(parent=first.parent_name))
    elif not first.parent_name and first.line.indent > min(comment.line.indent for comment in comments):
        thread.mark_unread(OPENS_INDENTED_UNREAD)


def _byline_key(name: str, age: str | None) -> tuple[str, str]:
    return name.casefold(), (age or "").casefold()


def _quotes_earlier(
    byline: tuple[str, str | None, str | None, int], comments: list[_Comment], bylines: set[tuple[str, str]]
) -> bool:
    """Whether a byline standing inside a comment (no button row or chrome closed the one above) repeats
    an earlier comment's name and age: the comment quotes that one whole. A double post comes after its
    twin's buttons, so it stays a comment."""
    name, _, age, _ = byline
    return bool(comments) and comments[-1].status == "visible" and _byline_key(name, age) in bylines


def _byline_at(lines: list[PageLine], position: int) -> tuple[str, str | None, str | None, int] | None:
    """(name, parent name, shown age, lines used) when a byline starts here, else None."""
    content = lines[position].content
    if not content or len(content) > 2 * _MAX_NAME:
        return None
    match = _BYLINE.fullmatch(content)
    if match and _is_age(match.group("age")):
        name, parent = _name_and_parent(match.group("name"))
        return (name, parent, _EDITED.sub("", match.group("age")), 1) if name else None
    if len(content) > _MAX_NAME or _is_chrome(content) or _is_button_row(content):
        return None
    # Older copies put each piece on its own line: "Name", ["→", "Parent"], "•", "7 years ago".
    following = [p for p in range(position + 1, min(len(lines), position + _MAX_BYLINE_SPAN)) if not lines[p].blank]
    if not following or lines[following[0]].content[:1] not in ("•", "→", "➔", "➝"):
        return None  # the name's own line is followed by the "•" or the reply arrow, never by text
    pieces = [content]
    for last in following[: _MAX_BYLINE_PIECES - 1]:
        pieces.append(lines[last].content)
        if len(pieces) < 3 or not any(piece.startswith("•") for piece in pieces[1:]):
            continue
        match = _BYLINE.fullmatch(" ".join(pieces))
        if match and _is_age(match.group("age")):
            name, parent = _name_and_parent(match.group("name"))
            return (name, parent, _EDITED.sub("", match.group("age")), last - position + 1) if name else None
    return None  # a name over a bare age is too like any short line over a date: Disqus prints the "•"


def _bare_byline_at(lines: list[PageLine], position: int) -> tuple[str, str | None, str | None, int] | None:
    """Newer copies: "Name" (or "Name → Parent", or "Name" over "→ Parent") over a relative age, no "•".

    Read only right after a button row or chrome, and only with a relative age: a WordPress block theme
    prints a name over an absolute date the same way.
    """
    content = lines[position].content
    if not content or len(content) > _MAX_NAME or _is_chrome(content) or _is_button_row(content):
        return None
    following = [p for p in range(position + 1, min(len(lines), position + _MAX_BYLINE_SPAN)) if not lines[p].blank][:3]
    shown = content
    for order, last in enumerate(following):
        piece = lines[last].content
        if is_relative_date(_EDITED.sub("", piece)):
            name, parent = _name_and_parent(shown)
            return (name, parent, _EDITED.sub("", piece), last - position + 1) if name else None
        if order > 1 or not (piece[:1] in "→➔➝" or (order == 1 and shown.endswith(("→", "➔", "➝")))):
            return None
        shown = f"{shown} {piece}"
    return None


def _name_and_parent(shown: str) -> tuple[str, str | None]:
    match = _NAME_TO_PARENT.fullmatch(shown.strip())
    if match:
        return _without_badge(match.group("name")), _without_badge(match.group("parent"))
    return _without_badge(shown), None


def _without_badge(name: str) -> str:
    """Disqus prints a moderator's badge after the name ("Kim Mod"); it is not part of the name."""
    return _BADGE.sub("", name.strip()) or name.strip()


def _is_age(text: str) -> bool:
    text = _EDITED.sub("", text.strip())
    return is_relative_date(text) or parse_shown_time(text, timezone.utc) is not None


def _is_button_row(content: str) -> bool:
    tokens = content.replace("•", " • ").split()
    return bool(tokens) and all(token.casefold() in _BUTTON_TOKENS or token.isdigit() for token in tokens)


def declared_count(content: str) -> int | None:
    """ "N Comments", as the embed prints it in English or another of its languages ("3 Kommentare")."""
    count = english_count_header(content)
    if count is None and content[:1].isdigit():  # the cheap first test: every line of the copy is asked
        count = header_count(content)
    return count


def _is_chrome(content: str) -> bool:
    return (
        _is_button_row(content)
        or (len(content) <= 120 and _CHROME.fullmatch(content) is not None)
        or declared_count(content) is not None
        or _MORE_REPLIES.fullmatch(content) is not None
        or _LOAD_MORE.fullmatch(content) is not None
    )


def _section_start(lines: list[PageLine], first: int, thread: Thread) -> int:
    """Walk up from the first comment over the embed's chrome; its "N Comments" line is the declared count."""
    start = first
    while start > 0 and (lines[start - 1].blank or _is_chrome(lines[start - 1].content)):
        start -= 1
        count = declared_count(lines[start].content)
        if count is not None and thread.declared_comment_count is None:
            thread.declared_comment_count = count
    if thread.declared_comment_count is None:
        above = [p for p in range(start - 1, -1, -1) if not lines[p].blank][:_COUNT_LOOKBACK]
        for position in above:
            count = declared_count(lines[position].content)
            if count is not None:
                thread.declared_comment_count = count
                return position
    return start


def _raw_comments(comments: list[_Comment], thread: Thread, zone: tzinfo) -> list[RawComment]:
    arrows = any(comment.parent_name for comment in comments)
    indents = {comment.line.indent for comment in comments}
    if not arrows and len(indents) < 2 and len(comments) > 1:
        thread.warnings.append(NESTING_UNKNOWN)
    raw: list[RawComment] = []
    stack: list[tuple[int, str]] = []  # (indent, ref) of the open branch, for copies that kept indentation
    named = NamedParents()
    ambiguous = 0
    unplaced = 0
    placeholders_unplaced = 0
    relative = False
    for comment in comments:
        ref = f"line-{comment.line.number + 1}"
        while stack and stack[-1][0] >= comment.line.indent:
            stack.pop()
        parent_ref = None
        if comment.parent_name:
            parent_ref = named.find(comment.parent_name)
            if parent_ref is None:
                unplaced += 1
            elif named.shared(comment.parent_name):
                ambiguous += 1  # "→ Guest" under several guests: the nearest above is the likeliest, not certain
        elif not arrows and stack:
            parent_ref = stack[-1][1]
        elif arrows and not comment.author:
            placeholders_unplaced += 1  # a removed comment's notice shows no "→ Parent"
        stack.append((comment.line.indent, ref))
        posted_at: datetime | None = None
        if comment.age is not None:
            posted_at = parse_shown_time(comment.age, zone)
            relative = relative or posted_at is None
        deleted_by = None
        if comment.status == "deleted":
            by = _DELETED.fullmatch(comment.body[0]).group("by") if comment.body else None
            deleted_by = None if by is None else ("author" if "author" in by.casefold() else "moderator")
        raw.append(
            RawComment(
                ref=ref,
                parent_ref=parent_ref,
                author=comment.author,
                text=join_body(comment.body),
                own_id=False,
                posted_at=posted_at,
                status=comment.status,
                deleted_by=deleted_by,
            )
        )
        named.add(ref, comment.author, parent_ref)
    _note_partial_selection(comments, raw, thread)
    if unplaced:
        thread.warnings.append(
            f"{counted(unplaced, 'reply', 'replies')} {noun_for(unplaced, 'names', 'name')} a parent not shown in "
            f"the copy ('→ Name'): {noun_for(unplaced, 'it is', 'they are')} read as top level"
        )
    if ambiguous:
        thread.warnings.append(
            f"{counted(ambiguous, 'reply', 'replies')} {noun_for(ambiguous, 'names', 'name')} a parent several "
            "earlier comments share ('→ Guest'): "
            "each is placed under the nearest of them on the branch above it"
        )
    if placeholders_unplaced:
        thread.warnings.append(
            f"{placeholders_unplaced} removed comments show no parent ('→ Name'): they are read as top level"
        )
    if relative:
        thread.warnings.append(RELATIVE_AGES)
    return raw
