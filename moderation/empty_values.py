"""An option or argument given an empty value (`--staff ""`, `--fail-on ""`, `-o ""`, a PATH of "")
is a usage mistake, not "nothing": an unset shell variable (`--staff "$EDITOR_NAME"`) would otherwise
be dropped without a word, and an empty PATH reads the current folder."""

from __future__ import annotations

import functools

import click
from click.core import ParameterSource

_EMPTY_VALUE = "an empty value: give one, or leave the option out"
_EMPTY_PATH = "an empty path: name a file or folder ('.' for this one)"


def refuse_empty_values(ctx: click.Context) -> None:
    """click.BadParameter for the first parameter typed on the command line with a blank value."""
    for param in ctx.command.params:
        if param.name is None or ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
            continue
        value = ctx.params.get(param.name)
        values = value if isinstance(value, tuple | list) else (value,)
        if any(isinstance(each, str) and not each.strip() for each in values):
            raise click.BadParameter(
                _EMPTY_PATH if isinstance(param, click.Argument) else _EMPTY_VALUE, ctx=ctx, param=param
            )


def with_empty_values_refused(command: click.Command) -> click.Command:
    """The command, its callback first refusing blank values (wrapped once, however often it is looked up)."""
    callback = command.callback
    if callback is None or getattr(callback, "_refuses_empty_values", False):
        return command

    @functools.wraps(callback)
    def checked(*args, **kwargs):
        refuse_empty_values(click.get_current_context())
        return callback(*args, **kwargs)

    checked._refuses_empty_values = True
    command.callback = checked
    return command
