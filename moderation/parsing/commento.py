"""Commento's JSON export: {"version": 1, "comments": [...], "commenters": [...]}.

Commento keeps every comment of a site in one flat list; a page is its `domain` + `url` (the path),
so each page becomes one thread. Replies name their parent by `parentHex` ("root" = top level) and
their author by `commenterHex`, resolved through the `commenters` list ("anonymous" = no account).
The comment text is the Markdown the reader typed; the rendered `html` is only read when it is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_document import read_json
from moderation.parsing.json_lines import go_time
from moderation.parsing.xml_stream import markup_to_text
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "commento"
DESCRIPTION = "Commento JSON export (comments and commenters of every page of a site)"

ROOT_PARENT = "root"  # Commento's parentHex of a top-level comment
ANONYMOUS_HEX = "anonymous"  # Commento's commenterHex of a comment posted without an account
ANONYMOUS = "Anonymous"
# Commento's comment states (api/comment_new.go): held for moderation, or flagged by its spam check.
STATUS_BY_STATE = {"approved": "visible", "unapproved": "pending", "flagged": "spam"}

_EXPORT_START = re.compile(r'^\{\s*"(?:version|comments|commenters)"\s*:')
_COMMENT_KEYS = ('"commentHex"', '"parentHex"')


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not _EXPORT_START.match(head):
        return 0
    if all(key in head for key in _COMMENT_KEYS):
        return 95
    return 80 if '"commenterHex"' in head else 0  # a head sample holding only the commenters list


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if not isinstance(document, dict) or not isinstance(document.get("comments"), list):
        raise ParseError('a Commento export is an object with a "comments" list')
    names, keys = _commenters(document.get("commenters"))
    pages: dict[str, list[RawComment]] = {}
    skipped: list[int] = []
    unknown_commenters: dict[str, int] = {}
    for number, record in enumerate(document["comments"], start=1):
        if not isinstance(record, dict) or not _string(record.get("commentHex")):
            skipped.append(number)
            continue
        page = _string(record.get("domain")) + _string(record.get("url"))
        commenter = _string(record.get("commenterHex"))
        if commenter and commenter != ANONYMOUS_HEX and commenter not in names:
            unknown_commenters[page] = unknown_commenters.get(page, 0) + 1
        pages.setdefault(page, []).append(_comment(record, names, keys))
    if not pages:
        raise ParseError(f"no Commento comment in the export ({counted(len(skipped), 'record')} skipped)")
    for page, raw_comments in pages.items():
        thread = Thread(id=page or "(no page)")
        if skipped:
            thread.warnings.append(
                f"{counted(len(skipped), 'record')} of the comments list "
                f"{noun_for(len(skipped), 'is not a comment and was', 'are not comments and were')} skipped "
                f"(item {', '.join(map(str, skipped[:20]))}); "
                f"{noun_for(len(skipped), 'it', 'they')} may belong to any page"
            )
        if page in unknown_commenters:
            thread.warnings.append(
                f"{counted(unknown_commenters[page], 'comment')} {noun_for(unknown_commenters[page], 'names', 'name')} "
                "a commenter the export does not list; "
                "their author is shown empty"
            )
        yield assemble_thread(thread, raw_comments, sibling_order="time")


def _commenters(records) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """commenterHex -> display name, and -> identity keys (the account id and its e-mail)."""
    names: dict[str, str] = {}
    keys: dict[str, dict[str, str]] = {}
    for record in records if isinstance(records, list) else ():
        if not isinstance(record, dict):
            continue
        hex_id = _string(record.get("commenterHex"))
        if not hex_id:
            continue
        names[hex_id] = " ".join(_string(record.get("name")).split())
        link = _string(record.get("link"))
        keys[hex_id] = identity_keys(
            user_id=hex_id,
            email=_string(record.get("email")) or None,
            # Commento stores the text "undefined" for a commenter without a link: only URLs count.
            profile_url=link if link.startswith(("http://", "https://")) else None,
        )
    return names, keys


def _comment(record: dict, names: dict[str, str], keys: dict[str, dict[str, str]]) -> RawComment:
    commenter = _string(record.get("commenterHex"))
    if commenter == ANONYMOUS_HEX or not commenter:
        author, comment_keys = ANONYMOUS, {}
    else:
        # A commenter missing from the list keeps the account id as identity, with no name.
        author = names.get(commenter, "")
        comment_keys = keys.get(commenter) or identity_keys(user_id=commenter)
    parent = _string(record.get("parentHex"))
    text = _string(record.get("markdown")).replace("\r\n", "\n").strip()
    if not text:
        text = markup_to_text(_string(record.get("html")))
    if record.get("deleted") is True:
        status = "deleted"
    else:
        status = STATUS_BY_STATE.get(_string(record.get("state")), "visible")
    return RawComment(
        ref=_string(record["commentHex"]),
        parent_ref=None if parent in ("", ROOT_PARENT) else parent,
        author=author,
        text=text,
        author_key=primary_key(comment_keys),
        identity_keys=comment_keys,
        posted_at=go_time(record.get("creationDate")),
        status=status,
    )


def _string(value) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)
