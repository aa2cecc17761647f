"""Substack's comment JSON: what `/api/v1/post/{id}/comments` returns and a moderator saves.

One post's comments as a tree: {"comments": [...]} where each comment holds its replies in
`children`. A comment carries `id`, `body` (the typed text; null once deleted), `name`, `user_id`,
`handle`, `date` (ISO 8601, UTC), `deleted`, and `children_count`, the replies it has, which is
more than `children` holds when the API folded some away ("View more replies"). A response cut short
says `"more": true`. Either way the thread is marked incomplete rather than read as whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_document import read_json
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "substack-json"
DESCRIPTION = "Substack's comment JSON (/api/v1/post/{id}/comments: comments with nested children)"

ANONYMOUS = "Anonymous"
# A Substack profile is addressed by its handle; kept as the commenter's profile identity.
PROFILE_URL = "https://substack.com/@{handle}"

_RESPONSE_START = re.compile(r'^\{\s*"comments"\s*:\s*\[')
# Fields every Substack comment record carries and other JSON comment formats do not combine.
_COMMENT_SIGNS = ('"ancestor_path"', '"children_count"', '"user_id"', '"reactions"')
_MIN_SIGNS = 2


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not _RESPONSE_START.match(head):
        return 0
    signs = sum(sign in head for sign in _COMMENT_SIGNS)
    if signs >= _MIN_SIGNS and '"children"' in head and '"body"' in head:
        return 90
    return 0


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if not isinstance(document, dict) or not isinstance(document.get("comments"), list):
        raise ParseError('a Substack comment response is an object with a "comments" list')
    raw_comments: list[RawComment] = []
    skipped = 0
    folded = 0  # replies a comment counts that its children list does not hold
    post_ids: list[str] = []
    # (record, parent ref), walked without recursion: a reply chain may be thousands deep.
    stack = [(record, None) for record in reversed(document["comments"])]
    while stack:
        record, parent = stack.pop()
        if not isinstance(record, dict) or _string(record.get("id")) == "":
            skipped += 1
            continue
        comment = _comment(record, parent)
        raw_comments.append(comment)
        post = _string(record.get("post_id"))
        if post and post not in post_ids:
            post_ids.append(post)
        children = record.get("children")
        children = children if isinstance(children, list) else []
        declared = record.get("children_count")
        if isinstance(declared, int) and not isinstance(declared, bool) and declared > len(children):
            folded += declared - len(children)
        stack.extend((child, comment.id) for child in reversed(children))
    thread = Thread(id=f"substack-post-{post_ids[0]}" if post_ids else "substack-post")
    if len(post_ids) > 1:
        thread.warnings.append(f"the comments name {counted(len(post_ids), 'post')}; read as one thread")
    if skipped:
        thread.warnings.append(
            f"{counted(skipped, 'item')} of the comments {noun_for(skipped, 'is', 'are')} not a comment and "
            f"{noun_for(skipped, 'was', 'were')} skipped"
        )
    if folded:
        thread.mark_unread(
            f'{counted(folded, "reply", "replies")} folded away by Substack ("View more replies") '
            f"{noun_for(folded, 'is', 'are')} not in this response"
        )
    if document.get("more") is True:
        thread.mark_unread('the response says more comments follow ("more": true); only its first page is here')
    assemble_thread(thread, raw_comments)
    yield thread


def _comment(record: dict, parent: str | None) -> RawComment:
    user_id = _string(record.get("user_id"))
    handle = _string(record.get("handle")).strip()
    keys = identity_keys(user_id=user_id or None, profile_url=PROFILE_URL.format(handle=handle) if handle else None)
    deleted = record.get("deleted") is True
    body = record.get("body")
    text = body.replace("\r\n", "\n").strip() if isinstance(body, str) else ""
    name = " ".join(_string(record.get("name")).split())
    return RawComment(
        ref=_string(record["id"]),
        parent_ref=parent,
        author=name or ANONYMOUS,
        text=text,
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_date(record.get("date")),
        status="deleted" if deleted or (body is None and not text) else "visible",
    )


def _date(value) -> datetime | None:
    """Substack writes '2024-11-03T14:22:10.123Z'; a date without a zone is UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        posted = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return posted if posted.tzinfo is not None else posted.replace(tzinfo=timezone.utc)


def _string(value) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)
