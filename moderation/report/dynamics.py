"""How a thread behaved: who insulted whom, where it got heated, double posts, who drew flags.

Everything here works on one thread's comments in pre-order and per-comment flags; walks are
iterative and linear, so a long reply chain costs no recursion.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence

from moderation.thread import Comment, Thread

HEATED_SHOWN = 3
AUTHORS_SHOWN = 10
EXCERPT = 160
DOUBLE_POST_EXCERPT = 100
DOUBLE_POST_MIN_CHARACTERS = 2  # a lone "." or "?" posted twice is no double post
# Blogger nests replies two levels deep and no further: in a thread no deeper, readers name whom they
# answer in the text ("@9:50", "@Ray"), and the structural parent is only the top of the subthread.
FLAT_DEPTH = 2
_SPACE = re.compile(r"\s+")


def author_id(comment: Comment) -> str:
    """Who wrote it, for counting: the hashed identity key when the dump has one, else the name."""
    return comment.author_key or f"name:{comment.author.strip().casefold()}"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The text on one line, cut at a word boundary."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


Target = tuple[Comment, str]  # the comment aimed at, and how it was found: "reply" or "mention"


def insult_targets(thread: Thread, comments: Iterable[Comment]) -> dict[int, Target]:
    """Whom each comment is aimed at, by index; a comment with no known target is left out.

    In a flat thread (no deeper than FLAT_DEPTH) the first @name or @time mention that resolved to a
    comment wins over the structural parent; elsewhere the parent wins and a mention is the fallback
    for top-level comments. Ids are indexed once per call, so the cost is linear in the thread.
    """
    flat = thread.max_depth <= FLAT_DEPTH
    by_id: dict[str, list[int]] | None = None
    targets: dict[int, Target] = {}
    for comment in comments:
        parent = thread.parent(comment)
        if parent is not None and not flat:
            targets[comment.index] = (parent, "reply")
            continue
        mentioned = None
        for mention in comment.mentions:
            if mention.target is None:
                continue
            if by_id is None:
                by_id = {}
                for candidate in thread.comments:
                    by_id.setdefault(candidate.id, []).append(candidate.index)
            mentioned = _latest_before(thread, by_id.get(mention.target, ()), comment.index)
            if mentioned is not None:
                break
        if mentioned is not None and mentioned is not comment:
            targets[comment.index] = (mentioned, "mention")
        elif parent is not None:
            targets[comment.index] = (parent, "reply")
    return targets


def _latest_before(thread: Thread, indexes: Sequence[int], before: int) -> Comment | None:
    """The latest comment among `indexes` (ascending) before position `before`, else the first one."""
    if not indexes:
        return None
    position = bisect_left(indexes, before)
    return thread.comments[indexes[position - 1] if position else indexes[0]]


def insult_edges(thread: Thread, insulting: Sequence[Comment], targets: dict[int, Target] | None = None) -> list[dict]:
    """Author to author, with counts; insults at oneself (a reply to one's own comment) are left out."""
    if targets is None:
        targets = insult_targets(thread, insulting)
    counts: Counter = Counter()
    for comment in insulting:
        found = targets.get(comment.index)
        if found is None or author_id(found[0]) == author_id(comment):
            continue
        counts[(comment.author, found[0].author)] += 1
    return [
        {"from": source, "to": target, "count": count}
        for (source, target), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def heated_subthreads(thread: Thread, insult_positions: set[int]) -> list[dict]:
    """Top-level subthreads holding insults, hottest first: insults, then the longest back-and-forth
    (a reply chain alternating between two people), then depth."""
    if not insult_positions:
        return []
    comments = thread.comments
    chain = [1] * len(comments)  # length of the alternating two-person chain ending at each comment
    results = []
    for root in thread.roots():
        insults = size = 0
        deepest = root.depth
        best_chain, best_pair = 1, (root.author,)
        for comment in thread.subtree(root):
            size += 1
            deepest = max(deepest, comment.depth)
            if comment.index in insult_positions:
                insults += 1
            parent = thread.parent(comment) if comment is not root else None
            if parent is None:
                chain[comment.index] = 1
                continue
            length = 1
            if author_id(parent) != author_id(comment):
                grandparent = thread.parent(parent)
                continues = (
                    chain[parent.index] >= 2
                    and grandparent is not None
                    and author_id(grandparent) == author_id(comment)
                )
                length = chain[parent.index] + 1 if continues else 2
            chain[comment.index] = length
            if length > best_chain:
                best_chain, best_pair = length, (parent.author, comment.author)
        if insults:
            results.append(
                {
                    "root_path": root.path,
                    "root_id": root.id,
                    "root_author": root.author,
                    "comments": size,
                    "insults": insults,
                    "levels": deepest - root.depth + 1,
                    "back_and_forth": best_chain if best_chain >= 2 else 0,
                    "between": sorted(best_pair) if best_chain >= 2 else [],
                }
            )
    results.sort(key=lambda item: (-item["insults"], -item["back_and_forth"], -item["levels"], item["root_path"]))
    return results[:HEATED_SHOWN]


def double_posts(thread: Thread) -> list[dict]:
    """One author posting the same text more than once (compared without case and spacing)."""
    seen: dict[tuple[str, str], list[Comment]] = {}
    for comment in thread.preorder():
        normalized = _SPACE.sub(" ", comment.text).strip().casefold()
        if len(normalized) < DOUBLE_POST_MIN_CHARACTERS:
            continue
        seen.setdefault((author_id(comment), normalized), []).append(comment)
    return [
        {
            "author": group[0].author,
            "paths": [c.path for c in group],
            "ids": [c.id for c in group],
            "excerpt": excerpt(group[0].text, DOUBLE_POST_EXCERPT),
        }
        for group in seen.values()
        if len(group) > 1
    ]


def authors_by_flags(thread: Thread, labels_by_index: dict[int, list[str]]) -> list[dict]:
    """Authors with at least one flagged comment, most flags first."""
    comments_by_author: Counter = Counter(author_id(c) for c in thread.comments)
    names: dict[str, str] = {}
    flags: dict[str, Counter] = {}
    for index, labels in labels_by_index.items():
        comment = thread.comments[index]
        key = author_id(comment)
        names.setdefault(key, comment.author)
        flags.setdefault(key, Counter()).update(labels)
    ranked = sorted(flags.items(), key=lambda item: (-sum(item[1].values()), names[item[0]]))
    return [
        {
            "author": names[key],
            "comments": comments_by_author[key],
            "flags": sum(counts.values()),
            "by_label": dict(sorted(counts.items())),
        }
        for key, counts in ranked[:AUTHORS_SHOWN]
    ]
