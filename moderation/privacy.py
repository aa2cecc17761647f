"""Masks e-mail addresses and IP addresses in anything a report or a flag's reasons show.

Comment text sometimes holds them ("mail me at ...", a pasted log line); a report is passed around,
so every format shows "[e-mail]" and "[ip]" instead, and a reason never names a piece of one.
"""

from __future__ import annotations

import ipaddress
import re

EMAIL_MASK = "[e-mail]"
IP_MASK = "[ip]"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
# IPv6 candidates: hex groups with colons; checked by ipaddress so "12:30:45" stays a time.
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")


def mask_private(text: str) -> str:
    """The text with e-mail addresses and IPv4/IPv6 addresses replaced by placeholders."""
    if not text or ("@" not in text and "." not in text and ":" not in text):
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if "." in text:
        text = _IPV4.sub(_ipv4, text)
    if ":" in text:
        text = _IPV6.sub(_ipv6, text)
    return text


def private_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, placeholder) of each e-mail and IP address in the text: what mask_private would hide."""
    spans = []
    if "@" in text:
        spans += [(m.start(), m.end(), EMAIL_MASK) for m in _EMAIL.finditer(text)]
    if "." in text:
        spans += [(m.start(), m.end(), IP_MASK) for m in _IPV4.finditer(text) if _ipv4(m) == IP_MASK]
    if ":" in text:
        spans += [(m.start(), m.end(), IP_MASK) for m in _IPV6.finditer(text) if _ipv6(m) == IP_MASK]
    return spans


def _ipv4(match: re.Match) -> str:
    return IP_MASK if all(int(part) <= 255 for part in match.group().split(".")) else match.group()


def _ipv6(match: re.Match) -> str:
    candidate = match.group()
    if "::" not in candidate and candidate.count(":") < 7:
        return candidate
    if not any(ch.isdigit() or ch.lower() in "abcdef" for ch in candidate):
        return candidate
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return candidate
    return IP_MASK


# Structural fields: tree paths such as "2.1.1.1" would otherwise read as IPv4 addresses.
UNMASKED_KEYS = frozenset({"path", "paths", "root_path", "id", "ids", "root_id", "position", "posted_at", "comments"})


def mask_strings(value):
    """Every string inside a JSON-like value masked, except the structural fields above."""
    if isinstance(value, str):
        return mask_private(value)
    if isinstance(value, dict):
        return {key: item if key in UNMASKED_KEYS else mask_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_strings(item) for item in value]
    return value
