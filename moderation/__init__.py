"""moderation: rebuild, classify and report the comment threads of news blogs."""

from moderation.errors import ModelError, ModerationError, ParseError
from moderation.lazy_names import imported_on_first_use
from moderation.thread import Comment, Mention, Thread

__version__ = "0.1.0"

# Importing the package (which every `moderate` command does) does not import the parsers: `score`
# reads its inputs in a forked child and never needs them in the process that scores.
__getattr__ = imported_on_first_use(
    "moderation", "moderation.parsing", ("ParseOptions", "parse_bytes", "parse_path", "parse_source")
)

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
