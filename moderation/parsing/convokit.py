"""ConvoKit corpora: utterances.jsonl (one utterance per line), or the older utterances.json array.

Every utterance becomes a comment, the conversation's root included: ConvoKit keeps no article
apart from the utterances, and the root is a speaker's words like any other. One thread per
conversation_id (older corpora call it "root" and the speaker "user").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime

from moderation.assemble import RawComment, assemble_thread
from moderation.errors import ParseError
from moderation.parsing.json_lines import bad_lines_warning, head_records, iter_json_lines, unix_time
from moderation.parsing.plain_page import page_thread_id
from moderation.serialize import SCHEMA
from moderation.thread import Thread

FORMAT = "convokit"
DESCRIPTION = "ConvoKit utterances.jsonl (or the older utterances.json array)"

DELETED_TEXTS = ("[deleted]", "[removed]")
_REPLY_TO = re.compile(r'"reply_to"\s*:')
_CONVERSATION = re.compile(r'"(?:conversation_id|root)"\s*:')
_MILLISECONDS_FROM = 1e11  # seconds that large are past the year 5000: the corpus counted milliseconds


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or SCHEMA in head[:300]:
        return 0
    if head[0] == "[":
        first_object = head[:4000]
        return 90 if _REPLY_TO.search(first_object) and _CONVERSATION.search(first_object) else 0
    if head[0] != "{":
        return 0
    records = head_records(source)
    if any(_is_utterance(record) for record in records):
        return 90
    if not records and _REPLY_TO.search(head) and '"conversation_id"' in head:
        return 90  # a first line longer than the head sample
    return 0


def parse(source, options) -> Iterator[Thread]:
    conversations: dict[str, list[RawComment]] = {}
    fallback_id = page_thread_id(source)
    bad_lines: list[int] = []
    in_array = source.head_text.lstrip().startswith("[")
    records = enumerate(_array_items(source), start=1) if in_array else iter_json_lines(source, bad_lines)
    for number, record in records:
        if not isinstance(record, dict) or not _is_utterance(record):
            bad_lines.append(number)
            continue
        conversation = _string(record.get("conversation_id", record.get("root"))) or fallback_id
        conversations.setdefault(conversation, []).append(_utterance(record, number, options))
    if not conversations:
        raise ParseError(f"no ConvoKit utterance found ({len(bad_lines)} records skipped)")
    warning = bad_lines_warning(bad_lines, "a ConvoKit utterance", unit="item" if in_array else "line")
    for conversation_id in list(conversations):
        raw_comments = conversations.pop(conversation_id)
        thread = Thread(id=conversation_id)
        if warning:
            thread.warnings.append(warning)
        assemble_thread(thread, raw_comments, sibling_order="time")
        yield thread


def _array_items(source) -> list:
    try:
        document = json.loads(source.text())
    except (ValueError, RecursionError) as error:
        raise ParseError(f"invalid JSON: {error}") from None
    if not isinstance(document, list):
        raise ParseError("a ConvoKit JSON corpus is an array of utterances")
    return document


def _is_utterance(record: dict) -> bool:
    return "reply_to" in record and ("conversation_id" in record or "root" in record)


def _utterance(record: dict, number: int, options) -> RawComment:
    utterance_id = _string(record.get("id"))
    speaker = record.get("speaker", record.get("user"))
    if isinstance(speaker, dict):  # some exports inline the speaker object
        speaker = speaker.get("id", speaker.get("name"))
    text = _plain_text(record.get("text"))
    return RawComment(
        ref=utterance_id if utterance_id is not None else f"(no id, record {number})",
        parent_ref=_string(record.get("reply_to")),
        author=(_string(speaker) or "").strip(),
        text=text,
        own_id=utterance_id is not None,
        posted_at=_timestamp(record.get("timestamp"), options),
        status="deleted" if text in DELETED_TEXTS else "visible",
    )


def _timestamp(value, options) -> datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= _MILLISECONDS_FROM:
        value = value / 1000
    posted = unix_time(value)
    if posted is None and isinstance(value, str):
        try:
            posted = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if posted.tzinfo is None:
            posted = posted.replace(tzinfo=options.default_timezone)
    return posted


def _plain_text(value) -> str:
    if not isinstance(value, str):
        return ""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _string(value) -> str | None:
    """Ids as text: numbers are fine, objects and empty strings are no id."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    return text if text else None
