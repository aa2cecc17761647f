"""A saved WordPress page: the reply tree `wp_list_comments` printed, html5 or xhtml markup.

The parent of a comment comes only from DOM nesting (the reply link's data-commentid is the
comment's own id); markup that lost its nesting (`style=div` copies) falls back to the depth-N
classes. Pingbacks and trackbacks are kept as comments whose author is the linking site's name.
Also claims, with a low score, any HTML page no other parser recognises: its article, no comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.parsing.blogger_html import looks_like_blogger
from moderation.parsing.html_text import (
    classes,
    first_text,
    has_class,
    html_to_text,
    iso_time,
    looks_like_html,
    page_title_and_url,
    read_page,
    shown_time,
    split_items,
)
from moderation.parsing.plain_page import page_thread_id
from moderation.thread import Thread

FORMAT = "wordpress-html"
DESCRIPTION = "a saved WordPress page (wp_list_comments markup, html5 or xhtml); also any other HTML article"

_ITEM_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
_ITEM_ID_IN_HEAD = re.compile(r"""\bid\s*=\s*["']?(?:li-)?comment-\d+\b""")
_DEPTH_CLASS = re.compile(r"^depth-(\d+)$")
_CAP_CLASS = re.compile(r"^(?:thread-comments-depth|thread-depth|threaded-comments-depth|max-depth)-(\d+)$")
_DEFAULT_DEPTH_CAP = 5  # WordPress's default thread_comments_depth
# Parts of a comment that are not what the reader wrote.
_NOT_TEXT_CLASSES = frozenset(
    [
        "comment-author",
        "vcard",
        "comment-meta",
        "commentmetadata",
        "comment-metadata",
        "reply",
        "comment-awaiting-moderation",
        "children",
        "says",
        "edit-link",
        "comment-edit-link",
        "comment-reply-link",
        "comment-reply-login",
    ]
)
_META_CLASSES = frozenset(("comment-metadata", "commentmetadata", "comment-meta"))
_NUMBER_WORDS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_DECLARED_COUNT = re.compile(
    r"^\W*(\d[\d,.]*|" + "|".join(_NUMBER_WORDS) + r")\s+(?:thoughts?|responses?|repl(?:y|ies)|comments?)\b",
    re.IGNORECASE,
)


def _class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Current themes title the post h1.entry-title; classic ones link it from an h2 inside div.post.
_TITLE_XPATH = (
    f"//*[self::h1 or self::h2][{_class_test('entry-title')}] | //*[{_class_test('post')}]//h2/a[@rel='bookmark']"
)
_BODY_CLASSES = ("entry-content", "post-content", "entry", "entrytext")


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    lower = head.lower()
    if 'content="wordpress' in lower or "content='wordpress" in lower:
        return 85
    has_items = bool(_ITEM_ID_IN_HEAD.search(lower))
    if has_items and ("comment-list" in lower or "commentlist" in lower or "comment-body" in lower):
        return 85
    if looks_like_blogger(lower):
        return 30
    if has_items or "wp-content" in lower or "wp-includes" in lower:
        return 70
    if "comment-body" in lower:
        return 50
    return 10  # an HTML article with no comment section we know: claimed last, parsed to zero comments


def parse(source, options) -> Iterator[Thread]:
    document = read_page(source)
    thread = Thread(id=page_thread_id(source))
    thread.title, thread.url = page_title_and_url(document, _TITLE_XPATH)
    items = _comment_items(document)
    own_by_item, parent_by_item = split_items(items)
    thread.body = _article_body(document, set(items))
    thread.declared_comment_count = _declared_count(document)
    item_set = set(items)
    raw_comments = [_raw_comment(item, own_by_item[item], item_set, options.default_timezone) for item in items]
    _attach_parents(items, parent_by_item, raw_comments)
    assemble_thread(thread, raw_comments)
    _warn_depth_cap(document, thread)
    if _has_comment_pages(document):
        thread.warnings.append(
            "the page has comment navigation (paged comments): only one page of comments is in this dump"
        )
    yield thread


def _comment_items(document) -> list:
    """Each comment's outermost element (li#comment-N, or li#li-comment-N around article#comment-N)."""
    items = []
    outer_by_number: dict[str, list] = {}
    for element in document.xpath("//li[@id] | //div[@id] | //article[@id]"):
        match = _ITEM_ID.match(element.get("id").strip())
        if not match:
            continue
        number = match.group(1)
        earlier = outer_by_number.setdefault(number, [])
        if earlier and any(outer in earlier for outer in element.iterancestors()):
            continue  # the inner wrapper of a comment already taken
        earlier.append(element)
        items.append(element)
    return items


def _with_class(own: list, name: str) -> list:
    return [element for element in own if has_class(element, name)]


def _raw_comment(item, own: list, item_set: set, zone: tzinfo) -> RawComment:
    number = _ITEM_ID.match(item.get("id").strip()).group(1)
    item_classes = classes(item)
    is_ping = "pingback" in item_classes or "trackback" in item_classes
    author = _ping_author(own) if is_ping else _author(own)
    nicenames = [c[len("comment-author-") :] for c in item_classes if c.startswith("comment-author-")]
    keys = identity_keys(user_id=nicenames[0]) if nicenames else {}
    pending = "unapproved" in item_classes or bool(_with_class(own, "comment-awaiting-moderation"))
    return RawComment(
        ref=f"comment-{number}",
        parent_ref=None,
        author=author or "Anonymous",
        text=_text(item, own, item_set),
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_posted_at(own, zone),
        status="pending" if pending else "visible",
        role="post_author" if "bypostauthor" in item_classes else None,
    )


def _author(own: list) -> str | None:
    name = first_text(_with_class(own, "fn"))
    if name:
        return name
    for box in _with_class(own, "comment-author"):
        text = html_to_text(box, skip=lambda element: has_class(element, "says"))
        text = re.sub(r"\s*says:?\s*$", "", text).strip()
        if text:
            return text
    return None


def _ping_author(own: list) -> str | None:
    """A pingback's 'author' is the site that linked here: its link text."""
    links = [element for element in own if element.tag == "a" and element.get("href")]
    named = _with_class(links, "url") or [link for link in links if not has_class(link, "comment-edit-link")]
    return first_text(named)


def _text(item, own: list, item_set: set) -> str:
    def not_text(element) -> bool:
        return element in item_set or any(name in _NOT_TEXT_CLASSES for name in classes(element))

    content = _with_class(own, "comment-content") or _with_class(own, "comment-body")
    return html_to_text(content[0] if content else item, skip=not_text)


def _posted_at(own: list, zone: tzinfo) -> datetime | None:
    for time_element in (element for element in own if element.tag == "time"):
        stamp = iso_time(time_element.get("datetime"), zone)
        if stamp is None:
            stamp = shown_time(html_to_text(time_element), zone)
        if stamp is not None:
            return stamp
    meta = [
        element for element in own if {"comment-metadata", "commentmetadata", "comment-meta"} & set(classes(element))
    ]
    for box in meta:
        for link in box.iter("a"):
            if has_class(link, "comment-edit-link"):
                continue
            stamp = shown_time(html_to_text(link), zone)
            if stamp is not None:
                return stamp
    return None


def _attach_parents(items: list, parent_by_item: dict, raw_comments: list[RawComment]) -> None:
    """Parent = nearest comment around this one; failing that, the nearest earlier comment one level up."""
    position_of = {item: position for position, item in enumerate(items)}
    levels: list[int] = []
    latest_at_level: dict[int, int] = {}
    for position, item in enumerate(items):
        enclosing = parent_by_item.get(item)
        level = _depth_class(item) or 1
        if enclosing is not None:
            raw_comments[position].parent_ref = raw_comments[position_of[enclosing]].ref
            level = levels[position_of[enclosing]] + 1
        elif level > 1 and level - 1 in latest_at_level:
            # style=div copies keep only depth-N classes: the reply follows its parent's last reply.
            raw_comments[position].parent_ref = raw_comments[latest_at_level[level - 1]].ref
        levels.append(level)
        latest_at_level[level] = position
        for deeper in [key for key in latest_at_level if key > level]:
            del latest_at_level[deeper]


def _depth_class(item) -> int | None:
    for name in classes(item):
        match = _DEPTH_CLASS.match(name)
        if match:
            return int(match.group(1))
    return None


def _warn_depth_cap(document, thread: Thread) -> None:
    """WordPress prints replies beyond its depth limit flat at the last level: say so, it cannot be undone."""
    deepest = thread.max_depth
    if deepest < 2:
        return
    caps = {_DEFAULT_DEPTH_CAP}
    for element in document.xpath("//*[@class]"):
        for name in classes(element):
            match = _CAP_CLASS.match(name)
            if match:
                caps.add(int(match.group(1)))
    at_deepest = [c for c in thread.comments if c.depth == deepest]
    crowded = [
        parent for parent in {c.parent_index for c in at_deepest} if len(thread.comments[parent].child_indexes) > 1
    ]
    if deepest in caps and crowded:
        thread.warnings.append(
            f"{len(at_deepest)} comments sit at depth {deepest}, a common reply-depth limit: WordPress prints deeper "
            "replies as siblings at the last level, so the real parent of those may be deeper; the markup cannot tell"
        )


def _article_body(document, item_set: set) -> str | None:
    """The post's text: the theme's content box, else the page's <article> or <main> (a plain article)."""

    def not_article(element) -> bool:
        return element in item_set or element.get("id") in ("comments", "respond") or element.tag in _CHROME_TAGS

    candidates = [
        element for name in _BODY_CLASSES for element in document.xpath(f"//*[{_class_test(name)}]")
    ] + document.xpath("//article | //main")
    for content in candidates:
        inside_comment = any(ancestor in item_set for ancestor in content.iterancestors())
        if inside_comment or any(element in item_set for element in content.iterdescendants()):
            continue  # a comment's own content, or a box that holds the comments too
        text = html_to_text(content, skip=lambda element: not_article(element) or has_class(element, "sharedaddy"))
        if text:
            return text
    return None


_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside", "form"))


def _declared_count(document) -> int | None:
    headings = (
        f"//*[{_class_test('comments-title')} or @id='comments-title'] | //*[self::h2 or self::h3][@id='comments']"
    )
    for heading in document.xpath(headings):
        match = _DECLARED_COUNT.match(html_to_text(heading))
        if match:
            number = match.group(1).lower()
            if number in _NUMBER_WORDS:
                return _NUMBER_WORDS[number]
            return int(re.sub(r"[,.]", "", number))
    return None


def _has_comment_pages(document) -> bool:
    navigation = document.xpath(
        f"//*[{_class_test('comment-navigation')} or {_class_test('comments-pagination')} "
        f"or {_class_test('comment-nav')} or @id='comment-nav-above' or @id='comment-nav-below']"
    )
    if navigation:
        return True
    for link in document.xpath("//a[@href]"):
        href = link.get("href")
        # A comment's own permalink names its page even when there is only one: only other links count.
        if re.search(r"/comment-page-\d+|[?&]cpage=\d+", href) and "#comment-" not in href:
            return True
        if re.match(r"^\W*(older|newer) comments\W*$", html_to_text(link), re.IGNORECASE):
            return True
    return False
