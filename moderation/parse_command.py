"""The `moderate parse` command: rebuild and print the reply trees of comment dumps."""

from __future__ import annotations

import sys

import click

from moderation.assemble import collector_paused
from moderation.dump_input import dump_input_options, iter_threads
from moderation.errors import error_line
from moderation.exit_status import EXIT_BAD_INPUT, IncompleteWatch
from moderation.render_tree import write_threads_tree
from moderation.serialize import write_threads_json


@click.command("parse")
@dump_input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["tree", "json"]),
    default="tree",
    show_default=True,
    help="tree: an indented tree to read; json: the moderation.threads/1 document.",
)
def parse_command(paths, from_format, timezone_name, output_format) -> None:
    """Rebuild the reply trees of comment dumps.

    PATH is a file, a directory (read recursively) or - for standard input. Files that cannot be
    read are named on stderr and the others are still parsed; the exit status is then 2, as for a
    folder with no dump in it. A thread the dump holds only in part (the page declares more
    comments, a second comment page, unloaded replies) is marked INCOMPLETE with its reasons in
    both outputs ("incomplete"/"unread" in JSON) and named on stderr with its reasons; the exit status
    stays 0: parse shows what the dump holds.

    \b
    Example:
        moderate parse sample_threads/
        moderate parse --format json export.xml > threads.json
    """
    failures: list[str] = []
    incomplete = IncompleteWatch()  # named on stderr too: a script reading stdout still sees it
    threads = incomplete.watch(iter_threads(paths, from_format, timezone_name, failures))
    # A dump's comments live until it is written: collections would scan them again and again (a
    # third of the run). Cycles a source leaves are freed between sources (see _threads).
    with collector_paused():
        if output_format == "json":
            write_threads_json(threads, sys.stdout)
        else:
            write_threads_tree(threads, sys.stdout)
    sys.stdout.flush()  # the tree first, then what it lacks
    for notice in incomplete.notices():
        error_line(notice)
    if failures:
        sys.exit(EXIT_BAD_INPUT)
