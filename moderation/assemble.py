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

from moderation.plurals import counted
from moderation.thread import PATH_HEAD_LEVELS, Comment, Mention, Thread, full_path

_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
# A comment the dump gives no id is named by its tree path after this mark ("~1.2"): a bare path
# ("7", "1.1") could equal a real id of the same thread, so that a reply or a flag went to the wrong comment.
GENERATED_ID_MARK = "~"


NO_KEYS: dict[str, str] = {}  # shared by every comment without identity keys; never written to


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
        self.identity_keys = identity_keys if identity_keys is not None else NO_KEYS
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
                thread.warnings.append(f"duplicate id {ref!r} on {counted(len(positions), 'comment')}; all kept")

    # One pass finds each parent and lists the replies under it, in source order. Only parents get
    # a list (None elsewhere), and only siblings that share a parent with others need sorting later.
    parent_of: list[int | None] = [None] * count
    children: list[list[int] | None] = [None] * count
    roots: list[int] = []
    orphaned: set[int] = set()  # found orphaned here; comments read as orphans carry raw.orphan
    several: list[int] = []  # parents with more than one reply
    reply_before_parent = False  # only then can parents form a cycle
    for position, raw in enumerate(raw_comments):
        parent_ref = raw.parent_id
        if parent_ref is None or raw.orphan:
            roots.append(position)
            continue
        if unique:
            parent = position_of.get(parent_ref)
        else:
            candidates = positions_by_ref.get(parent_ref)
            parent = None if candidates is None else _nearest_preceding(candidates, position)
        if parent is None:
            orphaned.add(position)
            roots.append(position)
            thread.warnings.append(
                f"comment {raw.id!r} replies to {parent_ref!r}, which is not in the dump; "
                "kept at top level as an orphan"
            )
            continue
        if parent == position:
            orphaned.add(position)
            roots.append(position)
            thread.warnings.append(f"comment {raw.id!r} names itself as its parent; kept at top level")
            continue
        if parent > position:
            reply_before_parent = True
        parent_of[position] = parent
        siblings = children[parent]
        if siblings is None:
            children[parent] = [position]
        else:
            siblings.append(position)
            if len(siblings) == 2:
                several.append(parent)

    if reply_before_parent:  # every parent before its reply: each chain ends at a root, no cycle
        _break_cycles(raw_comments, parent_of, children, roots, orphaned, thread.warnings)

    if sibling_order == "time":
        # Sorts are stable and siblings are listed in source order, so equal times keep that order.
        times = [raw.posted_at for raw in raw_comments]
        if None in times:
            sort_key = [(posted is None, posted or _EPOCH) for posted in times].__getitem__
        else:
            sort_key = times.__getitem__

        roots.sort(key=sort_key)
        for parent in several:
            children[parent].sort(key=sort_key)

    thread.comments = _place(raw_comments, parent_of, children, roots, orphaned)
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
        stack.extend(children[position] or ())
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
        orphaned.add(cut)
        roots.append(cut)
        warnings.append(
            f"comment {raw_comments[cut].id!r} sits on a reply cycle; the cycle was cut and it is kept at top level"
        )
        stack = [cut]
        while stack:
            position = stack.pop()
            reached[position] = True
            stack.extend(children[position] or ())


def _place(raw_comments, parent_of, children, roots, orphaned) -> list[Comment]:
    """Put the comments in pre-order and fill in depth, sibling number, parent and final ids, in place.

    Pre-order places every parent before its replies and siblings in their order, so a parent's final
    id and depth are known when a reply takes them, and a reply's sibling number is its place in the
    parent's `child_indexes`.
    """
    placed: list[Comment] = []
    append = placed.append
    stack = roots[::-1]
    pop, extend = stack.pop, stack.extend
    root_number = 0
    id_prefix = None  # worked out only when a comment without its own id needs one
    while stack:
        position = pop()
        comment = raw_comments[position]
        index = len(placed)
        comment.index = index
        parent = parent_of[position]
        if parent is None:
            if comment.orphan or position in orphaned:
                comment.source_parent_id = comment.parent_id
                comment.orphan = True
            root_number += 1
            comment.number = root_number
            comment.parent_id = None
            comment.parent_comment = None
            comment.depth = 1
        else:
            parent_comment = raw_comments[parent]
            comment.parent_id = parent_comment.id
            comment.parent_comment = parent_comment
            comment.parent_index = parent_comment.index
            depth = comment.depth = parent_comment.depth + 1
            siblings = parent_comment.child_indexes
            if siblings:
                siblings.append(index)
                comment.number = len(siblings)
            else:
                parent_comment.child_indexes = [index]
                comment.number = 1
            if depth > PATH_HEAD_LEVELS:
                # The anchor is an ancestor, never the comment itself: a self-reference would be a cycle
                # only the garbage collector frees, and the parse command runs with it paused.
                anchor = parent_comment.path_anchor
                comment.path_anchor = parent_comment if anchor is None else anchor
        if not comment.own_id:
            if id_prefix is None:
                id_prefix = generated_id_prefix(raw_comments)
            comment.id = id_prefix + full_path(comment)
        append(comment)
        replies = children[position]
        if replies is not None:
            extend(reversed(replies))
    return placed
