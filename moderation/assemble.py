"""Turn the flat comments a parser read into a reply tree, repairing what a dump breaks.

Every parser hands over `RawComment`s naming their parent by reference; this module alone decides
depth, path and order, so that no format can lose a comment or attach it to the wrong parent.
Repairs (orphans, cycles, duplicate ids) are kept and listed in the thread's warnings.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from moderation.thread import PATH_HEAD_LEVELS, Comment, Mention, Thread, full_path

_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
# A comment the dump gives no id is named by its tree path after this mark ("~1.2"): a bare path
# ("7", "1.1") could equal a real id of the same thread, so that a reply or a flag went to the wrong comment.
GENERATED_ID_MARK = "~"


_NO_KEYS: dict[str, str] = {}  # shared by every comment without identity keys; never written to


class RawComment(Comment):
    """A comment as a parser reads it, before `assemble_thread` places it.

    `ref` identifies it for `parent_ref` lookups; `own_id` says whether `ref` is the source's own
    id (kept as the comment id) or only a parser's handle (the comment id becomes its marked path, "~1.2").
    `orphan=True` says it is already known to be one (our own JSON read back): `parent_ref` is then
    the parent the source named, kept for the record and never looked up again.

    The assembler places these objects in place (they are the thread's comments afterwards), so a
    million-comment dump builds a million objects, not two million for the collector to scan.
    """

    __slots__ = ()

    def __init__(
        self,
        ref: str,
        parent_ref: str | None,
        author: str,
        text: str,
        own_id: bool = True,
        author_key: str | None = None,
        identity_keys: dict[str, str] | None = None,
        posted_at: datetime | None = None,
        status: str = "visible",
        mentions: list[Mention] | tuple[()] = (),
        orphan: bool = False,
        kind: str = "comment",
        links: tuple[str, ...] = (),
        deleted_by: str | None = None,
        role: str | None = None,
    ) -> None:
        # Every Comment field is set here, without the dataclass __init__'s keyword handling: this
        # runs once per comment of the largest dumps (tests check no field is left unset).
        self.id = ref
        self.parent_id = parent_ref
        self.author = author
        self.text = text
        self.author_key = author_key
        self.posted_at = posted_at
        self.depth = 0
        self.number = 1
        self.status = status
        self.orphan = orphan
        self.mentions = mentions or ()
        self.identity_keys = identity_keys if identity_keys is not None else _NO_KEYS
        self.source_parent_id = None
        self.index = -1
        self.parent_index = None
        self.child_indexes = ()
        self.parent_comment = None
        self.path_anchor = None
        self.own_id = own_id
        self.kind = kind
        self.links = links
        self.deleted_by = deleted_by
        self.role = role

    @property
    def ref(self) -> str:
        return self.id

    @ref.setter
    def ref(self, value: str) -> None:
        self.id = value

    @property
    def parent_ref(self) -> str | None:
        return self.parent_id

    @parent_ref.setter
    def parent_ref(self, value: str | None) -> None:
        self.parent_id = value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many comments are built.

    A million small objects set off full collections that scan each of them again and again (about
    a fifth of the read time); comments form no reference cycles that need collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def assemble_thread(thread: Thread, raw_comments: list[RawComment], *, sibling_order: str = "source") -> Thread:
    """Place `raw_comments` into `thread.comments` in pre-order and record every repair.

    sibling_order: "source" keeps the dump's order among siblings (pages show them in order);
    "time" sorts siblings by posted_at, then source order (exports list posts in any order).
    """
    with collector_paused():
        return _assemble(thread, raw_comments, sibling_order)


def _assemble(thread: Thread, raw_comments: list[RawComment], sibling_order: str) -> Thread:
    count = len(raw_comments)
    position_of = {raw.id: position for position, raw in enumerate(raw_comments)}
    unique = len(position_of) == count  # as in nearly every dump: no list of positions per comment
    positions_by_ref: dict[str, list[int]] = {}
    if not unique:
        for position, raw in enumerate(raw_comments):
            positions_by_ref.setdefault(raw.id, []).append(position)
        for ref, positions in positions_by_ref.items():
            if len(positions) > 1:
                thread.warnings.append(f"duplicate id {ref!r} on {len(positions)} comments; all kept")

    parent_of: list[int | None] = [None] * count
    orphaned: list[bool] = [raw.orphan for raw in raw_comments]
    for position, raw in enumerate(raw_comments):
        if raw.parent_id is None or raw.orphan:
            continue
        if unique:
            parent = position_of.get(raw.parent_id)
            candidates = None if parent is None else (parent,)
        else:
            candidates = positions_by_ref.get(raw.parent_id)
        if not candidates:
            orphaned[position] = True
            thread.warnings.append(
                f"comment {raw.id!r} replies to {raw.parent_id!r}, which is not in the dump; "
                "kept at top level as an orphan"
            )
            continue
        parent_of[position] = _nearest_preceding(candidates, position)
        if parent_of[position] == position:
            parent_of[position] = None
            orphaned[position] = True
            thread.warnings.append(f"comment {raw.id!r} names itself as its parent; kept at top level")

    children: list[list[int]] = [[] for _ in range(count)]
    roots: list[int] = []
    for position, parent in enumerate(parent_of):
        (roots if parent is None else children[parent]).append(position)

    _break_cycles(raw_comments, parent_of, children, roots, orphaned, thread.warnings)

    if sibling_order == "time":
        # Sorts are stable and siblings are listed in source order, so equal times keep that order.
        times = [raw.posted_at for raw in raw_comments]
        if None in times:
            sort_key = [(posted is None, posted or _EPOCH) for posted in times].__getitem__
        else:
            sort_key = times.__getitem__

        roots.sort(key=sort_key)
        for siblings in children:
            if len(siblings) > 1:
                siblings.sort(key=sort_key)

    thread.comments = _place(raw_comments, parent_of, children, roots, orphaned, generated_id_prefix(raw_comments))
    return thread


def generated_id_prefix(raw_comments: list[RawComment]) -> str:
    """The mark a generated id starts with: GENERATED_ID_MARK, repeated once more than any own id of
    the thread starts with it, so that no generated id ("~7", "~1.1") can equal an id the dump gave."""
    longest = 0
    for raw in raw_comments:
        if raw.own_id and raw.ref.startswith(GENERATED_ID_MARK):
            longest = max(longest, len(raw.ref) - len(raw.ref.lstrip(GENERATED_ID_MARK)))
    return GENERATED_ID_MARK * (longest + 1)


def _nearest_preceding(candidates: list[int], position: int) -> int:
    """Of several comments sharing the parent's id, take the closest one before the reply."""
    if len(candidates) == 1:
        return candidates[0]
    # candidates are in source order: a binary search keeps a dump of many comments sharing one id linear.
    before = bisect_left(candidates, position)
    return candidates[before - 1] if before else candidates[0]


def _break_cycles(raw_comments, parent_of, children, roots, orphaned, warnings) -> None:
    """Comments not reachable from any root sit on a parent cycle: cut each cycle once."""
    reached = [False] * len(raw_comments)
    stack = list(roots)
    while stack:
        position = stack.pop()
        reached[position] = True
        stack.extend(children[position])
    for start in range(len(raw_comments)):
        if reached[start]:
            continue
        # Walk up from the first unreached comment until a comment repeats: that one closes the cycle.
        seen: set[int] = set()
        position = start
        while position not in seen:
            seen.add(position)
            position = parent_of[position]
        cut = position
        old_parent = parent_of[cut]
        children[old_parent].remove(cut)
        parent_of[cut] = None
        orphaned[cut] = True
        roots.append(cut)
        warnings.append(
            f"comment {raw_comments[cut].id!r} sits on a reply cycle; the cycle was cut and it is kept at top level"
        )
        stack = [cut]
        while stack:
            position = stack.pop()
            reached[position] = True
            stack.extend(children[position])


def _place(raw_comments, parent_of, children, roots, orphaned, id_prefix: str) -> list[Comment]:
    """Put the comments in pre-order and fill in depth, sibling number, parent and final ids, in place."""
    placed: list[Comment] = []
    # Stack entries: (position, sibling number); pre-order places every parent before its replies,
    # so a parent's final id is known when its replies take it as their parent_id.
    stack = [(root, number) for number, root in reversed(list(enumerate(roots, start=1)))]
    while stack:
        position, number = stack.pop()
        comment = raw_comments[position]
        parent = parent_of[position]
        parent_comment = raw_comments[parent] if parent is not None else None
        if orphaned[position]:
            comment.source_parent_id = comment.parent_id
            comment.orphan = True
        comment.parent_id = parent_comment.id if parent_comment is not None else None
        comment.parent_comment = parent_comment
        comment.depth = parent_comment.depth + 1 if parent_comment is not None else 1
        comment.number = number
        if comment.depth > PATH_HEAD_LEVELS:
            # The anchor is an ancestor, never the comment itself: a self-reference would be a cycle
            # only the garbage collector frees, and the parse command runs with it paused.
            anchor = parent_comment.path_anchor
            comment.path_anchor = parent_comment if anchor is None else anchor
        comment.index = len(placed)
        if parent_comment is not None:
            comment.parent_index = parent_comment.index
            if parent_comment.child_indexes:
                parent_comment.child_indexes.append(comment.index)
            else:
                parent_comment.child_indexes = [comment.index]
        if not comment.own_id:
            comment.id = id_prefix + full_path(comment)
        placed.append(comment)
        replies = children[position]
        if replies:
            stack.extend((replies[n - 1], n) for n in range(len(replies), 0, -1))
    return placed
