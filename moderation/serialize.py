"""Threads to the `moderation.threads/1` JSON shape that other tools read.

Fields may be added, never renamed. Comments are written in pre-order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from moderation.thread import Comment, Thread

SCHEMA = "moderation.threads/1"


def comment_to_dict(comment: Comment) -> dict:
    record = {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": comment.author,
        "author_key": comment.author_key,
        "posted_at": comment.posted_at.isoformat() if comment.posted_at else None,
        "text": comment.text,
        "depth": comment.depth,
        "path": comment.path,
        "status": comment.status,
        "orphan": comment.orphan,
        "mentions": [mention.to_dict() for mention in comment.mentions],
    }
    if comment.identity_keys:
        record["identity_keys"] = dict(comment.identity_keys)
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
    return record


def thread_to_dict(thread: Thread) -> dict:
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
        "comments": [comment_to_dict(comment) for comment in thread.preorder()],
    }


def zone_name(zone) -> str:
    """A fixed zone as its UTC offset ("-07:00"), which threads_json reads back."""
    offset = zone.utcoffset(None)
    minutes = int(offset.total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def threads_to_dict(threads: Iterable[Thread]) -> dict:
    return {"schema": SCHEMA, "threads": [thread_to_dict(thread) for thread in threads]}


def write_threads_json(threads: Iterable[Thread], stream: IO[str], *, indent: int | None = 2) -> None:
    """Write the document thread by thread, so a long run never holds every thread's JSON at once."""
    stream.write(f'{{"schema": "{SCHEMA}", "threads": [')
    for number, thread in enumerate(threads):
        if number:
            stream.write(",")
        stream.write("\n")
        stream.write(json.dumps(thread_to_dict(thread), ensure_ascii=False, indent=indent))
    stream.write("\n]}\n")
