"""Whom a flagged comment turns to in its own words: a participant it names, or the whole thread.

A reply is usually aimed at its parent, but not always. "@Maria you are ..." under Bob's comment, or
"Janet, you ...", turns to someone else; "you people" or "the lot of you" to everyone in the thread.
The report reads these before falling back on the reply's parent (`dynamics.insult_targets`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from moderation.classify.model import MAX_SCORED_CHARS
from moderation.classify.text_features import trie_alternation
from moderation.mentions import EarlierComments, named_comment
from moderation.thread import Comment

# Ways of speaking to everyone in a comment section at once. Our own list, written from ordinary
# English usage (not taken from any data set); "people like you", "you guys" and a bare "you all" are
# left out: each is said to one person or to the parent's side of an argument as often as to a thread.
_EVERYONE = ("everyone", "everybody", "every person", "every single person", "anyone", "anybody")
_HERE = ("here", "in here", "in this thread", "on this thread", "commenting")
# Said to a whole thread at once, wherever they stand.
GROUP_ADDRESSES = (
    "all of you",
    "each of you",
    "every one of you",
    "everyone of you",
    "every single one of you",
    "every last one of you",
    "the lot of you",
    "the whole lot of you",
    "the rest of you",
    "the commenters here",
    "the people commenting",
    "this comment section",
    "this comments section",
    "the comment section",
    "the comments section",
    *(f"{who} {where}" for who in _EVERYONE for where in _HERE),
)
# Said to everyone in a top-level comment; in a reply, as often to the parent lumped with their side
# ("you people will swallow anything" under one commenter's post): there the parent stays the target.
PLURAL_YOU = ("you people", "you lot", "y'all", "you are all", "you're all", "you'll all", "you all are")
# Matched against the text lowered, on one line (`one_line`), as tries: a fourth of the CPU of an
# IGNORECASE alternation.
_GROUP = re.compile(trie_alternation(GROUP_ADDRESSES, not_after="[\\w']") + r"(?![\w'])")
_GROUP_OR_PLURAL_YOU = re.compile(trie_alternation(GROUP_ADDRESSES + PLURAL_YOU, not_after="[\\w']") + r"(?![\w'])")
# A quotation that identifies the comment it comes from: shorter ones ("you wish", "typical") are said
# by many. Hand-set; QUOTE_LOOKBACK bounds the search to the comments a reader scrolled past.
QUOTE_MIN_CHARACTERS = 20
QUOTE_LOOKBACK = 200
_QUOTE_LINES = re.compile(r"^[ \t]*>+[ \t]?(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{20,})[\"”]")
MENTION_CHARACTERS = 130  # an @name is at most three words of 40 characters (mentions._AT_NAME)
# A name the writer turns to, at the start of the comment or of a sentence, before a comma or colon:
# "Janet, you ...", "And Hal, with respect, you ...", "And to Mira: you ...". Up to three words, each
# starting with a letter, after a few leading words ("and", "so", "as for", "to"); only a name an earlier
# participant goes by counts (`named_comment`), so "Honestly, ..." names no one.
_LEAD = r"(?i:(?:(?:and|so|but|oh|well|hey|look|listen|now|also)\s+)?(?:(?:as\s+for|to)\s+)?)@?"
_VOCATIVE = re.compile(
    r"(?:^|(?<=[.!?])\s+|\n)[\s\"'“‘(]{0,2}" + _LEAD + r"([^\W\d_][^\s,:]{0,39}(?: [^\W\d_][^\s,:]{0,39}){0,2})[,:]"
)
# Words by which a comment speaks to the one it names ("Janet, you ..."), or about someone else ("Marta,
# ignore him, he is ..."): a comment that names someone and then insults "him" is not aimed at them.
_SECOND_PERSON = re.compile(r"(?<![\w'])(?:you|your|yours|yourself|you're|youre|ur|u)(?![\w'])")  # lowered text
_THIRD_PERSON = re.compile(r"(?<![\w'])(?:he|she|him|her|his|hers|himself|herself|he's|she's)(?![\w'])")


def one_line(text: str) -> tuple[str, str]:
    """The text on one line (runs of spacing made one space), and the same lowered: what the report's
    word patterns read without IGNORECASE, which costs them several times the CPU."""
    flat = " ".join(text.split())
    return flat, flat.lower().replace("’", "'")  # a typographic apostrophe read as "'": "I’ll"


@dataclass(frozen=True)
class Addressee:
    """Who a comment speaks to: a participant's comment (the latest before it), or the thread (None)."""

    comment: Comment | None
    # "mention" (an @name or @time opening the comment), "name" (a name before a comma), "quote" (it
    # quotes that comment's words), "words" (to everyone)
    via: str
    words: str  # as written: "@Maria K", "Janet", "you people"


def addressee(comment: Comment, earlier: EarlierComments, resolve: Callable[[str], Comment | None]) -> Addressee | None:
    """Whom `comment` turns to in its words, or None when it names no one and speaks to no group.

    An @mention opening the comment (`resolve` gives the comment a mention's target id names), then a
    name opening a sentence (when the comment speaks in the second person, or of no "he" or "she"),
    then the comment whose words it quotes, then words addressing everyone (in a reply, only those
    that leave no one out: PLURAL_YOU is the parent's side there). The writer's own name is no addressee.
    """
    text = comment.text[:MAX_SCORED_CHARS]  # the part the model scored: a 50 MB comment costs no more
    opening = text.lstrip()[:MENTION_CHARACTERS].casefold()
    for mention in comment.mentions:
        if mention.target is not None and opening.startswith(mention.text.casefold()):
            found = resolve(mention.target)
            if found is not None and not _same_author(found, comment):
                return Addressee(found, "mention", mention.text)
            break
    flat, lowered = one_line(text)
    if _SECOND_PERSON.search(lowered) or not _THIRD_PERSON.search(lowered):
        for match in _VOCATIVE.finditer(text):
            found, name = named_comment(match.group(1).split(" "), earlier, comment.index)
            if found is not None and not _same_author(found, comment):
                return Addressee(found, "name", name)
    quoted = quoted_comment(comment, earlier.comments)
    if quoted is not None:
        return Addressee(quoted, "quote", "")
    group = (_GROUP if comment.parent_comment is not None else _GROUP_OR_PLURAL_YOU).search(lowered)
    if group is not None:
        return Addressee(None, "words", (flat if len(flat) == len(lowered) else lowered)[slice(*group.span())])
    return None


def quoted_comment(comment: Comment, comments: list[Comment]) -> Comment | None:
    """The earlier comment by someone else whose words this one quotes ("> ..." lines, or a passage of
    QUOTE_MIN_CHARACTERS or more in quotation marks), looked for among its QUOTE_LOOKBACK nearest
    ancestors and the QUOTE_LOOKBACK comments before it (so a thread of quoting insults stays linear);
    None if none."""
    text = comment.text[:MAX_SCORED_CHARS]
    quotes = [_folded(q) for q in _QUOTE_LINES.findall(text) + _QUOTED.findall(text)]
    quotes = [q for q in quotes if len(q) >= QUOTE_MIN_CHARACTERS]
    if not quotes:
        return None
    candidates = {c.index: c for c in comments[max(0, comment.index - QUOTE_LOOKBACK) : comment.index]}
    ancestor = comment.parent_comment
    for _ in range(QUOTE_LOOKBACK):  # a reply chain thousands deep: its nearest ancestors only
        if ancestor is None:
            break
        candidates.setdefault(ancestor.index, ancestor)
        ancestor = ancestor.parent_comment
    for index in sorted(candidates, reverse=True):
        candidate = candidates[index]
        if _same_author(candidate, comment) or candidate.status != "visible":
            continue
        text = _folded(candidate.text[:MAX_SCORED_CHARS])
        if any(quote in text for quote in quotes):
            return candidate
    return None


@lru_cache(maxsize=4 * QUOTE_LOOKBACK)  # each earlier comment is looked at by the next QUOTE_LOOKBACK
def _folded(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:!?…\"'“”‘’").casefold()


def names_author(text: str, author: str) -> bool:
    """Whether `text` names `author`: the whole name (any case), or a capitalised word of it of three
    letters or more, as written ("Pike" for "Lauren Pike"; a handle's lower-case parts are everyday words)."""
    name = author.strip()
    if len(name) < 3:
        return False
    if re.search(rf"(?<![\w@]){re.escape(name)}(?!\w)", text, re.IGNORECASE):
        return True
    parts = [part for part in re.split(r"[\W_]+", name) if len(part) >= 3 and part[0].isupper()]
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) for part in parts)


def _same_author(first: Comment, second: Comment) -> bool:
    return first.author.strip().casefold() == second.author.strip().casefold()
