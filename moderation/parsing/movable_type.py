"""The Movable Type import/export format, which TypePad and Movable Type export (and WordPress's
"Movable Type and TypePad" importer reads): plain text, one entry after another.

An entry ends at a line of eight dashes; its sections end at a line of five. The first section holds
the entry's fields ("TITLE: …", "BASENAME: …", "DATE: 04/02/2009 08:00:00 AM"); the others open with
their name: "BODY:", "EXTENDED BODY:", "EXCERPT:", "KEYWORDS:", "COMMENT:" (AUTHOR, EMAIL, URL, IP,
DATE lines, then the comment's text) and "PING:" (a trackback: TITLE, URL, IP, BLOG NAME, DATE, then
its excerpt). Dates are local times without a zone (read in --timezone). The format keeps no replies:
every comment is top level, which each thread with comments says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.xml_stream import markup_links, markup_to_text, unnamed_ref
from moderation.thread import Thread

FORMAT = "movable-type"
DESCRIPTION = "Movable Type / TypePad export (plain text entries with COMMENT: and PING: sections)"

ENTRY_END = "--------"
SECTION_END = "-----"
# The format's two date forms (Movable Type's ImportExport docs): 12-hour with AM/PM, or 24-hour.
DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S")
# Every entry ends with the ENTRY_END line; a last entry without it was cut off (a download stopped part-way).
CUT_SHORT = "the export ends inside this entry, before its closing '--------' line: comments after the cut are not read"
FLAT = "the Movable Type format keeps no replies: every comment is read as top level"
_ENTRY_FIELDS = ("AUTHOR", "TITLE", "BASENAME", "STATUS", "DATE", "ALLOW COMMENTS", "CONVERT BREAKS", "CATEGORY")
_FIELD = re.compile(r"([A-Z][A-Z ]*[A-Z]):[ \t]?(.*)")
_FIRST_FIELD = re.compile("(?:" + "|".join(_ENTRY_FIELDS) + "):")
_COMMENT_FIELDS = ("AUTHOR", "EMAIL", "URL", "IP", "DATE", "TITLE", "BLOG NAME")
_MARKUP = re.compile(r"<[A-Za-z/!]")


def sniff(source) -> int:
    lines = [line.strip() for line in source.head_text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines or not _FIRST_FIELD.match(lines[0]):
        return 0
    return 90 if SECTION_END in lines and any(line in ("BODY:", "COMMENT:") for line in lines) else 0


def parse(source, options) -> Iterator[Thread]:
    zone = options.default_timezone
    entries = 0
    for number, (entry, closed) in enumerate(_entries(source.text()), start=1):
        sections = _sections(entry)
        if not sections or not _is_entry(sections):
            continue
        entries += 1
        fields = _fields(sections[0])
        thread = Thread(
            id=fields.get("BASENAME") or f"{page_thread_id(source)}-{number}",
            title=fields.get("TITLE") or None,
        )
        raw_comments: list[RawComment] = []
        for section in sections[1:]:
            name = section[0].strip() if section else ""
            if name in ("COMMENT:", "PING:"):
                raw_comments.append(_comment(section[1:], name == "PING:", len(raw_comments) + 1, thread, zone))
            elif name == "BODY:":
                thread.body = markup_to_text("\n".join(section[1:])) or None
        if raw_comments:
            thread.warnings.append(FLAT)
        if not closed:
            thread.mark_unread(CUT_SHORT)
        yield assemble_thread(thread, raw_comments, sibling_order="time")
    if not entries:
        raise ParseError("a Movable Type export holding no entry")


def _entries(text: str) -> Iterator[tuple[list[str], bool]]:
    """Each entry's lines, and whether its closing line was there (an export cut short lacks it)."""
    entry: list[str] = []
    for line in text.splitlines():
        if line.rstrip() == ENTRY_END:
            yield entry, True
            entry = []
        else:
            entry.append(line)
    if any(line.strip() for line in entry):
        yield entry, False


def _sections(entry: list[str]) -> list[list[str]]:
    sections, section = [], []
    for line in entry:
        if line.rstrip() == SECTION_END:
            sections.append(section)
            section = []
        else:
            section.append(line)
    if any(line.strip() for line in section):
        sections.append(section)
    return [section for section in sections if any(line.strip() for line in section)]


def _is_entry(sections: list[list[str]]) -> bool:
    """Whether the text holds an entry's field or section at all: forced on anything else (a binary file,
    another dump), the reader made an entry of it and printed "0 comments"."""
    return any(_FIRST_FIELD.match(line.strip()) for line in sections[0]) or any(
        section[0].strip() in ("COMMENT:", "PING:", "BODY:") for section in sections[1:]
    )


def _fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        match = _FIELD.fullmatch(line.strip())
        if match:
            fields.setdefault(match.group(1), match.group(2).strip())
    return fields


def _comment(lines: list[str], ping: bool, position: int, thread: Thread, zone) -> RawComment:
    """A COMMENT: or PING: section: its field lines, then its text."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    fields: dict[str, str] = {}
    start = 0
    while start < len(lines):
        match = _FIELD.fullmatch(lines[start].strip())
        if not match or match.group(1) not in _COMMENT_FIELDS:
            break
        fields.setdefault(match.group(1), match.group(2).strip())
        start += 1
    body = "\n".join(lines[start:]).strip()
    text = markup_to_text(body) if _MARKUP.search(body) else body
    url = fields.get("URL") or None
    keys = identity_keys(email=fields.get("EMAIL") or None, profile_url=url, ip=fields.get("IP") or None)
    return RawComment(
        ref=unnamed_ref(position),
        parent_ref=None,
        author=fields.get("BLOG NAME" if ping else "AUTHOR") or fields.get("AUTHOR") or "",
        text=text,
        own_id=False,
        author_key=primary_key(keys),
        identity_keys=keys,
        posted_at=_date(fields.get("DATE"), thread, zone),
        kind="trackback" if ping else "comment",
        links=(tuple(markup_links(body)) or ((url,) if ping and url else ())),
    )


def _date(value: str | None, thread: Thread, zone) -> datetime | None:
    if not value:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), date_format).replace(tzinfo=zone)
        except ValueError:
            continue
    thread.warnings.append(f"DATE {value[:40]!r} is not a Movable Type date; kept without a time")
    return None
