"""A comment's subject line (SPIP's forum message title, Drupal's comment title) as part of its text.

The subject is written by the commenter and can carry the insult on its own ("You clown" above a civil
body), so it is classified and shown: it becomes the text's first line. Engines fill it in when the
writer leaves it empty, and that filler is no one's words, so it is left out: Drupal's default subject
is the body's first words again (cut at a word, sometimes with "…"), SPIP's form offers the article's
title, and a reply's form offers its parent's subject (often with "Re:").
"""

from __future__ import annotations

import re

# SPIP: `strong.forum-titre` (and the editable field's `forum-titre-N`) in the message's header.
_SPIP_SUBJECT_CLASS = re.compile(r"^forum-titre(?:-\d+)?$")
# Drupal 8+ themes that name the title (Olivero, Claro and their copies).
_DRUPAL_SUBJECT_CLASSES = frozenset(("comment__title", "comment-title"))
_HEADINGS = frozenset(("h2", "h3", "h4"))
# Drupal's permalink to a comment: /comment/N#comment-N, or #comment-N on the page.
_COMMENT_PERMALINK = re.compile(r"(?:/comment/\d+|#comment-\d+)\s*$")
# The reply prefixes forms put before a parent's subject ("Re:", "RE :", "Re[2]:", "AW:", "Rép.").
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|rép|rep)\s*(?:\[\d+\])?\s*[:.]\s*)+", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*$")
# Characters of the body past twice the subject's length that are still compared (spaces and punctuation the
# subject's copy lost).
_START_SLACK = 40


def subject_element(own: list):
    """The element holding a comment's subject among its own elements (None when it has none)."""
    return next((element for element in own if is_subject(element)), None)


def is_subject(element) -> bool:
    """SPIP's `forum-titre`, Drupal's titled subject class, or a heading that is Drupal's subject (RDFa
    dc:title / schema:name, or nothing but the comment's permalink)."""
    value = element.get("class")
    if value and ("titre" in value or "title" in value.lower()):  # a cheap first test: this runs per element
        names = value.lower().split()
        if _DRUPAL_SUBJECT_CLASSES.intersection(names) or any(_SPIP_SUBJECT_CLASS.match(name) for name in names):
            return True
    if element.tag not in _HEADINGS:
        return False
    rdf = element.get("property") or ""
    return "dc:title" in rdf or "schema:name" in rdf or _is_permalink_heading(element)


def _is_permalink_heading(heading) -> bool:
    """Drupal's bare `<h3><a href="/comment/N#comment-N">subject</a></h3>`: a heading that is only its permalink."""
    links = heading.xpath("./a[@href]")
    if len(links) != 1 or (heading.text or "").strip() or (links[0].tail or "").strip():
        return False
    return bool(_COMMENT_PERMALINK.search(links[0].get("href") or ""))


def subject_text(own: list) -> str | None:
    element = subject_element(own)
    if element is None:
        return None
    return " ".join(element.text_content().split()) or None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def is_filler(subject: str, text: str, offered: tuple[str | None, ...]) -> bool:
    """A subject the engine wrote: the body's first words again, or a title the form offered (the
    article's, the parent's subject), "Re:" aside."""
    own = _words(_REPLY_PREFIX.sub("", subject))
    if not own:
        return True
    start = text[: 2 * len(subject) + _START_SLACK]  # the body's first words are all it is compared with
    if _words(start).startswith(_words(_ELLIPSIS.sub("", subject))):
        return True
    return any(own == _words(_REPLY_PREFIX.sub("", given)) for given in offered if given)


def with_subject(subject: str | None, text: str, offered: tuple[str | None, ...] = ()) -> str:
    """The comment's text with its own subject as the first line; the text alone when the subject is filler."""
    if not subject or is_filler(subject, text, offered):
        return text
    return f"{subject}\n{text}" if text else subject
