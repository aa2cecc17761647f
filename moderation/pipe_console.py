"""A rich Console that leaves a closed pipe to the command line's one rule.

rich's own Console, writing into a pipe whose reader has gone (`moderate report | head -1`), points
stdout at the null device and exits 1: a status a script cannot tell from `--fail-on`'s. This one
raises BrokenPipeError instead, which `moderate` turns into its quiet exit (cli.EXIT_PIPE_CLOSED).
"""

from __future__ import annotations

from rich.console import Console


class PipeConsole(Console):
    def on_broken_pipe(self) -> None:
        self.quiet = True  # as rich does: nothing more is written through this console
        raise BrokenPipeError
