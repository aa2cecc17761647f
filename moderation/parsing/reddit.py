"""Placeholder until the reddit parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "reddit".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the reddit parser is not implemented yet")
