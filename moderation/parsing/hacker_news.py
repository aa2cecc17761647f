"""Hacker News items, as its two public APIs give them.

- Algolia's `/api/v1/items/ID`: one item (a story, or a comment) with its whole reply tree nested in
  `children`; each item has `id`, `author`, `created_at_i` (Unix seconds), `text` (HTML), `parent_id`,
  `story_id`, and a story its `title` and `url`.
- The official Firebase API's `/v0/item/ID.json`: flat items (`id`, `by`, `time`, `text`, `parent`,
  `kids`, `type`, a story's `title`, `url` and `descendants`, the count HN shows), saved as a JSON array
  or one item per line. A comment names only its parent: its story is found by walking up the parents
  the file holds.

`deleted` items (the author's) and `dead` ones (killed by moderators or flags) are kept as deleted. A
story's `descendants` is the thread's declared count.
"""

from __future__ import annotations

from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import primary_key, user_id_keys
from moderation.errors import ParseError
from moderation.parsing.json_document import first_array_object, read_json
from moderation.parsing.json_lines import bad_lines_warning, head_records, iter_json_lines, unix_time
from moderation.parsing.xml_stream import markup_links, markup_to_text
from moderation.plurals import counted, noun_for
from moderation.thread import Thread

FORMAT = "hacker-news"
DESCRIPTION = "Hacker News items (Algolia's /items/ID tree, or the official API's items as a JSON array or lines)"

HN_ITEM = "https://news.ycombinator.com/item?id="
STORY_TYPES = ("story", "poll", "job")
_ALGOLIA_KEYS = ('"story_id"', '"children"', '"created_at_i"')


def sniff(source) -> int:
    head = source.head_text.lstrip()
    if head.startswith("{") and all(key in head[:4000] for key in _ALGOLIA_KEYS):
        return 95
    if head.startswith("["):
        first = first_array_object(head)
        return 90 if first is not None and _is_firebase_item(first) else 0
    if head.startswith("{"):
        records = head_records(source)
        return 90 if records and all(_is_firebase_item(record) for record in records) else 0
    return 0


def _is_firebase_item(record: dict) -> bool:
    """HN's own item: an int id and Unix `time`, with `by` unless deleted (a WordPress REST comment has
    an int id and type "comment" too, but a `date` and an `author_name`)."""
    if not isinstance(record.get("id"), int) or record.get("type") not in (*STORY_TYPES, "comment", "pollopt"):
        return False
    return isinstance(record.get("time"), int) and ("by" in record or record.get("deleted") is True)


def parse(source, options) -> Iterator[Thread]:
    head = source.head_text.lstrip()
    if head.startswith("{") and all(key in head[:4000] for key in _ALGOLIA_KEYS):
        yield _algolia_thread(read_json(source))
        return
    bad: list[int] = []
    if head.startswith("["):
        document = read_json(source)
        items = [item for item in document if isinstance(item, dict)] if isinstance(document, list) else []
    else:
        items = [record for _, record in iter_json_lines(source, bad)]
        if len(items) == 1 and isinstance(items[0].get("children"), list):
            # One Algolia tree on one line that lacks a key sniffing looks for (story_id): read as the
            # official API's item its nested replies were dropped without a word.
            yield _algolia_thread(items[0])
            return
    yield from _firebase_threads(items, bad_lines_warning(bad, "a Hacker News item"))


def _algolia_thread(root) -> Thread:
    if not isinstance(root, dict):
        raise ParseError("a Hacker News item is a JSON object")
    story = root.get("type") in STORY_TYPES
    thread = Thread(
        id=str(root.get("story_id") or root.get("id") or "(no story)"),
        title=(root.get("title") or None) if story else None,
        url=(root.get("url") or None) if story else f"{HN_ITEM}{root.get('story_id')}",
    )
    if story and root.get("text"):
        thread.body = markup_to_text(root["text"])
    comments: list[RawComment] = []
    root_id = root.get("id") if story else None  # a story's direct replies are top level
    stack = list(reversed(root.get("children") or [])) if story else [root]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        parent = item.get("parent_id")
        comments.append(
            _comment(
                item,
                item.get("author"),
                item.get("created_at_i"),
                None if parent == root_id else parent,
                item.get("text"),
            )
        )
        stack.extend(reversed([child for child in item.get("children") or [] if isinstance(child, dict)]))
    return assemble_thread(thread, comments)


def _firebase_threads(items: list[dict], skipped: str | None) -> Iterator[Thread]:
    by_id = {item["id"]: item for item in items if isinstance(item.get("id"), int)}
    stories = {item_id: item for item_id, item in by_id.items() if item.get("type") in STORY_TYPES}
    comments_by_story: dict[int, list[RawComment]] = {story_id: [] for story_id in stories}
    missing_kids: dict[int, int] = {}
    for item_id, item in by_id.items():
        kids = item.get("kids") if isinstance(item.get("kids"), list) else ()
        missing = sum(1 for kid in kids if kid not in by_id)
        if missing:
            top = _topmost(item_id, by_id)
            missing_kids[top] = missing_kids.get(top, 0) + missing
        if item.get("type") != "comment":
            continue
        top = _topmost(item_id, by_id)
        parent = item.get("parent")
        comments_by_story.setdefault(top, []).append(
            _comment(
                item,
                item.get("by"),
                item.get("time"),
                None if parent == top and top in stories else parent,
                item.get("text"),
            )
        )
    if not comments_by_story:
        raise ParseError("no Hacker News story or comment in the file")
    for story_id, comments in comments_by_story.items():
        story = stories.get(story_id)
        thread = Thread(id=str(story_id), title=(story or {}).get("title") or None, url=(story or {}).get("url"))
        if story is not None:
            thread.declared_comment_count = (
                story.get("descendants") if isinstance(story.get("descendants"), int) else None
            )
            if story.get("text"):
                thread.body = markup_to_text(story["text"])
        else:
            thread.url = f"{HN_ITEM}{story_id}"
        if skipped:
            thread.warnings.append(skipped)
        if missing_kids.get(story_id):
            missing = missing_kids[story_id]
            listed = noun_for(missing, "is listed by its parent", "are listed by their parents")
            thread.mark_unread(f"{counted(missing, 'reply', 'replies')} {listed} (kids) but not in this file")
        yield assemble_thread(thread, comments, sibling_order="time")


def _topmost(item_id: int, by_id: dict[int, dict]) -> int:
    """The story above a comment, or the highest item the file holds on its way up (cycles stop)."""
    seen = set()
    while item_id not in seen:
        seen.add(item_id)
        item = by_id.get(item_id)
        if item is None or item.get("type") in STORY_TYPES or not isinstance(item.get("parent"), int):
            return item_id
        item_id = item["parent"]
    return item_id


def _comment(item: dict, author, created, parent, text) -> RawComment:
    keys = user_id_keys(author) if isinstance(author, str) and author else {}
    status, deleted_by = "visible", None
    if item.get("deleted") is True:
        status, deleted_by = "deleted", "author"
    elif item.get("dead") is True:
        status, deleted_by = "deleted", "moderator"
    elif author is None and text is None:  # Algolia keeps a deleted comment's place, author and text null
        status = "deleted"
    markup = text if isinstance(text, str) else ""
    return RawComment(
        ref=str(item.get("id")),
        parent_ref=str(parent) if parent is not None else None,
        author=author if isinstance(author, str) else "",
        text=markup_to_text(markup),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=unix_time(created),
        status=status,
        deleted_by=deleted_by,
        links=markup_links(markup),
    )
