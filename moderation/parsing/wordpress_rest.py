"""WordPress comments as its REST API gives them (`/wp-json/wp/v2/comments`), saved as a JSON array.

Each comment has `id`, `post` (the article's id: one thread per post), `parent` (0 at top level),
`author_name`, `author_url`, `author` (a site account's id, 0 for a guest), `date_gmt` (UTC, no zone
written), `content.rendered` (HTML), `link` (the comment's address on the article), `status` and `type`
(pingback and trackback kept as such). Asked with `context=edit`, a moderator's answer adds
`author_email` and `author_ip`, and statuses besides "approved": "hold", "spam", "trash".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_document import first_array_object, read_json
from moderation.parsing.xml_stream import markup_links, markup_to_text
from moderation.thread import Thread

FORMAT = "wordpress-json"
DESCRIPTION = "WordPress REST API comments (/wp-json/wp/v2/comments) saved as a JSON array"

STATUS = {"approved": "visible", "approve": "visible", "hold": "pending", "unapproved": "pending", "spam": "spam"}
TRASHED = ("trash", "post-trashed")
KINDS = {"pingback": "pingback", "trackback": "trackback"}


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head.startswith("["):
        return 0
    first = first_array_object(head)
    return 95 if first is not None and _is_comment(first) else 0


def _is_comment(record: dict) -> bool:
    return "post" in record and "author_name" in record and isinstance(record.get("content"), dict)


def parse(source, options) -> Iterator[Thread]:
    document = read_json(source)
    if not isinstance(document, list):
        raise ParseError("WordPress REST comments are a JSON array")
    posts: dict[str, list[RawComment]] = {}
    addresses: dict[str, str] = {}
    for record in document:
        if not isinstance(record, dict) or not _is_comment(record) or record.get("id") in (None, ""):
            continue
        post = str(record.get("post"))
        posts.setdefault(post, []).append(_comment(record))
        link = record.get("link")
        if isinstance(link, str) and link and post not in addresses:
            addresses[post] = link.split("#", 1)[0]
    if not posts:
        raise ParseError("no WordPress REST comment in the JSON array")
    for post, comments in posts.items():
        yield assemble_thread(Thread(id=post, url=addresses.get(post)), comments, sibling_order="time")


def _comment(record: dict) -> RawComment:
    content = record["content"]
    markup = content.get("rendered") if isinstance(content.get("rendered"), str) else content.get("raw") or ""
    account = record.get("author")
    keys = identity_keys(
        user_id=str(account) if isinstance(account, int) and account > 0 else None,
        email=_text(record.get("author_email")) or None,
        profile_url=_text(record.get("author_url")) or None,
        ip=_text(record.get("author_ip")) or None,
    )
    parent = record.get("parent")
    status = _text(record.get("status"))
    return RawComment(
        ref=str(record["id"]),
        parent_ref=str(parent) if parent not in (None, 0, "0", "") else None,
        author=" ".join(_text(record.get("author_name")).split()),
        text=markup_to_text(markup if isinstance(markup, str) else ""),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_gmt(record.get("date_gmt")),
        status="deleted" if status in TRASHED else STATUS.get(status, "visible"),
        kind=KINDS.get(_text(record.get("type")), "comment"),
        links=markup_links(markup) if isinstance(markup, str) else (),
    )


def _gmt(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.replace(tzinfo=timezone.utc) if stamp.tzinfo is None else stamp


def _text(value) -> str:
    return value if isinstance(value, str) else ""
