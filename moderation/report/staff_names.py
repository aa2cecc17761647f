"""`--staff` names checked against the authors a run reads: a name that matches nobody (a typo) would
otherwise change nothing, silently, and the staff member's call-outs would be ranked as offences."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process, utils

from moderation.plurals import noun_for
from moderation.report.thread_report import staff_key
from moderation.thread import Thread

# Authors suggested for a name that matched nobody: a few, closest first.
NEAREST_NAMES = 3
# rapidfuzz's ratio (0-100) an author needs to be suggested: one wrong, missing or extra letter in a
# name of 5 or more letters scores 80 or more, two in 8 letters 75; below 70 the names merely share letters.
NEAREST_MIN_SIMILARITY = 70
# Distinct author names kept for suggestions while a name is still unmatched: memory stays bounded on a
# dump of millions of authors (suggestions then come from the first ones read).
MAX_AUTHORS_KEPT = 200_000


class StaffCheck:
    """Watches the threads of a run go by and says which --staff names matched no author."""

    def __init__(self, names: Iterable[str]) -> None:
        self._given = {staff_key(name): name.strip() for name in names if name.strip()}
        self._unmatched = set(self._given)
        self._authors: dict[str, str] = {}  # casefolded -> the spelling first read
        self.comments = 0

    def watch(self, threads: Iterable[Thread]) -> Iterator[Thread]:
        """The threads unchanged; their authors noted while a --staff name is still unmatched."""
        for thread in threads:
            self.comments += len(thread.comments)
            if self._unmatched:
                self._note({comment.author for comment in thread.comments})
            yield thread

    def _note(self, authors: set[str]) -> None:
        for author in authors:
            key = staff_key(author)
            self._unmatched.discard(key)
            if key and len(self._authors) < MAX_AUTHORS_KEPT:
                self._authors.setdefault(key, author.strip())
        if not self._unmatched:
            self._authors.clear()

    def warnings(self) -> list[str]:
        """One line per --staff name that matched no author of the comments read (none when none were read)."""
        if not self.comments:
            return []
        return [self._warning(self._given[key]) for key in self._given if key in self._unmatched]

    def _warning(self, name: str) -> str:
        nearest = process.extract(
            name,
            self._authors,
            scorer=fuzz.ratio,
            processor=utils.default_process,
            limit=NEAREST_NAMES,
            score_cutoff=NEAREST_MIN_SIMILARITY,
        )
        names = ", ".join(repr(author) for author, *_ in nearest)
        hint = f"; nearest {noun_for(len(nearest), 'author')}: {names}" if nearest else ""
        return f"warning: --staff {name!r} matched no author in the comments read{hint}"
