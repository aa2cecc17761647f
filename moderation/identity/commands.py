"""`moderate aliases`: a thin click wrapper over `moderation.identity.find_aliases`."""

from __future__ import annotations

import json
import sys

import click

from moderation.dump_input import dump_input_options, iter_threads
from moderation.errors import error_line


@click.command("aliases", short_help="Find names that belong to one person, with the evidence.")
@dump_input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one block per group; json: the moderation.aliases/1 document.",
)
def aliases_command(paths, from_format, timezone_name, output_format) -> None:
    """Find names that belong to one person: name changes and several names at once.

    Every thread of every PATH (files, directories, - for stdin) is read as one run, so a name
    change between threads is found. Groups come with a confidence (high, likely, possible), a
    score and their evidence. E-mails and IPs are compared only as hashes and never shown.

    A thread the dump holds only in part is named in the output (JSON: "incomplete") and on stderr.
    Exit status: 2 when a file cannot be read (or a folder holds no dump), else 3 when any thread is
    incomplete, else 0.

    \b
    Example:
        moderate aliases sample_threads/
        moderate aliases --format json export.xml > aliases.json
    """
    from moderation.exit_status import IncompleteWatch, exit_status
    from moderation.identity.linker import find_aliases
    from moderation.identity.render import render_aliases

    failures: list[str] = []
    incomplete = IncompleteWatch()
    document = find_aliases(incomplete.watch(iter_threads(paths, from_format, timezone_name, failures)))
    document["incomplete"] = incomplete.found
    if output_format == "json":
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif failures and not incomplete.threads:
        pass  # each file's error is its one line on stderr: "no names found" would read as an all-clear
    else:
        for line in render_aliases(document):
            click.echo(line)
    for notice in incomplete.notices():
        error_line(notice)
    status = exit_status(failed_files=len(failures), incomplete_threads=len(incomplete.found))
    if status:
        sys.exit(status)
