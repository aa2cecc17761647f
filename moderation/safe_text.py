"""Untrusted text made safe for a terminal, a spreadsheet or a Markdown file (issue #18).

Comment text, names and titles come from strangers. Printed as they are, an escape sequence in one
can retitle the window, clear the screen, plant an OSC 8 link or write the clipboard (OSC 52); a bare
CR can hide a line. Every human-readable output passes such strings through `printable`, the one
helper that removes them: whole escape sequences first (so no "]0;title" debris is left), then any
other C0 control but newline and tab, DEL, and the C1 controls. Unicode's bidirectional embeddings,
overrides and isolates go too: one in a name turns the rest of a line around ("Trojan Source",
CVE-2021-42574), so a report line or a spreadsheet row reads other than it is; and so do the invisible
zero-width space, word joiner and stray byte-order mark, which split a word without showing. The zero-width
joiner and non-joiner stay: emoji sequences and Persian or Indic words need them.
"""

from __future__ import annotations

import re

# ESC-started sequences (ECMA-48): OSC / DCS / SOS / PM / APC strings with their terminator (BEL or
# ST), CSI with its parameters, and two-character escapes. An unterminated string loses only its
# introducer: its text stays visible rather than vanishing with the rest of the comment.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS, SOS, PM, APC
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI ... final byte
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",  # ESC ( B, ESC 7, ESC c ...
)
# What is left after the sequences: C0 but tab and newline, DEL, C1; the bidi embeddings and overrides
# (U+202A-U+202E) and isolates (U+2066-U+2069); the zero-width space (U+200B), word joiner (U+2060) and
# byte-order mark (U+FEFF).
HIDING_CHARACTERS = "\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff"  # a regex class's inside
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{HIDING_CHARACTERS}]")
_LINE_BREAK = re.compile(r"\r\n?")


def printable(text) -> str:
    """The text without terminal escape sequences or control characters (newline and tab kept).

    A CR (alone or before LF) becomes a newline, so that a line hidden behind a carriage return is shown.
    """
    if text is None:
        return ""
    text = str(text)
    if not _needs_cleaning(text):
        return text
    text = _LINE_BREAK.sub("\n", text)
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _needs_cleaning(text: str) -> bool:
    return _CONTROL.search(text) is not None


def printable_strings(value):
    """Every string inside a JSON-like value made `printable` (a report, before a renderer reads it)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: printable_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable_strings(item) for item in value]
    return value
