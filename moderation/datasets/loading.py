"""Pick the adapter for a data file and read its examples."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from moderation.datasets.examples import Example, TableColumns
from moderation.datasets.kaggle_text import decode_kaggle_comment
from moderation.datasets.review_queue import is_queue_header, read_queue
from moderation.errors import ModerationError, ParseError
from moderation.thread import Thread

DATASET_FORMATS = ("jsonl", "kaggle", "jigsaw", "queue", "csv", "threads")
_KAGGLE_HEADER = ["Insult", "Date", "Comment"]
_JIGSAW_COLUMNS = {"comment_text", "insult"}
_THREADS_SCHEMA = "moderation.threads/1"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def detect_dataset_format(path: Path) -> str:
    """One of DATASET_FORMATS, or "dump" for anything else (read by moderation.parsing, unlabelled)."""
    head = _head(path)
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{") and _THREADS_SCHEMA in stripped[:300]:
        return "threads"
    if _looks_like_our_jsonl(stripped.split("\n", 1)[0]):
        return "jsonl"
    if path.suffix.lower() in (".csv", ".tsv"):
        header = next(csv.reader(io.StringIO(stripped.split("\n", 1)[0])), [])
        if header[:3] == _KAGGLE_HEADER:
            return "kaggle"
        if set(header) >= _JIGSAW_COLUMNS:
            return "jigsaw"
        semicolons = next(csv.reader([stripped.split("\n", 1)[0]], delimiter=";"), [])  # some locales' spreadsheets
        if is_queue_header(header) or is_queue_header(semicolons):
            return "queue"
        return "csv"
    return "dump"


# Keys of comment dumps that are also JSON lines (Reddit/Pushshift, ConvoKit): those go to the parsers.
_DUMP_KEYS = {"parent_id", "link_id", "reply-to", "reply_to", "conversation_id", "speaker", "body", "kind"}


def _looks_like_our_jsonl(first_line: str) -> bool:
    try:
        record = json.loads(first_line)
    except ValueError:
        return False
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return False
    return "labels" in record or not (_DUMP_KEYS & set(record))


ThreadSeen = Callable[[Thread], None]


def load_examples(
    path: str | Path,
    columns: TableColumns | None = None,
    dataset_format: str | None = None,
    on_thread: ThreadSeen | None = None,
) -> list[Example]:
    """Every example of one file, in file order. Unreadable data raises ModerationError naming the file.

    `on_thread` sees each thread a dump is read into (a caller learns which were read only in part).
    """
    path = Path(path)
    if not path.is_file():
        raise ModerationError(f"{path}: no such file")
    dataset_format = dataset_format or detect_dataset_format(path)
    readers = {
        "jsonl": _read_jsonl,
        "kaggle": _read_kaggle,
        "jigsaw": _read_jigsaw,
        "queue": read_queue,
        "csv": lambda p: _read_csv(p, columns or TableColumns()),
        "threads": lambda p: _read_labelled_threads(p, on_thread),
        "dump": lambda p: _read_dump(p, on_thread),
    }
    try:
        return list(readers[dataset_format](path))
    except UnicodeDecodeError as error:
        raise ModerationError(f"{path}: not UTF-8 text ({error.reason})") from None
    except csv.Error as error:
        raise ModerationError(f"{path}: bad CSV: {error}") from None


def load_many(
    paths: Iterable[str | Path], columns: TableColumns | None = None, on_thread: ThreadSeen | None = None
) -> list[Example]:
    """Examples of several files (directories are read recursively, hidden files skipped)."""
    examples: list[Example] = []
    for path in _expand(paths):
        examples.extend(load_examples(path, columns, on_thread=on_thread))
    return examples


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read; a folder with none (empty, or hidden files only) is refused, as by every command."""
    from moderation.parsing import check_paths_hold_dumps, files_under

    paths = list(paths)
    check_paths_hold_dumps(paths)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(files_under(path))
        else:
            yield path


def _head(path: Path) -> str:
    with open(path, "rb") as stream:
        return stream.read(4096).decode("utf-8", errors="replace")


def _label_value(value, where: str) -> int | None:
    """0/1 from 0, 1, "0", "1", true/false; None for unknown (-1, "", null)."""
    if value is None or value == "" or value == -1 or value == "-1":
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ModerationError(f"{where}: label value {value!r} is not 0 or 1") from None
    if number not in (0.0, 1.0):
        raise ModerationError(f"{where}: label value {value!r} is not 0 or 1")
    return int(number)


def _read_jsonl(path: Path) -> Iterator[Example]:
    """Our JSONL. Records of the labels format (with a "source") are keyed by (source, thread, id): a
    later record of the same comment (a correction, an undo) replaces the earlier one."""
    reviewed: dict[tuple, Example] = {}
    for source, example in _jsonl_examples(path):
        if source is None:
            yield example
        else:
            reviewed.pop((source, example.thread, example.comment), None)
            reviewed[(source, example.thread, example.comment)] = example
    yield from (example for example in reviewed.values() if example.labels)


def _jsonl_examples(path: Path) -> Iterator[tuple[str | None, Example]]:
    with open(path, encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ModerationError(f"{path}:{number}: invalid JSON: {error.msg}") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ModerationError(f'{path}:{number}: each line needs a "text" string')
            labels = record.get("labels") or {}
            if not isinstance(labels, dict):
                raise ModerationError(f'{path}:{number}: "labels" must be an object')
            known = {name: _label_value(value, f"{path}:{number}") for name, value in labels.items()}
            yield (
                _optional_string(record.get("source")),
                Example(
                    text=record["text"],
                    labels={name: value for name, value in known.items() if value is not None},
                    thread=_optional_string(record.get("thread")),
                    comment=_optional_string(record.get("id")) or str(number),
                    parent_text=record.get("parent_text") if isinstance(record.get("parent_text"), str) else None,
                ),
            )


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        yield from enumerate(reader, 1)


def _read_kaggle(path: Path) -> Iterator[Example]:
    for number, row in _rows(path):
        label = _label_value(row.get("Insult"), f"{path}: row {number}")
        yield Example(
            text=decode_kaggle_comment(row.get("Comment") or ""),
            labels={} if label is None else {"insult": label},
            comment=str(number),
        )


def _read_jigsaw(path: Path) -> Iterator[Example]:
    for number, row in _rows(path):
        label = _label_value(row.get("insult"), f"{path}: row {number}")
        yield Example(
            text=row.get("comment_text") or "",
            labels={} if label is None else {"insult": label},
            comment=row.get("id") or str(number),
        )


def _read_csv(path: Path, columns: TableColumns) -> Iterator[Example]:
    checked = False
    for number, row in _rows(path):
        if not checked:
            missing = [c for c in [columns.text, *columns.labels.values()] if c not in row]
            if missing:
                raise ModerationError(
                    f"{path}: no column {', '.join(map(repr, missing))} (columns: {', '.join(row)}); "
                    "use --text-column / --label-column"
                )
            checked = True
        labels = {name: _label_value(row[column], f"{path}: row {number}") for name, column in columns.labels.items()}
        yield Example(
            text=row[columns.text] or "",
            labels={name: value for name, value in labels.items() if value is not None},
            comment=str(number),
        )


def _read_labelled_threads(path: Path, on_thread: ThreadSeen | None = None) -> Iterator[Example]:
    """Labels come from the raw JSON (the thread model has no place for them); context from the tree."""
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise ModerationError(f"{path}: invalid JSON: {error.msg}") from None
    raw_threads = document.get("threads") if isinstance(document, dict) else None
    if not isinstance(raw_threads, list):
        raise ModerationError(f"{path}: 'threads' is not a list")
    labels_by_thread: list[dict[tuple[str, int], dict[str, int]]] = []
    for raw_thread in raw_threads:
        seen: dict[str, int] = defaultdict(int)
        labels: dict[tuple[str, int], dict[str, int]] = {}
        comments = raw_thread.get("comments") if isinstance(raw_thread, dict) else None
        for position, item in enumerate(comments if isinstance(comments, list) else []):
            if not isinstance(item, dict):
                continue
            comment_id = _optional_string(item.get("id")) or str(position + 1)
            occurrence = seen[comment_id]
            seen[comment_id] += 1
            raw_labels = item.get("labels") if isinstance(item.get("labels"), dict) else {}
            known = {name: _label_value(v, f"{path}: comment {comment_id}") for name, v in raw_labels.items()}
            labels[(comment_id, occurrence)] = {name: value for name, value in known.items() if value is not None}
        labels_by_thread.append(labels)
    for number, thread in enumerate(_parse_threads(path, on_thread)):
        known_labels = labels_by_thread[number] if number < len(labels_by_thread) else {}
        yield from _thread_examples(thread, known_labels)


def _read_dump(path: Path, on_thread: ThreadSeen | None = None) -> Iterator[Example]:
    """A dump's comments, each labelled with the site's moderation decision where it has one
    (label `removed`, see moderation_history)."""
    for thread in _parse_threads(path, on_thread):
        yield from _thread_examples(thread, {}, history=True)


def _parse_threads(path: Path, on_thread: ThreadSeen | None = None) -> list[Thread]:
    from moderation.parsing import parse_path

    try:
        threads = parse_path(path)
    except ParseError as error:
        raise ModerationError(f"{path}: {error}") from None
    if on_thread is not None:
        for thread in threads:
            on_thread(thread)
    return threads


def _thread_examples(thread, labels: dict[tuple[str, int], dict[str, int]], history: bool = False) -> Iterator[Example]:
    from moderation.datasets.moderation_history import HISTORY_LABEL, removal_label

    seen: dict[str, int] = defaultdict(int)
    for comment in thread.comments:
        occurrence = seen[comment.id]
        seen[comment.id] += 1
        parent = thread.parent(comment)
        stated = labels.get((comment.id, occurrence), {})
        if history and (removed := removal_label(comment)) is not None:
            stated = {**stated, HISTORY_LABEL: removed}
        yield Example(
            text=comment.text,
            labels=stated,
            thread=thread.id,
            comment=comment.id,
            parent_text=parent.text if parent is not None else None,
            status=comment.status,
        )


def _optional_string(value) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value)
