"""Where a flag's reasons occur in its comment, for the renderers that mark them in place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from moderation.classify.reason_names import NAMED_ENDINGS

# Compiled patterns kept, one per reason word or phrase: flags of one run share their words far more
# often than whole sets of reasons, and compiling one cost more than rendering its comment; a few
# thousand small patterns are a few MiB.
PHRASE_PATTERNS_KEPT = 4096
REASON_PATTERNS_KEPT = 1024


def flag_reasons(item: dict) -> list[str]:
    """Every reason of a flagged comment in a report, over all its labels."""
    return [reason for reasons in item["reasons"].values() for reason in reasons]


class ReasonPattern:
    """Whole-word, any-case matches of reason words and phrases: what the alternation
    `(?<![\\w'])(?:LONGEST|...|SHORTEST)(?![\\w'])` finds (the leftmost match; at one position, the
    first alternative that matches there), but built from one cached pattern per phrase, since nearly
    every flag has its own set of reasons and compiling an alternation for each was most of the
    Markdown and HTML rendering."""

    def __init__(self, alternatives: list[str]) -> None:
        self._patterns = [_phrase_pattern(alternative) for alternative in alternatives]

    def finditer(self, text: str) -> Iterator[re.Match]:
        patterns = self._patterns
        found = [pattern.search(text) for pattern in patterns]
        while True:
            first = None
            for match in found:  # the leftmost; on a tie the earliest alternative, as the alternation does
                if match is not None and (first is None or match.start() < first.start()):
                    first = match
            if first is None:
                return
            yield first
            position = first.end()  # phrases are never empty: every match moves on
            found = [
                match if match is None or match.start() >= position else pattern.search(text, position)
                for pattern, match in zip(patterns, found, strict=True)
            ]


def reason_pattern(reasons: Iterable[str]) -> ReasonPattern | None:
    """The pattern of `_reason_pattern`, made once per set of reasons."""
    return _reason_pattern(tuple(reasons))


@lru_cache(maxsize=REASON_PATTERNS_KEPT)
def _reason_pattern(reasons: tuple[str, ...]) -> ReasonPattern | None:
    """Whole-word, any-case matches of the reason words and phrases ("did you" also matches "did, you").

    Placeholders ("[e-mail]") are skipped; named signals ("profanity (alt-profanity-check)") rarely
    occur verbatim in a comment, but the words a targeting or profanity reason names ("troll aimed at
    you", "prat (profanity)") are marked.
    """
    phrases = {
        r"[^\w']+".join(re.escape(word) for word in reason.split())
        for reason in _spelled_out(reasons)
        if reason.strip() and not reason.startswith("[")
    }
    if not phrases:
        return None
    return ReasonPattern(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=PHRASE_PATTERNS_KEPT)
def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'])(?:{phrase})(?![\w'])", re.IGNORECASE)


def first_reason_span(text: str, reasons: Iterable[str]) -> tuple[int, int] | None:
    """Where the flag's words first occur in `text`: the first word a named reason names ("moron aimed at
    you", "prat (profanity)": the abusive words themselves), else the first of any reason; or None."""
    reasons = tuple(reasons)
    named = tuple(reason for reason in reasons if reason.endswith(NAMED_ENDINGS))
    for group in (named, reasons):
        pattern = reason_pattern(group) if group else None
        match = next(pattern.finditer(text), None) if pattern is not None else None
        if match is not None:
            return match.span()
    return None


def mark_reasons(text: str, reasons: Iterable[str], escape: Callable[[str], str], before: str, after: str) -> str:
    """The text made safe by `escape`, each reason occurrence wrapped in `before` ... `after`."""
    pattern = reason_pattern(reasons)
    if pattern is None:
        return escape(text)
    parts, done = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[done : match.start()]), before, escape(match.group()), after]
        done = match.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def _spelled_out(reasons: Iterable[str]) -> Iterator[str]:
    for reason in reasons:
        ending = next((ending for ending in NAMED_ENDINGS if reason.endswith(ending)), None)
        if ending is None:
            yield reason
        else:
            yield from reason.removesuffix(ending).split(", ")
