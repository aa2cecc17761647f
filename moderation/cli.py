"""The `moderate` command: a thin click layer over the library.

Every failure the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import gc
import sys
import warnings

import click

from moderation import __version__
from moderation.assemble import collector_paused
from moderation.errors import InputWarning, ModerationError, ParseError
from moderation.exit_status import EXIT_BAD_INPUT, EXIT_FOUND  # noqa: F401 - commands import them from here
from moderation.parsing import ParseOptions, check_paths_hold_dumps, expand_paths, formats, iter_source_threads
from moderation.render_tree import write_threads_tree
from moderation.serialize import write_threads_json

EXIT_INTERRUPTED = 130  # the shell's own status for a command stopped by Ctrl-C (128 + SIGINT)


def _error(message: str) -> None:
    click.echo(f"moderate: {message}", err=True)


def _timezone(value: str | None):
    if value is None:
        return None
    from dateutil import tz

    zone = tz.gettz(value)
    if zone is None:
        raise click.BadParameter(f"unknown time zone {value!r}")
    return zone


def parse_options(function):
    """The options every command that reads dumps shares."""
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


def iter_threads(paths, from_format, timezone_name, failures: list):
    """Threads from every input; a file that fails is reported, counted, and skipped.

    A folder with nothing to read is refused here, at once, before the command writes any output.
    """
    check_paths_hold_dumps(paths)
    return _threads(paths, from_format, timezone_name, failures)


def _threads(paths, from_format, timezone_name, failures: list):
    zone = _timezone(timezone_name)
    options = ParseOptions(default_timezone=zone) if zone else ParseOptions()
    for source in expand_paths(paths):
        try:
            yield from iter_source_threads(source, from_format, options)
        except ParseError as error:
            tried = f" (read as {from_format})" if from_format else ""
            _error(f"{source.name}: {error}{tried}")
            failures.append(source.name)
        except RecursionError:
            _error(f"{source.name}: nested too deeply to read")
            failures.append(source.name)
        if not gc.isenabled():
            gc.collect(1)  # what this source left in reference cycles; older objects are not scanned again


class _Interrupted(BaseException):
    """Ctrl-C on its way past click, which would otherwise print a blank line and call it "Abort"."""


class _Commands(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="moderate")
def cli() -> None:
    """Rebuild, classify and report comment threads for moderators."""


@cli.command("parse")
@parse_options
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
    both outputs ("incomplete"/"unread" in JSON); the exit status stays 0: parse shows what the
    dump holds.

    \b
    Example:
        moderate parse sample_threads/
        moderate parse --format json export.xml > threads.json
    """
    failures: list[str] = []
    threads = iter_threads(paths, from_format, timezone_name, failures)
    # A dump's comments live until it is written: collections would scan them again and again (a
    # third of the run). Cycles a source leaves are freed between sources (see _threads).
    with collector_paused():
        if output_format == "json":
            write_threads_json(threads, sys.stdout)
        else:
            write_threads_tree(threads, sys.stdout)
    if failures:
        sys.exit(EXIT_BAD_INPUT)


from moderation.classify.commands import evaluate_command, score_command, train_command  # noqa: E402

cli.add_command(train_command)
cli.add_command(evaluate_command)
cli.add_command(score_command)

from moderation.identity.commands import aliases_command  # noqa: E402

cli.add_command(aliases_command)

from moderation.report.commands import report_command  # noqa: E402

cli.add_command(report_command)

from moderation.review.commands import review_command  # noqa: E402

cli.add_command(review_command)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Our InputWarnings as one line on stderr; other warnings as Python shows them."""
    if issubclass(category, InputWarning):
        _error(f"warning: {message}")
    else:
        _python_show_warning(message, category, filename, lineno, file, line)


_python_show_warning = warnings.showwarning


def main() -> None:
    """Entry point: usage errors exit 2 (click's way); our own errors exit 2 with one line."""
    warnings.showwarning = _show_warning
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:  # click's name for Ctrl-C (or end of input at a prompt)
        _error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_BAD_INPUT)
    except ModerationError as error:
        _error(str(error))
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except (KeyboardInterrupt, _Interrupted):
        _error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the promise is one line, never a traceback
        _error(f"internal error: {type(error).__name__}: {error}")
        sys.exit(EXIT_BAD_INPUT)
