"""Pick the adapter for a data file and read its examples."""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath
from typing import NamedTuple

from moderation.datasets.examples import Example, TableColumns
from moderation.datasets.kaggle_text import decode_kaggle_comment
from moderation.datasets.review_queue import is_queue_header, queue_separator, read_queue
from moderation.datasets.sheet_rows import SheetReader
from moderation.errors import InputWarning, ModerationError, ParseError
from moderation.parsing import file_source
from moderation.parsing.source import HEAD_SIZE, MAX_WHOLE_INPUT_BYTES, Source, decode_text
from moderation.thread import Thread

# What a model's manifest names as the input when training data came from standard input (no file).
STANDARD_INPUT = "(standard input)"
_KAGGLE_HEADER = ["Insult", "Date", "Comment"]
_JIGSAW_COLUMNS = {"comment_text", "insult"}
_THREADS_SCHEMA = "moderation.threads/1"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Tables whose columns the reader knows: --text-column/--label-column do not apply (said once per file).
_OWN_COLUMNS = {"kaggle": "the Kaggle insults CSV", "jigsaw": "the Jigsaw CSV", "queue": "a review queue"}

# Where a filled review queue may come back from a spreadsheet: CSV, tab-separated (Excel's "Text (Tab
# delimited)" saves .txt), standard input or a file without an extension.
_QUEUE_SUFFIXES = (".csv", ".tsv", ".txt", "")
# Workbooks a spreadsheet saves by default: zip or binary containers, never text a reader could use.
_SPREADSHEET_FILES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


def detect_dataset_format(given: str | Path | Source) -> str:
    """The data's format: jsonl, kaggle, jigsaw, queue, csv or threads, or "dump" for anything else
    (read by moderation.parsing, unlabelled)."""
    source = given if isinstance(given, Source) else file_source(Path(given))
    stripped = source.head_text[:4096].lstrip("\ufeff \t\r\n")
    if stripped.startswith("{") and _THREADS_SCHEMA in stripped[:300]:
        return "threads"
    if stripped.startswith("{") and _looks_like_our_jsonl(_first_line(source)):
        return "jsonl"
    suffix = _suffix(source)
    spreadsheet = suffix in (".csv", ".tsv")
    first_line = stripped.split("\n", 1)[0]
    if spreadsheet or not suffix:  # standard input and extensionless files: known headers only
        header = _header_cells(first_line, ",")
        if header[:3] == _KAGGLE_HEADER:
            return "kaggle"
        if set(header) >= _JIGSAW_COLUMNS:
            return "jigsaw"
    queue_header = _header_cells(first_line, queue_separator(first_line))
    if suffix in _QUEUE_SUFFIXES and is_queue_header(queue_header):
        return "queue"
    return "csv" if spreadsheet else "dump"


def _header_cells(first_line: str, separator: str) -> list[str]:
    """The cells of a first line read as a CSV header (a lone carriage return ends it, as in a file saved
    with old Mac line ends); none when it is no CSV line at all (a binary file's bytes: the csv module
    refuses a NUL): detection then goes on to the dump readers, which name what the file is."""
    try:
        return next(csv.reader(io.StringIO(first_line, newline=None), delimiter=separator), [])
    except csv.Error:
        return []


def _first_line(source: Source) -> str:
    """The first line whole, even past the detection head (one very long comment)."""
    if b"\n" in source.head or len(source.head) < HEAD_SIZE:
        return source.head_text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    with source.open() as stream:
        return decode_text(stream.readline(MAX_WHOLE_INPUT_BYTES)).lstrip("\ufeff \t\r\n")


def _suffix(source: Source) -> str:
    """The extension of the file (of the member, for a file inside a zip: "data.zip:train.csv")."""
    return PurePath(source.name.rsplit(":", 1)[-1] if source.member else source.name).suffix.lower()


# Keys of comment dumps that are also JSON lines (Reddit/Pushshift, ConvoKit): those go to the parsers.
# Keys of the dump formats' records (Reddit, ConvoKit, Remark42's pid and locator, Hacker News' parent and by)
_DUMP_KEYS = {
    "parent_id", "link_id", "reply-to", "reply_to", "conversation_id", "speaker", "body", "kind",
    "pid", "locator", "parent", "by",
}  # fmt: skip


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
    return source_examples(file_source(Path(path)), columns, dataset_format, on_thread)


def source_examples(
    source: Source,
    columns: TableColumns | None = None,
    dataset_format: str | None = None,
    on_thread: ThreadSeen | None = None,
) -> list[Example]:
    """Every example of one input (a file, stdin, a pipe, a zip member), read once through moderation.parsing's
    reader. ModerationError names the input."""
    examples: list[Example] = []
    for item in _source_items(source, columns, dataset_format, on_thread):
        examples.extend(item.examples if isinstance(item, Rows) else _dump_examples(item, on_thread))
    return examples


class Rows(NamedTuple):
    """A dataset's examples, read as one block: in the stream of a run's inputs (joined_inputs) they pass
    the join of saved pages and frames in place, as a dump's threads would."""

    source: str
    examples: list[Example]


def _source_items(
    source: Source, columns: TableColumns | None, dataset_format: str | None, on_thread: ThreadSeen | None
) -> list[Thread] | list[Rows]:
    """A dump's threads (a page among them may still take its frame's comments), or a dataset's Rows."""
    if source.path is not None and PurePath(source.path).suffix.lower() in _SPREADSHEET_FILES:
        # A zip of XML parts that no parser reads: say what to do instead of naming a part.
        workbook = source.name.split(":", 1)[0] if source.member else source.name
        raise ModerationError(
            f'{workbook}: a spreadsheet workbook; save it as CSV ("CSV UTF-8" in Excel) and give that file'
        )
    try:
        if not source.head:
            raise ModerationError(f"{source.name}: empty file, no examples in it")
        dataset_format = dataset_format or detect_dataset_format(source)
        if dataset_format == "dump":
            from moderation.parsing import parse_source

            return parse_source(source)
        if columns is not None and columns != TableColumns() and dataset_format in _OWN_COLUMNS:
            warnings.warn(
                InputWarning(
                    f"{source.name}: read as {_OWN_COLUMNS[dataset_format]}, whose columns are known: "
                    "--text-column and --label-column apply to other CSV files only"
                ),
                stacklevel=3,
            )
        readers = {
            "jsonl": _read_jsonl,
            "kaggle": _read_kaggle,
            "jigsaw": _read_jigsaw,
            "queue": read_queue,
            "csv": lambda s: _read_csv(s, columns or TableColumns()),
            "threads": lambda s: _read_labelled_threads(s, on_thread),
        }
        return [Rows(source.name, list(readers[dataset_format](source)))]
    except ParseError as error:
        raise ModerationError(f"{source.name}: {error}") from None
    except csv.Error as error:
        raise ModerationError(f"{source.name}: bad CSV: {error}") from None


def load_many(
    paths: Iterable[str | Path],
    columns: TableColumns | None = None,
    on_thread: ThreadSeen | None = None,
    failures: list[str] | None = None,
    sources: list[Source] | None = None,
) -> list[Example]:
    """Examples of several inputs (directories read recursively, hidden files skipped, '-' for stdin),
    through the one read-and-join path every command shares (joined_inputs): each file read once, a
    saved page and its comment frame one thread, as `parse` and `report` read them.

    Without `failures`, the first input that cannot be read raises ModerationError (training on part
    of the data would be a different model). With it, such an input's one-line reason is appended
    and the others are read: `score` scores what it can, like `parse` and `report`. `sources` gets
    each input read (and a frame file read for its page though not named), so a caller learns the
    files behind the examples without walking the folders again.
    """
    from moderation.joined_inputs import read_joined
    from moderation.parsing import parse_path

    def read_source(source: Source) -> list[Thread] | list[Rows]:
        try:
            items = _source_items(source, columns, None, on_thread)
        except ModerationError as error:
            if failures is None:
                raise
            failures.append(str(error))
            return []
        if sources is not None:
            sources.append(source)
        return items

    def read_frame_file(path: Path) -> list[Thread]:
        threads = parse_path(path)
        if sources is not None:
            sources.append(file_source(path))
        return threads

    examples: list[Example] = []
    thread_files: dict[str, str] = {}  # thread id as given -> the input that first gave it
    taken: set[str] = set()
    renamed: dict[tuple[str, str], str] = {}  # (input, thread id as given) -> the id it has in this run
    for item in read_joined(paths, read_source, read_frame_file):
        origin, loaded = (item.source, item.examples) if isinstance(item, Rows) else (item.source_path, None)
        # Each example names its input; a thread id another input already gave (two pages both named
        # page.txt) gets a "#2", "#3" suffix, so ids stay unique across a run.
        for example in loaded if loaded is not None else _dump_examples(item, on_thread):
            thread = example.thread
            if thread is not None:
                key = (origin, thread)
                if key not in renamed:
                    renamed[key] = _unique_thread_id(thread, origin, thread_files, taken)
                thread = renamed[key]
            examples.append(_with_origin(example, origin, thread))
    return examples


def inputs_read(sources: Iterable[Source]) -> list[tuple[str, Path | bytes]]:
    """The inputs behind the sources read, each once in reading order, as (name, content): a file by its
    path (a zip once for all its members, a multi-file corpus with its companions), standard input as
    STANDARD_INPUT with the bytes that were read, which cannot be read again to be hashed."""
    inputs: dict[str, Path | bytes] = {}
    for source in sources:
        if source.path is None and source.data is not None:
            inputs.setdefault(STANDARD_INPUT, source.data)  # every member of a zip given on stdin: one input
        for path in (source.path, *source.companions.values()):
            if path is not None:
                inputs.setdefault(str(path), Path(path))
    return list(inputs.items())


def _with_origin(example: Example, source: str, thread: str | None) -> Example:
    """`dataclasses.replace(example, source=..., thread=...)` without its per-call field walk (a fifth
    of reading a large CSV)."""
    return Example(
        text=example.text,
        labels=example.labels,
        thread=thread,
        comment=example.comment,
        parent_text=example.parent_text,
        status=example.status,
        source=source,
        author=example.author,
        row=example.row,
    )


def _unique_thread_id(thread: str, source: str, thread_files: dict[str, str], taken: set[str]) -> str:
    if thread_files.setdefault(thread, source) == source:
        taken.add(thread)
        return thread
    number = 2
    while f"{thread}#{number}" in taken or f"{thread}#{number}" in thread_files:
        number += 1
    taken.add(f"{thread}#{number}")
    return f"{thread}#{number}"


# Words people write for a label that the data must spell as 1 or 0: named in the error, never guessed at.
_WORDED_LABELS = {"yes", "no", "true", "false", "y", "n", "t", "f"}


def _label_value(value, where: str) -> int | None:
    """0/1 from 0, 1, "0", "1", JSON true/false; None for unknown (-1, "", null)."""
    if value is None or value == "" or value == -1 or value == "-1":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _WORDED_LABELS:
        raise ModerationError(f"{where}: label value {value!r} must be written 1 or 0 (yes/true: 1, no/false: 0)")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ModerationError(f"{where}: label value {value!r} is not 0 or 1") from None
    if number not in (0.0, 1.0):
        raise ModerationError(f"{where}: label value {value!r} is not 0 or 1")
    return int(number)


def _read_jsonl(source: Source) -> Iterator[Example]:
    """Our JSONL. Records of the labels format (with a "source") are keyed by (source, thread, id): a
    later record of the same comment (a correction, an undo) replaces the earlier one."""
    reviewed: dict[tuple, Example] = {}
    for origin, example in _jsonl_examples(source):
        if origin is None:
            yield example
        else:
            reviewed.pop((origin, example.thread, example.comment), None)
            reviewed[(origin, example.thread, example.comment)] = example
    yield from (example for example in reviewed.values() if example.labels)


def _jsonl_examples(source: Source) -> Iterator[tuple[str | None, Example]]:
    name = source.name
    for number, line in enumerate(source.text().split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ModerationError(f"{name}:{number}: invalid JSON: {error.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ModerationError(f'{name}:{number}: each line needs a "text" string')
        if "labels" not in record and "label" in record:
            raise ModerationError(
                f'{name}:{number}: the key is "labels" (an object such as {{"insult": 1}}), not "label"'
            )
        labels = record.get("labels") or {}
        if not isinstance(labels, dict):
            raise ModerationError(f'{name}:{number}: "labels" must be an object')
        known = {label: _label_value(value, f"{name}:{number}") for label, value in labels.items()}
        yield (
            _optional_string(record.get("source")),
            Example(
                text=record["text"],
                labels={label: value for label, value in known.items() if value is not None},
                thread=_optional_string(record.get("thread")),
                comment=_optional_string(record.get("id")) or str(number),
                parent_text=record.get("parent_text") if isinstance(record.get("parent_text"), str) else None,
            ),
        )


def _rows(source: Source) -> Iterator[tuple[int, int, str, dict[str, str]]]:
    """(number, row number, where, row) per data row: `number` counts data rows from 1 (a row's id when
    it has none of its own, as it always was: labels saved against it stay valid); the row number is the
    row as a spreadsheet shows it (the header is row 1, the first data row row 2), which `where` names
    for an error ("train.csv: row 2") and `score` prints beside the id."""
    stream = io.StringIO(source.text(), newline="")
    reader = SheetReader(stream, delimiter="\t" if _suffix(source) == ".tsv" else ",")
    for number, (row_number, row) in enumerate(reader.numbered(), 1):
        yield number, row_number, f"{source.name}: row {row_number}", row


def _read_kaggle(source: Source) -> Iterator[Example]:
    for number, row_number, where, row in _rows(source):
        label = _label_value(row.get("Insult"), where)
        yield Example(
            text=decode_kaggle_comment(row.get("Comment") or ""),
            labels={} if label is None else {"insult": label},
            comment=str(number),
            row=row_number,
        )


def _read_jigsaw(source: Source) -> Iterator[Example]:
    for number, row_number, where, row in _rows(source):
        label = _label_value(row.get("insult"), where)
        yield Example(
            text=row.get("comment_text") or "",
            labels={} if label is None else {"insult": label},
            comment=row.get("id") or str(number),
            row=row_number,
        )


def _read_csv(source: Source, columns: TableColumns) -> Iterator[Example]:
    checked = False
    for number, row_number, where, row in _rows(source):
        if not checked:
            missing = [c for c in [columns.text, *columns.labels.values()] if c not in row]
            if missing:
                named = ", ".join(column for column in row if column is not None)  # None: a row's extra cells
                raise ModerationError(
                    f"{source.name}: no column {', '.join(map(repr, missing))} (columns: {named}); "
                    "use --text-column / --label-column"
                )
            checked = True
        labels = {name: _label_value(row[column], where) for name, column in columns.labels.items()}
        yield Example(
            text=row[columns.text] or "",
            labels={name: value for name, value in labels.items() if value is not None},
            comment=str(number),
            row=row_number,
        )


def _read_labelled_threads(source: Source, on_thread: ThreadSeen | None = None) -> Iterator[Example]:
    """Labels come from the raw JSON (the thread model has no place for them); context from the tree."""
    name = source.name
    try:
        document = json.loads(source.text())
    except json.JSONDecodeError as error:
        raise ModerationError(f"{name}: invalid JSON: {error.msg}") from None
    raw_threads = document.get("threads") if isinstance(document, dict) else None
    if not isinstance(raw_threads, list):
        raise ModerationError(f"{name}: 'threads' is not a list")
    labels_by_thread: list[dict[tuple[str, int], dict[str, int]]] = []
    for raw_thread in raw_threads:
        seen: dict[str, int] = defaultdict(int)
        labels: dict[tuple[str, int], dict[str, int]] = {}
        comments = raw_thread.get("comments") if isinstance(raw_thread, dict) else None
        for item in comments if isinstance(comments, list) else []:
            if not isinstance(item, dict):
                continue
            comment_id = _optional_string(item.get("id"))
            if comment_id is None:  # its id is made when the tree is built: found again by its text
                comment_id = _UNNAMED + (item.get("text") if isinstance(item.get("text"), str) else "")
            occurrence = seen[comment_id]
            seen[comment_id] += 1
            raw_labels = item.get("labels") if isinstance(item.get("labels"), dict) else {}
            known = {label: _label_value(v, f"{name}: comment {comment_id}") for label, v in raw_labels.items()}
            labels[(comment_id, occurrence)] = {label: value for label, value in known.items() if value is not None}
        labels_by_thread.append(labels)
    for number, thread in enumerate(_parse_threads(source, on_thread)):
        known_labels = labels_by_thread[number] if number < len(labels_by_thread) else {}
        yield from _thread_examples(thread, known_labels)


def _dump_examples(thread: Thread, on_thread: ThreadSeen | None = None) -> Iterator[Example]:
    """A dump's thread's comments, each labelled with the site's moderation decision where it has one
    (label `removed`, see moderation_history)."""
    if on_thread is not None:
        on_thread(thread)
    yield from _thread_examples(thread, {}, history=True)


def _parse_threads(source: Source, on_thread: ThreadSeen | None = None) -> list[Thread]:
    """The threads of a dump; a ParseError is named by source_examples."""
    from moderation.parsing import parse_source

    threads = parse_source(source)
    if on_thread is not None:
        for thread in threads:
            on_thread(thread)
    return threads


# Labels of a comment its JSON gives no id are keyed by this mark and the comment's text: its id is the
# marked tree path the assembler makes ("~1.2"), unknown while the labels are read.
_UNNAMED = "\x00"


def _thread_examples(thread, labels: dict[tuple[str, int], dict[str, int]], history: bool = False) -> Iterator[Example]:
    from moderation.datasets.moderation_history import HISTORY_LABEL, removal_label

    seen: dict[str, int] = defaultdict(int)
    for comment in thread.comments:
        key = comment.id if comment.own_id else _UNNAMED + comment.text
        occurrence = seen[key]
        seen[key] += 1
        parent = thread.parent(comment)
        stated = labels.get((key, occurrence), {})
        if history and (removed := removal_label(comment)) is not None:
            stated = {**stated, HISTORY_LABEL: removed}
        yield Example(
            text=comment.text,
            labels=stated,
            thread=thread.id,
            comment=comment.id,
            parent_text=parent.text if parent is not None else None,
            status=comment.status,
            author=comment.author,
        )


def _optional_string(value) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value)
