"""Where a flag's reasons occur in its comment, for the renderers that mark them in place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from moderation.classify.reason_names import AIMED_AT_YOU, PROFANE_WORDS

# Compiled reason patterns kept: flags of one run share their reasons far more often than not, and
# compiling one cost more than rendering its comment; a few thousand small patterns are a few MiB.
REASON_PATTERNS_KEPT = 4096


def flag_reasons(item: dict) -> list[str]:
    """Every reason of a flagged comment in a report, over all its labels."""
    return [reason for reasons in item["reasons"].values() for reason in reasons]


def reason_pattern(reasons: Iterable[str]) -> re.Pattern | None:
    """The pattern of `_reason_pattern`, compiled once per set of reasons."""
    return _reason_pattern(tuple(reasons))


@lru_cache(maxsize=REASON_PATTERNS_KEPT)
def _reason_pattern(reasons: tuple[str, ...]) -> re.Pattern | None:
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
    alternatives = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE)


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
        if reason.endswith(AIMED_AT_YOU):
            yield from reason.removesuffix(AIMED_AT_YOU).split(", ")
        elif reason.endswith(PROFANE_WORDS):
            yield from reason.removesuffix(PROFANE_WORDS).split(", ")
        else:
            yield reason
