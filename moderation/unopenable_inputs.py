"""Whether any input named on the command line can be opened at all, asked before a model is loaded.

Loading the model takes a second; building the built-in model into an empty cache takes minutes. A
run whose every input is missing or unreadable fails with one line per input whatever the model, so
a command asks this (a stat and an access check per path) and reads at once, in this process, instead
of reading beside the model load.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from moderation.standard_streams import is_dash


def cannot_be_opened(given: str | Path) -> bool:
    """True for a path that does not exist or that this user may not read (a folder: list and enter)."""
    if is_dash(given):
        return False
    try:
        mode = os.stat(given).st_mode
    except (OSError, ValueError):  # missing, a dangling link, a name the system refuses
        return True
    wanted = os.R_OK | os.X_OK if stat.S_ISDIR(mode) else os.R_OK
    return not os.access(given, wanted)


def none_can_be_opened(paths: Iterable[str | Path]) -> bool:
    """True when every input is one `cannot_be_opened` (and there is at least one)."""
    paths = list(paths)
    return bool(paths) and all(cannot_be_opened(path) for path in paths)
