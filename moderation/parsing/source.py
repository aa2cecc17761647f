"""One input to parse: a file, stdin or one member of a zip, read lazily so exports can be streamed.

Compressed inputs (gzip, bzip2, xz, zstd, found by their magic bytes, whatever the file is called) are
unpacked as they are read, with the standard library (zstd with `zstandard`); a zip is expanded into
one Source per member by `archive_members`. Every unpacked byte counts against MAX_UNPACKED_BYTES, shared by the members
of one archive, so a zip bomb ends in one ParseError line instead of a full disk or a MemoryError.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import io
import lzma
import os
import re
import stat
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from moderation.errors import InputWarning, ParseError
from moderation.plurals import noun_for
from moderation.standard_streams import DASH, is_dash

HEAD_SIZE = 64 * 1024
# How much of a saved HTML page is searched for its markup when inline styles, scripts and images fill
# the first HEAD_SIZE (a SingleFile page's <head> often runs to megabytes of CSS and data: images).
SAVED_PAGE_SNIFF_BYTES = 8 * 1024 * 1024
_PAGE_START = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
# Where bulk opens; each is skipped to its own end in one forward scan (a regex with a lazy ".*?" per
# opening tag was quadratic on a hostile page of unclosed <script>s).
_BULK_OPEN = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.IGNORECASE)
_BULK_CLOSE = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "svg", "noscript", "template")
}
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+[\"')]")

MAX_UNPACKED_BYTES = 4 * 1024**3
"""Unpacked bytes one compressed input (all members of a zip together) may yield. Our largest
benchmark export, a million WXR comments, is about 0.8 GB unpacked; 4 GiB is five times that, and
far below what a zip bomb (a few KB unpacking to petabytes) would claim."""

MAX_WHOLE_INPUT_BYTES = 1024**3
"""Bytes of one input held in memory at once: a pipe, FIFO or stdin (which cannot be read twice, so
it is read once, whole), and a dump whose format is parsed as one document (JSON, pages). Parsing a
JSON document takes several times its size in Python objects, so 1 GiB already needs several GiB of
memory; past it the input is refused with one line instead of ending the run in a MemoryError
(`--from json` on /dev/zero). Large exports stream: WXR and Disqus XML are never read whole."""

MAX_ARCHIVE_MEMBERS = 10_000
"""Files read from one zip at most: a site export holds a handful; a million empty members is an attack."""

_READ_CHUNK = 64 * 1024
_WHOLE_READ_CHUNK = 1024 * 1024
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip
    (b"\x28\xb5\x2f\xfd", "zstd"),  # Pushshift and Arctic Shift Reddit dumps (.zst)
)
_BZ2_LEVELS = b"123456789"  # "BZh" is followed by the block size digit: plain text rarely is
ZSTD_MAX_WINDOW = 2**31
"""The largest zstd window accepted: Pushshift compresses its dumps with `zstd --long=31` (a 2 GiB
window), which a reader must allow explicitly; it is also zstd's own maximum."""


class _ZstdReader:
    """zstd frames one after another, unpacked as read; a stream cut off inside a frame raises EOFError
    (zstandard's own stream_reader ends quietly there, which would pass a cut-off dump for a whole one)."""

    def __init__(self, raw) -> None:
        import zstandard  # only when a .zst is read: keeps the CLI's start fast

        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self._frame = self._decompressor.decompressobj()
        self._in_frame = False
        self._pending = b""
        self._offset = 0  # how much of _pending was handed out: slicing it instead would copy it per read

    def read(self, size: int = -1) -> bytes:
        while self._offset >= len(self._pending):
            packed = self._raw.read(_READ_CHUNK)
            if not packed:
                if self._in_frame:
                    raise EOFError("the zstd stream ends inside a frame")
                return b""
            self._pending, self._offset = b"", 0
            self._unpack(packed)
        end = len(self._pending) if size is None or size < 0 else self._offset + size
        data = self._pending[self._offset : end]
        self._offset += len(data)
        return data

    def _unpack(self, packed: bytes) -> None:
        while packed:
            self._in_frame = True
            self._pending += self._frame.decompress(packed)
            if not self._frame.eof:
                return
            packed = self._frame.unused_data  # the next frame starts here
            self._frame = self._decompressor.decompressobj()
            self._in_frame = False

    def close(self) -> None:
        self._raw.close()


def _zstd_reader(raw) -> _ZstdReader:
    return _ZstdReader(raw)


_OPENERS = {
    "gzip": lambda raw: gzip.GzipFile(fileobj=raw),
    "bz2": bz2.BZ2File,
    "xz": lzma.LZMAFile,
    "zstd": _zstd_reader,
}
# What a corrupt or cut-off compressed stream raises from read().
_UNPACK_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, RuntimeError, ValueError)


def compression_of(first_bytes: bytes) -> str | None:
    """'gzip', 'bz2', 'xz', 'zstd', 'zip' or None, from the magic bytes."""
    for magic, kind in _MAGIC:
        if first_bytes.startswith(magic) and (kind != "bz2" or first_bytes[3:4] in _BZ2_LEVELS):
            return kind
    return None


class _Budget:
    """Unpacked bytes still allowed for one compressed input (shared by a zip's members)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.remaining = MAX_UNPACKED_BYTES

    def spend(self, count: int) -> None:
        self.remaining -= count
        if self.remaining < 0:
            raise ParseError(
                f"unpacks to more than {MAX_UNPACKED_BYTES:,} bytes (MAX_UNPACKED_BYTES): refused as a likely zip bomb"
            )


class _CappedReader(io.RawIOBase):
    """An unpacking stream that counts every byte against a budget and turns corruption into ParseError."""

    def __init__(self, inner, budget: _Budget, closers: tuple = ()) -> None:
        self._inner = inner
        self._budget = budget
        self._closers = closers

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._inner.read(len(buffer))
        except ParseError:
            raise
        except _UNPACK_ERRORS as error:
            raise ParseError(f"corrupt or truncated compressed data: {error}") from None
        except Exception as error:  # zstandard.ZstdError, without importing zstandard for every input
            if type(error).__name__ != "ZstdError":
                raise
            raise ParseError(f"corrupt or truncated compressed data: {error}") from None
        self._budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._inner.close()
        for closer in self._closers:
            with contextlib.suppress(Exception):
                closer.close()
        super().close()


@dataclass
class Source:
    """A named input. `name` is what messages and `source.path` show ("-" for stdin).

    `companions` are the other files of a multi-file corpus (ConvoKit's conversations.json beside its
    utterances.jsonl), by role: the main file is parsed, the companions add what it lacks (titles).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    member: str | None = None  # the file inside the zip at `path` (or in `data`) this source reads
    error: str | None = None  # why this input cannot be read at all (a broken archive), said when read
    _budget: _Budget | None = field(default=None, repr=False)
    _compression: str | None = field(default=None, repr=False)
    companions: dict[str, Path] = field(default_factory=dict)
    _head: bytes | None = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)
    _head_text: str | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        """A file's source, named by its path; a file called "-" in the current folder is named "./-", not
        "-" (Path drops the "./"), which would read as standard input in every message and thread id."""
        return cls(name=f"./{DASH}" if is_dash(path) else str(path), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = DASH) -> Source:
        return cls(name=name, data=data)

    def _open_raw(self) -> BinaryIO:
        if self.error is not None:
            raise ParseError(self.error)
        if self.data is None and self.path is not None and not _is_regular_file(self.path):
            # A pipe, FIFO or device gives its bytes once: keep them for detection and parsing alike.
            try:
                with open(self.path, "rb") as stream:
                    self.data = read_whole(stream)
            except OSError as error:
                raise ParseError(f"cannot read: {error.strerror or error}") from None
        if self.data is not None:
            return io.BytesIO(self.data)
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as error:
            raise ParseError(f"cannot read: {error.strerror or error}") from None

    @property
    def compression(self) -> str | None:
        """How the bytes are packed ('gzip', 'bz2', 'xz', 'zstd', 'zip') or None; read from the first bytes."""
        if self._compression is None:
            with self._open_raw() as raw:
                self._compression = compression_of(raw.read(8)) or ""
        return self._compression or None

    def open(self) -> BinaryIO:
        """A fresh binary stream of the (unpacked) dump from the start: exports are read through this, never whole."""
        if self.member is not None:
            return self._open_member()
        compression = self.compression
        if compression is None:
            return self._open_raw()
        if compression == "zip":
            members = archive_member_names(self)
            if len(members) != 1:
                raise ParseError(f"a zip of {len(members)} files: read it as a path, one dump per member")
            return Source(name=self.name, path=self.path, data=self.data, member=members[0])._open_member()
        raw = self._open_raw()
        return io.BufferedReader(_CappedReader(_OPENERS[compression](raw), self._new_budget(), (raw,)))

    def _new_budget(self) -> _Budget:
        return self._budget if self._budget is not None else _Budget(self.name)

    def _open_member(self) -> BinaryIO:
        raw = self._open_raw()
        try:
            archive = zipfile.ZipFile(raw)
            inner = archive.open(self.member)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, KeyError) as error:
            raw.close()
            raise ParseError(f"unreadable zip: {error}") from None
        stream = io.BufferedReader(_CappedReader(inner, self._new_budget(), (archive, raw)))
        first = stream.peek(8)[:8]
        packed = compression_of(first)
        if packed in _OPENERS:  # a .gz inside the zip
            return io.BufferedReader(_CappedReader(_OPENERS[packed](stream), self._new_budget(), (stream,)))
        if packed == "zip":
            stream.close()
            raise ParseError("a zip inside a zip is not read: unpack the outer one first")
        return stream

    @property
    def head(self) -> bytes:
        """The first 64 KiB, for format detection."""
        if self._head is None:
            if self.data is not None and self.member is None and self.compression is None:
                self._head = self.data[:HEAD_SIZE]
            else:
                with self.open() as stream:
                    self._head = stream.read(HEAD_SIZE)
        return self._head

    @property
    def head_text(self) -> str:
        """The first 64 KiB as text; for a saved page, its first markup with the bulk left out.

        Pages saved whole (SingleFile, "Webpage, Complete" of script-heavy themes) inline their styles,
        scripts and images in <head>: 64 KiB of it held none of the markup the page formats are
        told apart by, so a Blogger or Disqus page was read as an unknown page with no comments.
        """
        if self._head_text is None:
            text = decode_text(self.head, partial=True)
            if len(self.head) >= HEAD_SIZE and _PAGE_START.match(text):
                with self.open() as stream:
                    more = decode_text(stream.read(SAVED_PAGE_SNIFF_BYTES), partial=True)
                text = _DATA_URI.sub('"', _without_bulk(more))[:HEAD_SIZE]
            self._head_text = text
        return self._head_text

    def text(self) -> str:
        """The whole input decoded (for page and JSON formats, which are read whole)."""
        if self._text is None:
            if self.data is not None and self.member is None and self.compression is None:
                raw = self.data
            else:
                with self.open() as stream:
                    raw = read_whole(stream)
            self._text = decode_text(raw, name=self.name)
        return self._text


def opens_as_page(head: bytes) -> bool:
    """Whether these first bytes open a whole HTML document (<!DOCTYPE html> or <html>), not a fragment."""
    return _PAGE_START.match(decode_text(head, partial=True)) is not None


def _without_bulk(text: str) -> str:
    """A saved page's text with its inline scripts, styles, SVGs and HTML comments left out (linear time)."""
    kept: list[str] = []
    position = 0
    while True:
        opening = _BULK_OPEN.search(text, position)
        if opening is None:
            kept.append(text[position:])
            break
        kept.append(text[position : opening.start()])
        if opening.group(1) is None:  # "<!--"
            end = text.find("-->", opening.end())
            end = end + 3 if end >= 0 else -1
        else:
            closing = _BULK_CLOSE[opening.group(1).lower()].search(text, opening.end())
            end = closing.end() if closing is not None else -1
        if end < 0:  # never closed (broken or cut off): the rest is kept as it is
            kept.append(text[opening.start() :])
            break
        kept.append(" ")
        position = end
    return "".join(kept)


def _is_regular_file(path: Path) -> bool:
    """True for a file that can be opened again from its start; errors are left for open() to say."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def read_whole(stream: BinaryIO) -> bytes:
    """Everything a stream holds, up to MAX_WHOLE_INPUT_BYTES; past that one ParseError, not a MemoryError."""
    chunks = bytearray()
    while True:
        chunk = stream.read(min(_WHOLE_READ_CHUNK, MAX_WHOLE_INPUT_BYTES + 1 - len(chunks)))
        if not chunk:
            return bytes(chunks)
        chunks += chunk
        if len(chunks) > MAX_WHOLE_INPUT_BYTES:
            raise ParseError(
                f"more than {MAX_WHOLE_INPUT_BYTES:,} bytes (MAX_WHOLE_INPUT_BYTES) to hold in memory: "
                "split the dump, or give it as a file in a streamed format (WXR, Disqus XML)"
            )


# Files an export archive carries beside its dumps (a Google Takeout zip's photo albums, a theme's
# styles and fonts): media and assets, never comments. Skipped by name so one photo does not fail the zip.
ARCHIVE_ASSET_SUFFIXES = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".svg",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".heic",
        ".avif",
        ".mp4",
        ".mov",
        ".webm",
        ".mp3",
        ".m4a",
        ".ogg",
        ".wav",
        ".pdf",
        ".css",
        ".js",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
    ]
)


def archive_member_names(source: Source) -> list[str]:
    """The files of a zip worth reading, in archive order: no directories, no hidden or macOS resource
    files, no media or asset files (ARCHIVE_ASSET_SUFFIXES)."""
    try:
        with source._open_raw() as raw, zipfile.ZipFile(raw) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ParseError(f"unreadable zip: {error}") from None
    kept = [
        name
        for name in names
        if not any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)
        and PurePosixPath(name).suffix.lower() not in ARCHIVE_ASSET_SUFFIXES
    ]
    if len(kept) > MAX_ARCHIVE_MEMBERS:
        raise ParseError(f"a zip of {len(kept):,} files (more than MAX_ARCHIVE_MEMBERS, {MAX_ARCHIVE_MEMBERS:,})")
    return kept


def archive_members(source: Source) -> list[Source]:
    """One Source per file in a zip, named 'archive.zip:inner.xml', sharing one unpacked-size budget.

    A zip that cannot be listed becomes one Source that says why when read, so that a caller looping
    over many inputs reports it like any other unreadable file.
    """
    try:
        names = archive_member_names(source)
    except ParseError as error:
        return [Source(name=source.name, path=source.path, data=source.data, error=str(error))]
    if not names:
        return [Source(name=source.name, path=source.path, data=source.data, error="an empty zip")]
    budget = _Budget(source.name)
    return [
        Source(name=f"{source.name}:{name}", path=source.path, data=source.data, member=name, _budget=budget)
        for name in names
    ]


@dataclass(frozen=True)
class Corpus:
    """A format stored as several files in one folder: the file to parse and its companions by role."""

    main: Path
    companions: dict[str, Path]

    def source(self) -> Source:
        return Source(name=str(self.main), path=self.main, companions=dict(self.companions))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


UTF8_VALID_PER_INVALID = 2
"""Text that is not all valid UTF-8 is still read as UTF-8 (bad bytes replaced by U+FFFD) when it holds
at least this many valid multi-byte characters per invalid sequence. cp1252 text almost never forms a
valid multi-byte UTF-8 sequence (an accented letter is one byte, followed by ASCII), so its count of
valid ones is near zero; a UTF-8 export with one stray byte has many. Reading the latter as cp1252
garbled every non-ASCII character of the file for one bad byte."""


def decode_text(raw: bytes, *, partial: bool = False, name: str | None = None) -> str:
    """Bytes to text: a BOM decides; else UTF-8 (bad bytes replaced when the rest is UTF-8); else
    UTF-16 without BOM; else cp1252, unless it reads as another script's letters, when
    charset-normalizer names the legacy encoding (windows-1251, Shift-JIS, ...).

    `partial` tolerates a multi-byte character cut at the end of a head sample. With `name`, bytes
    replaced in mostly-UTF-8 text are said in one InputWarning naming the input.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    if b"\0" in raw[:2000] and _looks_like_utf16(raw):
        little_endian = raw[1::2][:1000].count(0) > raw[0::2][:1000].count(0)
        return raw.decode("utf-16-le" if little_endian else "utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if partial and error.start >= len(raw) - 3:
            with contextlib.suppress(UnicodeDecodeError):
                return raw[: error.start].decode("utf-8")
    mostly = _mostly_utf8(raw[: len(raw) - 3] if partial else raw)
    if mostly is not None:
        text, replaced = mostly
        if name is not None:
            warnings.warn(
                InputWarning(
                    f"{name}: {replaced:,} invalid UTF-8 {noun_for(replaced, 'sequence')} replaced by U+FFFD; "
                    "the rest read as UTF-8"
                ),
                stacklevel=2,
            )
        return text if not partial else raw.decode("utf-8", errors="replace")
    # cp1252 leaves five bytes undefined; those keep their latin-1 meaning rather than fail.
    western = raw.decode("latin-1").translate(_CP1252_FROM_LATIN1)
    if _reads_as_another_script(western):
        guessed = _guess_legacy_encoding(raw)
        if guessed is not None:
            return guessed
    return western


NON_ASCII_LETTER_SHARE = 0.5
"""Above this share of non-ASCII letters, cp1252 text is taken for another script's legacy encoding
(windows-1251 Cyrillic, Greek, Shift-JIS...) read wrongly: Western European text is mostly ASCII letters
(French, German, Spanish prose runs under a fifth accented), while Cyrillic read as cp1252 is nearly
all "Ýòî"-like letters. Below it cp1252 stands: charset-normalizer guesses cp437 or cp1006 for short
or English cp1252 text, so it is asked only when cp1252 is clearly wrong."""
GUESS_SAMPLE_BYTES = 1 << 20  # charset-normalizer reads samples of this much; enough to tell a script


def _reads_as_another_script(text: str) -> bool:
    sample = text[:GUESS_SAMPLE_BYTES]
    letters = sum(1 for char in sample if char.isalpha())
    if not letters:
        return False
    ascii_letters = sum(1 for char in sample if char.isascii() and char.isalpha())
    return (letters - ascii_letters) > NON_ASCII_LETTER_SHARE * letters


def _guess_legacy_encoding(raw: bytes) -> str | None:
    """The whole input decoded in the encoding charset-normalizer finds most coherent, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:GUESS_SAMPLE_BYTES]).best()
    if best is None or best.encoding in {"cp1252", "latin_1", "iso8859_15"}:
        return None
    return raw.decode(best.encoding, errors="replace")


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """(text, invalid sequences replaced) when raw is UTF-8 but for a few bad bytes, else None."""
    text = raw.decode("utf-8", errors="replace")
    marks = text.count("\ufffd")
    replaced = marks - raw.count("\ufffd".encode())
    valid_multibyte = len(text) - len(text.encode("ascii", "ignore")) - marks
    if replaced > 0 and valid_multibyte >= UTF8_VALID_PER_INVALID * replaced:
        return text, replaced
    return None


def _cp1252_table() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        with contextlib.suppress(UnicodeDecodeError):
            table[byte] = bytes([byte]).decode("cp1252")
    return table


_CP1252_FROM_LATIN1 = _cp1252_table()


def _looks_like_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a BOM: one byte of each pair is almost always NUL, the other rarely."""
    sample = raw[:2000]
    if len(sample) < 16:
        return False
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) / 2
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    return max(zeros_even, zeros_odd) > 0.6 * half and min(zeros_even, zeros_odd) < 0.02 * half


def is_binary(head: bytes, *, any_nul: bool = True) -> bool:
    """NUL bytes or control characters that no text dump carries (UTF-16 aside). `any_nul=False`: a stray
    NUL counts as one control character, for a format the user named (it may be a page with one)."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS) or _looks_like_utf16(head):
        return False
    if any_nul and b"\0" in head:
        return True
    controls = sum(1 for byte in head[:4096] if byte < 9 or 13 < byte < 32)
    return controls > 0.05 * min(len(head), 4096)
