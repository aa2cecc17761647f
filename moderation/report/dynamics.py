"""How a thread behaved: who insulted whom, where it got heated, double posts, who drew flags.

Everything here works on one thread's comments in pre-order and per-comment flags; walks are
iterative and linear, so a long reply chain costs no recursion.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from moderation.classify.model import MAX_SCORED_CHARS
from moderation.mentions import EarlierComments
from moderation.report.addressees import addressee, names_author
from moderation.thread import Comment, Thread

HEATED_SHOWN = 3
# The shortest chain called a back-and-forth: A, B, then A again. One reply (A, B) is an answer, not an
# exchange: counted as one, every insult under a comment made its subthread "a back-and-forth of 2".
MIN_BACK_AND_FORTH = 3
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


@dataclass(frozen=True)
class Target:
    """Whom a flagged comment is aimed at.

    `kind` "comment": a participant, `comment` (their comment it answers or names); "thread": everyone
    in it; "article": the article or its author (a top-level comment naming no one); "unknown": a reply
    whose parent the dump lacks. `via` says how it was found: "reply", "mention", "name", "quote",
    "words" or "top level"; `words` what the comment said ("@Maria", "Janet", "you people").
    """

    kind: str
    via: str
    comment: Comment | None = None
    words: str = ""


def insult_targets(thread: Thread, comments: Iterable[Comment]) -> dict[int, Target]:
    """Whom each comment is aimed at, by index.

    In a flat thread (no deeper than FLAT_DEPTH) the first @name or @time mention that resolved to a
    comment wins over the structural parent. Elsewhere, what the comment says wins (an @mention or a
    name opening it, a quote, words to everyone: `addressees.addressee`), then the parent; a top-level comment
    falls back on a mention anywhere in it, then on the article. Ids and names are indexed once per
    call, so the cost is linear in the thread.
    """
    flat = thread.max_depth <= FLAT_DEPTH
    by_id: dict[str, list[int]] = {}
    earlier = EarlierComments(thread.comments, thread.shown_zone)

    def resolve(mention_target: str, before: int) -> Comment | None:
        if not by_id:
            for candidate in thread.comments:
                by_id.setdefault(candidate.id, []).append(candidate.index)
        return _latest_before(thread, by_id.get(mention_target, ()), before)

    by_author: dict[str, list[tuple]] = {}

    def seen_before(named: Comment, comment: Comment) -> Comment:
        """`named` is the latest comment by its author before `comment` in tree order; when it was posted
        after `comment` (a reply further up the tree, written later), their latest one posted before it."""
        if named.posted_at is None or comment.posted_at is None:
            return named
        if (named.posted_at.tzinfo is None) != (comment.posted_at.tzinfo is None):
            return named  # a dump mixing times with and without a zone: no order to trust
        if named.posted_at <= comment.posted_at:
            return named
        if not by_author:
            for candidate in thread.comments:
                if candidate.posted_at is not None and candidate.posted_at.tzinfo is not None:
                    by_author.setdefault(author_id(candidate), []).append((candidate.posted_at, candidate.index))
            for times in by_author.values():
                times.sort()
        times = by_author.get(author_id(named), []) if comment.posted_at.tzinfo is not None else []
        position = bisect_right(times, (comment.posted_at, len(thread.comments)))
        return thread.comments[times[position - 1][1]] if position else named

    targets: dict[int, Target] = {}
    for comment in comments:
        parent = thread.parent(comment)
        mentioned = None
        if flat or parent is None:
            for mention in comment.mentions:
                if mention.target is not None:
                    mentioned = resolve(mention.target, comment.index)
                    if mentioned is not None:
                        break
            if mentioned is comment:
                mentioned = None
        if flat and mentioned is not None:
            targets[comment.index] = Target("comment", "mention", mentioned)
            continue
        spoken_to = addressee(comment, earlier, lambda target, before=comment.index: resolve(target, before))
        if spoken_to is not None and parent is not None:
            if spoken_to.comment is not None and author_id(spoken_to.comment) == author_id(parent):
                spoken_to = None  # names the one it replies to: the parent, found the plain way
            elif spoken_to.comment is None and names_author(comment.text[:MAX_SCORED_CHARS], parent.author):
                spoken_to = None  # "Pike is a mouthpiece and everybody here knows it", under Pike's comment
        if spoken_to is not None:
            if spoken_to.comment is None:
                targets[comment.index] = Target("thread", spoken_to.via, None, spoken_to.words)
            else:
                named = seen_before(spoken_to.comment, comment)
                targets[comment.index] = Target("comment", spoken_to.via, named, spoken_to.words)
        elif parent is not None:
            targets[comment.index] = Target("comment", "reply", parent)
        elif mentioned is not None:
            targets[comment.index] = Target("comment", "mention", mentioned)
        elif comment.orphan:
            targets[comment.index] = Target("unknown", "reply")
        else:
            targets[comment.index] = Target("article", "top level")
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
        if found is None or found.comment is None or author_id(found.comment) == author_id(comment):
            continue
        counts[(comment.author, found.comment.author)] += 1
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
                    "back_and_forth": best_chain if best_chain >= MIN_BACK_AND_FORTH else 0,
                    "between": sorted(best_pair) if best_chain >= MIN_BACK_AND_FORTH else [],
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
