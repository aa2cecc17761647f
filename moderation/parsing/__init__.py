"""Read comment dumps of every common format into `Thread`s.

Each format lives in its own module exposing FORMAT, DESCRIPTION, `sniff(source) -> int` (0 = not
this format, higher = surer) and `parse(source, options) -> Iterator[Thread]`. This package only
finds the files, picks the format and turns failures into `ParseError`s that name the file.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path
from types import ModuleType

from moderation.completeness import mark_declared_gap
from moderation.errors import InputWarning, ParseError
from moderation.mentions import find_mentions
from moderation.parsing.archive_corpus import with_corpora
from moderation.parsing.page_end import CUT_SHORT, page_cut_short
from moderation.parsing.read_once import ReadOnce, repeats_line
from moderation.parsing.saved_mhtml import is_mhtml, main_page
from moderation.parsing.source import Corpus, Source, archive_members, is_binary, read_whole
from moderation.parsing.xml_root import root_name
from moderation.plurals import counted
from moderation.standard_streams import DASH, is_dash, refuse_dash_twice
from moderation.thread import Thread

# Most specific first: on a tie in sniff scores the earlier format wins.
_FORMAT_MODULES = (
    "wxr",
    "disqus",
    "blogger_atom",
    "threads_json",
    "commento",
    "remark42",
    "isso_json",
    "hacker_news",
    "disqus_api",
    "wordpress_rest",
    "substack_json",
    "reddit",
    "convokit",
    "spip_html",
    "drupal_html",
    "disqus_html",
    "substack_html",
    "facebook_html",
    "discourse_html",
    "wordpress_html",
    "blogger_html",
    "wordpress_text",
    "blogger_text",
    "disqus_text",
    "substack_text",
    "facebook_text",
    "movable_type",
    "staticman",
    "plain_page",
)


# Saved pages in forms we do not read, told by their first bytes, so the refusal says what the file is.
_OTHER_DOCUMENTS = (
    (b"%PDF-", "a PDF document"),
    (b"bplist00", "a Safari web archive (.webarchive)"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
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
    for signature, kind in _OTHER_DOCUMENTS:
        if head.startswith(signature):
            raise ParseError(f"{kind}, not a comment dump: save the page as HTML (or copy its text) and read that")
    if is_binary(head):
        raise ParseError("binary data, not a text comment dump")
    best_score, best = 0, None
    for module in _modules():
        score = module.sniff(source)
        if score > best_score:
            best_score, best = score, module.FORMAT
    if best is None:
        root = root_name(source.head_text) if source.head_text.lstrip("\ufeff \t\r\n").startswith("<?xml") else ""
        kind = (
            f"an XML document with root <{root}>, not an export this reads" if root else "not a recognised comment dump"
        )
        raise ParseError(f"{kind} (tried: {', '.join(formats())})")
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
    elif is_binary(source.head, any_nul=False):  # no reader makes comments of it: a page reader said "0 comments"
        raise ParseError("binary data, not a text comment dump")
    cut_short = format_name.endswith("-html") and page_cut_short(source)
    for thread in _module_for(format_name).parse(source, options):
        _finish(thread, source, format_name)
        if cut_short:
            thread.mark_unread(CUT_SHORT)
        yield thread
        del thread  # not held while the next thread is parsed: the consumer decides how long it lives


def _finish(thread: Thread, source: Source, format_name: str) -> None:
    thread.source_path = source.name
    thread.source_format = format_name
    if format_name != "json":  # our own JSON already carries its mentions
        find_mentions(thread)
    mark_declared_gap(thread)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Source]:
    """Files as given, directories recursed in sorted order (hidden entries skipped), '-' as stdin
    (read once), and each zip as one Source per file inside it ("archive.zip:inner.xml").

    A multi-file corpus (a folder some format's `find_corpus` recognises, at any depth) is one Source:
    its main file, carrying the other files as companions, which are not offered again on their own.
    A file already read (named twice, a folder and a file in it, a link to it) is not read again: one
    line says so for each name given that repeats one (read_once).
    """
    read = ReadOnce()
    for given in paths:
        if is_dash(given):
            yield from _expand_archive(_stdin_source())
            continue
        path = Path(given)
        left_out: list[str] = []
        for source in _directory_sources(path) if path.is_dir() else (file_source(path),):
            if read.first_time(source):
                yield from _expand_archive(source)
            else:
                left_out.append(source.name)
        if left_out:
            warnings.warn(InputWarning(repeats_line(given, left_out)), stacklevel=2)


def _stdin_source() -> Source:
    """Standard input, read once (capped like any pipe); a failure is said when the source is parsed."""
    try:
        return Source.from_bytes(read_whole(sys.stdin.buffer), name=DASH)
    except ParseError as error:
        return Source(name=DASH, data=b"", error=str(error))


def _expand_archive(source: Source) -> Iterator[Source]:
    """A zip as one Source per file inside it ("archive.zip:inner.xml"), a saved MHTML page as the page
    it holds; any other source as itself."""
    try:
        is_zip = source.compression == "zip"
    except ParseError:
        is_zip = False  # unreadable: said when it is parsed
    for each in with_corpora(archive_members(source), find_corpus) if is_zip else (source,):
        yield _unpacked_page(each)


def _unpacked_page(source: Source) -> Source:
    """A saved MHTML page as the HTML page it holds (one that holds none says why when parsed)."""
    try:
        if not is_mhtml(source.head):
            return source
        return main_page(source)
    except ParseError as error:
        return Source(name=source.name, data=b"", error=str(error))


def _directory_sources(root: Path) -> Iterator[Source]:
    outside: list[Path] = []
    files = sorted(files_under(root, outside))
    if outside:
        warnings.warn(
            InputWarning(
                f"{root}: {counted(len(outside), 'link')} to files outside the folder not followed ({outside[0]} first)"
            ),
            stacklevel=2,
        )
    corpora = {}
    for directory in sorted({root, *(child.parent for child in files)}):
        corpus = find_corpus(directory)
        if corpus is not None:
            corpora[directory] = corpus
    claimed = {companion for corpus in corpora.values() for companion in corpus.companions.values()}
    for child in files:
        if child in claimed:
            continue
        corpus = corpora.get(child.parent)
        if corpus is not None and child == corpus.main:
            yield corpus.source()
        else:
            yield Source.from_path(child)


# The formats whose dumps span several files (each module has `find_corpus`): reading one file asks
# only these, so `score` of a CSV does not import every parser (a tenth of a second).
CORPUS_FORMAT_MODULES = ("convokit", "staticman")


def find_corpus(directory: Path) -> Corpus | None:
    """The multi-file corpus this directory holds, asking each format that has one (`find_corpus`)."""
    for name in CORPUS_FORMAT_MODULES:
        module = importlib.import_module(f"moderation.parsing.{name}")
        corpus = module.find_corpus(directory)
        if corpus is not None:
            return corpus
    return None


def file_source(path: Path) -> Source:
    """One named file; the main file of a corpus brings its companions even when named alone."""
    corpus = find_corpus(path.parent) if path.is_file() else None
    if corpus is not None and corpus.main.name == path.name:
        return Source(name=str(path), path=path, companions=dict(corpus.companions))
    return Source.from_path(path)


def files_under(folder: Path, outside_links: list[Path] | None = None) -> Iterator[Path]:
    """The files a folder holds at any depth, hidden files and folders skipped, in no set order.

    Links to folders are not descended into. A link to a file outside the folder is left out (and
    added to `outside_links`): reading a tree must not read whatever a link in it points at
    (/etc/passwd as a thread). Links that stay inside the folder are read.
    """
    root = folder.resolve()
    for child in folder.rglob("*"):
        if not child.is_file() or any(part.startswith(".") for part in child.relative_to(folder).parts):
            continue
        if child.is_symlink() and not child.resolve().is_relative_to(root):
            if outside_links is not None:
                outside_links.append(child)
            continue
        yield child


def check_paths_hold_dumps(paths: Iterable[str | Path]) -> None:
    """ParseError for a folder with nothing to read (empty, or hidden files only), or for standard input
    named twice.

    A run over an empty folder would report no threads, which reads as an all-clear; a second "-" reads
    nothing (refuse_dash_twice). Both are refused up front, before any output is written.
    """
    paths = list(paths)
    refuse_dash_twice(paths)
    for given in paths:
        path = Path(given)
        if not is_dash(given) and path.is_dir() and next(files_under(path), None) is None:
            raise ParseError(f"{path}: no comment dump in this folder (hidden files are skipped)")


def parse_bytes(
    data: bytes, format_name: str | None = None, name: str = DASH, options: ParseOptions | None = None
) -> list[Thread]:
    """Parse an in-memory dump (a convenience for library users and tests)."""
    return parse_source(Source.from_bytes(data, name=name), format_name, options)


def parse_path(path: str | Path, format_name: str | None = None, options: ParseOptions | None = None) -> list[Thread]:
    """Parse one file (every dump inside it, for a zip)."""
    threads: list[Thread] = []
    for source in _expand_archive(file_source(Path(path))):
        threads.extend(parse_source(source, format_name, options))
    return threads
