"""moderation: rebuild, classify and report the comment threads of news blogs."""

from moderation.errors import ModelError, ModerationError, ParseError
from moderation.thread import Comment, Mention, Thread

__version__ = "0.1.0"

# Importing the package (which every `moderate` command does) does not import the parsers: `score`
# reads its inputs in a forked child and never needs them in the process that scores. They are
# imported on first use of these names (PEP 562).
_PARSING = frozenset({"ParseOptions", "parse_bytes", "parse_path", "parse_source"})


def __getattr__(name: str):
    if name in _PARSING:
        from moderation import parsing

        return getattr(parsing, name)
    raise AttributeError(f"module 'moderation' has no attribute {name!r}")


__all__ = [
    "Comment",
    "Mention",
    "ModelError",
    "ModerationError",
    "ParseError",
    "ParseOptions",
    "Thread",
    "__version__",
    "parse_bytes",
    "parse_path",
    "parse_source",
]
