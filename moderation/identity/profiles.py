"""Everything one run says about each screen name: where it posted, when, what, under which keys.

A name is one identity node across every thread of the run. Anonymous comments are no one's node,
except one signed with a name ("... — Pete"), which becomes a node of its own so it can be linked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from moderation.identity.name_change_text import sign_off_name
from moderation.identity.names import is_anonymous, skeleton
from moderation.thread import Thread


@dataclass(slots=True)
class Appearance:
    """One comment of a name, reduced to what linking needs."""

    thread_id: str
    comment_id: str
    posted_at: datetime | None
    order: int  # pre-order position in its thread, a clock for dumps without times
    parent_name: str | None
    text: str


@dataclass(slots=True)
class NameProfile:
    name: str
    appearances: list[Appearance] = field(default_factory=list)
    keys: dict[str, list[Appearance]] = field(default_factory=dict)  # identity key -> comments showing it
    signed: str | None = None  # for a signed anonymous comment: the name it is signed with

    def span(self) -> tuple[datetime, datetime] | None:
        times = [a.posted_at for a in self.appearances if a.posted_at is not None]
        return (min(times), max(times)) if times else None


@dataclass(slots=True)
class Run:
    """The profiles of one run, and the threads' shape that linking asks about."""

    profiles: dict[str, NameProfile] = field(default_factory=dict)
    by_skeleton: dict[str, str] = field(default_factory=dict)  # skeleton -> a displayed name
    thread_ids: list[str] = field(default_factory=list)
    # (thread id, comment id) -> the node that wrote it, for resolving replies
    authors: dict[tuple[str, str], str] = field(default_factory=dict)


def anonymous_node(author: str, thread_id: str, comment_id: str) -> str:
    """The node name of a signed anonymous comment, e.g. "Anonymous (t3/17)"."""
    return f"{author or 'Anonymous'} ({thread_id}/{comment_id})"


def collect(threads: Iterable[Thread]) -> tuple[Run, list[Thread]]:
    """Profiles of every name in `threads` (read once), and the threads kept for the text pass."""
    run = Run()
    kept: list[Thread] = []
    for thread in threads:
        kept.append(thread)
        run.thread_ids.append(thread.id)
        for comment in thread.comments:
            if comment.status in ("deleted", "spam") and not comment.text.strip():
                continue
            node = _node_of(thread, comment)
            if node is None:
                continue
            run.authors[(thread.id, comment.id)] = node
            parent = thread.parent(comment)
            parent_node = run.authors.get((thread.id, parent.id)) if parent is not None else None
            appearance = Appearance(thread.id, comment.id, comment.posted_at, comment.index, parent_node, comment.text)
            profile = run.profiles.get(node)
            if profile is None:
                profile = run.profiles[node] = NameProfile(node)
                if is_anonymous(comment.author):
                    profile.signed = sign_off_name(comment.text)
                else:
                    run.by_skeleton.setdefault(skeleton(node), node)
            profile.appearances.append(appearance)
            # In the comment's own order, not a set's: the evidence lists keys in this order, and a set's
            # order changes with the hash seed from run to run.
            for key in dict.fromkeys([*comment.identity_keys.values(), comment.author_key]):
                if key:
                    profile.keys.setdefault(key, []).append(appearance)
    return run, kept


def _node_of(thread: Thread, comment) -> str | None:
    name = " ".join(comment.author.split())
    if not is_anonymous(name):
        return name
    if sign_off_name(comment.text):
        return anonymous_node(name, thread.id, comment.id)
    return None
