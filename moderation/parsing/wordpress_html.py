"""Placeholder until the wordpress_html parser lands; detects nothing."""

from moderation.errors import ParseError

FORMAT = "wordpress_html".replace("_", "-")
DESCRIPTION = "not yet implemented"


def sniff(source) -> int:
    return 0


def parse(source, options):
    raise ParseError("the wordpress_html parser is not implemented yet")
