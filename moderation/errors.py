"""Errors of our own, which the CLI turns into one line on stderr and an exit code."""


class ModerationError(Exception):
    """Base class: anything the toolkit refuses on purpose."""


class ParseError(ModerationError):
    """A dump could not be read as any comment format (or as the one forced)."""


class ModelError(ModerationError):
    """A model file is missing, corrupt or cannot be used."""


class NothingRead(ModerationError):
    """Every input failed to read, each already named in its own line on stderr: the command stops
    there (exit status 2) with no further line, before any model is loaded or built."""


class InputWarning(UserWarning):
    """Something about an input the user should know but that does not stop the run (a link not
    followed, bytes replaced); the CLI prints each as one line on stderr."""


def error_line(message: str) -> None:
    """One line on stderr, prefixed "moderate: " as every message of the command is (refusals,
    warnings, files that could not be read, threads read only in part). E-mail and IP addresses are
    masked: a message may quote a cell, an id or a label of the input; what the user typed on the
    command line (a path, a --dask address) is shown as typed."""
    import click  # only the commands print; the library raises

    click.echo(f"moderate: {_masked(message)}", err=True)


def _masked(message: str) -> str:
    import sys

    from moderation.privacy import mask_private

    typed = sorted({a for a in sys.argv[1:] if len(a) > 2 and a in message}, key=len, reverse=True)
    kept: list[str] = []
    for argument in typed:  # each typed argument stands aside as a mark no address can match
        if argument in message:
            message = message.replace(argument, f"\x00{len(kept)}\x00")
            kept.append(argument)
    message = mask_private(message)
    for number, argument in enumerate(kept):
        message = message.replace(f"\x00{number}\x00", argument)
    return message
