"""Where a saved page shows a reply's parent other than by putting the reply inside it.

Three layouts engines print without nesting the comment elements themselves:

- the replies' own list right after their parent (JComments' `div#comment-item-N` + `div.comments-list`,
  themes that print `div.comment` + `div.comment-replies`): the parent is the comment just before the
  box the reply sits in;
- one flat list whose nesting is only drawn, each reply indented by an inline style (Serendipity's
  `padding-left: 20px` per level, LiveJournal-like `margin-left`): the parent is the latest earlier
  comment one indentation step less;
- one flat list whose replies link to the comment they answer (Movable Type 4's "NAME replied to comment
  from PARENT", themes' "in reply to PARENT"): the parent is the earlier comment the link points at.
"""

from __future__ import annotations

import re

# "padding-left: 40px", "margin-left:2em", "margin-inline-start: 60px": the first such length in a style.
_INDENT = re.compile(
    r"(?:^|;)\s*(?:margin|padding)-(?:left|inline-start)\s*:\s*(\d+(?:\.\d+)?)\s*(px|em|rem)?", re.IGNORECASE
)
_PX_PER_EM = 16.0  # browsers' default font size: an em of indentation compared with pixels of another block


def parents_by_following_box(items: list, parent_by_item: dict) -> dict:
    """Parents of comments that sit, at any depth, in a box placed right after another comment.

    Only comments the markup gave no parent are looked at; the nearest such box around each wins, and
    empty elements between the parent and the box (an anchor, a hidden reply form) are passed over.
    """
    item_set = set(items)
    before: dict = {}  # box -> the comment right before it, or None (one answer per box, asked once)
    parents = {}
    for item in items:
        if item in parent_by_item:
            continue
        for box in item.iterancestors():
            if box in item_set:
                break  # nested inside a comment: the markup's own parent, which split_items found
            if box not in before:
                before[box] = _comment_before(box, item_set)
            if before[box] is not None:
                parents[item] = before[box]
                break
    return parents


def _comment_before(box, item_set: set):
    sibling = box.getprevious()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            if sibling in item_set:
                return sibling
            if len(sibling) or (sibling.text or "").strip():
                return None  # a heading, a paragraph: the box follows something else
        sibling = sibling.getprevious()
    return None


def parents_by_indentation(items: list) -> dict:
    """Parents drawn only by each comment's inline indentation, in a list where no comment nests another.

    Empty when fewer than two indentation levels show (a flat list is flat).
    """
    indents = [_indent(item) for item in items]
    levels = sorted(set(indents))
    if len(levels) < 2:
        return {}
    level_of = {indent: level for level, indent in enumerate(levels)}
    parents = {}
    # The latest comment seen at each level up to the current one (None where none is open); the deeper
    # ones are cut off in one step, so a page of thousands of levels stays linear.
    latest_at_level: list = []
    for item, indent in zip(items, indents, strict=True):
        level = level_of[indent]
        if 0 < level <= len(latest_at_level) and latest_at_level[level - 1] is not None:
            parents[item] = latest_at_level[level - 1]
        del latest_at_level[level:]
        latest_at_level.extend([None] * (level - len(latest_at_level)))
        latest_at_level.append(item)
    return parents


def _indent(element) -> float:
    match = _INDENT.search(element.get("style") or "")
    if not match:
        return 0.0
    value = float(match.group(1))
    return value * _PX_PER_EM if (match.group(2) or "px").lower() in ("em", "rem") else value


# The words a flat list puts before a link to the comment replied to: Movable Type's "NAME replied to comment
# from PARENT", themes' "in reply to PARENT", in the blog languages we read.
_REPLY_WORDS = re.compile(
    r"\b(?:in\s+reply\s+to|replied\s+to|replying\s+to|reply\s+to|en\s+réponse\s+à|(?:als\s+)?antwort\s+auf"
    r"|(?:en\s+)?respuesta\s+a|in\s+risposta\s+a|em\s+resposta\s+a|reactie\s+op)\b",
    re.IGNORECASE,
)


def parents_by_reply_links(items: list, parent_by_item: dict, own_by_item: dict) -> dict:
    """Parents named by a link to an earlier comment's anchor beside reply words ("replied to comment from
    NAME", "in reply to NAME"), for comments the markup gave no parent."""
    position_by_id = {(item.get("id") or "").strip(): position for position, item in enumerate(items)}
    position_by_id.pop("", None)
    parents = {}
    for position, item in enumerate(items):
        if item in parent_by_item:
            continue
        for link in own_by_item[item]:
            if link.tag != "a" or "#" not in (link.get("href") or ""):
                continue
            target = position_by_id.get(link.get("href").rsplit("#", 1)[1].strip())
            if target is None or target >= position:
                continue  # not a comment of this page, itself, or a later one
            holder = link.getparent()
            if _REPLY_WORDS.search(" ".join((holder if holder is not None else link).text_content().split())):
                parents[item] = items[target]
                break
    return parents
