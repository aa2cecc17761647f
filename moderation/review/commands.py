"""`moderate review`: a thin click layer over moderation.review (queue, labels file, screen)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from moderation.empty_values import label_list
from moderation.errors import ModerationError
from moderation.plurals import counted


@click.command("review", short_help="Judge the comments the model is least sure of (or queue a CSV).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False),
    help="A model file from `moderate train` (checked against its manifest first). Default: the built-in model.",
)
@click.option("--labels", metavar="A,B", help="Labels to judge (default: every label of the model).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Labels file (JSONL, appended) or, with --queue, the queue CSV.",
)
@click.option(
    "--queue",
    "queue_size",
    type=click.IntRange(1),
    metavar="N",
    help="Write the first N of the queue as CSV for a spreadsheet instead of reviewing.",
)
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(1), help="Comments in one interactive session."
)
@click.option(
    "--order",
    "strategy",
    type=click.Choice(["uncertain", "random"]),
    default="uncertain",
    show_default=True,
    help="uncertain: least sure (no near repeats, a tenth at random); random.",
)
@click.option(
    "--history/--no-history", default=True, show_default=True, help="Seed the queue with comments the site removed."
)
def review_command(paths, model_path, labels, output, queue_size, limit, strategy, history) -> None:
    """Judge the comments the model is least sure of, one at a time, or write them as a queue CSV.

    PATH is any dump `moderate parse` reads or a dataset `moderate score` reads. Interactive review
    appends one JSON line per judgement to OUTPUT and resumes where it stopped: comments OUTPUT already
    judges are not shown again. Keys: y yes, n no (for the label asked), tab leave it unjudged, s skip,
    u undo, q quit. With --queue N, OUTPUT is a CSV to fill in a spreadsheet (1, 0 or blank) and train
    on as it is. A thread the dump holds only in part is named on stderr with why, and the exit status
    is then 3.

    \b
    Example:
        moderate review export.xml -o labels.jsonl
        moderate review export.xml --queue 100 -o queue.csv
        moderate train queue.csv --base default -o site.npz
    """
    from moderation.classify.commands import load_model_for_command
    from moderation.exit_status import IncompleteWatch
    from moderation.output import check_output_path
    from moderation.review.items import load_items
    from moderation.review.labels_file import seen_keys
    from moderation.review.queue import build_queue, model_version, write_queue_file

    chosen_labels = label_list(labels, "--labels")  # None: every label of the model
    output_path = Path(output)
    interactive = queue_size is None
    if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ModerationError("the review screen needs a terminal; use --queue N -o queue.csv for a spreadsheet")
    check_output_path(output_path, paths)  # before reading: a queue written over the dump would destroy it
    judged = seen_keys(output_path) if interactive else set()
    incomplete = IncompleteWatch()
    items = load_items(paths, on_thread=incomplete.note)  # before the model: bad data fails at once
    model = load_model_for_command(model_path)
    chosen = chosen_labels or model.labels
    entries = build_queue(items, model, queue_size or limit, chosen, judged, strategy, history)
    if not interactive:
        write_queue_file(entries, chosen, output_path)
        wrote = counted(len(entries), "comment")
        click.echo(f"wrote {wrote} to {output_path}: fill {', '.join(chosen)} with 1, 0 or blank")
        if model_path is None:  # --base adjusts the built-in model only
            click.echo(f"then: moderate train {output_path} --base default -o site.npz")
        _end(incomplete)
        return
    if not entries:
        click.echo(f"nothing left to review: every comment is judged in {output_path}")
        _end(incomplete)
        return
    from moderation.review.screen import ReviewApp
    from moderation.review.session import ReviewSession

    session = ReviewSession(entries, chosen, output_path, model_version(model))
    ReviewApp(session).run()
    click.echo(f"{session.summary()}, appended to {output_path}")
    _end(incomplete)


def _end(incomplete) -> None:
    """Each thread read only in part named on stderr, and exit status 3, as `score` does: a queue drawn
    from part of a dump must not pass for one drawn from all of it."""
    from moderation.errors import error_line
    from moderation.exit_status import exit_status

    for notice in incomplete.notices():
        error_line(notice)
    status = exit_status(incomplete_threads=len(incomplete.found))
    if status:
        sys.exit(status)
