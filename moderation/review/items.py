"""What a moderator reviews: every comment of dumps and datasets, with its id as `moderate score` gives it,
its parent and the comments around it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Comments shown before and after the one under review, in thread order: enough to see the exchange.
CONTEXT_AROUND = 2


@dataclass(frozen=True)
class ReviewItem:
    source: str
    thread: str | None
    comment: str  # the id `moderate score` gives it
    author: str
    text: str  # exactly as read
    parent_text: str | None = None
    parent_author: str | None = None
    status: str = "visible"
    history: int | None = None  # the site's own decision: 1 removed, 0 kept, None unknown
    context: tuple[tuple[str, str], ...] = ()  # (author, text) of comments around it, itself marked ">"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.thread or "", self.comment)


def load_items(paths: Iterable[str | Path], on_thread=None) -> list[ReviewItem]:
    """Every comment of every input, in input order: dumps with authors and context, datasets as rows.

    `on_thread` sees each thread a dump is read into (the command names those read only in part)."""
    from moderation.datasets.loading import detect_dataset_format, source_examples
    from moderation.errors import ModerationError, ParseError
    from moderation.parsing import check_paths_hold_dumps, expand_paths

    paths = list(paths)
    check_paths_hold_dumps(paths)
    items: list[ReviewItem] = []
    for source in expand_paths(paths):  # the one input path every command reads through
        try:
            dataset_format = detect_dataset_format(source)
        except ParseError as error:
            raise ModerationError(f"{source.name}: {error}") from None
        if dataset_format in ("dump", "threads"):
            items.extend(_thread_items(source, on_thread))
        else:
            items.extend(
                ReviewItem(source.name, e.thread, e.comment, "", e.text, e.parent_text, status=e.status)
                for e in source_examples(source, on_thread=on_thread)
            )
    return items


def _thread_items(source, on_thread=None) -> list[ReviewItem]:
    from moderation.datasets.loading import _parse_threads
    from moderation.datasets.moderation_history import removal_label
    from moderation.errors import ModerationError, ParseError

    try:
        threads = _parse_threads(source, on_thread)
    except ParseError as error:
        raise ModerationError(f"{source.name}: {error}") from None
    items = []
    for thread in threads:
        comments = thread.comments
        for position, comment in enumerate(comments):
            parent = thread.parent(comment)
            around = comments[max(0, position - CONTEXT_AROUND) : position + CONTEXT_AROUND + 1]
            items.append(
                ReviewItem(
                    source=source.name,
                    thread=thread.id,
                    comment=comment.id,
                    author=comment.author,
                    text=comment.text,
                    parent_text=parent.text if parent is not None else None,
                    parent_author=parent.author if parent is not None else None,
                    status=comment.status,
                    history=removal_label(comment),
                    context=tuple((("> " if c is comment else "") + c.author, c.text) for c in around),
                )
            )
    return items
