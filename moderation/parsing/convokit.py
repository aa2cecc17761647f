"""Placeholder until the convokit parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "convokit".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the convokit parser is not implemented yet")
