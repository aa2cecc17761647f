"""Blogger's Atom exports: the classic export (Settings -> Back up content) and Google Takeout's feed.atom.

Both are one <feed> of <entry>s for posts, pages, comments (and, in the classic form, the template
and settings, which are skipped). How each names what it is:
- classic: <category scheme="...g/2005#kind" term="...blogger/2008/kind#comment|post|page"/>; a
  comment's <thr:in-reply-to ref="...post-ID"> names its post and a <link rel="related"> its parent
  comment; a draft carries <app:draft>yes</app:draft>;
- Takeout (namespace blogger/2018): <blogger:type> COMMENT|POST|PAGE, <blogger:parent> the post,
  <blogger:inReplyTo> the parent comment, <blogger:status> LIVE|DRAFT|SPAM|... ;
- a feed saved from a blog (/feeds/comments/default, /feeds/POST/comments/default, /feeds/posts/default)
  names no kind: an entry with <thr:in-reply-to> is a comment, one with <thr:total> or a "replies"
  link a post. Such a feed is one page (25 entries unless asked for more): when its
  <openSearch:totalResults> counts more entries than the file holds, or it links a next page, every
  thread is marked unread, since the page does not say whose comments are missing. One post's comment
  feed (<id> "...post-ID..comments" or "...postID..comments") holds no entry for its post: the thread takes
  its title from the feed's <title> ("Comments on BLOG: POST"), and no post is missing.
A post's <thr:total> (classic) is its comment count as Blogger showed it: the declared count.
Content is escaped HTML: the XML parser decodes it once, then it is read as HTML (line breaks
kept, links kept in Comment.links). Comments may come before or after their post, so threads are
assembled after the whole file is read, like Disqus. Drafts are skipped, and their comments said
so; a post or page without comments is still a thread. Ids are the numeric tails of Blogger's tag
URIs; a page's thread id is "page-ID" so it cannot be taken for a post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import NamedTuple

from moderation.parsing.xml_root import root_name
from moderation.parsing.xml_stream import (
    Element,
    IdentityKeyCache,
    LocalNames,
    XmlRecords,
    assemble_held,
    child_elements,
    element_text,
    export_threads,
    markup_links,
    markup_to_text,
    plain_value,
    unnamed_ref,
)
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "blogger-atom"
DESCRIPTION = "Blogger Atom export (classic backup and Google Takeout feed.atom)"

_KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
_KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
_SNIFF_MARKERS = ("schemas.google.com/blogger/2008/kind#", "schemas.google.com/blogger/2018", "blogger.com,1999:blog-")
_KINDS = frozenset(["post", "page", "comment"])
# <blogger:status> (Takeout) to our statuses; posts use LIVE/DRAFT/SCHEDULED/SOFT_TRASHED.
_STATUS = {
    "live": "visible",
    "published": "visible",
    "pending": "pending",
    "spam": "spam",
    "spam_comment": "spam",
    "emptied": "deleted",
    "deleted": "deleted",
    "trashed": "deleted",
    "soft_trashed": "deleted",
}
_UNPUBLISHED = frozenset(["draft", "scheduled", "imported"])  # posts nobody could comment on yet
_NO_EMAIL = "noreply@blogger.com"  # what Blogger writes for every author: says nothing about who
_HTML_TYPES = ("html", "text/html")
_TRAILING_ID = re.compile(r"(\d+)\s*$")
# A post's own comment feed: <id>tag:blogger.com,1999:blog-555.post808..comments</id>.
_POST_COMMENTS_FEED_ID = re.compile(r"\.post-?(\d+)\.\.comments\s*$")
# Its <title>: Blogger writes "Comments on BLOG: POST"; the post's title follows the blog's name.
_POST_COMMENTS_FEED_TITLE = re.compile(r"\s*comments on .+?: (?P<post>.+)", re.IGNORECASE | re.DOTALL)


def sniff(source) -> int:
    head = source.head_text
    return 95 if root_name(head) == "feed" and any(marker in head for marker in _SNIFF_MARKERS) else 0


class _Comment(NamedTuple):
    ref: str
    parent_ref: str | None
    author: str
    text: str
    links: tuple[str, ...]
    posted_at: datetime | None
    status: str
    keys: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


class _Head(NamedTuple):
    ref: str  # the numeric id comments name it by
    thread_id: str
    title: str | None
    url: str | None
    body: str | None
    draft: bool
    declared: int | None  # <thr:total>: the comments Blogger counted on the post


def parse(source, options) -> Iterator[Thread]:
    records = XmlRecords(source, ("{*}entry",), ("feed",), "a Blogger Atom export")
    reader = _AtomReader()
    paging: _FeedPaging | None = None
    entries = 0
    for entry in records:
        parent = entry.getparent()
        if parent is not None and parent.getparent() is not None:
            continue  # an entry inside an entry is not Blogger's
        if paging is None:  # the feed's own fields stand before its first entry, which releasing it frees
            paging = _feed_paging(entry, reader.names)
            reader.feed_post = (paging.post_ref, paging.post_title)
        entries += 1
        errors = records.errors_in(entry)
        if errors:
            reader.notes.append(f"an entry at line {entry.sourceline} is malformed XML ({errors[0]}); left out")
        else:
            reader.read(entry)
        records.release(entry)
    threads = export_threads(list(reader.threads()), records, reader.notes, "post or comment")
    unread = paging.unread_reason(entries) if paging is not None else None
    for thread in threads:
        if unread:
            thread.mark_unread(unread)
        yield thread


class _FeedPaging(NamedTuple):
    """What a feed page says of the feed it belongs to (absent from exports, which hold everything)."""

    total: int | None  # <openSearch:totalResults>: entries in the whole feed
    start: int  # <openSearch:startIndex>: this page's first entry, from 1
    next_page: bool  # a <link rel="next">
    post_ref: str | None = None  # the post whose comment feed this is (its <id>), None for other feeds
    post_title: str | None = None  # that post's title, as the feed's <title> gives it

    def unread_reason(self, entries: int) -> str | None:
        held = f"this file is one page of a Blogger feed ({counted(entries, 'entry', 'entries')}"
        if self.total is not None and self.start - 1 + entries < self.total:
            return f"{held} of {self.total}; the other pages are not in it)"
        if self.next_page or self.start > 1:
            return f"{held}; it links {'a next' if self.next_page else 'an earlier'} page that is not in it)"
        return None


def _feed_paging(first_entry: Element, names: LocalNames) -> _FeedPaging:
    total = start = post_ref = title = None
    next_page = False
    for field in first_entry.itersiblings(preceding=True):
        name = names[field.tag] if isinstance(field.tag, str) else ""
        if name == "id":
            match = _POST_COMMENTS_FEED_ID.search(element_text(field) or "")
            post_ref = match.group(1) if match else None
        elif name == "title":
            title = _atom_text(field).replace("\n", " ")
        elif name == "totalResults":
            total = _count(field)
        elif name == "startIndex":
            start = _count(field)
        elif name == "link" and field.get("rel") == "next":
            next_page = True
    if post_ref is None or not title:
        return _FeedPaging(total, start or 1, next_page)
    match = _POST_COMMENTS_FEED_TITLE.fullmatch(title)
    return _FeedPaging(total, start or 1, next_page, post_ref, match.group("post").strip() if match else title)


def numeric_id(value: str | None) -> str | None:
    """'tag:blogger.com,1999:blog-1.post-42' or '.../comments/default/42' -> '42'."""
    if not value:
        return None
    match = _TRAILING_ID.search(value.strip())
    return match.group(1) if match else value.strip() or None


class _AtomReader:
    def __init__(self) -> None:
        self.names = LocalNames()
        self.identity = IdentityKeyCache()
        self.heads: dict[str, _Head] = {}
        self.comments_by_post: dict[str, list[_Comment]] = {}
        self.post_urls: dict[str, str] = {}
        self.notes: list[str] = []
        self.unnamed = 0
        # (id, title) of the post whose own comment feed this is: it holds no entry for its post.
        self.feed_post: tuple[str | None, str | None] = (None, None)

    def read(self, entry: Element) -> None:
        fields: dict[str, Element] = {}
        links: list[Element] = []
        kind = status = None
        for child in child_elements(entry):
            name = self.names[child.tag]
            if name == "link":
                links.append(child)
            elif name == "category" and child.get("scheme") == _KIND_SCHEME:
                term = child.get("term") or ""
                kind = term[len(_KIND_PREFIX) :] if term.startswith(_KIND_PREFIX) else None
            elif name == "type" and kind is None:
                kind = (child.text or "").strip().lower()
            elif name == "status":
                status = (child.text or "").strip().lower()
            elif name == "control":  # classic: <app:control><app:draft>yes</app:draft></app:control>
                for flag in child_elements(child):
                    if self.names[flag.tag] == "draft" and (flag.text or "").strip().lower() == "yes":
                        status = "draft"
            elif name not in fields:
                fields[name] = child
        if kind is None:  # a feed saved from the blog names no kind
            if "in-reply-to" in fields:
                kind = "comment"
            elif "total" in fields or _link(links, "replies") is not None:
                kind = "post"
        if kind not in _KINDS:
            return  # template, settings, layout: not discussion
        entry_id = element_text(fields.get("id")) or ""
        if kind == "comment":
            self._comment(entry, entry_id, fields, links, status)
        else:
            self._head(kind, entry_id, fields, links, status)

    def _head(self, kind: str, entry_id: str, fields: dict, links: list[Element], status: str | None) -> None:
        ref = numeric_id(entry_id)
        if ref is None:
            self.unnamed += 1
            ref = f"{kind}-{self.unnamed}"
        url = _link(links, "alternate")
        if url is None and fields.get("filename") is not None:  # Takeout: the post's path on the blog
            url = (element_text(fields["filename"]) or "").strip() or None
        self.heads.setdefault(
            ref,
            _Head(
                ref=ref,
                thread_id=f"page-{ref}" if kind == "page" else ref,
                title=_atom_text(fields.get("title")).replace("\n", " ") or None,
                url=url,
                body=_atom_text(fields.get("content")) or None,
                draft=status in _UNPUBLISHED,
                declared=_count(fields.get("total")),
            ),
        )

    def _comment(self, entry: Element, entry_id: str, fields: dict, links: list[Element], status: str | None) -> None:
        ref = numeric_id(entry_id)
        if ref is None:
            self.unnamed += 1
            ref = unnamed_ref(self.unnamed)
        post_ref = None
        reply_to = fields.get("in-reply-to")  # classic: thr:in-reply-to names the post
        if reply_to is not None:
            post_ref = numeric_id(reply_to.get("ref") or reply_to.get("href"))
            if post_ref and reply_to.get("href"):  # a comment feed holds no post: this is its address
                self.post_urls.setdefault(post_ref, reply_to.get("href").strip())
        if fields.get("parent") is not None:  # Takeout: blogger:parent names the post
            post_ref = numeric_id(element_text(fields["parent"])) or post_ref
        parent_ref = numeric_id(_link(links, "related"))
        if fields.get("inReplyTo") is not None:
            parent_ref = numeric_id(element_text(fields["inReplyTo"])) or parent_ref
        author = fields.get("author")
        author_fields = {self.names[child.tag]: child for child in child_elements(author)} if author is not None else {}
        email = (element_text(author_fields.get("email")) or "").strip()
        keys = self.identity.keys(
            profile_url=element_text(author_fields.get("uri")),
            email=email if email.lower() != _NO_EMAIL else None,
        )
        warnings: list[str] = []
        posted_at = _published(element_text(fields.get("published")), warnings)
        content = fields.get("content")
        markup = element_text(content) if content is not None and content.get("type") in _HTML_TYPES else None
        trashed = (element_text(fields.get("trashed")) or "").strip()
        comment_status = _STATUS.get(status or "live", "visible")
        if trashed or _removed(entry):
            comment_status = "deleted"
        comment = _Comment(
            ref=ref,
            parent_ref=parent_ref if parent_ref != post_ref else None,
            author=plain_value(element_text(author_fields.get("name"))),
            text=_atom_text(content),
            links=markup_links(markup),
            posted_at=posted_at,
            status=comment_status,
            keys=tuple(keys.items()),
            warnings=tuple(warnings),
        )
        self.comments_by_post.setdefault(post_ref or "", []).append(comment)

    def threads(self) -> Iterator[Thread]:
        drafts = [head for head in self.heads.values() if head.draft]
        for head in drafts:
            dropped = self.comments_by_post.pop(head.ref, [])
            if dropped:
                self.notes.append(
                    f"draft {head.thread_id!r} ({head.title or 'untitled'}) skipped with its "
                    f"{counted(len(dropped), 'comment')}"
                )
        if drafts:
            self.notes.append(f"{counted(len(drafts), 'draft')} skipped: unpublished, nobody could read them")
        for head in self.heads.values():
            if head.draft:
                continue
            thread = Thread(id=head.thread_id, title=head.title, url=head.url, body=head.body)
            thread.declared_comment_count = head.declared
            yield self._assemble(thread, self.comments_by_post.pop(head.ref, []))
        for post_ref, comments in self.comments_by_post.items():
            thread = Thread(id=post_ref or "(no post)", url=self.post_urls.get(post_ref))
            if post_ref and post_ref == self.feed_post[0]:
                thread.title = self.feed_post[1]
                yield self._assemble(thread, comments)
                continue
            these = f"{counted(len(comments), 'comment')} {noun_for(len(comments), 'names', 'name')}"
            thread.warnings.append(
                f"{these} post {post_ref!r}, which is not in the export; kept in a thread of that id"
                if post_ref
                else f"{these} no post; kept together here"
            )
            yield self._assemble(thread, comments)

    @staticmethod
    def _assemble(thread: Thread, comments: list[_Comment]) -> Thread:
        return assemble_held(thread, comments, "comment")


def _atom_text(element: Element | None) -> str:
    """An Atom text construct as plain text: type="html" is escaped HTML (the XML parser decoded one
    layer, the HTML reader the other); "text" is already plain; "xhtml" is inline markup."""
    if element is None:
        return ""
    if element.get("type") in _HTML_TYPES:
        return markup_to_text(element_text(element))
    return (element_text(element) or "").strip()


def _count(element: Element | None) -> int | None:
    """A non-negative whole number (<thr:total>), or None when absent or not a number."""
    text = (element_text(element) or "").strip()
    return int(text) if text.isdigit() else None


def _link(links: list[Element], rel: str) -> str | None:
    for link in links:
        if link.get("rel") == rel and (link.get("href") or "").strip():
            return link.get("href").strip()
    return None


def _removed(entry: Element) -> bool:
    """Classic exports mark a comment whose content was removed with a blogger.contentRemoved property."""
    for child in child_elements(entry):
        if child.get("name") == "blogger.contentRemoved":
            return (child.get("value") or "").strip().lower() == "true"
    return False


def _published(value: str | None, warnings: list[str]) -> datetime | None:
    """Atom's RFC 3339 time with its offset kept ('2017-09-02T14:45:23.302-07:00'); UTC when it has none."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        posted = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser as date_parser  # imported on first use: Python reads nearly every Atom time

        try:
            posted = date_parser.isoparse(value)
        except (ValueError, OverflowError):
            warnings.append(f"<published> {value[:40]!r} is not a date; kept without a time")
            return None
    return posted.replace(tzinfo=timezone.utc) if posted.tzinfo is None else posted
