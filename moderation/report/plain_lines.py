"""rich's line layout for unstyled output, byte for byte, without rich's per-segment machinery.

A text report written to a file or a pipe carries no colours, so rich's work per line (segments,
styles, cell widths, padding measured through renderables) only decides where lines break and how
many spaces pad them: that decision, redone here for text whose every character is one cell wide,
costs a tenth of rich's. Anything else (tabs, wide or zero-width characters, line separators other
than "\\n") returns None and the caller lets rich lay it out. tests/test_plain_lines.py checks these
against rich itself.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

# rich's own word pattern (rich/_wrap.py), a word with the whitespace around it, in two groups: up to
# the word's last letter, then the spaces after it.
_WORD = re.compile(r"(\s*\S+)(\s*)")

_one_cell: set[str] = {chr(code) for code in range(0x20, 0x7F)}
_not_one_cell: set[str] = {"\t", "\u200d", "\ufe0f"}


def _all_one_cell(text: str) -> bool:
    """Every character (but the "\\n" that separates lines) takes one terminal cell and breaks no line."""
    if _one_cell.issuperset(text):
        return True
    for character in set(text) - _one_cell:
        if character == "\n":
            continue
        if character in _not_one_cell or not _lays_out_as_one_cell(character):
            _not_one_cell.add(character)
            return False
        _one_cell.add(character)
    return True


def _lays_out_as_one_cell(character: str) -> bool:
    # str.splitlines (rich's measurement) breaks at more characters than "\n" (rich's wrapping).
    return get_character_cell_size(character) == 1 and len(f"a{character}a".splitlines()) == 1


def text_lines(text: str, width: int) -> str | None:
    """What `Console(width=width).print(Text(text))` writes without colours, or None (use rich)."""
    if width < 1 or not _all_one_cell(text):
        return None
    return "".join(f"{line}\n" for part in text.split("\n") for line in _wrapped(part, width))


def padded_lines(text: str, indent: int, width: int) -> str | None:
    """What printing `Padding(Text(text), (0, 0, 0, indent), expand=False)` on a console `width` wide
    writes without colours, or None (use rich): the text wrapped to the room beside the indent, every
    line padded to the longest line's width (the whole room once the text wraps)."""
    if not _all_one_cell(text):
        return None
    longest = min(max((len(line) for line in text.splitlines()), default=0), width)
    room = min(longest + indent, width) - indent
    if longest < 1 or room < 1:
        return None
    margin = " " * indent
    return "".join(
        f"{margin}{line}{' ' * (room - len(line))}\n" for part in text.split("\n") for line in _wrapped(part, room)
    )


def _wrapped(line: str, width: int) -> list[str]:
    """rich's `Text.wrap` of one line (no "\\n") of one-cell characters: break before the word that
    does not fit, fold a word longer than the line, drop trailing spaces past the width, crop."""
    if len(line) <= width:
        return [line]  # every word fits
    breaks = _break_offsets(line, width)
    if not breaks:
        pieces = [line]
    else:
        bounds = [0, *breaks, len(line)]
        pieces = [line[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]
    lines = []
    for piece in pieces:
        if len(piece) > width:
            excess = len(piece) - width
            spaces = len(piece) - len(piece.rstrip())
            piece = piece[: len(piece) - min(spaces, excess)][:width]
        lines.append(piece)
    return lines


def _break_offsets(text: str, width: int) -> list[int]:
    """rich/_wrap.py's `divide_line` for text whose characters are one cell each."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        length = match.end(1) - start  # the word without the spaces after it
        if width - offset >= length:
            offset += end - start
        elif length > width:  # longer than a line: folded into lines `width` long
            folds = range(start + width, end, width)
            breaks += [start, *folds] if start else folds
            offset = (end - start) % width or width
        elif offset and start:
            breaks.append(start)
            offset = end - start
    return breaks
