"""A saved page and its Disqus or Facebook comment frame, read in one run, become one thread.

A page that mounts Disqus (or Facebook's comments plugin) holds no comments: the browser saves the
comment frame as a page of its own ("Save frame as", or the frame file inside "Web page, complete"'s
folder), and the page's unread reason tells the moderator to read that file. Read together they were
two threads: the article, incomplete ("loaded by script", so `report` exited 3 although every comment
was read), and the comments, without the article's title. Here the two are joined when the frame's
address (its comments' permalinks or time links, or its thread data) is the page's (canonical or
og:url, else the plugin mount's data-href). One path for every frame kind script_comments names.
Nothing is guessed: a page or frame whose address is unknown, or matches nothing in the run, passes
through as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from moderation.completeness import count_gap_reason, mark_declared_gap
from moderation.parsing.script_comments import ADDRESSED_FRAMES, FRAME_FORMATS, frame_noun
from moderation.thread import Thread

# The frame formats joined by address, to the service whose mount they fill (script_comments names both).
_FRAME_FORMATS = {FRAME_FORMATS[service]: service for service in ADDRESSED_FRAMES}


def join_saved_frames(threads: Iterable[Thread]) -> Iterator[Thread]:
    """The threads as given, except that a page waiting on a comment frame and that frame, both in the run,
    come out as one thread (the page's, with the frame's comments) when the second of the two is read.

    Only such pages and frames wait; every other thread passes at once, so a large export still
    streams. Pages and frames left unmatched come out at the end, in the order they were read.
    """
    waiting: dict[tuple[str, str, str], Thread] = {}  # (role, service, address) -> thread
    for thread in threads:
        key = _waiting_key(thread)
        if key is None:
            yield thread
            continue
        role, service, address = key
        partner = waiting.pop(("frame" if role == "page" else "page", service, address), None)
        if partner is not None:
            page, frame = (thread, partner) if role == "page" else (partner, thread)
            yield _joined(page, frame, service)
        elif key in waiting:
            yield thread  # a second page (or frame) of the same address: which one belongs is not ours to guess
        else:
            waiting[key] = thread
    yield from waiting.values()


def _waiting_key(thread: Thread) -> tuple[str, str, str] | None:
    address = same_page_address(thread.url)
    if address is None:
        return None
    service = _FRAME_FORMATS.get(thread.source_format or "")
    if service is not None:
        return ("frame", service, address) if thread.comments else None
    missing = thread.missing_frame
    if thread.comments or missing is None or missing.service not in ADDRESSED_FRAMES:
        return None
    return ("page", missing.service, address)


def _joined(page: Thread, frame: Thread, service: str) -> Thread:
    """The page's thread holding the frame's comments; the page's "loaded by script" and count-gap
    reasons (they counted none of those comments) are dropped, the frame's own kept."""
    gap_without_comments = (
        count_gap_reason(page.declared_comment_count, 0) if page.declared_comment_count is not None else None
    )
    stale = {gap_without_comments, page.missing_frame.reason if page.missing_frame else None}
    page.missing_frame = None
    page.unread = [reason for reason in page.unread if reason not in stale]
    page.warnings = [warning for warning in page.warnings if warning not in stale]
    page.comments = frame.comments
    page.shown_zone = page.shown_zone or frame.shown_zone
    if page.declared_comment_count is None:
        page.declared_comment_count = frame.declared_comment_count
    page.warnings.append(f"the {frame_noun(service)} comments were read from its frame saved as {frame.source_path}")
    for warning in frame.warnings:
        if warning in frame.unread:
            page.mark_unread(warning)
        elif warning not in page.warnings:
            page.warnings.append(warning)
    mark_declared_gap(page)
    return page


def same_page_address(url: str | None) -> str | None:
    """An address two saves of one article share: no scheme, fragment or trailing slash; host lowercased
    without "www." (a page's canonical link and a frame's permalinks differ in just these)."""
    if not url or "//" not in url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
