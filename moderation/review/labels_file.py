"""The labels file: one JSON line per judgement, appended, never rewritten, read by `train` and `evaluate`.

A line: {"id", "thread", "source", "text", "parent_text", "labels": {"insult": 1, ...}, "reviewer",
"time", "model"}. A later line about the same comment (source, thread, id) replaces the earlier one:
an undo is a line with empty labels and "undone": true, a skip one with "skipped": true.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from moderation.errors import ModerationError
from moderation.review.items import ReviewItem

LABELS_SCHEMA = "moderation.labels/1"


def label_record(
    item: ReviewItem,
    labels: dict[str, int],
    model_version: str | None,
    reviewer: str | None = None,
    skipped: bool = False,
    undone: bool = False,
) -> dict:
    """One line of the labels file for a judgement of `item` (empty `labels`: judged nothing)."""
    record = {
        "schema": LABELS_SCHEMA,
        "id": item.comment,
        "thread": item.thread,
        "source": item.source,
        "text": item.text,
        "parent_text": item.parent_text,
        "labels": dict(labels),
        "reviewer": reviewer or _reviewer(),
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model": model_version,
    }
    if skipped:
        record["skipped"] = True
    if undone:
        record["undone"] = True
    return record


def _reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def append_record(path: Path, record: dict) -> None:
    """One whole line, flushed and synced: a review stopped at any moment loses at most the judgement in hand."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(line)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        raise ModerationError(f"cannot write {path}: {error.strerror or error}") from None


def seen_keys(path: Path) -> set[tuple[str, str, str]]:
    """Comments the file already holds a judgement or a skip for (its last line about them not an undo)."""
    last: dict[tuple[str, str, str], dict] = {}
    if not path.exists():
        return set()
    try:
        with open(path, encoding="utf-8-sig") as stream:  # -sig: a file an editor saved again with a BOM
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise ModerationError(f"{path}:{number}: not a labels file line (invalid JSON)") from None
                if not isinstance(record, dict) or "id" not in record or "source" not in record:
                    raise ModerationError(f'{path}:{number}: not a labels file line (no "id" and "source")')
                last[(str(record["source"]), str(record.get("thread") or ""), str(record["id"]))] = record
    except UnicodeDecodeError:  # a binary file, or one saved again as UTF-16: appending would mix encodings
        raise ModerationError(
            f"{path}: not a labels file (not UTF-8 text); give -o a labels file or a new name"
        ) from None
    except OSError as error:
        raise ModerationError(f"cannot read {path}: {error.strerror or error}") from None
    return {key for key, record in last.items() if not record.get("undone")}
