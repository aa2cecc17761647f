"""The `moderate` command: a thin click layer over the library.

Every failure the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys
import warnings

import click

from moderation import __version__
from moderation.errors import InputWarning, ModerationError, error_line
from moderation.exit_status import EXIT_BAD_INPUT

EXIT_INTERRUPTED = 130  # the shell's own status for a command stopped by Ctrl-C (128 + SIGINT)


class _Interrupted(BaseException):
    """Ctrl-C on its way past click, which would otherwise print a blank line and call it "Abort"."""


# Each command's module, imported only when that command runs (or --help lists it): `moderate score`
# need not load the parsers, the report's and the review screen's modules before it starts.
COMMANDS = {
    "parse": "moderation.parse_command:parse_command",
    "train": "moderation.classify.commands:train_command",
    "evaluate": "moderation.classify.commands:evaluate_command",
    "score": "moderation.classify.commands:score_command",
    "aliases": "moderation.identity.commands:aliases_command",
    "report": "moderation.report.commands:report_command",
    "review": "moderation.review.commands:review_command",
}


class _Commands(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, cmd_name):
        if cmd_name not in COMMANDS:
            return None
        module_name, _, attribute = COMMANDS[cmd_name].partition(":")
        return getattr(importlib.import_module(module_name), attribute)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="moderate")
def cli() -> None:
    """Rebuild, classify and report comment threads for moderators."""


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Our InputWarnings as one line on stderr; other warnings as Python shows them."""
    if issubclass(category, InputWarning):
        error_line(f"warning: {message}")
    else:
        _python_show_warning(message, category, filename, lineno, file, line)


_python_show_warning = warnings.showwarning


_final_collections_skipped = False


def _skip_final_collections() -> None:
    """Freeze the heap at exit: the interpreter's last garbage collections would walk every object the
    command still holds (the examples, the model) once more, about 0.25 CPU s at the end of a `score`
    of K8 (docs/benchmarks.md); frozen, they are freed by reference counting alone, as most already are."""
    global _final_collections_skipped
    if not _final_collections_skipped:
        atexit.register(gc.freeze)
        _final_collections_skipped = True


def usage_line(error: click.UsageError) -> str:
    """A usage mistake as one line, as every other refusal is: click's own shows the usage line and a
    hint above it (three lines for one wrong --format); the line says where the options are listed."""
    command = error.ctx.command_path if error.ctx is not None else "moderate"
    return f"{error.format_message()} (options: {command} --help)"


def main() -> None:
    """Entry point: usage errors exit 2 (click's way); our own errors exit 2 with one line."""
    _skip_final_collections()
    warnings.showwarning = _show_warning
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:  # click's name for Ctrl-C (or end of input at a prompt)
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.UsageError as error:
        error_line(usage_line(error))
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_BAD_INPUT)
    except ModerationError as error:
        error_line(str(error))
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except (KeyboardInterrupt, _Interrupted):
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the promise is one line, never a traceback
        error_line(f"internal error: {type(error).__name__}: {error}")
        sys.exit(EXIT_BAD_INPUT)
