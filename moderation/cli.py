"""The `moderate` command: a thin click layer over the library.

Every failure the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import io
import os
import signal
import sys
import warnings

import click

from moderation import __version__
from moderation.empty_values import with_empty_values_refused
from moderation.errors import InputWarning, ModerationError, NothingRead, error_line
from moderation.exit_status import EXIT_BAD_INPUT
from moderation.pipe_output import write_stdout_whole

EXIT_INTERRUPTED = 130  # the shell's own status for a command stopped by Ctrl-C (128 + SIGINT)


# A reader that stopped early (`moderate report ... | head -1`): the status the shell gives any program
# SIGPIPE ends (128 + SIGPIPE), so `set -o pipefail` scripts see it as they see `yes | head -1`; no line.
EXIT_PIPE_CLOSED = 141


class _Interrupted(BaseException):
    """Ctrl-C on its way past click, which would otherwise print a blank line and call it "Abort"."""


# Click 8.2+ answers `moderate` with no command by raising the help as a usage error (8.1 printed it).
_HelpAsked = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _PipeClosed(BaseException):
    """stdout's reader went away, on its way past click, which would exit 1 (its own rule for EPIPE)."""


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
        return with_empty_values_refused(getattr(importlib.import_module(module_name), attribute))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None
        except BrokenPipeError:
            raise _PipeClosed from None


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


_exit_prepared = False


def _prepare_exit() -> None:
    """What the interpreter's exit does after the command, registered once the command has run: after the
    modules it imported registered theirs (logging's shutdown among them), so these run first:
    - freeze the heap: its last garbage collections would walk every object the command still holds
      (the examples, the model) once more, about 0.25 CPU s at the end of a `score` of K8
      (docs/benchmarks.md); frozen, they are freed by reference counting alone, as most already are;
    - ignore Ctrl-C: the command's work is done and its output whole, so a Ctrl-C then would only
      interrupt the interpreter's own clean-up (logging's shutdown printed "Exception ignored ...
      KeyboardInterrupt" and the command still exited 0)."""
    global _exit_prepared
    if not _exit_prepared:
        atexit.register(gc.freeze)
        atexit.register(signal.signal, signal.SIGINT, signal.SIG_IGN)
        _exit_prepared = True


def usage_line(error: click.UsageError) -> str:
    """A usage mistake as one line, as every other refusal is: click's own shows the usage line and a
    hint above it (three lines for one wrong --format); the line says where the options are listed."""
    command = error.ctx.command_path if error.ctx is not None else "moderate"
    return f"{error.format_message()} (options: {command} --help)"


def _pipe_closed() -> None:
    """Leave quietly: stdout now writes to the null device, so the interpreter's last flush of what is
    still buffered cannot fail again ("Exception ignored ... BrokenPipeError", status 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor behind stdout (tests)
        pass
    sys.exit(EXIT_PIPE_CLOSED)


def _flush_output() -> None:
    """What the command left in stdout's buffer, written now, where a closed pipe is still ours to handle."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _pipe_closed()


def main() -> None:
    """Entry point: usage errors exit 2 (click's way); our own errors exit 2 with one line; a closed
    stdout pipe ends any command quietly with EXIT_PIPE_CLOSED."""
    write_stdout_whole()  # a reader that went away is then seen, not written past (pipe_output.py)
    warnings.showwarning = _show_warning
    try:
        cli.main(standalone_mode=False)
        _flush_output()
    except click.exceptions.Abort:  # click's name for Ctrl-C (or end of input at a prompt)
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except _HelpAsked as error:  # `moderate` alone: the help itself, not "moderate: Usage: ..."
        click.echo(error.format_message(), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.UsageError as error:
        error_line(usage_line(error))
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_BAD_INPUT)
    except NothingRead:  # each input's failure is already its own line
        sys.exit(EXIT_BAD_INPUT)
    except ModerationError as error:
        error_line(str(error))
        sys.exit(EXIT_BAD_INPUT)
    except (BrokenPipeError, _PipeClosed):
        _pipe_closed()
    except (KeyboardInterrupt, _Interrupted):
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        _flush_output()
        raise
    except Exception as error:  # noqa: BLE001 - the promise is one line, never a traceback
        error_line(f"internal error: {type(error).__name__}: {error}")
        sys.exit(EXIT_BAD_INPUT)
    finally:
        _prepare_exit()
