"""Multi-file corpora inside a zip (a ConvoKit corpus as ConvoKit ships it: one folder of files, zipped).

A format's `find_corpus(folder)` looks for its files with `folder / name` and `.is_file()`; a folder of
a zip answers the same questions here, so the corpus is found the same way on disk and in a zip. Its
companion files are read through the member's own capped stream, like any other member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from moderation.parsing.source import Corpus, Source


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of a zip, by its path inside it: the Path-like face `find_corpus` and companions need."""

    folder: ArchiveFolder
    member: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.member).name

    def is_file(self) -> bool:
        return self.member in self.folder.sources

    def read_bytes(self) -> bytes:
        with self.folder.sources[self.member].open() as stream:
            return stream.read()


@dataclass(frozen=True)
class ArchiveFolder:
    """One folder of a zip: `folder / "utterances.jsonl"` is the entry of that name in it."""

    sources: dict[str, Source]  # every member of the zip, by its path inside it
    path: PurePosixPath

    def __truediv__(self, name: str) -> ArchiveEntry:
        return ArchiveEntry(self, str(self.path / name) if str(self.path) != "." else name)


def with_corpora(members: list[Source], find_corpus: Callable[[object], Corpus | None]) -> Iterator[Source]:
    """The members of one zip, each corpus among them as one Source (its main file carrying its
    companions), the companions not offered again on their own."""
    sources = {member.member: member for member in members if member.member is not None}
    mains: dict[str, dict] = {}
    claimed: set[str] = set()
    for folder in sorted({PurePosixPath(name).parent for name in sources}):
        corpus = find_corpus(ArchiveFolder(sources, folder))
        if corpus is not None:
            mains[corpus.main.member] = dict(corpus.companions)
            claimed.update(entry.member for entry in corpus.companions.values())
    for member in members:
        if member.member in claimed:
            continue
        if member.member in mains:
            member.companions = mains[member.member]
        yield member
