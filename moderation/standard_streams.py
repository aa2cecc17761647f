"""The dash on a command line: "-" is standard input as a PATH, standard output as `-o` (Unix's convention).

One name and one test for it, so every place that treats "-" as a stream (reading inputs, checking
paths and folders, choosing an output) agrees on what it is.
"""

from __future__ import annotations

from pathlib import Path

DASH = "-"
"""What a user types for standard input (a PATH) or standard output (-o); also the name a Source read
from standard input carries."""


def is_dash(given: str | Path | None) -> bool:
    """True when `given` names standard input or output rather than a file."""
    return given is not None and str(given) == DASH
