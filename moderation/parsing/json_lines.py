"""Reading JSON-lines dumps (Reddit/Pushshift NDJSON, ConvoKit utterances) line by line.

Shared by the line-based parsers: streaming, numbering the lines that are not JSON objects so none
is lost silently, and sampling the head for sniffing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone

import orjson

from moderation.parsing.source import HEAD_SIZE, decode_text
from moderation.plurals import counted, noun_for

_BOMS_NEEDING_TEXT = (b"\xff\xfe", b"\xfe\xff")  # UTF-16/32: lines cannot be split on b"\n"
_MAX_LINES_NAMED = 20


def iter_json_lines(source, bad_lines: list[int]) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each JSON-object line; numbers of the lines that are not go to `bad_lines`."""
    decode = json.JSONDecoder().decode
    for number, line in numbered_lines(source):
        read = read_json_line(line, number, bad_lines, decode)
        if read is not None:
            yield number, read[0]


def read_json_line(
    line: bytes | str, number: int, bad_lines: list[int], decode
) -> tuple[dict, bytes | str | None] | None:
    """(object, the line) for a JSON-object line, else None (its number added to `bad_lines` unless it
    is blank). The line is given back as None when only the standard library could read it, so that
    `orjson.loads(line)` gives the object again whenever it is not None.

    orjson reads the well-formed UTF-8 lines (three times faster than json on this hot path); a line
    it refuses (not UTF-8, numbers beyond 64 bits, NaN, nesting past its limit) gets a second chance
    through `decode` (json's) after the same decoding every other input gets, so nothing valid is lost.
    """
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        if not line.strip():
            return None
        try:
            record = decode(decode_text(line) if type(line) is bytes else line)
        except (ValueError, RecursionError):
            bad_lines.append(number)
            return None
        line = None
    if type(record) is dict:
        return record, line
    bad_lines.append(number)
    return None


def numbered_lines(source) -> Iterator[tuple[int, bytes | str]]:
    """(number from 1, line) of the input: bytes, or text for UTF-16/32 inputs."""
    head = source.head
    if head.startswith(_BOMS_NEEDING_TEXT) or (b"\0" in head[:2000]):
        # json values may hold a raw U+2028, so split on "\n" only, never splitlines().
        yield from enumerate(source.text().split("\n"), start=1)
        return
    with source.open() as stream:
        yield from enumerate(stream, start=1)


def head_records(source) -> list[dict]:
    """The JSON objects on the complete lines of the head sample (for sniffing line formats)."""
    text = source.head_text
    lines = text.split("\n")
    if len(source.head) >= HEAD_SIZE:
        lines = lines[:-1]  # the last one may be cut
    records = []
    for line in lines[:20]:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def bad_lines_warning(bad_lines: list[int], wanted: str, unit: str = "line") -> str | None:
    """One warning that counts and names the skipped lines (or array items), so no loss is silent."""
    if not bad_lines:
        return None
    named = ", ".join(map(str, bad_lines[:_MAX_LINES_NAMED]))
    more = f" and {len(bad_lines) - _MAX_LINES_NAMED} more" if len(bad_lines) > _MAX_LINES_NAMED else ""
    return (
        f"{counted(len(bad_lines), unit)} of the file {noun_for(len(bad_lines), 'is', 'are')} not {wanted} and "
        f"{noun_for(len(bad_lines), 'was', 'were')} skipped ({unit} {named}{more}); "
        f"{noun_for(len(bad_lines), 'it', 'they')} may belong to any thread of the file"
    )


def unix_time(value) -> datetime | None:
    """Unix seconds as int, float or numeric string -> aware UTC datetime; anything else -> None."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value, timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


_NANOSECONDS = re.compile(r"(\.\d{6})\d+")


def go_time(value) -> datetime | None:
    """A time Go's encoding/json wrote (RFC 3339, up to nine fraction digits; Python reads six), aware;
    None for anything else and for Go's zero time (year 1: no date was stored)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        posted = datetime.fromisoformat(_NANOSECONDS.sub(r"\1", value.strip()).replace("Z", "+00:00"))
    except ValueError:
        return None
    if posted.year <= 1:
        return None
    return posted if posted.tzinfo is not None else posted.replace(tzinfo=timezone.utc)
