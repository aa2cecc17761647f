"""Each file is read once in a run, however often the run names it.

`parse a.xml a.xml`, a folder and a file inside it, or a link in a folder beside the file it points at
would give the same threads twice: counted twice in a report, scored twice (the second copy as thread
"#2"), a page waiting on its frame matched by its own copy. A file is known by its device and inode,
so "a.xml", "./a.xml", a link and a hard link are one file; a repeat is left out and said in one line
per name given (expand_paths).
"""

from __future__ import annotations

import os
from pathlib import Path

from moderation.parsing.source import Source
from moderation.plurals import counted


class ReadOnce:
    """The files a run has read so far, and whether a source is one of them."""

    def __init__(self) -> None:
        self._read: set[tuple[int, int]] = set()

    def first_time(self, source: Source) -> bool:
        """True unless the source's file (or, for a multi-file corpus, its main file) was read already;
        a source first seen is marked read with its companions. A file that cannot be looked up (missing,
        no permission) counts as new: its reader says why it cannot be read."""
        main = _identity(source.path)
        if main is not None and main in self._read:
            return False
        for path in (source.path, *source.companions.values()):
            key = _identity(path)
            if key is not None:
                self._read.add(key)
        return True


def repeats_line(given: str | Path, left_out: list[str]) -> str:
    """The one line a name given to the run gets when some of what it holds was read already."""
    if Path(given).is_dir():
        files = counted(len(left_out), "file")
        return f"{given}: {files} already read (named twice, or linked) not read again ({left_out[0]} first)"
    return f"{given}: already read (named twice, or a link to a file read before); read once"


def _identity(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino
