"""One comment element of a saved page split into its parts: author, time, text, links, kind.

Themes and engines differ in class names but agree on the shape: a *metadata* part (the name in
`.fn`, `cite`, `.comment-author`, `.author`, `strong`; the time in `time[datetime]`, `abbr[title]`,
the permalink, `.comment-meta`, or bare text after the name) and a *content* part (`.comment-content`,
`.comment-text`, `.commenttext`, `.comment-body` minus its metadata). Button labels ("Reply",
"Antworten", "Report", "Like"), "says:" words and post-author badges belong to neither name nor text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from moderation.assemble import RawComment
from moderation.parsing.comment_subjects import is_subject
from moderation.parsing.html_text import classes, html_to_text, iso_time
from moderation.parsing.page_text import is_relative_date
from moderation.parsing.shown_dates import DateReader

# The content box, most specific first: a theme's .comment-content may still hold its meta line.
CONTENT_CLASSES = (
    "comment__text", "comment-text", "commenttext", "comment_text", "comment-texte", "epoch-comment-content",
    "comment-content", "comment_content", "comment-entry", "comment-body-text", "field--name-comment-body",
    "field-name-comment-body", "comment__content", "commentcontent", "comment-body",
)  # fmt: skip
# Class names are compared in lower case: older themes write them in camel case ("commentMeta", "commentContent").
# Elements naming the commenter, surest first (cite and strong are looked at inside the byline only).
AUTHOR_CLASSES = (
    "fn", "epoch-author-link", "comment-author-link", "comment-author-name", "author-name", "username",
    "comment__author", "user", "author", "comment-author", "comment-autor", "commentauthor",
)  # fmt: skip
TIME_CLASSES = (
    "comment-time", "comment__time", "comment-date", "commentmetadata", "comment__meta", "comment-metadata",
    "comment-meta", "comment_date", "commentdate", "comment-datetime", "comment_time", "comment-published",
    "submitted", "datetime", "date", "published", "comment-info", "comment_postinfo", "commentmeta", "meta",
    "wpd-comment-date",
)  # fmt: skip
# Parts of a comment that are not what the reader wrote.
NOT_TEXT_CLASSES = frozenset(
    [
        "comment-author", "vcard", "comment-meta", "commentmetadata", "comment-metadata", "reply", "says",
        "comment-awaiting-moderation", "children", "edit-link", "comment-edit-link", "comment-reply-link",
        "comment-reply-login", "comment-reply", "comment-edit", "comment-time", "comment-date", "comment-actions",
        "comment-footer", "epoch-comment-meta", "epoch-comment-actions", "comment-likes", "wpl-likebox",
        "pmcc-comments-report-link", "comment-report", "report-comment", "like-comment", "comment-like",
        "sharedaddy", "links", "comment-links", "submitted", "comment-permalink", "avatar", "comment-avatar",
        "forum-chapo", "comment-header", "button", "date", "datetime", "comment-info", "comment__meta",
        "comment__author", "comment__time", "likes", "comment_date", "commentdate", "comment-datetime",
        "comment_time", "comment_postinfo", "comment-published", "comment__title", "comment-title",
        "wpd-comment-date", "wpd-comment-footer", "wpd-comment-link", "wpd-user-nicename", "forum-repondre",
        "commentmeta", "commentlink",
    ]
)  # fmt: skip
# Words a button or link shows; never text, never a name (lower case, no punctuation).
BUTTON_LABELS = frozenset(
    [
        "reply", "report", "edit", "delete", "like", "likes", "liked", "unlike", "share", "permalink", "flag",
        "quote", "cancel reply", "reply to this comment", "report comment", "report this comment", "login to reply",
        "log in to reply", "antworten", "antwort", "melden", "bearbeiten", "löschen", "gefällt mir", "zitieren",
        "kommentar melden", "responder", "denunciar", "editar", "eliminar", "me gusta", "citar", "répondre",
        "signaler", "modifier", "supprimer", "j'aime", "citer", "rispondi", "segnala", "antwoorden", "svara",
        "beantwoorden", "répondre à ce message", "reply to this message", "auf diese nachricht antworten",
        "responder a este mensaje", "odpowiedz",
    ]
)  # fmt: skip
_LIKED_BY = re.compile(r"^(?:liked by \d+ (?:people|person|bloggers?)|\d+ likes?|gefällt \d+ \w+)$", re.IGNORECASE)
# "says:", "dijo:", ... after a name; badges a theme adds to the post author's name.
_SAYS = re.compile(
    r"\s*\b(?:says|said|sagt|schreibt|schrieb|meint|dijo|escribió|dice|dit|a dit|écrit|disse|scrive|zegt)\s*:?\s*$",
    re.IGNORECASE,
)
# WordPress's classic theme signs each comment "Comment by NAME — DATE" (and its translations); Joomla's K2 and
# others "posted by NAME".
_COMMENT_BY = re.compile(
    r"^\s*(?:(?:comment|kommentar|commentaire|comentario)\s+(?:by|von|par|de|por)|posted\s+by|geschrieben\s+von"
    r"|publié\s+par|publicado\s+por|scritto\s+da)\s+(?=\S)",
    re.IGNORECASE,
)
# Drupal's mark after the name of a commenter without an account, as its translations print it.
_NOT_VERIFIED = re.compile(
    r"\s*\((?:not verified|nicht überprüft|non vérifié|no verificado|não verificado|non verificato|未验证)\)\s*$",
    re.IGNORECASE,
)
# A badge a theme prints in its own element beside the post author's name.
_BADGE = re.compile(r"^\s*(?:post author|autor(?:in)?|author|auteur|blog author|admin|moderator)\s*$", re.IGNORECASE)
# "Pingback von X", "Pingback: X", "Trackback from X": only with a name after it ("Pingback" alone is a name).
_PING_PREFIX = re.compile(r"^\s*(pingback|trackback)(?:\s*:|\s+(?:von|from|de|by)\b|\s)\s*(?=\S)", re.IGNORECASE)
# Separators a byline puts between name, date and buttons: only where spaced off ("Ben -", "· Jo").
_NAME_EDGES = re.compile(r"^[·|•\-–—/:,]+\s+|\s+[·|•\-–—/:,]+$|^\s+|\s+$")
_SEPARATORS = re.compile(r"^[\s·|•\-–—/:,]+|[\s·|•\-–—/:,]+$")


@dataclass(slots=True)
class CommentParts:
    author: str | None
    posted_at: datetime | None
    text: str
    links: tuple[str, ...]
    kind: str
    awaiting_moderation: bool = False
    # The byline shows only an age ("3 hours ago", "vor 2 Stunden"): the comment has a date, just not one to read.
    aged: bool = False


def is_button_label(text: str) -> bool:
    words = " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())
    return words in BUTTON_LABELS or bool(_LIKED_BY.match(text.strip()))


# What stands between buttons in a row ("Like · Reply · Report", "Reply | Report").
_BUTTON_ROW_SEPARATORS = re.compile(r"\s*[·|•/]\s*|\s{2,}")
_MAX_BUTTON_ROW = 60  # a row of a few labels, never a sentence
_BUTTON_ROW_CACHE = 256  # a page repeats its few button rows thousands of times ("Reply" under each comment)


@functools.lru_cache(maxsize=_BUTTON_ROW_CACHE)
def is_button_row(text: str) -> bool:
    """A comment's button labels on one line, alone or in a row: "Reply", "Like · Reply · Report"."""
    if is_button_label(text):
        return True
    if len(text) > _MAX_BUTTON_ROW:
        return False
    pieces = [piece for piece in _BUTTON_ROW_SEPARATORS.split(text.strip()) if piece]
    return len(pieces) >= 2 and all(is_button_label(piece) for piece in pieces)


def is_awaiting_note(text: str) -> bool:
    """WordPress's "Your comment is awaiting moderation." (and its translations) as a line of text."""
    if not _NOTE_START.match(text):
        return False  # the note opens with "Your"/"Dein"/"Votre"/"Tu"...: a cheap first test
    text = " ".join(text.split())
    return len(text) <= _MAX_NOTE and bool(_AWAITING_NOTE.match(text))


def is_badge(text: str) -> bool:
    """A theme's badge beside the post author's name ("Post author", "Autor"), on its own."""
    return bool(_BADGE.match(text))


def raw_comment(
    parts: CommentParts, ref: str, parent_ref: str | None, own_id: bool, author: str | None = None
) -> RawComment:
    """The comment the assembler places, from a page comment's parts (engines without their own
    identity keys or statuses: SPIP, Drupal, the generic detector)."""
    return RawComment(
        ref=ref,
        parent_ref=parent_ref,
        author=parts.author or author or "Anonymous",
        text=parts.text,
        own_id=own_id,
        posted_at=parts.posted_at,
        kind=parts.kind,
        links=parts.links,
    )


def clean_author(name: str | None) -> tuple[str | None, str]:
    """A byline's name without "says:" or a "Pingback von" prefix; and the kind that prefix gives."""
    if not name:
        return None, "comment"
    name = " ".join(name.split())
    kind = "comment"
    ping = _PING_PREFIX.match(name)
    if ping:
        kind = ping.group(1).lower()
        name = name[ping.end() :]
    name = _COMMENT_BY.sub("", _NOT_VERIFIED.sub("", name))
    shown = name
    given = _SAYS.sub("", name).strip()
    previous = None
    while previous != name:
        previous = name
        name = _NAME_EDGES.sub("", _SAYS.sub("", name))
    # A name that is all punctuation ("-") is still a name; so is one that is only a byline word
    # ("Says"), unless the theme's colon shows it is the label alone ("says:").
    kept = shown if not shown.endswith(":") else None
    return (name or given or kept or None), kind


def _first(own: list, names: tuple[str, ...]) -> list:
    """Own elements carrying the first of `names` that any carries (one pass over the elements)."""
    wanted = {name: rank for rank, name in enumerate(names)}
    best_rank, found = len(names), []
    for element in own:
        value = element.get("class")
        if not value:
            continue
        rank = min((wanted[name] for name in value.lower().split() if name in wanted), default=len(names))
        if rank < best_rank:
            best_rank, found = rank, [element]
        elif rank == best_rank and rank < len(names):
            found.append(element)
    return found


# Class-name parts that mark a content box or a name in layouts we have no list for (the generic detector).
# The words are English and those of the blogs we read (de, fr, es, it, pt, nl), as custom themes name classes.
_CONTENT_WORDS = re.compile(
    r"(?:body|text|content|message|inhalt|texte|contenu|texto|contenido|cuerpo|testo|contenuto|corpo|conteudo|tekst"
    r"|inhoud)$"
)
_NAME_WORDS = re.compile(r"author|autor|auteur|name|nombre|nome|naam|pseudo|user|usuario|utente|nutzer|verfasser|nick")
# A custom layout's byline box ("kommentar-kopf", "comment-header"), or one under the text ("comment-footer":
# Typepad's "Posted by: NAME | DATE"): its first strong/b/link is the name.
_BYLINE_BOX_WORDS = re.compile(
    r"(?:head|header|kopf|cabecera|entete|en-tete|intestazione|cabecalho|kop|byline|footer)$"
)


def find_content(own: list, item):
    """The element holding what the reader wrote (the comment element itself when no box is marked)."""
    found = _first(own, CONTENT_CLASSES)
    if not found:
        # A box, never an inline badge ("ast-highlight-text" beside the name): Astra's section.ast-comment-content.
        found = [
            element
            for element in own
            if element.tag not in _INLINE_TAGS and any(_CONTENT_WORDS.search(name.lower()) for name in classes(element))
        ]
    return found[0] if found else item


_INLINE_TAGS = frozenset(("span", "a", "b", "i", "em", "strong", "small", "cite", "time", "abbr", "img", "label"))


def _name_in(box, marked_only: bool = False) -> tuple[object | None, str | None]:
    """(element, name) in a byline box: its .fn, cite, strong, b or first link, else its first loose words.

    `marked_only` reads only a marked element (a guessed box's loose words may be anything).
    """
    for path in (".//*[contains(concat(' ', @class, ' '), ' fn ')]", ".//cite", ".//strong", ".//b", ".//a"):
        for element in box.xpath(path):
            text = html_to_text(element, skip=_is_chrome)
            if text and not is_button_label(text) and not _looks_like_date(text):
                return element, text
    if marked_only:
        return None, None
    for piece in box.itertext():
        piece = _BYLINE_SPLIT.split(" ".join(piece.split()))[0]
        if piece and not is_button_label(piece) and not _looks_like_date(piece) and _SEPARATORS.sub("", piece):
            return None, piece
    return None, None


# Where a one-line byline goes from the name to the date: "Jan Dark — 18.07, 2011 @", "Ben | 3 May".
_BYLINE_SPLIT = re.compile(r"\s+[—–|·•]\s+|\s+-\s+(?=\d)")


def _read_name(element) -> tuple[object, str | None, str]:
    """(the element holding the name, the cleaned name, the kind its "Pingback von" prefix gives)."""
    whole = html_to_text(element, skip=_is_chrome)
    inner, raw = _name_in(element) if len(element) else (None, whole)
    name, kind = clean_author(raw)
    ping = _PING_PREFIX.match(whole or "")
    if ping:
        kind = ping.group(1).lower()
    return (inner if inner is not None else element), name, kind


def _looks_like_date(text: str) -> bool:
    return bool(re.search(r"\d{4}|\d{1,2}[.:/]\d{2}", text))


def _is_chrome(element) -> bool:
    """Badges and buttons inside a byline ("Autor" spans, reply links)."""
    names = classes(element)
    if any("badge" in name or "reply" in name or "edit" in name for name in names) or element.tag == "img":
        return True
    return element.tag in ("span", "small", "em", "i", "b") and bool(_BADGE.match(element.text_content()))


def find_author(own: list, content, item) -> tuple[object | None, object | None, str | None, str]:
    """(the byline element, the element holding just the name, the cleaned name, the kind)."""
    inside = set(content.iter()) if content is not item else set()
    outside = [element for element in own if element not in inside]
    for candidates in (
        _first(own, AUTHOR_CLASSES[:1]),
        _first(outside, AUTHOR_CLASSES[1:]),
        _first(own, AUTHOR_CLASSES[1:]),
    ):
        for element in candidates:
            if element in inside and element.tag not in ("cite", "span", "strong"):
                continue
            name_element, name, kind = _read_name(element)
            if name:
                return element, name_element, name, kind
    named = [
        element
        for element in outside
        if element.tag not in ("img", "time", "abbr")
        and any(_NAME_WORDS.search(name.lower()) for name in classes(element))
    ]
    # schema.org microdata names the commenter without a class: itemprop="author" (Genesis, Discourse's crawler view).
    marked = [
        element for element in outside if element.get("itemprop") == "author" and element.tag not in ("img", "meta")
    ]
    for element in named + marked + [element for element in own if element.tag == "cite"]:
        name_element, name, kind = _read_name(element)
        if name:
            return element, name_element, name, kind
    for element in outside:
        if len(element) and any(_BYLINE_BOX_WORDS.search(name.lower()) for name in classes(element)):
            inner, name = _name_in(element, marked_only=True)
            if name:
                name, kind = clean_author(name)
                return element, inner, name, kind
    # A byline of words only, under or over the text ("Posted by NAME on DATE", ExpressionEngine and older engines).
    for element in outside:
        text = " ".join(element.text_content().split())
        signed = _SIGNED_BYLINE.match(text) if len(text) <= _MAX_SIGNED_BYLINE else None
        if signed and element.tag not in ("a", "img", "time", "abbr"):
            name, kind = clean_author(signed.group("name"))
            if name:
                return element, None, name, kind
    return None, None, None, "comment"


# "Posted by NAME on DATE", "Submitted by NAME | DATE", "Geschrieben von NAME am DATE": NAME ends at the word or
# separator before the date.
_SIGNED_BYLINE = re.compile(
    r"^\W*(?:posted|submitted|written|geschrieben|verfasst|publié|écrit|publicado|escrito|scritto|pubblicato)"
    r"\s+(?:by|von|par|por|da)\s+(?P<name>.+?)(?:\s+(?:on|at|am|um|le|el|il|em)\s+|\s*[|—–·,]\s*)\S",
    re.IGNORECASE,
)
_MAX_SIGNED_BYLINE = 120  # a byline, never a paragraph that happens to start "Posted by"


def find_time(
    item, own: list, content, dates: DateReader, author_element=None, byline_box=None
) -> tuple[datetime | None, str | None, object | None]:
    """(the time, the loose text it came from when it sits bare beside the name, the element it came from).

    Machine-readable times win over shown text.
    """
    for element in own:
        if element.tag == "time":
            stamp = iso_time(element.get("datetime"), dates.zone)
            if stamp is not None:
                return _with_shown_clock(stamp, element, dates), None, element
        elif element.tag == "abbr" and element.get("title"):
            stamp = iso_time(element.get("title"), dates.zone)
            if stamp is not None:
                return _with_shown_clock(stamp, element, dates), None, element
        elif element.get("content") and _is_machine_time(element):
            stamp = iso_time(element.get("content"), dates.zone)
            if stamp is not None:
                return stamp, None, element
    shown = [element for element in own if element.tag in ("time", "abbr")]
    shown += _first(own, TIME_CLASSES)
    shown += [element for element in own if element.tag == "a" and "#comment" in (element.get("href") or "")]
    # A relative date ("3 years ago") in a box of its own whose title holds the full one (Commento's
    # .commento-timeago, Disqus's .time-ago), under a class name no list above has.
    shown += [
        element
        for element in own
        if element.get("title") and element not in shown and any(_TIME_WORDS.search(name) for name in classes(element))
    ]

    def not_date(element) -> bool:
        return element is author_element or _is_chrome(element)

    for element in shown:
        # A relative shown date ("vor 2 Stunden", "3 hours ago") often carries the full one in its title.
        for text in (html_to_text(element, skip=not_date), element.get("title") or ""):
            for piece in date_pieces(text):
                stamp = dates.read(piece)
                if stamp is not None:
                    return stamp, None, element  # an element of its own, left out of the text whole
    # A one-element byline that holds the date after the name ("Comment by Jan — 18.07, 2011 @ 10:44").
    if byline_box is not None and byline_box is not content and byline_box is not item:
        for piece in date_pieces(html_to_text(byline_box, skip=_is_chrome)):
            stamp = dates.read(piece)
            if stamp is not None:
                return stamp, None, None
    # Bare text beside the name ("<strong>Ben</strong> 19. Juni 2018 um 15:28 Uhr"), never inside a paragraph.
    for element in own:
        if element.tag in _PROSE_TAGS or any(ancestor.tag in _PROSE_TAGS for ancestor in _up_to(element, item)):
            continue
        for piece in (element.text, element.tail):
            for part in date_pieces(piece or ""):
                stamp = dates.read(part)
                if stamp is not None:
                    return stamp, part, None
    return None, None, None


_PROSE_TAGS = frozenset(("p", "blockquote", "pre", "q", "li", "ul", "ol"))
_TIME_WORDS = re.compile(r"time|date|ago", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def _with_shown_clock(stamp: datetime, element, dates: DateReader) -> datetime:
    """A date-only datetime="2020-12-24" keeps the clock time its text shows ("December 24, 2020 at 3:53 am")."""
    machine = element.get("datetime") if element.tag == "time" else element.get("title")
    if not _DATE_ONLY.match(machine or ""):
        return stamp
    for piece in date_pieces(html_to_text(element).rstrip(":")):
        shown = dates.read(piece)
        if shown is not None and shown.date() == stamp.date():
            return shown
    return stamp


# RDFa and microdata spell a comment's time in a content attribute (Drupal 7: property="dc:date dc:created"
# datatype="xsd:dateTime"); the shown text beside it may be an ambiguous "06/01/2019".
_MACHINE_TIME_PROPERTIES = re.compile(r"\b(?:dc:date|dc:created|dateCreated|datePublished|commentTime)\b")


def _is_machine_time(element) -> bool:
    if "dateTime" in (element.get("datatype") or ""):
        return True
    return bool(_MACHINE_TIME_PROPERTIES.search(f"{element.get('property') or ''} {element.get('itemprop') or ''}"))


def _up_to(element, stop):
    """Ancestors of `element` below `stop` (all of them when `stop` is not one)."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return
        yield ancestor


def date_pieces(text: str) -> list[str]:
    """The text whole, what follows "on"/"am"/"le" in it, then its pieces between byline separators."""
    text = " ".join(text.split())
    if not text or not re.search(r"\d", text):
        return []
    pieces = [text]
    after_word = re.split(r"(?:^|\s)(?:on|am|le|el)\s", text, maxsplit=1, flags=re.IGNORECASE)
    if len(after_word) == 2:
        pieces.append(after_word[1])
    # "2 juin 2021, 18:05, par Odette": the date before the name it is signed with.
    before_name = re.split(r",?\s+(?:par|by|von|por)(?:\s|$)", text, maxsplit=1, flags=re.IGNORECASE)[0]
    if before_name != text and re.search(r"\d", before_name):
        pieces.append(before_name.strip(" ,"))
    # An em dash always separates ("Jan — 18.07, 2011"); a hyphen or en dash before a digit may be "2019 - 18:40".
    for part in re.split(r"\s+[·|•]\s+|\s*\|\s*|\s+—\s+|\s+[–-]\s+(?=\D)", text):
        part = part.strip()
        if part and part not in pieces and re.search(r"\d", part):
            pieces.append(part)
    return pieces


def read_parts(item, own: list, item_set: set, dates: DateReader) -> CommentParts:
    """Author, time, text, links and kind of one comment element, `own` being its elements outside nested comments."""
    content = find_content(own, item)
    author_element, name_element, author, kind = find_author(own, content, item)
    byline = {author_element, name_element} - {None}
    if author_element is not None:
        byline.update(a for a in author_element.iterancestors() if a.tag == "cite" and a is not content)
    posted_at, shown, time_element = find_time(item, own, content, dates, name_element, author_element)
    if time_element is not None and time_element is not content and time_element is not item:
        byline.add(time_element)
    age_element = _age_element(own, content) if posted_at is None else None
    if age_element is not None:
        byline.add(age_element)
    item_classes = classes(item)
    if "pingback" in item_classes:
        kind = "pingback"
    elif "trackback" in item_classes:
        kind = "trackback"
    ping_links: tuple[str, ...] = ()
    if kind != "comment":
        author, ping_links = _ping_source(own, author)
    skipped: set = set()
    notes = _moderation_notes(own, content)

    def not_text(element) -> bool:
        if (
            element in item_set
            or element in notes
            or element in byline
            or element.tag in ("time", "footer")
            or (element.tag == "abbr" and element.get("title"))
            or is_subject(element)
            or any(name.lower() in NOT_TEXT_CLASSES for name in classes(element))
            or (element.tag in _BUTTON_TAGS and _is_button(element))
        ):
            skipped.add(element)
            return True
        return False

    text = html_to_text(content, skip=not_text)
    text = _strip_loose_date(text, shown)
    if content is item:
        # With no content box the byline's glue ("|", "·") is loose text before the words.
        first, _, rest = text.partition("\n")
        if rest.strip() and not _SEPARATORS.sub("", first):
            text = rest.strip()
    if kind == "comment" and _is_pingback_excerpt(text, name_element):
        kind = "pingback"
        author, ping_links = _ping_source(own, author)
    if kind != "comment":
        text = _PING_LINE.sub("", text, count=1).strip()
    links = tuple(dict.fromkeys(ping_links + _links(content, skipped)))
    return CommentParts(
        author=author,
        posted_at=posted_at,
        text=text,
        links=links,
        kind=kind,
        awaiting_moderation=bool(notes),
        aged=age_element is not None,
    )


_MAX_AGE_TEXT = 40  # "about 3 hours ago", "Today at 9:12 am": a byline's few words


def _age_element(own: list, content):
    """The byline element that shows only the comment's age ("vor 2 Stunden"), outside the text box, or None."""
    inside = set(content.iter())
    for element in own:
        if element in inside or element.tag not in _AGE_TAGS:
            continue
        text = " ".join(element.text_content().split())
        if text and len(text) <= _MAX_AGE_TEXT and is_relative_date(text):
            return element
    return None


_AGE_TAGS = frozenset(("a", "span", "time", "small", "abbr", "div", "p", "em"))


# WordPress's "awaiting moderation" note as core and themes print it, also without its
# comment-awaiting-moderation class (older themes put it in a bare <em>): the comment is pending.
_AWAITING_NOTE = re.compile(
    r"^\W*(?:your|dein|ihr|votre|tu|su)\s+(?:comment|kommentar|commentaire|comentario)\b[^.!]{0,60}?"
    r"(?:moderat|modérat|moderaci|freigegeben|freischaltung|freigeschaltet|aprobaci|approv|esperando|en\s+espera)",
    re.IGNORECASE,
)
_NOTE_START = re.compile(r"\W*(?:your|dein|ihr|votre|tu|su)\b", re.IGNORECASE)
_MAX_NOTE = 250  # the note is one or two sentences; a reader's paragraph quoting it is longer


def _moderation_notes(own: list, content) -> set:
    """The item's own "awaiting moderation" note elements (outside paragraphs the reader wrote)."""
    notes = set()
    for element in own:
        if element.tag not in ("em", "i", "p", "span", "div", "strong", "small"):
            continue
        if element is content or not _NOTE_START.match(element.text or ""):
            continue  # the note opens its element with "Your"/"Dein"/"Votre"/"Tu"...: a cheap first test
        if any(note in notes for note in element.iterancestors()):
            continue
        text = " ".join(element.text_content().split())
        if text and len(text) <= _MAX_NOTE and _AWAITING_NOTE.match(text):
            notes.add(element)
    return notes


# WordPress writes a pingback's text as "[…] excerpt […]" (pingback_ping): with the linking page's title as
# the linked name, a theme that gives pingbacks no class of their own still shows which comments are.
_PINGBACK_EXCERPT = re.compile(r"^\s*\[(?:…|\.\.\.)\].*\[(?:…|\.\.\.)\]\s*$", re.DOTALL)


def _is_pingback_excerpt(text: str, name_element) -> bool:
    """The whole text is WordPress's pingback excerpt and the name links to another page."""
    if name_element is None or not _PINGBACK_EXCERPT.match(text):
        return False
    linked = name_element if name_element.tag == "a" else next(name_element.iter("a"), None)
    return linked is not None and (linked.get("href") or "").startswith(("http://", "https://"))


_PING_LINE = re.compile(r"^\s*(?:pingback|trackback)\b[^\n]*(?:\n|$)", re.IGNORECASE)


def _ping_source(own: list, author: str | None) -> tuple[str | None, tuple[str, ...]]:
    """A pingback's "author" is the linking site (its link text); its address is kept among the links."""
    links = [element for element in own if element.tag == "a" and element.get("href")]
    named = [link for link in links if "url" in classes(link)] or [
        link
        for link in links
        if not any("edit" in name or "reply" in name for name in classes(link))
        and not (link.get("href") or "").startswith(("#", "javascript:"))
    ]
    if not named:
        return author, ()
    name = author or clean_author(html_to_text(named[0]))[0]
    return name, (named[0].get("href").strip(),)


# Where themes put their buttons; a paragraph saying only "Reply" is something a reader wrote.
_BUTTON_TAGS = frozenset(("a", "span", "button", "div", "li", "small"))


def _is_button(element) -> bool:
    text = element.text_content()
    return len(text) < 40 and bool(text.strip()) and is_button_label(text)


def _strip_loose_date(text: str, shown: str | None) -> str:
    """Drop the leading line that is only the loose date the time was read from (with separators or a label)."""
    if not shown:
        return text
    first, _, rest = text.partition("\n")
    remainder = _SEPARATORS.sub("", " ".join(first.split()).replace(shown, "", 1))
    if shown in " ".join(first.split()) and (not remainder or is_button_label(remainder)):
        return rest.strip()
    return text


def links_in(content) -> tuple[str, ...]:
    """Where the links in a comment's text element point."""
    return _links(content, set())


def _links(content, skipped: set) -> tuple[str, ...]:
    """Where the links in the comment's text point (reply buttons and bylines left out)."""
    found = []
    for link in content.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if link in skipped or any(ancestor in skipped for ancestor in _up_to(link, content)):
            continue
        if href not in found:
            found.append(href)
    return tuple(found)
