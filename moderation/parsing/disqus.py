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
    local_name,
    markup_links,
    markup_to_text,
    plain_value,
    unnamed_ref,
)
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "disqus"
DESCRIPTION = "Disqus XML export (threads and flat posts linked by dsq:id)"

_NO_THREAD = "(no thread)"
_DSQ_ID = "{http://disqus.com/disqus-internals}id"


def sniff(source) -> int:
    head = source.head_text
    return 95 if root_name(head) == "disqus" and "disqus.com" in head else 0


class _Post(NamedTuple):
    """One post as kept until the end of the file: only what the thread needs."""

    ref: str
    thread_ref: str
    parent_ref: str | None
    author: str
    text: str
    posted_at: datetime | None
    status: str
    keys: tuple[tuple[str, str], ...]
    links: tuple[str, ...]
    warnings: tuple[str, ...]  # values that could not be read (a garbled date, a flag that is not true/false)


class _ThreadHead(NamedTuple):
    ref: str
    title: str | None
    url: str | None
    body: str | None
    deleted: bool  # the article itself was deleted on Disqus (<isDeleted> on the thread)


def parse(source, options) -> Iterator[Thread]:
    # "{*}thread" also matches the <thread dsq:id> reference inside each post, read with its post.
    records = XmlRecords(source, ("{*}post", "{*}thread"), ("disqus",), "a Disqus export")
    reader = _DisqusReader()
    for element in records:
        parent = element.getparent()
        if parent is not None and parent.getparent() is not None:
            continue  # a post's <thread> reference (a top-level record recovery left open may be detached)
        errors = records.errors_in(element)
        if errors:
            reader.malformed(element, errors[0])
        else:
            reader.read(element)
        records.release(element)
    yield from export_threads(list(reader.threads()), records, reader.notes, "thread or post")


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


_TRUE = ("true", "1")
_FALSE = ("false", "0", "")


def _flag(element: Element | None, name: str, warnings: list[str]) -> bool:
    """A Disqus true/false field; any other value reads as false, and is said so."""
    if element is None:
        return False
    value = (element.text or "").strip().lower()
    if value not in _TRUE and value not in _FALSE:
        warnings.append(f"<{name}> {value[:40]!r} is not true/false; read as false")
    return value in _TRUE


class _DisqusReader:
    def __init__(self) -> None:
        self.heads: dict[str, _ThreadHead] = {}
        self.posts_by_thread: dict[str, list[_Post]] = {}
        self.unnamed = 0
        self.names = LocalNames()
        self.identity = IdentityKeyCache()
        self.thread_refs: dict[str, str] = {}  # one string per thread id, shared by its posts
        self.unread_by_thread: dict[str, list[str]] = {}  # malformed posts left out, by the thread they name
        self.notes: list[str] = []  # malformed records that name no readable thread

    def malformed(self, element: Element, error: str) -> None:
        """A record the XML parser had to repair: left out, and named where a moderator will see it."""
        name = self.names[element.tag]
        ref = _dsq_id(element)
        label = f"{name} {ref!r}" if ref else f"a {name} starting at line {element.sourceline}"
        reason = f"{label} is malformed XML ({error}); left out"
        thread_ref = None
        if name == "post":
            thread_ref = next(
                (_dsq_id(child) for child in child_elements(element) if self.names[child.tag] == "thread"), None
            )
        if thread_ref:
            self.unread_by_thread.setdefault(self._shared(thread_ref), []).append(reason)
        else:
            self.notes.append(reason)

    def _children_by_name(self, element: Element) -> dict[str, Element]:
        names = self.names
        return {names[child.tag]: child for child in child_elements(element)}

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
            deleted=_flag(fields.get("isDeleted"), "isDeleted", []),
        )

    def _post(self, element: Element) -> _Post:
        fields = self._children_by_name(element)
        ref = _dsq_id(element) or (element_text(fields.get("id")) or "").strip()
        if not ref:
            self.unnamed += 1
            ref = unnamed_ref(self.unnamed)
        author = fields.get("author")
        author_fields = self._children_by_name(author) if author is not None else {}
        name = plain_value(element_text(author_fields.get("name")))
        username = (element_text(author_fields.get("username")) or "").strip()
        keys = self.identity.keys(
            email=element_text(author_fields.get("email")),
            user_id=username or None,
            ip=element_text(fields.get("ipAddress")),
        )
        warnings: list[str] = []
        if _flag(fields.get("isSpam"), "isSpam", warnings):
            status = "spam"
        elif _flag(fields.get("isDeleted"), "isDeleted", warnings):
            status = "deleted"
        else:
            status = "visible"
        message = element_text(fields.get("message"))
        created = element_text(fields.get("createdAt"))
        posted_at = _created_at(created)
        if posted_at is None and created and created.strip():
            warnings.append(f"<createdAt> {created.strip()[:40]!r} is not a date; kept without a time")
        return _Post(
            ref=ref,
            thread_ref=self._shared(_dsq_id(fields.get("thread")) or _NO_THREAD),
            parent_ref=_dsq_id(fields.get("parent")),
            author=name or username,
            text=markup_to_text(message),
            posted_at=posted_at,
            status=status,
            keys=tuple(keys.items()),
            links=markup_links(message),
            warnings=tuple(warnings),
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
        self.filed_under = self._where_filed()
        for ref, head in self.heads.items():
            dropped = dropped_by_link.get(head.url or "", [])
            if ref in dropped:
                continue
            thread = Thread(id=ref, title=head.title, url=head.url, body=head.body)
            if head.deleted:
                thread.warnings.append(
                    "the article was deleted on Disqus (thread <isDeleted>); its posts are kept with their own status"
                )
            if dropped:
                thread.warnings.append(
                    f"empty duplicate {noun_for(len(dropped), 'thread')} {', '.join(map(repr, dropped))} "
                    "for the same link left out"
                )
            yield self._assemble(thread, self.posts_by_thread.pop(ref, []))
        for ref, posts in self.posts_by_thread.items():
            thread = Thread(id=ref)
            these = f"{counted(len(posts), 'post')} {noun_for(len(posts), 'names', 'name')}"
            thread.warnings.append(
                f"{these} thread {ref!r}, which is not in the export; kept in a thread of that id"
                if ref != _NO_THREAD
                else f"{these} no thread; kept together here"
            )
            yield self._assemble(thread, posts)
        for ref in list(self.unread_by_thread):
            yield self._assemble(Thread(id=ref), [])  # only malformed posts named it: said, not lost

    def _where_filed(self) -> dict[str, tuple[str, str | None]]:
        """Post ref -> the thread (id, title) the export files it under."""
        filed = {}
        for ref, posts in self.posts_by_thread.items():
            head = self.heads.get(ref)
            thread = (ref, head.title if head is not None else None)
            for post in posts:
                filed[post.ref] = thread
        return filed

    def _assemble(self, thread: Thread, posts: list[_Post]) -> Thread:
        for reason in self.unread_by_thread.pop(thread.id, []):
            thread.mark_unread(reason)
        return assemble_held(thread, posts, "post", self.filed_under)


def _created_at(value: str | None) -> datetime | None:
    """Disqus writes UTC ('2019-05-01T10:05:00Z'); a time without a zone is read as UTC too."""
    if not value or not value.strip():
        return None
    try:
        posted = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return posted.replace(tzinfo=timezone.utc) if posted.tzinfo is None else posted
