"""Disqus XML export: <thread> elements, then every <post> of the forum, flat and in any order.

A reply may come before its parent and a post before its thread, so threads are assembled only
after the whole file is read; meanwhile each post is kept as one compact tuple and its element
dropped. Deleted and spam posts are kept (as placeholders with their status) so replies stay under
them. Ids are the dsq:id attributes, treated as strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import NamedTuple
from xml.etree.ElementTree import Element

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import primary_key
from moderation.errors import ParseError
from moderation.parsing.xml_stream import (
    IdentityKeyCache,
    LocalNames,
    complete_children,
    element_text,
    local_name,
    markup_to_text,
    plain_value,
    stream_document,
)
from moderation.thread import Thread

FORMAT = "disqus"
DESCRIPTION = "Disqus XML export (threads and flat posts linked by dsq:id)"

_NO_THREAD = "(no thread)"
_DSQ_ID = "{http://disqus.com/disqus-internals}id"


def sniff(source) -> int:
    head = source.head_text
    return 95 if "<disqus" in head and "disqus.com" in head else 0


class _Post(NamedTuple):
    """One post as kept until the end of the file: only what the thread needs."""

    ref: str
    own_id: bool
    thread_ref: str
    parent_ref: str | None
    author: str
    text: str
    posted_at: datetime | None
    status: str
    keys: tuple[tuple[str, str], ...]


class _ThreadHead(NamedTuple):
    ref: str
    title: str | None
    url: str | None
    body: str | None


def parse(source, options) -> Iterator[Thread]:
    reader = _DisqusReader()
    for root, finished in stream_document(source):
        if local_name(root.tag) != "disqus":
            raise ParseError(f"not a Disqus export: the root element is <{local_name(root.tag)}>, not <disqus>")
        done = complete_children(root, finished)
        for element in done:
            reader.read(element)
        del root[: len(done)]
    yield from reader.threads()


def _dsq_id(element: Element | None) -> str | None:
    """The dsq:id attribute (any namespace spelling), or None."""
    if element is None:
        return None
    value = element.get(_DSQ_ID)
    if value is not None and value.strip():
        return value.strip()
    for name, value in element.attrib.items():
        if local_name(name) == "id" and value.strip():
            return value.strip()
    return None


def _flag(element: Element | None) -> bool:
    return element is not None and (element.text or "").strip().lower() in ("true", "1")


class _DisqusReader:
    def __init__(self) -> None:
        self.heads: dict[str, _ThreadHead] = {}
        self.posts_by_thread: dict[str, list[_Post]] = {}
        self.unnamed = 0
        self.names = LocalNames()
        self.identity = IdentityKeyCache()
        self.thread_refs: dict[str, str] = {}  # one string per thread id, shared by its posts

    def _children_by_name(self, element: Element) -> dict[str, Element]:
        names = self.names
        return {names[child.tag]: child for child in element}

    def read(self, element: Element) -> None:
        name = self.names[element.tag]
        if name == "post":
            post = self._post(element)
            self.posts_by_thread.setdefault(post.thread_ref, []).append(post)
        elif name == "thread":
            head = self._thread_head(element)
            self.heads.setdefault(head.ref, head)

    def _thread_head(self, element: Element) -> _ThreadHead:
        fields = self._children_by_name(element)
        ref = _dsq_id(element) or (element_text(fields.get("id")) or "").strip()
        if not ref:
            self.unnamed += 1
            ref = f"thread-{self.unnamed}"
        return _ThreadHead(
            ref=ref,
            title=plain_value(element_text(fields.get("title"))) or None,
            url=(element_text(fields.get("link")) or "").strip() or None,
            body=markup_to_text(element_text(fields.get("message"))) or None,
        )

    def _post(self, element: Element) -> _Post:
        fields = self._children_by_name(element)
        ref = _dsq_id(element) or (element_text(fields.get("id")) or "").strip()
        own_id = bool(ref)
        if not own_id:
            self.unnamed += 1
            ref = f"\0unnamed-{self.unnamed}"
        author = fields.get("author")
        author_fields = self._children_by_name(author) if author is not None else {}
        name = plain_value(element_text(author_fields.get("name")))
        username = (element_text(author_fields.get("username")) or "").strip()
        keys = self.identity.keys(
            email=element_text(author_fields.get("email")),
            user_id=username or None,
            ip=element_text(fields.get("ipAddress")),
        )
        if _flag(fields.get("isSpam")):
            status = "spam"
        elif _flag(fields.get("isDeleted")):
            status = "deleted"
        else:
            status = "visible"
        return _Post(
            ref=ref,
            own_id=own_id,
            thread_ref=self._shared(_dsq_id(fields.get("thread")) or _NO_THREAD),
            parent_ref=_dsq_id(fields.get("parent")),
            author=name or username,
            text=markup_to_text(element_text(fields.get("message"))),
            posted_at=_created_at(element_text(fields.get("createdAt"))),
            status=status,
            keys=tuple(keys.items()),
        )

    def _shared(self, thread_ref: str) -> str:
        return self.thread_refs.setdefault(thread_ref, thread_ref)

    def threads(self) -> Iterator[Thread]:
        """Threads in file order, then threads named only by posts; empty duplicates left out."""
        link_with_posts = {
            head.url: ref for ref, head in self.heads.items() if head.url and ref in self.posts_by_thread
        }
        dropped_by_link: dict[str, list[str]] = {}
        for ref, head in self.heads.items():
            if ref not in self.posts_by_thread and head.url:
                dropped_by_link.setdefault(head.url, []).append(ref)
        for url, refs in dropped_by_link.items():
            if url not in link_with_posts:
                refs.pop(0)  # no thread of this link has posts: the first empty one stands for them all
        for ref, head in self.heads.items():
            dropped = dropped_by_link.get(head.url or "", [])
            if ref in dropped:
                continue
            thread = Thread(id=ref, title=head.title, url=head.url, body=head.body)
            if dropped:
                thread.warnings.append(
                    f"empty duplicate thread(s) {', '.join(map(repr, dropped))} for the same link left out"
                )
            yield self._assemble(thread, self.posts_by_thread.pop(ref, []))
        for ref, posts in self.posts_by_thread.items():
            thread = Thread(id=ref)
            thread.warnings.append(
                f"{len(posts)} post(s) name thread {ref!r}, which is not in the export; kept in a thread of that id"
                if ref != _NO_THREAD
                else f"{len(posts)} post(s) name no thread; kept together here"
            )
            yield self._assemble(thread, posts)

    def _assemble(self, thread: Thread, posts: list[_Post]) -> Thread:
        raw_comments = []
        for post in posts:
            keys = dict(post.keys)
            raw_comments.append(
                RawComment(
                    ref=post.ref,
                    parent_ref=post.parent_ref,
                    author=post.author,
                    text=post.text,
                    own_id=post.own_id,
                    author_key=primary_key(keys),
                    identity_keys=keys,
                    posted_at=post.posted_at,
                    status=post.status,
                )
            )
        return assemble_thread(thread, raw_comments, sibling_order="time")


def _created_at(value: str | None) -> datetime | None:
    """Disqus writes UTC ('2019-05-01T10:05:00Z'); a time without a zone is read as UTC too."""
    if not value or not value.strip():
        return None
    try:
        posted = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return posted.replace(tzinfo=timezone.utc) if posted.tzinfo is None else posted
