"""Placeholder until the wxr parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "wxr".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the wxr parser is not implemented yet")
