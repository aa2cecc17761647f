"""Comments on a page whose layout no parser knows: repeated blocks that each hold a name, a time and text.

Elements sharing a tag and a comment-ish class (or id prefix) form a candidate set; the set is taken
when most of its blocks read as comments (a name, a date, some text). Nesting of those blocks gives
the tree. The thread says it was guessed. Ordinary article pages have no such set: their repeated
blocks (paragraphs, teasers) lack the comment word or a name and date in each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.assemble import RawComment
from moderation.parsing.comment_parts import raw_comment, read_parts
from moderation.parsing.html_text import classes, split_items
from moderation.parsing.page_regions import outside_discussion
from moderation.parsing.shown_dates import DateReader

GENERIC_WARNING = "comments read by the generic detector: check the tree"
_HINT = re.compile(
    r"comment|kommentar|comentario|commentaire|forum|reaction|reply|antwort|reponse|respuesta|risposta|resposta|reactie",
    re.I,
)
_ID_STEM = re.compile(r"^(.*?)[-_]?\d+$")
MIN_BLOCKS = 2  # one block is a teaser or an author box, not a discussion
# Share of a candidate set's blocks that must read as comments: a set of comment wrappers where a few
# lack a date (a deleted comment, an edited one) still counts; article paragraphs never get close.
MIN_COMMENT_SHARE = 0.6
# Candidate sets are judged on their first blocks only, so a page of thousands of look-alike blocks stays fast.
_SAMPLE_BLOCKS = 30
_MAX_CANDIDATE_SETS = 40  # a hostile page with thousands of class names is not read block by block for all
_CONTAINER_WORDS = re.compile(r"(?:list|area|section|wrap(?:per)?|container|holder|form|respond|count|title|nav)s?$")
# Class names of a comment's parts, never of the comment: a set of bylines ("comment__header") holds a name
# and a date in each block and its separators read as text, so it passed for the comments themselves.
_PART_WORDS = re.compile(
    r"(?:header|footer|meta|info|byline|avatar|actions?|menu|date|time|timeago|author|score|votes?|permalink)$"
)
_WORD = re.compile(r"\w")


@dataclass
class GenericComments:
    items: list
    raw_comments: list[RawComment]
    warning: str = GENERIC_WARNING


def _signatures(element) -> list[tuple]:
    """What repeated comment blocks share: their tag with each comment-ish class name (or their id stem).

    One group per class name, so a reply that adds a class ("comentario respuesta") stays in its kind's group.
    """
    hinted = sorted(name for name in classes(element) if _HINT.search(name) and not name[-1:].isdigit())
    hinted = [name for name in hinted if not _CONTAINER_WORDS.search(name) and not _PART_WORDS.search(name)]
    if hinted:
        return [(element.tag, name) for name in hinted]
    identifier = (element.get("id") or "").strip()
    stem = _ID_STEM.match(identifier)
    if stem and _HINT.search(stem.group(1)):
        return [(element.tag, "#" + stem.group(1))]
    return []


def read_generic_comments(document, dates: DateReader) -> GenericComments | None:
    groups: dict[tuple, list] = {}
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("a", "span", "p", "time", "img", "form", "input"):
            continue
        for signature in _signatures(element):
            groups.setdefault(signature, []).append(element)
    candidates = sorted((group for group in groups.values() if len(group) >= MIN_BLOCKS), key=len, reverse=True)
    best = None
    for group in candidates[:_MAX_CANDIDATE_SETS]:
        if outside_discussion(group[0]):
            continue
        sample = group[:_SAMPLE_BLOCKS]
        own_by_item, _ = split_items(sample)
        sample_set = set(sample)
        parts = [read_parts(item, own_by_item[item], sample_set, dates) for item in sample]
        readable = sum(1 for part in parts if part.author and part.posted_at and _WORD.search(part.text))
        if readable < MIN_BLOCKS or readable < MIN_COMMENT_SHARE * len(sample):
            continue
        depth = sum(1 for _ in group[0].iterancestors())
        score = (readable * len(group) / len(sample), -depth)  # on a tie the outer wrapper wins: it holds replies
        if best is None or score > best[0]:
            best = (score, group)
    if best is None:
        return None
    group = best[1]
    own_by_item, parent_by_item = split_items(group)
    parent_by_item = {**_parents_by_wrapper(group), **parent_by_item}
    item_set = set(group)
    parts = [read_parts(item, own_by_item[item], item_set, dates) for item in group]
    ids = [(item.get("id") or "").strip() for item in group]
    own_ids = all(ids) and len(set(ids)) == len(ids)  # the page's own ids, where every block has a distinct one
    refs = ids if own_ids else [f"generic-{position + 1}" for position in range(len(group))]
    position_of = {item: position for position, item in enumerate(group)}
    raw_comments = []
    for position, (item, part) in enumerate(zip(group, parts, strict=True)):
        enclosing = parent_by_item.get(item)
        raw_comments.append(
            raw_comment(part, refs[position], refs[position_of[enclosing]] if enclosing is not None else None, own_ids)
        )
    return GenericComments(items=group, raw_comments=raw_comments)


def _parents_by_wrapper(group: list) -> dict:
    """Replies placed beside their parent rather than inside it, each comment wrapped with its replies.

    Remark42 and others print `div.thread > (article.comment, div.thread > article.comment ...)`: the
    comment blocks never nest, their wrappers do. A block's parent is the block whose own wrapper (its
    parent element, holding no other block directly) is the nearest one around it. A list holding
    several blocks side by side is no one's wrapper, so a flat list stays flat.
    """
    blocks_in: dict = {}
    for item in group:
        blocks_in.setdefault(item.getparent(), []).append(item)
    owner = {wrapper: items[0] for wrapper, items in blocks_in.items() if wrapper is not None and len(items) == 1}
    parents = {}
    for item in group:
        wrapper = item.getparent()
        if wrapper is None:
            continue
        for ancestor in wrapper.iterancestors():
            block = owner.get(ancestor)
            if block is not None:
                parents[item] = block
                break
    return parents
