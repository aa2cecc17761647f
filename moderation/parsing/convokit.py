"""ConvoKit corpora: utterances.jsonl (one utterance per line), or the older utterances.json array.

Every utterance becomes a comment, the conversation's root included: ConvoKit keeps no article
apart from the utterances, and the root is a speaker's words like any other. One thread per
conversation_id (older corpora call it "root" and the speaker "user"). ConvoKit's own writer names
the reply key "reply-to" (its loader also reads "reply_to"; so do we).

A corpus folder as `Corpus.dump` writes it (utterances.jsonl beside conversations.json, speakers.json,
corpus.json, index.json), on disk or zipped as ConvoKit ships its corpora, is read as one corpus:
conversation titles come from conversations.json, display names from speakers.json where a speaker's
meta has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from moderation.assemble import RawComment, assemble_thread
from moderation.errors import ParseError
from moderation.parsing.json_document import read_json
from moderation.parsing.json_lines import bad_lines_warning, head_records, iter_json_lines, unix_time
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.reddit import reddit_text
from moderation.parsing.source import Corpus
from moderation.parsing.threads_json import declares_schema
from moderation.plurals import counted
from moderation.thread import Thread

FORMAT = "convokit"
DESCRIPTION = "ConvoKit utterances.jsonl (or the older utterances.json array)"

# Reddit's placeholders, which ConvoKit's Reddit corpora keep as the text: who deleted it.
DELETED_BY_TEXT = {"[deleted]": "author", "[removed]": "moderator"}
REPLY_KEYS = ("reply-to", "reply_to")
UTTERANCE_FILES = ("utterances.jsonl", "utterances.json")
# The companion files Corpus.dump writes, by role ("users.json" is what ConvoKit 1 called speakers).
COMPANION_FILES = (
    ("conversations", "conversations.json"),
    ("speakers", "speakers.json"),
    ("speakers", "users.json"),
    ("corpus", "corpus.json"),
    ("index", "index.json"),
)
_SPEAKER_NAME_KEYS = ("name", "display_name", "screen_name", "username")
_REPLY_TO = re.compile(r'"reply[-_]to"\s*:')
_CONVERSATION = re.compile(r'"(?:conversation_id|root)"\s*:')
_MILLISECONDS_FROM = 1e11  # seconds that large are past the year 5000: the corpus counted milliseconds


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or declares_schema(head):
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


def find_corpus(directory: Path) -> Corpus | None:
    """A ConvoKit corpus folder: an utterances file with at least one of its companion files."""
    main = next((directory / name for name in UTTERANCE_FILES if (directory / name).is_file()), None)
    if main is None:
        return None
    companions: dict[str, Path] = {}
    for role, name in COMPANION_FILES:
        if role not in companions and (directory / name).is_file():
            companions[role] = directory / name
    return Corpus(main=main, companions=companions) if companions else None


def parse(source, options) -> Iterator[Thread]:
    conversations: dict[str, list[RawComment]] = {}
    fallback_id = page_thread_id(source)
    bad_lines: list[int] = []
    in_array = source.head_text.lstrip().startswith("[")
    records = enumerate(_array_items(source), start=1) if in_array else iter_json_lines(source, bad_lines)
    for number, record in records:
        if not isinstance(record, dict) or not (_is_utterance(record) or _lacks_only_reply_to(record)):
            bad_lines.append(number)
            continue
        conversation = _string(record.get("conversation_id", record.get("root"))) or fallback_id
        conversations.setdefault(conversation, []).append(_utterance(record, number, options))
    if not conversations:
        raise ParseError(f"no ConvoKit utterance found ({counted(len(bad_lines), 'record')} skipped)")
    warnings = [bad_lines_warning(bad_lines, "a ConvoKit utterance", unit="item" if in_array else "line")]
    conversation_meta = _companion(source, "conversations", warnings)
    speaker_names = _speaker_names(_companion(source, "speakers", warnings))
    for conversation_id in list(conversations):
        raw_comments = conversations.pop(conversation_id)
        thread = Thread(id=conversation_id)
        thread.warnings.extend(warning for warning in warnings if warning)
        _describe(thread, conversation_meta.get(conversation_id))
        if speaker_names:
            for raw in raw_comments:
                raw.author = speaker_names.get(raw.author, raw.author)
        assemble_thread(thread, raw_comments, sibling_order="time")
        yield thread


def _companion(source, role: str, warnings: list[str | None]) -> dict:
    """A companion JSON object of the corpus folder; unreadable, it costs a warning, not the corpus."""
    path = source.companions.get(role)
    if path is None:
        return {}
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError, ParseError) as error:  # ParseError: a broken zip member
        warnings.append(f"{path.name} of the corpus could not be read ({error}); its {role} details are missing")
        return {}
    if not isinstance(document, dict):
        warnings.append(f"{path.name} of the corpus is not a JSON object; its {role} details are missing")
        return {}
    return document


def _meta(entry) -> dict:
    meta = entry.get("meta") if isinstance(entry, dict) else None
    return meta if isinstance(meta, dict) else {}


def _describe(thread: Thread, entry) -> None:
    """The title from the conversation's conversations.json meta.

    Its Reddit `num_comments` is not taken as the declared count: it leaves out the post, which is
    an utterance (a comment) here, so every comparison with the comments found would be off by one.
    """
    meta = _meta(entry)
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        thread.title = " ".join((reddit_text(title) if _from_reddit(meta) else title).split())


def _speaker_names(speakers: dict) -> dict[str, str]:
    """Speaker id -> display name, for the speakers whose meta names them otherwise (ids are often handles)."""
    names = {}
    for speaker_id, entry in speakers.items():
        meta = _meta(entry)
        for key in _SPEAKER_NAME_KEYS:
            name = meta.get(key)
            if isinstance(name, str) and name.strip() and name.strip() != speaker_id:
                names[speaker_id] = " ".join(name.split())
                break
    return names


def _array_items(source) -> list:
    document = read_json(source)
    if not isinstance(document, list):
        raise ParseError("a ConvoKit JSON corpus is an array of utterances")
    return document


def _is_utterance(record: dict) -> bool:
    return ("reply-to" in record or "reply_to" in record) and ("conversation_id" in record or "root" in record)


def _lacks_only_reply_to(record: dict) -> bool:
    """An utterance written without its reply key (hand-made corpora leave it out for a root): read as
    having no parent, so the comment is kept; skipped, it was a comment lost with only a warning."""
    return ("conversation_id" in record or "root" in record) and "text" in record and ("id" in record)


def _reply_to(record: dict) -> str | None:
    for key in REPLY_KEYS:
        if key in record:
            return _string(record[key])
    return None


def _utterance(record: dict, number: int, options) -> RawComment:
    utterance_id = _string(record.get("id"))
    speaker = record.get("speaker", record.get("user"))
    if isinstance(speaker, dict):  # some exports inline the speaker object
        speaker = speaker.get("id", speaker.get("name"))
    text = reddit_text(record.get("text")) if _from_reddit(_meta(record)) else _plain_text(record.get("text"))
    return RawComment(
        ref=utterance_id if utterance_id is not None else f"(no id, record {number})",
        parent_ref=_reply_to(record),
        author=(_string(speaker) or "").strip(),
        text=text,
        own_id=utterance_id is not None,
        posted_at=_timestamp(record.get("timestamp"), options),
        status="deleted" if text in DELETED_BY_TEXT else "visible",
        deleted_by=DELETED_BY_TEXT.get(text),
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


def _from_reddit(meta: dict) -> bool:
    """ConvoKit's Reddit corpora name the subreddit in every utterance's and conversation's meta; their
    text is Reddit's, with &, < and > escaped, so it is decoded as Reddit text is (once, those three only)."""
    return "subreddit" in meta


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
