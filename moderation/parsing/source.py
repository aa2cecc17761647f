"""One input to parse: a file or stdin, read lazily so exports can be streamed."""

from __future__ import annotations

import codecs
import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from moderation.errors import ParseError

HEAD_SIZE = 64 * 1024


@dataclass
class Source:
    """A named input. `name` is what messages and `source.path` show ("-" for stdin).

    `companions` are the other files of a multi-file corpus (ConvoKit's conversations.json beside its
    utterances.jsonl), by role: the main file is parsed, the companions add what it lacks (titles).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    companions: dict[str, Path] = field(default_factory=dict)
    _head: bytes | None = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(name=str(path), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "-") -> Source:
        return cls(name=name, data=data)

    def open(self) -> BinaryIO:
        """A fresh binary stream from the start: exports are read through this, never whole."""
        if self.data is not None:
            return io.BytesIO(self.data)
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as error:
            raise ParseError(f"cannot read: {error.strerror or error}") from None

    @property
    def head(self) -> bytes:
        """The first 64 KiB, for format detection."""
        if self._head is None:
            if self.data is not None:
                self._head = self.data[:HEAD_SIZE]
            else:
                with self.open() as stream:
                    self._head = stream.read(HEAD_SIZE)
        return self._head

    @property
    def head_text(self) -> str:
        return decode_text(self.head, partial=True)

    def text(self) -> str:
        """The whole input decoded (for page and JSON formats, which are read whole)."""
        if self._text is None:
            if self.data is not None:
                raw = self.data
            else:
                with self.open() as stream:
                    raw = stream.read()
            self._text = decode_text(raw)
        return self._text


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


def decode_text(raw: bytes, *, partial: bool = False) -> str:
    """Bytes to text: a BOM decides; else UTF-8; else UTF-16 without BOM; else cp1252.

    `partial` tolerates a multi-byte character cut at the end of a head sample.
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
            return raw[: error.start].decode("utf-8")
    # cp1252 leaves five bytes undefined; those keep their latin-1 meaning rather than fail.
    return raw.decode("latin-1").translate(_CP1252_FROM_LATIN1)


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


def is_binary(head: bytes) -> bool:
    """NUL bytes or control characters that no text dump carries (UTF-16 aside)."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS) or _looks_like_utf16(head):
        return False
    if b"\0" in head:
        return True
    controls = sum(1 for byte in head[:4096] if byte < 9 or 13 < byte < 32)
    return controls > 0.05 * min(len(head), 4096)
