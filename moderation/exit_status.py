"""The exit status of a command that reads dumps: one decision, shared by every command.

Precedence: a file that could not be read (2) outranks a thread that was read only in part (3),
which outranks a `--fail-on` label found (1): a run that missed something never passes, and a
label found in what was read cannot hide what was not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from moderation.thread import Thread

EXIT_OK = 0
EXIT_FOUND = 1  # a --fail-on label was found
EXIT_BAD_INPUT = 2  # a file could not be read, or usage
EXIT_INCOMPLETE = 3  # a thread is known to hold fewer comments than exist


def exit_status(*, failed_files: int = 0, incomplete_threads: int = 0, labels_found: int = 0) -> int:
    """The status for a run: 2 > 3 > 1 > 0."""
    if failed_files:
        return EXIT_BAD_INPUT
    if incomplete_threads:
        return EXIT_INCOMPLETE
    if labels_found:
        return EXIT_FOUND
    return EXIT_OK


def incomplete_entry(thread: Thread) -> dict:
    """What a run keeps of a thread read only in part: enough to name it and say why."""
    return {"thread": thread.id, "title": thread.title, "source": thread.source_path, "unread": list(thread.unread)}


def incomplete_notice(entry: dict) -> str:
    """One line for stderr from an `incomplete_entry`: which thread, from where, and why."""
    where = f"{entry['source']}: " if entry.get("source") else ""
    return f"{where}thread {entry['thread']} is incomplete: {'; '.join(entry['unread'])}"


@dataclass
class IncompleteWatch:
    """Passes threads through, keeping an `incomplete_entry` for each incomplete one (commands stream)."""

    found: list[dict] = field(default_factory=list)
    threads: int = 0  # every thread seen: a run that read none prints no all-clear after its errors

    def note(self, thread: Thread) -> None:
        self.threads += 1
        if thread.incomplete:
            self.found.append(incomplete_entry(thread))

    def watch(self, threads: Iterable[Thread]) -> Iterator[Thread]:
        for thread in threads:
            self.note(thread)
            yield thread

    def notices(self) -> list[str]:
        return [incomplete_notice(entry) for entry in self.found]
