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
    Inputs are read the way every command reads them (joined_inputs: each file once, a saved page and
    its comment frame one thread); the first that cannot be read raises ModerationError.

    `on_thread` sees each thread a dump is read into (the command names those read only in part)."""
    from moderation.joined_inputs import read_joined
    from moderation.parsing import parse_path

    items: list[ReviewItem] = []
    for item in read_joined(paths, lambda source: _source_items(source, on_thread), parse_path):
        if isinstance(item, list):
            items.extend(item)
        else:
            if on_thread is not None:
                on_thread(item)
            items.extend(_thread_items(item))
    return items


def _source_items(source, on_thread=None) -> list:
    """A dump's threads (labelled thread JSON's too: the labels are not reviewed), or a dataset's items
    as one list, which passes the page-and-frame join in place."""
    from moderation.datasets.loading import detect_dataset_format, source_examples
    from moderation.errors import ModerationError, ParseError
    from moderation.parsing import parse_source

    try:
        if detect_dataset_format(source) in ("dump", "threads"):
            return parse_source(source)
    except ParseError as error:
        raise ModerationError(f"{source.name}: {error}") from None
    return [
        [
            ReviewItem(source.name, e.thread, e.comment, "", e.text, e.parent_text, status=e.status)
            for e in source_examples(source, on_thread=on_thread)
        ]
    ]


def _thread_items(thread) -> list[ReviewItem]:
    from moderation.datasets.moderation_history import removal_label

    items = []
    comments = thread.comments
    for position, comment in enumerate(comments):
        parent = thread.parent(comment)
        around = comments[max(0, position - CONTEXT_AROUND) : position + CONTEXT_AROUND + 1]
        items.append(
            ReviewItem(
                source=thread.source_path,
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
