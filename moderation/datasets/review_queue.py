"""The review queue as a spreadsheet: written by `moderate review --queue`, read back by `train`/`evaluate`.

A moderator fills the label columns with 1 or 0 (blank = not judged) in any spreadsheet program.
Every mistake a filled queue can hold (a yes/no, a deleted or renamed column, an edited id, a blank id or
text) is one ModerationError naming the row and the column, never a silent loss.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from moderation.datasets.examples import Example
from moderation.datasets.sheet_rows import SheetReader
from moderation.errors import ModerationError

# Who the comment is, where it is, and what it says; label columns follow, then scores and the check.
ITEM_COLUMNS = ("id", "thread", "source", "author", "text", "parent_text")
SCORE_PREFIX = "score_"
# A short digest of (source, thread, id): an id or thread edited in the spreadsheet no longer matches it.
CHECK_COLUMN = "check"
_REQUIRED = ("id", "thread", "source", "text", CHECK_COLUMN)
# A cell starting with one of these is a formula to a spreadsheet: written with a leading "'" (as the CSV
# report does), which reading takes off again, so the text trains exactly as it was read.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may save the queue with: commas, semicolons (locales with a decimal comma), tabs
# (Excel's "Unicode Text" and "Text (Tab delimited)").
SEPARATORS = (",", ";", "\t")


def _guarded(cell: str) -> str:
    return "'" + cell if cell[:1] in _FORMULA_STARTS else cell


def _unguarded(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA_STARTS and cell[1:2] else cell


def queue_check(source: str, thread: str | None, comment: str) -> str:
    return hashlib.sha256(f"{source}\0{thread or ''}\0{comment}".encode()).hexdigest()[:10]


def queue_separator(first_line: str) -> str:
    """The separator a spreadsheet saved the queue with: the one its header line holds most of."""
    return max(SEPARATORS, key=first_line.count)


def is_queue_header(header: Sequence[str]) -> bool:
    """A queue, even with a column deleted: the check column, or most of the item columns."""
    names = set(header)
    return CHECK_COLUMN in names or len(names & set(ITEM_COLUMNS)) >= 4


def write_queue(rows: Iterable[dict], labels: Sequence[str], stream: TextIO) -> None:
    """Rows hold the item columns and `scores` (label -> probability); label cells are left blank."""
    writer = csv.writer(stream)
    writer.writerow([*ITEM_COLUMNS, *labels, *(SCORE_PREFIX + label for label in labels), CHECK_COLUMN])
    for row in rows:
        scores = row.get("scores") or {}
        writer.writerow(
            [
                *(_guarded(str(row.get(column) or "")) for column in ITEM_COLUMNS),
                *("" for _ in labels),
                *(f"{scores[label]:.4f}" if label in scores else "" for label in labels),
                queue_check(row["source"], row.get("thread"), row["id"]),
            ]
        )


def label_columns(header: Sequence[str]) -> list[str]:
    """Every column that is not an item, a score or the check: the labels the moderator fills."""
    return [c for c in header if c not in ITEM_COLUMNS and c != CHECK_COLUMN and not c.startswith(SCORE_PREFIX)]


def read_queue(source) -> Iterator[Example]:
    """The judged rows of a filled queue (a moderation.parsing Source); a row with every label blank is
    not judged and not read."""
    path = source.name
    with io.StringIO(source.text(), newline="") as stream:
        first = stream.readline()
        stream.seek(0)
        reader = SheetReader(stream, delimiter=queue_separator(first))
        header = list(reader.fieldnames or [])
        missing = [column for column in _REQUIRED if column not in header]
        if missing:
            raise ModerationError(
                f"{path}: the queue has no {missing[0]!r} column (columns: {', '.join(header)}); "
                "write the queue again with `moderate review --queue` or restore the column"
            )
        labels = label_columns(header)
        if not labels:
            raise ModerationError(f"{path}: the queue has no label column (such as insult) to read")
        written = [c.removeprefix(SCORE_PREFIX) for c in header if c.startswith(SCORE_PREFIX)]
        renamed = [label for label in labels if written and label not in written]
        if renamed:
            raise ModerationError(
                f"{path}: column {renamed[0]!r} is not a label of this queue (its labels, from the "
                f"{SCORE_PREFIX} columns: {', '.join(written)}); give it back its name, or delete it"
            )
        seen: dict[str, int] = {}
        for number, row in reader.numbered():  # row 1 is the header, as a spreadsheet numbers them
            if None in row:
                raise ModerationError(f"{path}: row {number} has more cells than the header has columns")
            judged = {label: _cell(row.get(label), path, number, label) for label in labels}
            judged = {label: value for label, value in judged.items() if value is not None}
            if not judged:
                continue
            comment = _unguarded((row.get("id") or "").strip())
            if not comment:
                raise ModerationError(f"{path}: row {number}: the id cell is blank; restore the id the queue gave")
            if not row.get("text"):
                raise ModerationError(f"{path}: row {number} (id {comment}): the text cell is blank")
            if (
                queue_check(_unguarded(row.get("source") or ""), _unguarded(row.get("thread") or ""), comment)
                != (row.get(CHECK_COLUMN) or "").strip()
            ):
                raise ModerationError(
                    f"{path}: row {number}: id {comment!r} does not match its row's check "
                    "(an id, thread or source was edited); restore the values the queue gave"
                )
            if comment in seen and (row.get("thread"), row.get("source")) == seen[comment]:
                raise ModerationError(f"{path}: row {number}: id {comment!r} appears twice")
            seen[comment] = (row.get("thread"), row.get("source"))
            yield Example(
                text=_unguarded(row["text"]),
                labels=judged,
                thread=_unguarded(row.get("thread") or "") or None,
                comment=comment,
                parent_text=_unguarded(row.get("parent_text") or "") or None,
                row=number,
            )


def _cell(value: str | None, path: str, number: int, label: str) -> int | None:
    text = (value or "").strip()
    if text == "":
        return None
    if text in ("1", "0", "1.0", "0.0"):
        return int(float(text))
    raise ModerationError(
        f"{path}: row {number}, column {label}: {text!r} is not 1 or 0; "
        "write 1 (yes), 0 (no) or leave the cell blank (not judged)"
    )
