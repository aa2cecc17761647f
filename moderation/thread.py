"""The thread model every parser produces: a `Thread` holding its `Comment`s in pre-order.

Walks are iterative so that a reply chain of any depth never meets Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

STATUSES = ("visible", "deleted", "spam", "pending")
# A path shows this many sibling numbers from the root and this many down to the comment; deeper
# levels between them are counted, not listed. Written out whole, a 20,000-deep reply chain gave each
# comment a 40,000-character path: output quadratic in the input (issue #18). 8 + 8 keeps every path
# of ordinary threads (WordPress nests at most 10 levels) whole.
PATH_HEAD_LEVELS = 8
PATH_TAIL_LEVELS = 8
# What a comment is: pingbacks and trackbacks are other sites linking here, not readers writing.
KINDS = ("comment", "pingback", "trackback")
# Who deleted a deleted comment, where the dump says: Reddit's "[removed]" is a moderator's act,
# "[deleted]" the author's own.
DELETED_BY = ("author", "moderator")
# Site staff, where the dump says who they are: the post's author (Reddit `is_submitter`, WordPress
# `bypostauthor`, Blogger `blog-author`), a moderator (Reddit `distinguished: moderator`), an admin.
# Staff are never ranked as offenders: their call-outs are moderation.
ROLES = ("post_author", "moderator", "admin")


def never_flagged(status: str) -> bool:
    """A deleted comment is gone already, and its text is often the platform's notice ("This comment has
    been removed by the author."), not the commenter's words: it is scored but never flagged."""
    return status == "deleted"


@dataclass(slots=True)
class Mention:
    """A reader pointing at another comment in the text: "@Mara", "@9:50", "1:42 asked"."""

    text: str
    kind: str  # "name" or "time"
    target: str | None = None  # id of the comment it resolves to, when it does

    def to_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "target": self.target}


@dataclass(slots=True)
class Comment:
    """One comment, placed in the reply tree.

    `index` is the comment's position in the thread's pre-order list and `parent_index` its
    parent's; ids may repeat in a broken dump, positions never do.
    """

    id: str
    parent_id: str | None
    author: str
    text: str
    author_key: str | None = None
    posted_at: datetime | None = None
    depth: int = 0
    number: int = 1  # position among its siblings, from 1
    status: str = "visible"
    orphan: bool = False
    # Leaves and unmentioning comments share one empty tuple: a million comments keep a million
    # fewer objects alive for the garbage collector to scan.
    mentions: list[Mention] | tuple[()] = ()
    identity_keys: dict[str, str] = field(default_factory=dict)
    source_parent_id: str | None = None  # the parent the source named, kept when it was missing
    index: int = -1
    parent_index: int | None = None
    child_indexes: list[int] | tuple[()] = ()
    parent_comment: Comment | None = field(default=None, repr=False, compare=False)
    own_id: bool = True  # False when the source has no id and `id` is the marked path ("~1.2", see assemble)
    # The ancestor (or the comment itself) at the last level a path shows from the root, set by the
    # assembler for comments at least that deep: a deep comment's path is built without a walk to the root.
    path_anchor: Comment | None = field(default=None, repr=False, compare=False)
    kind: str = "comment"  # one of KINDS
    # Where the comment's links point (href targets in its HTML, URLs in its text): where a spam
    # link leads matters to a moderator. Shared empty tuple for the many comments without one.
    links: tuple[str, ...] = ()
    deleted_by: str | None = None  # one of DELETED_BY, for a deleted comment whose dump says
    role: str | None = None  # one of ROLES for a comment by site staff, where the dump says

    @property
    def path(self) -> str:
        """Sibling numbers from the root down, "3.1.2"; in a very deep chain "1.1.1.1.1.1.1.1.[n levels].1.1...".

        Derived on demand from at most PATH_HEAD_LEVELS + PATH_TAIL_LEVELS comments: storing or
        spelling out whole paths would cost memory and output quadratic in depth on a long reply chain.
        """
        levels = self.depth if self.depth > 0 else 1
        if levels <= PATH_HEAD_LEVELS + PATH_TAIL_LEVELS + 1 or self.path_anchor is None:
            return _numbers_up(self, levels)
        tail = _numbers_up(self, PATH_TAIL_LEVELS)
        head = _numbers_up(self.path_anchor, PATH_HEAD_LEVELS)
        return f"{head}.[{levels - PATH_HEAD_LEVELS - PATH_TAIL_LEVELS} levels].{tail}"


def full_path(comment: Comment) -> str:
    """Every sibling number from the root down, never elided: the id of a comment whose dump gives none."""
    return _numbers_up(comment, comment.depth)


def _numbers_up(comment: Comment | None, levels: int) -> str:
    """The sibling numbers of the comment and its ancestors, `levels` of them, root side first."""
    numbers = []
    while comment is not None and len(numbers) < levels:
        numbers.append(comment.number)
        comment = comment.parent_comment
    return ".".join(map(str, reversed(numbers)))


@dataclass(frozen=True, slots=True)
class MissingFrame:
    """A page whose comments a service's frame holds, not the page (a Disqus, Facebook or Discourse mount
    with no comment read): set by the page readers that find the mount, so that a run which also reads
    that frame can give the page its comments (parsing/saved_frames) without parsing the reason's words."""

    service: str  # as script_comments names it: "Disqus", "Facebook comments", "Discourse"
    reason: str  # the page's unread reason that says so, dropped once the frame's comments are joined
    saved_as: str | None = None  # the frame file a "Web page, complete" save wrote, as the page's iframe names it


@dataclass(slots=True)
class Thread:
    """One discussion: the article it hangs under and its comments in pre-order."""

    id: str
    title: str | None = None
    url: str | None = None
    source_path: str | None = None
    source_format: str | None = None
    declared_comment_count: int | None = None
    body: str | None = None
    comments: list[Comment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Why comments are known to exist that this dump does not hold ("the page says 91 comments;
    # 74 are here", "3 'more' stubs"). Each reason is also one of `warnings`. A thread with any is
    # incomplete: no report may present it as an all-clear.
    unread: list[str] = field(default_factory=list)
    # The zone the page shows its times in, when the parser can tell (Blogger: the shown clock less the
    # permalink's epoch). Times stay as the source gives them; reports and "@9:50" replies use this zone.
    shown_zone: tzinfo | None = None
    # A page that mounts a comment frame we read, none of whose comments are in the page (see MissingFrame).
    missing_frame: MissingFrame | None = None

    def mark_unread(self, reason: str) -> None:
        """Record that comments exist which were not read, and why."""
        if reason not in self.unread:
            self.unread.append(reason)
            self.warnings.append(reason)

    @property
    def incomplete(self) -> bool:
        return bool(self.unread)

    def roots(self) -> list[Comment]:
        """Top-level comments (orphans included) in order."""
        return [c for c in self.comments if c.parent_index is None]

    def children(self, comment: Comment) -> list[Comment]:
        return [self.comments[i] for i in comment.child_indexes]

    def parent(self, comment: Comment) -> Comment | None:
        return None if comment.parent_index is None else self.comments[comment.parent_index]

    def ancestors(self, comment: Comment) -> Iterator[Comment]:
        """The parent, its parent, ... up to the root."""
        index = comment.parent_index
        while index is not None:
            ancestor = self.comments[index]
            yield ancestor
            index = ancestor.parent_index

    def subtree(self, comment: Comment) -> Iterator[Comment]:
        """The comment and all its replies, in pre-order."""
        stack = [comment.index]
        while stack:
            current = self.comments[stack.pop()]
            yield current
            stack.extend(reversed(current.child_indexes))

    def preorder(self) -> Iterator[Comment]:
        """Every comment, parents before their replies, siblings in order."""
        stack = [c.index for c in reversed(self.roots())]
        while stack:
            current = self.comments[stack.pop()]
            yield current
            stack.extend(reversed(current.child_indexes))

    @property
    def max_depth(self) -> int:
        return max((c.depth for c in self.comments), default=0)


def preorder_with_paths(thread: Thread) -> list[tuple[Comment, str]]:
    """(comment, its path) in pre-order, each path extended from its parent's: a list, as the writers
    loop over it once per comment of a million-comment dump (through a generator the walk cost the
    JSON writer a third as much again as its records).

    Comment.path walks up towards the root for every comment; writers that show every comment's path
    spent a third of their time in that walk on a million-comment dump.
    """
    whole_path_depth = PATH_HEAD_LEVELS + PATH_TAIL_LEVELS + 1  # deeper paths elide their middle
    comments = thread.comments
    count = len(comments)
    # By position in `comments`: the path of each comment already given that has replies. A list,
    # not a dict by id(): a fifth of the walk went to hashing and looking up ids.
    paths: list[str | None] = [None] * count
    numbers = _NUMBER_TEXTS
    walked: list[tuple[Comment, str]] = []
    append = walked.append
    # The walk of Thread.preorder, inline: this runs once per comment of a million-comment dump.
    stack = [c.index for c in reversed(thread.roots())]
    pop, extend = stack.pop, stack.extend
    while stack:
        position = pop()
        comment = comments[position]
        parent, depth, number = comment.parent_comment, comment.depth, comment.number
        if depth > whole_path_depth:
            path = comment.path
        elif parent is None:
            path = numbers[number] if 0 <= number < _NUMBER_TEXT_COUNT else str(number)
        else:
            parent_position = parent.index
            parent_path = (
                paths[parent_position] if 0 <= parent_position < count and comments[parent_position] is parent else None
            )
            if parent_path is not None and parent.depth == depth - 1:
                text = numbers[number] if 0 <= number < _NUMBER_TEXT_COUNT else str(number)
                path = f"{parent_path}.{text}"
            else:  # a hand-built thread whose depths or positions do not chain: the property knows
                path = comment.path
        replies = comment.child_indexes
        if replies:
            paths[position] = path
            extend(reversed(replies))
        append((comment, path))
    return walked


# Sibling numbers as text, made once: most comments' numbers are small (the writers' paths).
_NUMBER_TEXT_COUNT = 1000
_NUMBER_TEXTS = [str(number) for number in range(_NUMBER_TEXT_COUNT)]
