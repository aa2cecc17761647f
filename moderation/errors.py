"""Errors of our own, which the CLI turns into one line on stderr and an exit code."""


class ModerationError(Exception):
    """Base class: anything the toolkit refuses on purpose."""


class ParseError(ModerationError):
    """A dump could not be read as any comment format (or as the one forced)."""


class ModelError(ModerationError):
    """A model file is missing, corrupt or cannot be used."""


class InputWarning(UserWarning):
    """Something about an input the user should know but that does not stop the run (a link not
    followed, bytes replaced); the CLI prints each as one line on stderr."""


def error_line(message: str) -> None:
    """One line on stderr, prefixed "moderate: " as every message of the command is (refusals,
    warnings, files that could not be read, threads read only in part)."""
    import click  # only the commands print; the library raises

    click.echo(f"moderate: {message}", err=True)
