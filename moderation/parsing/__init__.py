"""Read comment dumps of every common format into `Thread`s.

Each format lives in its own module exposing FORMAT, DESCRIPTION, `sniff(source) -> int` (0 = not
this format, higher = surer) and `parse(source, options) -> Iterator[Thread]`. This package only
finds the files, picks the format and turns failures into `ParseError`s that name the file.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path
from types import ModuleType

from moderation.errors import ParseError
from moderation.mentions import find_mentions
from moderation.parsing.source import Source, is_binary
from moderation.thread import Thread

# Most specific first: on a tie in sniff scores the earlier format wins.
_FORMAT_MODULES = (
    "wxr",
    "disqus",
    "threads_json",
    "reddit",
    "convokit",
    "spip_html",
    "drupal_html",
    "wordpress_html",
    "blogger_html",
    "wordpress_text",
    "blogger_text",
    "plain_page",
)


@dataclass(frozen=True)
class ParseOptions:
    """Choices a parser cannot read from the dump itself."""

    # Pages and WXR's comment_date show local times with no zone; they are read in this zone.
    default_timezone: tzinfo = field(default=timezone.utc)


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"moderation.parsing.{name}") for name in _FORMAT_MODULES]


def formats() -> dict[str, str]:
    """Format name -> one-line description, in detection order."""
    return {module.FORMAT: module.DESCRIPTION for module in _modules()}


def _module_for(format_name: str) -> ModuleType:
    for module in _modules():
        if format_name == module.FORMAT:
            return module
    raise ParseError(f"unknown format {format_name!r} (known: {', '.join(formats())})")


def detect_format(source: Source) -> str:
    """The format whose sniffer is surest about this input, or ParseError."""
    head = source.head
    if not head.strip():
        raise ParseError("empty file")
    if is_binary(head):
        raise ParseError("binary data, not a text comment dump")
    best_score, best = 0, None
    for module in _modules():
        score = module.sniff(source)
        if score > best_score:
            best_score, best = score, module.FORMAT
    if best is None:
        raise ParseError(f"not a recognised comment dump (tried: {', '.join(formats())})")
    return best


def parse_source(source: Source, format_name: str | None = None, options: ParseOptions | None = None) -> list[Thread]:
    """Parse one input whole; ParseError says what went wrong, prefixed by nothing (callers name the file)."""
    return list(iter_source_threads(source, format_name, options))


def iter_source_threads(
    source: Source, format_name: str | None = None, options: ParseOptions | None = None
) -> Iterator[Thread]:
    """Like parse_source but yields threads as a streaming format produces them."""
    options = options or ParseOptions()
    if format_name is None:
        format_name = detect_format(source)
    elif not source.head.strip():
        raise ParseError("empty file")
    for thread in _module_for(format_name).parse(source, options):
        _finish(thread, source, format_name)
        yield thread


def _finish(thread: Thread, source: Source, format_name: str) -> None:
    thread.source_path = source.name
    thread.source_format = format_name
    if format_name != "json":  # our own JSON already carries its mentions
        find_mentions(thread)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Source]:
    """Files as given, directories recursed in sorted order (hidden entries skipped), '-' as stdin."""
    for given in paths:
        if str(given) == "-":
            yield Source.from_bytes(sys.stdin.buffer.read(), name="-")
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield Source.from_path(child)
        else:
            yield Source.from_path(path)


def parse_bytes(
    data: bytes, format_name: str | None = None, name: str = "-", options: ParseOptions | None = None
) -> list[Thread]:
    """Parse an in-memory dump (a convenience for library users and tests)."""
    return parse_source(Source.from_bytes(data, name=name), format_name, options)


def parse_path(path: str | Path, format_name: str | None = None, options: ParseOptions | None = None) -> list[Thread]:
    """Parse one file."""
    return parse_source(Source.from_path(Path(path)), format_name, options)
