"""Isso's import format ("Advanced Migration", `isso import -t generic`): a JSON list of threads.

Each thread is {"id": the page's path or data-isso-id, "title", "comments": [...]}; each comment has
`id` (unique within its thread only), `author`, `email`, `website`, `remote_addr`, `created`
("%Y-%m-%d %H:%M:%S", a local time Isso reads in the server's zone: here in --timezone) and `text`.
The format names no parent, so every comment is top level, which each thread says; Isso orders them
by time, and so do we.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_document import read_json
from moderation.parsing.xml_stream import unnamed_ref
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "isso"
DESCRIPTION = "Isso's JSON import format (a list of threads, each with its comments)"

CREATED_FORMAT = "%Y-%m-%d %H:%M:%S"  # Isso's migrate.py reads `created` with this, as local time
FLAT = "Isso's import format keeps no replies: every comment is read as top level"
_THREAD_START = re.compile(r'^\[\s*\{\s*"(?:id|title|comments)"\s*:')
_COMMENT_KEYS = ('"created"', '"text"', '"remote_addr"')


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not _THREAD_START.match(head) or '"comments"' not in head:
        return 0
    return 90 if all(key in head for key in _COMMENT_KEYS) else 0


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if not isinstance(document, list):
        raise ParseError("Isso's import format is a list of threads")
    threads = 0
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict) or not isinstance(record.get("comments"), list):
            raise ParseError(f'item {number} of the list is not an Isso thread (an object with a "comments" list)')
        thread = Thread(id=_text(record.get("id")) or f"thread {number}", title=_text(record.get("title")) or None)
        raw_comments, skipped = [], 0
        for position, comment in enumerate(record["comments"], start=1):
            if isinstance(comment, dict):
                raw_comments.append(_comment(comment, position, thread, options.default_timezone))
            else:
                skipped += 1
        if skipped:
            thread.warnings.append(
                f"{counted(skipped, 'item')} of its comments list {noun_for(skipped, 'is', 'are')} no comment; skipped"
            )
        if raw_comments:
            thread.warnings.append(FLAT)
        threads += 1
        yield assemble_thread(thread, raw_comments, sibling_order="time")
    if not threads:
        raise ParseError("an Isso import file holding no thread")


def _comment(record: dict, position: int, thread: Thread, zone) -> RawComment:
    ref = _text(record.get("id"))
    keys = identity_keys(
        email=_text(record.get("email")) or None,
        profile_url=_text(record.get("website")) or None,
        ip=_text(record.get("remote_addr")) or None,
    )
    created = _text(record.get("created"))
    try:
        posted_at = datetime.strptime(created, CREATED_FORMAT).replace(tzinfo=zone) if created else None
    except ValueError:
        thread.warnings.append(f"comment {ref!r}: created {created[:40]!r} is not a date; kept without a time")
        posted_at = None
    return RawComment(
        ref=ref or unnamed_ref(position),
        parent_ref=None,
        author=" ".join(_text(record.get("author")).split()),
        text=_text(record.get("text")).replace("\r\n", "\n").strip(),
        own_id=bool(ref),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=posted_at,
    )


def _text(value) -> str:
    if value is None or isinstance(value, (bool, dict, list)):
        return ""
    return str(value)
