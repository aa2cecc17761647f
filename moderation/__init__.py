"""moderation: rebuild, classify and report the comment threads of news blogs."""

from moderation.errors import ModelError, ModerationError, ParseError
from moderation.parsing import ParseOptions, parse_bytes, parse_path, parse_source
from moderation.thread import Comment, Mention, Thread

__version__ = "0.1.0"

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
