"""WordPress eXtended RSS (Tools -> Export), versions 1.0 to 1.2: one thread per post, streamed.

Each <item> is a post; its <wp:comment>s are read as they arrive and dropped from the tree, so a
file of millions of comments parses in flat memory. Decisions a moderator should know:
- pingbacks and trackbacks are kept (they show on the page) with their kind; editor notes
  (comment_type "note", WordPress 6.9) and the records plugins keep as comments (WooCommerce's
  order notes and webhook logs, Action Scheduler's logs, Edit Flow's editorial comments) are left
  out, with a thread warning giving their count; a comment of any other type is a reader's;
- spam is not exported by WordPress, so replies to spam become orphans (the assembler keeps them);
- a malformed or cut-off comment is left out and named in its thread's `unread` reasons; the rest
  of the file is read (trouble outside any post is noted on the nearest thread). A file that yields
  no post at all and has XML errors raises ParseError;
- an export cut to its <channel> (no <rss> around it, so the wp: prefix is undeclared) is read, and said.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import primary_key
from moderation.errors import ParseError
from moderation.parsing.xml_root import root_name
from moderation.parsing.xml_stream import (
    Element,
    IdentityKeyCache,
    XmlRecords,
    child_elements,
    element_text,
    markup_links,
    markup_to_text,
    plain_value,
    unnamed_ref,
)
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "wxr"
DESCRIPTION = "WordPress export (WXR 1.0-1.2, Tools -> Export), streamed"

_WP_NAMESPACE_PREFIXES = ("{http://wordpress.org/export/", "{https://wordpress.org/export/")
# A channel cut from its <rss> loses the namespace declarations: lxml keeps such an element whole, named
# "wp:comment", so the bare prefix names WordPress's vocabulary too.
_WP_TAG_STARTS = (*_WP_NAMESPACE_PREFIXES, "wp:")
_CHANNEL_MARKERS = ("wordpress.org/export/", "<wp:wxr_version", "<wp:post_id", "<wp:comment")
CHANNEL_ONLY = "a WordPress export cut to its <channel> (no <rss> around it): read as one"
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
# comment_type values that say another site linked here ("" and "comment" are readers' comments).
_KINDS_BY_TYPE = {"pingback": "pingback", "trackback": "trackback"}
# comment_type values that are no reader's comment, as each names itself in the thread warning:
# WordPress 6.9's block notes, and what plugins store as comments of their own type (WooCommerce
# order notes and webhook delivery logs, Action Scheduler's action logs, Edit Flow's staff notes).
_RECORD_TYPES = {
    "note": "editor note",
    "order_note": "WooCommerce order note",
    "webhook_delivery": "WooCommerce webhook log",
    "action_log": "Action Scheduler log",
    "editorial-comment": "editorial comment",
}
# Post types that are site plumbing, not articles: skipped unless someone commented on them (a plugin's
# records above are no one's comments). WooCommerce orders, refunds, coupons and webhooks, Action
# Scheduler's queue (stored as posts before its own tables) carry only such records.
_PLUMBING_POST_TYPES = frozenset(
    [
        "attachment",
        "nav_menu_item",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",
        "revision",
        "shop_order",
        "shop_order_refund",
        "shop_order_placehold",
        "shop_coupon",
        "shop_webhook",
        "scheduled-action",
    ]
)
_EMPTY_DATES = ("", "0000-00-00 00:00:00")
# Disqus's import format is WXR without wp:post_id: each <item> names its thread by the page's
# disqus_identifier instead.
_DISQUS_THREAD_IDENTIFIER = "other:thread_identifier"


def sniff(source) -> int:
    head = source.head_text
    root = root_name(head)
    if root == "rss" and "wordpress.org/export/" in head:
        return 95
    # An export cut to its <channel> (as tools' test data keeps it), often with the wp: prefix left undeclared.
    return 90 if root == "channel" and any(marker in head for marker in _CHANNEL_MARKERS) else 0


def parse(source, options) -> Iterator[Thread]:
    records = XmlRecords(
        source, ("{*}comment", "wp:comment", "item", "{*}author", "wp:author"), ("rss", "channel"), "a WordPress export"
    )
    if root_name(source.head_text) == "channel":
        records.notes.append(CHANNEL_ONLY)
    reader = _WxrReader(options.default_timezone)
    held: Thread | None = None  # each thread waits for the next, so trouble found later can still be noted on it
    for element in records:
        if element.tag.endswith("author"):  # "{*}author": the channel's <wp:author>, or an RSS item's own <author>
            if element.tag.startswith(_WP_TAG_STARTS):
                reader.read_site_author(element)
                records.release(element, earlier_siblings=False)
            continue
        item = element if element.tag == "item" else element.getparent()
        if item is None or item.tag != "item":
            continue  # a <comment> outside any post: not WXR's
        if element is not item and not element.tag.startswith(_WP_TAG_STARTS):
            continue  # RSS's <wfw:comment> (the comment API's address) or another vocabulary's: no reader's comment
        post = reader.post_for(item)
        post.warnings.extend(records.notes)
        records.notes.clear()
        errors = records.errors_in(element)
        if element is not item:
            if errors:
                post.unread.append(f"comment {_comment_label(element)} is malformed XML ({errors[0]}); left out")
            else:
                reader.read_comment(element, post)
            records.release(element, earlier_siblings=False)  # earlier siblings are the post's own fields
            continue
        if errors:
            post.warnings.append(f"the post's own fields are malformed XML ({errors[0]}); read as recovered")
        thread = reader.finish_post(item)
        records.release(item)
        if thread is not None:
            if held is not None:
                yield held
            held = thread
    if held is None:
        if records.first_error():
            raise ParseError(f"truncated or {records.first_error()}")
        # Nothing printed and exit 0 would read as "no comments here" (the export may be of media or menus only).
        raise ParseError("a WordPress export holding no post, page or comment")
    for note in records.notes:  # after the last post: a cut-off tail may have held more
        if note.startswith("malformed XML"):
            held.mark_unread(f"the export goes on past this post but is {note}")
        else:
            held.warnings.append(note)
    if records.cut_short:  # the last post's comments, and any posts after it, may be past the cut
        held.mark_unread(f"the export is cut short ({records.cut_short})")
    yield held


def _comment_label(element: Element) -> str:
    """A broken comment's id if it can still be read, else its line."""
    for child in child_elements(element):
        if child.tag.endswith("}comment_id") and (child.text or "").strip():
            return f"{child.text.strip()!r} (line {element.sourceline})"
    return f"at line {element.sourceline}"


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
    """What has been read of the <item> still open: its comments so far and what to say about it."""

    def __init__(self) -> None:
        self.comments: list[RawComment] = []
        self.left_out: dict[str, int] = {}  # comment_type -> how many of the _RECORD_TYPES were skipped
        self.warnings: list[str] = []
        self.unread: list[str] = []
        self.user_ids: list[str] = []  # each comment's wp:comment_user_id as written ("0" for a guest)


class _WxrReader:
    def __init__(self, default_timezone: tzinfo) -> None:
        self.default_timezone = default_timezone
        self.names = _TagNames()
        self.open_item: Element | None = None
        self.post = _Post()
        self.identity = IdentityKeyCache()
        self.unnamed = 0
        self.items_seen = 0
        self.site_authors: dict[str, str] = {}  # wp:author_login -> wp:author_id, from the channel's <wp:author>

    def read_site_author(self, element: Element) -> None:
        """A <wp:author> of the channel: a site account that wrote posts (a WordPress export lists the
        authors of its posts). A comment under the user id of its post's author is the post author's."""
        fields = {self.names[child.tag]: (element_text(child) or "").strip() for child in child_elements(element)}
        login, user_id = fields.get("wp:author_login"), fields.get("wp:author_id")
        if login and user_id and user_id != "0":
            self.site_authors[login] = user_id

    def post_for(self, item: Element) -> _Post:
        """The post being read for this <item> (a new one when the item is)."""
        if item is not self.open_item:
            self.open_item = item
            self.post = _Post()
        return self.post

    def finish_post(self, item: Element) -> Thread | None:
        """The item's own fields (its comments are read and gone by now) and its comments, as a thread."""
        post = self.post_for(item)
        self.post, self.open_item = _Post(), None
        self.items_seen += 1
        names = self.names
        fields = {names[element.tag]: element_text(element) for element in child_elements(item)}
        post_type = (fields.get("wp:post_type") or "post").strip()
        if not post.comments and not post.unread and (post_type in _PLUMBING_POST_TYPES or post_type.startswith("wp_")):
            return None
        post_id = (fields.get("wp:post_id") or "").strip()
        thread = Thread(
            id=post_id
            or (fields.get(_DISQUS_THREAD_IDENTIFIER) or "").strip()
            or (fields.get("guid") or "").strip()
            or (fields.get("link") or "").strip()
            or f"item-{self.items_seen}",
            title=plain_value(fields.get("title")) or None,
            url=(fields.get("link") or "").strip() or None,
            body=markup_to_text(fields.get("content:encoded")) or None,
        )
        thread.warnings.extend(post.warnings)
        for reason in post.unread:
            thread.mark_unread(reason)
        for comment_type, count in post.left_out.items():
            thread.warnings.append(
                f"{counted(count, _RECORD_TYPES[comment_type])} (comment_type {comment_type!r}) left out: "
                f"{noun_for(count, 'it is not a reader comment', 'they are not reader comments')}"
            )
        author_id = self.site_authors.get((fields.get("other:creator") or "").strip())
        if author_id:
            for raw, user_id in zip(post.comments, post.user_ids, strict=True):
                if user_id == author_id:
                    raw.role = "post_author"
        return assemble_thread(thread, post.comments, sibling_order="time")

    def read_comment(self, element: Element, post: _Post) -> None:
        """The hot path: one <wp:comment> to a RawComment, with as little work as each field needs."""
        names = self.names
        fields: dict[str, str | None] = {}
        for child in child_elements(element):
            fields[names[child.tag]] = child.text if not len(child) else element_text(child)
        comment_type = fields.get("wp:comment_type")
        kind = "comment"
        if comment_type:
            comment_type = comment_type.strip()
            if comment_type in _RECORD_TYPES:
                post.left_out[comment_type] = post.left_out.get(comment_type, 0) + 1
                return
            if comment_type in _KINDS_BY_TYPE:
                kind = _KINDS_BY_TYPE[comment_type]
        ref = (fields.get("wp:comment_id") or "").strip()
        own_id = bool(ref)
        if not own_id:
            self.unnamed += 1
            ref = unnamed_ref(self.unnamed)  # shown as its path instead
        parent = (fields.get("wp:comment_parent") or "").strip()
        keys = self.identity.keys(
            user_id=fields.get("wp:comment_user_id"),
            email=fields.get("wp:comment_author_email"),
            profile_url=fields.get("wp:comment_author_url"),
            ip=fields.get("wp:comment_author_IP"),
        )
        approved = fields.get("wp:comment_approved")
        content = fields.get("wp:comment_content")
        post.comments.append(
            RawComment(
                ref=ref,
                parent_ref=parent if parent and parent != "0" else None,
                author=plain_value(fields.get("wp:comment_author")),
                text=markup_to_text(content),
                own_id=own_id,
                author_key=primary_key(keys),
                identity_keys=keys,
                posted_at=self._posted_at(fields.get("wp:comment_date_gmt"), fields.get("wp:comment_date")),
                status="visible" if approved is None else _STATUS_BY_APPROVED.get(approved.strip(), "visible"),
                kind=kind,
                links=markup_links(content),
            )
        )
        post.user_ids.append((fields.get("wp:comment_user_id") or "").strip())

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
    from dateutil import parser as date_parser  # imported on first use: only old files write other dates

    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError, TypeError):
        return None
