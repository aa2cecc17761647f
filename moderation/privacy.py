"""Masks e-mail addresses and IP addresses in anything a report or a flag's reasons show.

Comment text sometimes holds them ("mail me at ...", a pasted log line); a report is passed around,
so every format shows "[e-mail]" and "[ip]" instead, and a reason never names a piece of one.
"""

from __future__ import annotations

import ipaddress
import re

EMAIL_MASK = "[e-mail]"
IP_MASK = "[ip]"

# Local parts and domains in any script ("name@пример.рф"), punycode top-level domains, and quoted
# local parts ('"jo doe"@example.org'): a mask that misses an address leaks it, one that over-reaches
# hides a few characters, so the patterns lean wide. Local parts start only where a word starts (the
# lookbehind), so a long word costs one scan, not one per character.
_EMAIL = re.compile(
    r'(?:"[^"\n@]{1,64}"|(?<![\w.+%!#$&\'*/=?^`{|}~-])[\w.+%!#$&\'*/=?^`{|}~-]+)'
    r"@[\w-]+(?:\.[\w-]+)*\.(?:xn--[\w-]+|[^\W\d_]{2,})",
    re.UNICODE,
)
# An address may follow a letter or an underscore ("ip_10.0.0.1", "host=10.0.0.1"); only a digit or a
# dot before it says it is part of a longer number ("999.10.1.1", "1.2.3.4.5").
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)")
# IPv6 candidates: runs of hex digits, colons and dots holding a colon, checked by ipaddress so
# "12:30:45" stays a time. A run may start with a label and a colon ("client:2001:db8::42"): the
# candidate is then tried from each colon on. Runs start only where one begins (the lookbehind), so
# a long hex word costs one scan, not one per character.
# The longest textual IPv6 address (eight groups ending in a dotted IPv4): longer candidates are skipped
# unparsed, so a long run of colons costs linear time.
_IPV6_LONGEST = len("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")
_IPV6_RUN = re.compile(r"(?<![0-9A-Fa-f:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")


def mask_private(text: str) -> str:
    """The text with e-mail addresses and IPv4/IPv6 addresses replaced by placeholders."""
    if not text or ("@" not in text and "." not in text and ":" not in text):
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if "." in text:
        text = _IPV4.sub(_ipv4, text)
    if ":" in text:
        text = _IPV6_RUN.sub(_ipv6, text)
    return text


def private_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, placeholder) of each e-mail and IP address in the text: what mask_private would hide."""
    spans = []
    if "@" in text:
        spans += [(m.start(), m.end(), EMAIL_MASK) for m in _EMAIL.finditer(text)]
    if "." in text:
        spans += [(m.start(), m.end(), IP_MASK) for m in _IPV4.finditer(text) if _ipv4(m) == IP_MASK]
    if ":" in text:
        for match in _IPV6_RUN.finditer(text):
            found = _ipv6_within(match.group())
            if found is not None:
                spans.append((match.start() + found[0], match.start() + found[1], IP_MASK))
    return spans


def _ipv4(match: re.Match) -> str:
    return IP_MASK if all(int(part) <= 255 for part in match.group().split(".")) else match.group()


def _ipv6(match: re.Match) -> str:
    run = match.group()
    found = _ipv6_within(run)
    if found is None:
        return run
    start, end = found
    return run[:start] + IP_MASK + run[end:]


def _ipv6_within(run: str) -> tuple[int, int] | None:
    """(start, end) of the IPv6 address in a run of hex digits, colons and dots, or None.

    Tried from the run's start, then from after each colon (a label such as "client:" or "db:" may
    come first); trailing dots and colons are sentence punctuation, not part of the address.
    """
    end = len(run.rstrip(".:"))
    starts = [0] + [i + 1 for i, ch in enumerate(run[:end]) if ch == ":" and run[i + 1 : i + 2] != ":"]
    for start in starts:
        candidate = run[start:end]
        if len(candidate) > _IPV6_LONGEST:
            continue
        if "::" not in candidate and candidate.count(":") < 7:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        return start, end
    return None


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
