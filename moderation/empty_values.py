"""An option or argument given an empty value (`--staff ""`, `--fail-on ""`, `-o ""`, a PATH of "")
is a usage mistake, not "nothing": an unset shell variable (`--staff "$EDITOR_NAME"`) would otherwise
be dropped without a word, and an empty PATH reads the current folder."""

from __future__ import annotations

import functools

import click
from click.core import ParameterSource

_EMPTY_VALUE = "an empty value: give one, or leave the option out"
_EMPTY_PATH = "an empty path: name a file or folder ('.' for this one)"
_NO_LABEL = "no label in it (e.g. insult,username_change)"


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


def label_list(value: str | None, option: str) -> list[str] | None:
    """The labels a comma-separated option names (`--fail-on`, `--labels`), None when it was not given.

    "," or " , " names no label: a usage mistake, like an empty value, not a silent "none" (report would
    fail on nothing, review would write a queue with no label to fill).
    """
    if value is None:
        return None
    labels = [label.strip() for label in value.split(",") if label.strip()]
    if not labels:
        raise click.BadParameter(_NO_LABEL, param_hint=f"'{option}'")
    return labels
