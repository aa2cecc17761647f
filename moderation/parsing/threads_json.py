"""Our own `moderation.threads/1` JSON, read back exactly as it was written."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from moderation.assemble import RawComment, assemble_thread
from moderation.errors import ParseError
from moderation.parsing.json_document import read_json
from moderation.serialize import SCHEMA
from moderation.thread import DELETED_BY, KINDS, ROLES, STATUSES, Mention, Thread

FORMAT = "json"
DESCRIPTION = "this toolkit's own thread JSON (schema moderation.threads/1)"


# The schema as the value of the document's "schema" key, near its start. A comment that writes the
# schema's name (in a Reddit or ConvoKit dump's first lines) has its quotes escaped, so it is no key.
_DECLARED_SCHEMA = re.compile(r'"schema"\s*:\s*"' + re.escape(SCHEMA) + '"')
_SCHEMA_WITHIN = 300  # the writer puts the key first; room for indentation and a BOM


def declares_schema(head: str) -> bool:
    """Whether a JSON head is this toolkit's thread JSON (not a dump whose text names the schema)."""
    return head.startswith("{") and _DECLARED_SCHEMA.search(head[:_SCHEMA_WITHIN]) is not None


def sniff(source) -> int:
    return 95 if declares_schema(source.head_text.lstrip()) else 0


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ParseError(f"JSON without schema {SCHEMA!r}")
    threads = document.get("threads")
    if not isinstance(threads, list):
        raise ParseError("'threads' is not a list")
    for number, record in enumerate(threads):
        if not isinstance(record, dict):
            raise ParseError(f"thread {number} is not an object")
        yield _thread(record, number)


def _thread(record: dict, number: int) -> Thread:
    declared = record.get("declared_comment_count")
    thread = Thread(
        id=_string(record.get("id")) or str(number + 1),
        title=_string(record.get("title")),
        url=_string(record.get("url")),
        declared_comment_count=declared if isinstance(declared, int) and not isinstance(declared, bool) else None,
        body=_string(record.get("body")),
        warnings=[str(w) for w in record.get("warnings") or [] if isinstance(w, str)],
    )
    thread.unread = [str(w) for w in record.get("unread") or [] if isinstance(w, str)]
    thread.shown_zone = _zone(record.get("shown_zone"))
    comments = record.get("comments") or []
    if not isinstance(comments, list):
        raise ParseError(f"thread {thread.id!r}: 'comments' is not a list")
    raw_comments = [_comment(item, position, thread.id) for position, item in enumerate(comments)]
    recorded = thread.warnings
    thread.warnings = []
    assemble_thread(thread, raw_comments)
    # Repairs the file records are found again on reading: add only those beyond the recorded ones.
    new = Counter(thread.warnings) - Counter(recorded)
    thread.warnings = recorded + [w for w in thread.warnings if new[w] > 0 and not new.subtract([w])]
    return thread


def _comment(item, position: int, thread_id: str) -> RawComment:
    if not isinstance(item, dict):
        raise ParseError(f"thread {thread_id!r}: comment {position} is not an object")
    comment_id = _string(item.get("id"))
    own_id = comment_id is not None
    if not own_id:
        # No id: a handle no parent_id can name; the assembler gives it a marked path ("~3") that cannot
        # equal an id the document gives, so a reply naming "3" never lands under it.
        comment_id = f"\x00{position}"
    shown = comment_id if own_id else f"number {position + 1} (no id)"
    parent = _string(item.get("parent_id"))
    orphan = item.get("orphan") is True
    if parent is None and orphan:
        parent = _string(item.get("source_parent_id"))
    posted_at = None
    if isinstance(item.get("posted_at"), str):
        try:
            posted_at = datetime.fromisoformat(item["posted_at"])
        except ValueError:
            raise ParseError(f"comment {shown!r}: bad posted_at {item['posted_at']!r}") from None
        if posted_at.tzinfo is None:
            raise ParseError(f"comment {shown!r}: posted_at has no time zone")
    mentions = [
        Mention(text=str(m.get("text", "")), kind=str(m.get("kind", "name")), target=_string(m.get("target")))
        for m in item.get("mentions") or []
        if isinstance(m, dict)
    ]
    keys = item.get("identity_keys")
    status = item.get("status")
    links = item.get("links")
    return RawComment(
        ref=comment_id,
        parent_ref=parent,
        own_id=own_id,
        author=_string(item.get("author")) or "",
        text=_string(item.get("text")) or "",
        author_key=_string(item.get("author_key")),
        identity_keys={str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
        posted_at=posted_at,
        status=status if status in STATUSES else "visible",
        mentions=mentions or (),
        orphan=orphan,
        kind=item.get("type") if item.get("type") in KINDS else "comment",
        links=tuple(str(link) for link in links if isinstance(link, str)) if isinstance(links, list) else (),
        deleted_by=item.get("deleted_by") if item.get("deleted_by") in DELETED_BY else None,
        role=item.get("role") if item.get("role") in ROLES else None,
    )


def _zone(value):
    """A "+05:30"-style offset written by serialize.zone_name, else None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%z").tzinfo
    except ValueError:
        return None


def _string(value) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value)
