"""Threads to the `moderation.threads/1` JSON shape that other tools read.

Fields may be added, never renamed. Comments are written in pre-order.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import timezone
from typing import IO

import orjson

from moderation.thread import Thread, preorder_with_paths

SCHEMA = "moderation.threads/1"
UTC = timezone.utc


_NO_MENTIONS: list = []  # shared by the writer's records of comments that mention no one; only read


def comments_to_dicts(thread: Thread, *, native_times: bool = False) -> list[dict]:
    """Every comment's record in pre-order.

    native_times: records only the writer reads. UTC and zoneless times stay datetimes for orjson,
    which writes the same ISO 8601 text in C (isoformat was a sixth of the writing time), and comments
    share their identity keys and one empty mentions list instead of each getting copies.
    """
    no_mentions = _NO_MENTIONS if native_times else None
    records: list[dict] = []
    append = records.append
    for comment, path in preorder_with_paths(thread):
        depth = comment.depth
        posted_at = comment.posted_at
        if posted_at is not None and not (native_times and (posted_at.tzinfo is UTC or posted_at.tzinfo is None)):
            posted_at = posted_at.isoformat()
        mentions = comment.mentions
        if mentions:
            mentions = [mention.to_dict() for mention in mentions]
        else:
            mentions = [] if no_mentions is None else no_mentions
        record = {
            "id": comment.id,
            "parent_id": comment.parent_id,
            "author": comment.author,
            "author_key": comment.author_key,
            "posted_at": posted_at,
            "text": comment.text,
            "depth": depth,
            "path": path,
            "status": comment.status,
            "orphan": comment.orphan,
            "mentions": mentions,
        }
        identity_keys = comment.identity_keys
        if identity_keys:
            record["identity_keys"] = identity_keys if native_times else dict(identity_keys)
        if comment.source_parent_id is not None:
            record["source_parent_id"] = comment.source_parent_id
        if comment.kind != "comment":
            record["type"] = comment.kind
        if comment.deleted_by is not None:
            record["deleted_by"] = comment.deleted_by
        if comment.links:
            record["links"] = list(comment.links)
        if comment.role is not None:
            record["role"] = comment.role
        append(record)
    return records


def thread_to_dict(thread: Thread, *, native_times: bool = False) -> dict:
    return {
        "id": thread.id,
        "title": thread.title,
        "url": thread.url,
        "source": {"path": thread.source_path, "format": thread.source_format},
        "declared_comment_count": thread.declared_comment_count,
        "warnings": list(thread.warnings),
        "incomplete": thread.incomplete,
        "unread": list(thread.unread),
        **({"shown_zone": zone_name(thread.shown_zone)} if thread.shown_zone is not None else {}),
        "body": thread.body,
        "comments": comments_to_dicts(thread, native_times=native_times),
    }


def zone_name(zone) -> str:
    """A fixed zone as its UTC offset ("-07:00"), which threads_json reads back."""
    return offset_text(zone.utcoffset(None))


def offset_text(offset) -> str:
    """A UTC offset (a timedelta) as "-07:00" / "+05:30", as ISO times and reports write it."""
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{'-' if offset.total_seconds() < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def threads_json_chunks(threads: Iterable[Thread]) -> Iterator[bytes]:
    """The document as UTF-8 pieces, a few per thread: a long run never holds every thread's JSON at once.

    orjson writes the same bytes as json.dumps(indent=2, ensure_ascii=False) about ten times faster.
    Text it refuses (a lone surrogate, which no UTF-8 output can hold) is written with \\u escapes
    by the standard library instead, for that thread only.
    """
    yield f'{{"schema": "{SCHEMA}", "threads": ['.encode()
    for number, thread in enumerate(threads):
        record = thread_to_dict(thread, native_times=True)
        try:
            encoded = orjson.dumps(record, option=orjson.OPT_INDENT_2)
        except TypeError:  # a lone surrogate; the record's native times are for orjson only
            encoded = json.dumps(thread_to_dict(thread), indent=2).encode()
        # Each thread is let go as soon as it is written, before the next one is built: freed while
        # its memory is still in the cache, and the next thread's objects reuse the same blocks.
        del record, thread
        yield b",\n" if number else b"\n"  # apart: joined, each thread's JSON was copied once more
        yield encoded
        del encoded
    yield b"\n]}\n"


def write_threads_json(threads: Iterable[Thread], stream: IO[str] | IO[bytes]) -> None:
    """Write the document to a text stream (through its byte buffer when it has one) or a binary one."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        stream = buffer
    text = isinstance(stream, io.TextIOBase) or hasattr(stream, "encoding")
    for chunk in threads_json_chunks(threads):
        stream.write(chunk.decode("utf-8") if text else chunk)
