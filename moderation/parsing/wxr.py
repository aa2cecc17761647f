"""WordPress eXtended RSS (Tools -> Export), versions 1.0 to 1.2: one thread per post, streamed.

Each <item> is a post; its <wp:comment>s are read as they arrive and dropped from the tree, so a
file of millions of comments parses in flat memory. Decisions a moderator should know:
- pingbacks and trackbacks are kept as comments (they show on the page); editor notes
  (comment_type "note", WordPress 6.9) are left out, with a thread warning giving their count;
- spam is not exported by WordPress, so replies to spam become orphans (the assembler keeps them);
- a truncated or malformed file raises ParseError: a streaming caller may already hold the posts
  before the cut, which are complete, but no half-read post is ever yielded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone, tzinfo
from xml.etree.ElementTree import Element

from dateutil import parser as date_parser

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import primary_key
from moderation.errors import ParseError
from moderation.parsing.xml_stream import (
    IdentityKeyCache,
    complete_children,
    element_text,
    markup_to_text,
    plain_value,
    stream_document,
)
from moderation.thread import Thread

FORMAT = "wxr"
DESCRIPTION = "WordPress export (WXR 1.0-1.2, Tools -> Export), streamed"

_WP_NAMESPACE_PREFIXES = ("{http://wordpress.org/export/", "{https://wordpress.org/export/")
_CONTENT_NAMESPACE = "{http://purl.org/rss/1.0/modules/content/}"

_STATUS_BY_APPROVED = {
    "1": "visible",
    "approve": "visible",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "deleted",
    "post-trashed": "deleted",
}
# Post types that are site plumbing, not articles: skipped unless someone commented on them.
_PLUMBING_POST_TYPES = frozenset(
    ["attachment", "nav_menu_item", "custom_css", "customize_changeset", "oembed_cache", "user_request", "revision"]
)
_EMPTY_DATES = ("", "0000-00-00 00:00:00")


def sniff(source) -> int:
    head = source.head_text
    return 95 if "wordpress.org/export/" in head and "<rss" in head else 0


def parse(source, options) -> Iterator[Thread]:
    reader = _WxrReader(options.default_timezone)
    for root, finished in stream_document(source):
        if root.tag != "rss":
            raise ParseError(f"not a WordPress export: the root element is <{root.tag}>, not <rss>")
        yield from reader.harvest(root, finished)


class _TagNames(dict):
    """Full tag -> short name ("wp:comment_id", "content:encoded", "title"), whatever the WXR version."""

    def __missing__(self, tag: str) -> str:
        namespace, _, local = tag.rpartition("}")
        if not namespace:
            name = tag
        elif tag.startswith(_WP_NAMESPACE_PREFIXES):
            # The excerpt namespace sits under the wp one: http://wordpress.org/export/1.2/excerpt/
            name = ("excerpt:" if namespace.endswith("excerpt/") else "wp:") + local
        elif tag.startswith(_CONTENT_NAMESPACE):
            name = "content:" + local
        else:
            name = "other:" + local
        self[tag] = name
        return name


class _Post:
    """What has been read of the <item> still open: its fields and its comments so far."""

    def __init__(self) -> None:
        self.fields: dict[str, str | None] = {}
        self.comments: list[RawComment] = []
        self.notes = 0


class _WxrReader:
    def __init__(self, default_timezone: tzinfo) -> None:
        self.default_timezone = default_timezone
        self.names = _TagNames()
        self.open_item: Element | None = None
        self.post = _Post()
        self.identity = IdentityKeyCache()
        self.unnamed = 0
        self.items_seen = 0

    def harvest(self, root: Element, root_finished: bool) -> Iterator[Thread]:
        children = list(root)
        for position, channel in enumerate(children):
            channel_finished = root_finished or position < len(children) - 1
            if channel.tag == "channel":
                yield from self._harvest_channel(channel, channel_finished)
            if channel_finished:
                channel.clear()
        del root[: len(children) if root_finished else len(children) - 1]

    def _harvest_channel(self, channel: Element, channel_finished: bool) -> Iterator[Thread]:
        done = complete_children(channel, channel_finished)
        for element in done:
            if element.tag == "item":
                self._absorb(element, item_finished=True)
                thread = self._finish_post()
                if thread is not None:
                    yield thread
        del channel[: len(done)]
        if not channel_finished and len(channel) and channel[-1].tag == "item":
            self._absorb(channel[-1], item_finished=False)

    def _absorb(self, item: Element, item_finished: bool) -> None:
        """Read the item's complete children into the open post and drop them from the tree."""
        if item is not self.open_item:
            self.open_item = item
            self.post = _Post()
        post = self.post
        names = self.names
        done = complete_children(item, item_finished)
        for element in done:
            name = names[element.tag]
            if name == "wp:comment":
                self._read_comment(element, post)
            else:
                post.fields[name] = element_text(element)
        del item[: len(done)]

    def _finish_post(self) -> Thread | None:
        post, self.post, self.open_item = self.post, _Post(), None
        self.items_seen += 1
        fields = post.fields
        post_type = (fields.get("wp:post_type") or "post").strip()
        if not post.comments and (post_type in _PLUMBING_POST_TYPES or post_type.startswith("wp_")):
            return None
        post_id = (fields.get("wp:post_id") or "").strip()
        thread = Thread(
            id=post_id or (fields.get("guid") or "").strip() or f"item-{self.items_seen}",
            title=plain_value(fields.get("title")) or None,
            url=(fields.get("link") or "").strip() or None,
            body=markup_to_text(fields.get("content:encoded")) or None,
        )
        if post.notes:
            thread.warnings.append(
                f"{post.notes} editor note(s) (comment_type 'note') left out: they are not reader comments"
            )
        return assemble_thread(thread, post.comments, sibling_order="time")

    def _read_comment(self, element: Element, post: _Post) -> None:
        """The hot path: one <wp:comment> to a RawComment, with as little work as each field needs."""
        names = self.names
        fields: dict[str, str | None] = {}
        for child in element:
            fields[names[child.tag]] = child.text if not len(child) else element_text(child)
        comment_type = fields.get("wp:comment_type")
        if comment_type and comment_type.strip() == "note":
            post.notes += 1
            return
        ref = (fields.get("wp:comment_id") or "").strip()
        own_id = bool(ref)
        if not own_id:
            self.unnamed += 1
            ref = f"\0unnamed-{self.unnamed}"  # cannot clash with a real id; shown as its path instead
        parent = (fields.get("wp:comment_parent") or "").strip()
        keys = self.identity.keys(
            user_id=fields.get("wp:comment_user_id"),
            email=fields.get("wp:comment_author_email"),
            profile_url=fields.get("wp:comment_author_url"),
            ip=fields.get("wp:comment_author_IP"),
        )
        approved = fields.get("wp:comment_approved")
        post.comments.append(
            RawComment(
                ref=ref,
                parent_ref=parent if parent and parent != "0" else None,
                author=plain_value(fields.get("wp:comment_author")),
                text=markup_to_text(fields.get("wp:comment_content")),
                own_id=own_id,
                author_key=primary_key(keys),
                identity_keys=keys,
                posted_at=self._posted_at(fields.get("wp:comment_date_gmt"), fields.get("wp:comment_date")),
                status="visible" if approved is None else _STATUS_BY_APPROVED.get(approved.strip(), "visible"),
            )
        )

    def _posted_at(self, gmt: str | None, local: str | None) -> datetime | None:
        posted = _wordpress_date(gmt)
        if posted is not None:
            return posted.replace(tzinfo=timezone.utc) if posted.tzinfo is None else posted
        posted = _wordpress_date(local)
        if posted is not None and posted.tzinfo is None:
            posted = posted.replace(tzinfo=self.default_timezone)
        return posted


def _wordpress_date(value: str | None) -> datetime | None:
    """'2022-01-02 08:00:00' (fast), anything dateutil reads (old files), or None for the zero date."""
    if value is None:
        return None
    value = value.strip()
    if value in _EMPTY_DATES or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError, TypeError):
        return None
