"""Reddit comments: a listing saved from /comments/ID.json, an /api/morechildren response, or
Reddit/Pushshift NDJSON dumps.

Ids drop their type prefix: comment "t1_c0ffee" is "c0ffee", and a thread is its submission's base36
id ("t3_abc" -> "abc"), so replies name their parents by the same ids the comments carry. NDJSON is
the big-dump path: it is read line by line, each comment's line kept under its thread and built into
a `RawComment` when that thread is assembled (see `_Dump.held`).

A "more" stub stands for replies Reddit did not send: the thread records them as unread (incomplete),
never as comments. "[removed]" is a moderator's removal, "[deleted]" the author's own deletion; a
moderator's own listing keeps a removed comment's words and says `"removed": true` (a moderator's removal too).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import msgspec
import orjson

from moderation.assemble import NO_KEYS, RawComment, assemble_thread, collector_paused
from moderation.author_keys import primary_key, user_id_keys
from moderation.errors import ParseError
from moderation.parsing.json_document import first_array_object, read_json
from moderation.parsing.json_lines import bad_lines_warning, head_records, numbered_lines, read_json_line, unix_time
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.threads_json import declares_schema
from moderation.plurals import counted
from moderation.thread import Thread

FORMAT = "reddit"
DESCRIPTION = (
    "Reddit comments: a /comments/ID.json listing, an /api/morechildren response, "
    "or Reddit/Pushshift NDJSON (one comment per line)"
)

REDDIT = "https://www.reddit.com"
UTC = timezone.utc
fromtimestamp = datetime.fromtimestamp
DELETED_BODIES = ("[deleted]", "[removed]")
DELETED_BY_BODY = {"[deleted]": "author", "[removed]": "moderator"}
DELETED_AUTHOR = "[deleted]"  # the author shown once the account or the comment is gone
# "more" stubs: a few are listed one reason each; past this, one reason sums them (a big thread has
# hundreds) naming the first places they sit, so the warnings stay readable.
MAX_STUBS_LISTED = 5
MAX_STUB_PLACES_NAMED = 5
_MORECHILDREN_AT_START = re.compile(r'^\{\s*"json"\s*:\s*\{')
_LISTING_AT_START = re.compile(r'^[\[{]\s*\{?\s*"kind"\s*:\s*"Listing"')
_LISTING_ANYWHERE = re.compile(r'"kind"\s*:\s*"Listing"')
# Pushshift's and Arctic Shift's API answers: {"data": [comments, submissions or t1 trees], ...}.
_DATA_ARRAY_AT_START = re.compile(r'^\{\s*"data"\s*:\s*\[')
_THING_KINDS = ("t1", "t3", "more")
_REDDIT_FULLNAME = re.compile(r'"(?:parent_id|link_id)"\s*:\s*"t[13]_')


class _CommentLine(msgspec.Struct, gc=False):
    """The fields of a Pushshift comment line the parser reads, the line's other fields skipped unread.

    msgspec decodes a line into this without building the dict of every field orjson would (71 on a
    real Pushshift line), reading a million-line dump twice as it is (see `_parse_lines`). A field
    the line lacks is None, as `dict.get` gives; `body` is UNSET only when the line has no body.
    """

    id: Any = None
    link_id: Any = None
    parent_id: Any = None
    author: Any = None
    author_fullname: Any = None
    body: Any = msgspec.UNSET
    spam: Any = None
    removed: Any = None
    created_utc: Any = None
    created: Any = None
    distinguished: Any = None
    is_submitter: Any = None


_decode_comment_line = msgspec.json.Decoder(_CommentLine).decode
_decode_comment_lines = msgspec.json.Decoder(_CommentLine).decode_lines
# What msgspec raises on a line it cannot read as that struct (not JSON, not an object, nested past
# its limit): such a line is read by the general path, orjson then json, as before.
_LINE_ERRORS = (msgspec.MsgspecError, RecursionError)
_UNSET = msgspec.UNSET


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head or declares_schema(head):
        return 0
    if _LISTING_AT_START.match(head) or (head[0] == "[" and _LISTING_ANYWHERE.search(head)):
        return 95
    if _MORECHILDREN_AT_START.match(head) and '"things"' in head:
        return 95
    data_array = _DATA_ARRAY_AT_START.match(head)
    if data_array:
        first = first_array_object(head, data_array.end() - 1)
        return 90 if first is not None and _is_thing_or_record(first) else 0
    if head[0] == "[":
        first = first_array_object(head)
        return 85 if first is not None and _is_comment(first) else 0
    if head[0] != "{":
        return 0
    records = [_unwrap(record) for record in head_records(source)]
    if any(_is_comment(record) for record in records):
        return 90
    if records and all(_is_submission(record) for record in records):
        return 60  # a submissions-only dump (Pushshift RS_ file): threads without comments
    if not records and head.count("\n") <= 1:  # a first line longer than the head sample
        if _REDDIT_FULLNAME.search(head):
            return 90
        if '"body"' in head[:2000] and '"author"' in head[:2000]:
            return 70  # Pushshift sorts its keys: author and body come before a long body ends
    return 0


_DOCUMENT_STARTS = (_LISTING_AT_START, _MORECHILDREN_AT_START, _DATA_ARRAY_AT_START)


def parse(source, options) -> Iterator[Thread]:
    head = source.head_text.lstrip()
    if head.startswith("[") or any(start.match(head) for start in _DOCUMENT_STARTS):
        yield from _parse_document(source)
    else:
        yield from _parse_lines(source)


# -- NDJSON ------------------------------------------------------------------------------------


def _parse_lines(source) -> Iterator[Thread]:
    dump = _Dump(page_thread_id(source), hold_lines=True)
    bad_lines: list[int] = []
    hold, held_by_link = dump.hold, dump.held_by_link
    decode, decode_comment_line, line_errors = json.JSONDecoder().decode, _decode_comment_line, _LINE_ERRORS
    with collector_paused():
        for number, line in numbered_lines(source):
            # A comment line with its own id, a "t3_" link to a thread already held and a "t1_" or
            # "t3_" parent (nearly every line of a big dump) is kept as it is in its thread's current
            # run (see `_Dump.held`): msgspec reads the fields that say so, and
            # reads the run again when the thread is built (`_build_held` builds exactly these lines,
            # so orjson never meets a line only msgspec has read). What `_comment_line` does, inline:
            # this runs once per line of the largest dumps.
            if type(line) is bytes and (line.isascii() or _is_utf8(line)):
                try:
                    head = decode_comment_line(line)
                except line_errors:
                    head = None
                if head is not None and head.body is not _UNSET:
                    comment_id, link_id, parent_id = head.id, head.link_id, head.parent_id
                    if (
                        type(link_id) is str
                        and type(comment_id) is str
                        and type(parent_id) is str
                        and comment_id
                        and comment_id[:3] != "t1_"
                        and len(parent_id) > 3
                        and parent_id[:3] in ("t1_", "t3_")
                    ):
                        run = held_by_link.get(link_id)  # only "t3_" links of threads already held
                        if run is not None:
                            run.append(line)
                            continue
            read = read_json_line(line, number, bad_lines, decode)
            if read is None:
                continue
            record, line = read
            if "body" in record:
                hold(record, line)
                continue
            record = _unwrap(record)
            if _is_submission(record):
                dump.add_submission(record)
            elif _is_comment(record):
                hold(record, None)
            else:
                bad_lines.append(number)
    if not dump.threads:
        raise ParseError(f"no line holds a Reddit comment or submission ({counted(len(bad_lines), 'line')} skipped)")
    yield from dump.finish(bad_lines_warning(bad_lines, "a Reddit comment or submission"))


# -- listing JSON (and JSON arrays of flat comments) -------------------------------------------


def _parse_document(source) -> Iterator[Thread]:
    document = read_json(source)
    dump = _Dump(page_thread_id(source), track_threads=True)
    if isinstance(document, dict) and isinstance(document.get("json"), dict):
        items = _morechildren_things(document["json"], dump)
    elif isinstance(document, dict) and isinstance(document.get("data"), list):
        items = document["data"]  # an API answer (Pushshift, Arctic Shift) wraps its records so
    else:
        items = document if isinstance(document, list) else [document]
    skipped: list[int] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            skipped.append(number)
        elif item.get("kind") == "Listing":
            _read_listing(item, dump)
        elif item.get("kind") in _THING_KINDS and isinstance(item.get("data"), dict):
            _read_listing({"data": {"children": [item]}}, dump)  # a thing, its replies and "more" stubs with it
        else:
            record = _unwrap(item)
            if _is_submission(record):
                dump.add_submission(record)
            elif _is_comment(record):
                dump.add_comment(record)
            else:
                skipped.append(number)
    if not dump.threads:
        raise ParseError("no Reddit listing, comment or submission in the JSON")
    yield from dump.finish(bad_lines_warning(skipped, "a Reddit listing, comment or submission", unit="item"))


def _morechildren_things(response: dict, dump: _Dump) -> list:
    """/api/morechildren answers {"json": {"errors": [...], "data": {"things": [...]}}}: flat things,
    each naming its parent by parent_id. Errors Reddit reports are kept as a file warning."""
    errors = response.get("errors")
    if isinstance(errors, list) and errors:
        dump.file_warnings.append(f"Reddit answered with {counted(len(errors), 'error')}: {str(errors)[:200]}")
    data = response.get("data")
    things = data.get("things") if isinstance(data, dict) else None
    if not isinstance(things, list):
        raise ParseError('a /api/morechildren response without a "things" list')
    return things


def _read_listing(listing: dict, dump: _Dump) -> None:
    """Walk a Listing and the Listings nested in each comment's `replies`, without recursion."""
    # Stack entries: (thing, the comment id it nests under, or None at the listing's top).
    stack = [(child, None) for child in reversed(_listing_children(listing))]
    while stack:
        thing, nesting_parent = stack.pop()
        if not isinstance(thing, dict):
            continue
        kind, data = thing.get("kind"), thing.get("data")
        if not isinstance(data, dict):
            continue
        if kind == "t3":
            dump.add_submission(data)
        elif kind == "t1":
            comment_id = dump.add_comment(data, nesting_parent)
            replies = data.get("replies")
            if isinstance(replies, dict):
                stack.extend((child, comment_id) for child in reversed(_listing_children(replies)))
        elif kind == "more":
            dump.note_unloaded(data, nesting_parent)
        elif kind == "Listing":
            stack.extend((child, nesting_parent) for child in reversed(_listing_children(thing)))


def _listing_children(listing: dict) -> list:
    data = listing.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else []


# -- records -----------------------------------------------------------------------------------


def _unwrap(record: dict) -> dict:
    """API things are {"kind": "t1", "data": {...}}; Pushshift lines are the data alone."""
    data = record.get("data")
    if isinstance(data, dict) and record.get("kind") in ("t1", "t3"):
        if record["kind"] == "t3" and ("title" not in data or not _is_submission(data)):
            # A t3 is a submission whatever fields it carries: give it the marks _is_submission looks for.
            data = dict(data, title=data.get("title"), is_self=data.get("is_self"))
        return data
    return record


# Fields only a Reddit submission has beside its title: a title alone is any JSON record's (a Hacker
# News item, a blog post), which was read as a Reddit thread with no comments.
_SUBMISSION_FIELDS = ("subreddit", "selftext", "num_comments", "permalink", "is_self", "subreddit_id")


def _is_submission(record: dict) -> bool:
    if "title" not in record or "body" in record:
        return False
    return any(field in record for field in _SUBMISSION_FIELDS) or str(record.get("name", "")).startswith("t3_")


def _is_thing_or_record(item: dict) -> bool:
    if item.get("kind") in _THING_KINDS:
        return isinstance(item.get("data"), dict)
    return _is_comment(item) or _is_submission(item)


def _is_comment(record: dict) -> bool:
    return "body" in record or ("parent_id" in record and "link_id" in record)


def _base_id(value) -> str | None:
    """ "t3_abc" -> "abc"; a bare id stays; anything that is not a non-empty string -> None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        return None
    if len(value) > 3 and value[0] == "t" and value[2] == "_" and value[1] in "123456":
        return value[3:]
    return value


def _comment_line(line) -> _CommentLine | None:
    """The line read by msgspec, or None where its reading might differ from orjson's (then the
    line is read whole by orjson, as before): lines that are not valid UTF-8 (orjson refuses them
    and they are decoded whole first, while msgspec skips the fields it does not read), text lines
    (UTF-16/32 inputs), and whatever msgspec refuses. On valid UTF-8, msgspec is the stricter of the
    two (it refuses nesting orjson still reads), and both keep the last of repeated keys."""
    if type(line) is not bytes or not (line.isascii() or _is_utf8(line)):
        return None
    try:
        return _decode_comment_line(line)
    except _LINE_ERRORS:
        return None


def _read_run(run: list[bytes]) -> list[_CommentLine]:
    """The lines of a run (see `_Dump.held`), joined and read by msgspec in one call; the run is
    emptied, its lines freed before their comments are made. Each line was read alone by the same
    decoder already (every line but a file's last ends in its only newline), so the run reads whole;
    were it ever refused, its lines are read one by one, as they were alone, so that no comment is lost."""
    joined = b"".join(run)
    run.clear()
    try:
        return _decode_comment_lines(joined)
    except _LINE_ERRORS:
        return [_decode_comment_line(line) for line in joined.split(b"\n") if line.strip()]


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _comment_id(data: dict) -> str | None:
    """A comment's own id without its type prefix ("t1_c0ffee" -> "c0ffee"), from `id` else `name`."""
    comment_id = data.get("id")
    if type(comment_id) is str and comment_id and comment_id[:3] != "t1_":
        return comment_id
    return _base_id(comment_id) or _base_id(data.get("name"))


def _placement(data: dict, fallback_thread_id: str) -> tuple[str, str | None, str | None, str | None]:
    """(thread id, parent's type prefix "t1_"/"t3_" or None, parent id, link id) of a comment.

    The thread is its link's submission, else the submission its parent names, else the input's own.
    """
    get = data.get
    link_id = get("link_id")
    # The common cases inline, then the general ones.
    plain_link = type(link_id) is str and link_id[:3] == "t3_" and len(link_id) > 3
    link_id = link_id[3:] if plain_link else _base_id(link_id)
    raw_parent = get("parent_id")
    if type(raw_parent) is str and len(raw_parent) > 3 and raw_parent[:3] in ("t1_", "t3_"):
        parent_kind, parent_id = raw_parent[:3], raw_parent[3:]
    else:
        parent_kind, parent_id = None, _base_id(raw_parent)
    if link_id is None and parent_kind == "t3_":
        link_id = parent_id
    return link_id or fallback_thread_id, parent_kind, parent_id, link_id


def reddit_text(value) -> str:
    """Body Markdown as typed: Reddit escapes only &, < and >, so exactly those are decoded, once."""
    if not isinstance(value, str):
        return ""
    if "&" in value:
        value = value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


class _Dump:
    """Comments and submissions of one input, grouped by the submission they belong to."""

    def __init__(self, fallback_thread_id: str, track_threads: bool = False, hold_lines: bool = False) -> None:
        self.fallback_thread_id = fallback_thread_id
        self.threads: dict[str, Thread] = {}
        self.comments: dict[str, list[RawComment]] = {}
        # Per thread: (parent comment or None at top level, replies it stands for; 0 = "continue this thread").
        self.stubs: dict[str, list[tuple[str | None, int]]] = {}
        self.file_warnings: list[str] = []
        # Comment id -> thread id, for documents only (a stub may name its parent but not its link):
        # NDJSON dumps of millions of comments carry no stubs and keep no such map.
        self.thread_of: dict[str, str] | None = {} if track_threads else None
        self.generated_refs = 0
        # Per author_fullname: its keys dict and author_key, shared by the reader's comments, so a
        # million comments by a hundred thousand readers hash each identity once. The author's name is
        # each comment's own string: comments are built and freed a thread at a time, and a shared
        # string per reader lay scattered over the heap (its lookup and every later touch missed the cache).
        self.keys_by_user: dict[str, tuple[dict[str, str], str | None]] = {}
        # NDJSON (hold_lines): per thread, its comments as the lines they were read from, built only
        # when the thread is assembled. A thread's comments are then made one after another, close
        # together in memory, and every later pass over them (assembling, mentions, the writer,
        # freeing) reads memory in order: built as read, the comments of a thread of an interleaved
        # dump lay scattered over the whole dump, and those passes waited on memory most of their time.
        # The common comment lines are kept in runs, lists of consecutive lines of the thread, joined
        # and read by msgspec in one call each when the thread is built (`_read_run`): its lines
        # lay a whole interleaved dump apart, and reading them one by one waited on memory (1.0-1.4
        # CPU s a million lines against 0.4 s read in order; joined first, 0.6 s). Copied into one
        # bytearray per thread as read, the growing buffers' copies cost more than that saved.
        # Each other comment is held on its own, and a new run starts after it, so the order read is kept.
        self.held: dict[str, list] | None = {} if hold_lines else None
        # Each thread's current run by the "t3_" link its lines name, so the reading loop needs no
        # slice per line.
        self.held_by_link: dict[str, list[bytes]] = {}

    def thread(self, thread_id: str) -> Thread:
        thread = self.threads.get(thread_id)
        if thread is None:
            thread = self.threads[thread_id] = Thread(id=thread_id)
            self.comments[thread_id] = []
        return thread

    def add_submission(self, data: dict) -> None:
        thread_id = _base_id(data.get("id")) or _base_id(data.get("name")) or self.fallback_thread_id
        thread = self.thread(thread_id)
        if thread.title is None and isinstance(data.get("title"), str):
            thread.title = reddit_text(data["title"]) or None
        if thread.body is None:
            thread.body = reddit_text(data.get("selftext")) or None
        if thread.url is None:
            permalink, url = data.get("permalink"), data.get("url")
            if isinstance(permalink, str) and permalink:
                thread.url = REDDIT + permalink if permalink.startswith("/") else permalink
            elif isinstance(url, str) and url:
                thread.url = url
        count = data.get("num_comments")
        if thread.declared_comment_count is None and isinstance(count, int) and not isinstance(count, bool):
            thread.declared_comment_count = count

    @staticmethod
    def _thread_from_comment(thread: Thread, data: dict) -> None:
        """What a dump without the submission still says of it, from the thread's first comment: the
        headline (`link_title`, which some dumps carry), the address (`link_permalink`, else the
        permalink less the comment) and the thread's comment count (`num_comments`, in user and
        subreddit comment listings) as its declared count."""
        link_title = data.get("link_title")
        if thread.title is None and isinstance(link_title, str) and link_title.strip():
            thread.title = reddit_text(link_title)
        link_permalink = data.get("link_permalink")
        if thread.url is None and isinstance(link_permalink, str) and link_permalink.startswith("http"):
            thread.url = link_permalink
        count = data.get("num_comments")  # user and subreddit comment listings carry the thread's count
        if thread.declared_comment_count is None and type(count) is int and count >= 0:
            thread.declared_comment_count = count
        permalink = data.get("permalink")
        if thread.url is None and isinstance(permalink, str) and permalink.startswith("/r/"):
            parts = permalink.rstrip("/").split("/")
            # /r/SUB/comments/ID/SLUG/COMMENT: the thread is everything before the comment's id.
            if len(parts) == 7 and parts[3] == "comments":
                thread.url = REDDIT + "/".join(parts[:6]) + "/"

    def hold(self, data: dict, line: bytes | str | None) -> None:
        """Keep a comment's line (`line`, which orjson reads back into `data`; None keeps `data`
        itself) under its thread, to be built when the thread is assembled (see `held`), and start
        the thread's next run of common lines after it."""
        thread_id = _placement(data, self.fallback_thread_id)[0]
        held = self.held.get(thread_id)
        if held is None:
            if thread_id not in self.comments:
                self._thread_from_comment(self.thread(thread_id), data)
            held = self.held[thread_id] = []
        if _comment_id(data) is None:  # numbered in the order read, as comments built at once are
            self.generated_refs += 1
            held.append((data, f"(no id {self.generated_refs})"))
        else:
            held.append(data if line is None else line)
        if thread_id:  # without a thread id no line is the common one (`_build_held`)
            run: list[bytes] = []
            self.held_by_link["t3_" + thread_id] = run
            held.append(run)

    def _build_held(self, thread_id: str) -> None:
        """Build the comments of one thread from its held lines and runs, in the order they were read.

        A run (a list) holds only common Pushshift comment lines (their own id, this thread's "t3_"
        link, a "t1_" or "t3_" parent, a body), each read by msgspec once already, so msgspec reads
        them again in one call (`_read_run`) and each comment is built right here, without
        checking again what the reading loop checked: no call per line is left, not even the
        comment's own __init__ (0.52 against 0.77 µs). Any other line is read whole
        by orjson (`add_comment`), and orjson never meets a line only msgspec has read. The inlined
        copy of `_add`'s common case earns its place by a measurement only: the build stage of a
        200,000-line slice took 0.92-1.09 CPU s against 0.98-1.19 s through `_add` (about 6%;
        docs/benchmarks.md, "Parse, twelfth stop"); tests/test_reddit.py's HOSTILE_LINES hold the
        two paths to the same comments.
        """
        held = self.held.pop(thread_id, None) if self.held is not None else None
        self.held_by_link.pop("t3_" + thread_id, None)  # its lines are freed as the thread is built
        if not held:
            return
        loads, add_comment = orjson.loads, self.add_comment
        append = self.comments[thread_id].append
        keys_by_user, make_keys = self.keys_by_user, self._keys
        deleted_bodies, deleted_by_body, raw_comment = DELETED_BODIES, DELETED_BY_BODY, RawComment
        new_comment, no_keys = object.__new__, NO_KEYS
        for item in held:
            kind = type(item)
            if kind is not list:
                if kind is bytes or kind is str:
                    add_comment(loads(item))
                elif kind is tuple:
                    add_comment(item[0], None, item[1])
                else:
                    add_comment(item)
                continue
            if not item:
                continue
            for line in _read_run(item):
                # What `_add` does for the common comment, inline (see there).
                comment_id, raw_parent = line.id, line.parent_id
                parent_ref = None if raw_parent[:3] == "t3_" or raw_parent[3:] == thread_id else raw_parent[3:]
                author, fullname, body = line.author, line.author_fullname, line.body
                if type(author) is not str:
                    author = ""
                if type(fullname) is str and fullname:
                    keys, key = keys_by_user.get(fullname) or make_keys(fullname)
                else:
                    keys, key = None, None
                plain = type(body) is str and "&" not in body and "\r" not in body
                body = body.strip() if plain else reddit_text(body)
                deleted_by = None
                if body in deleted_bodies:
                    status, deleted_by = "deleted", deleted_by_body[body]
                elif line.spam is True:
                    status = "spam"
                elif line.removed is True:
                    status, deleted_by = "deleted", "moderator"
                elif not body and author == DELETED_AUTHOR:
                    status, deleted_by = "deleted", "author"
                else:
                    status = "visible"
                created = line.created_utc
                if created is None:
                    created = line.created
                if type(created) is int or type(created) is float:
                    try:
                        posted_at = fromtimestamp(created, UTC)
                    except (ValueError, OverflowError, OSError):
                        posted_at = None
                else:
                    posted_at = unix_time(created)
                distinguished, is_submitter = line.distinguished, line.is_submitter
                role = None
                if distinguished is not None or is_submitter is True:
                    role = _role(distinguished, is_submitter)
                # RawComment(comment_id, parent_ref, author, body, True, key, keys, posted_at, status, (),
                # False, "comment", (), deleted_by, role), its __init__ inline: the call of a class with
                # a Python __init__ cost a third of the comment (tests check every field is set).
                comment = new_comment(raw_comment)
                comment.id = comment_id
                comment.parent_id = parent_ref
                comment.author = author
                comment.text = body
                comment.author_key = key
                comment.posted_at = posted_at
                comment.depth = 0
                comment.number = 1
                comment.status = status
                comment.orphan = False
                comment.mentions = ()
                comment.identity_keys = no_keys if keys is None else keys
                comment.source_parent_id = None
                comment.index = -1
                comment.parent_index = None
                comment.child_indexes = ()
                comment.parent_comment = None
                comment.path_anchor = None
                comment.own_id = True
                comment.kind = "comment"
                comment.links = ()
                comment.deleted_by = deleted_by
                comment.role = role
                append(comment)

    def add_comment(self, data: dict, nesting_parent: str | None = None, generated_ref: str | None = None) -> str:
        """Keep one comment; returns its ref. `nesting_parent` is the comment a listing nests it under;
        `generated_ref` the handle `hold` gave a comment without an id."""
        get = data.get
        return self._add(
            data, nesting_parent, generated_ref, get("id"), get("link_id"), get("parent_id"), get("author"),
            get("author_fullname"), get("body"), get("spam"), get("removed"), get("created_utc"), get("created"),
            get("distinguished"), get("is_submitter"),
        )  # fmt: skip

    def _add(
        self, data, nesting_parent, generated_ref, comment_id, link_id, raw_parent, author, fullname, body, spam,
        removed, created_utc, created, distinguished, is_submitter,
    ) -> str | None:  # fmt: skip
        """`add_comment` from the fields it reads. Without `data` (a `_CommentLine`'s fields) only the
        common comment is kept, and None returned for any other, which the caller reads whole."""
        # A comment as nearly every line of a big dump gives it (its own id, a "t3_" link, a "t1_" or
        # "t3_" parent) is placed inline: the general path below cost a fifth of this method.
        if (
            nesting_parent is None
            and type(comment_id) is str
            and comment_id
            and comment_id[:3] != "t1_"
            and type(link_id) is str
            and len(link_id) > 3
            and link_id[:3] == "t3_"
            and type(raw_parent) is str
            and len(raw_parent) > 3
            and raw_parent[:3] in ("t1_", "t3_")
        ):
            own_id, orphan, thread_id = True, False, link_id[3:]
            parent_ref = None if raw_parent[:3] == "t3_" or raw_parent[3:] == thread_id else raw_parent[3:]
            comments = self.comments.get(thread_id)
            if comments is None:
                if data is None:
                    return None
                self._thread_from_comment(self.thread(thread_id), data)
                comments = self.comments[thread_id]
        elif data is None:
            return None
        else:
            comment_id, own_id, thread_id, parent_ref, orphan = self._place_any(data, nesting_parent, generated_ref)
            comments = self.comments[thread_id]

        if type(author) is not str:
            author = ""
        if type(fullname) is str and fullname:
            keys, key = self.keys_by_user.get(fullname) or self._keys(fullname)
        else:
            keys, key = None, None
        # Inline what reddit_text gives when there is nothing to decode: a call less per comment.
        plain = type(body) is str and "&" not in body and "\r" not in body
        body = body.strip() if plain else reddit_text(body)
        deleted_by = None
        if body in DELETED_BODIES:
            status, deleted_by = "deleted", DELETED_BY_BODY[body]
        elif spam is True:
            status = "spam"
        elif removed is True:  # a moderator's listing: the removed comment's words are still there
            status, deleted_by = "deleted", "moderator"
        elif not body and author == DELETED_AUTHOR:
            status, deleted_by = "deleted", "author"  # no text left and no author: deleted by its writer
        else:
            status = "visible"
        if created_utc is not None:
            created = created_utc
        if type(created) is int or type(created) is float:
            try:
                posted_at = fromtimestamp(created, UTC)
            except (ValueError, OverflowError, OSError):
                posted_at = None
        else:
            posted_at = unix_time(created)
        role = None if distinguished is None and is_submitter is not True else _role(distinguished, is_submitter)
        # Positional arguments, in RawComment's order: keyword passing cost a tenth of this method.
        comments.append(
            RawComment(
                comment_id, parent_ref, author, body, own_id, key, keys, posted_at, status, (), orphan, "comment", (),
                deleted_by, role,
            )
        )  # fmt: skip
        if self.thread_of is not None:
            self.thread_of[comment_id] = thread_id
        return comment_id

    def _place_any(self, data: dict, nesting_parent: str | None, generated_ref: str | None) -> tuple:
        """(ref, own id?, thread id, parent ref, orphan?) of any comment; its thread made when new."""
        comment_id = _comment_id(data)
        own_id = comment_id is not None
        if comment_id is None:
            if generated_ref is None:
                self.generated_refs += 1
                generated_ref = f"(no id {self.generated_refs})"
            comment_id = generated_ref
        thread_id, parent_kind, parent_id, link_id = _placement(data, self.fallback_thread_id)
        if thread_id not in self.comments:
            self._thread_from_comment(self.thread(thread_id), data)
        orphan = False
        if nesting_parent is not None:
            parent_ref = nesting_parent
        elif parent_id is None:
            parent_ref, orphan = None, True
            self.threads[thread_id].warnings.append(
                f"comment {comment_id!r} names no parent; kept at top level as an orphan"
            )
        elif parent_kind == "t3_" or parent_id == link_id:
            parent_ref = None
        else:
            parent_ref = parent_id
        return comment_id, own_id, thread_id, parent_ref, orphan

    def _keys(self, fullname: str) -> tuple[dict[str, str], str | None]:
        keys = user_id_keys(fullname)
        found = self.keys_by_user[fullname] = (keys, primary_key(keys))
        return found

    def note_unloaded(self, data: dict, nesting_parent: str | None) -> None:
        """A "more" stub: replies Reddit did not send. Not comments, but never silently missing."""
        parent = nesting_parent or _base_id(data.get("parent_id"))
        link_id = _base_id(data.get("link_id"))
        if nesting_parent is None and isinstance(data.get("parent_id"), str) and data["parent_id"].startswith("t3_"):
            parent, link_id = None, link_id or _base_id(data["parent_id"])
        if not link_id and parent and self.thread_of is not None:
            link_id = self.thread_of.get(parent)
        thread = self.thread(link_id) if link_id else self._current_thread()
        count = data.get("count")
        children = data.get("children")
        if not (isinstance(count, int) and not isinstance(count, bool) and count > 0):
            count = len(children) if isinstance(children, list) else 0
        self.stubs.setdefault(thread.id, []).append((parent, count))

    def _current_thread(self) -> Thread:
        return next(reversed(self.threads.values())) if self.threads else self.thread(self.fallback_thread_id)

    def finish(self, file_warning: str | None) -> Iterator[Thread]:
        """Assemble and hand over each thread, releasing its raw comments as it goes."""
        for thread_id in list(self.threads):
            with collector_paused():  # as the lines were read: a thread's comments are built here
                self._build_held(thread_id)
            thread = self.threads.pop(thread_id)
            raw_comments = self.comments.pop(thread_id)
            if file_warning:
                thread.warnings.insert(0, file_warning)
            for warning in reversed(self.file_warnings):
                thread.warnings.insert(0, warning)
            for reason in unread_reasons(self.stubs.pop(thread_id, [])):
                thread.mark_unread(reason)
            assemble_thread(thread, raw_comments, sibling_order="time")  # it pauses the collector itself
            del raw_comments
            yield thread
            del thread  # let go before the next thread is built (see serialize.threads_json_chunks)


def unread_reasons(stubs: list[tuple[str | None, int]]) -> list[str]:
    """Why replies are missing, from a thread's "more" stubs: one reason per place, or a summary."""
    by_place: dict[tuple[str | None, bool], int] = {}
    for parent, count in stubs:
        key = (parent, count > 0)
        by_place[key] = by_place.get(key, 0) + count
    if len(by_place) <= MAX_STUBS_LISTED:
        return [_place_reason(parent, count) for (parent, _), count in by_place.items()]
    reasons = []
    counted = [(parent, count) for (parent, has_count), count in by_place.items() if has_count]
    if counted:
        total = sum(count for _, count in counted)
        top_level = sum(count for parent, count in counted if parent is None)
        places = [f"{parent} ({count})" for parent, count in counted if parent is not None]
        where = [f"{top_level} at top level"] if top_level else []
        if places:
            where.append("under " + _first_few(places))
        stub_count = sum(1 for _, count in stubs if count > 0)
        reasons.append(f"{stub_count} 'more' stubs: {total} {_replies(total)} not in this dump ({'; '.join(where)})")
    deeper = [parent or "the top level" for (parent, has_count) in by_place if not has_count]
    if deeper:
        reasons.append(
            f"{len(deeper)} 'continue this thread' links: deeper replies under {_first_few(deeper)} not in this dump"
        )
    return reasons


def _place_reason(parent: str | None, count: int) -> str:
    where = f"under {parent}" if parent else "at top level"
    if count:
        return f"'more' stub {where}: {count} {_replies(count)} not in this dump"
    return f"'continue this thread' {where}: deeper replies not in this dump"


def _first_few(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_STUB_PLACES_NAMED])
    rest = len(names) - MAX_STUB_PLACES_NAMED
    return f"{shown} and {rest} other comments" if rest > 0 else shown


def _replies(count: int) -> str:
    return "reply" if count == 1 else "replies"


def _role(distinguished, is_submitter) -> str | None:
    """Site staff by Reddit's own marks: a distinguished moderator or admin, or the post's submitter."""
    if distinguished in ("moderator", "admin"):
        return distinguished
    return "post_author" if is_submitter is True else None
