"""One JSON document read whole (Commento, ConvoKit, Substack, Reddit, our own threads JSON): the one place that
turns bad JSON, or nesting too deep for the decoder, into the reader's one-line ParseError. And the sniffers' one
look at the first record of an array in a head sample."""

from __future__ import annotations

import json

from moderation.errors import ParseError


def read_json(source):
    """The source's text decoded as one JSON document."""
    try:
        return json.loads(source.text())
    except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
        raise ParseError(f"invalid JSON: {error}") from None


_DECODER = json.JSONDecoder()


def first_array_object(text: str, start: int = 0) -> dict | None:
    """The first value of the JSON array whose "[" is at text[start], when it is an object; None when it is not,
    or when the head sample cuts it off or nests it too deep (a sniffer reads no further than the sample)."""
    at = len(text) - len(text[start + 1 :].lstrip())
    try:
        first, _ = _DECODER.raw_decode(text, at)
    except (ValueError, RecursionError):
        return None
    return first if isinstance(first, dict) else None
