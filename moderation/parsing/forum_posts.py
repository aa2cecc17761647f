"""Discussion pages of forums and link aggregators saved by a moderator: phpBB and XenForo topics, Hacker News
items, LiveJournal entries (the site's comment tree) and new Reddit (`shreddit-comment`) threads.

Their posts carry no comment class the blog readers know, so such a page read as an article with no comments
("no comment section", or blocks "not read"). Each layout marks its posts, names, times and texts in its own
stable way; one small table of readers here takes them. A forum's posts are flat: a post quoting another post
of the page (the quote names it) is taken as its reply. Quotes stay in the text as "> " lines; signatures and
buttons are left out.
"""

from __future__ import annotations

import calendar
import copy
import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from moderation.assemble import RawComment
from moderation.parsing.comment_parts import is_button_row
from moderation.parsing.html_text import classes, html_to_text, iso_time
from moderation.parsing.shown_dates import DateReader
from moderation.plurals import counted


@dataclass
class ForumPage:
    layout: str
    raw_comments: list[RawComment]
    title: str | None = None
    body: str | None = None
    declared_count: int | None = None
    unread: list[str] = field(default_factory=list)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_PHPBB_POSTS = f"//div[{_has_class('post')}][starts-with(@id, 'p')][.//*[{_has_class('postbody')}]]"
_XENFORO_POSTS = f"//article[{_has_class('message--post')}]"
_HN_COMMENTS = f"//tr[{_has_class('comtr')}]"
_LJ_LEAVES = f"//div[{_has_class('b-leaf')}][@id]"
_REDDIT_COMMENTS = "//shreddit-comment"
# Elements whose class shows a layout (phpBB's dl.postprofile, XenForo's article.message--post, HN's tr.comtr), or
# that are one (shreddit-comment): found by a tag-filtered walk, as an XPath over every class cost a page of
# another layout 5% of its parse. LiveJournal's comment tree comes only in its site scheme, named on <html>.
_MARKED_TAGS = ("dl", "article", "tr", "shreddit-comment")
_MARKS = ("postprofile", "message--post", "comtr")
_LJ_SCHEME = "html-schemius"


def _might_hold_layout(document) -> bool:
    root = document.getroottree().getroot()
    if _LJ_SCHEME in (root.get("class") or "") or _topic_page(document) is not None:
        return True
    for element in document.iter(_MARKED_TAGS):
        if element.tag == "shreddit-comment" or any(mark in (element.get("class") or "") for mark in _MARKS):
            return True
    return False


def read_forum_posts(document, dates: DateReader) -> ForumPage | None:
    """The posts of a forum or aggregator page of a layout above, or None for any other page."""
    if not _might_hold_layout(document):
        return None
    for reader in (_phpbb, _xenforo, _hacker_news, _livejournal, _new_reddit):
        page = reader(document, dates)
        if page is not None and page.raw_comments:
            return page
    engine = _topic_page(document)
    if engine is not None:  # a topic in a style none of the readers above knows (another phpBB style, say)
        reason = f"this page is a {engine} topic in a layout no reader here knows: its posts were not read"
        return ForumPage(f"{engine} topic", [], unread=[reason])
    return None


def _topic_page(document) -> str | None:
    """The forum engine whose topic view the page says it is, from <html> and <body> marks, or None."""
    root = document.getroottree().getroot()
    body = root.find("body")
    if body is not None and body.get("id") == "phpbb" and "section-viewtopic" in (body.get("class") or ""):
        return "phpBB"
    if root.get("id") in ("XF", "XenForo") and "thread_view" in (
        root.get("data-template") or body is not None and body.get("data-template") or ""
    ):
        return "XenForo"
    return None


# --- text ------------------------------------------------------------------------------------------------


def _quoted_text(content, drop: str | None = None) -> str:
    """The text of `content` with each quote as "> " lines, elements matching XPath `drop` left out."""
    if content is None:
        return ""
    quotes = _xpath(".//blockquote")(content)
    dropped = _xpath(drop)(content) if drop else []
    if not quotes and not dropped:
        return html_to_text(content, skip=_is_button)
    content = copy.deepcopy(content)
    for element in _xpath(drop)(content) if drop else []:
        _remove(element)
    for cite in content.xpath(".//blockquote//cite"):
        cite.tag = "div"  # the quoted writer's line ("NAME wrote:") on a line of its own
    for quote in content.xpath(".//blockquote[not(ancestor::blockquote)]"):
        lines = [f"> {line}" if line else ">" for line in html_to_text(quote, skip=_is_button).splitlines()]
        block = quote.makeelement("div", {})
        block.text = lines[0] if lines else ""
        for line in lines[1:]:
            line_break = quote.makeelement("br", {})
            line_break.tail = line
            block.append(line_break)
        block.tail = quote.tail
        quote.getparent().replace(quote, block)
    return html_to_text(content, skip=_is_button)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_button(element) -> bool:
    if element.tag == "button":
        return True
    text = element.text_content().strip()
    return element.tag in ("a", "span", "div", "p") and bool(text) and len(text) < 40 and is_button_row(text)


# The per-post XPaths are a few strings used thousands of times: each is compiled once.
_XPATH_CACHE = 64


@functools.lru_cache(maxsize=_XPATH_CACHE)
def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path)


def _first(element, path: str):
    found = _xpath(path)(element)
    return found[0] if found else None


def _words(element) -> str | None:
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    return text or None


def _more_pages(document, path: str, what: str) -> list[str]:
    if not document.xpath(path):
        return []
    return [f"{what} runs over more pages than this saved one: the posts on the others were not read"]


def _quoted_parent(content, path: str, pattern: re.Pattern, refs: set[str], own_ref: str) -> str | None:
    """The post of this page that the first quote naming one quotes: the post this one answers."""
    for value in _xpath(path)(content) if content is not None else []:
        match = pattern.search(str(value))
        if match and match.group(1) in refs and match.group(1) != own_ref:
            return match.group(1)
    return None


def _parent_on_branch(branch: list[tuple[int, str]], depth: int, ref: str) -> str | None:
    """The nearest row above at a smaller depth (rows drawn flat, their depth printed): this row is pushed."""
    while branch and branch[-1][0] >= depth:
        branch.pop()
    parent = branch[-1][1] if branch else None
    branch.append((depth, ref))
    return parent


def _parent_refs(raw_comments: list[RawComment], parents: dict[str, str]) -> None:
    """Quote parents only where they point back (a quote of a later post is no reply to it)."""
    position = {raw.ref: index for index, raw in enumerate(raw_comments)}
    for index, raw in enumerate(raw_comments):
        parent = parents.get(raw.ref)
        if parent is not None and position[parent] < index:
            raw.parent_id = parent


# --- phpBB (prosilver and its children: div.post#pN, dl.postprofile, p.author, div.content, div.signature) ----

_PHPBB_NAME = f".//dl[{_has_class('postprofile')}]//*[{_has_class('username')} or {_has_class('username-coloured')}]"
# The jump link (an arrow) and the quoted post's date phpBB 3.2+ prints in a quote's "NAME wrote:" line.
_PHPBB_CITE_EXTRAS = (
    f".//blockquote//cite//a[@data-post-id] | .//blockquote//cite//span[{_has_class('responsive-hide')}]"
)
# "NAME wrote:" as phpBB prints a quote's source (English boards; other languages leave the post flat).
_PHPBB_WROTE = re.compile(r"^(.+?) wrote:")
# prosilver's h2.topic-title (3.1 on); 3.0 printed a bare h2 linking the topic.
_PHPBB_TITLE = f"//h2[{_has_class('topic-title')}] | //div[@id='page-body']/h2[a[contains(@href, 'viewtopic.php')]]"
_PHPBB_QUOTE = re.compile(r"(\d+)")
_PHPBB_NEXT_PAGES = f"//*[{_has_class('pagination')}]//a[contains(@href, 'start=')]"


def _phpbb(document, dates: DateReader) -> ForumPage | None:
    posts = [post for post in document.xpath(_PHPBB_POSTS) if re.fullmatch(r"p\d+", post.get("id") or "")]
    if not posts:
        return None
    numbers = {post.get("id")[1:] for post in posts}
    raw_comments, parents, latest_post_by = [], {}, {}  # latest_post_by: a writer's latest post above
    for post in posts:
        ref = post.get("id")
        byline = _first(post, f".//p[{_has_class('author')}]")
        author = _words(_first(post, _PHPBB_NAME))
        if author is None and byline is not None:
            author = _words(_first(byline, ".//strong"))
        posted_at = None
        if byline is not None:
            stamp = _first(byline, ".//time/@datetime")
            posted_at = iso_time(str(stamp), dates.zone) if stamp is not None else None
            if posted_at is None:  # phpBB 3.0 and 3.1: "by NAME » Mon May 06, 2024 8:15 am"
                posted_at = dates.read(byline.text_content().rpartition("»")[2])
        content = _first(post, f".//div[{_has_class('content')}]")
        raw = RawComment(
            ref=ref,
            parent_ref=None,
            author=author or "Anonymous",
            text=_quoted_text(content, drop=_PHPBB_CITE_EXTRAS),
            posted_at=posted_at,
        )
        if "deleted" in classes(post):
            raw.status = "deleted"
        quoted = _quoted_parent(content, ".//blockquote/*/cite//a/@data-post-id", _PHPBB_QUOTE, numbers, ref[1:])
        if quoted is not None:
            parents[ref] = f"p{quoted}"
        elif content is not None:  # phpBB 3.0 and 3.1 name the quoted writer only: their latest post above
            named = _PHPBB_WROTE.match(_words(_first(content, ".//blockquote//cite")) or "")
            parent = latest_post_by.get(named.group(1).strip()) if named else None
            if parent is not None:
                parents[ref] = parent
        latest_post_by[raw.author] = ref
        raw_comments.append(raw)
    _parent_refs(raw_comments, parents)
    title = _words(_first(document, _PHPBB_TITLE))
    return ForumPage(
        "phpBB topic", raw_comments, title=title, unread=_more_pages(document, _PHPBB_NEXT_PAGES, "the topic")
    )


# --- XenForo 2 (article.message--post[data-author][data-content=post-N], .message-body .bbWrapper) ----------

_XENFORO_QUOTE = re.compile(r"post:\s*(\d+)")
_XENFORO_NEXT_PAGES = f"//*[{_has_class('pageNav-jump--next')}]"


def _xenforo(document, dates: DateReader) -> ForumPage | None:
    posts = document.xpath(_XENFORO_POSTS)
    if not posts:
        return None
    refs = [(post.get("data-content") or post.get("id") or "").removeprefix("js-") for post in posts]
    known = {ref.removeprefix("post-") for ref in refs}
    raw_comments, parents = [], {}
    for post, ref in zip(posts, refs, strict=True):
        author = post.get("data-author") or _words(_first(post, f".//*[{_has_class('message-name')}]"))
        stamp = _first(post, f".//*[{_has_class('message-attribution')}]//time")
        posted_at = None
        if stamp is not None:
            posted_at = iso_time(stamp.get("datetime"), dates.zone) or dates.read(stamp.get("title"))
        content = _first(post, f".//*[{_has_class('message-body')}]//div[{_has_class('bbWrapper')}]")
        text = _quoted_text(content, drop=f".//*[{_has_class('bbCodeBlock-expandLink')}]")
        raw = RawComment(
            ref=ref or f"post-{len(raw_comments) + 1}",
            parent_ref=None,
            author=author or "Anonymous",
            text=text,
            own_id=bool(ref),
            posted_at=posted_at,
        )
        if "message--deleted" in classes(post):
            raw.status = "deleted"
        quoted = _quoted_parent(content, ".//blockquote/@data-source", _XENFORO_QUOTE, known, ref.removeprefix("post-"))
        if quoted is not None:
            parents[raw.ref] = f"post-{quoted}"
        raw_comments.append(raw)
    _parent_refs(raw_comments, parents)
    title = _words(_first(document, f"//h1[{_has_class('p-title-value')}]"))
    return ForumPage(
        "XenForo thread", raw_comments, title=title, unread=_more_pages(document, _XENFORO_NEXT_PAGES, "the thread")
    )


# --- Hacker News item page (tr.athing.comtr rows, depth in td.ind[indent], UTC times in span.age[title]) -------

# Hacker News prints its times in UTC whatever the reader's zone (span.age's title: "2024-03-10T09:40:00 1710063600").
_HN_ZONE = timezone.utc
_HN_HIDDEN = {"[deleted]": "author", "[dead]": "moderator", "[flagged]": "moderator"}
_HN_FOCUS = f"//table[{_has_class('fatitem')}]//tr[{_has_class('athing')}][.//*[{_has_class('commtext')}]]"
_HN_COUNT = re.compile(r"^(\d+)\s+comments?$")


def _hacker_news(document, dates: DateReader) -> ForumPage | None:
    rows = document.xpath(_HN_COMMENTS)
    if not rows:
        return None
    # A comment's own page (item?id= of a comment) shows that comment above the tree: its replies are at depth 0.
    focus = document.xpath(_HN_FOCUS)
    shift = 1 if focus else 0
    raw_comments, branch = [], []  # branch: (depth, ref) of the rows above this one, each shallower than the next
    for row in focus[:1] + rows:
        ref = row.get("id") or f"row-{len(raw_comments) + 1}"
        depth = 0 if focus and row is focus[0] else _hn_depth(row) + shift
        parent = _parent_on_branch(branch, depth, ref)
        author = _words(_first(row, f".//a[{_has_class('hnuser')}]"))
        age = _first(row, f".//span[{_has_class('age')}]/@title")
        posted_at = iso_time(str(age).split()[0], _HN_ZONE) if age else None
        content = _first(row, f".//*[{_has_class('commtext')}]")
        text = _quoted_text(content, drop=f".//*[{_has_class('reply')}]")
        raw = RawComment(
            ref=ref,
            parent_ref=parent,
            author=author or "[deleted]",
            text=text,
            own_id=bool(row.get("id")),
            posted_at=posted_at,
        )
        if text in _HN_HIDDEN:
            raw.status, raw.deleted_by, raw.text = "deleted", _HN_HIDDEN[text], ""
        raw_comments.append(raw)
    # A comment's own page names its story after "on:".
    title = _words(_first(document, f"//*[{_has_class('titleline')}]/a | //*[{_has_class('onstory')}]/a"))
    declared = None
    for link in document.xpath(f"//*[{_has_class('subtext')}]//a"):
        match = _HN_COUNT.match(" ".join(link.text_content().split()))
        if match:
            declared = int(match.group(1))
    body = _first(document, f"//*[{_has_class('toptext')}]")
    more = _more_pages(document, f"//a[{_has_class('morelink')}]", "the discussion")
    body_text = _quoted_text(body) or None if body is not None else None
    return ForumPage(
        "Hacker News item", raw_comments, title=title, body=body_text, declared_count=declared, unread=more
    )


def _hn_depth(row) -> int:
    indent = _first(row, f".//td[{_has_class('ind')}]")
    if indent is None:
        return 0
    if (indent.get("indent") or "").isdigit():
        return int(indent.get("indent"))
    spacer = _first(indent, ".//img/@width")  # older pages: a spacer 40 pixels wide per level
    return int(spacer) // _HN_INDENT_PIXELS if spacer is not None and str(spacer).isdigit() else 0


_HN_INDENT_PIXELS = 40  # Hacker News' spacer width per level of replies


# --- LiveJournal (div.b-tree-twig-N > div.b-leaf[data-username]: the site's comment tree, depth in the twig) -----

_LJ_TWIG = re.compile(r"^b-tree-twig-(\d+)$")


def _livejournal(document, dates: DateReader) -> ForumPage | None:
    leaves = document.xpath(_LJ_LEAVES)
    if not leaves:
        return None
    raw_comments, branch, collapsed = [], [], 0
    for leaf in leaves:
        twig = leaf.getparent()
        levels = [int(m.group(1)) for name in classes(twig) if (m := _LJ_TWIG.match(name))] if twig is not None else []
        depth = max(levels[0] - 1, 0) if levels else 0
        ref = leaf.get("id")
        parent = _parent_on_branch(branch, depth, ref)
        author = leaf.get("data-username") or _words(_first(leaf, f".//*[{_has_class('b-leaf-username-name')}]"))
        shown = _words(_first(leaf, f".//*[{_has_class('b-leaf-createdtime')}]"))
        posted_at = _livejournal_time(shown) or dates.read(shown)
        content = _first(leaf, f".//*[{_has_class('b-leaf-article')}]")
        raw = RawComment(
            ref=ref, parent_ref=parent, author=author or "Anonymous", text=_quoted_text(content), posted_at=posted_at
        )
        leaf_classes = classes(leaf)
        if "b-leaf-deleted" in leaf_classes:
            raw.status = "deleted"
        elif content is None and (leaf.get("data-full") == "0" or "b-leaf-collapsed" in leaf_classes):
            collapsed += 1
        raw_comments.append(raw)
    unread = []
    if collapsed:
        unread.append(
            f"{counted(collapsed, 'comment')} shown collapsed (a name and a time, no text): expand the threads"
            " before saving the page"
        )
    title = _words(_first(document, f"//h1[{_has_class('b-singlepost-title')}]"))
    body = _first(document, f"//*[{_has_class('b-singlepost-body')}]")
    body_text = html_to_text(body) or None if body is not None else None
    return ForumPage("LiveJournal entry", raw_comments, title=title, body=body_text, unread=unread)


# LiveJournal prints its comment times in UTC, in English, in one of two shapes ("November 14 2023, 14:00:00 UTC";
# older pages "2023-11-14 02:00 pm (UTC)"); read here, since a shape with seconds costs the date library
# milliseconds a comment (a 5,000-comment entry took 5 CPU s more).
_LJ_TIME = re.compile(r"^([A-Z][a-z]+) (\d{1,2}) (\d{4}), (\d{1,2}):(\d{2})(?::(\d{2}))? UTC$")
_LJ_OLD_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}) ([ap]m) \(UTC\)$")
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


def _livejournal_time(shown: str | None) -> datetime | None:
    """A LiveJournal comment time in one of its shapes, else None (the date reader tries it then)."""
    if not shown:
        return None
    try:
        if match := _LJ_TIME.match(shown):
            month = _MONTHS.get(match.group(1))
            if month is None:
                return None
            hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
            return datetime(int(match.group(3)), month, int(match.group(2)), hour, minute, second, tzinfo=timezone.utc)
        if match := _LJ_OLD_TIME.match(shown):
            hour = int(match.group(4)) % 12 + (12 if match.group(6) == "pm" else 0)
            year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
            return datetime(year, month, day, hour, int(match.group(5)), tzinfo=timezone.utc)
    except ValueError:  # a 31st of February
        return None
    return None


# --- new Reddit (<shreddit-comment author thingid parentid depth>, text in [slot=comment]) --------------------

_REDDIT_GONE = {"[deleted]": "author", "[removed]": "moderator"}


def _new_reddit(document, dates: DateReader) -> ForumPage | None:
    items = document.xpath(_REDDIT_COMMENTS)
    if not items:
        return None
    refs = {item.get("thingid") for item in items}
    raw_comments = []
    for position, item in enumerate(items):
        ref = item.get("thingid") or f"comment-{position + 1}"
        parent = item.get("parentid")
        if parent not in refs:
            enclosing = next(item.iterancestors("shreddit-comment"), None)
            parent = enclosing.get("thingid") if enclosing is not None else None
        author = item.get("author") or "Anonymous"
        stamp = _first(
            item, "./*[@slot='commentMeta']//faceplate-timeago/@ts | ./*[@slot='commentMeta']//time/@datetime"
        )
        content = _first(item, "./*[@slot='comment']")
        raw = RawComment(
            ref=ref,
            parent_ref=parent,
            author=author,
            text=_quoted_text(content),
            own_id=bool(item.get("thingid")),
            posted_at=iso_time(str(stamp), dates.zone) if stamp is not None else None,
        )
        if author in _REDDIT_GONE or item.get("is-comment-deleted") is not None:
            raw.status, raw.deleted_by, raw.text = "deleted", _REDDIT_GONE.get(author, "author"), ""
        raw_comments.append(raw)
    post = _first(document, "//shreddit-post")
    declared = None
    for value in document.xpath("//shreddit-comment-tree/@totalcomments | //shreddit-post/@comment-count"):
        if str(value).isdigit():
            declared = int(value)
            break
    body = _first(post, ".//*[@slot='text-body']") if post is not None else None
    title = post.get("post-title") if post is not None else None
    body_text = html_to_text(body) or None if body is not None else None
    return ForumPage("new Reddit thread", raw_comments, title=title, body=body_text, declared_count=declared)
