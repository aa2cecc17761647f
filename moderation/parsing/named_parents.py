"""Which earlier comment a reply means when the copy names only its parent's author ("Reply to  Tom",
"Ann → Tom") and that author wrote several.

A comment section lists replies right under their parent's branch (pre-order), so the parent is one of
the comments on the branch that ends at the comment just above: the nearest of those by that name.
The latest comment by that name anywhere is only a fallback, for copies whose order breaks that rule.
"""

from __future__ import annotations

# Branch steps walked up from the comment above, at most: deeper than any thread a page shows, and a
# bound on the walk for copies of one long reply chain.
MAX_BRANCH_WALK = 500


class NamedParents:
    """Comments read so far (ref, author, parent), answering "which comment by NAME is this reply's parent"."""

    def __init__(self) -> None:
        self._parent: dict[str, str | None] = {}
        self._author: dict[str, str] = {}
        self._latest: dict[str, str] = {}
        self._count: dict[str, int] = {}
        self._previous: str | None = None

    def add(self, ref: str, author: str, parent_ref: str | None) -> None:
        key = author.casefold()
        self._parent[ref] = parent_ref
        self._author[ref] = key
        if key:
            self._latest[key] = ref
            self._count[key] = self._count.get(key, 0) + 1
        self._previous = ref

    def find(self, name: str) -> str | None:
        """The nearest comment by `name` on the branch ending at the previous comment, else the latest by
        `name`, else None."""
        key = name.casefold()
        if key not in self._latest:
            return None
        ref, steps = self._previous, 0
        while ref is not None and steps < MAX_BRANCH_WALK:
            if self._author[ref] == key:
                return ref
            ref, steps = self._parent[ref], steps + 1
        return self._latest[key]

    def shared(self, name: str) -> bool:
        """Whether several earlier comments carry this name (the choice was a judgement)."""
        return self._count.get(name.casefold(), 0) > 1
