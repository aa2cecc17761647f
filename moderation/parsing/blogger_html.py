"""Placeholder until the blogger_html parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "blogger_html".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the blogger_html parser is not implemented yet")
