"""Staticman's data files: one file per comment, one folder per page (`_data/comments/SLUG/entry1700000000.json`).

Staticman commits each comment as a file in the site's repository; the fields are whatever the site's
staticman.yml allows, so the reader takes the common names: `_id`, `name`, the text under `message`,
`comment`, `body` or `text`, `date` (Unix seconds or milliseconds, or ISO 8601), and the parent under
`_parent` (Staticman's own `options[parent]`) or a theme's `replying_to_uid` / `parent_id`. A folder of
such JSON files is one multi-file corpus (`find_corpus`): its comments are one thread named after the folder.

Files are JSON or YAML (`format: yaml`, what 10 of 12 sites' staticman.yml we looked at choose:
docs/benchmarks.md), the YAML read with PyYAML's safe loader, imported only when a YAML file is read.

Staticman keeps no moderation history: a held comment waits as a pull request and is in the folder only
once merged, so every comment read is visible.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_lines import unix_time
from moderation.parsing.source import Corpus
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "staticman"
DESCRIPTION = "Staticman data files (one JSON or YAML file per comment; a folder of them is one page's thread)"

TEXT_KEYS = ("message", "comment", "body", "text")
NAME_KEYS = ("name", "author")
PARENT_KEYS = ("_parent", "replying_to_uid", "parent_id")
# Staticman's date options: timestamp-seconds, timestamp-milliseconds, iso8601. A number this large is
# milliseconds (as seconds it would be past the year 5000).
MILLISECONDS_FROM = 100_000_000_000
# A folder this full is no page's comment folder: find_corpus stops listing it (a file named alone in
# a big folder costs no more than this to place).
FOLDER_ENTRIES_LIMIT = 5_000
HEAD_BYTES = 2048
_JSON_ID = re.compile(r'^\s*\{[^{}]*?"_id"\s*:\s*"', re.DOTALL)
# Staticman writes `_id` first; a YAML document marker may stand above it.
_YAML_ID = re.compile(r"\s*(?:---[ \t]*\r?\n)?_id:[ \t]*\S")
DATA_SUFFIXES = (".json", ".yml", ".yaml")


def _looks_like_comment(head: str) -> bool:
    """A JSON object with Staticman's `_id`, a name and a text field among the first keys."""
    return bool(_JSON_ID.match(head)) and _has_fields(head, '"{}"')


def _has_fields(head: str, quoted: str) -> bool:
    return any(quoted.format(key) in head for key in NAME_KEYS) and any(quoted.format(key) in head for key in TEXT_KEYS)


def _looks_like_yaml_comment(head: str) -> bool:
    return bool(_YAML_ID.match(head)) and _has_fields("\n" + head, "\n{}:")


def _looks_like_any(head: str) -> bool:
    return _looks_like_comment(head) or _looks_like_yaml_comment(head)


def sniff(source) -> int:
    return 85 if _looks_like_any(source.head_text.lstrip("\ufeff")) else 0


def find_corpus(directory) -> Corpus | None:
    """A folder whose JSON and YAML files are all Staticman comments (two or more): the first is parsed,
    the rest are its companions. Only a folder on disk: a zip's folders are read file by file."""
    if not isinstance(directory, Path):
        return None
    files = []
    try:
        with os.scandir(directory) as entries:
            for count, entry in enumerate(entries):
                if count >= FOLDER_ENTRIES_LIMIT:
                    return None
                if entry.name.endswith(DATA_SUFFIXES) and not entry.name.startswith(".") and entry.is_file():
                    files.append(entry.name)
    except OSError:
        return None
    if len(files) < 2:
        return None
    files.sort()
    for name in files:
        if not _looks_like_any(_head(directory / name)):
            return None
    main, *rest = (directory / name for name in files)
    return Corpus(main=main, companions={path.name: path for path in rest})


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            return stream.read(HEAD_BYTES).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return ""


def parse(source, options) -> Iterator[Thread]:
    path = getattr(source, "path", None)
    thread = Thread(id=path.parent.name if path is not None and path.parent.name else "staticman")
    raw_comments: list[RawComment] = []
    unreadable: list[str] = []
    documents = [(source.name, _main_document(source))]
    for name, companion in sorted(source.companions.items()):
        try:
            documents.append((name, _document(companion.read_bytes().decode("utf-8", "replace"))))
        except (OSError, ValueError, RecursionError, ParseError):
            unreadable.append(name)
    for name, document in documents:
        if isinstance(document, dict) and any(_text(document.get(key)) for key in TEXT_KEYS):
            raw_comments.append(_comment(document, name))
        else:
            unreadable.append(Path(name).name)
    if unreadable:
        these = counted(len(unreadable), "file")
        thread.warnings.append(
            f"{these} of the folder {noun_for(len(unreadable), 'is', 'are')} no readable Staticman comment "
            f"({unreadable[0]} first); left out"
        )
    yield assemble_thread(thread, raw_comments, sibling_order="time")


def _main_document(source):
    try:
        return _document(source.text())
    except (ValueError, RecursionError) as error:
        raise ParseError(f"not a readable Staticman comment: {str(error).splitlines()[0]}") from None


def _document(text: str):
    """One data file's mapping: JSON, or YAML through PyYAML's safe loader (plain data, no objects)."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return json.loads(text)
    import yaml

    try:
        return yaml.load(text.lstrip("\ufeff"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise ValueError(f"invalid YAML: {error}") from None


def _comment(record: dict, file_name: str) -> RawComment:
    ref = _text(record.get("_id"))
    parent = next((_text(record.get(key)) for key in PARENT_KEYS if _text(record.get(key))), "")
    keys = identity_keys(profile_url=_text(record.get("url")) or _text(record.get("website")) or None)
    return RawComment(
        ref=ref or Path(file_name).stem,
        parent_ref=parent or None,
        author=" ".join(next((_text(record.get(key)) for key in NAME_KEYS if _text(record.get(key))), "").split()),
        text=next((_text(record.get(key)) for key in TEXT_KEYS if _text(record.get(key))), "").replace("\r\n", "\n"),
        own_id=bool(ref),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_date(record.get("date")),
    )


def _date(value) -> datetime | None:
    """Staticman's `date`: Unix seconds or milliseconds (a number or digits), or ISO 8601 (which YAML
    may already have read as a time)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            try:
                parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                return None
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= MILLISECONDS_FROM:
        value = value / 1000
    return unix_time(value)


def _text(value) -> str:
    if value is None or isinstance(value, (bool, dict, list)):
        return ""
    return str(value).strip()
