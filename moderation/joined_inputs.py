"""The one path every command reads its inputs through: each file once, each read by the command's
reader, a saved page and its comment frame joined into one thread.

`parse`, `report` and `aliases` (dump_input.iter_threads), `score`, `train` and `evaluate`
(datasets.load_many) and `review` (review.items.load_items) differ only in what they make of one input
(a dump's threads; a labelled dataset's rows, which `parse` refuses) and in how a failure is told. The
rest is here, once, so the same inputs give the same threads in every command: a page whose comments a
Disqus, Facebook or Discourse frame holds is not "incomplete" in `score` when `parse` reads it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TypeVar

from moderation.parsing import Source, check_paths_hold_dumps, expand_paths
from moderation.parsing.saved_frames import ReadFile, join_saved_frames
from moderation.thread import Thread

Item = TypeVar("Item")


def read_joined(
    paths: Iterable[str | Path], read_source: Callable[[Source], Iterable[Thread | Item]], read_file: ReadFile
) -> Iterator[Thread | Item]:
    """What `read_source` makes of each input, in input order, a saved page and its frame as one thread.

    `read_source` gives a dump's threads, or anything else (a dataset's rows), which passes in place;
    `read_file` reads a frame file a page's own save folder holds when the run did not name it. A folder
    with nothing to read (or "-" named twice) is refused here, at once, before any output.
    """
    paths = list(paths)
    check_paths_hold_dumps(paths)
    return join_saved_frames(chain.from_iterable(map(read_source, expand_paths(paths))), read_file=read_file)
