"""A saved page and its Disqus, Facebook or Discourse comment frame become one thread.

A page that mounts Disqus (or Facebook's comments plugin, or Discourse's embed) holds no comments: the
browser saves the comment frame as a page of its own ("Save frame as", or the frame file inside "Web
page, complete"'s `NAME_files` folder), and the page's unread reason tells the moderator to read that
file. Read apart they were two threads: the article, incomplete ("loaded by script", so `report` exited 3
although every comment was read), and the comments, without the article's title. Here the two are joined:

- by file: the frame file the page's own save wrote (its iframe names `NAME_files/...`) is that page's
  frame, whatever address the service files the comments under. It is read with the page even when the
  run did not name it (a note says so): the moderator saved the page, and that folder is part of it.
- by address: a frame saved on its own joins the page whose address (canonical or og:url, else the plugin
  mount's data-href) its comments' permalinks or time links carry (Disqus, Facebook; a Discourse frame
  names only its forum topic).

Nothing is guessed: a page or frame that matches nothing in the run passes through as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from moderation.completeness import count_gap_reason, mark_declared_gap
from moderation.errors import ParseError
from moderation.parsing.script_comments import ADDRESSED_FRAMES, FRAME_FORMATS, frame_noun
from moderation.standard_streams import is_dash
from moderation.thread import Thread

# Every frame format we read, to the service whose mount it fills (script_comments names both).
_FRAME_SERVICES = {frame_format: service for service, frame_format in FRAME_FORMATS.items()}
# The folder Firefox's and Chrome's "Web page, complete" writes beside NAME.html for its frames and files.
SAVE_FOLDER_SUFFIX = "_files"

ReadFile = Callable[[Path], list[Thread]]
Other = TypeVar("Other")


def join_saved_frames(threads: Iterable[Thread | Other], read_file: ReadFile | None = None) -> Iterator[Thread | Other]:
    """The threads as given, except that a page waiting on a comment frame and that frame come out as one
    thread (the page's, with the frame's comments) when the second of the two is read.

    Only such pages and frames wait; every other thread passes at once, so a large export still
    streams, and so does anything in the stream that is not a thread (a labelled dataset's rows). Pages
    and frames left unmatched come out at the end, in the order they were read; before that, a page
    whose own save folder holds its frame, which the run did not read, has it read by `read_file`
    (parse_path with the run's options), when given.
    """
    pending: dict[int, tuple[Thread, list[tuple]]] = {}  # waiting pages and frames by id(), with their keys
    waiting: dict[str, dict[tuple, Thread]] = {"page": {}, "frame": {}}
    frames_read: set[Path] = set()
    for thread in threads:
        if not isinstance(thread, Thread):
            yield thread
            continue
        if thread.source_format in _FRAME_SERVICES and (path := _real_file(thread.source_path)) is not None:
            frames_read.add(path)
        role, keys = _waiting_keys(thread)
        if not keys:
            yield thread
            continue
        other = waiting["frame" if role == "page" else "page"]
        partner = next((other[key] for key in keys if key in other), None)
        if partner is not None:
            for key in pending.pop(id(partner))[1]:
                other.pop(key, None)
            page, frame = (thread, partner) if role == "page" else (partner, thread)
            yield _joined(page, frame)
            continue
        own = waiting[role]
        free = [key for key in keys if key not in own]
        if not free:
            yield thread  # a second page (or frame) of the same address: which one belongs is not ours to guess
            continue
        for key in free:
            own[key] = thread
        pending[id(thread)] = (thread, free)
    for thread, _ in pending.values():
        frame = _unread_own_frame(thread, frames_read, read_file) if read_file is not None else None
        yield _joined(thread, frame, named=False) if frame is not None else thread


def _waiting_keys(thread: Thread) -> tuple[str, list[tuple]]:
    """("page" or "frame", the keys its partner would have): by file, then by address; none when it waits
    on nothing (a page with comments, a frame without)."""
    address = same_page_address(thread.url)
    service = _FRAME_SERVICES.get(thread.source_format or "")
    if service is not None:
        if not thread.comments:
            return "frame", []
        path = _real_file(thread.source_path)
        keys = [("file", service, path)] if path is not None else []
        if address is not None and service in ADDRESSED_FRAMES:
            keys.append(("address", service, address))
        return "frame", keys
    missing = thread.missing_frame
    if thread.comments or missing is None:
        return "page", []
    path = _real_file(_named_frame_file(thread))
    keys = [("file", missing.service, path)] if path is not None else []
    if address is not None and missing.service in ADDRESSED_FRAMES:
        keys.append(("address", missing.service, address))
    return "page", keys


def _frame_src(page: Thread) -> str | None:
    """The frame file the page's iframe names, unescaped ("My%20story_files" is a folder with a space),
    without query or fragment; None when it names none or the page was not read from a file."""
    saved = page.missing_frame.saved_as if page.missing_frame else None
    if not saved or not page.source_path or is_dash(page.source_path):
        return None
    return unquote(saved.split("#", 1)[0].split("?", 1)[0])


def _named_frame_file(page: Thread) -> Path | None:
    """The file the page's iframe names as its frame, beside the page, whether or not it exists: a frame
    the run reads from that file is the page's. (A page inside a zip names no file: its members are named
    "a.zip:story.html", which no path beside it spells; a Disqus or Facebook frame there joins by address.)"""
    src = _frame_src(page)
    return Path(page.source_path).parent / src if src else None


def _own_frame_file(page: Thread) -> Path | None:
    """The frame file the page's own "Web page, complete" save wrote (`NAME_files/...` beside NAME.html, as
    the page's iframe names it), or None: no such name, a page not read from a file, or a name that leaves
    that folder ("..", a link pointing out): a page may not make us read files it does not own."""
    src = _frame_src(page)
    if src is None:
        return None
    page_file = Path(page.source_path)
    relative = PurePosixPath(src)
    parts = [part for part in relative.parts if part != "."]
    if len(parts) < 2 or relative.is_absolute() or ".." in parts or parts[0] != page_file.stem + SAVE_FOLDER_SUFFIX:
        return None
    folder = page_file.parent / parts[0]
    frame_file = folder.joinpath(*parts[1:])
    try:
        if not frame_file.resolve().is_relative_to(folder.resolve()) or not frame_file.is_file():
            return None
    except (OSError, ValueError):
        return None
    return frame_file


def _unread_own_frame(page: Thread, frames_read: set[Path], read_file: ReadFile) -> Thread | None:
    """The page's own saved frame, read now, when the run did not read it: its one thread of the frame
    format the page waits on, holding comments; None when there is none or it cannot be read."""
    if page.missing_frame is None or page.comments:
        return None
    path = _own_frame_file(page)
    if path is None or _real_file(str(path)) in frames_read:
        return None
    try:
        threads = read_file(path)
    except (ParseError, RecursionError):
        return None  # the page's reason still names the file
    wanted = FRAME_FORMATS[page.missing_frame.service]
    frames = [thread for thread in threads if thread.source_format == wanted and thread.comments]
    return frames[0] if len(frames) == 1 else None


def _real_file(path: str | Path | None) -> Path | None:
    """The file a thread was read from, resolved (links, "..") so two spellings of one file are equal."""
    if path is None or is_dash(path):
        return None
    try:
        return Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return None


def _joined(page: Thread, frame: Thread, named: bool = True) -> Thread:
    """The page's thread holding the frame's comments; the page's "loaded by script" and count-gap
    reasons (they counted none of those comments) are dropped, the frame's own kept. `named`: the run
    named the frame (else it was read as the page's own saved frame, and the note says so)."""
    service = _FRAME_SERVICES[frame.source_format]
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
    note = f"the {frame_noun(service)} comments were read from its frame saved as {frame.source_path}"
    page.warnings.append(note if named else f"{note} (in the page's own folder; read with it though not named)")
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
