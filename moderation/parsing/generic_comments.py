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
from moderation.parsing.reply_containers import (
    parents_by_following_box,
    parents_by_indentation,
    parents_by_reply_links,
)
from moderation.parsing.shown_dates import DateReader
from moderation.plurals import counted

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
# A comment class saying it awaits approval, shown only to its writer or a moderator (K2's "unpublishedComment",
# "comment-unapproved").
_HELD_CLASS = re.compile(r"unapproved|unpublished|awaiting", re.IGNORECASE)


@dataclass
class GenericComments:
    items: list
    raw_comments: list[RawComment]
    warning: str = GENERIC_WARNING
    notes: tuple[str, ...] = ()


def _signatures(element) -> list[tuple]:
    """What repeated comment blocks share: their tag with each comment-ish class name (or their id stem).

    One group per class name, so a reply that adds a class ("comentario respuesta") stays in its kind's group.
    """
    if element.get("itemprop") == "comment" or (element.get("itemtype") or "").endswith("schema.org/Comment"):
        return [(element.tag, "[itemtype=Comment]")]  # schema.org microdata: Discourse's crawler view, many themes
    if "-" in element.tag and _HINT.search(element.tag):
        return [(element.tag, f"<{element.tag}>")]  # a custom element named for comments (<shreddit-comment>)
    hinted = sorted(name for name in classes(element) if _HINT.search(name) and not name[-1:].isdigit())
    hinted = [name for name in hinted if not _CONTAINER_WORDS.search(name) and not _PART_WORDS.search(name)]
    signatures = [(element.tag, name) for name in hinted]
    identifier = (element.get("id") or "").strip()
    stem = _ID_STEM.match(identifier)
    if not signatures and stem and _HINT.search(stem.group(1)):
        signatures.append((element.tag, "#" + stem.group(1)))
    # Entries of a list named for comments, whatever their own class (Joomla K2's ul.itemCommentsList > li.odd,
    # li.even, and li.unpublishedComment for one awaiting approval).
    parent = element.getparent()
    if element.tag == "li" and parent is not None and parent.tag in ("ul", "ol"):
        named = [name for name in classes(parent) if _HINT.search(name)] or [parent.get("id") or ""]
        if _HINT.search(named[0]):
            signatures.append(("li", f"{parent.tag}.{named[0]} > li"))
    return signatures


def _signature_groups(document) -> dict[tuple, list]:
    """The page's elements grouped by their block signatures (inline and form elements are never blocks)."""
    groups: dict[tuple, list] = {}
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("a", "span", "p", "time", "img", "form", "input"):
            continue
        for signature in _signatures(element):
            groups.setdefault(signature, []).append(element)
    return groups


def read_generic_comments(document, dates: DateReader) -> GenericComments | None:
    groups = _signature_groups(document)
    candidates = sorted((group for group in groups.values() if len(group) >= MIN_BLOCKS), key=len, reverse=True)
    best = None
    for group in candidates[:_MAX_CANDIDATE_SETS]:
        if outside_discussion(group[0]):
            continue
        sample = group[:_SAMPLE_BLOCKS]
        own_by_item, _ = split_items(sample)
        sample_set = set(sample)
        parts = [read_parts(item, own_by_item[item], sample_set, dates) for item in sample]
        # A byline showing only an age ("2 hours ago", as news sites print it) dates nothing but is a byline.
        readable = sum(1 for part in parts if part.author and (part.posted_at or part.aged) and _WORD.search(part.text))
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
    parent_by_item = {**parents_by_following_box(group, parent_by_item), **parent_by_item}
    parent_by_item = {**parents_by_reply_links(group, parent_by_item, own_by_item), **parent_by_item}
    if not parent_by_item:
        parent_by_item = parents_by_indentation(group)
    item_set = set(group)
    parts = [read_parts(item, own_by_item[item], item_set, dates) for item in group]
    ids = [(item.get("id") or "").strip() for item in group]
    own_ids = all(ids) and len(set(ids)) == len(ids)  # the page's own ids, where every block has a distinct one
    refs = ids if own_ids else [f"generic-{position + 1}" for position in range(len(group))]
    position_of = {item: position for position, item in enumerate(group)}
    raw_comments = []
    for position, (item, part) in enumerate(zip(group, parts, strict=True)):
        enclosing = parent_by_item.get(item)
        raw = raw_comment(
            part, refs[position], refs[position_of[enclosing]] if enclosing is not None else None, own_ids
        )
        if part.awaiting_moderation or any(_HELD_CLASS.search(name) for name in classes(item)):
            raw.status = "pending"
        raw_comments.append(raw)
    aged = sum(1 for part in parts if part.aged)
    notes = (
        (f'{counted(aged, "comment")} with only an age shown ("3 hours ago"), no date: left undated',) if aged else ()
    )
    return GenericComments(items=group, raw_comments=raw_comments, notes=notes)


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


# A block of text a reader could have written: a few words, not a count ("3 Comments") or a button.
_MIN_BLOCK_WORDS = 3
# ... and when: a time element, a year or a clock time, or an age ("2h ago", "vor 3 Stunden"), which a list of
# comment rules or a form's notes do not show.
_DATE_LIKE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:h]\d{2}\b|\d\s*\w{0,7}\s+ago\b|\b(?:vor|il y a|hace|há)\s+\d", re.I
)


def _dated_text(block) -> bool:
    text = " ".join(block.text_content().split())
    if len(text.split()) < _MIN_BLOCK_WORDS:
        return False
    return bool(_DATE_LIKE.search(text)) or next(block.iter("time"), None) is not None


def marked_comment_blocks(document) -> tuple[int, str] | None:
    """(how many, which) repeated blocks the page marks as comments (a comment class or id, schema.org's
    Comment, a custom element named for comments), each holding text and a date or an age, outside sidebars
    and widgets; None when there are fewer than two. Asked of a page that gave no comments: such blocks were
    not read."""
    groups = _signature_groups(document)
    best = None
    for (tag, name), group in groups.items():
        blocks = [element for element in group if _dated_text(element)]
        if len(blocks) < MIN_BLOCKS or outside_discussion(blocks[0]):
            continue
        label = name if name.startswith(("<", "[")) or " > " in name else f"{tag}{'' if name[0] == '#' else '.'}{name}"
        if best is None or len(blocks) > best[0]:
            best = (len(blocks), label)
    return best
