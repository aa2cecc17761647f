"""CLI command of the identity linker (placeholder until it lands)."""

import click

from moderation.errors import ModerationError


@click.command("aliases")
def aliases_command() -> None:
    """Find names that belong to one person (not implemented yet)."""
    raise ModerationError("aliases is not implemented yet")
