"""Decode the backslash escapes of the Kaggle "Detecting Insults" Comment column.

Rows escape plain code points (``\\xa0``), UTF-8 bytes (``\\xe2\\x80\\x99`` for ’), or both in one row.
A run of escaped bytes is read as UTF-8 wherever it is valid UTF-8, and as code points elsewhere, so
no row ends up with replacement characters.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt'\"\\])")
_DOUBLE_ESCAPED = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|n)")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"', "\\": "\\"}


def decode_kaggle_comment(raw: str) -> str:
    """The real text of one Comment field (already CSV-unquoted), without its wrapping quotes.

    A few rows were escaped twice (``\\\\n`` for a newline); their escapes are decoded a second time.
    """
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    text = _decode_once(raw)
    if "\\\\" in raw and _DOUBLE_ESCAPED.search(text):
        text = _decode_once(text)
    return text


def _decode_once(raw: str) -> str:
    if "\\" not in raw:  # two rows in three escape nothing
        return raw
    if "\\x" not in raw:  # no byte escapes: each escape stands alone
        return _ESCAPE.sub(_escaped_character, raw)
    parts: list[str] = []
    pending: bytearray = bytearray()
    position = 0
    for match in _ESCAPE.finditer(raw):
        if match.start() != position:
            parts.append(_bytes_to_text(pending))
            pending.clear()
            parts.append(raw[position : match.start()])
        escape = match.group(1)
        if escape[0] == "x":
            pending.append(int(escape[1:], 16))
        else:
            parts.append(_bytes_to_text(pending))
            pending.clear()
            parts.append(_escaped_character(match))
        position = match.end()
    parts.append(_bytes_to_text(pending))
    parts.append(raw[position:])
    return "".join(parts)


def _escaped_character(match: re.Match) -> str:
    escape = match.group(1)
    return chr(int(escape[1:], 16)) if escape[0] in "uU" else _SIMPLE[escape]


def _bytes_to_text(data: bytearray) -> str:
    """UTF-8 sequences where they are valid, each other byte as the code point of the same value."""
    out: list[str] = []
    index = 0
    while index < len(data):
        lead = data[index]
        length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
        if length > 1:
            try:
                out.append(bytes(data[index : index + length]).decode("utf-8"))
                index += length
                continue
            except UnicodeDecodeError:
                pass
        out.append(chr(lead))
        index += 1
    return "".join(out)
