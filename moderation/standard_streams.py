"""The dash on a command line: "-" is standard input as a PATH, standard output as `-o` (Unix's convention).

One name and one test for it, so every place that treats "-" as a stream (reading inputs, checking
paths and folders, choosing an output) agrees on what it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from moderation.errors import ParseError

DASH = "-"
"""What a user types for standard input (a PATH) or standard output (-o); also the name a Source read
from standard input carries."""


def is_dash(given: str | Path | None) -> bool:
    """True when `given` names standard input or output rather than a file."""
    return given is not None and str(given) == DASH


def refuse_dash_twice(paths: Iterable[str | Path]) -> None:
    """ParseError when "-" is among `paths` more than once: standard input is read once, so a second "-"
    was "-: empty file" after the first had been read (and its output written)."""
    if sum(1 for given in paths if is_dash(given)) > 1:
        raise ParseError(f"{DASH}: standard input is named more than once; it can be read only once")
