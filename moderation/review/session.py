"""One review session, without the screen: which comment is shown, the answers given so far, skip,
undo and quit, each judgement appended to the labels file the moment it is complete."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from moderation.review.labels_file import append_record, label_record
from moderation.review.queue import QueueEntry


class ReviewSession:
    """Answers one label at a time: `answer(1)` confirms the label in focus, `answer(0)` rejects it,
    `answer(None)` leaves it unjudged; after the last label the judgement is written and the next
    comment comes. `undo()` withdraws the last answer, or the last comment's judgement."""

    def __init__(
        self,
        entries: Sequence[QueueEntry],
        labels: Sequence[str],
        output: Path,
        model_version: str | None = None,
        reviewer: str | None = None,
    ) -> None:
        self.entries = list(entries)
        self.labels = list(labels)
        self.output = Path(output)
        self.model_version = model_version
        self.reviewer = reviewer
        self.position = 0
        self.answers: dict[str, int | None] = {}
        self.written: list[bool] = []  # per line written this session, whether it skipped (undone lines dropped)

    @property
    def current(self) -> QueueEntry | None:
        return self.entries[self.position] if self.position < len(self.entries) else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def focus(self) -> str | None:
        """The label the next y/n answers."""
        return self.labels[len(self.answers)] if not self.done and len(self.answers) < len(self.labels) else None

    def answer(self, value: int | None) -> None:
        if self.focus is None:
            return
        self.answers[self.focus] = value
        if len(self.answers) == len(self.labels):
            judged = {label: v for label, v in self.answers.items() if v is not None}
            self._write(judged, skipped=not judged)

    def skip(self) -> None:
        if not self.done:
            self._write({}, skipped=True)

    def undo(self) -> bool:
        """Back one step: the last answer of this comment, else the previous comment (its line withdrawn)."""
        if self.answers:
            self.answers.popitem()
            return True
        if self.position == 0:
            return False
        self.position -= 1
        entry = self.entries[self.position]
        append_record(self.output, label_record(entry.item, {}, self.model_version, self.reviewer, undone=True))
        if self.written:
            self.written.pop()
        return True

    def summary(self) -> str:
        """'3 judged, 1 skipped': a skip (s, or tab for every label) is no judgement to train on."""
        skipped = sum(self.written)
        judged = f"{len(self.written) - skipped} judged"
        return f"{judged}, {skipped} skipped" if skipped else judged

    def _write(self, labels: dict[str, int], skipped: bool) -> None:
        entry = self.entries[self.position]
        record = label_record(entry.item, labels, self.model_version, self.reviewer, skipped=skipped)
        append_record(self.output, record)
        self.written.append(skipped)
        self.position += 1
        self.answers = {}
