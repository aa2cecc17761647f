"""Remark42's backup (the daily file in its backup folder, or `remark42 backup`): JSON lines, gzipped on disk.

The first line is the site's metadata ({"version": 1, "users": [...], "posts": [...]}); every other
line is one comment as Remark42 stores it: `id`, `pid` (the parent's id, "" at top level), `text`
(the HTML Remark42 rendered and showed), `user` (`name`, `id` such as "github_…", `ip` hashed,
`admin`), `locator` (`site`, `url`: the page), `time` (RFC 3339), `delete` (a removed comment, kept
with its place) and the page's `title`. Each page (`locator.url`) becomes one thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.json_lines import bad_lines_warning, go_time, head_records, iter_json_lines
from moderation.parsing.xml_stream import markup_links, markup_to_text
from moderation.thread import Thread

FORMAT = "remark42"
DESCRIPTION = "Remark42 backup (JSON lines: site metadata, then one comment per line)"

BACKUP_VERSION = 1  # the only version Remark42's importer accepts (migrator/native.go)
# A comment deleted for good is left under this user (name and id): one placeholder, no one's account.
DELETED_USER = "deleted"
_META_START = re.compile(r'^\{\s*"version"\s*:\s*\d+\s*,\s*"users"\s*:')


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if not head.startswith("{"):
        return 0
    if _META_START.match(head):
        return 95
    return 90 if any(_is_comment(record) for record in head_records(source)) else 0


def _is_comment(record: dict) -> bool:
    return isinstance(record.get("locator"), dict) and isinstance(record.get("user"), dict) and "pid" in record


def parse(source, options) -> Iterator[Thread]:
    bad_lines: list[int] = []
    pages: dict[str, list[RawComment]] = {}
    titles: dict[str, str] = {}
    version = None
    for number, record in iter_json_lines(source, bad_lines):
        if number == 1 and "version" in record and not _is_comment(record):
            version = record.get("version")
            continue
        if not _is_comment(record) or not _text(record.get("id")):
            bad_lines.append(number)
            continue
        url = _text(record["locator"].get("url"))
        pages.setdefault(url, []).append(_comment(record))
        if _text(record.get("title")) and url not in titles:
            titles[url] = " ".join(_text(record["title"]).split())
    if not pages:
        raise ParseError("a Remark42 backup holding no comment")
    skipped = bad_lines_warning(bad_lines, "a Remark42 comment")
    for url, raw_comments in pages.items():
        thread = Thread(id=url or "(no page)", title=titles.get(url), url=url or None)
        if version not in (None, BACKUP_VERSION):
            thread.warnings.append(f"backup version {version!r} (Remark42 writes {BACKUP_VERSION}); read the same way")
        if skipped:
            thread.warnings.append(skipped)
        yield assemble_thread(thread, raw_comments, sibling_order="time")


def _comment(record: dict) -> RawComment:
    user = record["user"]
    user_id = _text(user.get("id"))
    keys = {} if user_id == DELETED_USER else identity_keys(user_id=user_id or None, ip=_text(user.get("ip")) or None)
    markup = _text(record.get("text"))
    text = markup_to_text(markup) or _text(record.get("orig")).strip()
    parent = _text(record.get("pid"))
    return RawComment(
        ref=_text(record["id"]),
        parent_ref=parent or None,
        author=" ".join(_text(user.get("name")).split()),
        text=text,
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=go_time(record.get("time")),
        status="deleted" if record.get("delete") is True else "visible",
        role="admin" if user.get("admin") is True else None,
        links=markup_links(markup),
    )


def _text(value) -> str:
    return (
        value
        if isinstance(value, str)
        else ""
        if value is None or isinstance(value, (bool, dict, list))
        else str(value)
    )
