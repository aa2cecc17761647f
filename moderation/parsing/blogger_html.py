"""A saved Blogger / Blogspot page: the threaded comment layout, or the classic flat one.

Blogger threads only two levels deep, so replies to replies sit flat in their inline thread (the
text names the target; moderation.mentions resolves that). The showComment epoch in each
permalink is exact and wins over the shown date; it is expressed in the zone the page shows its
times in (the shown clock less the epoch), else in options.default_timezone, so that the clock
matches the "@9:50" readers quote and reports show the page's own times. A removed comment stays
as a "deleted" placeholder holding Blogger's notice (it says who removed it), so its replies keep
their place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone, tzinfo

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.parsing.blogger_notices import LOAD_MORE_UNREAD, removal_notice
from moderation.parsing.comment_parts import links_in
from moderation.parsing.declared_counts import count_in_text
from moderation.parsing.html_text import (
    first_text,
    has_class,
    html_to_text,
    looks_like_html,
    read_page,
    shown_time,
    split_items,
)
from moderation.parsing.page_markup import page_markup
from moderation.parsing.page_signs import note_missing_comment_section
from moderation.parsing.page_titles import page_title_and_url
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.script_comments import mark_script_comments
from moderation.thread import Thread

FORMAT = "blogger-html"
DESCRIPTION = "a saved Blogger/Blogspot page (threaded or classic comment layout)"

_COMMENT_ID = re.compile(r"^c\d+$")
_SHOW_COMMENT = re.compile(r"showComment=(\d{9,16})")
_PAGED_UNREAD = "the page links to other pages of its comments (Blogger's 'Older'/'Newer'): one page is in this dump"
_PERMALINK_ID = re.compile(r"#(c\d+)\b")
_PROFILE = re.compile(r"blogger\.com/profile/(\d+)", re.IGNORECASE)
_SAID = re.compile(
    r"\s+(?:said|dijo|disse|a dit|hat gesagt|ha detto|zei|sade|napisał\(a\)|said to)\s*(?:\.\.\.|…)?\s*:?\s*$",
    re.IGNORECASE,
)
_STRUCTURE_MARKERS = (
    "comment-holder", "comments-block", 'id="top-ra"', "id='top-ra'", "inline-thread",
    "content='blogger'", 'content="blogger"', "blogger-comment-from",
)  # fmt: skip


def looks_like_blogger(lower_head: str) -> bool:
    """Blogger's own comment markup or generator tag (a mere link to a blogspot site is not enough)."""
    return any(marker in lower_head for marker in _STRUCTURE_MARKERS)


def _class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def sniff(source) -> int:
    head = source.head_text
    if not looks_like_html(head):
        return 0
    lower = page_markup(head)
    if looks_like_blogger(lower):
        return 85
    if "comment-thread" in lower and "blogger.com" in lower:
        return 85
    if "blogger.com" in lower or "blogspot." in lower:
        return 40
    return 0


def parse(source, options) -> Iterator[Thread]:
    document = read_page(source)
    thread = Thread(id=page_thread_id(source))
    thread.title, thread.url = page_title_and_url(
        document, f"//*[self::h1 or self::h2 or self::h3][{_class_test('post-title')}]"
    )
    thread.body = first_text(document.xpath(f"//*[{_class_test('post-body')}]"))
    thread.declared_comment_count = _declared_count(document)
    zone = options.default_timezone
    raw_comments = _threaded_comments(document, zone) + _classic_comments(document, zone)
    thread.shown_zone = _shown_zone(document)
    assemble_thread(thread, raw_comments)
    # The threaded widget shows its "Load more..." link (no longer `hidden`) while comments remain to fetch.
    if document.xpath(f"//div[{_class_test('loadmore')}][not({_class_test('hidden')})]"):
        thread.mark_unread(LOAD_MORE_UNREAD)
    # Classic templates page a long thread: "‹ Older · Newer ›" links to ?commentPage=N.
    if document.xpath(f"//*[{_class_test('paging-control')}] | //a[contains(@href, 'commentPage=')]"):
        thread.mark_unread(_PAGED_UNREAD)
    mark_script_comments(thread, document)
    note_missing_comment_section(thread, document)
    yield thread


def _threaded_comments(document, zone: tzinfo) -> list[RawComment]:
    # The saved template prints li#c{ID}; a page saved after Blogger's script drew the comments has
    # li#bc_0_NB.comment holding div#c{ID}.comment-block.
    ref_of = {}
    for item in document.xpath(f"//li[{_class_test('comment')}]"):
        block_ids = [item.get("id") or ""] + [
            block.get("id") or "" for block in item.xpath(f"./div[{_class_test('comment-block')}]")
        ]
        ref = next((value.strip() for value in block_ids if _COMMENT_ID.match(value.strip())), None)
        if ref is not None:
            ref_of[item] = ref
    items = list(ref_of)
    own_by_item, parent_by_item = split_items(items)
    raw_comments = []
    for item in items:
        own = own_by_item[item]
        enclosing = parent_by_item.get(item)
        users = [element for element in own if has_class(element, "user")]
        author_box = [element for element in users if element.tag == "cite"] or users
        content = [element for element in own if has_class(element, "comment-content")]
        time_boxes = [element for element in own if has_class(element, "datetime")]
        raw = _raw_comment(
            ref=ref_of[item],
            parent_ref=ref_of[enclosing] if enclosing is not None else None,
            author_box=author_box[0] if author_box else None,
            content=content[0] if content else None,
            time_links=[link for box in time_boxes for link in box.iter("a") if link.get("href")],
            zone=zone,
        )
        if any(has_class(element, "blog-author") for element in own):
            raw.role = "post_author"  # Blogger marks the blog's own author beside the name
        raw_comments.append(raw)
    return raw_comments


def _classic_comments(document, zone: tzinfo) -> list[RawComment]:
    """dl#comments-block: each dt.comment-author opens a comment, the dd's after it complete it."""
    raw_comments = []
    for block in document.xpath("//dl[@id='comments-block']"):
        records: list[dict] = []
        for child in block:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "dt":
                records.append({"dt": child, "body": None, "footer": None})
            elif child.tag == "dd" and records:
                slot = "footer" if has_class(child, "comment-footer") else "body"
                if records[-1][slot] is None:
                    records[-1][slot] = child
        for record in records:
            time_links = record["footer"].xpath(".//a[@href]") if record["footer"] is not None else []
            raw = _raw_comment(
                ref=_classic_id(record["dt"], time_links),
                parent_ref=None,
                author_box=record["dt"],
                content=record["body"],
                time_links=time_links,
                zone=zone,
            )
            raw.author = _SAID.sub("", raw.author).strip() or "Anonymous"
            raw_comments.append(raw)
    for position, raw in enumerate(raw_comments):
        if not raw.ref:
            raw.ref, raw.own_id = f"classic-{position + 1}", False
    return raw_comments


def _classic_id(dt, time_links) -> str:
    candidates = [dt.get("id") or ""] + [anchor.get("name") or "" for anchor in dt.xpath(".//a[@name]")]
    for candidate in candidates:
        if _COMMENT_ID.match(candidate.strip()):
            return candidate.strip()
    for link in time_links:
        match = _PERMALINK_ID.search(link.get("href"))
        if match:
            return match.group(1)
    return ""


def _raw_comment(*, ref: str, parent_ref: str | None, author_box, content, time_links, zone: tzinfo) -> RawComment:
    author = html_to_text(author_box) if author_box is not None else ""
    keys = {}
    if author_box is not None:
        for link in author_box.xpath(".//a[@href]"):
            profile = _PROFILE.search(link.get("href"))
            if profile:
                # One form of the address, so http/https and www variants give one key.
                keys = identity_keys(profile_url=f"https://www.blogger.com/profile/{profile.group(1)}")
                break
            if link.get("href").startswith(("http://", "https://")):
                # A Name/URL comment links the commenter's own site: the same key WXR's author URL gives.
                keys = identity_keys(profile_url=link.get("href"))
                break
    text = html_to_text(content) if content is not None else ""
    deleted = content is not None and bool(content.xpath(f".//*[{_class_test('deleted-comment')}]"))
    is_notice, deleted_by = removal_notice(text)
    return RawComment(
        ref=ref,
        parent_ref=parent_ref,
        author=" ".join(author.split()) or "Anonymous",
        text=text,
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_posted_at(time_links, zone),
        status="deleted" if deleted or is_notice else "visible",
        deleted_by=deleted_by,
        links=links_in(content) if content is not None else (),
    )


# UTC offsets run from -12:00 to +14:00, in steps of a quarter hour (Nepal's +05:45).
_LARGEST_OFFSET = timedelta(hours=14)
_OFFSET_STEP = timedelta(minutes=15)


def _posted_at(time_links, zone: tzinfo) -> datetime | None:
    for link in time_links:
        epoch = _SHOW_COMMENT.search(link.get("href"))
        if epoch:
            try:
                # Exact instant, as the epoch gives it (in --timezone); the page's own zone is the thread's
                # shown_zone, for reports and "@9:50" replies.
                instant = datetime.fromtimestamp(int(epoch.group(1)) / 1000, tz=timezone.utc)
            except (OverflowError, OSError, ValueError):
                continue
            return instant.astimezone(zone)
    for link in time_links:
        stamp = shown_time(html_to_text(link), zone)
        if stamp is not None:
            return stamp
    return None


def _shown_zone(document) -> tzinfo | None:
    """The zone the page shows its comment times in, from the first permalink whose shown clock fits."""
    for link in document.xpath("//a[contains(@href, 'showComment=')]"):
        epoch = _SHOW_COMMENT.search(link.get("href"))
        if epoch is None:
            continue
        try:
            instant = datetime.fromtimestamp(int(epoch.group(1)) / 1000, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            continue
        zone = _page_zone(instant, [link])
        if zone is not None:
            return zone
    return None


def _page_zone(instant: datetime, time_links) -> tzinfo | None:
    """The fixed offset the page shows its times in: the shown clock less the exact instant, when it is
    a whole quarter hour within the range of real offsets."""
    for link in time_links:
        shown = shown_time(html_to_text(link), timezone.utc)
        if shown is None:
            continue
        offset = shown.replace(tzinfo=None) - instant.replace(tzinfo=None, second=0, microsecond=0)
        if abs(offset) <= _LARGEST_OFFSET and offset % _OFFSET_STEP == timedelta(0):
            return timezone(offset)
    return None


def _declared_count(document) -> int | None:
    """The count in the comment section's heading ("12 comments:", "1 Meinungen:"), read by the shared rules."""
    for heading in document.xpath("//h2 | //h3 | //h4"):
        count = count_in_text(html_to_text(heading))
        if count is not None:
            return count
    return None
