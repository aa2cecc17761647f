"""The comment count a page declares ("80 Comments", "91 Ergänzungen", "There are 13 comments", "One comment").

Read only from the places themes print it: the comment section's heading or title element, and
links to the #comments anchor. The whole text of such an element must be the count phrase, so a
number in a sentence of the article is never taken for one.
"""

from __future__ import annotations

import re

from moderation.parsing.html_text import html_to_text
from moderation.parsing.page_regions import outside_discussion

_NUMBER_WORDS = {
    "no": 0, "zero": 0, "keine": 0, "aucun": 0, "ningún": 0, "sin": 0,
    "one": 1, "ein": 1, "eine": 1, "einen": 1, "un": 1, "une": 1, "uno": 1, "una": 1,
    "two": 2, "zwei": 2, "deux": 2, "dos": 2, "three": 3, "drei": 3, "trois": 3, "tres": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# The words themes put after the number, in the languages we read (netzpolitik.org says "Ergänzungen").
_COUNT_NOUNS = (
    r"comments?|responses?|repl(?:y|ies)|thoughts?|reactions?|"
    r"(?:leser)?kommentare?|antwort(?:en)?|ergänzung(?:en)?|reaktion(?:en)?|meinung(?:en)?|gedanken?|"
    r"commentaires?|réponses?|réactions?|réflexions?|messages?|"
    r"comentarios?|respuestas?|opiniones?|comentários?"
)
_NUMBER = r"(?P<count>\d{1,3}(?:[,.\u00a0 ]\d{3})*|\d+|" + "|".join(_NUMBER_WORDS) + ")"
_LEAD = r"(?:there\s+(?:are|is)|this\s+(?:post|entry|article)\s+has|es\s+gibt|il\s+y\s+a|hay|bisher)?\s*"
_COUNT_PHRASE = re.compile(
    r"^\W*" + _LEAD + _NUMBER + r"\s+(?:" + _COUNT_NOUNS + r")\b"
    # what may follow: punctuation, or "to/on/zu/sur/a" and the post's title in quotes ("… on “Title”")
    r"(?:\W*|\s+(?:to|on|for|zu|auf|über|sur|à|en|a|para|de)\s+[\"“”„«‘’‚'].{0,300})$",
    re.IGNORECASE | re.DOTALL,
)
_BRACKETED = re.compile(r"^\W*(?:" + _COUNT_NOUNS + r")\s*[(\[](?P<count>\d{1,6})[)\]]\W*$", re.IGNORECASE)
_MAX_PHRASE = 400


def _class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Most trustworthy first: the section's own title, then headings, then "N comments" links in the byline.
_PLACES = (
    f"//*[{_class_test('comments-title')} or {_class_test('comment-title')} or {_class_test('comments-h')} "
    f"or {_class_test('wpd-thread-info')} or @id='comments-title' or @id='comments-count']",
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]",
    "//a[contains(@href, '#comments') or contains(@href, '#respond') or contains(@href, '#disqus_thread')"
    f" or {_class_test('comments-link')}]",
)


def count_in_text(text: str) -> int | None:
    """The number a count phrase declares, or None if `text` is not one."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_PHRASE:
        return None
    match = _COUNT_PHRASE.match(text) or _BRACKETED.match(text)
    if match is None:
        return None
    number = match.group("count").lower()
    if number in _NUMBER_WORDS:
        return _NUMBER_WORDS[number]
    return int(re.sub(r"\D", "", number))


def declared_count(document) -> int | None:
    """The count the page declares for its comments, or None where it declares none."""
    for place in _PLACES:
        for element in document.xpath(place):
            if outside_discussion(element):
                continue  # a teaser's or a widget's count is another page's
            count = count_in_text(html_to_text(element))
            if count is not None:
                return count
    return None
