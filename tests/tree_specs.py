"""Random reply trees for property tests, and the check that a parsed thread matches one.

A spec is a list of `SpecComment`s in pre-order; `parent` is the position of the parent (always
earlier) or None. Each format's renderer in tests/renderers.py turns a spec into a dump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from moderation.thread import Thread

_NAME_ALPHABET = st.characters(
    whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ._-'", max_codepoint=0x24F
)
_TEXT_ALPHABET = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"), whitelist_characters="\n", max_codepoint=0x1FFFF
)


@dataclass
class SpecComment:
    parent: int | None
    author: str
    text: str
    posted_at: datetime


def children_of(spec: list[SpecComment]) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in spec]
    for position, comment in enumerate(spec):
        if comment.parent is not None:
            children[comment.parent].append(position)
    return children


def preorder(spec: list[SpecComment]) -> list[int]:
    """Positions in pre-order (specs are generated in pre-order already; this re-derives it)."""
    children = children_of(spec)
    stack = [p for p, c in reversed(list(enumerate(spec))) if c.parent is None]
    order = []
    while stack:
        position = stack.pop()
        order.append(position)
        stack.extend(reversed(children[position]))
    return order


@st.composite
def comment_trees(draw, *, max_comments: int = 25, max_depth: int | None = None, text=None, names=None):
    """A random tree in pre-order; depth limited to max_depth levels when given."""
    count = draw(st.integers(min_value=0, max_value=max_comments))
    name_strategy = (
        names
        if names is not None
        else st.text(_NAME_ALPHABET, min_size=1, max_size=20)
        .map(str.strip)
        .filter(lambda s: bool(s) and not s[0].isdigit())
    )
    text_strategy = (
        text if text is not None else st.text(_TEXT_ALPHABET, min_size=1, max_size=200).map(str.strip).filter(bool)
    )
    start = datetime(2021, 3, 4, 9, 0, tzinfo=timezone.utc)
    spec: list[SpecComment] = []
    depth: list[int] = []
    open_chain: list[int] = []  # the path from the root to the last comment: pre-order may only attach there
    for position in range(count):
        choices = [None] + open_chain
        if max_depth is not None:
            choices = [c for c in choices if c is None or depth[c] < max_depth]
        parent = draw(st.sampled_from(choices))
        level = 1 if parent is None else depth[parent] + 1
        spec.append(
            SpecComment(
                parent=parent,
                author=draw(name_strategy),
                text=draw(text_strategy),
                posted_at=start + timedelta(minutes=7 * position),
            )
        )
        depth.append(level)
        open_chain = (open_chain[: open_chain.index(parent) + 1] if parent is not None else []) + [position]
    return spec


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def assert_same_tree(
    spec: list[SpecComment], thread: Thread, *, exact_text: bool = True, check_time: bool = True
) -> None:
    """The parsed thread holds the spec's comments, in pre-order, under the same parents."""
    assert len(thread.comments) == len(spec), [c.text for c in thread.comments]
    for position, (wanted, got) in enumerate(zip(spec, thread.comments, strict=False)):
        parent = None if got.parent_index is None else got.parent_index
        assert parent == wanted.parent, f"comment {position}: parent {parent} != {wanted.parent}"
        assert got.author == wanted.author.strip(), f"comment {position}: author {got.author!r} != {wanted.author!r}"
        if exact_text:
            assert got.text == wanted.text, f"comment {position}: text {got.text!r} != {wanted.text!r}"
        else:
            assert normalise_space(got.text) == normalise_space(wanted.text), f"comment {position}"
        if check_time:
            assert got.posted_at == wanted.posted_at, f"comment {position}: {got.posted_at} != {wanted.posted_at}"
        assert not got.orphan
