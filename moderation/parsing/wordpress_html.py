"""A saved WordPress page: the reply tree `wp_list_comments` printed, html5 or xhtml markup.

The parent of a comment comes only from DOM nesting (the reply link's data-commentid is the
comment's own id); markup that lost its nesting (`style=div` copies) falls back to the depth-N
classes. Name, date and text come from moderation.parsing.comment_parts (any theme's byline).
Pingbacks and trackbacks are kept as comments whose author is the linking site's name.
Also claims, with a low score, any HTML page no other parser recognises: comment-like blocks there
are read by the generic detector (which says so), else the page is its article with no comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.completeness import count_gap_reason
from moderation.parsing.blogger_html import looks_like_blogger
from moderation.parsing.comment_parts import read_parts
from moderation.parsing.definition_list_comments import read_definition_list_comments
from moderation.parsing.forum_posts import read_forum_posts
from moderation.parsing.generic_comments import read_generic_comments
from moderation.parsing.html_text import (
    classes,
    has_class,
    html_to_text,
    looks_like_html,
    split_items,
)
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_refusals import refuse_unreadable_page
from moderation.parsing.page_signs import mark_unread_comment_signs, note_missing_comment_section
from moderation.parsing.page_start import start_page
from moderation.parsing.reply_containers import parents_by_following_box, parents_by_reply_links
from moderation.parsing.script_comments import mark_script_comments
from moderation.parsing.shown_dates import DateReader
from moderation.thread import Thread

FORMAT = "wordpress-html"
DESCRIPTION = "a saved WordPress page (wp_list_comments markup, html5 or xhtml); also any other HTML article"

# The Disqus plugin for WordPress prints the site's copy of its comments inside #disqus_thread for readers without
# script (li#dsq-comment-N, the name in cite, the text in .dsq-comment-message, no date): the same comments.
_ITEM_ID = re.compile(r"^(?:li-|dsq-)?comment-(\d+)$")
_ITEM_ID_IN_HEAD = re.compile(r"""\bid\s*=\s*["']?(?:li-|dsq-)?comment-\d+\b""")
_DISQUS_COPY = (
    "read from the copy of the comments the Disqus plugin prints for readers without script: it shows no dates,"
    " and comments posted on Disqus since the copy was made are only in the Disqus frame"
)
_DEPTH_CLASS = re.compile(r"^depth-(\d+)$")
_CAP_IN_CLASSES = re.compile(
    r"(?<!\S)(?:thread-comments-depth|thread-depth|threaded-comments-depth|max-depth)-(\d+)(?!\S)"
)
_DEFAULT_DEPTH_CAP = 5  # WordPress's default thread_comments_depth


def _class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Current themes title the post h1.entry-title; classic ones link it from an h2 inside div.post; block
# themes (WordPress 5.9 on, the default themes since Twenty Twenty-Two) print the Post Title block.
_TITLE_XPATH = (
    f"//*[self::h1 or self::h2][{_class_test('entry-title')} or {_class_test('wp-block-post-title')}]"
    f" | //*[{_class_test('post')}]//h2/a[@rel='bookmark']"
    # Older themes title the post h3.entry-title under the site's own h1: taken only when no h1/h2 title is.
    f" | //h3[{_class_test('entry-title')}][not(//*[self::h1 or self::h2][{_class_test('entry-title')}])]"
)
_BODY_CLASSES = ("entry-content", "post-content", "entry", "entrytext")


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    lower = page_markup(head)
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
    document, thread, dates = start_page(source, options, _TITLE_XPATH)
    items = _comment_items(document)
    if not items:
        forum = read_forum_posts(document, dates)
        if forum is not None and forum.raw_comments:
            yield _forum_thread(thread, forum, document)
            return
        generic = read_generic_comments(document, dates) or read_definition_list_comments(document, dates)
        if generic is None and forum is not None:  # a forum's topic whose posts no reader took: said unread
            yield _forum_thread(thread, forum, document)
            return
        if generic is not None:
            thread.body = _article_body(document, set(generic.items))
            assemble_thread(thread, generic.raw_comments)
            thread.warnings.append(generic.warning)
            thread.warnings.extend(generic.notes)
            mark_script_comments(thread, document)
            yield thread
            return
    own_by_item, parent_by_item = split_items(items)
    parent_by_item = _parents_through_wrappers(items, parent_by_item)
    parent_by_item = {**parents_by_following_box(items, parent_by_item), **parent_by_item}
    parent_by_item = {**parents_by_reply_links(items, parent_by_item, own_by_item), **parent_by_item}
    thread.body = _article_body(document, set(items))
    item_set = set(items)
    raw_comments = [_raw_comment(item, own_by_item[item], item_set, dates) for item in items]
    _attach_parents(items, parent_by_item, raw_comments)
    assemble_thread(thread, raw_comments)
    if items and items[0].get("id", "").startswith("dsq-"):
        thread.warnings.append(_DISQUS_COPY)
    _warn_depth_cap(document, thread)
    if _has_comment_pages(document):
        if thread.declared_comment_count is not None and thread.declared_comment_count > len(thread.comments):
            thread.mark_unread(count_gap_reason(thread.declared_comment_count, len(thread.comments)))
        thread.mark_unread(_PAGED_UNREAD)
    mark_script_comments(thread, document)
    refuse_unreadable_page(thread, document)
    mark_unread_comment_signs(thread, document)
    note_missing_comment_section(thread, document)
    yield thread


def _forum_thread(thread: Thread, forum, document) -> Thread:
    """A forum topic or an aggregator's item page (forum_posts): its posts are the discussion."""
    thread.title = forum.title or thread.title
    thread.body = forum.body
    if forum.declared_count is not None:
        thread.declared_comment_count = forum.declared_count
    assemble_thread(thread, forum.raw_comments)
    for reason in forum.unread:
        thread.mark_unread(reason)
    mark_script_comments(thread, document)
    return thread


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


def _parents_through_wrappers(items: list, parent_by_item: dict) -> dict:
    """Parents where the comment-N element is an inner box and its replies sit beside it in a wrapper.

    wpDiscuz (and themes like it) print `div#wpd-comm-N_P > div#comment-N` with the replies' wrappers
    after the inner box. A comment's wrapper is the outermost ancestor whose id carries the same
    number and holds no earlier comment. Each ancestor is walked once, so thousands of comments stay linear.
    """
    has_replies = set(parent_by_item.values())
    item_set = set(items)
    seen: set = set()
    wrapper_of = {}
    for item in items:
        number = _ITEM_ID.match(item.get("id").strip()).group(1)
        wrapper = item
        ancestor = item.getparent()
        while ancestor is not None and ancestor not in seen and ancestor not in item_set:
            seen.add(ancestor)
            if item not in has_replies and number in _NUMBERS.findall(ancestor.get("id") or ""):
                wrapper = ancestor
            ancestor = ancestor.getparent()
        wrapper_of[item] = wrapper
    if all(wrapper is item for item, wrapper in wrapper_of.items()):
        return parent_by_item
    item_of = {wrapper: item for item, wrapper in wrapper_of.items()}
    _, parent_of_wrapper = split_items(list(wrapper_of.values()))
    return {item_of[wrapper]: item_of[parent] for wrapper, parent in parent_of_wrapper.items()}


_NUMBERS = re.compile(r"\d+")


def _raw_comment(item, own: list, item_set: set, dates: DateReader) -> RawComment:
    number = _ITEM_ID.match(item.get("id").strip()).group(1)
    item_classes = classes(item)
    parts = read_parts(item, own, item_set, dates)
    nicenames = [c[len("comment-author-") :] for c in item_classes if c.startswith("comment-author-")]
    keys = identity_keys(user_id=nicenames[0]) if nicenames else {}
    pending = (
        "unapproved" in item_classes
        or parts.awaiting_moderation
        or any(has_class(element, "comment-awaiting-moderation") for element in own)
    )
    return RawComment(
        ref=f"comment-{number}",
        parent_ref=None,
        author=parts.author or "Anonymous",
        text=parts.text,
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=parts.posted_at,
        status="pending" if pending else "visible",
        kind=parts.kind,
        links=parts.links,
        role="post_author" if "bypostauthor" in item_classes else None,
    )


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
    # The class attributes naming a depth, searched as one string (a loop over every element's classes took
    # about a second on a 5,000-comment page).
    depth_classes = " ".join(document.xpath("//@class[contains(., 'depth-')]"))
    caps.update(int(number) for number in _CAP_IN_CLASSES.findall(depth_classes))
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
_PAGED_UNREAD = "the page has comment navigation (paged comments): only one page of comments is in this dump"


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
