"""Placeholder until the disqus parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "disqus".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the disqus parser is not implemented yet")
