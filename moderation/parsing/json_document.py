"""One JSON document read whole (Commento, ConvoKit, Substack, Reddit, our own threads JSON): the one place that
turns bad JSON, or nesting too deep for the decoder, into the reader's one-line ParseError."""

from __future__ import annotations

import json

from moderation.errors import ParseError


def read_json(source):
    """The source's text decoded as one JSON document."""
    try:
        return json.loads(source.text())
    except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
        raise ParseError(f"invalid JSON: {error}") from None
