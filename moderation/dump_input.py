"""The one way every command reads dumps: its shared options and the thread stream.

`parse`, `report` and `aliases` declare PATH..., --from and --timezone through `dump_input_options`
and read through `iter_threads`, so a file that fails is named, counted and skipped the same way in
each, and no command module imports back from cli.py. Their inputs go the one way every command's do
(joined_inputs): each file once, a saved page and its comment frame as one thread.
"""

from __future__ import annotations

import gc
from itertools import chain

import click

from moderation.errors import NothingRead, ParseError, error_line
from moderation.joined_inputs import read_joined
from moderation.parsing import (
    ParseOptions,
    formats,
    iter_source_threads,
    parse_path,
)
from moderation.parsing.reddit_data_request import REFUSAL as DATA_REQUEST_REFUSAL
from moderation.parsing.reddit_data_request import is_data_request_comments


def dump_input_options(function):
    """PATH... (files, folders, - for stdin), --from FORMAT and --timezone ZONE."""
    function = click.option(
        "--timezone",
        "timezone_name",
        metavar="ZONE",
        help="Zone for times a dump shows without one (pages, WXR local dates). Default: UTC.",
    )(function)
    function = click.option(
        "--from",
        "from_format",
        type=click.Choice(list(formats())),
        help="Force the input format instead of detecting it.",
    )(function)
    # readable=False: a file the user may not read is named by the reader in one line and the others are
    # read, as for any file that fails; click would refuse the whole run first, as a usage error.
    return click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))(function)


def time_zone(value: str | None):
    """The zone a --timezone name means; an unknown name is a usage error."""
    if value is None:
        return None
    from dateutil import tz

    zone = tz.gettz(value)
    if zone is None:
        raise click.BadParameter(f"unknown time zone {value!r}", param_hint="--timezone")
    return zone


# Labelled datasets (detect_dataset_format's names) and what each is called in the refusal: the plain-text
# reader would take any of them for a page with no comments, and the run would pass on nothing read.
DATASETS = {
    "jsonl": "labelled JSONL",
    "kaggle": "the Kaggle insults CSV",
    "jigsaw": "the Jigsaw CSV",
    "queue": "a review queue",
    "csv": "a CSV table",
}


def refuse_dataset(source) -> None:
    """ParseError for a labelled dataset given where comment dumps are read (parse, report, aliases)."""
    from moderation.datasets.loading import detect_dataset_format

    if not source.head.strip():
        return  # the reader says "empty file"
    kind = detect_dataset_format(source)
    if kind == "csv" and is_data_request_comments(source.head_text):
        raise ParseError(DATA_REQUEST_REFUSAL)
    if kind in DATASETS:
        raise ParseError(
            f"{DATASETS[kind]}, not a comment dump: `moderate score`, `train` and `evaluate` read it "
            "(--from FORMAT reads it as a dump all the same)"
        )


def iter_threads(paths, from_format, timezone_name, failures: list):
    """Threads from every input; a file that fails is reported, counted, and skipped. A saved page and its
    comment frame are one thread, the frame read from the page's own save folder when not named (saved_frames).

    A folder with nothing to read is refused here, at once, before the command writes any output.
    """
    options = _parse_options(timezone_name)
    return read_joined(
        paths,
        lambda source: _source_threads(source, from_format, options, failures),
        read_file=lambda path: parse_path(path, None, options),
    )


def first_thread_read(threads, failures: list):
    """The threads, the first of them read already: NothingRead when every input failed (each is named
    on stderr as it fails), so a command that loads a model asks this first and never loads or builds
    one for nothing. Only the first thread is read ahead; the rest still stream."""
    threads = iter(threads)
    first = next(threads, None)
    if first is None:
        if failures:
            raise NothingRead
        return iter(())
    return chain([first], threads)


def _parse_options(timezone_name) -> ParseOptions:
    zone = time_zone(timezone_name)
    return ParseOptions(default_timezone=zone) if zone else ParseOptions()


def _source_threads(source, from_format, options: ParseOptions, failures: list):
    """One input's threads, streamed; a failure named on stderr and counted."""
    try:
        if from_format is None:
            refuse_dataset(source)
        yield from iter_source_threads(source, from_format, options)
    except ParseError as error:
        tried = f" (read as {from_format})" if from_format else ""
        error_line(f"{source.name}: {error}{tried}")
        failures.append(source.name)
    except RecursionError:
        error_line(f"{source.name}: nested too deeply to read")
        failures.append(source.name)
    if not gc.isenabled():
        gc.collect(1)  # what this source left in reference cycles; older objects are not scanned again
