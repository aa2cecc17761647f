"""The `moderate` command: a thin click layer over the library.

Every failure the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
import warnings

import click

from moderation import __version__
from moderation.assemble import collector_paused
from moderation.dump_input import dump_input_options, iter_threads
from moderation.errors import InputWarning, ModerationError
from moderation.exit_status import EXIT_BAD_INPUT
from moderation.render_tree import write_threads_tree
from moderation.serialize import write_threads_json

EXIT_INTERRUPTED = 130  # the shell's own status for a command stopped by Ctrl-C (128 + SIGINT)


def _error(message: str) -> None:
    click.echo(f"moderate: {message}", err=True)


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
