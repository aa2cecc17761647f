"""The CLI reference in docs/cli.md, generated from the commands' own --help so it never drifts."""

from __future__ import annotations

import click


def cli_reference(group: click.Group) -> str:
    """Markdown: every command's usage and --help text, in name order."""
    lines = [
        "# Command reference",
        "",
        "Generated from `--help` by `python -m moderation.cli_reference > docs/cli.md`; a test keeps it current.",
        "",
    ]
    # The commands' own context settings (-h beside --help), as `moderate ... --help` shows them.
    context = click.Context(group, info_name="moderate", **group.context_settings)
    lines += ["## moderate", "", "```text", group.get_help(context).rstrip(), "```", ""]
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        sub_context = click.Context(command, info_name=name, parent=context, **command.context_settings)
        lines += [f"## moderate {name}", "", "```text", command.get_help(sub_context).rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    from moderation.cli import cli

    print(cli_reference(cli), end="")
