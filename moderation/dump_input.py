"""The one way every command reads dumps: its shared options and the thread stream.

`parse`, `report` and `aliases` declare PATH..., --from and --timezone through `dump_input_options`
and read through `iter_threads`, so a file that fails is named, counted and skipped the same way in
each, and no command module imports back from cli.py.
"""

from __future__ import annotations

import gc

import click

from moderation.errors import ParseError, error_line
from moderation.parsing import ParseOptions, check_paths_hold_dumps, expand_paths, formats, iter_source_threads
from moderation.parsing.saved_frames import join_saved_frames


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
    return click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))(function)


def time_zone(value: str | None):
    """The zone a --timezone name means; an unknown name is a usage error."""
    if value is None:
        return None
    from dateutil import tz

    zone = tz.gettz(value)
    if zone is None:
        raise click.BadParameter(f"unknown time zone {value!r}", param_hint="--timezone")
    return zone


def iter_threads(paths, from_format, timezone_name, failures: list):
    """Threads from every input; a file that fails is reported, counted, and skipped. A saved page and its
    Disqus frame, both read, are one thread (saved_frames).

    A folder with nothing to read is refused here, at once, before the command writes any output.
    """
    check_paths_hold_dumps(paths)
    return join_saved_frames(_threads(paths, from_format, timezone_name, failures))


def _threads(paths, from_format, timezone_name, failures: list):
    zone = time_zone(timezone_name)
    options = ParseOptions(default_timezone=zone) if zone else ParseOptions()
    for source in expand_paths(paths):
        try:
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
