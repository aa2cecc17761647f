"""Every command and option is documented: docs/cli.md is generated from --help and must be current,
and the README names every command."""

from __future__ import annotations

from pathlib import Path

import click

from moderation.cli import cli
from moderation.cli_reference import cli_reference

PROJECT = Path(__file__).resolve().parent.parent


def commands() -> dict[str, click.Command]:
    context = click.Context(cli, info_name="moderate")
    return {name: cli.get_command(context, name) for name in cli.list_commands(context)}


def test_cli_reference_is_current():
    reference = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert reference == cli_reference(cli), "regenerate: python -m moderation.cli_reference > docs/cli.md"


def test_every_command_and_option_has_help_text():
    for name, command in commands().items():
        assert command.help and "not implemented" not in command.help, f"moderate {name} has no help"
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.hidden:
                assert parameter.help, f"moderate {name} {parameter.opts[0]} has no help"


def test_readme_names_every_command_and_its_options():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name, command in commands().items():
        assert f"moderate {name}" in readme, f"README.md does not mention `moderate {name}`"
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.hidden:
                assert any(opt in readme for opt in parameter.opts), f"README.md lacks {name} {parameter.opts}"
